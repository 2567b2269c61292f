"""Rebuild the example data extracts that are not copied from the reference letter.

    python scripts/make_example_data.py [--shared ../shared/data]

1. examples/data/y60a02_2026-08-22.csv: REAL monthly kontanthjælp figures (Jobindsats.dk, as
   collected by a public municipal-employment dashboard, data file dated 2026-08-22), copied from
   shared/data/jobindsats/ with the column names mapped to Jobindsats' own labels.
2. examples/data/eksempeldata/: SYNTHETIC extracts for the schemes we have no published figures
   for, in the same layout. Every table there is declared `eksempeldata: true` in its kilder.yaml,
   so a letter built from them says "Kilde: Eksempeldata (ikke officielle tal)". The figures are
   drawn from a fixed seed around plausible levels; they are not statistics about anyone.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"
SYNTHETIC = DATA / "eksempeldata"

KONTANTHJAELP_SOURCE = "jobindsats/y60a02_kontanthjaelp_2021M08-2026M07.csv"
KONTANTHJAELP_COLUMNS = {
    "Fuldtidspersoner i pct. af arbejdsstyrken": "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år",
    "Fuldtidspersoner i pct. af befolkningen": "Fuldtidspersoner i pct. af befolkningen 16-66 år",
}

# Labour force 16-66 år, roughly, so that shares and full-time persons fit together.
LABOUR_FORCE = {
    "Hele landet": 3_050_000,
    "København": 404_000,
    "Aarhus": 197_000,
    "Odense": 106_000,
    "Aalborg": 117_000,
    "Esbjerg": 57_000,
    "Randers": 49_000,
}

# scheme table → (national share of the labour force in pct., yearly drift, persons per full-time person)
SCHEMES = {
    "y09a02": ("Ledighedsydelse (bestand)", 0.5, 0.03, 1.12),
    "y07a02": ("Sygedagpenge (bestand)", 2.0, 0.01, 1.25),
    "y01a02": ("A-dagpenge (bestand)", 2.3, -0.02, 1.30),
    "y11a02": ("Ressourceforløb (bestand)", 0.5, 0.04, 1.05),
    "y12a02": ("Jobafklaringsforløb (bestand)", 0.4, -0.03, 1.08),
    "ptv_a02": ("Offentligt forsørgede efter ydelsesgruppe", 5.8, -0.01, 1.02),
}
PTV_GROUPS = ("Førtidspension", "Seniorpension")  # ptv_a02 covers several benefit groups

CURRENT, PREVIOUS = "2025-06-30", "2024-08-12"
CURRENT_PERIOD, PREVIOUS_PERIOD = "2025QMAT01", "2024QMAT02"
YEARS = range(2015, 2025)
MEASURES = ("Antal personer", "Antal fuldtidspersoner", "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år")


def danish(value: float, decimals: int = 0) -> str:
    """A CSV cell as Jobindsats writes it: `.` thousands, `,` decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".")


def copy_real_kontanthjaelp(shared: Path) -> Path:
    frame = pd.read_csv(shared / KONTANTHJAELP_SOURCE, sep=";", dtype=str, keep_default_na=False)
    target = DATA / "y60a02_2026-08-22.csv"
    frame.rename(columns=KONTANTHJAELP_COLUMNS).to_csv(target, sep=";", index=False, lineterminator="\n")
    return target


def area_factors(rng: np.random.Generator) -> dict[str, float]:
    """How far each city's share lies from the national one (København lower, as for fleksjob)."""
    factors = {area: rng.uniform(0.8, 1.35) for area in LABOUR_FORCE}
    factors["Hele landet"] = 1.0
    factors["København"] = rng.uniform(0.55, 0.8)
    return factors


def stock_rows(period: str, share: float, factors: dict[str, float], persons_per_fte: float, rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for area, labour_force in LABOUR_FORCE.items():
        area_share = share * factors[area] * rng.uniform(0.97, 1.03)
        full_time = labour_force * area_share / 100
        rows.append(
            {
                "Område": area,
                "Periode": period,
                "Antal personer": danish(round(full_time * persons_per_fte * rng.uniform(0.98, 1.02))),
                "Antal fuldtidspersoner": danish(round(full_time)),
                "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år": danish(round(area_share, 1), 1),
            }
        )
    return pd.DataFrame(rows)


def year_rows(share: float, drift: float, factors: dict[str, float], persons_per_fte: float, rng: np.random.Generator) -> pd.DataFrame:
    """Ten calendar years ending in 2024, drifting towards the current level."""
    frames = []
    for offset, year in enumerate(reversed(YEARS), start=1):
        level = share * (1 - drift) ** offset * rng.uniform(0.97, 1.03)
        frames.append(stock_rows(f"{year}Y01", level, factors, persons_per_fte, rng))
    return pd.concat(frames[::-1], ignore_index=True)


def write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, sep=";", index=False, lineterminator="\n")


def synthetic_scheme(table: str, share: float, drift: float, persons_per_fte: float, rng: np.random.Generator) -> None:
    factors = area_factors(rng)
    groups = PTV_GROUPS if table == "ptv_a02" else (None,)
    current, previous = [], []
    for group in groups:
        group_share = share if group in (None, PTV_GROUPS[0]) else share / 8
        parts = [
            stock_rows(CURRENT_PERIOD, group_share, factors, persons_per_fte, rng),
            year_rows(group_share, drift, factors, persons_per_fte, rng),
        ]
        earlier = stock_rows(PREVIOUS_PERIOD, group_share * (1 - drift), factors, persons_per_fte, rng)
        if group is not None:
            parts = [part.assign(Ydelsesgruppe=group) for part in parts]
            earlier = earlier.assign(Ydelsesgruppe=group)
        current.extend(parts)
        previous.append(earlier)
    columns = ["Område", "Periode", *(["Ydelsesgruppe"] if table == "ptv_a02" else []), *MEASURES]
    write(pd.concat(current, ignore_index=True)[columns], SYNTHETIC / f"{table}_{CURRENT}.csv")
    write(pd.concat(previous, ignore_index=True)[columns], SYNTHETIC / f"{table}_{PREVIOUS}.csv")


def write_sources() -> None:
    lines = [
        "# SYNTETISKE eksempeldata, lavet af scripts/make_example_data.py med et fast frø.",
        "# De er ikke offentliggjorte tal; et brev bygget på dem angiver kilden som",
        '# "Eksempeldata (ikke officielle tal)".',
        "tabeller:",
    ]
    for table, (name, *_) in SCHEMES.items():
        lines += [f"  {table}:", f"    navn: {name}", "    kilde: Eksempeldata", "    eksempeldata: true"]
        if table == "ptv_a02":
            lines.append("    dimensioner: [Ydelsesgruppe]")
    (SYNTHETIC / "kilder.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    if (args.shared / KONTANTHJAELP_SOURCE).is_file():
        print(f"skrev {copy_real_kontanthjaelp(args.shared)}")
    else:
        print(f"sprang de rigtige kontanthjælpstal over: {args.shared / KONTANTHJAELP_SOURCE} findes ikke")
    SYNTHETIC.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20250630)
    for table, (_, share, drift, persons_per_fte) in SCHEMES.items():
        synthetic_scheme(table, share, drift, persons_per_fte, rng)
    write_sources()
    print(f"skrev syntetiske udtræk i {SYNTHETIC}")


if __name__ == "__main__":
    main()
