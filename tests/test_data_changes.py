"""Every figure in the letter comes from the data at run time.

Each test copies the example data folder and the example question file into a temporary folder,
edits cells of the Jobindsats CSV extracts there (keeping the `;`-separated, decimal-comma,
thousands-dot layout), generates the letter and reads the Word file back: the new figures and the
Danish wording that follows from them must be in the letter, and the old figures must be gone.

The example data, for reference (København, 2025QMAT01 unless noted):

    y08a02_2025-06-30      persons 5.192, full-time persons 4.448, share 1,1 (Hele landet 3,2)
    y08a02_2024-08-12      2024QMAT02: persons 4.887, full-time persons 4.167 (the previous extract)
    kk_fleksjobansatte     Københavns Kommune 2024M04: 999, 2025M04: 991
    kk_fleksjob_maaltal    Københavns Kommune 2025Y01: 900
    y08a02 shares          Aarhus 3,3 · Odense 3,1 · Aalborg 3,0 · Esbjerg 4,0 · Randers 4,5
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.table import Table
from docx.text.paragraph import Paragraph
from readback import readable

from generator.reply import Generated, generate_reply

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE_DATA = PROJECT / "examples" / "data"
EXAMPLE_QUESTION = PROJECT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"

FLEKSJOB = "y08a02_2025-06-30.csv"
FLEKSJOB_PREVIOUS = "y08a02_2024-08-12.csv"
LEDIGHEDSYDELSE = "y09a02_2025-06-30.csv"
ORDNINGEN = "fleksjobordningen_2025-06-30.csv"
KK_ANSATTE = "kk_fleksjobansatte_2025-06-30.csv"
KK_MAALTAL = "kk_fleksjob_maaltal_2025-06-30.csv"

PERSONS = "Antal personer"
FULL_TIME = "Antal fuldtidspersoner"
SHARE = "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"
TARGET = "Måltal"
VISITATIONS = "Antal visiterede"
SCHEME_FULL_TIME = "Antal fuldtidspersoner i fleksjobordningen"

NOW = "2025QMAT01"
BEFORE = "2024QMAT02"
SINCE = "siden opgørelsen for 3. kvartal 2023 til 2. kvartal 2024 fra den 12. august 2024"

TABLE_1_HEADER = [
    "",
    "Ansat i fleksjob*",
    "Antal på ledighedsydelse*",
    "Fleksjobansatte i pct. af arbejdsstyrken*",
    "Ledighedsydelsesmodtagere i pct. **",
]
TABLE_1_ROWS = {
    "Hele landet": ["Hele landet", "97.443", "15.400", "3,2", "0,5"],
    "Esbjerg": ["Esbjerg", "2.277", "331", "4,0", "0,6"],
    "København": ["København", "4.448", "1.009", "1,1", "0,3"],
    "Odense": ["Odense", "3.287", "634", "3,1", "0,6"],
    "Randers": ["Randers", "2.224", "304", "4,5", "0,6"],
    "Aalborg": ["Aalborg", "3.497", "642", "3,0", "0,6"],
    "Aarhus": ["Aarhus", "6.491", "1.097", "3,3", "0,6"],
}
TABLE_2_HEADER = ["År", "Antal visiteret til fleksjobordningen", "Antal i fleksjobordningen*"]


# --------------------------------------------------------------------------- CSV editing


def jobindsats_number(value: int) -> str:
    """5192 -> '5.192': how Jobindsats writes a whole number."""
    return f"{value:,}".replace(",", ".")


def read_csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def write_csv_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\n").writerows(rows)


def set_cell(path: Path, area: str, period: str, column: str, value: str) -> None:
    """Rewrite one cell, given as Jobindsats text ('5.000', '1,25', '..'), keeping the file's layout."""
    rows = read_csv_rows(path)
    header = rows[0]
    assert header[:2] == ["Område", "Periode"], header
    index = header.index(column)
    matches = [row for row in rows[1:] if row[0] == area and row[1] == period]
    assert len(matches) == 1, f"{path.name} has no single row for {area} {period}"
    matches[0][index] = value
    write_csv_rows(path, rows)


