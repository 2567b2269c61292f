"""Data extracts: how Jobindsats-style CSV files and kilder.yaml are found, checked and read."""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from generator.errors import DataError, MissingDataError
from generator.metrics import extracts
from generator.metrics.csvfile import read_extract_csv
from generator.metrics.extracts import Cell, Extract, ExtractStore
from generator.metrics.sources import TableInfo

KILDER = """\
tabeller:
  y08a02:
    navn: Fleksjob
    kilde: Jobindsats.dk
  kk_fleksjobansatte:
    navn: Fleksjobansatte i kommunen
    kilde: Egen opgørelse
    eksempeldata: true
"""

FLEKSJOB = [
    "Område;Periode;Antal personer;Antal fuldtidspersoner",
    "København;2025QMAT01;97.443;3,2",
    "Aarhus;2025QMAT01;1.009;12,5",
]


def write_csv(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def data_folder(tmp_path: Path, files: dict[str, list[str]], kilder: str | None = KILDER) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    if kilder is not None:
        (folder / "kilder.yaml").write_text(kilder, encoding="utf-8")
    for name, lines in files.items():
        write_csv(folder, name, lines)
    return folder


def read_lines(tmp_path: Path, lines: list[str]) -> pd.DataFrame:
    return read_extract_csv(write_csv(tmp_path, "y08a02_2025-06-30.csv", lines))


def refusal(tmp_path: Path, lines: list[str]) -> str:
    with pytest.raises(DataError) as caught:
        read_lines(tmp_path, lines)
    message = str(caught.value)
    assert "\n" not in message
    return message


def values_of(cells: list[Cell]) -> list[float]:
    return [cell.value for cell in cells]


def value(frame: pd.DataFrame, area: str, measure: str, period: str = "2025QMAT01") -> float:
    row = frame[(frame.area == area) & (frame.measure == measure) & (frame.period == period)]
    assert len(row) == 1
    return float(row["value"].iloc[0])


# --------------------------------------------------------------------------- numbers


def test_decimal_comma_and_thousands_dot_are_read_as_danish_numbers(tmp_path):
    frame = read_lines(tmp_path, FLEKSJOB)

    assert value(frame, "København", "Antal personer") == 97443.0
    assert value(frame, "København", "Antal fuldtidspersoner") == 3.2
    assert value(frame, "Aarhus", "Antal personer") == 1009.0
    assert value(frame, "Aarhus", "Antal fuldtidspersoner") == 12.5


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1.234.567", 1234567.0), ("1.234,5", 1234.5), ("-5", -5.0), ("-1,5", -1.5), ("0,25", 0.25), ("1234", 1234.0)],
)
def test_valid_number_forms(tmp_path, cell, expected):
    frame = read_lines(tmp_path, ["Område;Periode;Måltal", f"Odense;2025M04;{cell}"])

    assert value(frame, "Odense", "Måltal", "2025M04") == expected


@pytest.mark.parametrize("cell", ["..", "-", "", "   "])
def test_missing_markers_are_missing_not_zero(tmp_path, cell):
    frame = read_lines(tmp_path, ["Område;Periode;Antal personer;Måltal", f"Odense;2025M04;{cell};7"])

    missing = value(frame, "Odense", "Antal personer", "2025M04")
    assert math.isnan(missing)
    assert missing != 0
    assert value(frame, "Odense", "Måltal", "2025M04") == 7.0
    assert frame["value"].dtype == "float64"


@pytest.mark.parametrize("cell", ["3.2", "12.34", "1.2345", "0.123", "1.234.56"])
def test_ambiguous_dot_is_refused_with_file_line_and_column(tmp_path, cell):
    message = refusal(tmp_path, FLEKSJOB + [f"Odense;2025QMAT01;5;{cell}"])

    assert "y08a02_2025-06-30.csv linje 4:" in message
    assert f"ugyldigt tal '{cell}' i kolonnen 'Antal fuldtidspersoner'" in message


def test_non_numeric_cell_is_refused(tmp_path):
    message = refusal(tmp_path, ["Område;Periode;Antal personer", "Odense;2025M04;abc"])

    assert message.endswith("linje 2: ugyldigt tal 'abc' i kolonnen 'Antal personer'")


def test_the_first_bad_cell_in_the_file_is_reported(tmp_path):
    message = refusal(tmp_path, ["Område;Periode;A;B", "Odense;2025M04;1;x", "Vejle;2025M04;y;1"])

    assert "linje 2: ugyldigt tal 'x' i kolonnen 'B'" in message


# --------------------------------------------------------------------------- rows and columns


def test_frame_is_long_with_rows_in_file_order_and_measures_in_column_order(tmp_path):
    frame = read_lines(tmp_path, FLEKSJOB)

    assert list(frame.columns) == ["area", "period", "measure", "value"]
    assert list(zip(frame.area, frame.measure)) == [
        ("København", "Antal personer"),
        ("København", "Antal fuldtidspersoner"),
        ("Aarhus", "Antal personer"),
        ("Aarhus", "Antal fuldtidspersoner"),
    ]
    assert set(frame.period) == {"2025QMAT01"}


