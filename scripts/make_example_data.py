"""Rebuild the example data extracts that are not copied from the reference letter.

    python scripts/make_example_data.py [--shared ../shared/data]   # "kompakt", committed in examples/
    python scripts/make_example_data.py --fuld --til DIR             # every row, for tests (~220 MB)

1. examples/data/y60a02_2026-08-22.csv: REAL monthly kontanthjælp figures (Jobindsats.dk, as
   collected by a public municipal-employment dashboard, data file dated 2026-08-22), copied from
   shared/data/jobindsats/ with the column names mapped to Jobindsats' own labels. Done only when
   writing the default (kompakt) output into examples/; `--til DIR` never touches examples/.
2. examples/data/eksempeldata/ (or DIR): SYNTHETIC extracts for the schemes we have no published
   figures for, in Jobindsats' layout. Every table there is declared `eksempeldata: true` in its
   kilder.yaml, so a letter built from them says "Kilde: Eksempeldata (ikke officielle tal)". The
   figures are drawn from fixed seeds around plausible levels; they are not statistics about anyone.

Synthetic tables and files
--------------------------
One table per entry of SCHEMES (y08a02, y09a02, y07a02, y60a02, y01a02, y11a02, y12a02, ptv_a02, and
issue 24's y38a02 uddannelseshjælp, y35a02 selvforsørgelses- og hjemrejseydelse samt overgangsydelse,
y04a02 revalidering, y25i01 ledighed with its own measure names),
each as `<table>_2025-06-30.csv` (current extract) and `<table>_2024-08-12.csv` (previous extract):
`;`-separated UTF-8, "\\n" line endings, Jobindsats number style (`.` thousands, `,` decimals, `..`
missing). Columns: `Område;Periode;` + dimension columns + `Antal personer;Antal fuldtidspersoner;
Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år`. Dimension columns: ptv_a02 has `Ydelsesgrupper`
(Førtidspension, Seniorpension) first; every table has `Køn` and `Alder`; y07a02, y60a02, y01a02,
y38a02 and y35a02 also `Herkomst` and `Varighed`. A "total row" has every dimension (other than Ydelsesgrupper) "I alt".
Dimension rows are the Køn x Alder crossing (Herkomst/Varighed "I alt") plus marginal rows (one
dimension set, the others "I alt"); Herkomst and Varighed appear only as marginals.
Areas: Hele landet, the 5 regions, the 98 municipalities (names and regions from
generator/domain/omraader.yaml, sizes from scripts/kommuner_befolkning.csv).
Periods (current extract): months 2019M01-2025M03, rolling years 2019QMAT01-2025QMAT01 (QMATn = the
four quarters ending in quarter n; QMAT04 is the calendar year and carries exactly the figures of
the same year's Y01) and the years 2015Y01-2024Y01; issue 24's longer history adds the years 2007Y01-2014Y01
(from the year each scheme began: HISTORY, FIRST_HISTORY_YEAR), total rows of the areas that have years, drawn
after everything else so that no figure from 2015 on changed. Previous extract: 2024QMAT02 only.
A flow: y10f02, awards of førtidspension per quarter 2015Q01-2025Q01 (`Område;Periode;Hoveddiagnose;Antal
tilkendelser`), every area's total row, diagnoses for the large areas in the newest four quarters (see
award_figures); current extract only.
A population: folk1e, inhabitants aged 16-66 per quarter 2015Q01-2025Q01 in FOLK1E's form as `data hent dst:FOLK1E`
writes it (`Område;Periode;Køn;Alder;Herkomst;Indbyggere 16-66 år`, one group a row), drawn from each municipality's
labour force (population_figures); kompakt keeps Hele landet, the regions and the six cities in the last five quarters.

Modes
-----
* kompakt (default; what is committed, ~4 MB, see the size note below): every area and every QMAT
  period as total rows; the years only for Hele landet and the six cities (København, Aarhus, Odense,
  Aalborg, Esbjerg, Randers), as total rows; months only for Hele landet, the 5 regions and the six
  cities, as total rows; the dimension rows (Køn x Alder crossing and all marginals) only for the
  newest period 2025QMAT01 for all areas and 2024QMAT04 for the large areas (see Size). The previous extract
  holds the total rows of all areas.
* fuld (`--fuld --til DIR`): every area x period x dimension row above, both extracts, written to DIR
  with its kilder.yaml. Kompakt is an exact subset of fuld: both are cut from the same figures.
Size: with issue 24's three tables, kompakt keeps the 2024QMAT04 dimension rows only for Hele landet,
the regions and the six cities (CROSSING_AREAS_2024 = "large"): ~4.3 MB (~77,000 rows), the rest of
examples/ ~0.1 MB, within the 5 MB budget for examples/ (SIZE_BUDGET 4.9 MB; the script warns past it).
"all" keeps them for every area (~5.8 MB with eleven tables).

Anchors (today's figures are kept exactly)
------------------------------------------
The figures of the earlier, smaller version of these files (Hele landet and the six cities; 2025QMAT01
and 2015Y01-2024Y01 in the current extract, 2024QMAT02 in the previous; both Ydelsesgrupper values of
ptv_a02) are drawn by the unchanged old code path (`anchor_figures`: same seed ANCHOR_SEED, same draw
order over the six old tables) and reappear exactly as the total rows, shares included. Everything
new is drawn from separate generators seeded with SYNTHETIC_SEED (one per table/Ydelsesgrupper), so
the anchors do not depend on it. The new tables y08a02 and y60a02 have no anchors.

Consistency rules (exact, in integers, for persons and full-time persons)
------------------------------------------------------------------------
* Every region = the sum of its municipalities; Hele landet = the sum of the regions (= the sum of
  all 98 municipalities) - in every period and in every dimension row. With anchors, the six cities
  keep their anchor figures and the other 92 municipalities share "Hele landet minus the six cities"
  (largest-remainder rounding), so Hele landet is still the anchor.
* In every area and period the bands of a dimension sum to its "I alt" row (Kvinder + Mænd, the six
  age bands, for each value of the other crossed dimension; Herkomst and Varighed bands to the total).
* The share column is filled on total rows only (`..` on dimension rows): full-time persons / labour
  force x 100, one decimal. Labour force: the six cities keep the figures the anchors were drawn with
  (LABOUR_FORCE); the other municipalities get their population scaled so that Hele landet is
  3,050,000 (about 0.5 x population); regions are sums. Anchor rows keep their old share values.

Model
-----
A monthly latent level per municipality from 2015M01 to 2025M03; every rolling year and year is the
mean of its months (so 2019QMAT04 … 2024QMAT04 equal the years' Y01). Anchored series (the six
cities and "the rest of the country") follow a smooth path through their anchors with seasonal
swings and small autocorrelated noise, corrected (smallest smooth correction) so that the
calendar-year and 2025QMAT01 means hit the anchors exactly; the rest is split over the 92 other
municipalities by labour force x a municipal "social" factor x slow drift x noise. The monthly
figures come from a smoother variant of the same path that follows the anchors only approximately
(12-month means within ~1 % of the rolling years as a rule, up to ~5 % around the anchors of
2023-2025), because anchors drawn independently of each other would otherwise force implausible
swings on single months. Unanchored tables (y08a02, y60a02) follow the scheme's yearly drift to
today's level. The previous extract's 2024QMAT02 is the current one's with a small revision (about
±1 %), the anchors excepted. Dimension bands come from a profile per scheme (gender, age, origin,
duration) varied per municipality and slightly per period, rounded by largest remainder; full-time
persons are split in proportion to the persons. Everything is vectorised; `--fuld` takes ~2-3 s.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"
SYNTHETIC = DATA / "eksempeldata"
POPULATION = ROOT / "scripts" / "kommuner_befolkning.csv"
AREAS_FILE = ROOT / "generator" / "domain" / "omraader.yaml"

KONTANTHJAELP_SOURCE = "jobindsats/y60a02_kontanthjaelp_2021M08-2026M07.csv"
KONTANTHJAELP_COLUMNS = {
    "Fuldtidspersoner i pct. af arbejdsstyrken": "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år",
    "Fuldtidspersoner i pct. af befolkningen": "Fuldtidspersoner i pct. af befolkningen 16-66 år",
}

ANCHOR_SEED = 20250630  # the old code path: do not change, or today's figures change
SYNTHETIC_SEED = 2025063002  # everything new

# Labour force 16-66 år, roughly, so that shares and full-time persons fit together. These are the
# anchor areas, in the order the anchors were drawn.
LABOUR_FORCE = {
    "Hele landet": 3_050_000,
    "København": 404_000,
    "Aarhus": 197_000,
    "Odense": 106_000,
    "Aalborg": 117_000,
    "Esbjerg": 57_000,
    "Randers": 49_000,
}
NATIONAL = "Hele landet"
CITIES = tuple(area for area in LABOUR_FORCE if area != NATIONAL)

# scheme table → (name, national share of the labour force in pct., yearly drift, persons per full-time person)
SCHEMES = {
    "y08a02": ("Fleksjob (bestand)", 3.1, 0.025, 1.05),
    "y09a02": ("Ledighedsydelse (bestand)", 0.5, 0.03, 1.12),
    "y07a02": ("Sygedagpenge (bestand)", 2.0, 0.01, 1.25),
    "y60a02": ("Kontanthjælp (bestand)", 2.9, -0.05, 1.03),
    "y01a02": ("A-dagpenge (bestand)", 2.3, -0.02, 1.30),
    "y11a02": ("Ressourceforløb (bestand)", 0.5, 0.04, 1.05),
    "y12a02": ("Jobafklaringsforløb (bestand)", 0.4, -0.03, 1.08),
    "ptv_a02": ("Offentligt forsørgede efter ydelsesgruppe", 5.8, -0.01, 1.02),
    # Issue 24's schemes (table ids: ../shared/data/tables.md; appended, so the tables above keep their seeds)
    "y38a02": ("Uddannelseshjælp (bestand)", 1.0, -0.04, 1.09),
    "y35a02": ("Selvforsørgelses- og hjemrejseydelse samt overgangsydelse (bestand)", 0.3, -0.06, 1.09),
    "y04a02": ("Revalidering (bestand)", 0.1, -0.03, 1.07),
    "y25i01": ("Ledighed, faktiske antal ledige og fuldtidsledige", 2.9, -0.02, 1.30),
}
# The tables of the old version, in the order their anchors were drawn.
ANCHORED_TABLES = ("y09a02", "y07a02", "y01a02", "y11a02", "y12a02", "ptv_a02")
PTV_GROUPS = ("Førtidspension", "Seniorpension")  # ptv_a02 covers several benefit groups
# A benefit group written only for periods that begin on or after the month it began (seniorpension: 1 January 2020).
GROUP_BEGINS = {"Seniorpension": (2020, 1)}

CURRENT, PREVIOUS = "2025-06-30", "2024-08-12"
CURRENT_PERIOD, PREVIOUS_PERIOD = "2025QMAT01", "2024QMAT02"
YEARS = range(2015, 2025)
# Issue 24, longer history: calendar years before 2015, back to the year each scheme began (Jobindsats' series
# start in 2007; ressourceforløb began in 2013, uddannelseshjælp in 2014; jobafklaringsforløb (July 2014) and
# selvforsørgelses- og hjemrejseydelse (2019, before it integrationsydelse) get none). Drawn after everything
# else from their own generators, so every figure from 2015 on is unchanged.
HISTORY_FROM = 2007
FIRST_HISTORY_YEAR = {"y11a02": 2013, "y38a02": 2014, "y12a02": 2015, "y35a02": 2015}
HISTORY = range(HISTORY_FROM, 2015)
MEASURES = ("Antal personer", "Antal fuldtidspersoner", "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år")
# y25i01 names its measures for the unemployed (../shared/data/tables.md: "Antal ledige personer" …);
# generator/metrics/maal.yaml reads them as the three above.
TABLE_MEASURES = {"y25i01": ("Antal ledige personer", "Antal ledige fuldtidspersoner", "Ledige fuldtidspersoner i pct. af arbejdsstyrken 16-66 år")}

# ------------------------------------------------------------------ dimensions

TOTAL = "I alt"
KOEN = ("Kvinder", "Mænd")
ALDER = ("16-24 år", "25-29 år", "30-39 år", "40-49 år", "50-59 år", "60 år og derover")
HERKOMST = (
    "Personer med dansk oprindelse",
    "Indvandrere fra vestlige lande",
    "Indvandrere fra ikke-vestlige lande",
    "Efterkommere fra vestlige lande",
    "Efterkommere fra ikke-vestlige lande",
)
VARIGHED = ("Under 3 måneder", "3-5 måneder", "6-11 måneder", "12 måneder og derover")
WITH_ORIGIN_AND_DURATION = ("y07a02", "y60a02", "y01a02", "y38a02", "y35a02")
# Kontant- and uddannelseshjælp's visitation categories (../shared/data/tables.md: `_viskat_1int` on y60a02,
# `_viskat_2udh` on y38a02) with rough weights; a last column, "I alt" on every other row, marginal rows only.
# y38a02's published subtotal "Alle uddannelsesparate" is not written: svarbrev sums the two categories itself.
VISITATION = {
    "y60a02": {"Jobparat": 34, "Aktivitetsparat": 56, "Uddannelsesparat": 3, "Åbenlys uddannelsesparat": 1, "Uoplyst visitationskategori": 6},
    "y38a02": {"Uddannelsesparat": 52, "Åbenlys uddannelsesparat": 14, "Aktivitetsparat": 30, "Uoplyst visitationskategori": 4},
}

# Kompakt: the periods with dimension rows, the cities with monthly and yearly figures.
CROSSING_PERIODS = ("2025QMAT01", "2024QMAT04")
# Which areas keep the 2024QMAT04 dimension rows in kompakt: "all" (~4.2 MB) or "large" (Hele landet,
# regions, six cities; ~3.2 MB) should the committed data grow past SIZE_BUDGET.
CROSSING_AREAS_2024 = "large"
SIZE_BUDGET = 4.9e6  # of the 5 MB examples/ may take; the rest of examples/ is ~0.05 MB (4.92 MB in all with folk1e, December 2026)


@dataclass(frozen=True)
class Profile:
    """How a scheme's stock splits over the dimensions (weights, normalised later)."""

    women: float
    ages: tuple[float, ...]  # six age bands
    origin: tuple[float, ...] = (84.0, 5.0, 8.0, 0.5, 2.5)
    duration: tuple[float, ...] = (40.0, 22.0, 20.0, 18.0)