def write_extract(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """Write a whole extract; whole numbers are written with Jobindsats' thousands dot."""
    cells = [[jobindsats_number(c) if isinstance(c, int) else str(c) for c in row] for row in rows]
    write_csv_rows(path, [header, *cells])


# --------------------------------------------------------------------------- reading the letter


@dataclass
class Letter:
    """A generated letter read back with python-docx: body paragraphs and tables in document order."""

    generated: Generated
    paragraphs: list[Paragraph]
    tables: dict[str, list[list[str]]] = field(default_factory=dict)  # caption -> rows of cell texts

    @classmethod
    def read(cls, generated: Generated) -> Letter:
        document = docx.Document(str(generated.output))
        letter = cls(generated, [])
        caption = None
        for element in document.element.body.iterchildren():
            if element.tag.endswith("}p"):
                paragraph = Paragraph(element, document)
                letter.paragraphs.append(paragraph)
                if paragraph.style.name == "Caption":
                    caption = readable(paragraph.text)
            elif element.tag.endswith("}tbl"):
                assert caption is not None, "a table without a caption before it"
                rows = [[readable(cell.text) for cell in row.cells] for row in Table(element, document).rows]
                letter.tables[caption] = rows
                caption = None
        return letter

    @property
    def warnings(self) -> list[str]:
        return self.generated.reply.warnings

    @property
    def text(self) -> str:
        """Every body paragraph and every table cell, one per line."""
        cells = [cell for rows in self.tables.values() for row in rows for cell in row]
        return "\n".join([readable(p.text) for p in self.paragraphs] + cells)

    def answer(self, number: int) -> list[str]:
        """The text paragraphs answering question `number` (after its "Ad N:" heading)."""
        texts: list[str] = []
        inside = False
        for paragraph in self.paragraphs:
            if paragraph.style.name == "Ad-overskrift":
                inside = paragraph.text.startswith(f"Ad {number}:")
                continue
            if paragraph.text == "Med venlig hilsen":
                break
            if inside and paragraph.style.name == "Normal":
                texts.append(readable(paragraph.text))
        assert texts, f"no answer to question {number}"
        return texts

    def answer_text(self, number: int) -> str:
        return "\n".join(self.answer(number))

    def paragraph(self, number: int, start: str) -> str:
        """The one paragraph of answer `number` that starts with `start`."""
        found = [text for text in self.answer(number) if text.startswith(start)]
        assert len(found) == 1, f"answer {number} has {len(found)} paragraphs starting {start!r}: {self.answer(number)}"
        return found[0]

    def table(self, number: int) -> list[list[str]]:
        found = [rows for caption, rows in self.tables.items() if caption.startswith(f"Tabel {number} - ")]
        assert len(found) == 1, f"no table {number}; captions: {list(self.tables)}"
        return found[0]

    def caption(self, number: int) -> str:
        return next(caption for caption in self.tables if caption.startswith(f"Tabel {number} - "))

    def highlighted(self) -> list[str]:
        """Texts of the runs marked with a highlight colour (what the caseworker must see to)."""
        return [
            readable(run.text)
            for paragraph in self.paragraphs
            for run in paragraph.runs
            if run.font.highlight_color is not None
        ]


class Workspace:
    """A private copy of the example data and question file, laid out as in examples/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        shutil.copytree(EXAMPLE_DATA, self.data)
        (root / "henvendelser").mkdir()
        self.question = root / "henvendelser" / EXAMPLE_QUESTION.name
        shutil.copy(EXAMPLE_QUESTION, self.question)

    def csv(self, name: str) -> Path:
        return self.data / name

    def set(self, name: str, area: str, period: str, column: str, value: str) -> None:
        set_cell(self.csv(name), area, period, column, value)

    def generate(self) -> Letter:
        """Generate the letter the way a caseworker would; data.mappe (../data) finds the copy."""
        generated = generate_reply(self.question, self.root / "svar.docx", overwrite=True)
        for result in generated.reply.results:
            for read in result.provenance:
                assert read.file.is_relative_to(self.data), f"read {read.file}, not the copied data"
        return Letter.read(generated)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


# --------------------------------------------------------------------------- the starting point


def test_untouched_copy_gives_the_reference_figures(workspace):
    """The baseline the other tests change: the copied data reproduces the example letter."""
    letter = workspace.generate()

    assert letter.warnings == []
    assert letter.paragraph(1, "I perioden") == (
        "I perioden fra 2. kvartal 2024 til 1. kvartal 2025 var 5.192 københavnere ansat i fleksjob. "
        "Målt i fuldtidspersoner svarer det til 4.448. "
        f"Antallet er steget med 305 personer og 281 fuldtidspersoner {SINCE}."
    )
    assert letter.paragraph(1, "Københavns Kommune") == (
        "Københavns Kommune havde i april 2025 991 personer ansat i fleksjob. "
        "Måltallet for fleksjobansættelser er 900. "
        "Kommunen havde 8 færre ansat i fleksjob end året før."
    )
    assert letter.paragraph(2, "I København") == (
        "I København er 1,1 procent af arbejdsstyrken ansat i fleksjob. "
        "Det er en lavere andel end i de øvrige 6-byer. Landsgennemsnittet er 3,2 procent."
    )
    assert letter.table(1) == [TABLE_1_HEADER, *TABLE_1_ROWS.values()]
    assert letter.paragraph(3, "Tabel 2 viser") == (
        "Tabel 2 viser en løbende stigning i antallet af visiterede borgere og "
        "i bestanden af borgere i fleksjob."
    )
    assert letter.table(2)[1] == ["2015", "142", "2.836"]
    assert letter.table(2)[-1] == ["2024", "937", "5.332"]


def test_set_cell_keeps_the_jobindsats_layout(workspace):
    """The test helper edits one cell and leaves every other byte of the extract alone."""
    path = workspace.csv(FLEKSJOB)
    before = path.read_text(encoding="utf-8")

    set_cell(path, "København", NOW, PERSONS, "5.000")

    after = path.read_text(encoding="utf-8")
    assert after == before.replace("København;2025QMAT01;5.192;", "København;2025QMAT01;5.000;")
    assert after.endswith("\n") and "\r" not in after


# --------------------------------------------------------------------------- fleksjob.antal


def test_antal_new_figures_with_persons_up_and_full_time_down(workspace):
    """Mixed directions are worded per measure: +113 persons (vs 4.887), −167 FTE (vs 4.167)."""
    workspace.set(FLEKSJOB, "København", NOW, PERSONS, "5.000")
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "4.000")

    letter = workspace.generate()

    assert letter.paragraph(1, "I perioden") == (
        "I perioden fra 2. kvartal 2024 til 1. kvartal 2025 var 5.000 københavnere ansat i fleksjob. "
        "Målt i fuldtidspersoner svarer det til 4.000. "
        f"Antallet af personer er steget med 113, og antallet af fuldtidspersoner er faldet med 167 {SINCE}."
    )
    for old in ("5.192", "4.448", "305", "281"):
        assert old not in letter.text
    # The same full-time figure feeds København's row in Tabel 1.
    assert letter.table(1)[3][:2] == ["København", "4.000"]


def test_antal_both_falling_is_one_sentence_with_units(workspace):
    workspace.set(FLEKSJOB, "København", NOW, PERSONS, "4.800")
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "4.100")

    letter = workspace.generate()

    sentence = letter.paragraph(1, "I perioden")
    assert "var 4.800 københavnere ansat i fleksjob" in sentence
    assert "svarer det til 4.100." in sentence
    assert f"Antallet er faldet med 87 personer og 67 fuldtidspersoner {SINCE}." in sentence
    assert "steget" not in sentence
    assert "5.192" not in letter.text


def test_antal_equal_to_previous_extract_is_unchanged(workspace):
    workspace.set(FLEKSJOB, "København", NOW, PERSONS, "4.887")
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "4.167")

    letter = workspace.generate()

    sentence = letter.paragraph(1, "I perioden")
    assert "var 4.887 københavnere" in sentence and "svarer det til 4.167." in sentence
    assert sentence.endswith(f"Antallet er uændret {SINCE}.")
    assert "steget" not in sentence and "faldet" not in sentence


def test_antal_one_measure_unchanged_the_other_not(workspace):
    workspace.set(FLEKSJOB, "København", NOW, PERSONS, "4.887")
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "4.172")

    sentence = workspace.generate().paragraph(1, "I perioden")

    assert sentence.endswith(
        f"Antallet af personer er uændret, og antallet af fuldtidspersoner er steget med 5 {SINCE}."
    )


def test_antal_change_of_one_uses_the_singular(workspace):
    workspace.set(FLEKSJOB, "København", NOW, PERSONS, "4.888")
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "4.168")

    sentence = workspace.generate().paragraph(1, "I perioden")

    assert sentence.endswith(f"Antallet er steget med 1 person og 1 fuldtidsperson {SINCE}.")


def test_antal_change_is_measured_against_the_previous_extract_file(workspace):
    """The previous figures are read from y08a02_2024-08-12.csv, not remembered."""
    workspace.set(FLEKSJOB_PREVIOUS, "København", BEFORE, PERSONS, "5.000")
    workspace.set(FLEKSJOB_PREVIOUS, "København", BEFORE, FULL_TIME, "4.000")

    sentence = workspace.generate().paragraph(1, "I perioden")

    assert "var 5.192 københavnere" in sentence
    assert sentence.endswith(f"Antallet er steget med 192 personer og 448 fuldtidspersoner {SINCE}.")


def test_antal_without_a_previous_extract_has_no_change_sentence(workspace):
    workspace.csv(FLEKSJOB_PREVIOUS).unlink()

    letter = workspace.generate()

    assert letter.paragraph(1, "I perioden") == (
        "I perioden fra 2. kvartal 2024 til 1. kvartal 2025 var 5.192 københavnere ansat i fleksjob. "
        "Målt i fuldtidspersoner svarer det til 4.448."
    )
    assert "siden opgørelsen" not in letter.text
    assert "Antallet" not in letter.answer_text(1)
    assert letter.warnings == []


def test_antal_period_wording_follows_the_period_in_the_extract(workspace):
    """Move the current extracts one quarter on: the period text and the caption follow."""
    for name in (FLEKSJOB, LEDIGHEDSYDELSE):
        path = workspace.csv(name)
        path.write_text(path.read_text(encoding="utf-8").replace(NOW, "2025QMAT02"), encoding="utf-8")

    letter = workspace.generate()

    assert letter.paragraph(1, "I perioden").startswith(
        "I perioden fra 3. kvartal 2024 til 2. kvartal 2025 var 5.192 københavnere ansat i fleksjob."
    )
    assert letter.caption(1).endswith("fra 3. kvartal 2024 til 2. kvartal 2025 i 6-byerne og på landsplan")
    assert "(3. kvartal 2024 – 2. kvartal 2025)" in letter.paragraph(2, "Tabel 1 viser")
    assert "1. kvartal 2025" not in letter.text


def test_antal_full_time_with_decimals_is_rounded_half_up(workspace):
    """4.448,5 full-time persons print as 4.449 (half-even would give 4.448), also in Tabel 1."""
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "4.448,5")

    letter = workspace.generate()

    assert "svarer det til 4.449." in letter.paragraph(1, "I perioden")
    assert letter.table(1)[3][1] == "4.449"
    assert "4.448" not in letter.text


def test_an_extract_dated_after_the_question_files_cutoff_is_not_used(workspace):
    """data.udtræk is 2025-06-30: a later extract must not change the letter."""
    later = workspace.csv("y08a02_2025-07-31.csv")
    shutil.copy(workspace.csv(FLEKSJOB), later)
    set_cell(later, "København", NOW, PERSONS, "6.000")

    letter = workspace.generate()

    assert "var 5.192 københavnere" in letter.paragraph(1, "I perioden")
    assert "6.000" not in letter.text


# --------------------------------------------------------------------------- fleksjob.kommunen_som_arbejdsgiver


def test_kommune_more_employees_than_a_year_before(workspace):
    workspace.set(KK_ANSATTE, "Københavns Kommune", "2025M04", PERSONS, "1.010")

    letter = workspace.generate()

    assert letter.paragraph(1, "Københavns Kommune") == (
        "Københavns Kommune havde i april 2025 1.010 personer ansat i fleksjob. "
        "Måltallet for fleksjobansættelser er 900. "
        "Kommunen havde 11 flere ansat i fleksjob end året før."
    )
    assert "991" not in letter.text and "færre" not in letter.answer_text(1)


def test_kommune_same_number_as_a_year_before(workspace):
    workspace.set(KK_ANSATTE, "Københavns Kommune", "2025M04", PERSONS, "999")

    paragraph = workspace.generate().paragraph(1, "Københavns Kommune")

    assert paragraph.startswith("Københavns Kommune havde i april 2025 999 personer ansat i fleksjob.")
    assert paragraph.endswith("Kommunen havde det samme antal ansat i fleksjob som året før.")
    assert "flere" not in paragraph and "færre" not in paragraph


def test_kommune_year_before_figure_is_read_from_the_data(workspace):
    workspace.set(KK_ANSATTE, "Københavns Kommune", "2024M04", PERSONS, "1.234")

    paragraph = workspace.generate().paragraph(1, "Københavns Kommune")

    assert paragraph.endswith("Kommunen havde 243 færre ansat i fleksjob end året før.")


def test_kommune_target_follows_the_target_extract(workspace):
    workspace.set(KK_MAALTAL, "Københavns Kommune", "2025Y01", TARGET, "950")

    letter = workspace.generate()

    assert "Måltallet for fleksjobansættelser er 950." in letter.paragraph(1, "Københavns Kommune")
    assert "900" not in letter.text


def test_kommune_newest_month_in_the_extract_is_used(workspace):
    """A new month in the extract becomes the letter's month, compared with that month a year before."""
    write_extract(
        workspace.csv(KK_ANSATTE),
        ["Område", "Periode", PERSONS],
        [
            ["Københavns Kommune", "2024M04", 999],
            ["Københavns Kommune", "2024M05", 1001],
            ["Københavns Kommune", "2025M04", 991],
            ["Københavns Kommune", "2025M05", 1],
        ],
    )

    paragraph = workspace.generate().paragraph(1, "Københavns Kommune")

    assert paragraph == (
        "Københavns Kommune havde i maj 2025 1 person ansat i fleksjob. "
        "Måltallet for fleksjobansættelser er 900. "
        "Kommunen havde 1.000 færre ansat i fleksjob end året før."
    )


def test_kommune_without_the_month_a_year_before_has_no_comparison(workspace):
    write_extract(workspace.csv(KK_ANSATTE), ["Område", "Periode", PERSONS], [["Københavns Kommune", "2025M04", 991]])

    paragraph = workspace.generate().paragraph(1, "Københavns Kommune")

    assert paragraph == (
        "Københavns Kommune havde i april 2025 991 personer ansat i fleksjob. "
        "Måltallet for fleksjobansættelser er 900."
    )


# --------------------------------------------------------------------------- fleksjob.sammenligning


def test_sammenligning_names_higher_and_lower_cities_in_danish_order(workspace):
    """3,2 lies between the cities; Aalborg and Aarhus sort last, like Å."""
    workspace.set(FLEKSJOB, "København", NOW, SHARE, "3,2")

    letter = workspace.generate()

    assert letter.paragraph(2, "I København") == (
        "I København er 3,2 procent af arbejdsstyrken ansat i fleksjob. "
        "Det er en lavere andel end i Esbjerg, Randers og Aarhus "
        "og en højere andel end i Odense og Aalborg. "
        "Landsgennemsnittet er 3,2 procent."
    )
    assert "1,1" not in letter.answer_text(2)
    assert letter.table(1)[3] == ["København", "4.448", "1.009", "3,2", "0,3"]


def test_sammenligning_same_share_as_a_city(workspace):
    workspace.set(FLEKSJOB, "København", NOW, SHARE, "3,3")

    paragraph = workspace.generate().paragraph(2, "I København")

    assert (
        "Det er en lavere andel end i Esbjerg og Randers, en højere andel end i Odense og Aalborg "
        "og samme andel som i Aarhus."
    ) in paragraph


def test_sammenligning_compares_shares_as_printed_so_text_and_table_agree(workspace):
    """3,04 prints as 3,0 like Aalborg's 3,0, so the sentence must call them the same."""
    workspace.set(FLEKSJOB, "København", NOW, SHARE, "3,04")

    letter = workspace.generate()

    assert "og samme andel som i Aalborg." in letter.paragraph(2, "I København")
    assert letter.table(1)[3][3] == "3,0"


def test_placeholder_names_the_data_file_without_its_server_path(workspace):
    workspace.set(FLEKSJOB, "København", NOW, PERSONS, "..")
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "..")

    text = placeholder(workspace.generate(), "fleksjob.antal")

    assert "y08a02_2025-06-30.csv" in text
    assert str(workspace.root) not in text and "/" not in text


