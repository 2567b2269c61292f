"""What the services send is read as it comes: Jobindsats API v3 and v2 CSV, decimal point or comma.

The loader finds `Område` and `Periode` by name (v3 writes `Periode` first, v2 wrote `Area` and
`Period`), tolerates a BOM, reads numbers with or without thousands dots and with a decimal comma or
a decimal point (decided once per file; a file where `1.234` could be a thousand or a decimal is
refused), treats `null`, `..`, `-` and empty cells as missing, and reads a measure under the label
variants maal.yaml lists ("… af arbejdsstyrken" with or without "16-66 år").
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from test_data_changes import FLEKSJOB, LEDIGHEDSYDELSE, Workspace
from test_extracts import refusal
from test_extracts import value as cell

from generator.metrics.csvfile import LabelVariants, canonical_header, read_extract_csv
from generator.metrics.extracts import ExtractStore

SHARE = "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"
SHARE_WITHOUT_AGES = "Fuldtidspersoner i pct. af arbejdsstyrken"

# The same figures as examples/data/y08a02_2025-06-30.csv (hand-made, Danish layout) ...
HAND_MADE = [
    f"Område;Periode;Antal personer;Antal fuldtidspersoner;{SHARE}",
    "Hele landet;2025QMAT01;..;97.443;3,2",
    "København;2025QMAT01;5.192;4.448;1,1",
    "Aarhus;2025QMAT01;..;6.491;3,3",
]
# ... as Jobindsats API v3 sends them: Periode first, decimal point, no thousands dots, null.
V3 = [
    f"Periode;Område;Antal personer;Antal fuldtidspersoner;{SHARE_WITHOUT_AGES}",
    "2025QMAT01;Hele landet;null;97443;3.2",
    "2025QMAT01;København;5192;4448;1.1",
    "2025QMAT01;Aarhus;;6491;3.3",
]
# ... and as v2 sent them: Area and Period.
V2 = [
    f"Area;Period;Antal personer;Antal fuldtidspersoner;{SHARE}",
    "Hele landet;2025QMAT01;..;97443;3.2",
    "København;2025QMAT01;5192;4448;1.1",
    "Aarhus;2025QMAT01;..;6491;3.3",
]


def write(folder: Path, lines: list[str], name: str = "y08a02_2025-06-30.csv", bom: bool = False) -> Path:
    path = folder / name
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig" if bom else "utf-8"))
    return path


def read(tmp_path: Path, lines: list[str], bom: bool = False) -> pd.DataFrame:
    return read_extract_csv(write(tmp_path, lines, bom=bom))


# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize("layout", [V3, V2], ids=["v3", "v2"])
def test_a_service_layout_gives_the_same_long_table_as_the_hand_made_one(tmp_path, layout):
    hand_made = read(tmp_path, HAND_MADE)
    service = read(tmp_path, layout, bom=True)

    pd.testing.assert_frame_equal(service, hand_made)
    assert cell(service, "København", "Antal fuldtidspersoner") == 4448.0
    assert cell(service, "København", SHARE) == 1.1
    assert math.isnan(cell(service, "Hele landet", "Antal personer"))


def test_columns_are_found_by_name_in_any_order(tmp_path):
    frame = read(tmp_path, ["Antal personer;Periode;Måltal;Område", "12;2025M04;7;Odense"])

    assert list(frame.measure) == ["Antal personer", "Måltal"]
    assert cell(frame, "Odense", "Måltal", "2025M04") == 7.0
    assert cell(frame, "Odense", "Antal personer", "2025M04") == 12.0


def test_a_missing_key_column_names_the_columns_that_were_found(tmp_path):
    message = refusal(tmp_path, ["Kommune;Periode;Antal personer", "Odense;2025M04;1"])

    assert message.endswith("linje 1: kolonnen 'Område' mangler (fandt 'Kommune', 'Periode', 'Antal personer')")


@pytest.mark.parametrize("marker", ["null", "NULL", "..", "-", ""])
def test_null_and_the_other_missing_markers_are_missing_not_zero(tmp_path, marker):
    frame = read(tmp_path, ["Periode;Område;Antal personer;Andel", f"2025M04;Odense;{marker};0.5"])

    assert math.isnan(cell(frame, "Odense", "Antal personer", "2025M04"))
    assert cell(frame, "Odense", "Andel", "2025M04") == 0.5


# --------------------------------------------------------------------------- numbers, decided per file


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["18892", "0.6"], [18892.0, 0.6]),  # the API: decimal point, no thousands separator
        (["18.892", "0,6"], [18892.0, 0.6]),  # Danish: thousands dot, decimal comma
        (["18892", "0,6"], [18892.0, 0.6]),  # Danish without thousands dots
        (["18.892", "6"], [18892.0, 6.0]),  # no decimals at all: the dot is a thousands dot, as always
        (["1234.75", "12.5"], [1234.75, 12.5]),
    ],
)
def test_the_decimal_mark_is_decided_once_for_the_file(tmp_path, cells, expected):
    frame = read(tmp_path, ["Område;Periode;Antal fuldtidspersoner;Andel", f"Odense;2025M04;{cells[0]};{cells[1]}"])

    assert [cell(frame, "Odense", "Antal fuldtidspersoner", "2025M04"), cell(frame, "Odense", "Andel", "2025M04")] == expected


def test_a_file_where_a_dot_could_be_a_thousands_dot_or_a_decimal_point_is_refused(tmp_path):
    message = refusal(
        tmp_path,
        ["Område;Periode;Antal fuldtidspersoner;Andel", "Odense;2025M04;1.234;0.6", "Vejle;2025M04;980;0.4"],
    )

    assert "y08a02_2025-06-30.csv linje 2: tallet '1.234' i kolonnen 'Antal fuldtidspersoner' er tvetydigt" in message
    assert "filen bruger punktum som decimaltegn ('0.6' i linje 2)" in message
    assert "skriv tallene uden tusindtalsseparator eller med decimalkomma" in message


def test_in_a_danish_file_a_decimal_point_is_still_an_invalid_number(tmp_path):
    message = refusal(tmp_path, ["Område;Periode;A;B", "Odense;2025M04;1,5;0.6"])

    assert message.endswith("linje 2: ugyldigt tal '0.6' i kolonnen 'B'")


def test_in_a_decimal_point_file_a_decimal_comma_is_not_a_choice_but_decides_it(tmp_path):
    """One comma makes the file Danish, so the point cell is refused, not silently read."""
    message = refusal(tmp_path, ["Område;Periode;A;B", "Odense;2025M04;0.6;1", "Vejle;2025M04;1;2,5"])

    assert message.endswith("linje 2: ugyldigt tal '0.6' i kolonnen 'A'")


def test_a_minus_zero_is_refused_with_a_decimal_point_too(tmp_path):
    message = refusal(tmp_path, ["Område;Periode;A", "Odense;2025M04;-0.0", "Vejle;2025M04;0.5"])

    assert "tallet '-0.0' i kolonnen 'A' er et minus-nul" in message


# --------------------------------------------------------------------------- measure label variants


def test_a_measure_label_variant_is_read_as_the_measure_the_letters_use(tmp_path):
    frame = read(tmp_path, [f"Område;Periode;{SHARE_WITHOUT_AGES}", "Odense;2025QMAT01;3,1"])

    assert list(frame.measure) == [SHARE]
    assert cell(frame, "Odense", SHARE) == 3.1


def test_a_variant_beside_the_measure_it_stands_for_is_refused(tmp_path):
    message = refusal(tmp_path, [f"Område;Periode;{SHARE};{SHARE_WITHOUT_AGES}", "Odense;2025QMAT01;3,1;3,1"])

    assert message.endswith(f"linje 1: kolonnerne '{SHARE}' og '{SHARE_WITHOUT_AGES}' er samme kolonne; slet den ene")


def test_label_variants_can_be_limited_to_one_table():
    variants = LabelVariants(columns={"Area": "Område"}, measures={"y09a02": {"Fuldtidspersoner": "Antal fuldtidspersoner"}})
    header = ["Area", "Periode", "Fuldtidspersoner"]

    assert canonical_header(Path("y09a02_2025-06-30.csv"), header, 1, "y09a02", variants) == ["Område", "Periode", "Antal fuldtidspersoner"]
    assert canonical_header(Path("y08a02_2025-06-30.csv"), header, 1, "y08a02", variants) == ["Område", "Periode", "Fuldtidspersoner"]


def test_the_variants_are_data_in_maal_yaml():
    text = (Path(__file__).resolve().parent.parent / "generator" / "metrics" / "maal.yaml").read_text(encoding="utf-8")

    assert f"{SHARE}:\n      - {SHARE_WITHOUT_AGES}" in text
    assert "Område: [Area]" in text


# --------------------------------------------------------------------------- letters


def rewrite_as_v3(path: Path) -> None:
    """An example extract as the v3 API writes it: BOM, Periode first, decimal point, no thousands
    dots, null for missing, the share without "16-66 år"."""
    frame = read_extract_csv(path).pivot(index=["area", "period"], columns="measure", values="value")
    frame = frame.reset_index().rename(columns={"area": "Område", "period": "Periode", SHARE: SHARE_WITHOUT_AGES})
    frame = frame[["Periode", "Område", *[c for c in frame.columns if c not in ("Periode", "Område")]]]
    text = frame.to_csv(sep=";", index=False, na_rep="null", float_format="%g", lineterminator="\n")
    path.write_bytes(text.encode("utf-8-sig"))


def test_a_letter_from_extracts_in_the_v3_layout_equals_the_letter_from_the_hand_made_ones(tmp_path):
    hand_made = Workspace(tmp_path / "hand-made").generate()
    service = Workspace(tmp_path / "v3")
    for name in (FLEKSJOB, LEDIGHEDSYDELSE):
        rewrite_as_v3(service.csv(name))
    assert service.csv(FLEKSJOB).read_text(encoding="utf-8-sig").splitlines()[:3] == [
        f"Periode;Område;Antal fuldtidspersoner;Antal personer;{SHARE_WITHOUT_AGES}",
        "2025QMAT01;Aalborg;3497;null;3",
        "2025QMAT01;Aarhus;6491;null;3.3",
    ]

    letter = service.generate()

    assert letter.text == hand_made.text
    assert letter.tables == hand_made.tables
    assert letter.table(1)[1:3] == [["Hele landet", "97.443", "15.400", "3,2", "0,5"], ["Esbjerg", "2.277", "331", "4,0", "0,6"]]

    def share_read(generated) -> dict:
        sidecar = json.loads(generated.output.with_suffix(".tal.json").read_text(encoding="utf-8"))
        return next(f for f in sidecar["tal"] if f["tekst"] == "1,1" and f["sted"] == "tekst")["kilde"][0]

    # A reviewer is told which column to look for in the file; the hand-made file needs no such note.
    assert share_read(letter.generated)["mål"] == [SHARE, f"kolonnen '{SHARE_WITHOUT_AGES}' i filen"]
    assert share_read(hand_made.generated)["mål"] == [SHARE]


def test_a_store_reads_a_v3_extract_beside_a_hand_made_one(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "kilder.yaml").write_text("tabeller:\n  y08a02:\n    navn: Fleksjob\n    kilde: Jobindsats.dk\n", encoding="utf-8")
    write(folder, HAND_MADE, "y08a02_2024-08-12.csv")
    write(folder, V3, "y08a02_2025-06-30.csv", bom=True)
    store = ExtractStore(folder)

    newest, older = store.extracts("y08a02")
    assert [cell.value for cell in store.values(newest, SHARE, ["København"])] == [cell.value for cell in store.values(older, SHARE, ["København"])] == [1.1]
