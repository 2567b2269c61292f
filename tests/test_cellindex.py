"""An extract is read and checked once; what was checked is kept beside it (.svarbrev-cache/) for every later letter,
and it is never used for other figures than the file's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.caching import clear_caches
from generator.errors import DataError
from generator.metrics import cellindex, csvfile
from generator.metrics.extracts import ExtractStore

SOURCES = "tabeller:\n  y08a02:\n    navn: Fleksjob\n    kilde: Jobindsats.dk\n"
HEADER = "Område;Periode;Antal personer;Antal fuldtidspersoner"
ROWS = ["Hele landet;2025QMAT01;97.443;80.000", "København;2025QMAT01;5.192;4.448", "Aarhus;2025QMAT01;3.000;2.500"]


def data_folder(tmp_path: Path, rows: list[str] = ROWS) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    (folder / "kilder.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "y08a02_2025-06-30.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return folder


def persons(folder: Path, area: str = "København") -> float:
    """The figure as a new process would read it: nothing kept in memory."""
    clear_caches()
    store = ExtractStore(folder)
    return store.values(store.current("y08a02"), "Antal personer", [area], ["2025QMAT01"])[0].value


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Every CSV read and checked (with pandas) from here on."""
    seen: list[Path] = []
    original = csvfile.read_extract_csv
    monkeypatch.setattr(csvfile, "read_extract_csv", lambda path, *rest: seen.append(path) or original(path, *rest))
    return seen


def test_a_checked_extract_is_kept_beside_it_and_a_later_letter_does_not_read_the_csv_again(tmp_path, reads):
    folder = data_folder(tmp_path)

    assert persons(folder) == 5192.0
    assert (folder / ".svarbrev-cache" / "y08a02_2025-06-30.csv.sqlite").is_file()
    assert persons(folder, "Aarhus") == 3000.0
    assert reads == [folder / "y08a02_2025-06-30.csv"]


def test_a_changed_extract_is_read_again_and_its_new_figures_are_used(tmp_path, reads):
    folder = data_folder(tmp_path)
    assert persons(folder) == 5192.0

    data_folder(tmp_path, [row.replace("5.192", "5.301") for row in ROWS])

    assert persons(folder) == 5301.0
    assert len(reads) == 2


def test_a_copied_data_folder_keeps_its_cache_as_the_figures_are_the_same(tmp_path, reads):
    folder = data_folder(tmp_path)
    persons(folder)
    copy = tmp_path / "kopi"
    shutil.copytree(folder, copy)  # new modification times, same content

    assert persons(copy) == 5192.0
    assert len(reads) == 1


def test_a_cache_made_by_other_reading_code_is_not_used(tmp_path, reads, monkeypatch):
    folder = data_folder(tmp_path)
    persons(folder)
    monkeypatch.setattr(cellindex, "_reader_digest", "en anden svarbrev")

    assert persons(folder) == 5192.0
    assert len(reads) == 2


def test_a_damaged_cache_is_built_again(tmp_path, reads):
    folder = data_folder(tmp_path)
    persons(folder)
    (folder / ".svarbrev-cache" / "y08a02_2025-06-30.csv.sqlite").write_bytes(b"ikke en database" * 100)

    assert persons(folder) == 5192.0
    assert len(reads) == 2


def test_a_folder_where_no_cache_can_be_written_is_read_in_memory(tmp_path, reads):
    folder = data_folder(tmp_path)
    (folder / ".svarbrev-cache").write_text("en fil, hvor mappen skulle være", encoding="utf-8")

    assert persons(folder) == 5192.0
    assert persons(folder) == 5192.0
    assert len(reads) == 2  # read each time, nothing written
    assert (folder / ".svarbrev-cache").read_text(encoding="utf-8") == "en fil, hvor mappen skulle være"


def test_a_bad_extract_is_refused_naming_its_line_and_leaves_no_cache(tmp_path):
    folder = data_folder(tmp_path, [*ROWS, "Odense;2025QMAT01;3,2x;1"])

    with pytest.raises(DataError, match="linje 5: ugyldigt tal '3,2x'"):
        persons(folder)
    assert sorted(path.name for path in folder.rglob("*") if path.is_file()) == ["kilder.yaml", "y08a02_2025-06-30.csv"]


def test_a_total_smaller_than_its_parts_is_found_when_the_extract_is_checked(tmp_path, reads):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "kilder.yaml").write_text(SOURCES.replace("Jobindsats.dk\n", "Jobindsats.dk\n    dimensioner: [Køn]\n"), encoding="utf-8")
    (folder / "y08a02_2025-06-30.csv").write_text(
        "Område;Periode;Køn;Antal personer\nKøbenhavn;2025QMAT01;Køn i alt;1.000\nKøbenhavn;2025QMAT01;Mænd;900\nKøbenhavn;2025QMAT01;Kvinder;800\n",
        encoding="utf-8",
    )
    for _ in range(2):
        with pytest.raises(DataError, match=r"delene i kolonnen 'Køn' er større end totalrækken 'Køn i alt' \(København, 2025QMAT01\)"):
            persons(folder)
    assert len(reads) == 1  # the second refusal from the cache


def test_a_few_areas_are_looked_up_by_area_however_many_areas_the_period_has(tmp_path):
    # Without being told, SQLite took the period index here and read all 2,000 areas' rows for three.
    folder = data_folder(tmp_path, [*ROWS, *(f"Område {n};2025QMAT01;{n};{n}" for n in range(2000))])
    clear_caches()
    index = ExtractStore(folder).current("y08a02").index
    source, parameters = index._from_where("Antal personer", {}, ["København", "Aarhus", "Hele landet"], ["2025QMAT01"])

    (plan,) = index._query(f"EXPLAIN QUERY PLAN SELECT m0 FROM {source}", parameters)

    assert "USING INDEX cells_by_area (area=? AND period=?)" in plan[3]