def test_unknown_period_code_is_refused_with_its_line(tmp_path):
    message = refusal(tmp_path, ["Område;Periode;Antal personer", "Odense;2025M04;1", "Odense;2025X01;2"])

    assert "linje 3: ukendt periodekode '2025X01'" in message


def test_repeated_area_and_period_is_refused_naming_both_lines(tmp_path):
    message = refusal(tmp_path, FLEKSJOB + ["København;2025QMAT01;1;1"])

    assert "linje 4: Område 'København' og periode '2025QMAT01' står to gange (også linje 2)" in message


def test_empty_area_is_refused(tmp_path):
    message = refusal(tmp_path, ["Område;Periode;Antal personer", " ;2025M04;1"])

    assert "linje 2: tomt område" in message


@pytest.mark.parametrize(
    ("header", "missing"),
    [("Kommune;Periode;Antal personer", "Område"), ("Område;Tid;Antal personer", "Periode"), ("Område", "Periode")],
)
def test_area_and_period_columns_are_required(tmp_path, header, missing):
    cells = ";".join(["x"] * (header.count(";") + 1))
    message = refusal(tmp_path, [header, cells])

    assert f"linje 1: kolonnen '{missing}' mangler" in message


def test_at_least_one_measure_column_is_required(tmp_path):
    message = refusal(tmp_path, ["Område;Periode", "Odense;2025M04"])

    assert "linje 1: ingen talkolonner" in message


def test_repeated_measure_column_is_refused(tmp_path):
    message = refusal(tmp_path, ["Område;Periode;Måltal;Måltal", "Odense;2025M04;1;2"])

    assert "kolonnen 'Måltal' står to gange" in message


@pytest.mark.parametrize("row", ["Odense;2025M04;1;2", "Odense;2025M04"])
def test_row_with_wrong_number_of_fields_is_refused(tmp_path, row):
    message = refusal(tmp_path, ["Område;Periode;Antal personer", "Vejle;2025M04;1", row])

    assert "linje 3: linjen har" in message
    assert "overskriften har 3" in message


def test_header_only_file_is_refused(tmp_path):
    assert "ingen datarækker" in refusal(tmp_path, ["Område;Periode;Antal personer"])


def test_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "y08a02_2025-06-30.csv"
    path.write_bytes("Område;Periode;Antal personer\nKøge;2025M04;1\n".encode("latin-1"))

    with pytest.raises(DataError, match=r"linje 1: filen er ikke UTF-8"):
        read_extract_csv(path)


def test_bom_windows_line_endings_and_quotes_are_tolerated(tmp_path):
    path = tmp_path / "y08a02_2025-06-30.csv"
    text = '"Område";"Periode";"Antal personer"\r\n"Ringkøbing-Skjern";"2025M04";"1.234"\r\n'
    path.write_bytes(text.encode("utf-8-sig"))

    frame = read_extract_csv(path)

    assert value(frame, "Ringkøbing-Skjern", "Antal personer", "2025M04") == 1234.0


def test_blank_lines_are_skipped_without_shifting_line_numbers(tmp_path):
    message = refusal(tmp_path, ["Område;Periode;Antal personer", "", "Odense;2025M04;abc"])

    assert "linje 3:" in message


# --------------------------------------------------------------------------- the data folder


def test_store_reads_table_declarations(tmp_path):
    folder = data_folder(tmp_path, {"y08a02_2025-06-30.csv": FLEKSJOB})
    store = ExtractStore(folder)

    assert store.table_info("y08a02") == TableInfo("y08a02", "Fleksjob", "Jobindsats.dk", example_data=False)
    assert store.table_info("kk_fleksjobansatte").example_data is True


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(DataError, match="datamappen findes ikke"):
        ExtractStore(tmp_path / "findes-ikke")


def test_missing_kilder_yaml_is_refused(tmp_path):
    folder = data_folder(tmp_path, {"y08a02_2025-06-30.csv": FLEKSJOB}, kilder=None)

    with pytest.raises(DataError, match=r"kilder\.yaml mangler i .*data"):
        ExtractStore(folder)


def test_csv_of_undeclared_table_is_ignored_with_its_reason(tmp_path):
    folder = data_folder(tmp_path, {"y08a02_2025-06-30.csv": FLEKSJOB, "a01_2025-06-30.csv": FLEKSJOB})

    store = ExtractStore(folder)

    assert store.current("y08a02").path.name == "y08a02_2025-06-30.csv"
    assert [(path.name, reason) for path, reason in store.ignored] == [("a01_2025-06-30.csv", "tabellen 'a01' er ikke beskrevet i kilder.yaml")]


