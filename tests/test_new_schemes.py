"""Issue 24's questions that the catalogue now answers from free text, on the example data: each gives a
draft whose figure is the extract's, and its final is refused only because the figures are example data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from questionfiles import asked, write_question_file
from readback import body_text

from generator.reply import NotFinalError, generate_reply

SYNTHETIC = Path(__file__).resolve().parent.parent / "examples" / "data" / "eksempeldata"


def newest_total(table: str, area: str, measure_starts: str, ages: tuple[str, ...] = ("I alt",)) -> float:
    """A figure read straight from the CSV (not through svarbrev): the newest rolling year, every group but
    the age bands asked for at their total, the bands added up."""
    frame = pd.read_csv(SYNTHETIC / f"{table}_2025-06-30.csv", sep=";", dtype=str)
    rows = frame[(frame["Område"] == area) & frame["Periode"].str.contains("QMAT")]
    for column in ("Køn", "Herkomst", "Varighed"):
        if column in rows:
            rows = rows[rows[column] == "I alt"]
    rows = rows[rows["Alder"].isin(ages)]
    rows = rows[rows["Periode"] == rows["Periode"].max()]
    column = next(name for name in frame.columns if name.startswith(measure_starts))
    return float(rows[column].str.replace(".", "", regex=False).str.replace(",", ".", regex=False).astype(float).sum())


def danish(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def draft_and_final(tmp_path: Path, question: str) -> tuple[str, list[str]]:
    path = write_question_file(tmp_path / "spm.yaml", [asked(question)], data=SYNTHETIC)
    text = body_text(generate_reply(path, tmp_path / "udkast.docx").output).replace("\u00a0", " ")
    with pytest.raises(NotFinalError) as refused:
        generate_reply(path, tmp_path / "endelig.docx", final=True)
    return text, refused.value.problems


def only_example_data_stands_in_the_way(problems: list[str]) -> bool:
    return bool(problems) and all("eksempeldata" in problem for problem in problems)


def test_young_people_on_uddannelseshjaelp(tmp_path: Path) -> None:
    text, problems = draft_and_final(tmp_path, "Hvor mange unge københavnere modtager uddannelseshjælp?")
    persons = newest_total("y38a02", "København", "Antal personer", ages=("16-24 år", "25-29 år"))
    assert f"Blandt de 16-29-årige var der i perioden fra 2. kvartal 2024 til 1. kvartal 2025 {danish(persons)} københavnere på uddannelseshjælp." in text
    assert only_example_data_stands_in_the_way(problems)


def test_selvforsoergelse_in_aarhus(tmp_path: Path) -> None:
    text, problems = draft_and_final(tmp_path, "Hvor mange modtager selvforsørgelses- og hjemrejseydelse i Aarhus?")
    persons = newest_total("y35a02", "Aarhus", "Antal personer")
    assert f"var {danish(persons)} borgere i Aarhus Kommune på selvforsørgelses- og hjemrejseydelse eller overgangsydelse." in text
    assert only_example_data_stands_in_the_way(problems)


def test_the_unemployment_rate_against_the_country(tmp_path: Path) -> None:
    text, problems = draft_and_final(tmp_path, "Hvad er ledighedsprocenten i København sammenlignet med landsgennemsnittet?")
    home = newest_total("y25i01", "København", "Ledige fuldtidspersoner i pct.")
    country = newest_total("y25i01", "Hele landet", "Ledige fuldtidspersoner i pct.")
    assert f"I København er {danish(home, 1)} procent af arbejdsstyrken ledige (opgjort i fuldtidspersoner)." in text
    assert f"Landsgennemsnittet er {danish(country, 1)} procent." in text
    assert only_example_data_stands_in_the_way(problems)


def the_letter_follows_the_row(tmp_path: Path, data: Path, table: str, row_start: str, question: str, sentence: str) -> None:
    """The sentence (with {} for the persons) holds the figure of the extract's row, and follows it when it changes."""
    path = data / f"{table}_2025-06-30.csv"
    (row,) = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(row_start)]
    persons, rest = row[len(row_start):].split(";", 1)
    assert persons != "4.321"  # so the second letter can only pass by following the change
    written = write_question_file(tmp_path / "spm.yaml", [asked(question)], data=data)
    for figure in (persons, "4.321"):
        path.write_text(path.read_text(encoding="utf-8").replace(row, f"{row_start}{figure};{rest}"), encoding="utf-8")
        row = f"{row_start}{figure};{rest}"
        text = body_text(generate_reply(written, tmp_path / "udkast.docx", overwrite=True).output).replace("\u00a0", " ")
        assert sentence.format(figure) in text


def test_seniorpension_in_a_municipality_follows_the_data(tmp_path: Path, synthetic_data: Path) -> None:
    """Seniorpension is a benefit group of ptv_a02 (the row "Seniorpension" under Ydelsesgrupper)."""
    the_letter_follows_the_row(tmp_path, synthetic_data, "ptv_a02", "Haderslev;2025QMAT01;Seniorpension;I alt;I alt;",
                               "Hvor mange er på seniorpension i Haderslev?", "var {} borgere i Haderslev Kommune på seniorpension.")


def test_seniorpension_before_it_began_has_no_figures(tmp_path: Path) -> None:
    path = write_question_file(tmp_path / "spm.yaml", [asked("Hvor mange var på seniorpension i København i 2018?")], data=SYNTHETIC)
    text = body_text(generate_reply(path, tmp_path / "udkast.docx").output).replace("\u00a0", " ")
    assert "udtrækket har ingen tal for perioden 2018" in text and "på seniorpension." not in text


def test_activity_ready_kontanthjaelp_recipients_follow_the_data(tmp_path: Path, synthetic_data: Path) -> None:
    """The visitation category is a filter on kontant- and uddannelseshjælp (the column Visitationskategori)."""
    the_letter_follows_the_row(
        tmp_path, synthetic_data, "y60a02", "København;2025QMAT01;I alt;I alt;I alt;I alt;Aktivitetsparat;",
        "Hvor mange aktivitetsparate kontanthjælpsmodtagere er der i København?",
        "Blandt de aktivitetsparate var der i perioden fra 2. kvartal 2024 til 1. kvartal 2025 {} københavnere på kontanthjælp.",
    )


def test_a_visitation_category_of_another_scheme_is_marked_never_everyone(tmp_path: Path) -> None:
    from generator.mapping import matcher_for
    from generator.metrics.catalogue import load_catalogue

    result = matcher_for(load_catalogue()).match("Hvor mange aktivitetsparate sygedagpengemodtagere er der i Vejle?")
    assert result.calls == () and [u.text for u in result.unhonoured] == ["aktivitetsparate"]
    path = write_question_file(tmp_path / "spm.yaml", [asked("Kategorier?", "{id: sygedagpenge.antal, visitation: Aktivitetsparat}")], data=SYNTHETIC)
    text = body_text(generate_reply(path, tmp_path / "udkast.docx").output)
    assert "tabellen y07a02 er ikke opdelt på visitation" in text
