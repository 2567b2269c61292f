"""Rebuild templates/direktionen/brev.docx, the Direktionen answer letter.

The .docx is what users edit in Word; this script is its reviewable history. Run it after changing
the layout here, then review the result in Word or with `svarbrev generate`:

    python scripts/build_template.py

Placeholders: `{{ navn }}` inside a paragraph is replaced by a value; a paragraph holding only
`[[spørgsmål]]` or `[[svar]]` is where the numbered questions and the answers are inserted.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from generator.letter import oxml
from generator.letter.contract import ANSWERS_MARKER, CLOSING, DEFAULT_STYLES, LANGUAGE, QUESTIONS_MARKER
from generator.letter.writer import add_field, drop_styles_with_effects

OUTPUT = Path(__file__).resolve().parent.parent / "templates" / "direktionen" / "brev.docx"
FONT = "Arial"


def set_font(style, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    oxml.set_style_font_everywhere(style, FONT)


def paragraph_style(document, name: str, base: str = DEFAULT_STYLES.body):
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base] if name != base else None
    style.quick_style = True
    return style


def outline_level(style, level: int) -> None:
    """A heading for navigation and tagged PDF (H1, H2 …): Word's outline level 0, 1 …"""
    oxml.set_outline_level(style, level)


def define_styles(document) -> None:
    normal = document.styles[DEFAULT_STYLES.body]
    set_font(normal, 11)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15

    heading = paragraph_style(document, "Brevoverskrift")
    set_font(heading, 12, bold=True)
    heading.paragraph_format.space_before = Pt(14)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.keep_together = True
    outline_level(heading, 0)

    question = paragraph_style(document, DEFAULT_STYLES.question)
    question.paragraph_format.left_indent = Cm(0.75)
    question.paragraph_format.first_line_indent = Cm(-0.75)
    question.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
    question.paragraph_format.space_after = Pt(4)

    answer_heading = paragraph_style(document, DEFAULT_STYLES.heading)
    set_font(answer_heading, 11, bold=True)
    answer_heading.paragraph_format.space_before = Pt(12)
    answer_heading.paragraph_format.keep_with_next = True
    answer_heading.paragraph_format.keep_together = True
    outline_level(answer_heading, 1)

    caption = paragraph_style(document, DEFAULT_STYLES.caption)
    set_font(caption, 10, bold=True, color=RGBColor(0, 0, 0))
    caption.font.italic = False
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(4)
    caption.paragraph_format.keep_with_next = True

    cell = paragraph_style(document, DEFAULT_STYLES.table_text)
    set_font(cell, 9.5)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0

    note = paragraph_style(document, DEFAULT_STYLES.table_note)
    set_font(note, 8.5)
    note.paragraph_format.space_before = Pt(3)
    note.paragraph_format.space_after = Pt(0)

    source = paragraph_style(document, DEFAULT_STYLES.source)
    set_font(source, 8.5)
    source.paragraph_format.space_before = Pt(3)
    source.paragraph_format.space_after = Pt(10)

    signature = paragraph_style(document, DEFAULT_STYLES.signature)
    signature.paragraph_format.space_after = Pt(0)

    # Word's own styles for review comments, which python-docx's comments refer to by id.
    comment_text = paragraph_style(document, "annotation text")
    comment_text.style_id = "CommentText"
    set_font(comment_text, 10)
    comment_text.paragraph_format.space_after = Pt(0)
    comment_reference = document.styles.add_style("annotation reference", WD_STYLE_TYPE.CHARACTER)
    comment_reference.style_id = "CommentReference"
    comment_reference.font.size = Pt(8)

    letterhead = paragraph_style(document, DEFAULT_STYLES.letterhead)
    set_font(letterhead, 9)
    letterhead.paragraph_format.space_after = Pt(0)
    letterhead.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT


KEPT_STYLES = {
    DEFAULT_STYLES.body, "Default Paragraph Font", "Normal Table", "No List", DEFAULT_STYLES.table, DEFAULT_STYLES.caption,
    "Header", "Header Char", "Footer", "Footer Char", "Heading 1", "Heading 2", "Heading 3",
    "Heading 1 Char", "Heading 2 Char", "Heading 3 Char", "List Paragraph", "List Bullet", "List Number",
}


