"""A count as a share of the population aged 16-66 (andel_af_befolkningen: ja): of everyone, or of the group a
filter names (sex, age band or origin), in the same area; the population of a period is the mean of Danmarks
Statistik's quarters within it (FOLK1E, fetched as `folk1e_<dato>.csv`, one group at a time). The share is worked
out by the administration and the letter says so; what FOLK1E cannot hold (two groups at once, a duration, a
visitation category) is refused, never answered with another population.

The FOLK1E extract below is hand-written so that the figures can be worked out by hand. Kontanthjælp in Aarhus,
newest period 2025QMAT01 (2024Q2-2025Q1) in the synthetic example data: the counts are read from the CSV, and the
population is 200.000 in every quarter but the last (204.000), mean 201.000; indvandrere (vestlige 8.000 +
ikke-vestlige 22.000 = 30.000) the same in every quarter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from questionfiles import asked, write_question_file
from readback import body_text
from readback import tables as readback_tables

from generator.letter.sidecar import load_sidecar
from generator.reply import generate_reply
from generator.review import check_reply

QUARTERS = ("2024Q01", "2024Q02", "2024Q03", "2024Q04", "2025Q01", "2025Q02")
ROLLING_YEAR = QUARTERS[1:5]
FOLK1E_SOURCE = {
    "navn": "Befolkningen 16-66 år pr. kvartal efter køn, alder og herkomst (FOLK1E)",
    "kilde": "Danmarks Statistik",
    "dimensioner": ["Køn", "Alder", "Herkomst"],
    "bemærkning": 'Indbyggere 16-66 år er summen af aldrene i FOLK1E, beregnet af forvaltningen; "60 år og derover" er 60-66 år.',
}
GROUPS = {  # (Køn, Alder, Herkomst) → inhabitants in every quarter of the rolling year
    ("Kvinder", "I alt", "I alt"): 101_000,
    ("Mænd", "I alt", "I alt"): 99_000,
    ("I alt", "16-24 år", "I alt"): 40_000,
    ("I alt", "25-29 år", "I alt"): 25_000,
    ("I alt", "I alt", "Indvandrere fra vestlige lande"): 8_000,
    ("I alt", "I alt", "Indvandrere fra ikke-vestlige lande"): 22_000,
}


def add_folk1e(data: Path, everyone: dict[str, int] | None = None, groups: dict[tuple[str, str, str], int] = GROUPS, odense: int | None = None) -> None:
    """The extract as `data hent dst:FOLK1E` writes it: one group at a time, the others "I alt"; Aarhus, and with
    `odense` Odense's everyone in every quarter."""
    everyone = everyone or {quarter: 200_000 for quarter in QUARTERS} | {"2025Q01": 204_000}
    lines = ["Område;Periode;Køn;Alder;Herkomst;Indbyggere 16-66 år"]
    for quarter in QUARTERS:
        lines.append(f"Aarhus;{quarter};I alt;I alt;I alt;{everyone[quarter]:,}".replace(",", "."))
        lines += [f"Aarhus;{quarter};{sex};{age};{origin};{count:,}".replace(",", ".") for (sex, age, origin), count in groups.items()]
        lines += [f"Odense;{quarter};I alt;I alt;I alt;{odense:,}".replace(",", ".")] if odense else []
    (data / "folk1e_2025-06-30.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    declare_folk1e(data, FOLK1E_SOURCE)


def declare_folk1e(data: Path, entry: dict | None) -> None:
    """kilder.yaml's entry for folk1e (the synthetic example data declare their own); None: no entry."""
    sources = yaml.safe_load((data / "kilder.yaml").read_text(encoding="utf-8"))
    sources["tabeller"].pop("folk1e", None)
    if entry is not None:
        sources["tabeller"]["folk1e"] = entry
    (data / "kilder.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True, sort_keys=False), encoding="utf-8")


def count(data: Path, sex: str = "I alt", age: str = "I alt", origin: str = "I alt") -> int:
    """Kontanthjælp in Aarhus, newest rolling year, read straight from the example CSV."""
    prefix = f"Aarhus;2025QMAT01;{sex};{age};{origin};I alt;I alt;"
    (line,) = [line for line in (data / "y60a02_2025-06-30.csv").read_text(encoding="utf-8").splitlines() if line.startswith(prefix)]
    return int(line.split(";")[7].replace(".", ""))


def danish(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def percent(part: float, whole: float) -> str:
    return danish(round(part / whole * 100 + 1e-9, 1), 1)


@pytest.fixture
def data(synthetic_data: Path) -> Path:
    add_folk1e(synthetic_data)
    return synthetic_data


def letter(tmp_path: Path, data: Path, call: str, question: str = "Andel?"):
    path = write_question_file(tmp_path / "spm.yaml", [asked(question, call)], data=data, subject="kontanthjælp")
    return generate_reply(path, tmp_path / "udkast.docx", overwrite=True)


def text_of(generated) -> str:
    return body_text(generated.output).replace("\u00a0", " ")


def test_the_share_of_everyone_aged_16_66_is_the_count_over_the_mean_population(tmp_path: Path, data: Path) -> None:
    generated = letter(tmp_path, data, "{id: kontanthjaelp.antal, område: [Aarhus], andel_af_befolkningen: ja}")
    persons = count(data)
    share = percent(persons, 201_000)
    assert (
        f"Antallet af personer er {share} procent af de 201.000 indbyggere på 16-66 år i Aarhus Kommune "
        "(gennemsnittet af befolkningstallene fra 2. kvartal 2024 til 1. kvartal 2025). "
        "Befolkningstallet er fra Danmarks Statistik, og andelen er beregnet af forvaltningen."
    ) in text_of(generated)
    (figure,) = [f for f in load_sidecar(generated.sidecar).figures if f.text == share]
    assert figure.computation == f"{danish(persons)} / 201.000 × 100 = {share} (befolkningstal: gennemsnit af 4 kvartalstal)"
    population = next(f for f in load_sidecar(generated.sidecar).figures if f.text == "201.000")
    assert population.computation == "gennemsnit af 4 kvartalstal"
    assert check_reply(generated.output, generated.sidecar) == []


@pytest.mark.parametrize(
    ("filters", "key", "population", "group"),
    [
        ("herkomst: Indvandrere", ("I alt", "I alt", "Indvandrere fra vestlige lande"), 30_000, "indvandrere på 16-66 år"),
        ("køn: Kvinder", ("Kvinder", "I alt", "I alt"), 101_000, "kvinder på 16-66 år"),
        ("alder: 16-29", ("I alt", "16-24 år", "I alt"), 65_000, "indbyggere i alderen 16-29 år"),
    ],
)
def test_the_share_of_a_group_is_of_the_groups_own_population(tmp_path: Path, data: Path, filters: str, key: tuple, population: int, group: str) -> None:
    generated = letter(tmp_path, data, f"{{id: kontanthjaelp.antal, område: [Aarhus], {filters}, andel_af_befolkningen: ja}}")
    if key[2].startswith("Indvandrere"):
        persons = count(data, origin="Indvandrere fra vestlige lande") + count(data, origin="Indvandrere fra ikke-vestlige lande")
    elif key[0] == "Kvinder":
        persons = count(data, sex="Kvinder")
    else:
        persons = count(data, age="16-24 år") + count(data, age="25-29 år")
    assert f"Antallet af personer er {percent(persons, population)} procent af de {danish(population)} {group} i Aarhus Kommune" in text_of(generated)


def test_the_share_follows_the_population_in_the_data(tmp_path: Path, data: Path) -> None:
    add_folk1e(data, everyone={quarter: 100_000 for quarter in QUARTERS})
    generated = letter(tmp_path, data, "{id: kontanthjaelp.antal, område: [Aarhus], andel_af_befolkningen: ja}")
    assert f"Antallet af personer er {percent(count(data), 100_000)} procent af de 100.000 indbyggere på 16-66 år" in text_of(generated)


@pytest.mark.parametrize(
    ("call", "says"),
    [
        ("{id: kontanthjaelp.antal, område: [Aarhus], køn: Kvinder, herkomst: Indvandrere, andel_af_befolkningen: ja}", "kræver højst ét filter"),
        ("{id: kontanthjaelp.antal, område: [Aarhus], varighed: 12-, andel_af_befolkningen: ja}", "varighed har ingen"),
        ("{id: kontanthjaelp.antal, område: [Aarhus], visitation: Jobparat, andel_af_befolkningen: ja}", "visitation har ingen"),
        ("{id: kontanthjaelp.antal, område: [Aarhus], opdeling: [køn], andel_af_befolkningen: ja}", "vises uden opdeling"),
        ("{id: kontanthjaelp.antal, område: [Odense], andel_af_befolkningen: ja}", "Odense' har ingen række for 'Indbyggere 16-66 år'"),
    ],
)
def test_what_folk1e_cannot_hold_is_refused_in_the_draft(tmp_path: Path, data: Path, call: str, says: str) -> None:
    assert says in text_of(letter(tmp_path, data, call))


def test_several_places_are_a_table_with_each_places_population_and_share(tmp_path: Path, data: Path) -> None:
    add_folk1e(data, odense=120_000)
    generated = letter(tmp_path, data, "{id: kontanthjaelp.antal, område: [Aarhus, Odense], andel_af_befolkningen: ja}")
    table = next(t for t in readback_tables(generated.output) if t[0][0] == "")
    odense = count_in(data, "Odense")
    assert table[0] == ["", "Antal personer", "Antal fuldtidspersoner", "Befolkning 16-66 år", "Andel af befolkningen (pct.)**"]
    assert table[1][0] == "Aarhus" and table[1][3:] == ["201.000", percent(count(data), 201_000)]
    assert table[2][0] == "Odense" and table[2][3:] == ["120.000", percent(odense, 120_000)]
    text = text_of(generated)
    assert "og antallet i procent af indbyggere på 16-66 år." in text
    assert "** Antal personer i procent af de indbyggere på 16-66 år (befolkningen er gennemsnittet af befolkningstallene fra 2. kvartal 2024 til 1. kvartal 2025, Danmarks Statistik); beregnet af forvaltningen." in text
    assert check_reply(generated.output, generated.sidecar) == []


def count_in(data: Path, area: str) -> int:
    prefix = f"{area};2025QMAT01;I alt;I alt;I alt;I alt;I alt;"
    (line,) = [line for line in (data / "y60a02_2025-06-30.csv").read_text(encoding="utf-8").splitlines() if line.startswith(prefix)]
    return int(line.split(";")[7].replace(".", ""))


def test_without_a_folk1e_extract_the_draft_says_what_to_fetch(tmp_path: Path, synthetic_data: Path) -> None:
    (synthetic_data / "folk1e_2025-06-30.csv").unlink()
    declare_folk1e(synthetic_data, None)
    text = text_of(letter(tmp_path, synthetic_data, "{id: kontanthjaelp.antal, område: [Aarhus], andel_af_befolkningen: ja}"))
    assert "andelen af befolkningen kræver befolkningstal: et udtræk af folk1e i datamappen (svarbrev data hent dst:FOLK1E)" in text


def test_the_sidecar_names_folk1e_among_the_reads(tmp_path: Path, data: Path) -> None:
    generated = letter(tmp_path, data, "{id: kontanthjaelp.antal, område: [Aarhus], herkomst: Indvandrere, andel_af_befolkningen: ja}")
    sidecar = json.loads(generated.sidecar.read_text(encoding="utf-8"))
    assert "folk1e_2025-06-30.csv" in json.dumps(sidecar, ensure_ascii=False)


def test_the_synthetic_folk1e_adds_up_and_holds_every_group_counted(synthetic_data: Path) -> None:
    """The example data's population (scripts/make_example_data.py): each dimension's groups sum to everyone, and no
    group counted on kontanthjælp is larger than its population."""
    import pandas as pd

    population = pd.read_csv(synthetic_data / "folk1e_2025-06-30.csv", sep=";", thousands=".", dtype={"Indbyggere 16-66 år": int})
    value = "Indbyggere 16-66 år"
    everyone = population[(population[["Køn", "Alder", "Herkomst"]] == "I alt").all(axis=1)].set_index(["Område", "Periode"])[value]
    for column in ("Køn", "Alder", "Herkomst"):
        groups = population[population[column] != "I alt"].groupby(["Område", "Periode"])[value].sum()
        assert groups.equals(everyone.loc[groups.index]), column
    regions = population[population["Område"].str.startswith("Region") & (population["Køn"] == "I alt") & (population["Alder"] == "I alt") & (population["Herkomst"] == "I alt")]
    assert regions.groupby("Periode")[value].sum().equals(everyone.xs("Hele landet", level="Område").loc[regions["Periode"].unique()])
    assert count(synthetic_data, origin="Indvandrere fra ikke-vestlige lande") < population[
        (population["Område"] == "Aarhus") & (population["Periode"] == "2025Q01") & (population["Herkomst"] == "Indvandrere fra ikke-vestlige lande")
    ][value].iloc[0]