@pytest.mark.parametrize("name", ["notater.csv", "befolkning_2025.csv", "y08a02.csv", "Y08A02_2025-06-30.csv", "y08a02_30-06-2025.csv"])
def test_csv_with_another_kind_of_name_is_ignored_not_fatal(tmp_path, name):
    folder = data_folder(tmp_path, {"y08a02_2025-06-30.csv": FLEKSJOB, name: ["ikke et udtræk;"]})

    store = ExtractStore(folder)

    assert [(path.name, reason) for path, reason in store.ignored] == [(name, "filnavnet skal have formen <tabel>_<ÅÅÅÅ-MM-DD>.csv")]
    assert store.current("y08a02").path.name == "y08a02_2025-06-30.csv"


def test_a_missing_table_names_the_folder_and_the_misnamed_file_that_looks_like_it(tmp_path):
    folder = data_folder(tmp_path, {"y08a02_30-06-2025.csv": FLEKSJOB})

    with pytest.raises(MissingDataError, match=r"ingen udtræk af tabellen 'y08a02' i /\S+data; ignorerede filer: y08a02_30-06-2025\.csv \(filnavnet skal have formen"):
        ExtractStore(folder).current("y08a02")


def test_impossible_date_in_name_is_ignored_with_its_reason(tmp_path):
    folder = data_folder(tmp_path, {"y08a02_2025-02-30.csv": FLEKSJOB})

    assert [reason for _, reason in ExtractStore(folder).ignored] == ["ugyldig dato '2025-02-30' i filnavnet"]


def test_other_files_in_the_folder_are_ignored(tmp_path):
    folder = data_folder(tmp_path, {"y08a02_2025-06-30.csv": FLEKSJOB})
    (folder / "README.md").write_text("noter", encoding="utf-8")
    (folder / "oversigt.xlsx").write_bytes(b"PK")

    assert [e.path.name for e in ExtractStore(folder).extracts("y08a02")] == ["y08a02_2025-06-30.csv"]


def test_kilder_yaml_errors_name_field_path_and_line(tmp_path):
    kilder = "tabeller:\n  y08a02:\n    navn: Fleksjob\n    kilde:\n"
    folder = data_folder(tmp_path, {}, kilder=kilder)

    with pytest.raises(DataError, match=r"kilder\.yaml linje 4: tabeller\.y08a02\.kilde: må ikke være tom"):
        ExtractStore(folder)


def test_kilder_yaml_missing_field_is_refused(tmp_path):
    kilder = "tabeller:\n  y08a02:\n    navn: Fleksjob\n"
    folder = data_folder(tmp_path, {}, kilder=kilder)

    with pytest.raises(DataError, match=r"linje 2: tabeller\.y08a02\.kilde: mangler"):  # the table's line, as the question file's
        ExtractStore(folder)


@pytest.mark.parametrize("flag", ["ja", "yes", "1"])
def test_kilder_yaml_example_flag_must_be_true_or_false(tmp_path, flag):
    kilder = f"tabeller:\n  y08a02:\n    navn: Fleksjob\n    kilde: Jobindsats.dk\n    eksempeldata: {flag}\n"
    folder = data_folder(tmp_path, {}, kilder=kilder)

    with pytest.raises(DataError, match=r"linje 5: tabeller\.y08a02\.eksempeldata: skal være true eller false"):
        ExtractStore(folder)


def test_kilder_yaml_misspelt_field_is_refused(tmp_path):
    kilder = "tabeller:\n  y08a02:\n    navn: Fleksjob\n    kilde: Jobindsats.dk\n    eksempel_data: true\n"
    folder = data_folder(tmp_path, {}, kilder=kilder)

    with pytest.raises(DataError, match=r"linje 5: tabeller\.y08a02\.eksempel_data: ukendt felt"):
        ExtractStore(folder)


def test_kilder_yaml_syntax_error_names_line(tmp_path):
    folder = data_folder(tmp_path, {}, kilder="tabeller:\n  y08a02: [\n")

    with pytest.raises(DataError, match=r"kilder\.yaml linje 3, kolonne 1: ugyldig YAML: en liste i \[ \] eller felter i \{ \} er ikke lukket"):
        ExtractStore(folder)


def test_table_info_of_undeclared_table_is_missing_data(tmp_path):
    store = ExtractStore(data_folder(tmp_path, {}))

    with pytest.raises(MissingDataError, match="tabellen 'a01' er ikke beskrevet"):
        store.table_info("a01")


# --------------------------------------------------------------------------- choosing extracts


def three_extracts(tmp_path: Path) -> Path:
    return data_folder(
        tmp_path,
        {
            "y08a02_2024-08-12.csv": ["Område;Periode;Antal personer", "Odense;2024QMAT02;10"],
            "y08a02_2025-06-30.csv": ["Område;Periode;Antal personer", "Odense;2025QMAT01;30"],
            "y08a02_2025-01-15.csv": ["Område;Periode;Antal personer", "Odense;2024QMAT04;20"],
        },
    )