PROFILES = {
    ("y08a02", None): Profile(0.60, (1, 3, 11, 22, 37, 26)),
    ("y09a02", None): Profile(0.57, (1, 4, 14, 25, 37, 19)),
    ("y07a02", None): Profile(0.60, (5, 8, 20, 23, 28, 16), (85, 5, 8, 0.3, 1.7), (45, 22, 20, 13)),
    ("y60a02", None): Profile(0.51, (7, 12, 28, 24, 21, 8), (55, 6, 30, 0.5, 8.5), (9, 8, 13, 70)),
    ("y01a02", None): Profile(0.50, (4, 15, 22, 20, 23, 16), (78, 9, 10, 0.3, 2.7), (44, 25, 20, 11)),
    ("y11a02", None): Profile(0.55, (10, 14, 25, 23, 22, 6)),
    ("y12a02", None): Profile(0.62, (2, 7, 22, 27, 32, 10)),
    ("ptv_a02", "Førtidspension"): Profile(0.55, (1, 2, 7, 15, 35, 40)),
    ("ptv_a02", "Seniorpension"): Profile(0.52, (0.02, 0.02, 0.02, 0.1, 3, 97)),
    ("y38a02", None): Profile(0.47, (72, 27.9, 0.05, 0.02, 0.02, 0.01), (62, 5, 22, 1, 10), (30, 20, 22, 28)),
    ("y35a02", None): Profile(0.52, (14, 15, 36, 21, 11, 3), (1, 3, 86, 0.5, 9.5), (12, 10, 18, 60)),
    ("y04a02", None): Profile(0.50, (2, 7, 26, 31, 29, 5)),
    ("y25i01", None): Profile(0.49, (9, 16, 24, 19, 20, 12)),
}
WOMEN_AGE_TILT = np.array([1.0, 1.05, 1.1, 1.05, 0.97, 0.92])

