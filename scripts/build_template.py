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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from generator.letter.writer import add_field, drop_styles_with_effects

OUTPUT = Path(__file__).resolve().parent.parent / "templates" / "direktionen" / "brev.docx"
FONT = "Arial"


def set_font(style, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def paragraph_style(document, name: str, base: str = "Normal"):
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base] if name != base else None
    style.quick_style = True
    return style


def outline_level(style, level: int) -> None:
    """A heading for navigation and tagged PDF (H1, H2 …): Word's outline level 0, 1 …"""
    properties = style.element.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    properties.append(element)  # the last of the paragraph properties a style's pPr holds here


def define_styles(document) -> None:
    normal = document.styles["Normal"]
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

    question = paragraph_style(document, "Spørgsmål")
    question.paragraph_format.left_indent = Cm(0.75)
    question.paragraph_format.first_line_indent = Cm(-0.75)
    question.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
    question.paragraph_format.space_after = Pt(4)

    answer_heading = paragraph_style(document, "Ad-overskrift")
    set_font(answer_heading, 11, bold=True)
    answer_heading.paragraph_format.space_before = Pt(12)
    answer_heading.paragraph_format.keep_with_next = True
    answer_heading.paragraph_format.keep_together = True
    outline_level(answer_heading, 1)

    caption = paragraph_style(document, "Caption")
    set_font(caption, 10, bold=True, color=RGBColor(0, 0, 0))
    caption.font.italic = False
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(4)
    caption.paragraph_format.keep_with_next = True

    cell = paragraph_style(document, "Tabeltekst")
    set_font(cell, 9.5)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0

    note = paragraph_style(document, "Tabelnote")
    set_font(note, 8.5)
    note.paragraph_format.space_before = Pt(3)
    note.paragraph_format.space_after = Pt(0)

    source = paragraph_style(document, "Kilde")
    set_font(source, 8.5)
    source.paragraph_format.space_before = Pt(3)
    source.paragraph_format.space_after = Pt(10)

    signature = paragraph_style(document, "Underskrift")
    signature.paragraph_format.space_after = Pt(0)

    # Word's own styles for review comments, which python-docx's comments refer to by id.
    comment_text = paragraph_style(document, "annotation text")
    comment_text.style_id = "CommentText"
    set_font(comment_text, 10)
    comment_text.paragraph_format.space_after = Pt(0)
    comment_reference = document.styles.add_style("annotation reference", WD_STYLE_TYPE.CHARACTER)
    comment_reference.style_id = "CommentReference"
    comment_reference.font.size = Pt(8)

    letterhead = paragraph_style(document, "Brevhoved")
    set_font(letterhead, 9)
    letterhead.paragraph_format.space_after = Pt(0)
    letterhead.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT


KEPT_STYLES = {
    "Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid", "Caption",
    "Header", "Header Char", "Footer", "Footer Char", "Heading 1", "Heading 2", "Heading 3",
    "Heading 1 Char", "Heading 2 Char", "Heading 3 Char", "List Paragraph", "List Bullet", "List Number",
}


def prune_styles(document) -> None:
    """Drop python-docx's ~150 unused sample styles and its latent-style list.

    They made styles.xml 350 kB, which every generated letter had to parse and write again;
    Word supplies its built-in styles itself when a user picks one.
    """
    styles = document.styles.element
    ours = {"Brevoverskrift", "Spørgsmål", "Ad-overskrift", "Tabeltekst", "Tabelnote", "Kilde", "Underskrift",
            "Brevhoved", "annotation text", "annotation reference"}
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        ui_name = document.styles[name.get(qn("w:val"))].name if name is not None else ""
        if ui_name not in KEPT_STYLES and ui_name not in ours:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def drop_thumbnail(document) -> None:
    """python-docx's template carries a thumbnail of an empty page; Word makes its own."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


def set_danish_proofing(document) -> None:
    """Proofing language da-DK on the document defaults, so Word spell-checks in Danish."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    rpr = run_defaults.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run_defaults.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "da-DK")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "da-DK")


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
        paragraph.style = "Brevhoved"
        run = paragraph.add_run(text)
        run.bold = bold
        if bold:
            run.font.size = Pt(11)
    later = section.header.paragraphs[0]
    later.style = "Brevhoved"
    later.add_run("Direktionen, Beskæftigelses- og Integrationsforvaltningen")


def page_numbers(section) -> None:
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.style = "Brevhoved"
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
    document.add_paragraph("[[spørgsmål]]")
    document.add_paragraph("Beskæftigelses- og Integrationsforvaltningens svar", style="Brevoverskrift")
    document.add_paragraph("[[svar]]")
    closing = document.add_paragraph("Med venlig hilsen")
    closing.paragraph_format.space_before = Pt(18)
    closing.paragraph_format.space_after = Pt(36)
    closing.paragraph_format.keep_with_next = True
    closing.paragraph_format.keep_together = True
    name = document.add_paragraph("{{ underskriver }}", style="Underskrift")
    name.paragraph_format.keep_with_next = True
    name.paragraph_format.keep_together = True
    document.add_paragraph("{{ titel }}", style="Underskrift").paragraph_format.keep_together = True


def core_properties(document) -> None:
    properties = document.core_properties
    properties.title = "Svar fra Direktionen"
    properties.author = "Beskæftigelses- og Integrationsforvaltningen"
    properties.last_modified_by = "svarbrev"
    properties.comments = "Skabelon til svarbrev; genereres af scripts/build_template.py"
    properties.language = "da-DK"
    properties.revision = 1
    fixed = datetime(2025, 1, 1, tzinfo=UTC)
    properties.created = properties.modified = fixed


def build(output: Path = OUTPUT) -> Path:
    document = Document()
    # python-docx's default document starts with no paragraphs in the body; keep it that way.
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
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