def test_extracts_are_listed_newest_first(tmp_path):
    store = ExtractStore(three_extracts(tmp_path))

    dates = [e.extract_date for e in store.extracts("y08a02")]

    assert dates == [datetime.date(2025, 6, 30), datetime.date(2025, 1, 15), datetime.date(2024, 8, 12)]
    assert store.current("y08a02").extract_date == datetime.date(2025, 6, 30)
    assert store.previous("y08a02").extract_date == datetime.date(2025, 1, 15)


def test_cutoff_leaves_out_later_extracts_and_is_inclusive(tmp_path):
    store = ExtractStore(three_extracts(tmp_path), cutoff=datetime.date(2025, 1, 15))

    assert [e.extract_date for e in store.extracts("y08a02")] == [
        datetime.date(2025, 1, 15),
        datetime.date(2024, 8, 12),
    ]


def test_cutoff_between_two_extracts_makes_the_older_current_with_no_previous(tmp_path):
    folder = data_folder(
        tmp_path,
        {
            "y08a02_2024-08-12.csv": ["Område;Periode;Antal personer", "Odense;2024QMAT02;10"],
            "y08a02_2025-06-30.csv": ["Område;Periode;Antal personer", "Odense;2025QMAT01;30"],
        },
    )
    store = ExtractStore(folder, cutoff=datetime.date(2025, 1, 1))

    assert store.current("y08a02").path.name == "y08a02_2024-08-12.csv"
    assert store.previous("y08a02") is None


def test_cutoff_before_every_extract_is_missing_data_naming_the_cutoff(tmp_path):
    store = ExtractStore(three_extracts(tmp_path), cutoff=datetime.date(2024, 1, 5))

    with pytest.raises(MissingDataError, match=r"ingen udtræk af tabellen 'y08a02' i .*data dateret senest 05-01-2024"):
        store.current("y08a02")


def test_declared_table_without_extracts_is_missing_data(tmp_path):
    store = ExtractStore(three_extracts(tmp_path))

    with pytest.raises(MissingDataError, match=r"ingen udtræk af tabellen 'kk_fleksjobansatte' i \S+data$"):
        store.current("kk_fleksjobansatte")


# --------------------------------------------------------------------------- periods and values

SERIES = [
    "Område;Periode;Antal personer;Måltal",
    "Odense;2025M03;5;..",
    "Odense;2025M01;3;1",
    "Odense;2025M02;4;2",
    "Vejle;2025M03;..;-",
    "Vejle;2025M02;..;2",
]


def series_extract(tmp_path: Path) -> tuple[ExtractStore, Extract]:
    store = ExtractStore(data_folder(tmp_path, {"y08a02_2025-06-30.csv": SERIES}))
    return store, store.current("y08a02")


def test_periods_are_sorted_oldest_first(tmp_path):
    _, extract = series_extract(tmp_path)

    assert [p.code for p in extract.periods()] == ["2025M01", "2025M02", "2025M03"]


def test_newest_period_skips_periods_without_figures_for_the_measure(tmp_path):
    _, extract = series_extract(tmp_path)

    assert extract.newest_period().code == "2025M03"
    assert extract.newest_period("Antal personer").code == "2025M03"
    assert extract.newest_period("Måltal").code == "2025M02"


def test_newest_period_of_unknown_measure_is_missing_data(tmp_path):
    _, extract = series_extract(tmp_path)

    with pytest.raises(MissingDataError, match="kolonnen 'Ledighed' findes ikke"):
        extract.newest_period("Ledighed")


def test_values_filters_by_measure_area_and_period(tmp_path):
    store, extract = series_extract(tmp_path)

    odense = store.values(extract, "Antal personer", areas=["Odense"], periods=["2025M02", "2025M03"])

    assert odense == [Cell("Odense", "2025M03", (), 5.0), Cell("Odense", "2025M02", (), 4.0)]
    assert len(store.values(extract, "Måltal")) == 5


def test_values_keep_the_file_order_however_the_areas_and_periods_are_asked_for(tmp_path):
    store, extract = series_extract(tmp_path)

    def rows(**asked):
        return [(cell.area, cell.period) for cell in store.values(extract, "Antal personer", **asked)]

    file_order = [("Odense", "2025M03"), ("Odense", "2025M01"), ("Odense", "2025M02"), ("Vejle", "2025M03"), ("Vejle", "2025M02")]
    assert rows() == file_order
    assert rows(areas=["Vejle", "Odense", "Vejle"]) == file_order
    assert rows(periods=["2025M02", "2025M03"]) == [("Odense", "2025M03"), ("Odense", "2025M02"), ("Vejle", "2025M03"), ("Vejle", "2025M02")]
    assert rows(areas=["Vejle", "Odense"], periods=["2025M02", "2025M03", "2025M02"]) == rows(periods=["2025M03", "2025M02"])
    assert rows(areas=[]) == []


def test_values_returns_missing_cells_as_nan(tmp_path):
    store, extract = series_extract(tmp_path)

    vejle = store.values(extract, "Antal personer", areas=["Vejle"], periods=["2025M03"])

    assert len(vejle) == 1
    assert math.isnan(vejle[0].value)


