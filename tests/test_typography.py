"""Line breaks as a typesetter would set them (issue 9, item 8): no-break spaces, non-breaking
hyphens, soft hyphens at the joints of long compounds, and table columns as wide as their content."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from generator.letter import oxml
from generator.letter.writer import WordTemplate, column_widths
from generator.rendering.blocks import AnswerSection, Column, TableBlock
from generator.rendering.typography import (
    NO_BREAK_HYPHEN,
    NO_BREAK_SPACE,
    SOFT_HYPHEN,
    as_read,
    compound_joints,
    hyphenate,
    typeset,
)

NB, NH, SH = NO_BREAK_SPACE, NO_BREAK_HYPHEN, SOFT_HYPHEN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fra 2. kvartal 2024 til 1. kvartal 2025", f"fra 2.{NB}kvartal 2024 til 1.{NB}kvartal 2025"),
        ("henvendelse af d. 25. juni 2025", f"henvendelse af d.{NB}25.{NB}juni 2025"),
        ("den 12. august 2024", f"den 12.{NB}august 2024"),
        ("1,1 procent og 0,5 pct. og 3 %", f"1,1{NB}procent og 0,5{NB}pct. og 3{NB}%"),
        ("de øvrige 6-byer", f"de øvrige 6{NH}byer"),
        ("de 16-29-årige", f"de 16{NH}29{NH}årige"),
        ("Jobindsats.dk 30-06-2025", f"Jobindsats.dk 30{NH}06{NH}2025"),
        # left alone: a sentence-ending number, a month after a year, a word hyphen, an ordinary space
        ("i 2024. Kvartalet", "i 2024. Kvartalet"),
        ("april 2025 991 personer", "april 2025 991 personer"),
        ("Beskæftigelses- og Integrationsforvaltningen", "Beskæftigelses- og Integrationsforvaltningen"),
        ("Tabel 1 - Borgere", "Tabel 1 - Borgere"),
    ],
)
def test_typeset_binds_what_must_not_break_and_nothing_else(text: str, expected: str) -> None:
    assert typeset(text) == expected
    assert len(typeset(text)) == len(text)
    assert as_read(typeset(text)).replace(NB, " ") == text


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Ledighedsydelsesmodtagere", ["Ledigheds", "ydelses", "modtagere"]),
        ("Fleksjobansatte", ["Fleksjob", "ansatte"]),
        ("fleksjobordningen", ["fleksjob", "ordningen"]),
        ("arbejdsstyrken", ["arbejds", "styrken"]),
        ("Kontanthjælpsmodtagere", ["Kontanthjælps", "modtagere"]),
        ("Fuldtidspersoner", ["Fuldtids", "personer"]),
        ("ledighedsydelse", ["ledigheds", "ydelse"]),
        ("København", ["København"]),  # short: whole
        ("Integrationsforvaltningen", ["Integrations", "forvaltningen"]),
        ("Jobcentermedarbejdere", ["Jobcentermedarbejdere"]),  # no joint known: whole, never a guess
    ],
)
def test_long_compounds_break_only_where_their_parts_meet(word: str, parts: list[str]) -> None:
    assert hyphenate(word) == SH.join(parts)
    assert compound_joints(word) == [len("".join(parts[: i + 1])) for i in range(len(parts) - 1)]


def test_column_widths_follow_the_content_and_fill_the_text_width() -> None:
    headings = ["", "Ansat i fleksjob*", "Antal på ledighedsydelse*", "Fleksjobansatte i pct. af arbejdsstyrken*",
                hyphenate("Ledighedsydelsesmodtagere i pct. **")]
    rows = [["Hele landet", "97.443", "15.400", "3,2", "0,5"], ["København", "4.448", "1.009", "1,1", "0,3"]]
    widths = column_widths(headings, rows, 9072)

    assert sum(widths) == 9072
    assert widths[0] == len("Hele landet") * 106 + 216 + 70 < 9072 // 5  # the area column as wide as "Hele landet"
    assert all(w > widths[0] for w in widths[2:])  # the rest goes to the figures' headers
    assert widths[4] >= len("Ledighedsydelses-") * 114 + 216  # the header's widest piece fits on a line


def test_a_small_table_is_as_wide_as_its_content_not_the_page() -> None:
    widths = column_widths(["År", "Antal fuldtidspersoner*"], [["2015", "4.739"], ["2024", "5.178"]], 9072)
    assert widths == [len("2015") * 106 + 286, len("Antal fuldtidspersoner*") * 114 + 286]


def test_a_table_too_wide_for_the_page_is_shrunk_to_it() -> None:
    widths = column_widths(["Område"] + ["Meget lang overskrift uden ende"] * 12, [["København"] + ["1.000.000"] * 12], 9072)
    assert sum(widths) == 9072 and len(widths) == 13


def test_a_table_in_the_letter_has_soft_hyphens_in_its_header_and_content_widths(tmp_path) -> None:
    from test_word_template import REAL_TEMPLATE

    block = TableBlock(
        number=1,
        caption="Ledighedsydelse i 6-byerne, 2. kvartal 2024",
        columns=(Column("Område", numeric=False), Column("Ledighedsydelsesmodtagere i pct.", numeric=True)),
        rows=(("København", "0,3"), ("Hele landet", "0,5")),
    )
    template = WordTemplate(REAL_TEMPLATE)
    template.insert_answers([AnswerSection(1, "Et", [block])], ["Ad 1: Et"])
    document = Document(io.BytesIO(template.to_bytes(date(2025, 7, 8))))
    (table,) = document.tables

    header = oxml.xml_of(table.rows[0].cells[1].paragraphs[0])
    assert len(oxml.find_all(header, ".//w:softHyphen")) == 2  # Ledigheds-|ydelses-|modtagere
    assert table.rows[0].cells[1].text == "Ledighedsydelsesmodtagere i pct."  # as read: unchanged
    grid = [int(oxml.attribute(column, "w:w") or 0) for column in oxml.find_all(oxml.xml_of(table), "w:tblGrid/w:gridCol")]
    assert grid[0] < grid[1] and sum(grid) <= template.text_width()
    caption = next(p for p in document.paragraphs if p.style.name == "Caption")
    assert caption.text == f"Tabel 1 - Ledighedsydelse i 6-byerne, 2.{NB}kvartal 2024"
    assert oxml.find(oxml.xml_of(caption), ".//w:noBreakHyphen") is not None
