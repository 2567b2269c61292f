"""Review support and the final edition: provenance comments, the `.tal.json` sidecar, `--endelig`,
`svarbrev tjek` and `svarbrev forhåndsvis`.

A draft carries a Word comment on every figure of the answer prose saying where it came from; the
sidecar lists every printed figure (prose and table cells) with its source. A final edition has no
comments, no yellow placeholders, carries the signature and Word's "marked as final" flag, and is
refused while anything is unanswered or missing. The same input always gives the same bytes.

Expectations for the reference letter are written from ../shared/seed/000_e690eab00d7a64b8.txt
and from the data files in examples/data, not from svarbrev's output.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree
from office import convert_to_pdfs, openxml_audit, soffice
from readback import readable
from readback import tables as letter_tables
from svarbrev_runner import run_svarbrev as svarbrev

from generator.errors import SvarbrevError
from generator.preview import preview
from generator.reply import NotFinalError, generate_reply, sidecar_path
from generator.review import check_reply

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "examples" / "henvendelser"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.yaml"))
REFERENCE = EXAMPLES_DIR / "fleksjob-2025-06-25.yaml"
FOLLOW_UP = EXAMPLES_DIR / "fleksjob-opfoelgning.yaml"
NOT_FINAL = {"fleksjob-opfoelgning"}  # question 3 has neither an answer nor a metric
LETTER_DATE = date(2025, 7, 8)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOT_ANSWER_STYLES = ("Caption", "Tabelnote", "Kilde", "Ad-overskrift")

# A Danish number as printed: 5.192, 1,1, 305, -8. "Tabel 1" is removed first; "6-byer" and
# "16-66" are glued by a hyphen and are not figures.
PROSE_NUMBER = re.compile(
    r"(?<![\w.,-])-?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w-])|(?<![\w.,-])-?\d+(?:,\d+)?(?![\w-])"
)
TABLE_REFERENCE = re.compile(r"\bTabel \d+\b")
AD_HEADING = re.compile(r"^Ad (\d+):")


# -- expectations for the reference letter -------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """One read of a data file: what the sidecar's "kilde" entry and the comment should name."""

    file: str
    areas: tuple[str, ...]
    periods: tuple[str, ...]
    measures: tuple[str, ...]


@dataclass(frozen=True)
class ProseFigure:
    text: str
    question: int
    metric: str
    reads: tuple[Read, ...]
    computation: str | None = None  # must occur in the comment and in the sidecar's "beregning"


NOW = "y08a02_2025-06-30.csv"
BEFORE = "y08a02_2024-08-12.csv"
KK_EMPLOYEES = "kk_fleksjobansatte_2025-06-30.csv"
KK_TARGET = "kk_fleksjob_maaltal_2025-06-30.csv"
SHARE = "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"
KBH, KK = ("København",), ("Københavns Kommune",)

# Every figure in the reference letter's answer prose, in reading order.
REFERENCE_PROSE_FIGURES = [
    ProseFigure("2. kvartal 2024 til 1. kvartal 2025", 1, "fleksjob.antal", (Read(NOW, (), ("2025QMAT01",), ("Periode",)),)),
    ProseFigure("5.192", 1, "fleksjob.antal", (Read(NOW, KBH, ("2025QMAT01",), ("Antal personer",)),)),
    ProseFigure("4.448", 1, "fleksjob.antal", (Read(NOW, KBH, ("2025QMAT01",), ("Antal fuldtidspersoner",)),)),
    ProseFigure(
        "305", 1, "fleksjob.antal",
        (Read(NOW, KBH, ("2025QMAT01",), ("Antal personer",)), Read(BEFORE, KBH, ("2024QMAT02",), ("Antal personer",))),
        computation="5.192 − 4.887 = 305",
    ),
    ProseFigure(
        "281", 1, "fleksjob.antal",
        (Read(NOW, KBH, ("2025QMAT01",), ("Antal fuldtidspersoner",)), Read(BEFORE, KBH, ("2024QMAT02",), ("Antal fuldtidspersoner",))),
        computation="4.448 − 4.167 = 281",
    ),
    ProseFigure("3. kvartal 2023 til 2. kvartal 2024", 1, "fleksjob.antal", (Read(BEFORE, (), ("2024QMAT02",), ("Periode",)),)),
    ProseFigure("12. august 2024", 1, "fleksjob.antal", (Read(BEFORE, (), (), ("Udtræksdato",)),)),
    ProseFigure("april 2025", 1, "fleksjob.kommunen_som_arbejdsgiver", (Read(KK_EMPLOYEES, (), ("2025M04",), ("Periode",)),)),
    ProseFigure("991", 1, "fleksjob.kommunen_som_arbejdsgiver", (Read(KK_EMPLOYEES, KK, ("2025M04",), ("Antal personer",)),)),
    ProseFigure("900", 1, "fleksjob.kommunen_som_arbejdsgiver", (Read(KK_TARGET, KK, ("2025Y01",), ("Måltal",)),)),
    ProseFigure(
        "8", 1, "fleksjob.kommunen_som_arbejdsgiver",
        (Read(KK_EMPLOYEES, KK, ("2025M04",), ("Antal personer",)), Read(KK_EMPLOYEES, KK, ("2024M04",), ("Antal personer",))),
        computation="991 − 999 = ",  # the result's sign: see test_every_difference_shown_to_a_reviewer_adds_up
    ),
    ProseFigure("1,1", 2, "fleksjob.sammenligning", (Read(NOW, KBH, ("2025QMAT01",), (SHARE,)),)),
    ProseFigure("3,2", 2, "fleksjob.sammenligning", (Read(NOW, ("Hele landet",), ("2025QMAT01",), (SHARE,)),)),
    ProseFigure("2. kvartal 2024 – 1. kvartal 2025", 2, "fleksjob.sammenligning", (Read(NOW, (), ("2025QMAT01",), ("Periode",)),)),
]