def test_values_for_unknown_area_is_missing_data_naming_file_and_area(tmp_path):
    store, extract = series_extract(tmp_path)

    with pytest.raises(MissingDataError, match=r"y08a02_2025-06-30\.csv: området 'Aarhus' har ingen række for 'Måltal'"):
        store.values(extract, "Måltal", areas=["Odense", "Aarhus"])


def test_values_for_unknown_period_or_measure_is_missing_data(tmp_path):
    store, extract = series_extract(tmp_path)

    with pytest.raises(MissingDataError, match="perioden '2024M12'"):
        store.values(extract, "Måltal", periods=["2024M12"])
    with pytest.raises(MissingDataError, match=r"y08a02_2025-06-30\.csv: kolonnen 'Ledighed' findes ikke"):
        store.values(extract, "Ledighed")


def test_values_for_an_absent_area_period_combination_is_missing_data(tmp_path):
    store, extract = series_extract(tmp_path)

    with pytest.raises(MissingDataError, match="området 'Vejle' har ingen række for periode '2025M01'"):
        store.values(extract, "Måltal", areas=["Odense", "Vejle"], periods=["2025M01"])


def test_a_single_area_string_is_one_area(tmp_path):
    store, extract = series_extract(tmp_path)

    assert [cell.area for cell in store.values(extract, "Måltal", areas="Vejle")] == ["Vejle", "Vejle"]


# --------------------------------------------------------------------------- loading once


def test_frame_is_read_once_and_again_only_when_the_file_changes(tmp_path, monkeypatch):
    """A store is the folder as it was when the store looked (every letter makes its own): the
    file is read once, however often it is used, and again by the next store once it changed."""
    folder = data_folder(tmp_path, {"y08a02_2025-06-30.csv": FLEKSJOB})
    store = ExtractStore(folder)
    extract = store.current("y08a02")
    reads = []
    original = extracts.read_extract_csv
    monkeypatch.setattr(extracts, "read_extract_csv", lambda path, *dims: reads.append(path) or original(path, *dims))

    _ = extract.frame
    extract.periods()
    store.values(extract, "Antal personer")
    assert len(ExtractStore(folder).current("y08a02").frame) == 4
    assert len(reads) == 1

    write_csv(extract.path.parent, extract.path.name, FLEKSJOB + ["Odense;2025QMAT01;1;1"])
    assert len(ExtractStore(folder).current("y08a02").frame) == 6
    assert len(reads) == 2


def test_changing_the_returned_frame_does_not_change_the_extract(tmp_path):
    store = ExtractStore(data_folder(tmp_path, {"y08a02_2025-06-30.csv": FLEKSJOB}))
    extract = store.current("y08a02")

    frame = extract.frame
    frame.loc[:, "value"] = 0.0

    assert value(extract.frame, "København", "Antal personer") == 97443.0


def test_bad_extract_is_refused_when_first_used(tmp_path):
    store = ExtractStore(data_folder(tmp_path, {"y08a02_2025-06-30.csv": ["Område;Periode;A", "Odense;2025M04;3,2x"]}))

    with pytest.raises(DataError, match="linje 2: ugyldigt tal '3,2x'"):
        store.current("y08a02").periods()


def test_a_dimension_column_declared_in_kilder_yaml_splits_the_figures(tmp_path):
    """Jobindsats' ptv_a02 covers several benefit groups; a selection picks one per figure."""
    (tmp_path / "kilder.yaml").write_text(
        "tabeller:\n  ptv_a02:\n    navn: Offentligt forsørgede\n    kilde: Jobindsats.dk\n"
        "    dimensioner: [Ydelsesgrupper]\n",
        encoding="utf-8",
    )
    (tmp_path / "ptv_a02_2025-06-30.csv").write_text(
        "Område;Periode;Ydelsesgrupper;Antal personer\n"
        "København;2025QMAT01;Førtidspension;20.000\n"
        "København;2025QMAT01;Seniorpension;900\n",
        encoding="utf-8",
    )
    store = ExtractStore(tmp_path)
    extract = store.current("ptv_a02")

    chosen = store.values(extract, "Antal personer", ["København"], ["2025QMAT01"], {"Ydelsesgrupper": "Førtidspension"})

    assert values_of(chosen) == [20000.0]
    # Without a selection and without an "I alt" row, the groups are added up, and that is said.
    assert values_of(store.values(extract, "Antal personer")) == [20900.0]
    assert store.summed_dimensions(extract, "Antal personer") == ("Ydelsesgrupper",)
    with pytest.raises(MissingDataError, match="ingen tal for Ydelsesgrupper 'Efterløn'"):
        store.values(extract, "Antal personer", selection={"Ydelsesgrupper": "Efterløn"})


