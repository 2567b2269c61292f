"""The Word layer: placeholders in the template, inserted questions and answers, and the real template.

Small templates are made in tmp_path from the real template (so the renderer's styles exist) with
the body cleared and our own paragraphs added; they are filled with WordTemplate and read back with
python-docx.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from test_review_and_final import tiny_png

from generator.domain.results import Table as ResultTable
from generator.errors import TemplateError
from generator.letter import oxml, writer
from generator.letter.contract import DEFAULT_STYLES, LetterStyles
from generator.letter.writer import ANSWERS_MARKER, QUESTIONS_MARKER, STYLES_WITH_EFFECTS, FigureComments, WordTemplate
from generator.rendering.blocks import AnswerSection, Column, TableBlock, TextBlock
from generator.rendering.text import TableNumbering, TextRenderer
from generator.reply import generate_reply
from generator.versions import file_version

REPO = Path(__file__).resolve().parent.parent
REAL_TEMPLATE = REPO / "templates" / "direktionen" / "brev.docx"

# Every placeholder the real template's header and body use, as generator.reply.placeholder_values gives them.
LETTER_VALUES = {
    "modtager": "Hassan",
    "henvendelsesdato": "2. juni 2025",
    "emne": "fleksjob",
    "sagsnummer": "",
    "brevdato": "25. juni 2025",
    "underskriver": "Anne Jensen",
    "titel": "Direktør",
}


# -- helpers ------------------------------------------------------------------------------------


def blank_template() -> Document:
    """The real template with an empty body: its styles, headers and footers, none of its text."""
    document = Document(str(REAL_TEMPLATE))
    oxml.remove_body_paragraphs(document)
    return document


def template_with(tmp_path: Path, *paragraphs: str, name: str = "skabelon.docx") -> Path:
    document = blank_template()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(str(path))
    return path


def saved(template: WordTemplate) -> bytes:
    return template.to_bytes(date(2025, 7, 8))


def reopened(template: WordTemplate) -> Document:
    return Document(io.BytesIO(saved(template)))


def body_texts(document: Document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def body_items(document: Document) -> list[Paragraph | Table]:
    """Paragraphs and tables of the body, in document order."""
    return list(oxml.body_blocks(document))


field_parts = oxml.field_parts


# -- placeholders -------------------------------------------------------------------------------


def test_a_placeholder_split_over_differently_formatted_runs_is_filled_and_keeps_the_first_runs_formatting(tmp_path: Path) -> None:
    document = blank_template()
    paragraph = document.add_paragraph()
    paragraph.add_run("Kære {{ mod").bold = True
    paragraph.add_run("tager }}")
    paragraph.add_run(" og velkommen").italic = True
    document.save(str(tmp_path / "split.docx"))

    template = WordTemplate(tmp_path / "split.docx")
    template.fill_placeholders(LETTER_VALUES)
    filled = reopened(template).paragraphs[0]

    assert filled.text == "Kære Hassan og velkommen"
    first, second, third = filled.runs
    assert (first.text, first.bold) == ("Kære Hassan", True)
    assert second.text == ""
    assert (third.text, third.italic, third.bold) == (" og velkommen", True, None)


def test_a_placeholder_split_into_one_run_per_brace_is_filled(tmp_path: Path) -> None:
    document = blank_template()
    paragraph = document.add_paragraph()
    for text in ("Vedrørende {", "{ em", "ne }", "}."):
        paragraph.add_run(text)
    document.save(str(tmp_path / "braces.docx"))

    template = WordTemplate(tmp_path / "braces.docx")
    template.fill_placeholders(LETTER_VALUES)

    assert reopened(template).paragraphs[0].text == "Vedrørende fleksjob."


def test_two_placeholders_in_one_paragraph_are_both_filled(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "{{ underskriver }}, {{ titel }}"))
    template.fill_placeholders(LETTER_VALUES)

    assert body_texts(reopened(template)) == ["Anne Jensen, Direktør"]


def test_the_case_number_paragraph_disappears_when_there_is_no_case_number(tmp_path: Path) -> None:
    path = template_with(tmp_path, "Før", "{% if sagsnummer %}Sagsnr. {{ sagsnummer }}{% endif %}", "Efter")
    template = WordTemplate(path)
    template.fill_placeholders({**LETTER_VALUES, "sagsnummer": ""})

    assert body_texts(reopened(template)) == ["Før", "Efter"]


def test_the_case_number_paragraph_shows_the_case_number_when_it_is_set(tmp_path: Path) -> None:
    path = template_with(tmp_path, "Før", "{% if sagsnummer %}Sagsnr. {{ sagsnummer }}{% endif %}", "Efter")
    template = WordTemplate(path)
    template.fill_placeholders({**LETTER_VALUES, "sagsnummer": "2025-0042"})

    assert body_texts(reopened(template)) == ["Før", "Sagsnr. 2025-0042", "Efter"]


def test_the_case_number_line_in_the_real_letterhead_follows_the_case_number() -> None:
    without = WordTemplate(REAL_TEMPLATE)
    without.fill_placeholders({**LETTER_VALUES, "sagsnummer": ""})
    with_number = WordTemplate(REAL_TEMPLATE)
    with_number.fill_placeholders({**LETTER_VALUES, "sagsnummer": "2025-0042"})

    header_without = [p.text for p in reopened(without).sections[0].first_page_header.paragraphs]
    header_with = [p.text for p in reopened(with_number).sections[0].first_page_header.paragraphs]

    date_line = "25.\u00a0juni 2025"  # day and month bound by a no-break space (typography.py)
    assert header_without == ["Direktionen", "Beskæftigelses- og Integrationsforvaltningen", "", date_line]
    assert header_with == ["Direktionen", "Beskæftigelses- og Integrationsforvaltningen", "", date_line, "Sagsnr. 2025-0042"]


@pytest.mark.parametrize(
    "value",
    [
        "{{ 7*7 }}",
        "{% raw %}",
        "{% if true %}ja{% endif %}",
        "<&>",
        '"quotes" og \'apostrof\'',
        "<w:t>indsprøjtet</w:t>",
    ],
)
def test_values_are_inserted_literally_never_evaluated_or_read_as_markup(tmp_path: Path, value: str) -> None:
    template = WordTemplate(template_with(tmp_path, "Kære {{ modtager }}", "Emne: {{ emne }}"))
    template.fill_placeholders({**LETTER_VALUES, "modtager": value, "emne": value})

    assert body_texts(reopened(template)) == [f"Kære {value}", f"Emne: {value}"]


def test_markup_characters_in_a_value_are_escaped_in_the_saved_xml(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "Kære {{ modtager }}"))
    template.fill_placeholders({**LETTER_VALUES, "modtager": "<b>&</b>"})

    with zipfile.ZipFile(io.BytesIO(saved(template))) as package:
        document_xml = package.read("word/document.xml").decode("utf-8")
    assert "Kære &lt;b&gt;&amp;&lt;/b&gt;" in document_xml
    assert "<b>" not in document_xml


def test_a_control_character_in_a_value_is_dropped_and_the_file_still_opens(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "Kære {{ modtager }}"))
    template.fill_placeholders({**LETTER_VALUES, "modtager": "Has\x07san\x00"})

    out = tmp_path / "svar.docx"
    out.write_bytes(saved(template))

    assert body_texts(Document(str(out))) == ["Kære Hassan"]


def test_a_line_break_in_a_value_becomes_a_space(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "Vedrørende {{ emne }}."))
    template.fill_placeholders({**LETTER_VALUES, "emne": "fleksjob\nog ledighed"})

    assert body_texts(reopened(template)) == ["Vedrørende fleksjob og ledighed."]


def test_an_unknown_placeholder_is_refused_naming_it_and_the_known_names(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "Kære {{ modtagr }}", name="brev.docx"))

    with pytest.raises(TemplateError) as raised:
        template.fill_placeholders(LETTER_VALUES)

    message = str(raised.value)
    assert "brev.docx" in message
    assert "modtagr" in message
    assert "kendte: brevdato, emne, henvendelsesdato, modtager, sagsnummer, titel, underskriver" in message


def test_an_unclosed_if_block_is_refused(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "{% if sagsnummer %}Sagsnr. {{ sagsnummer }}"))

    with pytest.raises(TemplateError, match="fejl i pladsholderen"):
        template.fill_placeholders(LETTER_VALUES)


def test_a_placeholder_that_is_not_valid_jinja_is_refused(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "Kære {{ modtager | }}"))

    with pytest.raises(TemplateError, match="fejl i pladsholderen"):
        template.fill_placeholders(LETTER_VALUES)


def test_a_placeholder_without_its_closing_braces_is_refused(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "Kære {{ modtager"))

    with pytest.raises(TemplateError, match=re.escape("pladsholder uden afslutning i 'Kære {{ modtager'")):
        template.fill_placeholders(LETTER_VALUES)


def test_a_file_that_is_not_a_docx_is_refused_as_a_template(tmp_path: Path) -> None:
    path = tmp_path / "brev.docx"
    path.write_text("ikke et Word-dokument", encoding="utf-8")

    with pytest.raises(TemplateError, match="kan ikke åbne Word-skabelonen"):
        WordTemplate(path)


# -- questions and answers ----------------------------------------------------------------------


def test_questions_are_numbered_in_the_question_style_where_the_marker_was(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "Spørgsmål:", QUESTIONS_MARKER, "Slut"))
    template.insert_questions(["Hvor mange er i fleksjob?", "Hvad koster {{ 7*7 }}?"])
    document = reopened(template)

    assert body_texts(document) == ["Spørgsmål:", "1.\tHvor mange er i fleksjob?", "2.\tHvad koster {{ 7*7 }}?", "Slut"]
    assert [p.style.name for p in document.paragraphs[1:3]] == ["Spørgsmål", "Spørgsmål"]


FLEKSJOB_TABLE = TableBlock(
    number=1,
    caption="Personer i fleksjob, 6-byerne",
    columns=(Column("Område", numeric=False), Column("Antal personer", numeric=True), Column("Andel", numeric=True)),
    rows=(("København", "97.443", "3,2"), ("Aarhus", "1.009", "12,5")),
    notes=("Anm.: Rullende år.", "Tal er afrundede."),
    source="Kilde: Jobindsats.dk, y08a02, udtrukket 30-06-2025",
)


def answered(tmp_path: Path, sections: list[AnswerSection], headings: list[str]) -> Document:
    template = WordTemplate(template_with(tmp_path, "Svar:", ANSWERS_MARKER, "Med venlig hilsen"))
    template.insert_answers(sections, headings)
    return reopened(template)


def test_answers_replace_the_marker_with_heading_text_table_and_notes_in_order(tmp_path: Path) -> None:
    section = AnswerSection(1, "Hvor mange?", [TextBlock("Tabel 1 viser antallet."), FLEKSJOB_TABLE, TextBlock("Det er mange.")])
    document = answered(tmp_path, [section], ["Ad 1. Hvor mange?"])

    summary = [
        ("tabel", None) if isinstance(item, Table) else (item.style.name, item.text) for item in body_items(document)
    ]
    assert summary == [
        ("Normal", "Svar:"),
        ("Ad-overskrift", "Ad 1. Hvor mange?"),
        ("Normal", "Tabel 1 viser antallet."),
        ("Caption", "Tabel 1 - Personer i fleksjob, 6-byerne"),
        ("tabel", None),
        ("Tabelnote", "Anm.: Rullende år."),
        ("Tabelnote", "Tal er afrundede."),
        ("Kilde", "Kilde: Jobindsats.dk, y08a02, udtrukket 30-06-2025"),
        ("Normal", "Det er mange."),
        ("Normal", "Med venlig hilsen"),
    ]


def test_a_table_caption_is_a_seq_tabel_field_whose_cached_result_is_the_table_number(tmp_path: Path) -> None:
    second = TableBlock(2, "Udvikling", (Column("År", numeric=False),), (("2024",),))
    sections = [AnswerSection(1, "Et", [FLEKSJOB_TABLE]), AnswerSection(2, "To", [second])]
    document = answered(tmp_path, sections, ["Ad 1.", "Ad 2."])

    captions = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == ["Tabel 1 - Personer i fleksjob, 6-byerne", "Tabel 2 - Udvikling"]
    for caption, number in zip(captions, ["1", "2"]):
        instruction, result = field_parts(caption)
        assert instruction.split()[:2] == ["SEQ", "Tabel"]
        assert result == number


def test_a_tables_cells_hold_the_formatted_values_with_a_bold_repeating_header_row(tmp_path: Path) -> None:
    document = answered(tmp_path, [AnswerSection(1, "Et", [FLEKSJOB_TABLE])], ["Ad 1."])
    (table,) = document.tables

    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Område", "Antal personer", "Andel"],
        ["København", "97.443", "3,2"],
        ["Aarhus", "1.009", "12,5"],
    ]
    header, *body = table.rows
    assert oxml.find(oxml.xml_of(header), "w:trPr/w:tblHeader") is not None
    assert all(oxml.find(oxml.xml_of(row), "w:trPr/w:tblHeader") is None for row in body)
    assert all(cell.paragraphs[0].runs[0].bold for cell in header.cells)
    assert all(cell.paragraphs[0].style.name == "Tabeltekst" for row in table.rows for cell in row.cells)


def test_numeric_columns_are_right_aligned_and_text_columns_left_aligned(tmp_path: Path) -> None:
    document = answered(tmp_path, [AnswerSection(1, "Et", [FLEKSJOB_TABLE])], ["Ad 1."])
    (table,) = document.tables

    alignments = [[cell.paragraphs[0].alignment for cell in row.cells] for row in table.rows]
    assert alignments == [[WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT]] * 3


def keeps(paragraph: Paragraph) -> tuple[bool, bool]:
    """(keep with next, keep lines together) as set on the paragraph itself."""
    return bool(paragraph.paragraph_format.keep_with_next), bool(paragraph.paragraph_format.keep_together)


def test_an_answer_heading_keeps_with_its_first_paragraph_which_is_never_split(tmp_path: Path) -> None:
    sections = [AnswerSection(1, "Et", [TextBlock("Første afsnit."), TextBlock("Andet afsnit.")]),
                AnswerSection(2, "To", [FLEKSJOB_TABLE, TextBlock("Efter tabellen.")])]
    document = answered(tmp_path, sections, ["Ad 1: Et", "Ad 2: To"])
    by_text = {p.text: p for p in document.paragraphs}

    assert keeps(by_text["Ad 1: Et"]) == (True, True)
    assert keeps(by_text["Første afsnit."]) == (False, True)
    assert keeps(by_text["Andet afsnit."]) == (False, False)
    assert keeps(by_text["Ad 2: To"]) == (True, True)
    assert keeps(by_text["Efter tabellen."]) == (True, False)  # the last answer paragraph goes with the closing


def test_the_closing_never_begins_a_page_without_the_last_answer_paragraph(tmp_path: Path) -> None:
    template = WordTemplate(REAL_TEMPLATE)
    template.fill_placeholders(LETTER_VALUES)
    template.insert_questions(["Et"])
    template.insert_answers([AnswerSection(1, "Et", [TextBlock("Første."), TextBlock("Sidste.")])], ["Ad 1: Et"])
    paragraphs = {p.text: p for p in reopened(template).paragraphs}
    assert keeps(paragraphs["Første."]) == (False, True)
    assert keeps(paragraphs["Sidste."]) == (True, False)


def test_the_closing_block_with_a_signature_image_is_kept_on_one_page(tmp_path: Path) -> None:
    signature = tmp_path / "signatur.png"
    signature.write_bytes(tiny_png(300, 100))
    template = WordTemplate(REAL_TEMPLATE)
    template.fill_placeholders(LETTER_VALUES)
    template.insert_questions(["Et"])
    template.insert_answers([AnswerSection(1, "Et", [TextBlock("Svar.")])], ["Ad 1: Et"])
    template.insert_signature(signature)
    paragraphs = reopened(template).paragraphs

    closing = paragraphs[[p.text for p in paragraphs].index("Med venlig hilsen"):]
    assert [p.text for p in closing] == ["Med venlig hilsen", "", "Anne Jensen", "Direktør"]
    assert oxml.find(oxml.xml_of(closing[1]), ".//w:drawing") is not None
    assert [keeps(p) for p in closing] == [(True, True), (True, True), (True, True), (False, True)]


def test_a_highlighted_text_block_is_yellow_and_bold_and_a_plain_one_is_not(tmp_path: Path) -> None:
    section = AnswerSection(1, "Et", [TextBlock("Almindelig tekst."), TextBlock("Data mangler.", highlight=True)])
    document = answered(tmp_path, [section], ["Ad 1."])

    plain = next(p for p in document.paragraphs if p.text == "Almindelig tekst.")
    marked = next(p for p in document.paragraphs if p.text == "Data mangler.")
    assert marked.runs[0].font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert marked.runs[0].bold is True
    assert plain.runs[0].font.highlight_color is None


def test_answer_text_is_inserted_literally(tmp_path: Path) -> None:
    section = AnswerSection(1, "Et", [TextBlock("{{ 7*7 }} <&> \"citat\"\x0b")])
    document = answered(tmp_path, [section], ["Ad 1. {% raw %}"])

    assert "{{ 7*7 }} <&> \"citat\"" in body_texts(document)
    assert "Ad 1. {% raw %}" in body_texts(document)


def test_a_template_without_the_answers_marker_is_refused(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, "Kære {{ modtager }}", QUESTIONS_MARKER, name="uden_svar.docx"))

    with pytest.raises(TemplateError) as raised:
        template.insert_answers([AnswerSection(1, "Et", [TextBlock("Svar.")])], ["Ad 1."])

    assert "[[svar]]" in str(raised.value)
    assert "uden_svar.docx" in str(raised.value)


def test_a_template_without_the_questions_marker_is_refused(tmp_path: Path) -> None:
    template = WordTemplate(template_with(tmp_path, ANSWERS_MARKER))

    with pytest.raises(TemplateError, match=r"\[\[spørgsmål\]\]"):
        template.insert_questions(["Et spørgsmål?"])


# -- the real template --------------------------------------------------------------------------


def proofing_language(styles_xml: bytes) -> str | None:
    root = etree.fromstring(styles_xml)
    lang = oxml.find(root, "w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    return None if lang is None else oxml.attribute(lang, "w:val")


def test_the_real_template_spell_checks_in_danish() -> None:
    with zipfile.ZipFile(REAL_TEMPLATE) as package:
        assert proofing_language(package.read("word/styles.xml")) == "da-DK"


def test_a_filled_letter_keeps_danish_proofing_and_has_no_styles_with_effects_part() -> None:
    template = WordTemplate(REAL_TEMPLATE)
    template.fill_placeholders(LETTER_VALUES)

    with zipfile.ZipFile(io.BytesIO(saved(template))) as package:
        assert proofing_language(package.read("word/styles.xml")) == "da-DK"
        assert "stylesWithEffects" not in package.read("word/_rels/document.xml.rels").decode("utf-8")
        assert not any("stylesWithEffects" in name for name in package.namelist())


def test_saving_drops_a_styles_with_effects_relationship_the_template_brought_along(tmp_path: Path) -> None:
    plain = Document()  # python-docx's default document carries a stylesWithEffects part
    assert STYLES_WITH_EFFECTS in [rel.reltype for rel in plain.part.rels.values()]
    plain.add_paragraph("Kære {{ modtager }}")
    plain.save(str(tmp_path / "standard.docx"))

    template = WordTemplate(tmp_path / "standard.docx")
    template.fill_placeholders(LETTER_VALUES)
    document = reopened(template)

    assert STYLES_WITH_EFFECTS not in [rel.reltype for rel in document.part.rels.values()]
    assert body_texts(document)[-1] == "Kære Hassan"


def test_the_real_template_has_the_direktionen_letterhead_on_the_first_page() -> None:
    document = Document(str(REAL_TEMPLATE))
    section = document.sections[0]

    assert section.different_first_page_header_footer
    lines = [p.text for p in section.first_page_header.paragraphs]
    assert lines[:2] == ["Direktionen", "Beskæftigelses- og Integrationsforvaltningen"]
    assert "{{ brevdato }}" in lines
    assert "{% if sagsnummer %}Sagsnr. {{ sagsnummer }}{% endif %}" in lines


def test_the_real_template_has_both_markers_and_only_known_placeholders() -> None:
    document = Document(str(REAL_TEMPLATE))
    texts = body_texts(document)

    assert texts.count(QUESTIONS_MARKER) == 1
    assert texts.count(ANSWERS_MARKER) == 1
    assert texts.index(QUESTIONS_MARKER) < texts.index(ANSWERS_MARKER)

    template = WordTemplate(REAL_TEMPLATE)
    template.fill_placeholders(LETTER_VALUES)  # raises if the template uses a name the letter does not give
    filled = reopened(template)
    assert filled.paragraphs[0].text == "Kære Hassan"
    assert not any("{{" in text or "{%" in text for text in body_texts(filled))


def test_a_whole_letter_in_the_real_template_reopens_with_questions_and_answers_in_place() -> None:
    template = WordTemplate(REAL_TEMPLATE)
    template.fill_placeholders({**LETTER_VALUES, "sagsnummer": "2025-0042"})
    template.insert_questions(["Hvor mange er i fleksjob?"])
    template.insert_answers([AnswerSection(1, "Hvor mange er i fleksjob?", [FLEKSJOB_TABLE])], ["Ad 1. Hvor mange er i fleksjob?"])
    document = reopened(template)
    texts = body_texts(document)

    assert QUESTIONS_MARKER not in texts and ANSWERS_MARKER not in texts
    assert texts.index("1.\tHvor mange er i fleksjob?") < texts.index("Ad 1. Hvor mange er i fleksjob?")
    assert texts.index("Ad 1. Hvor mange er i fleksjob?") < texts.index("Tabel 1 - Personer i fleksjob, 6-byerne")
    assert texts.index("Kilde: Jobindsats.dk, y08a02, udtrukket 30-06-2025") < texts.index("Med venlig hilsen")
    assert len(document.tables) == 1


# -- text templates -----------------------------------------------------------------------------

FLEKSJOB_FRAME = ResultTable({"area": ("København", "Aarhus"), "count": (97443.0, 1009.0), "share": (3.25, float("nan"))})

TABLE_TEMPLATE = """\
{% set t = table(frame, "Personer i fleksjob", [column("area", "Område"), column("count", "Antal", "integer"),
   column("share", "Andel", "decimal1")], notes=["Anm.: Rullende år."], source="Kilde: Jobindsats.dk") %}