def test_sammenligning_higher_than_every_other_city(workspace):
    workspace.set(FLEKSJOB, "København", NOW, SHARE, "4,6")

    paragraph = workspace.generate().paragraph(2, "I København")

    assert paragraph.startswith("I København er 4,6 procent af arbejdsstyrken ansat i fleksjob.")
    assert "Det er en højere andel end i de øvrige 6-byer." in paragraph
    assert "lavere" not in paragraph


def test_sammenligning_order_follows_the_data_not_a_fixed_list(workspace):
    """Only Aalborg is above København: the sentence lists the others, Aalborg last among them."""
    workspace.set(FLEKSJOB, "Aalborg", NOW, SHARE, "5,0")
    workspace.set(FLEKSJOB, "København", NOW, SHARE, "4,8")

    paragraph = workspace.generate().paragraph(2, "I København")

    assert (
        "Det er en lavere andel end i Aalborg og en højere andel end i Esbjerg, Odense, Randers og Aarhus."
    ) in paragraph


def test_sammenligning_national_share(workspace):
    workspace.set(FLEKSJOB, "Hele landet", NOW, SHARE, "2,9")

    letter = workspace.generate()

    assert letter.paragraph(2, "I København").endswith("Landsgennemsnittet er 2,9 procent.")
    assert letter.table(1)[1] == ["Hele landet", "97.443", "15.400", "2,9", "0,5"]
    assert "3,2" not in letter.text