def test_a_declared_dimension_missing_from_the_file_is_refused(tmp_path):
    (tmp_path / "kilder.yaml").write_text(
        "tabeller:\n  ptv_a02:\n    navn: X\n    kilde: Jobindsats.dk\n    dimensioner: [Ydelsesgrupper]\n",
        encoding="utf-8",
    )
    (tmp_path / "ptv_a02_2025-06-30.csv").write_text("Område;Periode;Antal personer\nKøbenhavn;2025QMAT01;1\n", encoding="utf-8")
    store = ExtractStore(tmp_path)

    with pytest.raises(DataError, match=re.escape("dimensionskolonnen 'Ydelsesgrupper' (fra kilder.yaml) mangler")):
        store.current("ptv_a02").periods()


# --------------------------------------------------------------------------- implausible figures (issue 10)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("12345678901234567890123456789", "tallet '12345678901234567890123456789' i kolonnen 'Antal personer' er urimeligt stort"),
        ("-5", "negativt antal '-5' i kolonnen 'Antal personer'"),
        ("-1", "negativt antal '-1' i kolonnen 'Antal personer'"),  # the smallest negative count is refused too
        ("-0", "tallet '-0' i kolonnen 'Antal personer' er et minus-nul"),
        ("12,5", "antal personer skal være hele tal, ikke '12,5' (kolonnen 'Antal personer')"),
    ],
)
def test_an_implausible_count_is_refused_with_file_line_and_column(tmp_path, cell, message):
    lines = ["Område;Periode;Antal personer;Antal fuldtidspersoner", "København;2025QMAT01;5.192;4.448", f"Aarhus;2025QMAT01;{cell};100"]
    assert refusal(tmp_path, lines) == f"{tmp_path / 'y08a02_2025-06-30.csv'} linje 3: {message}"


def test_a_share_over_100_percent_is_refused(tmp_path):
    lines = ["Område;Periode;Antal fuldtidspersoner;Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år", "København;2025QMAT01;4.448;101,5"]
    assert refusal(tmp_path, lines).endswith("linje 2: andelen '101,5' i kolonnen 'Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år' ligger uden for 0-100 procent")


def test_fractional_full_time_persons_are_figures_not_mistakes(tmp_path):
    frame = read_lines(tmp_path, ["Område;Periode;Antal fuldtidspersoner", "København;2025QMAT01;4.448,5"])
    assert frame["value"].tolist() == [4448.5]


def test_a_period_in_year_0000_is_an_unknown_code(tmp_path):
    lines = ["Område;Periode;Antal personer", "København;0000M04;5"]
    assert refusal(tmp_path, lines).endswith("linje 2: ukendt periodekode '0000M04' i kolonnen 'Periode'")


# --------------------------------------------------------------------------- afledte_celler

DERIVED_KILDER = """\
tabeller:
  y08a02:
    navn: Fleksjob
    kilde: Jobindsats.dk
    afledte_celler:
      - fil: y08a02_2024-08-12.csv
        område: København
        periode: 2024QMAT02
        mål: Antal personer
        afledt_af: "forvaltningen: 5.192 − 305"
      - fil: y08a02_2024-08-12.csv
        område: [Aarhus, Odense]
        afledt_af: "forvaltningen: skønnet"
"""
OLDER = [
    "Område;Periode;Antal personer;Antal fuldtidspersoner",
    "København;2024QMAT02;4.887;4.167",
    "Aarhus;2024QMAT02;10;9",
    "Odense;2024QMAT02;8;7",
]


def test_derived_cells_in_kilder_yaml_mark_exactly_the_reads_of_those_cells(tmp_path):
    store = ExtractStore(data_folder(tmp_path, {"y08a02_2025-06-30.csv": FLEKSJOB, "y08a02_2024-08-12.csv": OLDER}, DERIVED_KILDER))
    older, newer = store.previous("y08a02"), store.current("y08a02")

    [first, second] = store.table_info("y08a02").derived_cells
    assert (first.file, first.areas, first.periods, first.measures) == ("y08a02_2024-08-12.csv", ("København",), ("2024QMAT02",), ("Antal personer",))
    assert second.periods == () and second.measures == () and second.areas == ("Aarhus", "Odense")
    assert store.derivations(older, "Antal personer", ["København"], ["2024QMAT02"]) == ("afledt af forvaltningen: 5.192 − 305",)
    # another measure, area or file of the same table is published
    assert store.derivations(older, "Antal fuldtidspersoner", ["København"], ["2024QMAT02"]) == ()
    assert store.derivations(newer, "Antal personer", ["København"], ["2025QMAT01"]) == ()
    # an entry without mål or periode covers every measure and period of its area; a read of
    # several areas is marked when one of them is derived
    assert store.derivations(older, "Antal fuldtidspersoner", ["København", "Aarhus"], ["2024QMAT02"]) == ("afledt af forvaltningen: skønnet",)
    # the period or extract date as such is no cell
    assert store.derivations(older, "Periode", [], ["2024QMAT02"]) == ()