Tabel {{ t.number }} viser antallet
af personer i fleksjob.

{{ t }}
"""


def write_texts(tmp_path: Path, **templates: str) -> TextRenderer:
    folder = tmp_path / "tekster"
    folder.mkdir(exist_ok=True)
    for name, source in templates.items():
        (folder / f"{name}.j2").write_text(source, encoding="utf-8")
    return TextRenderer(folder)


def test_a_text_template_with_a_table_printed_alone_gives_a_text_block_and_a_table_block(tmp_path: Path) -> None:
    renderer = write_texts(tmp_path, tabel=TABLE_TEMPLATE)

    blocks = renderer.render_blocks("tabel.j2", {"frame": FLEKSJOB_FRAME}, TableNumbering())

    assert blocks == [
        TextBlock("Tabel 1 viser antallet af personer i fleksjob."),
        TableBlock(
            number=1,
            caption="Personer i fleksjob",
            columns=(Column("Område", False), Column("Antal", True), Column("Andel", True)),
            rows=(("København", "97.443", "3,3"), ("Aarhus", "1.009", "..")),
            notes=("Anm.: Rullende år.",),
            source="Kilde: Jobindsats.dk",
        ),
    ]


def test_a_table_printed_inside_a_sentence_is_refused(tmp_path: Path) -> None:
    source = TABLE_TEMPLATE.replace("{{ t }}", "Se {{ t }} herunder.")
    renderer = write_texts(tmp_path, inde=source)

    with pytest.raises(TemplateError, match="alene i sit afsnit") as raised:
        renderer.render_blocks("inde.j2", {"frame": FLEKSJOB_FRAME}, TableNumbering())

    assert raised.value.file == tmp_path / "tekster" / "inde.j2"


def test_a_syntax_error_in_a_text_template_names_the_file_and_line(tmp_path: Path) -> None:
    renderer = write_texts(tmp_path, fejl="Første linje.\n\n{% if antal %}\nMange.\n{% endfor %}\n")

    with pytest.raises(TemplateError) as raised:
        renderer.render_blocks("fejl.j2", {"antal": 1}, TableNumbering())

    assert raised.value.line == 5
    assert str(raised.value).startswith(f"{tmp_path / 'tekster' / 'fejl.j2'} linje 5: fejl i skabelonen")


def test_an_unknown_field_in_a_text_template_is_refused(tmp_path: Path) -> None:
    renderer = write_texts(tmp_path, felt="Der er {{ antal_personer }} personer.")

    with pytest.raises(TemplateError, match="ukendt felt"):
        renderer.render_text("felt.j2", {"antal": 5})


def test_tables_are_numbered_through_the_letter_across_renders(tmp_path: Path) -> None:
    renderer = write_texts(tmp_path, tabel=TABLE_TEMPLATE)
    numbering = TableNumbering()

    first = renderer.render_blocks("tabel.j2", {"frame": FLEKSJOB_FRAME}, numbering)
    second = renderer.render_blocks("tabel.j2", {"frame": FLEKSJOB_FRAME}, numbering)

    assert [block.number for block in first + second if isinstance(block, TableBlock)] == [1, 2]
    assert first[0].text.startswith("Tabel 1 viser")
    assert second[0].text.startswith("Tabel 2 viser")


def test_text_templates_fold_line_breaks_and_separate_paragraphs_by_blank_lines(tmp_path: Path) -> None:
    source = "I {{ periode }} var der\n   {{ antal | number }} personer.\n\n\n  Andelen var {{ andel | percent }} procent.\n"
    renderer = write_texts(tmp_path, tekst=source)

    blocks = renderer.render_blocks("tekst.j2", {"periode": "april 2025", "antal": 5192, "andel": 1.05}, TableNumbering())

    assert blocks == [TextBlock("I april 2025 var der 5.192 personer."), TextBlock("Andelen var 1,1 procent.")]


def test_the_writer_uses_the_style_names_it_is_given(tmp_path: Path) -> None:
    """A template whose profil.yaml renames a style (stilarter:) gets its paragraphs in that style."""
    styles = LetterStyles(source=DEFAULT_STYLES.table_note, table_note=DEFAULT_STYLES.source)
    template = WordTemplate(template_with(tmp_path, ANSWERS_MARKER), styles)
    template.insert_answers([AnswerSection(1, "Hvor mange?", [FLEKSJOB_TABLE])], ["Ad 1. Hvor mange?"])
    by_text = {item.text: item.style.name for item in body_items(reopened(template)) if isinstance(item, Paragraph)}
    assert by_text[FLEKSJOB_TABLE.source] == DEFAULT_STYLES.table_note
    assert by_text[FLEKSJOB_TABLE.notes[0]] == DEFAULT_STYLES.source


# -- the prepared template ---------------------------------------------------------------------------


def test_each_letter_fills_a_fresh_copy_of_the_template(tmp_path: Path) -> None:
    path = template_with(tmp_path, "Til {{ modtager }}", QUESTIONS_MARKER)
    first = WordTemplate(path)
    first.fill_placeholders({**LETTER_VALUES, "modtager": "Hassan"})
    first.insert_questions(["Hvor mange?"])

    second = WordTemplate(path)

    assert body_texts(reopened(second)) == ["Til {{ modtager }}", QUESTIONS_MARKER]
    assert body_texts(reopened(first)) == ["Til Hassan", "1.\tHvor mange?"]


def test_a_template_changed_on_disk_is_read_again(tmp_path: Path) -> None:
    path = template_with(tmp_path, "Første udgave")
    assert body_texts(reopened(WordTemplate(path))) == ["Første udgave"]
    status = path.stat()
    template_with(tmp_path, "Anden udgave af skabelonen")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1))

    assert body_texts(reopened(WordTemplate(path))) == ["Anden udgave af skabelonen"]


def test_letters_leave_the_template_they_share_parts_with_as_it_was(tmp_path: Path) -> None:
    """A letter's copy shares the parts no letter changes (styles, numbering, settings, fonts, theme,
    images) with the template opened once per process; a draft with comments, a final with a
    signature image and a whole reply must leave every part of that template byte for byte as it was."""
    prepared = writer._prepared_template(REAL_TEMPLATE, *file_version(REAL_TEMPLATE))
    before = {str(part.partname): part.blob for part in prepared.part.package.iter_parts()}
    signature = tmp_path / "signatur.png"
    signature.write_bytes(tiny_png(300, 100))

    draft = WordTemplate(REAL_TEMPLATE)
    draft.fill_placeholders(LETTER_VALUES)
    draft.insert_questions(["Hvor mange er i fleksjob?"])
    figure_comment = FigureComments(lambda index: ["Kilde: Jobindsats", "Beregning: optalt"], date(2025, 7, 8))
    draft.insert_answers([AnswerSection(1, "Et", [TextBlock("Der er \ue0100\ue01112.345\ue012 borgere.")])], ["Ad 1: Et"], figure_comment)
    draft.mark_as_draft()
    final = WordTemplate(REAL_TEMPLATE)
    final.fill_placeholders(LETTER_VALUES)
    final.insert_answers([AnswerSection(1, "Et", [FLEKSJOB_TABLE])], ["Ad 1: Et"])
    final.insert_signature(signature)
    for letter in (draft, final):
        letter.to_bytes(date(2025, 7, 8))
    generate_reply(REPO / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml", tmp_path / "svar.docx")

    assert oxml.comment_count(draft.document) == 1
    assert {str(part.partname): part.blob for part in prepared.part.package.iter_parts()} == before