def test_sammenligning_table_row_follows_both_extracts_cell_by_cell(workspace):
    """København's row combines y08a02 and y09a02; one-decimal shares are rounded half up."""
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "12.345")
    workspace.set(FLEKSJOB, "København", NOW, SHARE, "1,25")  # half-even would print 1,2
    workspace.set(LEDIGHEDSYDELSE, "København", NOW, FULL_TIME, "1.234")
    workspace.set(LEDIGHEDSYDELSE, "København", NOW, SHARE, "0,25")  # half-even would print 0,2

    letter = workspace.generate()

    expected = dict(TABLE_1_ROWS, København=["København", "12.345", "1.234", "1,3", "0,3"])
    table = letter.table(1)
    assert table[0] == TABLE_1_HEADER
    assert [row[0] for row in table[1:]] == list(expected)
    for row in table[1:]:
        for column, (cell, wanted) in enumerate(zip(row, expected[row[0]], strict=True)):
            assert cell == wanted, f"Tabel 1, {row[0]}, column {TABLE_1_HEADER[column]!r}"
    assert letter.paragraph(2, "I København").startswith("I København er 1,3 procent af arbejdsstyrken")
    assert "svarer det til 12.345." in letter.paragraph(1, "I perioden")


@pytest.mark.parametrize(
    ("cell", "printed"),
    [("1,15", "1,2"), ("1,25", "1,3"), ("2,45", "2,5"), ("1,14", "1,1")],
)
def test_sammenligning_share_is_rounded_half_up(workspace, cell, printed):
    workspace.set(FLEKSJOB, "København", NOW, SHARE, cell)

    letter = workspace.generate()

    assert letter.paragraph(2, "I København").startswith(f"I København er {printed} procent")
    assert letter.table(1)[3][3] == printed