# table → (seasonal amplitude, peak month); small for the long-term schemes.
SEASON = {
    "y08a02": (0.006, 11),
    "y09a02": (0.03, 1),
    "y07a02": (0.05, 2),
    "y60a02": (0.015, 2),
    "y01a02": (0.08, 1),
    "y11a02": (0.006, 10),
    "y12a02": (0.006, 10),
    "ptv_a02": (0.002, 12),
    "y38a02": (0.03, 8),
    "y35a02": (0.01, 1),
    "y04a02": (0.006, 10),
    "y25i01": (0.07, 1),
}
# How strongly each scheme follows the municipal social index (0 = not at all).
SOCIAL_LOADING = {"y08a02": 0.20, "y09a02": 0.22, "y07a02": 0.12, "y60a02": 0.35, "y01a02": 0.10,
                  "y11a02": 0.25, "y12a02": 0.18, "ptv_a02": 0.30, "y38a02": 0.30, "y35a02": 0.15, "y04a02": 0.10,
                  "y25i01": 0.20}
# The six cities in the tables without anchors, relative to the national share.
CITY_FACTORS = {
    "y08a02": {"København": 0.36, "Aarhus": 1.02, "Odense": 0.97, "Aalborg": 0.95, "Esbjerg": 1.25, "Randers": 1.40},
    "y60a02": {"København": 0.82, "Aarhus": 1.10, "Odense": 1.38, "Aalborg": 1.42, "Esbjerg": 1.15, "Randers": 1.68},
    "y38a02": {"København": 0.78, "Aarhus": 0.92, "Odense": 1.25, "Aalborg": 1.12, "Esbjerg": 1.20, "Randers": 1.35},
    "y35a02": {"København": 1.30, "Aarhus": 1.45, "Odense": 1.60, "Aalborg": 1.10, "Esbjerg": 1.05, "Randers": 1.20},
    "y04a02": {"København": 0.80, "Aarhus": 0.95, "Odense": 1.10, "Aalborg": 1.05, "Esbjerg": 1.15, "Randers": 1.20},
    "y25i01": {"København": 1.15, "Aarhus": 1.10, "Odense": 1.20, "Aalborg": 1.12, "Esbjerg": 1.00, "Randers": 1.05},
}
HIGH_SOCIAL = ("Lolland", "Guldborgsund", "Langeland", "Odsherred", "Ishøj", "Albertslund", "Brøndby",
               "Vordingborg", "Kalundborg", "Bornholm", "Morsø", "Norddjurs", "Slagelse", "Tønder")
LOW_SOCIAL = ("Gentofte", "Rudersdal", "Hørsholm", "Lyngby-Taarbæk", "Allerød", "Furesø", "Egedal",
              "Dragør", "Solrød", "Skanderborg", "Favrskov", "Billund")
DIVERSE = ("København", "Aarhus", "Odense", "Ishøj", "Brøndby", "Albertslund", "Høje-Taastrup",
           "Frederiksberg", "Herlev", "Glostrup", "Hvidovre", "Gladsaxe")

# ------------------------------------------------------------------ calendar

FIRST_YEAR = 2015
MONTHS = 12 * (2025 - FIRST_YEAR) + 3  # 2015M01 … 2025M03
SMOOTHING = 2.0  # monthly figures: smoothness against hitting the anchors (see correction_matrices)


def month_index(year: int, month: int) -> int:
    return 12 * (year - FIRST_YEAR) + month - 1


@dataclass(frozen=True)
class Calendar:
    """The current extract's periods (output order), their month windows, and the anchored windows."""

    codes: tuple[str, ...]
    kinds: np.ndarray  # "QMAT", "Y" or "M" per period
    window_of: np.ndarray  # period → index into windows
    windows: np.ndarray  # (W, 2) first and last month, inclusive
    anchored: np.ndarray  # the windows of 2015Y01 … 2024Y01 and 2025QMAT01, in anchor order

    def period(self, code: str) -> int:
        return self.codes.index(code)


def make_calendar() -> Calendar:
    periods: list[tuple[str, str, int, int]] = []
    for year in range(2019, 2026):
        for quarter in range(1, 5):
            if (year, quarter) > (2025, 1):
                break
            last = month_index(year, 3 * quarter)
            periods.append((f"{year}QMAT{quarter:02d}", "QMAT", last - 11, last))
    for year in HISTORY:  # no months behind them: their figures come from history_figures, by window index
        periods.append((f"{year}Y01", "Y", -1, -1))
    for year in YEARS:
        periods.append((f"{year}Y01", "Y", month_index(year, 1), month_index(year, 12)))
    for year in range(2019, 2026):
        for month in range(1, 13):
            if (year, month) > (2025, 3):
                break
            periods.append((f"{year}M{month:02d}", "M", month_index(year, month), month_index(year, month)))
    windows: dict[tuple[int, int], int] = {}
    window_of = [windows.setdefault((first, last), len(windows)) for _, _, first, last in periods if first >= 0]
    # the history years come after the windows and the previous extract's column (see table_figures)
    history_columns = iter(range(len(windows) + 1, len(windows) + 1 + len(HISTORY)))
    window_of = [next(history_columns) if first < 0 else window_of.pop(0) for _, _, first, _ in periods]
    codes = tuple(code for code, *_ in periods)
    anchored = [window_of[codes.index(f"{year}Y01")] for year in YEARS] + [window_of[codes.index(CURRENT_PERIOD)]]
    return Calendar(
        codes=codes,
        kinds=np.array([kind for _, kind, *_ in periods]),
        window_of=np.array(window_of),
        windows=np.array(list(windows), dtype=np.int64),
        anchored=np.array(anchored),
    )


def window_means(monthly: np.ndarray, windows: np.ndarray) -> np.ndarray:
    """Mean over each window's months; monthly is (..., months), windows (W, 2)."""
    cumulative = np.concatenate([np.zeros(monthly.shape[:-1] + (1,)), np.cumsum(monthly, axis=-1)], axis=-1)
    return (cumulative[..., windows[:, 1] + 1] - cumulative[..., windows[:, 0]]) / (windows[:, 1] - windows[:, 0] + 1)