# Which file and measure each table column is read from.
TABLE_1_COLUMNS = {
    "Ansat i fleksjob*": (NOW, "Antal fuldtidspersoner"),
    "Antal på ledighedsydelse*": ("y09a02_2025-06-30.csv", "Antal fuldtidspersoner"),
    "Fleksjobansatte i pct. af arbejdsstyrken*": (NOW, SHARE),
    "Ledighedsydelsesmodtagere i pct. **": ("y09a02_2025-06-30.csv", SHARE),
}
TABLE_1_ROWS = ["Hele landet", "Esbjerg", "København", "Odense", "Randers", "Aalborg", "Aarhus"]
TABLE_2_COLUMNS = {
    "Antal visiteret til fleksjobordningen": ("fleksjobordningen_2025-06-30.csv", "Antal visiterede"),
    "Antal i fleksjobordningen*": ("fleksjobordningen_2025-06-30.csv", "Antal fuldtidspersoner i fleksjobordningen"),
}
TABLE_2_ROWS = [str(year) for year in range(2015, 2025)]


# -- helpers ---------------------------------------------------------------------------------------


def run_svarbrev(*args: str | Path, **options: object) -> subprocess.CompletedProcess[str]:
    """`svarbrev …` from the repository's folder, in this process (tests/svarbrev_runner.py)."""
    return svarbrev(*args, cwd=ROOT, **options)  # type: ignore[arg-type]


def load_sidecar(docx_path: Path) -> dict[str, Any]:
    return json.loads(sidecar_path(docx_path).read_text(encoding="utf-8"))


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml_of(path: Path, part: str) -> etree._Element:
    return etree.fromstring(parts_of(path)[part])


def numbers_in(text: str) -> list[str]:
    return PROSE_NUMBER.findall(TABLE_REFERENCE.sub(" ", text))


def answer_paragraphs(path: Path) -> list[tuple[int, str]]:
    """(question, text) of the answer prose: after each "Ad N:" heading up to "Med venlig hilsen",
    without captions, table notes and source lines."""
    document = docx.Document(str(path))
    found: list[tuple[int, str]] = []
    question: int | None = None
    for paragraph in document.paragraphs:  # body paragraphs only; table cells are not among them
        text = readable(paragraph.text).strip()
        if heading := AD_HEADING.match(text):
            question = int(heading.group(1))
            continue
        if text.startswith("Med venlig hilsen"):
            question = None
        style = paragraph.style.name if paragraph.style is not None else ""
        if question is not None and text and style not in NOT_ANSWER_STYLES:
            found.append((question, text))
    return found


@dataclass(frozen=True)
class CommentedRange:
    text: str  # the text the comment is anchored on
    runs: int  # how many runs that text spans
    comment: str  # the comment's paragraphs, one per line
    date: str | None


def commented_ranges(path: Path) -> list[CommentedRange]:
    """Every commentRangeStart … commentRangeEnd in document.xml, in document order, with the
    comment (from word/comments.xml) its id refers to."""
    comments = {}
    for comment in xml_of(path, "word/comments.xml").iter(f"{W}comment"):
        lines = ["".join(p.itertext()) for p in comment.iter(f"{W}p")]
        comments[comment.get(f"{W}id")] = ("\n".join(lines), comment.get(f"{W}date"))
    body = xml_of(path, "word/document.xml")
    references = {element.get(f"{W}id") for element in body.iter(f"{W}commentReference")}
    open_ranges: dict[str, list[str]] = {}
    found: list[CommentedRange] = []
    for element in body.iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}r"):
        if element.tag == f"{W}commentRangeStart":
            open_ranges[element.get(f"{W}id")] = []
        elif element.tag == f"{W}commentRangeEnd":
            comment_id = element.get(f"{W}id")
            runs = open_ranges.pop(comment_id)
            assert comment_id in references, f"kommentar {comment_id} har ingen commentReference"
            text, when = comments[comment_id]
            found.append(CommentedRange(readable("".join(runs)), len(runs), text, when))
        else:
            for runs in open_ranges.values():
                runs.append("".join(t.text or "" for t in element.iter(f"{W}t")))
    assert not open_ranges, f"kommentarer uden afslutning: {sorted(open_ranges)}"
    return found


def custom_properties(path: Path) -> dict[str, tuple[str, str]]:
    """docProps/custom.xml as name → (vt type, text)."""
    parts = parts_of(path)
    if "docProps/custom.xml" not in parts:
        return {}
    root = etree.fromstring(parts["docProps/custom.xml"])
    found = {}
    for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
        value = prop[0]
        found[prop.get("name")] = (etree.QName(value).localname, value.text or "")
    return found


def highlights_in(path: Path) -> list[str]:
    """Every XML part that has a w:highlight element."""
    found = []
    for name, data in parts_of(path).items():
        if name.endswith(".xml") and b"highlight" in data and any(True for _ in etree.fromstring(data).iter(f"{W}highlight")):
            found.append(name)
    return found