def test_sammenligning_missing_city_figure_prints_jobindsats_mark_not_zero(workspace):
    """A table cell without a figure shows '..', as Jobindsats does, never 0 or nan."""
    workspace.set(LEDIGHEDSYDELSE, "Aarhus", NOW, FULL_TIME, "..")

    letter = workspace.generate()

    assert letter.table(1)[-1] == ["Aarhus", "6.491", "..", "3,3", "0,6"]
    assert "nan" not in letter.text.lower()


# --------------------------------------------------------------------------- fleksjob.udvikling


def write_ordningen(workspace: Workspace, rows: list[tuple[int, int, int]]) -> None:
    """Rewrite the yearly fleksjobordningen extract: (year, visitations, scheme full-time persons)."""
    write_extract(
        workspace.csv(ORDNINGEN),
        ["Område", "Periode", VISITATIONS, SCHEME_FULL_TIME],
        [["København", f"{year}Y01", visits, scheme] for year, visits, scheme in rows],
    )


def test_udvikling_both_series_falling(workspace):
    rows = [(2015 + i, 1500 - 100 * i, 6000 - 250 * i) for i in range(10)]
    write_ordningen(workspace, rows)

    letter = workspace.generate()

    assert letter.paragraph(3, "Tabel 2 viser") == (
        "Tabel 2 viser et løbende fald i antallet af visiterede borgere og i bestanden af borgere i fleksjob."
    )
    assert letter.table(2) == [TABLE_2_HEADER, *([str(y), jobindsats_number(v), jobindsats_number(s)] for y, v, s in rows)]
    assert "stigning" not in letter.answer_text(3)