def prune_styles(document) -> None:
    """Drop python-docx's ~150 unused sample styles and its latent-style list.

    They made styles.xml 350 kB, which every generated letter had to parse and write again;
    Word supplies its built-in styles itself when a user picks one.
    """
    s = DEFAULT_STYLES
    ours = {"Brevoverskrift", s.question, s.heading, s.table_text, s.table_note, s.source, s.signature,
            s.letterhead, "annotation text", "annotation reference"}
    oxml.prune_styles(document, KEPT_STYLES | ours)


def drop_thumbnail(document) -> None:
    """python-docx's template carries a thumbnail of an empty page; Word makes its own."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def set_danish_proofing(document) -> None:
    """Proofing language da-DK on the document defaults, so Word spell-checks in Danish."""
    oxml.set_proofing_language(document, LANGUAGE)


def page_setup(section) -> None:
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(4.2), Cm(2.5)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.2)
    section.different_first_page_header_footer = True


def letterhead(section) -> None:
    header = section.first_page_header
    lines = [
        ("Direktionen", True),
        ("Beskæftigelses- og Integrationsforvaltningen", False),
        ("", False),
        ("{{ brevdato }}", False),
        ("{% if sagsnummer %}Sagsnr. {{ sagsnummer }}{% endif %}", False),
    ]
    first = header.paragraphs[0]
    for index, (text, bold) in enumerate(lines):
        paragraph = first if index == 0 else header.add_paragraph()
        paragraph.style = DEFAULT_STYLES.letterhead
        run = paragraph.add_run(text)
        run.bold = bold
        if bold:
            run.font.size = Pt(11)
    later = section.header.paragraphs[0]
    later.style = DEFAULT_STYLES.letterhead
    later.add_run("Direktionen, Beskæftigelses- og Integrationsforvaltningen")


def page_numbers(section) -> None:
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = DEFAULT_STYLES.letterhead
        paragraph.add_run("Side ")
        add_field(paragraph, "PAGE", "1")
        paragraph.add_run(" af ")
        add_field(paragraph, "NUMPAGES", "1")


def body(document) -> None:
    document.add_paragraph("Kære {{ modtager }}")
    document.add_paragraph(
        "Tak for din henvendelse af d. {{ henvendelsesdato }}, hvor du har stillet spørgsmål til "
        "Beskæftigelses- og Integrationsforvaltningen vedrørende {{ emne }}."
    )
    document.add_paragraph("Spørgsmål", style="Brevoverskrift")
    document.add_paragraph(QUESTIONS_MARKER)
    document.add_paragraph("Beskæftigelses- og Integrationsforvaltningens svar", style="Brevoverskrift")
    document.add_paragraph(ANSWERS_MARKER)
    closing = document.add_paragraph(CLOSING)
    closing.paragraph_format.space_before = Pt(18)
    closing.paragraph_format.space_after = Pt(36)
    closing.paragraph_format.keep_with_next = True
    closing.paragraph_format.keep_together = True
    name = document.add_paragraph("{{ underskriver }}", style=DEFAULT_STYLES.signature)
    name.paragraph_format.keep_with_next = True
    name.paragraph_format.keep_together = True
    document.add_paragraph("{{ titel }}", style=DEFAULT_STYLES.signature).paragraph_format.keep_together = True


def core_properties(document) -> None:
    properties = document.core_properties
    properties.title = "Svar fra Direktionen"
    properties.author = "Beskæftigelses- og Integrationsforvaltningen"
    properties.last_modified_by = "svarbrev"
    properties.comments = "Skabelon til svarbrev; genereres af scripts/build_template.py"
    properties.language = LANGUAGE
    properties.revision = 1
    fixed = datetime(2025, 1, 1, tzinfo=UTC)
    properties.created = properties.modified = fixed


def build(output: Path = OUTPUT) -> Path:
    document = Document()
    # python-docx's default document starts with no paragraphs in the body; keep it that way.
    oxml.remove_body_paragraphs(document)
    define_styles(document)
    set_danish_proofing(document)
    section = document.sections[0]
    page_setup(section)
    letterhead(section)
    page_numbers(section)
    body(document)
    prune_styles(document)
    drop_thumbnail(document)
    drop_styles_with_effects(document)
    core_properties(document)
    output.parent.mkdir(parents=True, exist_ok=True)
    document.save(output)
    return output


if __name__ == "__main__":
    print(f"skrev {build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)}")
