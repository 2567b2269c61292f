"""A metric result is computed once per data version and shared by the letters of a process.

The memo may only ever save work: a changed extract, a changed kilder.yaml, another cutoff,
another call or another home area must each give a freshly computed result.
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest

from generator.domain.results import Table
from generator.metrics import memo
from generator.metrics.catalogue import load_catalogue
from generator.metrics.extracts import ExtractStore
from generator.profile import load_profile
from generator.questionfile import MetricCall

PROJECT = Path(__file__).resolve().parent.parent
FLEKSJOB = "y08a02_2025-06-30.csv"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(PROJECT / "examples" / "data", folder)
    memo.forget()
    return folder


def count(folder: Path, call: MetricCall | None = None, cutoff: datetime.date | None = None, area: str | None = None):
    metric = load_catalogue().get("fleksjob.antal")
    place = load_profile("direktionen").place
    if area is not None:
        place = type(place)(**{**place.__dict__, "area": area})
    return metric.compute(ExtractStore(folder, cutoff=cutoff), place, call)


def rewrite(path: Path, old: str, new: str) -> None:
    """Change a cell and move the modification time on, as an edit a second later would."""
    status = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def test_the_same_call_on_the_same_data_is_computed_once(data: Path) -> None:
    first = count(data)

    assert count(data) is first
    assert first.values["persons"] == 5192


def test_a_changed_extract_is_computed_again(data: Path) -> None:
    count(data)

    rewrite(data / FLEKSJOB, "København;2025QMAT01;5.192;", "København;2025QMAT01;5.301;")

    assert count(data).values["persons"] == 5301


def test_a_changed_extract_of_the_same_size_and_second_is_computed_again(data: Path) -> None:
    """mtime in nanoseconds keys the version: an edit within the same second still counts."""
    count(data)
    path = data / FLEKSJOB
    status = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(";5.192;", ";5.193;"), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1))

    assert count(data).values["persons"] == 5193


def test_a_changed_kilder_yaml_is_computed_again(data: Path) -> None:
    first = count(data)
    assert not any(entry.example_data for entry in first.provenance)
    sources = data / "kilder.yaml"
    text = sources.read_text(encoding="utf-8")
    marked = text.replace("  y08a02:\n", "  y08a02:\n    eksempeldata: true\n", 1)
    assert marked != text
    rewrite(sources, text, marked)

    assert any(entry.example_data for entry in count(data).provenance)


def test_another_cutoff_another_call_or_another_home_area_is_computed_apart(data: Path) -> None:
    newest = count(data)
    older = count(data, cutoff=datetime.date(2024, 12, 31))
    aarhus = count(data, MetricCall("fleksjob.antal", areas=("Aarhus",)))

    assert older is not newest and older.values["persons"] == 4887
    assert aarhus.values["area"] == "Aarhus" and aarhus.values["full_time"] == 6491
    assert count(data, area="Aarhus") is not newest


def test_results_hold_plain_tables_not_dataframes(data: Path) -> None:
    metric = load_catalogue().get("fleksjob.sammenligning")
    result = metric.compute(ExtractStore(data), load_profile("direktionen").place)

    table = result.tables["comparison"]
    assert isinstance(table, Table)
    assert dict(zip(table.column("area"), table.column("full_time")))["København"] == 4448
    assert all(type(cell) in (float, int, str) for column in table.columns.values() for cell in column)


def test_the_memo_keeps_a_bounded_number_of_results(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo.RESULTS, "limit", 2)
    first = count(data)
    count(data, MetricCall("fleksjob.antal", areas=("Aarhus",)))
    count(data, MetricCall("fleksjob.antal", areas=("Odense",)))

    assert len(memo.RESULTS) == 2
    assert count(data) is not first