def test_a_derived_cells_entry_for_an_absent_file_or_row_marks_nothing(tmp_path):
    store = ExtractStore(data_folder(tmp_path, {"y08a02_2025-06-30.csv": FLEKSJOB}, DERIVED_KILDER))
    assert store.derivations(store.current("y08a02"), "Antal personer", ["København"], ["2025QMAT01"]) == ()

    (tmp_path / "b").mkdir()  # København's row (named in the first entry) is gone: no refusal
    without_row = data_folder(tmp_path / "b", {"y08a02_2024-08-12.csv": OLDER[:1] + OLDER[2:]}, DERIVED_KILDER)
    store = ExtractStore(without_row)
    assert store.derivations(store.current("y08a02"), "Antal personer", ["Aarhus"], ["2024QMAT02"]) == ("afledt af forvaltningen: skønnet",)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("      - fil: y09a02_2024-08-12.csv\n        afledt_af: x\n", r"linje 6: tabeller\.y08a02\.afledte_celler\[1\]\.fil: skal være et udtræk af tabellen: y08a02_<ÅÅÅÅ-MM-DD>\.csv"),
        ("      - fil: y08a02_2024-08-12.csv\n", r"linje 6: tabeller\.y08a02\.afledte_celler\[1\]\.afledt_af: mangler"),
        ("      - fil: y08a02_2024-08-12.csv\n        afledt_af: x\n        kommentar: y\n", r"linje 8: tabeller\.y08a02\.afledte_celler\[1\]\.kommentar: ukendt felt"),
        ("      - fil: y08a02_2024-08-12.csv\n        periode: 2024K2\n        afledt_af: x\n", r"linje 7: .*periode: ukendt periodekode '2024K2'"),
        ("      - fil: y08a02_2024-08-12.csv\n        mål: Antal\n        afledt_af: x\n", r"linje 6: tabeller\.y08a02\.afledte_celler: y08a02_2024-08-12\.csv har ikke målet 'Antal' \(kolonner: Antal personer, Antal fuldtidspersoner\)"),
        ("      - fil: y08a02_2024-08-12.csv\n        mål: [Antal personer, 7]\n        afledt_af: x\n", r"linje 7: .*mål\[2\]: skal være en tekst, men er et tal"),
    ],
    ids=["other-table", "no-how", "unknown-key", "bad-period", "misspelt-measure", "not-text"],
)
def test_a_wrong_derived_cells_entry_is_refused_with_its_line(tmp_path, entry, message):
    kilder = "tabeller:\n  y08a02:\n    navn: Fleksjob\n    kilde: Jobindsats.dk\n    afledte_celler:\n" + entry
    folder = data_folder(tmp_path, {"y08a02_2024-08-12.csv": OLDER}, kilder)

    with pytest.raises(DataError, match=message):
        ExtractStore(folder)


def test_the_example_kilder_yaml_marks_the_cells_worked_back_from_the_reference_letter():
    """4.887 and 4.167 (y08a02_2024-08-12) and 999 (kk_fleksjobansatte, April 2024) are derived."""
    store = ExtractStore(Path(__file__).resolve().parent.parent / "examples" / "data")
    older = store.previous("y08a02")
    employees = store.current("kk_fleksjobansatte")

    assert store.derivations(older, "Antal personer", ["København"], ["2024QMAT02"])[0].startswith("afledt af forvaltningen: 5.192 − 305")
    assert store.derivations(older, "Antal fuldtidspersoner", ["København"], ["2024QMAT02"])[0].startswith("afledt af forvaltningen: 4.448 − 281")
    assert store.derivations(employees, "Antal personer", ["Københavns Kommune"], ["2024M04"])[0].startswith("afledt af forvaltningen: 991 + 8")
    assert store.derivations(employees, "Antal personer", ["Københavns Kommune"], ["2025M04"]) == ()
    for table in ("y08a02", "y09a02", "fleksjobordningen", "kk_fleksjob_maaltal", "y60a02"):
        current = store.current(table)
        assert store.derivations(current, current.measures[0], ["København", "Københavns Kommune"], [p.code for p in current.periods()]) == ()


# --------------------------------------------------------------------------- totals (issue 21)