def test_udvikling_mixed_trends_get_a_phrase_each(workspace):
    """Visitations rise every year; the scheme falls overall but not steadily."""
    scheme = [5000, 5100, 4900, 5050, 4800, 4900, 4700, 4750, 4600, 4650]
    write_ordningen(workspace, [(2015 + i, 100 + 10 * i, scheme[i]) for i in range(10)])

    letter = workspace.generate()

    assert letter.paragraph(3, "Tabel 2 viser") == (
        "Tabel 2 viser en løbende stigning i antallet af visiterede borgere "
        "og et fald i bestanden af borgere i fleksjob."
    )


def test_udvikling_unchanged_and_falling(workspace):
    write_ordningen(workspace, [(2020, 500, 4000), (2021, 600, 3900), (2022, 400, 3800), (2023, 500, 3700)])

    letter = workspace.generate()

    assert letter.paragraph(3, "Tabel 2 viser") == (
        "Tabel 2 viser et uændret niveau i antallet af visiterede borgere "
        "og et løbende fald i bestanden af borgere i fleksjob."
    )


def test_udvikling_table_and_caption_follow_the_years_in_the_data(workspace):
    """Only the last ten years are shown; the caption counts them."""
    rows = [(2013 + i, 200 + 50 * i, 3000 + 111 * i) for i in range(12)]
    write_ordningen(workspace, rows)

    letter = workspace.generate()

    assert letter.caption(2) == (
        "Tabel 2 - Udvikling i tilgangen til fleksjobordningen i København de seneste 10 år (2015 – 2024)"
    )
    table = letter.table(2)
    assert table[0] == TABLE_2_HEADER
    assert table[1:] == [[str(y), jobindsats_number(v), jobindsats_number(s)] for y, v, s in rows[2:]]
    assert table[-1] == ["2024", "750", "4.221"]


