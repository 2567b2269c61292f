"""Metric calls with parameters: the letter answers the area, period, group and breakdown asked for.

Every test writes a small data folder in Jobindsats' layout with dimension columns (Køn, Alder,
Herkomst) and "I alt" total rows, asks for a parameterised call, and reads the Word file back.
The expected figures are the cells written below (or sums and means of them, worked out here by
hand); a second run after changing one cell shows the letter follows the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from questionfiles import asked, write_question_file
from readback import readable

from generator.errors import QuestionFileError
from generator.questionfile import QuestionPlan
from generator.reply import NotFinalError, generate_reply

HEADER = "Område;Periode;Køn;Alder;Herkomst;Antal personer;Antal fuldtidspersoner;Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"
ALT = "I alt"

# (area, period, køn, alder, herkomst) → (persons, full-time persons, share)
CELLS: dict[tuple[str, str, str, str, str], tuple[str, str, str]] = {
    # København, newest rolling year, with køn × alder and herkomst
    ("København", "2025QMAT01", ALT, ALT, ALT): ("6.400", "5.120", "1,3"),
    ("København", "2025QMAT01", "Kvinder", ALT, ALT): ("3.700", "2.900", ".."),
    ("København", "2025QMAT01", "Mænd", ALT, ALT): ("2.700", "2.220", ".."),
    ("København", "2025QMAT01", ALT, "16-24 år", ALT): ("300", "240", ".."),
    ("København", "2025QMAT01", ALT, "25-29 år", ALT): ("600", "480", ".."),
    ("København", "2025QMAT01", ALT, "30-59 år", ALT): ("4.500", "3.600", ".."),
    ("København", "2025QMAT01", ALT, "60 år og derover", ALT): ("1.000", "800", ".."),
    ("København", "2025QMAT01", "Kvinder", "16-24 år", ALT): ("170", "130", ".."),
    ("København", "2025QMAT01", "Kvinder", "25-29 år", ALT): ("390", "300", ".."),
    ("København", "2025QMAT01", "Kvinder", "30-59 år", ALT): ("2.600", "2.060", ".."),
    ("København", "2025QMAT01", "Kvinder", "60 år og derover", ALT): ("540", "410", ".."),
    ("København", "2025QMAT01", "Mænd", "16-24 år", ALT): ("130", "110", ".."),
    ("København", "2025QMAT01", "Mænd", "25-29 år", ALT): ("210", "180", ".."),
    ("København", "2025QMAT01", "Mænd", "30-59 år", ALT): ("1.900", "1.540", ".."),
    ("København", "2025QMAT01", "Mænd", "60 år og derover", ALT): ("460", "390", ".."),
    ("København", "2025QMAT01", ALT, ALT, "Personer med dansk oprindelse"): ("4.000", "3.200", ".."),
    ("København", "2025QMAT01", ALT, ALT, "Indvandrere fra vestlige lande"): ("500", "400", ".."),
    ("København", "2025QMAT01", ALT, ALT, "Indvandrere fra ikke-vestlige lande"): ("1.200", "960", ".."),
    ("København", "2025QMAT01", ALT, ALT, "Efterkommere fra vestlige lande"): ("100", "80", ".."),
    ("København", "2025QMAT01", ALT, ALT, "Efterkommere fra ikke-vestlige lande"): ("600", "480", ".."),
    # Other areas, newest rolling year: totals only
    ("Hele landet", "2025QMAT01", ALT, ALT, ALT): ("75.000", "60.600", "2,0"),
    ("Vejle", "2025QMAT01", ALT, ALT, ALT): ("1.630", "1.310", "2,2"),
    ("Horsens", "2025QMAT01", ALT, ALT, ALT): ("1.130", "890", "1,9"),
    ("Aarhus", "2025QMAT01", ALT, ALT, ALT): ("4.330", "3.470", "1,8"),
    ("Odense", "2025QMAT01", ALT, ALT, ALT): ("3.410", "2.710", "2,6"),
    ("Aalborg", "2025QMAT01", ALT, ALT, ALT): ("3.000", "2.400", "2,1"),
    ("Esbjerg", "2025QMAT01", ALT, ALT, ALT): ("1.500", "1.200", "2,1"),
    ("Randers", "2025QMAT01", ALT, ALT, ALT): ("1.400", "1.100", "2,2"),
    # The calendar year 2023 as a rolling year ending in its fourth quarter (published)
    ("København", "2023QMAT04", ALT, ALT, ALT): ("6.000", "4.800", "1,2"),
    ("København", "2023QMAT04", "Kvinder", ALT, ALT): ("3.500", "2.800", ".."),
    ("København", "2023QMAT04", "Mænd", ALT, ALT): ("2.500", "2.000", ".."),
    ("Hele landet", "2023QMAT04", ALT, ALT, ALT): ("70.000", "56.000", "1,9"),
    ("Vejle", "2023QMAT04", ALT, ALT, ALT): ("1.500", "1.200", "2,0"),
    ("Vejle", "2022QMAT04", ALT, ALT, ALT): ("1.400", "1.100", "1,9"),
}
# Monthly totals for København in 2022 (no published yearly figure): the year is their mean.
MONTHS_2022 = [("5.000", "4.000"), ("5.100", "4.100"), ("5.200", "4.200"), ("5.300", "4.300"), ("5.400", "4.400"), ("5.500", "4.500"),
               ("5.600", "4.600"), ("5.700", "4.700"), ("5.800", "4.800"), ("5.900", "4.900"), ("6.000", "5.000"), ("6.100", "5.100")]
YEARS = {  # published yearly figures, full-time persons: København and Hele landet (not Vejle)
    "København": {2019: "4.000", 2020: "4.400", 2021: "4.200", 2022: "4.600", 2023: "5.000"},
    "Hele landet": {2019: "50.000", 2020: "51.000", 2021: "52.000", 2022: "53.000", 2023: "54.000"},
}


def write_data(folder: Path, cells: dict = CELLS) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "kilder.yaml").write_text(
        "tabeller:\n  y07a02:\n    navn: Sygedagpenge\n    kilde: Jobindsats.dk\n    dimensioner: [Køn, Alder, Herkomst]\n"
        "  y08a02:\n    navn: Fleksjob\n    kilde: Jobindsats.dk\n",
        encoding="utf-8",
    )
    lines = [HEADER] + [";".join([*key, *value]) for key, value in cells.items()]
    lines += [f"København;2022M{month:02d};{ALT};{ALT};{ALT};{p};{f};.." for month, (p, f) in enumerate(MONTHS_2022, start=1)]
    lines += [f"{area};{year}Y01;{ALT};{ALT};{ALT};..;{f};.." for area, years in YEARS.items() for year, f in years.items()]
    (folder / "y07a02_2025-06-30.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "y08a02_2025-06-30.csv").write_text(
        "Område;Periode;Antal personer;Antal fuldtidspersoner;Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år\n"
        "København;2025QMAT01;5.192;4.448;1,1\n",
        encoding="utf-8",
    )
    return folder


def question_file(folder: Path, *calls: str, text: str = "Spørgsmål?", questions: Sequence[QuestionPlan] = ()) -> Path:
    dates = {"date": datetime.date(2025, 7, 1), "letter_date": datetime.date(2025, 7, 15)}
    questions = questions or [asked(text, call) for call in calls]
    return write_question_file(folder / "spm.yaml", questions, data=folder / "data", subject="sygedagpenge", **dates)


def letter(tmp_path: Path, *calls: str, final: bool = False, cells: dict = CELLS) -> tuple[str, list[list[list[str]]], list[str]]:
    write_data(tmp_path / "data", cells)
    generated = generate_reply(question_file(tmp_path, *calls), tmp_path / "svar.docx", overwrite=True, final=final)
    document = docx.Document(str(generated.output))
    text = "\n".join(readable(p.text) for p in document.paragraphs)
    tables = [[[readable(cell.text) for cell in row.cells] for row in table.rows] for table in document.tables]
    return text, tables, generated.reply.warnings


def paragraphs_of(path: Path) -> str:
    return "\n".join(readable(p.text) for p in docx.Document(str(path)).paragraphs)


def changed(key: tuple, persons: str, full_time: str = "..") -> dict:
    cells = dict(CELLS)
    share = cells[key][2]
    cells[key] = (persons, full_time if full_time != ".." else cells[key][1], share)
    return cells


# --- område ---------------------------------------------------------------------------------------


def test_an_area_is_named_and_its_figures_are_used(tmp_path):
    text, _, warnings = letter(tmp_path, "{id: sygedagpenge.antal, område: Vejle}")
    assert "var 1.630 borgere i Vejle Kommune på sygedagpenge" in text
    assert "Målt i fuldtidspersoner svarer det til 1.310." in text
    assert "6.400" not in text and warnings == []

    text, _, _ = letter(tmp_path, "{id: sygedagpenge.antal, område: Vejle}", cells=changed(("Vejle", "2025QMAT01", ALT, ALT, ALT), "1.777"))
    assert "var 1.777 borgere i Vejle Kommune" in text


def test_several_areas_give_a_table_with_a_row_each(tmp_path):
    text, tables, _ = letter(tmp_path, "{id: sygedagpenge.antal, område: [Vejle, Horsens]}")
    assert "i Vejle Kommune og Horsens Kommune" in text
    assert tables[0][1:] == [["Vejle", "1.630", "1.310"], ["Horsens", "1.130", "890"]]


# --- periode --------------------------------------------------------------------------------------


def test_a_year_published_as_a_rolling_year_is_named_as_the_year(tmp_path):
    text, _, _ = letter(tmp_path, '{id: sygedagpenge.antal, periode: "2023"}')
    assert "I 2023 var 6.000 københavnere på sygedagpenge." in text
    assert "siden opgørelsen" not in text  # the change since the last extract belongs to the newest period only


def test_a_year_of_monthly_figures_is_their_mean_and_says_so(tmp_path):
    text, _, _ = letter(tmp_path, '{id: sygedagpenge.antal, periode: "2022"}')
    # (5.000 + 5.100 + … + 6.100) / 12 = 5.550; full-time (4.000 + … + 5.100) / 12 = 4.550
    assert "I 2022 var der i gennemsnit 5.550 københavnere på sygedagpenge." in text
    assert "svarer det til 4.550" in text
    assert "gennemsnit af periodens månedstal, beregnet af forvaltningen" in text
    assert "svarbrev" not in text


def test_a_quarter_of_monthly_figures_is_the_mean_of_its_three_months(tmp_path):
    text, _, _ = letter(tmp_path, '{id: sygedagpenge.antal, periode: "2022K2"}')
    assert "I 2. kvartal 2022 var der i gennemsnit 5.400 københavnere" in text  # (5.300 + 5.400 + 5.500) / 3


def test_a_month_is_read_as_published(tmp_path):
    text, _, _ = letter(tmp_path, '{id: sygedagpenge.antal, periode: "2022-03"}')
    assert "I marts 2022 var 5.200 københavnere på sygedagpenge." in text


def test_a_period_the_data_does_not_have_is_a_gap_and_blocks_the_final(tmp_path):
    text, _, warnings = letter(tmp_path, '{id: sygedagpenge.antal, periode: "2018"}')
    assert "[Data mangler til sygedagpenge.antal" in text and "2018" in text
    assert warnings and "2018" in warnings[0]
    with pytest.raises(NotFinalError):
        letter(tmp_path, '{id: sygedagpenge.antal, periode: "2018"}', final=True)


# --- filters and breakdowns -----------------------------------------------------------------------


def test_an_age_range_adds_up_the_bands_that_make_it(tmp_path):
    text, _, _ = letter(tmp_path, '{id: sygedagpenge.antal, alder: "16-29"}')
    assert "Blandt de 16-29-årige var der i perioden fra 2. kvartal 2024 til 1. kvartal 2025 900 københavnere" in text  # 300 + 600
    assert "svarer det til 720" in text  # 240 + 480


def test_an_age_range_the_bands_cannot_make_is_refused_in_the_letter(tmp_path):
    text, _, warnings = letter(tmp_path, '{id: sygedagpenge.antal, alder: "18-29"}')
    assert "[Data mangler" in text and "kan ikke dannes af udtrækkets grupper" in text
    assert warnings


def test_a_sex_filter_reads_that_row(tmp_path):
    text, _, _ = letter(tmp_path, "{id: sygedagpenge.antal, køn: Kvinder}")
    assert "Blandt kvinderne var der" in text and "3.700 københavnere" in text

    text, _, _ = letter(tmp_path, "{id: sygedagpenge.antal, køn: Kvinder}", cells=changed(("København", "2025QMAT01", "Kvinder", ALT, ALT), "3.701"))
    assert "3.701 københavnere" in text


def test_a_collective_origin_adds_up_its_groups(tmp_path):
    text, _, _ = letter(tmp_path, "{id: sygedagpenge.antal, herkomst: Indvandrere}")
    assert "Blandt indvandrere var der" in text and "1.700 københavnere" in text  # 500 + 1.200


def test_a_breakdown_by_sex_is_a_table_with_a_row_per_sex_and_the_total(tmp_path):
    text, tables, _ = letter(tmp_path, "{id: sygedagpenge.antal, opdeling: [køn]}")
    assert "fordelt på køn" in text
    assert tables[0] == [["", "Antal personer", "Antal fuldtidspersoner"], ["Kvinder", "3.700", "2.900"], ["Mænd", "2.700", "2.220"], ["I alt", "6.400", "5.120"]]


def test_two_breakdowns_cross_age_rows_with_a_column_per_sex(tmp_path):
    _, tables, _ = letter(tmp_path, "{id: sygedagpenge.antal, opdeling: [alder, køn]}")
    assert tables[0][0] == ["", "Kvinder", "Mænd", "I alt"]
    assert tables[0][1] == ["16-24 år", "170", "130", "300"]
    assert tables[0][4] == ["60 år og derover", "540", "460", "1.000"]


def test_a_filter_on_a_table_without_that_dimension_is_a_gap_not_a_total(tmp_path):
    text, _, _warnings = letter(tmp_path, "{id: fleksjob.antal, køn: Kvinder}")
    assert "[Data mangler til fleksjob.antal" in text and "ikke opdelt på køn" in text
    assert "5.192" not in text


# --- comparisons and development -----------------------------------------------------------------


def test_compare_with_named_areas(tmp_path):
    text, tables, _ = letter(tmp_path, "{id: sygedagpenge.sammenligning, sammenlign_med: [Aarhus, Odense]}")
    assert "I København er 1,3 procent af arbejdsstyrken på sygedagpenge" in text
    assert "Det er en lavere andel end i Aarhus og Odense." in text
    assert [row[0] for row in tables[0][1:]] == ["Hele landet", "København", "Odense", "Aarhus"]


def test_another_area_compared_with_the_default_group(tmp_path):
    text, tables, _ = letter(tmp_path, "{id: sygedagpenge.sammenligning, område: Vejle}")
    assert "I Vejle Kommune er 2,2 procent" in text
    # Vejle 2,2 against the 6-byer: Odense 2,6 higher; Esbjerg 2,1, København 1,3, Aalborg 2,1, Aarhus 1,8 lower (Danish order); Randers 2,2 the same
    assert "en lavere andel end i Odense, en højere andel end i Esbjerg, København, Aalborg og Aarhus og samme andel som i Randers" in text
    assert len(tables[0]) == 1 + 8


def test_development_between_two_years_with_figures_and_a_comparison(tmp_path):
    text, tables, _ = letter(tmp_path, '{id: sygedagpenge.udvikling, fra: "2019", til: "2023", sammenlign_med: [Hele landet]}')
    # København 4.000 → 5.000 (+25 %), not every year up; Hele landet 50.000 → 54.000 (+8 %), every year up
    assert "I København er antallet af fuldtidspersoner på sygedagpenge steget fra 4.000 i 2019 til 5.000 i 2023, en stigning på 25 procent." in text
    assert "Antallet steg frem til 2020 (4.400), faldt frem til 2021 (4.200) og steg derefter." in text
    assert "På landsplan er antallet af fuldtidspersoner på sygedagpenge steget løbende fra 50.000 i 2019 til 54.000 i 2023, en stigning på 8 procent." in text
    assert "Stigningen i København er større end på landsplan." in text
    assert tables[0][0] == ["År", "København", "Hele landet"] and len(tables[0]) == 6


def test_a_development_between_two_months_runs_month_by_month(tmp_path):
    text, tables, _ = letter(tmp_path, '{id: sygedagpenge.udvikling, fra: "2022-03", til: "2022-08"}')
    # MONTHS_2022, full-time persons: 4.200 in March → 4.700 in August, up every month: +11,9 %
    assert "I København er antallet af fuldtidspersoner på sygedagpenge steget løbende fra 4.200 i marts 2022 til 4.700 i august 2022, en stigning på 12 procent." in text
    assert "Tabel 1 viser udviklingen måned for måned." in text
    assert tables[0][0] == ["Måned", "København"]
    assert [row[0] for row in tables[0][1:]] == ["marts 2022", "april 2022", "maj 2022", "juni 2022", "juli 2022", "august 2022"]
    assert tables[0][1][1] == "4.200" and tables[0][-1][1] == "4.700"
    # The data decides: a lower August makes the series turn.
    lower = dict(CELLS)
    write_data(tmp_path / "data", lower)
    months = tmp_path / "data" / "y07a02_2025-06-30.csv"
    months.write_text(months.read_text(encoding="utf-8").replace("København;2022M08;I alt;I alt;I alt;5.700;4.700", "København;2022M08;I alt;I alt;I alt;4.000;3.900"), encoding="utf-8")
    generated = generate_reply(question_file(tmp_path, '{id: sygedagpenge.udvikling, fra: "2022-03", til: "2022-08"}'), tmp_path / "svar2.docx")
    changed_text = paragraphs_of(generated.output)
    assert "faldet fra 4.200 i marts 2022 til 3.900 i august 2022, et fald på 7 procent" in changed_text
    assert "Antallet steg frem til juli 2022 (4.600) og faldt derefter." in changed_text


def test_a_month_series_the_data_does_not_cover_is_a_gap(tmp_path):
    text, _, _ = letter(tmp_path, '{id: sygedagpenge.udvikling, fra: "2021-11", til: "2022-03"}')
    assert "[Data mangler" in text and "månedstal for København for hele 2021-11 til 2022-03" in text


def test_a_span_beyond_the_data_is_a_gap(tmp_path):
    text, _, _ = letter(tmp_path, '{id: sygedagpenge.udvikling, fra: "2015"}')
    assert "[Data mangler" in text and "2015" in text


# --- refusals in the question file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("{id: sygedagpenge.antal, område: Vejel}", "ukendt område 'Vejel' — mente du 'Vejle'?"),
        ("{id: sygedagpenge.antal, område: Bispebjerg}", "'Bispebjerg' er en del af København; data findes kun pr. kommune"),
        ('{id: sygedagpenge.antal, periode: "2022-13"}', "ukendt periode '2022-13'"),
        ('{id: sygedagpenge.antal, fra: "2020"}', "sygedagpenge.antal kan ikke bruge 'fra'"),
        ("{id: fleksjob.kommunen_som_arbejdsgiver, område: Vejle}", "fleksjob.kommunen_som_arbejdsgiver tager ingen parametre"),
        ("{id: sygedagpenge.antal, køn: Børn}", "ukendt værdi 'Børn' (brug Kvinder, Mænd)"),
        ("{id: sygedagpenge.antal, opdeling: [postnummer]}", "ukendt opdeling 'postnummer'"),
        ("{id: sygedagpenge.antal, alder: unge}", "'unge' er ikke et interval i hele år"),
        ("{id: sygedagpenge.antal, pr_indbyggere: ja}", "sygedagpenge.antal kan ikke bruge 'pr_indbyggere'"),
        ("{id: sygedagpenge.sammenligning, pr_indbyggere: måske}", "spørgsmål[1].metrikker[1].pr_indbyggere: skal være ja eller nej"),
    ],
)
def test_a_parameter_outside_the_contract_is_refused_with_file_line_and_field(tmp_path, call, message):
    write_data(tmp_path / "data")
    with pytest.raises(QuestionFileError) as refused:
        generate_reply(question_file(tmp_path, call), tmp_path / "svar.docx")
    assert message in refused.value.one_line()
    assert refused.value.one_line().startswith(f"{tmp_path / 'spm.yaml'} linje 11: spørgsmål[1].metrikker[1]")
    assert not (tmp_path / "svar.docx").exists()


# --- automatic mapping: never a confident answer to another question ------------------------------


def draft_and_refused_final(tmp_path: Path, question: str) -> tuple[str, list[str], list[str]]:
    """An automatically mapped question's draft (text, warnings) and why its final was refused
    (the final must be refused, and leave no file)."""
    write_data(tmp_path / "data")
    path = question_file(tmp_path, questions=[asked(question)])
    generated = generate_reply(path, tmp_path / "svar.docx")
    with pytest.raises(NotFinalError) as refused:
        generate_reply(path, tmp_path / "endelig.docx", final=True)
    assert not (tmp_path / "endelig.docx").exists()
    return paragraphs_of(generated.output), generated.reply.warnings, refused.value.problems


def test_an_unanswerable_district_is_marked_in_the_draft_and_blocks_the_final(tmp_path):
    text, warnings, problems = draft_and_refused_final(tmp_path, "Hvor mange i Bispebjerg er på sygedagpenge?")
    assert "[Ikke besvaret: »i Bispebjerg« — data findes kun pr. kommune, region og hele landet]" in text
    assert "6.400" not in text
    assert any("i Bispebjerg" in warning for warning in warnings)
    assert any("»i Bispebjerg«" in problem for problem in problems)


def test_an_automatically_mapped_area_and_year_reach_the_letter(tmp_path):
    write_data(tmp_path / "data")
    path = question_file(tmp_path, questions=[asked("Hvor mange i Vejle var på sygedagpenge i 2023?")])
    generated = generate_reply(path, tmp_path / "svar.docx")
    text = paragraphs_of(generated.output)
    assert "I 2023 var 1.500 borgere i Vejle Kommune på sygedagpenge." in text


def test_own_answer_without_metrics_gets_no_figures_and_says_so(tmp_path):
    write_data(tmp_path / "data")
    path = question_file(tmp_path, questions=[asked("Hvor mange er på sygedagpenge?", answer="Det oplyser vi senere.")])
    generated = generate_reply(path, tmp_path / "svar.docx")
    text = paragraphs_of(generated.output)
    assert "Det oplyser vi senere." in text and "6.400" not in text
    assert any("ingen tal tilføjet automatisk" in note for note in generated.reply.notes)


def test_a_year_is_read_from_the_period_the_asked_area_has(tmp_path):
    # 2023Y01 exists for København and Hele landet only; Vejle has the year as 2023QMAT04.
    text, _, warnings = letter(tmp_path, '{id: sygedagpenge.antal, område: Vejle, periode: "2023"}')
    assert "I 2023 var 1.500 borgere i Vejle Kommune på sygedagpenge." in text and warnings == []


def test_a_development_for_another_area_uses_the_years_that_area_has(tmp_path):
    # Yearly codes (2019Y01 …) exist for København and Hele landet only; Vejle has 2022QMAT04 and 2023QMAT04.
    text, tables, _ = letter(tmp_path, "{id: sygedagpenge.udvikling, område: Vejle}")
    assert tables[0][1:] == [["2022", "1.100"], ["2023", "1.200"]]
    assert "I Vejle Kommune er antallet af fuldtidspersoner på sygedagpenge steget løbende fra 1.100 i 2022 til 1.200 i 2023, en stigning på 9 procent." in text


def test_a_development_of_a_single_year_is_a_gap(tmp_path):
    text, _, _ = letter(tmp_path, '{id: sygedagpenge.udvikling, område: Vejle, fra: "2023"}')
    assert "[Data mangler til sygedagpenge.udvikling" in text and "mindst to hele år" in text


def test_a_combination_the_extract_lacks_is_named_plainly(tmp_path):
    # Herkomst exists only as its own rows, not crossed with køn.
    text, _, _ = letter(tmp_path, "{id: sygedagpenge.antal, køn: Kvinder, herkomst: Indvandrere}")
    assert "udtrækket har ikke tal for køn Kvinder, herkomst Indvandrere for København i 2. kvartal 2024 – 1. kvartal 2025]" in text


def test_a_year_with_a_breakdown_is_read_where_the_breakdown_is_published(tmp_path):
    # 2023 is published twice: 2023Y01 (totals only, YEARS) and 2023QMAT04 with køn rows (CELLS).
    text, tables, _ = letter(tmp_path, '{id: sygedagpenge.antal, periode: "2023", opdeling: [køn]}')
    assert "[Data mangler" not in text
    assert tables[0][1:] == [["Kvinder", "3.500", "2.800"], ["Mænd", "2.500", "2.000"], ["I alt", "6.000", "4.800"]]


# --- pr. indbyggere -------------------------------------------------------------------------------


def test_a_figure_per_inhabitants_without_population_data_is_missing_data_never_a_bare_count(tmp_path):
    """"pr. 1.000 indbyggere" is the comparison with its per-1.000 columns (pr_indbyggere: ja); this
    folder has no population extract (FOLK1A), so the draft says so instead of giving Vejle's count
    or another relative figure as the answer (tests/test_per_inhabitants.py has the figures with it)."""
    text, _, problems = draft_and_refused_final(tmp_path, "Hvor mange er på sygedagpenge i Vejle pr. 1.000 indbyggere?")
    assert "[Data mangler til sygedagpenge.sammenligning: tal pr. 1.000 indbyggere kræver indbyggertal: et udtræk af folk1a i datamappen]" in text
    assert "1.630" not in text and "procent af arbejdsstyrken" not in text
    assert any("sygedagpenge.sammenligning mangler data" in problem for problem in problems)


@pytest.mark.parametrize(
    ("question", "marked", "reason", "given", "not_given"),
    [
        # a share of two groups' own population (FOLK1E has one group at a time): the count is the part that can be answered
        ("Hvor stor en andel af kvinderne under 25 år i København er på sygedagpenge?", "Hvor stor en andel",
         "andelen af befolkningen findes kun for én gruppe ad gangen (køn, alder eller herkomst); tallene viser antallet", "københavnere på sygedagpenge", None),
        # a flow: how many receive the benefit is not how many came into work
        ("Hvor mange sygedagpengemodtagere i Vejle kom i job i 2023?", "kom i job",
         "udtrækkene viser, hvor mange der er i ordningen, ikke hvor mange der kommer til eller går fra", None, "1.500"),
        # "hvorfor" beside "hvor mange": the caseworker's to write, not passed over in a signed reply
        ("Hvor mange er på sygedagpenge i Vejle, og hvorfor er tallet steget?", "hvorfor er tallet steget",
         "besvares ikke med tal; skriv svaret under svar", "var 1.630 borgere i Vejle Kommune på sygedagpenge", None),
        # a development per inhabitants: the development shows counts only
        ("Hvordan har sygedagpenge pr. 1.000 indbyggere udviklet sig fra 2023 til 2025?", "pr. 1.000 indbyggere",
         "tal i forhold til indbyggertallet vises kun i en sammenligning med andre områder", None, None),
    ],
)
def test_what_cannot_be_honoured_is_marked_in_the_draft_and_blocks_the_final(tmp_path, question, marked, reason, given, not_given):
    text, _, problems = draft_and_refused_final(tmp_path, question)
    assert f"[Ikke besvaret: »{marked}« — {reason}]" in text
    assert any(f"»{marked}«" in problem for problem in problems)
    assert given is None or given in text
    assert not_given is None or (not_given not in text and "borgere i Vejle" not in text)