def tiny_png(width: int = 60, height: int = 20) -> bytes:
    """A small black-on-white "signature" PNG, written without any imaging library."""
    rows = []
    for y in range(height):
        pixels = bytearray()
        for x in range(width):
            ink = abs((x // 3) - (y + 10)) < 2 or y == height - 3
            pixels += b"\x00\x00\x00" if ink else b"\xff\xff\xff"
        rows.append(b"\x00" + bytes(pixels))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")


def danish_number(text: str) -> float:
    """"5.192" → 5192.0, "1,1" → 1.1, "−8" → -8.0."""
    return float(text.replace(".", "").replace(",", ".").replace("−", "-"))


def read_key(figure: dict[str, Any]) -> tuple | None:
    """The single cell a figure was read from (None for computed figures)."""
    reads = figure["kilde"]
    if len(reads) != 1 or "beregning" in figure:
        return None
    read = reads[0]
    return (read["fil"], tuple(read["områder"]), tuple(read["perioder"]), tuple(read["mål"]))


def as_read(entry: dict[str, Any]) -> Read:
    return Read(entry["fil"], tuple(entry["områder"]), tuple(entry["perioder"]), tuple(entry["mål"]))


def copy_reply(docx_path: Path, folder: Path, name: str = "svar.docx") -> Path:
    """A copy of a reply and its sidecar under a new name, for editing."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(docx_path, target)
    shutil.copyfile(sidecar_path(docx_path), sidecar_path(target))
    return target


def edit_run(path: Path, old: str, new: str) -> None:
    """Change the text of the one body run that reads `old`, the way Word saves an edit."""
    document = docx.Document(str(path))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if run.text == old]
    assert len(runs) == 1, f"{len(runs)} runs med {old!r}"
    runs[0].text = new
    document.save(str(path))


def edit_cell(path: Path, table: int, row: str, column: str, new: str) -> None:
    document = docx.Document(str(path))
    rows = document.tables[table - 1].rows
    position = [cell.text for cell in rows[0].cells].index(column)
    cell = next(r.cells[position] for r in rows[1:] if r.cells[0].text == row)
    runs = cell.paragraphs[0].runs
    runs[0].text = new
    for run in runs[1:]:
        run.text = ""
    document.save(str(path))




def in_new_folder(folder: Path, name: str = "svar.docx") -> Path:
    """An output path in `folder`, created first (svarbrev writes only into existing folders)."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def with_signature(yaml_text: str, image: str = "signatur.png") -> str:
    assert "brev:\n" in yaml_text
    return yaml_text.replace("brev:\n", f"brev:\n  underskrift: {image}\n", 1)


# -- generated letters, shared by the tests --------------------------------------------------------


@dataclass(frozen=True)
class Letters:
    draft: Path
    final: Path | None  # None where a final edition is refused


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Letters]:
    """Every example as draft and (where possible) as final, each with its sidecar."""
    folder = tmp_path_factory.mktemp("breve")
    generated = {}
    for example in EXAMPLES:
        draft = generate_reply(example, in_new_folder(folder / "udkast", f"{example.stem}.docx")).output
        final = None
        if example.stem not in NOT_FINAL:
            final = generate_reply(example, in_new_folder(folder / "endelig", f"{example.stem}.docx"), final=True, allow_example_data=True).output
        generated[example.stem] = Letters(draft, final)
    return generated


@pytest.fixture(scope="module")
def reference(letters: dict[str, Letters]) -> Letters:
    return letters[REFERENCE.stem]


@pytest.fixture(scope="module")
def reference_sidecar(reference: Letters) -> dict[str, Any]:
    return load_sidecar(reference.draft)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of examples/data beside an empty henvendelser/, so data.mappe ../data resolves."""
    folder = tmp_path_factory.mktemp("arbejdsmappe")
    shutil.copytree(ROOT / "examples" / "data", folder / "data")
    (folder / "henvendelser").mkdir()
    return folder


@pytest.fixture(scope="module")
def signed(workspace: Path) -> Letters:
    """The reference example with `brev.underskrift: signatur.png`, as draft and final."""
    question_file = workspace / "henvendelser" / "underskrevet.yaml"
    question_file.write_text(with_signature(REFERENCE.read_text(encoding="utf-8")), encoding="utf-8")
    (workspace / "henvendelser" / "signatur.png").write_bytes(tiny_png())
    draft = generate_reply(question_file, workspace / "underskrevet-udkast.docx").output
    final = generate_reply(question_file, workspace / "underskrevet-endelig.docx", final=True).output
    return Letters(draft, final)


def test_there_are_examples_and_the_reference_is_among_them() -> None:
    assert REFERENCE in EXAMPLES and FOLLOW_UP in EXAMPLES and len(EXAMPLES) >= 3


# -- 1. the draft: a provenance comment on every prose figure ------------------------------------


def test_every_prose_figure_of_the_reference_is_a_run_of_its_own_with_a_comment(reference: Letters) -> None:
    ranges = commented_ranges(reference.draft)
    assert [r.text for r in ranges] == [figure.text for figure in REFERENCE_PROSE_FIGURES]
    assert all(r.runs == 1 for r in ranges), [(r.text, r.runs) for r in ranges if r.runs != 1]


@pytest.mark.parametrize("expected", REFERENCE_PROSE_FIGURES, ids=[f.text for f in REFERENCE_PROSE_FIGURES])
def test_the_comment_names_file_area_period_and_measure(reference: Letters, expected: ProseFigure) -> None:
    [anchored] = [r for r in commented_ranges(reference.draft) if r.text == expected.text]
    comment = anchored.comment
    assert expected.metric in comment
    for read in expected.reads:
        assert read.file in comment
        if read.areas:
            assert f"område: {', '.join(read.areas)};" in comment
        if read.periods:
            assert f"periode: {', '.join(read.periods)}" in comment
        assert f"mål: {', '.join(read.measures)}" in comment
    if expected.computation:
        assert "Beregning: " + expected.computation in comment
    else:
        assert "Beregning" not in comment


def test_the_changes_show_their_computation(reference: Letters) -> None:
    comments = {r.text: r.comment for r in commented_ranges(reference.draft)}
    assert "5.192 − 4.887 = 305" in comments["305"]
    assert "4.448 − 4.167 = 281" in comments["281"]
    assert "991 − 999 = -8" in comments["8"]


def test_every_difference_shown_to_a_reviewer_adds_up(letters: dict[str, Letters]) -> None:
    shown = [r.comment for r in commented_ranges(letters[REFERENCE.stem].draft) if r.text == "8"]
    for example in letters.values():
        shown += [f["beregning"] for f in load_sidecar(example.draft)["tal"] if "beregning" in f]
    wrong = set()
    for text in shown:
        for later, earlier, result in re.findall(r"([\d.,]+) − ([\d.,]+) = (−?-?[\d.,]+)", text):
            if danish_number(later) - danish_number(earlier) != danish_number(result):
                wrong.add(f"{later} − {earlier} = {result}")
    assert sorted(wrong) == []


def test_comments_are_dated_with_the_letter_date_not_today(letters: dict[str, Letters]) -> None:
    reference_dates = {r.date for r in commented_ranges(letters[REFERENCE.stem].draft)}
    assert reference_dates == {f"{LETTER_DATE.isoformat()}T00:00:00Z"}
    for name, example in letters.items():
        letter_date = load_sidecar(example.draft)["brevdato"]
        assert {r.date for r in commented_ranges(example.draft)} == {f"{letter_date}T00:00:00Z"}, name


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_every_draft_comments_exactly_the_prose_figures_of_its_sidecar(letters: dict[str, Letters], example: Path) -> None:
    draft = letters[example.stem].draft
    sidecar = load_sidecar(draft)
    in_prose = [sidecar["tal"][index]["tekst"] for paragraph in sidecar["afsnit"] for index in paragraph["tal"]]
    assert [r.text for r in commented_ranges(draft)] == in_prose


# -- 2. the sidecar --------------------------------------------------------------------------------


def test_the_sidecar_lists_every_prose_figure_with_its_source(reference_sidecar: dict[str, Any]) -> None:
    figures = reference_sidecar["tal"]
    in_reading_order = [(number, figures[i]) for number, p in enumerate(reference_sidecar["afsnit"]) for i in p["tal"]]
    assert [f["tekst"] for _, f in in_reading_order] == [e.text for e in REFERENCE_PROSE_FIGURES]
    for (paragraph, entry), expected in zip(in_reading_order, REFERENCE_PROSE_FIGURES):
        assert entry["sted"] == "tekst", expected.text
        assert entry["afsnit"] == paragraph, expected.text
        assert entry["spørgsmål"] == expected.question, expected.text
        assert entry["metrik"] == expected.metric, expected.text
        assert tuple(as_read(read) for read in entry["kilde"]) == expected.reads, expected.text
        if expected.computation:
            assert expected.computation in entry["beregning"], expected.text
        else:
            assert "beregning" not in entry, expected.text
    assert len([f for f in figures if f["sted"] == "tekst"]) == len(REFERENCE_PROSE_FIGURES)


def test_the_sidecar_values_behind_the_printed_prose(reference_sidecar: dict[str, Any]) -> None:
    by_text = {f["tekst"]: f for f in reference_sidecar["tal"] if f["sted"] == "tekst"}
    assert by_text["5.192"]["værdi"] == 5192 and by_text["5.192"]["art"] == "tal"
    assert by_text["1,1"]["værdi"] == pytest.approx(1.1)
    assert by_text["2. kvartal 2024 til 1. kvartal 2025"]["værdi"] == "2025QMAT01"
    assert by_text["2. kvartal 2024 til 1. kvartal 2025"]["art"] == "periode"
    assert by_text["12. august 2024"]["art"] == "dato"


@pytest.mark.parametrize(
    ("number", "columns", "rows"),
    [(1, TABLE_1_COLUMNS, TABLE_1_ROWS), (2, TABLE_2_COLUMNS, TABLE_2_ROWS)],
    ids=["Tabel 1", "Tabel 2"],
)
def test_the_sidecar_lists_every_table_cell_with_its_own_source(
    reference: Letters, reference_sidecar: dict[str, Any], number: int, columns: dict, rows: list[str]
) -> None:
    table = letter_tables(reference.draft)[number - 1]
    header, body = table[0], table[1:]
    assert header[1:] == list(columns) and [r[0] for r in body] == rows
    cells = {(f["række"], f["kolonne"]): f for f in reference_sidecar["tal"] if f["sted"] == "tabel" and f["tabel"] == number}
    assert set(cells) == {(row, column) for row in rows for column in columns}  # 7 × 4 and 10 × 2
    for row_cells in body:
        for column, printed in zip(header[1:], row_cells[1:]):
            entry = cells[(row_cells[0], column)]
            file, measure = columns[column]
            assert entry["tekst"] == printed
            assert entry["art"] == "tal"
            assert entry["spørgsmål"] == number + 1  # Tabel 1 answers question 2, Tabel 2 question 3
            [read] = entry["kilde"]
            assert (read["fil"], read["mål"]) == (file, [measure])
            if number == 1:
                assert (read["områder"], read["perioder"]) == ([row_cells[0]], ["2025QMAT01"])
            else:
                assert (read["områder"], read["perioder"]) == (["København"], [f"{row_cells[0]}Y01"])


def test_table_cells_in_the_sidecar_are_the_reference_figures(reference_sidecar: dict[str, Any]) -> None:
    cell = {(f["tabel"], f["række"], f["kolonne"]): f["tekst"] for f in reference_sidecar["tal"] if f["sted"] == "tabel"}
    assert cell[(1, "Hele landet", "Ansat i fleksjob*")] == "97.443"
    assert cell[(1, "København", "Antal på ledighedsydelse*")] == "1.009"
    assert cell[(1, "Randers", "Fleksjobansatte i pct. af arbejdsstyrken*")] == "4,5"
    assert cell[(2, "2015", "Antal visiteret til fleksjobordningen")] == "142"
    assert cell[(2, "2024", "Antal i fleksjobordningen*")] == "5.332"


def test_the_sidecar_paragraphs_are_the_letters_answer_paragraphs(reference: Letters, reference_sidecar: dict[str, Any]) -> None:
    paragraphs = [(p["spørgsmål"], readable(p["tekst"])) for p in reference_sidecar["afsnit"]]
    assert paragraphs == answer_paragraphs(reference.draft)
    assert [p["nr"] for p in reference_sidecar["afsnit"]] == list(range(len(paragraphs)))
    assert paragraphs[0][1].startswith("I perioden fra 2. kvartal 2024 til 1. kvartal 2025 var 5.192 københavnere")


def test_the_sidecar_identifies_the_letter_it_belongs_to(reference: Letters, reference_sidecar: dict[str, Any]) -> None:
    assert reference_sidecar["sha256"] == hashlib.sha256(reference.draft.read_bytes()).hexdigest()
    assert reference_sidecar["brev"] == reference.draft.name
    assert reference_sidecar["spørgsmålsfil"] == REFERENCE.name
    assert reference_sidecar["udgave"] == "udkast"
    assert reference_sidecar["brevdato"] == "2025-07-08"
    assert reference_sidecar["svarbrev"].startswith("svarbrev ")
    final = load_sidecar(reference.final)
    assert final["udgave"] == "endelig"
    assert final["sha256"] == hashlib.sha256(reference.final.read_bytes()).hexdigest()


# -- 2a. derived cells: worked out by the administration, not published ---------------------------

# examples/data/kilder.yaml marks the cells that were worked backwards from the reference letter's
# stated changes: 4.887 = 5.192 − 305, 4.167 = 4.448 − 281 (y08a02_2024-08-12.csv) and the April 2024
# figure 999 = 991 + 8 (kk_fleksjobansatte). A figure that reads one says so; a published one does not.
DERIVED_READS = {
    "305": (BEFORE, "2024QMAT02", "afledt af forvaltningen: 5.192 − 305"),
    "281": (BEFORE, "2024QMAT02", "afledt af forvaltningen: 4.448 − 281"),
    "8": (KK_EMPLOYEES, "2024M04", "afledt af forvaltningen: 991 + 8"),
}


def derived_marks(value: Any) -> list[str]:
    """Every text under an "afledt" key, anywhere in a sidecar entry."""
    if isinstance(value, dict):
        return [mark for key, item in value.items() for mark in (item if key == "afledt" else derived_marks(item))]
    if isinstance(value, list):
        return [mark for item in value for mark in derived_marks(item)]
    return []


def test_a_figure_computed_from_a_derived_cell_says_afledt_in_its_comment(reference: Letters) -> None:
    comments = {r.text: r.comment for r in commented_ranges(reference.draft)}
    for text, (file, period, how) in DERIVED_READS.items():
        [line] = [line for line in comments[text].splitlines() if "afledt" in line]
        assert line.startswith(f"{file} ") and f"periode: {period};" in line and how in line, comments[text]
        assert "ud fra ændringen i svaret på henvendelsen af 25-06-2025" in line
        # the published cell it is compared with is not marked
        assert not any("afledt" in line for line in comments[text].splitlines() if "2025QMAT01" in line or "2025M04" in line)
    published = [r for r in commented_ranges(reference.draft) if r.text not in DERIVED_READS]
    assert len(published) == len(REFERENCE_PROSE_FIGURES) - 3
    assert [r.text for r in published if "afledt" in r.comment] == []


def test_a_figure_computed_from_a_derived_cell_says_afledt_in_the_sidecar(reference: Letters) -> None:
    for sidecar in (load_sidecar(reference.draft), load_sidecar(reference.final)):
        marked = {}
        for figure in sidecar["tal"]:
            for read in figure["kilde"]:
                if "afledt" in read:
                    marked[figure["tekst"]] = (read["fil"], read["perioder"], read["afledt"])
        assert set(marked) == set(DERIVED_READS)
        for text, (file, period, how) in DERIVED_READS.items():
            assert marked[text][:2] == (file, [period])
            [mark] = marked[text][2]
            assert mark.startswith(how)
        # table cells and the other prose figures read published cells only
        assert [f["tekst"] for f in sidecar["tal"] if derived_marks(f) and f["tekst"] not in DERIVED_READS] == []


def test_removing_the_marking_from_kilder_yaml_removes_afledt(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "examples" / "data", data)
    kilder = data / "kilder.yaml"
    lines = kilder.read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line.startswith("    afledte_celler:"):
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    kilder.write_text("".join(kept), encoding="utf-8")
    assert "afledte_celler:\n" not in kilder.read_text(encoding="utf-8") and "y08a02:" in kilder.read_text(encoding="utf-8")
    (tmp_path / "henvendelser").mkdir()
    question = tmp_path / "henvendelser" / REFERENCE.name
    shutil.copyfile(REFERENCE, question)

    reply = generate_reply(question, tmp_path / "svar.docx").output

    comments = {r.text: r.comment for r in commented_ranges(reply)}
    assert "4.887" in comments["305"] and "y08a02_2024-08-12.csv" in comments["305"]
    assert [text for text, comment in comments.items() if "afledt" in comment] == []
    assert "afledt" not in sidecar_path(reply).read_text(encoding="utf-8")


# -- 3. consistency of prose, sidecar and tables in every example ---------------------------------

COVERAGE_CASES = [pytest.param(example, id=example.stem) for example in EXAMPLES]


@pytest.mark.parametrize("example", COVERAGE_CASES)
def test_every_number_in_the_answer_prose_is_a_figure_of_its_paragraph(letters: dict[str, Letters], example: Path) -> None:
    draft = letters[example.stem].draft
    sidecar = load_sidecar(draft)
    paragraphs = answer_paragraphs(draft)
    assert paragraphs == [(p["spørgsmål"], readable(p["tekst"])) for p in sidecar["afsnit"]]
    uncovered = []
    for (question, text), generated in zip(paragraphs, sidecar["afsnit"]):
        own = [sidecar["tal"][index] for index in generated["tal"]]
        for figure in own:
            assert figure["tekst"] in text and figure["afsnit"] == generated["nr"]
        covered = Counter(number for figure in own for number in numbers_in(figure["tekst"]))
        missing = Counter(numbers_in(text)) - covered
        uncovered += [f"Ad {question}: {number} i »{text}«" for number in missing.elements()]
    assert uncovered == []


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_a_figure_in_both_prose_and_table_reads_the_same(letters: dict[str, Letters], example: Path) -> None:
    draft = letters[example.stem].draft
    sidecar = load_sidecar(draft)
    tables = letter_tables(draft)
    cells = {}
    for figure in sidecar["tal"]:
        if figure["sted"] == "tabel" and (key := read_key(figure)) is not None:
            table = tables[figure["tabel"] - 1]
            column = table[0].index(figure["kolonne"])
            [printed] = [row[column] for row in table[1:] if row[0] == figure["række"]]
            assert printed == figure["tekst"], (figure["tabel"], figure["række"], figure["kolonne"])
            cells[key] = figure["tekst"]
    paragraphs = answer_paragraphs(draft)
    shared = []
    for figure in sidecar["tal"]:
        key = read_key(figure)
        if figure["sted"] == "tekst" and key in cells:
            assert figure["tekst"] == cells[key], f"teksten {figure['tekst']} mod tabellen {cells[key]} ({key})"
            assert figure["tekst"] in numbers_in(paragraphs[figure["afsnit"]][1])
            shared.append(figure["tekst"])
    if example == REFERENCE:
        assert shared == ["4.448", "1,1", "3,2"]


# -- 4. the final edition --------------------------------------------------------------------------


def test_the_final_reference_has_no_comments_and_no_highlighting(reference: Letters) -> None:
    parts = parts_of(reference.final)
    assert [name for name in parts if "comment" in name.lower()] == []
    document = parts["word/document.xml"]
    for tag in (b"commentRangeStart", b"commentReference", b"commentRangeEnd"):
        assert tag not in document
    assert b"comments" not in parts["word/_rels/document.xml.rels"]
    assert highlights_in(reference.final) == []


def test_the_final_reference_has_the_letters_core_properties(reference: Letters) -> None:
    core = docx.Document(str(reference.final)).core_properties
    assert core.title == "Svar til Hassan Nur Wardere vedrørende data på fleksjob"
    assert core.subject == "data på fleksjob"
    assert core.created == datetime(2025, 7, 8, tzinfo=UTC)
    assert core.modified == datetime(2025, 7, 8, tzinfo=UTC)
    assert core.content_status == "Endelig"


def test_the_final_reference_is_marked_final_in_its_custom_properties(reference: Letters) -> None:
    custom = custom_properties(reference.final)
    assert custom["Sagsnummer"] == ("lpwstr", "2025-0123456")
    assert custom["Modtager"] == ("lpwstr", "Hassan Nur Wardere")
    assert custom["Brevdato"] == ("lpwstr", "2025-07-08")
    assert custom["Generator"][1].startswith("svarbrev")
    assert custom["Status"] == ("lpwstr", "Endelig")
    assert custom["_MarkAsFinal"] == ("bool", "true")


def test_a_draft_says_udkast_and_is_not_marked_final(reference: Letters) -> None:
    custom = custom_properties(reference.draft)
    assert custom["Status"] == ("lpwstr", "Udkast")
    assert "_MarkAsFinal" not in custom
    assert docx.Document(str(reference.draft)).core_properties.content_status == "Udkast"
    assert "word/comments.xml" in parts_of(reference.draft)


def test_the_final_reference_is_signed_by_name_and_title(reference: Letters) -> None:
    texts = [p.text for p in docx.Document(str(reference.final)).paragraphs]
    assert texts[-3:] == ["Med venlig hilsen", "Henrik Lund", "Administrerende direktør"]
    assert [name for name in parts_of(reference.final) if name.startswith("word/media/")] == []  # no underskrift given


def test_the_signature_image_stands_just_above_the_signer_in_the_final(signed: Letters) -> None:
    media = [name for name in parts_of(signed.final) if name.startswith("word/media/")]
    assert len(media) == 1
    assert parts_of(signed.final)[media[0]].startswith(PNG_SIGNATURE)
    paragraphs = list(xml_of(signed.final, "word/document.xml").iter(f"{W}p"))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    with_picture = [i for i, p in enumerate(paragraphs) if any(True for _ in p.iter(f"{W}drawing"))]
    signer = texts.index("Henrik Lund")
    assert with_picture == [signer - 1]
    assert texts[signer - 2] == "Med venlig hilsen"
    assert custom_properties(signed.final)["_MarkAsFinal"] == ("bool", "true")


def test_a_draft_with_a_signature_file_has_no_signature_image(signed: Letters) -> None:
    assert [name for name in parts_of(signed.draft) if name.startswith("word/media/")] == []


def test_final_is_refused_while_a_question_is_unanswered(tmp_path: Path) -> None:
    output = tmp_path / "opfoelgning.docx"
    with pytest.raises(NotFinalError) as refused:
        generate_reply(FOLLOW_UP, output, final=True)
    assert refused.value.problems == ["spørgsmål 3 er ikke besvaret"]
    assert list(tmp_path.iterdir()) == []


def test_the_unanswered_question_is_highlighted_in_the_draft(letters: dict[str, Letters]) -> None:
    draft = letters[FOLLOW_UP.stem].draft
    assert highlights_in(draft) == ["word/document.xml"]
    assert answer_paragraphs(draft)[-1][0] == 3


def test_cli_final_of_an_unanswered_reply_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "X.docx"
    result = run_svarbrev("generate", FOLLOW_UP, "--endelig", "-o", output)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("fejl: ") and "endelige udgave" in lines[0]
    assert lines[1:] == ["  - spørgsmål 3 er ikke besvaret"]
    assert "Traceback" not in result.stderr
    assert not output.exists() and not sidecar_path(output).exists()
    assert list(tmp_path.iterdir()) == []


def test_final_is_refused_while_a_needed_figure_is_missing_in_the_data(workspace: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(workspace / "data", data)
    extract = data / "y08a02_2025-06-30.csv"
    text = extract.read_text(encoding="utf-8")
    assert "København;2025QMAT01;5.192;" in text
    # Persons and full-time persons both missing: nothing to answer with.
    extract.write_text(text.replace("København;2025QMAT01;5.192;4.448;", "København;2025QMAT01;..;..;"), encoding="utf-8")
    output = in_new_folder(tmp_path / "ud")

    with pytest.raises(NotFinalError) as refused:
        generate_reply(REFERENCE, output, data_dir=data, final=True)
    [problem] = refused.value.problems
    assert problem.startswith("spørgsmål 1: fleksjob.antal mangler data")
    assert "y08a02_2025-06-30.csv" in problem and "København" in problem and "Antal personer" in problem
    assert not output.exists() and not sidecar_path(output).exists()

    result = run_svarbrev("generate", REFERENCE, "--data", data, "--endelig", "-o", output)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("fejl: ")
    assert any("fleksjob.antal mangler data" in line for line in result.stderr.splitlines()[1:])
    assert not output.exists() and not sidecar_path(output).exists()

    draft = generate_reply(REFERENCE, output, data_dir=data).output  # a draft is written, with a marker
    assert any("[Data mangler til fleksjob.antal" in text for _, text in answer_paragraphs(draft))
    assert highlights_in(draft) == ["word/document.xml"]


# -- 5. determinism --------------------------------------------------------------------------------

DETERMINISM_CASES = [
    pytest.param(example, final, id=f"{example.stem}-{'endelig' if final else 'udkast'}")
    for example in EXAMPLES
    for final in (False, True)
    if not (final and example.stem in NOT_FINAL)
]


@pytest.mark.parametrize(("example", "final"), DETERMINISM_CASES)
def test_the_same_input_gives_the_same_bytes(tmp_path: Path, example: Path, final: bool) -> None:
    first = generate_reply(example, in_new_folder(tmp_path / "a"), final=final, allow_example_data=True)
    second = generate_reply(example, in_new_folder(tmp_path / "b"), final=final, allow_example_data=True)
    assert first.output.read_bytes() == second.output.read_bytes()
    assert first.sidecar.read_bytes() == second.sidecar.read_bytes()


def test_a_signed_final_is_byte_stable_too(workspace: Path, tmp_path: Path) -> None:
    question_file = workspace / "henvendelser" / "underskrevet-igen.yaml"
    question_file.write_text(with_signature(REFERENCE.read_text(encoding="utf-8"), "signatur-igen.png"), encoding="utf-8")
    (workspace / "henvendelser" / "signatur-igen.png").write_bytes(tiny_png())
    first = generate_reply(question_file, in_new_folder(tmp_path / "a"), final=True)
    second = generate_reply(question_file, in_new_folder(tmp_path / "b"), final=True)
    assert first.output.read_bytes() == second.output.read_bytes()
    assert first.sidecar.read_bytes() == second.sidecar.read_bytes()


def test_every_zip_entry_is_stamped_with_the_letter_date(reference: Letters) -> None:
    with zipfile.ZipFile(reference.final) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 7, 8, 0, 0, 0)}


# -- 6. svarbrev tjek ------------------------------------------------------------------------------


def test_an_untouched_reply_has_no_findings(reference: Letters, tmp_path: Path) -> None:
    reply = copy_reply(reference.draft, tmp_path)
    assert check_reply(reply) == []
    result = run_svarbrev("tjek", reply)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok:")


def test_a_reply_saved_again_without_changes_has_no_findings(reference: Letters, tmp_path: Path) -> None:
    reply = copy_reply(reference.draft, tmp_path)
    document = docx.Document(str(reply))
    document.save(str(reply))
    assert check_reply(reply) == []


def test_a_changed_prose_figure_is_reported_with_its_provenance(reference: Letters, tmp_path: Path) -> None:
    reply = copy_reply(reference.draft, tmp_path)
    edit_run(reply, "5.192", "5.193")

    findings = check_reply(reply)
    messages = [str(f) for f in findings]
    assert len(findings) == 2, messages
    gone = [f for f in findings if f.message.startswith("5.192 ")]
    new = [f for f in findings if f.message.startswith("5.193 ")]
    assert len(gone) == 1 and len(new) == 1, messages
    assert gone[0].question == 1 and new[0].question == 1
    for provenance in ("fleksjob.antal", "Antal personer", "København", "2025QMAT01", "y08a02_2025-06-30.csv"):
        assert provenance in gone[0].message
    assert "stammer ikke fra data" in new[0].message

    result = run_svarbrev("tjek", reply)
    assert result.returncode == 1
    listed = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
    assert listed == [f"  - {m}" for m in messages]


def test_a_changed_number_is_quoted_with_the_words_around_it_not_the_paragraph_start(reference: Letters, tmp_path: Path) -> None:
    """281 stands near the end of a long paragraph; the finding quotes where it was changed."""
    reply = copy_reply(reference.draft, tmp_path)
    edit_run(reply, "281", "282")
    around = "»…med 305 personer og 282 fuldtidspersoner siden opgørelsen for…«"

    findings = check_reply(reply)
    messages = [str(f) for f in findings]
    assert len(findings) == 2, messages
    [new] = [f for f in findings if f.message.startswith("282 ")]
    assert new.message == f"282 i teksten stammer ikke fra data (ikke i sidefilen): {around}"
    [gone] = [f for f in findings if f.message.startswith("281 ")]
    assert gone.message.startswith("281 står ikke længere i teksten, som den blev beregnet (fleksjob.antal; Antal fuldtidspersoner;")
    assert gone.message.endswith(f"; der står nu {around}")
    assert not any("I perioden" in m for m in messages), messages

    result = run_svarbrev("tjek", reply)
    assert result.returncode == 1
    assert f"  - spørgsmål 1: 282 i teksten stammer ikke fra data (ikke i sidefilen): {around}" in result.stdout.splitlines()


def test_a_changed_figure_from_a_derived_cell_says_so_in_tjek(reference: Letters, tmp_path: Path) -> None:
    reply = copy_reply(reference.draft, tmp_path)
    edit_run(reply, "305", "300")

    [gone] = [f.message for f in check_reply(reply) if f.message.startswith("305 ")]

    assert "afledt af forvaltningen: 5.192 − 305, ud fra ændringen i svaret på henvendelsen af 25-06-2025" in gone
    assert gone.endswith("; der står nu »…Antallet er steget med 300 personer og 281 fuldtidspersoner…«")


def test_a_number_in_a_new_paragraph_is_quoted_where_it_stands(reference: Letters, tmp_path: Path) -> None:
    reply = copy_reply(reference.draft, tmp_path)
    document = docx.Document(str(reply))
    [anchor] = [p for p in document.paragraphs if p.text.startswith("Københavns Kommune havde i april 2025")]
    anchor.insert_paragraph_before("Forvaltningen har i mange år haft et stort fokus på området og ansatte sidste år 17 nye konsulenter til opgaven i alt.")
    document.save(str(reply))

    messages = [str(f) for f in check_reply(reply)]

    assert messages == ["spørgsmål 1: tallet 17 i et nyt afsnit har ingen kilde i sidefilen: »…og ansatte sidste år 17 nye konsulenter til opgaven…«"]


CASEWORKER_ANSWER = """    svar: |
      København har historisk visiteret færre borgere til fleksjobordningen. Forvaltningen har i 2025
      ansat 12 nye virksomhedskonsulenter til at finde fleksjob.
"""


def caseworker_reply(tmp_path: Path) -> Path:
    """The reference letter with a caseworker's own answer to question 3 that holds two numbers."""
    text = REFERENCE.read_text(encoding="utf-8")
    start = text.index("    svar: |\n")
    end = text.index("    metrikker: [fleksjob.udvikling]")
    question = tmp_path / "egne-tal.yaml"
    question.write_text(text[:start] + CASEWORKER_ANSWER + text[end:], encoding="utf-8")
    return generate_reply(question, tmp_path / "svar.docx", data_dir=ROOT / "examples" / "data").output


def test_numbers_in_the_caseworkers_own_answer_are_listed_as_not_checked(tmp_path: Path) -> None:
    reply = caseworker_reply(tmp_path)
    own = [p for p in load_sidecar(reply)["afsnit"] if "sagsbehandlerens_tal" in p]
    assert [(p["spørgsmål"], p["sagsbehandlerens_tal"]) for p in own] == [(3, ["2025", "12"])]

    findings = check_reply(reply)

    assert [(f.question, f.checked, f.message) for f in findings] == [
        (3, False, "tal fra sagsbehandleren (ikke kontrolleret): 2025 »…fleksjobordningen. Forvaltningen har i 2025 ansat 12 nye virksomhedskonsulenter…«"),
        (3, False, "tal fra sagsbehandleren (ikke kontrolleret): 12 »…har i 2025 ansat 12 nye virksomhedskonsulenter til at…«"),
    ]
    result = run_svarbrev("tjek", reply)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok: ") and "som svarbrev beregnede, stemmer" in lines[0]
    assert lines[1] == "2 tal er skrevet af sagsbehandleren og ikke kontrolleret:"
    assert lines[2:] == [f"  - spørgsmål 3: {f.message}" for f in findings]


def test_caseworker_numbers_are_listed_beside_a_changed_figure(tmp_path: Path) -> None:
    reply = caseworker_reply(tmp_path)
    edit_run(reply, "900", "950")

    findings = check_reply(reply)

    assert [f.message.split(" ")[0] for f in findings if f.checked] == ["900", "950"]
    assert [f.message for f in findings if not f.checked][1].startswith("tal fra sagsbehandleren (ikke kontrolleret): 12 ")
    result = run_svarbrev("tjek", reply)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("2 tal stemmer ikke med det, svarbrev beregnede:")
    assert lines[3] == "2 tal er skrevet af sagsbehandleren og ikke kontrolleret:"


def test_a_changed_table_cell_is_reported_and_disagrees_with_the_prose(reference: Letters, tmp_path: Path) -> None:
    reply = copy_reply(reference.draft, tmp_path)
    edit_cell(reply, 1, "København", "Ansat i fleksjob*", "4.449")

    messages = [str(f) for f in check_reply(reply)]
    cell = [m for m in messages if m.startswith("spørgsmål 2: Tabel 1, København, Ansat i fleksjob*")]
    assert len(cell) == 1, messages
    assert "4.449" in cell[0] and "4.448" in cell[0] and "y08a02_2025-06-30.csv" in cell[0]
    disagreement = [m for m in messages if "teksten siger 4.448" in m]
    assert len(disagreement) == 1, messages
    assert disagreement[0].startswith("spørgsmål 1: ")
    assert "Tabel 1 (København, Ansat i fleksjob*) siger 4.449" in disagreement[0]
    assert len(messages) == 2, messages

    assert run_svarbrev("tjek", reply).returncode == 1


def test_tjek_without_the_sidecar_exits_1_with_one_line(reference: Letters, tmp_path: Path) -> None:
    reply = tmp_path / "svar.docx"
    shutil.copyfile(reference.draft, reply)
    with pytest.raises(SvarbrevError):
        check_reply(reply)
    result = run_svarbrev("tjek", reply)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fejl: ") and "svar.tal.json" in lines[0]
    assert result.stdout == ""


# -- 7. svarbrev forhåndsvis -----------------------------------------------------------------------


def assert_preview_files(docx_path: Path, pages: list[Path] | None = None) -> None:
    pdf = docx_path.with_name(f"{docx_path.stem}.forhåndsvisning.pdf")
    assert pdf.is_file() and pdf.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")
    images = sorted(docx_path.parent.glob(f"{docx_path.stem}.side-*.png"))
    assert images, "ingen sidebilleder"
    expected = [docx_path.with_name(f"{docx_path.stem}.side-{n}.png") for n in range(1, len(images) + 1)]
    assert sorted(images) == sorted(expected)
    if pages is not None:
        assert pages == expected
    for image in images:
        assert image.read_bytes().startswith(PNG_SIGNATURE)


def test_preview_writes_a_pdf_and_a_png_per_page(reference: Letters, tmp_path: Path) -> None:
    soffice()
    reply = copy_reply(reference.draft, tmp_path)
    result = preview(reply)
    assert result.pdf == tmp_path / "svar.forhåndsvisning.pdf"
    assert_preview_files(reply, result.pages)
    assert not (tmp_path / "svar.pdf").exists()


def test_cli_forhaandsvis_writes_the_same_files(reference: Letters, tmp_path: Path) -> None:
    soffice()
    reply = copy_reply(reference.draft, tmp_path, "brev.docx")
    result = run_svarbrev("forhåndsvis", reply)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("skrev ")
    assert_preview_files(reply)


def test_preview_without_libreoffice_is_refused_in_danish(reference: Letters, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reply = copy_reply(reference.draft, tmp_path)
    monkeypatch.setattr("generator.preview.shutil.which", lambda name: None)
    with pytest.raises(SvarbrevError, match="LibreOffice er ikke installeret"):
        preview(reply)
    assert not (tmp_path / "svar.forhåndsvisning.pdf").exists()


def test_cli_forhaandsvis_without_soffice_on_path_exits_1(reference: Letters, tmp_path: Path) -> None:
    reply = copy_reply(reference.draft, tmp_path / "brev")
    empty = tmp_path / "tom-sti"
    empty.mkdir()
    result = run_svarbrev("forhåndsvis", reply, env={**os.environ, "PATH": str(empty)})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("fejl: ") and "LibreOffice er ikke installeret" in lines[0]
    assert sorted(p.name for p in reply.parent.iterdir()) == ["svar.docx", "svar.tal.json"]


# -- 8. Word validity and LibreOffice --------------------------------------------------------------

AUDIT_CASES = [
    pytest.param(example.stem, edition, id=f"{example.stem}-{edition}")
    for example in EXAMPLES
    for edition in ("udkast", "endelig")
    if not (edition == "endelig" and example.stem in NOT_FINAL)
]


@pytest.mark.parametrize(("name", "edition"), AUDIT_CASES)
def test_openxml_audit_finds_nothing(letters: dict[str, Letters], name: str, edition: str) -> None:
    path = letters[name].draft if edition == "udkast" else letters[name].final
    report = openxml_audit(path)
    findings = [e.get("description") for e in report.get("errors", [])] + [w.get("description") for w in report.get("warnings", [])]
    assert findings == []
    assert report["error_count"] == 0 and report["warning_count"] == 0


def test_openxml_audit_finds_nothing_in_a_signed_final(signed: Letters) -> None:
    report = openxml_audit(signed.final)
    assert report["error_count"] == 0 and report["warning_count"] == 0, report.get("errors")


def test_libreoffice_converts_every_final_to_a_pdf(letters: dict[str, Letters], signed: Letters, tmp_path: Path) -> None:
    finals = [example.final for example in letters.values() if example.final is not None] + [signed.final]
    convert_to_pdfs(finals, tmp_path / "pdf", tmp_path / "lo-profil")