def test_udvikling_fewer_years_gives_a_shorter_span(workspace):
    write_ordningen(workspace, [(2019, 631, 3331), (2020, 666, 3794), (2021, 553, 4014)])

    letter = workspace.generate()

    assert letter.caption(2).endswith("i København de seneste 3 år (2019 – 2021)")
    assert len(letter.table(2)) == 1 + 3
    assert "2024" not in letter.caption(2)


def test_udvikling_single_cell_edit_reaches_tabel_2(workspace):
    workspace.set(ORDNINGEN, "København", "2020Y01", VISITATIONS, "1.666")
    workspace.set(ORDNINGEN, "København", "2020Y01", SCHEME_FULL_TIME, "..")

    table = workspace.generate().table(2)

    assert ["2020", "1.666", ".."] in table
    assert not any(row[0] == "2020" and row[1] == "666" for row in table)


# --------------------------------------------------------------------------- missing figures


def placeholder(letter: Letter, metric: str) -> str:
    """The one highlighted, bold placeholder paragraph for `metric`."""
    paragraphs = [p for p in letter.paragraphs if p.text.startswith(f"[Data mangler til {metric}: ")]
    assert len(paragraphs) == 1, f"no single placeholder for {metric}"
    (run,) = paragraphs[0].runs
    assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert run.bold
    assert paragraphs[0].text.endswith("]")
    return readable(paragraphs[0].text)


def test_missing_full_time_figure_answers_with_the_persons_and_says_what_is_missing(workspace):
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "..")

    letter = workspace.generate()

    assert letter.paragraph(1, "I perioden") == (
        "I perioden fra 2. kvartal 2024 til 1. kvartal 2025 var 5.192 københavnere ansat i fleksjob. "
        "Antallet målt i fuldtidspersoner står ikke i udtrækket for perioden."
    )
    assert "4.448" not in letter.answer_text(1)
    assert "siden opgørelsen" not in letter.answer_text(1)  # no change from half the figures
    # The other metric of the same question is still answered.
    assert letter.paragraph(1, "Københavns Kommune").startswith("Københavns Kommune havde i april 2025 991")