def _by_sex(tmp_path: Path, rows: list[str], kilder_extra: str = "") -> ExtractStore:
    (tmp_path / "kilder.yaml").write_text(
        "tabeller:\n  y07a02:\n    navn: Sygedagpenge\n    kilde: Jobindsats.dk\n    dimensioner: [Køn]\n" + kilder_extra, encoding="utf-8"
    )
    (tmp_path / "y07a02_2025-06-30.csv").write_text("Område;Periode;Køn;Antal personer;Fuldtidspersoner i pct. af arbejdsstyrken\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return ExtractStore(tmp_path)


def test_a_total_labelled_per_dimension_is_the_total_never_added_to_its_parts(tmp_path):
    # Jobindsats v3 labels a requested total per dimension ("Køn i alt"), not "I alt".
    store = _by_sex(tmp_path, ["København;2025QMAT01;Køn i alt;2.324;2,9", "København;2025QMAT01;Mænd;1.200;2,8", "København;2025QMAT01;Kvinder;1.124;3,0"])
    extract = store.current("y07a02")

    assert values_of(store.values(extract, "Antal personer")) == [2324.0]  # not 4.648
    assert store.summed_dimensions(extract, "Antal personer") == ()
    assert extract.total_label("Køn") == "Køn i alt" and extract.part_labels("Køn") == ("Mænd", "Kvinder")
    by_sex = store.values(extract, "Antal personer", by=("Køn",))
    assert [(cell.labels, cell.value) for cell in by_sex] == [(("Mænd",), 1200.0), (("Kvinder",), 1124.0)]
    # A percentage is not added up, so its parts may exceed the total's percentage.
    assert values_of(store.values(extract, "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år")) == [2.9]


def test_a_total_row_smaller_than_its_parts_is_refused(tmp_path):
    store = _by_sex(tmp_path, ["København;2025QMAT01;Køn i alt;1.200;2,9", "København;2025QMAT01;Mænd;1.200;2,8", "København;2025QMAT01;Kvinder;1.124;3,0"])

    with pytest.raises(DataError, match="delene i kolonnen 'Køn' er større end totalrækken 'Køn i alt' \\(København, 2025QMAT01\\)"):
        store.values(store.current("y07a02"), "Antal personer")


def test_a_total_the_label_does_not_give_away_is_declared_in_kilder_yaml(tmp_path):
    rows = ["København;2025QMAT01;Alle;2.324;2,9", "København;2025QMAT01;Mænd;1.200;2,8", "København;2025QMAT01;Kvinder;1.124;3,0"]
    undeclared = _by_sex(tmp_path, rows)
    # Without the declaration the three labels are parts, added up, and that is said.
    assert values_of(undeclared.values(undeclared.current("y07a02"), "Antal personer")) == [4648.0]
    assert undeclared.summed_dimensions(undeclared.current("y07a02"), "Antal personer") == ("Køn",)

    (tmp_path / "declared").mkdir()
    declared = _by_sex(tmp_path / "declared", rows, "    total: {Køn: Alle}\n")
    assert values_of(declared.values(declared.current("y07a02"), "Antal personer")) == [2324.0]


def test_two_total_rows_in_one_dimension_are_refused(tmp_path):
    store = _by_sex(tmp_path, ["København;2025QMAT01;Køn i alt;2.324;2,9", "København;2025QMAT01;I alt;2.324;2,9", "København;2025QMAT01;Mænd;1.200;2,8"])

    with pytest.raises(DataError, match="kolonnen 'Køn' har flere totalrækker"):
        store.values(store.current("y07a02"), "Antal personer")


def test_a_declared_total_is_the_only_total_when_its_parts_end_in_i_alt(tmp_path):
    """The refusal above says to declare the right total in kilder.yaml; declared, the other "… i alt" labels are
    parts (Jobindsats labels subtotals so: "Virksomhedspraktik i alt" under "Tilbud i alt")."""
    rows = ["København;2025QMAT01;Køn i alt;2.324;2,9", "København;2025QMAT01;Mænd i alt;1.200;2,8", "København;2025QMAT01;Kvinder i alt;1.124;3,0"]
    store = _by_sex(tmp_path, rows, "    total: {Køn: Køn i alt}\n")
    extract = store.current("y07a02")
    assert extract.total_label("Køn") == "Køn i alt" and extract.part_labels("Køn") == ("Mænd i alt", "Kvinder i alt")
    assert values_of(store.values(extract, "Antal personer")) == [2324.0]


# --------------------------------------------------------------------------- hostile input, round 2 (issue 22)


def test_a_comma_before_three_digits_is_never_guessed(tmp_path):
    """Reproducer: `2016Y01;190;2,787` beside `2.836` read as 2,787 and printed as 3 in a table."""
    message = refusal(tmp_path, ["Område;Periode;Antal visiterede;Antal fuldtidspersoner i fleksjobordningen", "København;2015Y01;142;2.836", "København;2016Y01;190;2,787"])
    assert "linje 3" in message and "tallet '2,787' i kolonnen 'Antal fuldtidspersoner i fleksjobordningen' er tvetydigt" in message
    # Danish decimals as Jobindsats publishes them stand: one decimal, thousands with a point, a leading zero.
    frame = read_lines(tmp_path, ["Område;Periode;Antal fuldtidspersoner;Andel", "København;2025QMAT01;17.569,6;0,125"])
    assert value(frame, "København", "Antal fuldtidspersoner") == 17569.6


def test_an_extract_over_the_row_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """Reproducer: a 4,8 M-row extract took minutes to read; the limit (500.000 rows) keeps a letter within seconds."""
    from generator import limits

    monkeypatch.setattr(limits, "EXTRACT_ROWS", 3)
    message = refusal(tmp_path, ["Område;Periode;Antal personer", *[f"København;2025M0{m};{m}" for m in range(1, 6)]])
    assert "udtrækket har 6 linjer; grænsen er 3" in message