def correction_matrices(windows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """K_exact, K_smooth (months x windows); a monthly correction is δ = r @ K.T for residuals r.

    K_exact gives the smoothest correction whose window means are exactly r (for the rolling years
    and years). K_smooth trades that against smoothness (weight SMOOTHING), for the months: anchors
    drawn independently of each other (a 2025QMAT01 4 % below 2024Y01, say) would otherwise force a
    swing four times that size on 2025M01-M03 against 2024M01-M03.
    """
    months = np.arange(MONTHS)
    averages = ((months >= windows[:, :1]) & (months <= windows[:, 1:])) / (windows[:, 1:] - windows[:, :1] + 1)
    first_difference = np.diff(np.eye(MONTHS), axis=0)
    roughness = first_difference.T @ first_difference
    spread = np.linalg.solve(roughness + 1e-3 * np.eye(MONTHS), averages.T)
    exact = spread @ np.linalg.inv(averages @ spread)
    smooth = np.linalg.solve(SMOOTHING * roughness + averages.T @ averages + 1e-6 * np.eye(MONTHS), averages.T)
    return exact, smooth


# ------------------------------------------------------------------ geography


@dataclass(frozen=True)
class Geography:
    municipalities: tuple[str, ...]
    regions: tuple[str, ...]
    areas: tuple[str, ...]  # output order: Hele landet, regions, municipalities
    membership: np.ndarray  # (areas, municipalities) 0/1: which municipalities each area sums
    labour_force: np.ndarray  # per municipality
    area_labour_force: np.ndarray  # per area

    def municipality(self, name: str) -> int:
        return self.municipalities.index(name)

    def area(self, name: str) -> int:
        return self.areas.index(name)


def load_geography() -> Geography:
    population = pd.read_csv(POPULATION, sep=";", dtype=str, keep_default_na=False)
    people = pd.to_numeric(population["Indbyggere"].str.replace(".", "", regex=False).str.strip())
    described = yaml.safe_load(AREAS_FILE.read_text(encoding="utf-8"))
    regions = tuple(described["regioner"])
    region_of = {name: entry["region"] for name, entry in described["kommuner"].items()}
    municipalities = tuple(population["Område"].str.strip())
    if set(municipalities) != set(region_of) or len(municipalities) != 98:
        raise SystemExit(f"{POPULATION.name} og {AREAS_FILE.name} nævner ikke de samme 98 kommuner")
    pop = people.to_numpy(dtype=float)
    is_city = np.isin(municipalities, CITIES)
    labour_force = np.empty(len(municipalities))
    for city in CITIES:
        labour_force[municipalities.index(city)] = LABOUR_FORCE[city]
    rest = LABOUR_FORCE[NATIONAL] - sum(LABOUR_FORCE[city] for city in CITIES)
    labour_force[~is_city] = pop[~is_city] * rest / pop[~is_city].sum()
    labour_force = np.round(labour_force)
    labour_force[np.argmax(np.where(is_city, 0, pop))] += LABOUR_FORCE[NATIONAL] - labour_force.sum()  # exact total
    region_index = np.array([regions.index(region_of[name]) for name in municipalities])
    membership = np.vstack(
        [
            np.ones((1, len(municipalities)), dtype=np.int64),
            (region_index[None, :] == np.arange(len(regions))[:, None]).astype(np.int64),
            np.eye(len(municipalities), dtype=np.int64),
        ]
    )
    return Geography(
        municipalities=municipalities,
        regions=regions,
        areas=(NATIONAL, *regions, *municipalities),
        membership=membership,
        labour_force=labour_force,
        area_labour_force=membership @ labour_force,
    )


# ------------------------------------------------------------------ the old code path (anchors)


def area_factors(rng: np.random.Generator) -> dict[str, float]:
    """How far each city's share lies from the national one (København lower, as for fleksjob)."""
    factors = {area: rng.uniform(0.8, 1.35) for area in LABOUR_FORCE}
    factors["Hele landet"] = 1.0
    factors["København"] = rng.uniform(0.55, 0.8)
    return factors


def stock_rows(share: float, factors: dict[str, float], persons_per_fte: float, rng: np.random.Generator) -> np.ndarray:
    """(persons, full-time persons, share in tenths of a pct.) per anchor area, drawn as before."""
    rows = []
    for area, labour_force in LABOUR_FORCE.items():
        area_share = share * factors[area] * rng.uniform(0.97, 1.03)
        full_time = labour_force * area_share / 100
        persons = round(full_time * persons_per_fte * rng.uniform(0.98, 1.02))
        rows.append((int(persons), round(full_time), round(round(area_share, 1) * 10)))
    return np.array(rows, dtype=np.int64)


def year_rows(share: float, drift: float, factors: dict[str, float], persons_per_fte: float, rng: np.random.Generator) -> np.ndarray:
    """Ten calendar years ending in 2024, drifting towards the current level: (years, areas, 3)."""
    frames = []
    for offset, _year in enumerate(reversed(YEARS), start=1):
        level = share * (1 - drift) ** offset * rng.uniform(0.97, 1.03)
        frames.append(stock_rows(level, factors, persons_per_fte, rng))
    return np.stack(frames[::-1])


@dataclass(frozen=True)
class Anchors:
    current: np.ndarray  # (anchor areas, 11 windows: 2015Y01 … 2024Y01, 2025QMAT01, 3 measures)
    previous: np.ndarray  # (anchor areas, 3) for 2024QMAT02


def groups_of(table: str) -> tuple[str | None, ...]:
    return PTV_GROUPS if table == "ptv_a02" else (None,)


def anchor_figures() -> dict[tuple[str, str | None], Anchors]:
    """Today's figures, from the old seed in the old draw order (do not reorder)."""
    rng = np.random.default_rng(ANCHOR_SEED)
    anchors = {}
    for table in ANCHORED_TABLES:
        _, share, drift, persons_per_fte = SCHEMES[table]
        factors = area_factors(rng)
        for group in groups_of(table):
            group_share = share if group in (None, PTV_GROUPS[0]) else share / 8
            current = stock_rows(group_share, factors, persons_per_fte, rng)
            years = year_rows(group_share, drift, factors, persons_per_fte, rng)
            previous = stock_rows(group_share * (1 - drift), factors, persons_per_fte, rng)
            anchors[table, group] = Anchors(np.concatenate([years, current[None]]).transpose(1, 0, 2), previous)
    return anchors


# ------------------------------------------------------------------ the synthetic figures


def allocate(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Integers (..., K) summing exactly to totals (...), in proportion to weights (largest remainder)."""
    share = weights / weights.sum(axis=-1, keepdims=True)
    exact = totals[..., None] * share
    result = np.floor(exact)
    short = np.clip(totals - result.sum(axis=-1), 0, weights.shape[-1]).astype(np.int64)
    order = np.argsort(result - exact, axis=-1, kind="stable")  # largest remainder first
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(weights.shape[-1]), order.shape), axis=-1)
    result += ranks < short[..., None]
    result = result.astype(np.int64)
    assert (result.sum(axis=-1) == totals).all()
    return result


def ar_noise(rng: np.random.Generator, rows: int, sigma: float, persistence: float) -> np.ndarray:
    """Autocorrelated relative noise (rows, months) with stationary standard deviation sigma."""
    shocks = rng.normal(0.0, sigma * np.sqrt(1 - persistence**2), (rows, MONTHS))
    noise = np.empty_like(shocks)
    noise[:, 0] = rng.normal(0.0, sigma, rows)
    for month in range(1, MONTHS):  # a loop over months, vectorised over the series
        noise[:, month] = persistence * noise[:, month - 1] + shocks[:, month]
    return noise


def seasonal(table: str) -> np.ndarray:
    amplitude, peak = SEASON[table]
    calendar_month = np.arange(MONTHS) % 12 + 1
    return 1 + amplitude * np.cos(2 * np.pi * (calendar_month - peak) / 12)


@dataclass(frozen=True)
class Municipal:
    """Municipal total figures (integers) per window of the current extract, and for the previous one."""

    persons: np.ndarray  # (municipalities, windows) int
    full_time: np.ndarray
    previous_persons: np.ndarray  # (municipalities,) int, the previous extract's 2024QMAT02
    previous_full_time: np.ndarray


@dataclass(frozen=True)
class Setting:
    """What all series share: calendar, geography, the municipal social and origin indices."""

    calendar: Calendar
    geography: Geography
    corrections: tuple[np.ndarray, np.ndarray]  # exact, smooth
    social: np.ndarray  # per municipality, ~N(0, 1), high = more on benefits
    diversity: np.ndarray  # per municipality, log factor on immigrants and descendants


def make_setting() -> Setting:
    calendar = make_calendar()
    geography = load_geography()
    rng = np.random.default_rng([SYNTHETIC_SEED, 0])
    names = np.array(geography.municipalities)
    social = rng.normal(0.0, 0.6, len(names)) + 1.2 * np.isin(names, HIGH_SOCIAL) - 1.2 * np.isin(names, LOW_SOCIAL)
    diversity = rng.normal(-0.2, 0.35, len(names)) + 0.8 * np.isin(names, DIVERSE)
    return Setting(calendar, geography, correction_matrices(calendar.windows[calendar.anchored]), social, diversity)


def municipal_figures(
    setting: Setting, table: str, anchors: Anchors | None, rng: np.random.Generator
) -> Municipal:
    calendar, geography = setting.calendar, setting.geography
    _, share, drift, persons_per_fte = SCHEMES[table]
    months = np.arange(MONTHS, dtype=float)
    now = 116.5  # centre of 2025QMAT01 (2024M04 … 2025M03)
    count = len(geography.municipalities)
    cities = np.array([geography.municipality(city) for city in CITIES])
    level = np.exp(SOCIAL_LOADING[table] * setting.social + rng.normal(0.0, 0.12, count))
    level *= geography.labour_force.sum() / (geography.labour_force * level).sum()  # 1 on average
    if anchors is None:  # the cities as in published figures for similar schemes
        for city, factor in CITY_FACTORS[table].items():
            level[geography.municipality(city)] = factor * rng.uniform(0.97, 1.03)
    weights = geography.labour_force * level
    weights = weights[:, None] * np.exp(rng.normal(0.0, 0.012, count)[:, None] * (months - now) / 12)
    weights = weights * (1 + ar_noise(rng, count, 0.015, 0.85))
    ratio = persons_per_fte * np.exp(rng.normal(0.0, 0.025, count))[:, None]
    season = seasonal(table)
    # Monthly latent levels (path, municipality, month); path 0 gives the rolling years and years,
    # path 1 the months. They differ only for anchored tables (see correction_matrices).
    full_time = np.empty((2, count, MONTHS))
    persons = np.empty((2, count, MONTHS))
    if anchors is None:
        national = LABOUR_FORCE[NATIONAL] * share / 100 * (1 - drift) ** ((now - months) / 12)
        national *= (1 + 0.015 * np.sin(2 * np.pi * months / 70)) * season * (1 + ar_noise(rng, 1, 0.005, 0.7)[0])
        full_time[:] = national * weights / weights.sum(axis=0)
        persons[:] = full_time[0] * ratio * (1 + ar_noise(rng, count, 0.006, 0.8))
    else:
        # The six cities and "the rest" follow their anchors; the rest is then split over the others.
        targets = anchors.current[:, :, :2].astype(float)  # (7, 11, persons/full-time)
        rest = targets[0] - targets[1:].sum(axis=0)
        targets = np.concatenate([targets[1:], rest[None]])  # (cities + rest, 11, 2)
        centres = calendar.windows[calendar.anchored].mean(axis=1)
        noise = ar_noise(rng, len(targets), 0.006, 0.7)
        paths = np.empty((2, len(targets), 2, MONTHS))  # (exact/smooth, series, persons/full-time, month)
        for measure in range(2):
            base = np.array([np.interp(months, centres, line) for line in targets[:, :, measure]])
            base *= season * (1 + noise)
            residual = targets[:, :, measure] - window_means(base, calendar.windows[calendar.anchored])
            for path, correction in enumerate(setting.corrections):
                paths[path, :, measure] = base + residual @ correction.T
        assert (paths > 0).all()
        others = np.setdiff1d(np.arange(count), cities)
        split = weights[others] / weights[others].sum(axis=0)
        split_persons = weights[others] * ratio[others] / (weights[others] * ratio[others]).sum(axis=0)
        persons[:, cities], full_time[:, cities] = paths[:, :-1, 0], paths[:, :-1, 1]
        persons[:, others] = paths[:, -1:, 0] * split_persons
        full_time[:, others] = paths[:, -1:, 1] * split
    monthly = calendar.windows[:, 0] == calendar.windows[:, 1]
    mean_persons = np.where(monthly, window_means(persons[1], calendar.windows), window_means(persons[0], calendar.windows))
    mean_full_time = np.where(monthly, window_means(full_time[1], calendar.windows), window_means(full_time[0], calendar.windows))
    round_persons = np.floor(mean_persons + 0.5).astype(np.int64)
    round_full_time = np.floor(mean_full_time + 0.5).astype(np.int64)
    previous_window = calendar.window_of[calendar.period(PREVIOUS_PERIOD)]
    revision = np.exp(rng.normal(0.0, 0.008, count))
    previous_exact = np.stack([mean_persons[:, previous_window], mean_full_time[:, previous_window]]) * revision
    previous = np.floor(previous_exact + 0.5).astype(np.int64)
    if anchors is not None:
        others = np.setdiff1d(np.arange(count), cities)
        for measure, rounded, exact in ((0, round_persons, mean_persons), (1, round_full_time, mean_full_time)):
            anchor = anchors.current[:, :, measure]
            rounded[np.ix_(cities, calendar.anchored)] = anchor[1:]
            rest = anchor[0] - anchor[1:].sum(axis=0)
            rounded[np.ix_(others, calendar.anchored)] = allocate(rest, exact[np.ix_(others, calendar.anchored)].T).T
            previous[measure, cities] = anchors.previous[1:, measure]
            rest = anchors.previous[0, measure] - anchors.previous[1:, measure].sum()
            previous[measure, others] = allocate(np.array(rest), previous_exact[measure, others])
    return Municipal(round_persons, round_full_time, previous[0], previous[1])


def dimension_labels(table: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The dimension columns after Ydelsesgrupper, and the label tuple of each dimension row in order."""
    full = table in WITH_ORIGIN_AND_DURATION
    visitation = tuple(VISITATION.get(table, ()))
    columns = ("Køn", "Alder", *(("Herkomst", "Varighed") if full else ()), *(("Visitationskategori",) if visitation else ()))
    rest = (TOTAL, TOTAL) if full else ()
    last = (TOTAL,) if visitation else ()
    rows = [(TOTAL, TOTAL, *rest, *last)]
    rows += [(koen, TOTAL, *rest, *last) for koen in KOEN]
    rows += [(TOTAL, alder, *rest, *last) for alder in ALDER]
    rows += [(koen, alder, *rest, *last) for koen in KOEN for alder in ALDER]
    if full:
        rows += [(TOTAL, TOTAL, herkomst, TOTAL, *last) for herkomst in HERKOMST]
        rows += [(TOTAL, TOTAL, TOTAL, varighed, *last) for varighed in VARIGHED]
    rows += [(TOTAL, TOTAL, *rest, category) for category in visitation]
    return columns, rows


def split_dimensions(
    setting: Setting, table: str, group: str | None, persons: np.ndarray, full_time: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Dimension rows (..., rows) for municipal totals (municipalities, windows + 1): persons, full-time."""
    profile = PROFILES[table, group]
    count, periods = persons.shape
    ages = np.array(profile.ages, dtype=float)
    cells = np.concatenate([profile.women * ages * WOMEN_AGE_TILT / (ages * WOMEN_AGE_TILT).sum(),
                            (1 - profile.women) * ages / ages.sum()])
    cells = cells * np.exp(rng.normal(0.0, 0.10, (count, 1, 12)) + rng.normal(0.0, 0.03, (count, periods, 12)))
    parts_persons = [allocate(persons, cells)]
    parts_full_time = [allocate(full_time, parts_persons[0] + 1e-6 * cells)]
    if table in WITH_ORIGIN_AND_DURATION:
        origin = np.array(profile.origin, dtype=float)
        foreign = np.r_[0.0, 1.0, 1.0, 1.0, 1.0]
        origin = origin * np.exp(foreign * setting.diversity[:, None, None] + rng.normal(0.0, 0.08, (count, 1, 5))
                                 + rng.normal(0.0, 0.03, (count, periods, 5)))
        duration = np.array(profile.duration, dtype=float) * np.exp(
            rng.normal(0.0, 0.08, (count, 1, 4)) + rng.normal(0.0, 0.03, (count, periods, 4)))
        for weights in (origin, duration):
            parts_persons.append(allocate(persons, weights))
            parts_full_time.append(allocate(full_time, parts_persons[-1] + 1e-6 * weights))
    result = []
    for totals, parts in ((persons, parts_persons), (full_time, parts_full_time)):
        crossing = parts[0].reshape(count, periods, 2, 6)
        result.append(np.concatenate(
            [totals[..., None], crossing.sum(axis=3), crossing.sum(axis=2), parts[0], *parts[1:]], axis=-1))
    return result[0], result[1]


@dataclass(frozen=True)
class TableFigures:
    """All figures of one table for every area: group, area, window (previous = last), dimension row."""

    persons: np.ndarray  # (groups, areas, windows + 1, rows) int
    full_time: np.ndarray
    share_tenths: np.ndarray  # (groups, areas, windows + 1) int, total rows


def table_figures(setting: Setting, table: str, anchors: dict) -> TableFigures:
    geography, calendar = setting.geography, setting.calendar
    persons_out, full_time_out, shares_out = [], [], []
    anchor_areas = np.array([geography.area(area) for area in LABOUR_FORCE])
    for number, group in enumerate(groups_of(table)):
        series = list(SCHEMES).index(table) * 10 + number + 1
        rng = np.random.default_rng([SYNTHETIC_SEED, series])
        anchor = anchors.get((table, group))
        municipal = municipal_figures(setting, table, anchor, rng)
        persons = np.concatenate([municipal.persons, municipal.previous_persons[:, None]], axis=1)
        full_time = np.concatenate([municipal.full_time, municipal.previous_full_time[:, None]], axis=1)
        dim_persons, dim_full_time = split_dimensions(setting, table, group, persons, full_time, rng)
        history = history_figures(setting, table, group, municipal, np.random.default_rng([SYNTHETIC_SEED, 1000 + series]))
        dim_persons = np.concatenate([dim_persons, history[0]], axis=1)
        dim_full_time = np.concatenate([dim_full_time, history[1]], axis=1)
        if table in VISITATION:  # drawn last, from its own generator: every other figure is unchanged
            dim_persons, dim_full_time = with_visitation(table, dim_persons, dim_full_time, np.random.default_rng([SYNTHETIC_SEED, 3000 + series]))
        count, periods, rows = dim_persons.shape
        area_persons = (geography.membership @ dim_persons.reshape(count, -1)).reshape(-1, periods, rows)
        area_full_time = (geography.membership @ dim_full_time.reshape(count, -1)).reshape(-1, periods, rows)
        shares = np.floor(area_full_time[:, :, 0] * 1000 / geography.area_labour_force[:, None] + 0.5).astype(np.int64)
        if anchor is not None:
            shares[np.ix_(anchor_areas, calendar.anchored)] = anchor.current[:, :, 2]
            shares[anchor_areas, -1] = anchor.previous[:, 2]
        persons_out.append(area_persons)
        full_time_out.append(area_full_time)
        shares_out.append(shares)
    return TableFigures(np.stack(persons_out), np.stack(full_time_out), np.stack(shares_out))


def with_visitation(table: str, persons: np.ndarray, full_time: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The visitation categories' marginal rows appended to the dimension rows (..., rows): the total split by
    weights varied per municipality and slightly per period, full-time persons in proportion to the persons."""
    count, periods, _ = persons.shape
    weights = np.array(list(VISITATION[table].values()), dtype=float)
    weights = weights * np.exp(rng.normal(0.0, 0.15, (count, 1, len(weights))) + rng.normal(0.0, 0.03, (count, periods, len(weights))))
    parts = allocate(persons[..., 0], weights)
    full = allocate(full_time[..., 0], parts + 1e-6 * weights)
    return np.concatenate([persons, parts], axis=-1), np.concatenate([full_time, full], axis=-1)


def history_figures(setting: Setting, table: str, group: str | None, municipal: Municipal, rng: np.random.Generator
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Dimension rows (municipalities, HISTORY, rows) of the years before 2015, persons and full-time:
    each municipality's 2015 figures carried back with the scheme's drift and a small random walk.
    Years before the scheme began are drawn too but never written (row_masks)."""
    _, _, drift, _ = SCHEMES[table]
    calendar = setting.calendar
    first = calendar.window_of[calendar.period("2015Y01")]
    count = len(setting.geography.municipalities)
    back = np.arange(len(HISTORY), 0, -1)  # years before 2015
    walk = np.cumsum(rng.normal(0.0, 0.025, (count, len(HISTORY)))[:, ::-1], axis=1)[:, ::-1]
    factor = (1 - drift) ** back * np.exp(walk)
    persons = np.floor(municipal.persons[:, first, None] * factor + 0.5).astype(np.int64)
    ratio = municipal.full_time[:, first, None] / np.maximum(municipal.persons[:, first, None], 1)
    full_time = np.floor(persons * ratio * np.exp(rng.normal(0.0, 0.01, (count, len(HISTORY)))) + 0.5).astype(np.int64)
    return split_dimensions(setting, table, group, persons, full_time, rng)


# ------------------------------------------------------------------ a flow: awards of førtidspension (y10f02)

# Jobindsats y10f02 "Kommunale tilkendelser af førtidspension fordelt på hoveddiagnose" (../shared/data/tables.md,
# JI-y10f02): quarterly, by area and main diagnosis, no sex, age or origin. The diagnosis labels here are made up for
# the example (the published ones were not seen); kompakt keeps them for the large areas in the newest four quarters.
AWARDS_TABLE = "y10f02"
AWARDS_NAME = "Kommunale tilkendelser af førtidspension (kvartal)"
AWARDS_MEASURE = "Antal tilkendelser"
AWARDS_PER_YEAR = 10_000  # roughly the country's awards a year
DIAGNOSES = ("Psykiske lidelser", "Sygdomme i bevægeapparatet", "Kræftsygdomme", "Sygdomme i nervesystemet", "Øvrige diagnoser")
DIAGNOSIS_SHARES = (0.50, 0.18, 0.10, 0.08, 0.14)
AWARD_QUARTERS = tuple((year, quarter) for year in range(2015, 2026) for quarter in range(1, 5) if (year, quarter) <= (2025, 1))


def award_figures(setting: Setting) -> np.ndarray:
    """Awards (areas, quarters, 1 + diagnoses): Poisson draws per municipality, summed up to regions and the country."""
    rng = np.random.default_rng([SYNTHETIC_SEED, 2000])
    geography = setting.geography
    weight = geography.labour_force * np.exp(SOCIAL_LOADING["ptv_a02"] * setting.social)
    trend = np.linspace(1.15, 0.95, len(AWARD_QUARTERS))
    expected = AWARDS_PER_YEAR / 4 * (weight / weight.sum())[:, None] * trend[None, :]
    by_diagnosis = rng.poisson(expected[:, :, None] * np.array(DIAGNOSIS_SHARES)[None, None, :])
    municipal = np.concatenate([by_diagnosis.sum(axis=2, keepdims=True), by_diagnosis], axis=2)
    count = len(geography.municipalities)
    return (geography.membership @ municipal.reshape(count, -1)).reshape(len(geography.areas), len(AWARD_QUARTERS), -1)


def write_awards(folder: Path, setting: Setting, full: bool) -> int:
    figures = award_figures(setting)
    areas = setting.geography.areas
    large = set(LABOUR_FORCE) | set(setting.geography.regions)
    lines = [";".join(["Område", "Periode", "Hoveddiagnose", AWARDS_MEASURE])]
    for index, (year, quarter) in enumerate(AWARD_QUARTERS):
        newest_year = index >= len(AWARD_QUARTERS) - 4
        for area_index, area in enumerate(areas):
            labels = (TOTAL, *DIAGNOSES) if full or (newest_year and area in large) else (TOTAL,)
            for row, label in enumerate(labels):
                lines.append(f"{area};{year}Q{quarter:02d};{label};{figures[area_index, index, row]:,}".replace(",", "."))
    (folder / f"{AWARDS_TABLE}_{CURRENT}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


POPULATION_TABLE = "folk1e"
POPULATION_NAME = "Befolkningen 16-66 år pr. kvartal efter køn, alder og herkomst (FOLK1E)"
POPULATION_MEASURE = "Indbyggere 16-66 år"
POPULATION_QUARTERS = tuple((year, quarter) for year in range(2015, 2026) for quarter in range(1, 5) if (year, quarter) <= (2025, 1))
PARTICIPATION = 0.78  # labour force / inhabitants aged 16-66: the population is drawn from the labour force
AGE_SHARES = (0.17, 0.10, 0.19, 0.19, 0.20, 0.15)  # 16-24 … 60-66, roughly the country's
ORIGIN_SHARES = (0.80, 0.05, 0.09, 0.01, 0.05)  # HERKOMST's order; the diversity index moves the last four


def population_figures(setting: Setting) -> np.ndarray:
    """Inhabitants aged 16-66 (areas, quarters, 1 + 2 sexes + 6 age bands + 5 origins): each municipality's total from
    its labour force with a slow growth, split by largest remainder so every group sums to the total; regions and the
    country are sums."""
    rng = np.random.default_rng([SYNTHETIC_SEED, 3000])
    geography = setting.geography
    growth = 1 + 0.0015 * np.arange(len(POPULATION_QUARTERS)) + rng.normal(0, 0.0005, (len(geography.municipalities), len(POPULATION_QUARTERS)))
    totals = np.round(geography.labour_force[:, None] / PARTICIPATION * growth).astype(np.int64)
    sexes = allocate(totals, np.broadcast_to(np.array([0.505, 0.495]), (*totals.shape, 2)))  # Mænd, Kvinder
    ages = allocate(totals, np.broadcast_to(np.array(AGE_SHARES), (*totals.shape, len(AGE_SHARES))))
    tilt = np.where(np.arange(len(ORIGIN_SHARES)) == 0, 1.0, np.exp(setting.diversity)[:, None, None])  # more immigrants in diverse places
    origins = allocate(totals, np.broadcast_to(np.array(ORIGIN_SHARES) * tilt, (*totals.shape, len(ORIGIN_SHARES))))
    municipal = np.concatenate([totals[..., None], sexes, ages, origins], axis=2)
    count = len(geography.municipalities)
    return (geography.membership @ municipal.reshape(count, -1)).reshape(len(geography.areas), len(POPULATION_QUARTERS), -1)


def write_population(folder: Path, setting: Setting, full: bool) -> int:
    """FOLK1E as `data hent dst:FOLK1E` writes it: one group a row; kompakt keeps the large areas' last five quarters."""
    figures = population_figures(setting)
    large = set(LABOUR_FORCE) | set(setting.geography.regions)
    groups = [(TOTAL, TOTAL, TOTAL)] + [(sex, TOTAL, TOTAL) for sex in ("Mænd", "Kvinder")]
    groups += [(TOTAL, band, TOTAL) for band in ALDER] + [(TOTAL, TOTAL, origin) for origin in HERKOMST]
    lines = [";".join(["Område", "Periode", "Køn", "Alder", "Herkomst", POPULATION_MEASURE])]
    for index, (year, quarter) in enumerate(POPULATION_QUARTERS):
        if not full and index < len(POPULATION_QUARTERS) - 5:
            continue
        for area_index, area in enumerate(setting.geography.areas):
            if full or area in large:
                lines += [f"{area};{year}Q{quarter:02d};{';'.join(group)};{figures[area_index, index, column]:,}".replace(",", ".")
                          for column, group in enumerate(groups)]
    (folder / f"{POPULATION_TABLE}_{CURRENT}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


# ------------------------------------------------------------------ selecting and writing rows


def row_masks(setting: Setting, table: str, full: bool) -> tuple[np.ndarray, np.ndarray]:
    """Which (period, area, dimension row) go into the current and the previous extract."""
    calendar, geography = setting.calendar, setting.geography
    rows = len(dimension_labels(table)[1])
    shape = (len(calendar.codes), len(geography.areas), rows)
    if full:
        current = np.ones(shape, dtype=bool)
        current[before_the_scheme_began(calendar, table)] = False
        return current, np.ones((1, len(geography.areas), rows), dtype=bool)
    areas = np.array(geography.areas)
    anchor_areas = np.isin(areas, tuple(LABOUR_FORCE))
    large = anchor_areas | np.isin(areas, geography.regions)
    current = np.zeros(shape, dtype=bool)
    current[calendar.kinds == "QMAT", :, 0] = True
    current[np.ix_(calendar.kinds == "Y", anchor_areas, [0])] = True
    current[np.ix_(calendar.kinds == "M", large, [0])] = True
    newest, calendar_year = (calendar.period(code) for code in CROSSING_PERIODS)
    current[newest] = True
    current[calendar_year, large if CROSSING_AREAS_2024 == "large" else slice(None)] = True
    previous = np.zeros((1, len(geography.areas), rows), dtype=bool)
    previous[0, :, 0] = True
    current[before_the_scheme_began(calendar, table)] = False
    return current, previous


def before_the_scheme_began(calendar: Calendar, table: str) -> list[bool]:
    """Per period of the current extract: whether it lies before the year the table's scheme began."""
    return [code < str(FIRST_HISTORY_YEAR.get(table, HISTORY_FROM)) for code in calendar.codes]


def danish_integers(limit: int) -> np.ndarray:
    """Object array: the Jobindsats text of 0 … limit - 1 (`.` as thousands separator) plus ";"."""
    assert limit < 1_000_000_000
    values = np.arange(limit)
    add, zfill = np.char.add, np.char.zfill  # numpy 1.x and 2.x
    low = zfill((values % 1000).astype(str), 3)
    middle = zfill((values // 1000 % 1000).astype(str), 3)
    text = values.astype(str)
    text = np.where(values >= 1000, add(add((values // 1000).astype(str), "."), low), text)
    millions = add(add(add(add((values // 1_000_000).astype(str), "."), middle), "."), low)
    text = np.where(values >= 1_000_000, millions, text)
    return np.array(add(text, ";").tolist(), dtype=object)


def danish_shares(limit: int) -> np.ndarray:
    """Object array: tenths 0 … limit - 1 as `12,3` plus "\\n"; index limit is `..` (missing)."""
    tenths = np.arange(limit)
    add = np.char.add
    text = add(add(add((tenths // 10).astype(str), ","), (tenths % 10).astype(str)), "\n")
    return np.array([*text.tolist(), "..\n"], dtype=object)


@dataclass(frozen=True)
class Texts:
    """Lookup tables from a figure to its CSV text."""

    numbers: np.ndarray  # persons / full-time persons → "1.234;"
    shares: np.ndarray  # tenths → "1,2\n"; the last entry is "..\n"


def write_extract(path: Path, setting: Setting, table: str, figures: TableFigures, mask: np.ndarray,
                  previous: bool, texts: Texts) -> int:
    """Write the masked rows (group, period, area, dimension row order); returns the row count."""
    calendar, geography = setting.calendar, setting.geography
    columns, labels = dimension_labels(table)
    groups = groups_of(table)
    codes = np.array([PREVIOUS_PERIOD] if previous else calendar.codes, dtype=object)
    windows = np.array([len(calendar.windows)]) if previous else calendar.window_of  # see make_calendar
    areas = np.array(geography.areas, dtype=object)
    prefix = areas[None, None, :] + ";" + codes[None, :, None] + ";"
    if groups != (None,):
        prefix = prefix + np.array(groups, dtype=object)[:, None, None] + ";"
    prefix = np.broadcast_to(prefix, (len(groups), len(codes), len(areas))).ravel()
    dims = np.array([";".join(label) + ";" for label in labels], dtype=object)

    group, period, area, row = np.nonzero(np.broadcast_to(mask, (len(groups), *mask.shape)))
    if not previous:  # no figures for a group in a period that begins before the group existed
        first_month = np.array([calendar.windows[w][0] if w < len(calendar.windows) else -1 for w in calendar.window_of])
        begins = np.array([month_index(*GROUP_BEGINS[g]) if g in GROUP_BEGINS else -1 for g in groups])
        keep = first_month[period] >= begins[group]
        group, period, area, row = group[keep], period[keep], area[keep], row[keep]
    window = windows[period]
    persons = figures.persons[group, area, window, row]
    full_time = figures.full_time[group, area, window, row]
    shares = np.where(row == 0, figures.share_tenths[group, area, window], len(texts.shares) - 1)
    pieces = np.empty((len(row), 5), dtype=object)
    pieces[:, 0] = prefix[(group * len(codes) + period) * len(areas) + area]
    pieces[:, 1] = dims[row]
    pieces[:, 2] = texts.numbers[persons]
    pieces[:, 3] = texts.numbers[full_time]
    pieces[:, 4] = texts.shares[shares]
    header = ";".join(["Område", "Periode", *(["Ydelsesgrupper"] if groups != (None,) else []), *columns, *TABLE_MEASURES.get(table, MEASURES)])
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(header + "\n")
        handle.write("".join(pieces.ravel().tolist()))
    return len(row)


def write_sources(folder: Path, full: bool) -> None:
    mode = (
        "fuld (`--fuld --til MAPPE`): alle områder, perioder og opdelinger."
        if full
        else "kompakt (standard): udsnittet, der ligger i examples/; se scriptets docstring."
    )
    lines = [
        "# SYNTETISKE eksempeldata, lavet af scripts/make_example_data.py med et fast frø.",
        "# De er ikke offentliggjorte tal; et brev bygget på dem angiver kilden som",
        '# "Eksempeldata (ikke officielle tal)".',
        f"# Skrevet i tilstanden {mode}",
        "tabeller:",
    ]
    for table, (name, *_) in SCHEMES.items():
        columns = (*(["Ydelsesgrupper"] if table == "ptv_a02" else []), *dimension_labels(table)[0])
        lines += [f"  {table}:", f"    navn: {name}", "    kilde: Eksempeldata", "    eksempeldata: true",
                  f"    dimensioner: [{', '.join(columns)}]"]
    lines += [f"  {AWARDS_TABLE}:", f"    navn: {AWARDS_NAME}", "    kilde: Eksempeldata", "    eksempeldata: true",
              "    dimensioner: [Hoveddiagnose]"]
    lines += [f"  {POPULATION_TABLE}:", f"    navn: {POPULATION_NAME}", "    kilde: Eksempeldata", "    eksempeldata: true",
              "    dimensioner: [Køn, Alder, Herkomst]",
              '    bemærkning: Syntetiske befolkningstal i FOLK1E\'s form; "60 år og derover" er 60-66 år.']
    (folder / "kilder.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ main


def copy_real_kontanthjaelp(shared: Path) -> Path:
    frame = pd.read_csv(shared / KONTANTHJAELP_SOURCE, sep=";", dtype=str, keep_default_na=False)
    target = DATA / "y60a02_2026-08-22.csv"
    frame.rename(columns=KONTANTHJAELP_COLUMNS).to_csv(target, sep=";", index=False, lineterminator="\n")
    return target


def write_synthetic(folder: Path, full: bool) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    setting = make_setting()
    anchors = anchor_figures()
    figures = {table: table_figures(setting, table, anchors) for table in SCHEMES}
    largest = max(int(max(f.persons.max(), f.full_time.max())) for f in figures.values())
    assert min(int(min(f.persons.min(), f.full_time.min(), f.share_tenths.min())) for f in figures.values()) >= 0
    texts = Texts(danish_integers(largest + 1), danish_shares(max(int(f.share_tenths.max()) for f in figures.values()) + 1))
    counts = {}
    for table, table_figures_ in figures.items():
        current_mask, previous_mask = row_masks(setting, table, full)
        for date, mask, previous in ((CURRENT, current_mask, False), (PREVIOUS, previous_mask, True)):
            name = f"{table}_{date}.csv"
            counts[name] = write_extract(folder / name, setting, table, table_figures_, mask, previous, texts)
    counts[f"{AWARDS_TABLE}_{CURRENT}.csv"] = write_awards(folder, setting, full)
    counts[f"{POPULATION_TABLE}_{CURRENT}.csv"] = write_population(folder, setting, full)
    write_sources(folder, full)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--fuld", action="store_true", help="alle rækker (til test); kræver --til")
    parser.add_argument("--til", type=Path, help="skriv de syntetiske udtræk her i stedet for i examples/")
    args = parser.parse_args()
    if args.fuld and args.til is None:
        parser.error("--fuld skriver ~220 MB og kræver --til MAPPE (ikke examples/)")
    started = time.perf_counter()
    if args.til is None:
        if (args.shared / KONTANTHJAELP_SOURCE).is_file():
            print(f"skrev {copy_real_kontanthjaelp(args.shared)}")
        else:
            print(f"sprang de rigtige kontanthjælpstal over: {args.shared / KONTANTHJAELP_SOURCE} findes ikke")
    folder = args.til if args.til is not None else SYNTHETIC
    counts = write_synthetic(folder, args.fuld)
    size = sum((folder / name).stat().st_size for name in counts) + (folder / "kilder.yaml").stat().st_size
    print(f"skrev syntetiske udtræk ({'fuld' if args.fuld else 'kompakt'}) i {folder}: "
          f"{sum(counts.values())} rækker, {size / 1e6:.2f} MB, {time.perf_counter() - started:.1f} s")
    if not args.fuld and size > SIZE_BUDGET:
        print(f"ADVARSEL: {size / 1e6:.2f} MB er over budgettet på {SIZE_BUDGET / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