def test_missing_persons_figure_answers_with_the_full_time_persons_and_says_what_is_missing(workspace):
    workspace.set(FLEKSJOB, "København", NOW, PERSONS, "..")

    letter = workspace.generate()

    assert letter.paragraph(1, "I perioden") == (
        "I perioden fra 2. kvartal 2024 til 1. kvartal 2025 svarede antallet af københavnere ansat i fleksjob til "
        "4.448 fuldtidspersoner. Antallet af personer står ikke i udtrækket for perioden."
    )
    assert "5.192" not in letter.text


def test_missing_persons_and_full_time_figures_give_a_placeholder_not_a_number(workspace):
    workspace.set(FLEKSJOB, "København", NOW, PERSONS, "..")
    workspace.set(FLEKSJOB, "København", NOW, FULL_TIME, "..")

    letter = workspace.generate()

    text = placeholder(letter, "fleksjob.antal")
    assert PERSONS in text and "København" in text and "2. kvartal 2024 – 1. kvartal 2025" in text
    assert text in letter.highlighted()
    assert "københavnere ansat i fleksjob" not in letter.text
    assert "5.192" not in letter.text and "4.448" not in letter.answer_text(1)
    assert [w for w in letter.warnings if w.startswith("spørgsmål 1: fleksjob.antal: ")]


def test_missing_figure_in_the_previous_extract_gives_no_made_up_change(workspace):
    workspace.set(FLEKSJOB_PREVIOUS, "København", BEFORE, FULL_TIME, "..")

    letter = workspace.generate()

    assert "281" not in letter.text and "siden opgørelsen" not in letter.text
    assert any("fleksjob.antal" in warning for warning in letter.warnings)


def test_missing_share_gives_a_placeholder_and_no_comparison(workspace):
    workspace.set(FLEKSJOB, "Odense", NOW, SHARE, "..")

    letter = workspace.generate()

    text = placeholder(letter, "fleksjob.sammenligning")
    assert "Odense" in text and "i perioden 2. kvartal 2024 – 1. kvartal 2025" in text and NOW not in text
    assert letter.warnings == [f"spørgsmål 2: fleksjob.sammenligning: {text[len('[Data mangler til fleksjob.sammenligning: '):-1]}"]
    assert "procent af arbejdsstyrken" not in letter.text
    assert "Landsgennemsnittet" not in letter.text
    # Without Tabel 1, the development table is the letter's first table.
    assert letter.paragraph(3, "Tabel 1 viser").startswith("Tabel 1 viser en løbende stigning")
    assert letter.caption(1).startswith("Tabel 1 - Udvikling i tilgangen til fleksjobordningen")


def test_missing_target_gives_a_placeholder(workspace):
    workspace.set(KK_MAALTAL, "Københavns Kommune", "2025Y01", TARGET, "..")

    letter = workspace.generate()

    text = placeholder(letter, "fleksjob.kommunen_som_arbejdsgiver")
    assert TARGET in text
    assert "Måltallet" not in letter.text
    assert any(w.startswith("spørgsmål 1: fleksjob.kommunen_som_arbejdsgiver: ") for w in letter.warnings)


def test_missing_year_before_gives_no_made_up_comparison(workspace):
    workspace.set(KK_ANSATTE, "Københavns Kommune", "2024M04", PERSONS, "..")

    letter = workspace.generate()

    assert "færre" not in letter.answer_text(1) and "flere" not in letter.answer_text(1)
    assert "det samme antal" not in letter.answer_text(1)


def test_missing_current_month_is_flagged_not_replaced_by_an_older_month(workspace):
    """A '..' in the newest month is reported as missing, never answered with april 2024's 999."""
    workspace.set(KK_ANSATTE, "Københavns Kommune", "2025M04", PERSONS, "..")

    letter = workspace.generate()

    text = placeholder(letter, "fleksjob.kommunen_som_arbejdsgiver")
    assert "i perioden april 2025" in text and PERSONS in text
    assert "april 2024" not in letter.text and "999" not in letter.text
    assert any(w.startswith("spørgsmål 1: fleksjob.kommunen_som_arbejdsgiver: ") for w in letter.warnings)
