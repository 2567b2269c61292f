"""Every piece of raw WordprocessingML and every python-docx internal svarbrev relies on.

The rest of the letter package works with python-docx's public proxies (Document, Paragraph, Run,
Table); what they do not offer is done here, in one place, so a python-docx release that changes
its internals breaks this module and its test (tests/test_letter_package.py), not the whole program.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from docx.document import Document as DocumentObject
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from generator.rendering.typography import NO_BREAK_HYPHEN, SOFT_HYPHEN

_HEADER_OR_FOOTER = re.compile(r"/word/(header|footer)\d*\.xml$")
MINIMUM_PYTHON_DOCX = (1, 2)  # pyproject.toml's python-docx>=1.2


def missing_internals() -> list[str]:
    """The python-docx internals used here that this python-docx lacks (empty when it is supported)."""
    import docx
    from docx.opc.pkgwriter import PackageWriter as Writer
    from docx.parts.document import DocumentPart

    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    table = document.add_table(rows=1, cols=1)
    style = document.styles["Normal"].element
    version = tuple(int(part) for part in re.findall(r"\d+", docx.__version__)[:2])
    checks = {
        f"python-docx {'.'.join(map(str, MINIMUM_PYTHON_DOCX))} or later (found {docx.__version__})": version >= MINIMUM_PYTHON_DOCX,
        "Paragraph._p": hasattr(paragraph, "_p"),
        "Paragraph._parent": hasattr(paragraph, "_parent"),
        "CT_P.get_or_add_pPr": hasattr(getattr(paragraph, "_p", None), "get_or_add_pPr"),
        "Run._r": hasattr(run, "_r"),
        "Table._tbl": hasattr(table, "_tbl"),
        "_Row._tr": hasattr(table.rows[0], "_tr"),
        "_Cell._tc": hasattr(table.rows[0].cells[0], "_tc"),
        "CT_Style.get_or_add_pPr": hasattr(style, "get_or_add_pPr"),
        "CT_Style.get_or_add_rPr": hasattr(style, "get_or_add_rPr"),
        "DocumentPart._comments_part": hasattr(DocumentPart, "_comments_part"),
        "PackageWriter._write_content_types_stream": hasattr(Writer, "_write_content_types_stream"),
        "PackageWriter._write_pkg_rels": hasattr(Writer, "_write_pkg_rels"),
        "Part.before_marshal": hasattr(Part, "before_marshal"),
        "Document.iter_inner_content": hasattr(document, "iter_inner_content"),
    }
    return [name for name, present in checks.items() if not present]


# -- paragraphs and text nodes ---------------------------------------------------------------------


def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    """Set the style by id directly (python-docx's setter looks the style up by name each time)."""
    paragraph._p.get_or_add_pPr().style = style_id


def story_elements(document: DocumentObject) -> Iterator[Any]:
    """The body, then every header and footer part's root element."""
    yield document.element.body
    for part in document.part.package.iter_parts():
        if _HEADER_OR_FOOTER.match(str(part.partname)):
            yield part.element


def is_header(element: Any) -> bool:
    return bool(element.tag == qn("w:hdr"))


def paragraph_elements(story: Any) -> list[Any]:
    """Every w:p in a story, nested ones (in tables) included."""
    return list(story.iter(qn("w:p")))


def text_nodes(paragraph_element: Any) -> list[Any]:
    return list(paragraph_element.iter(qn("w:t")))


def set_text(node: Any, text: str) -> None:
    """A w:t's text, its spaces kept."""
    node.text = text
    node.set(qn("xml:space"), "preserve")


def body_paragraph_holding(document: DocumentObject, text: str) -> Paragraph | None:
    """The first body paragraph whose text, stripped, is `text` (read from its w:t nodes directly:
    python-docx's Paragraph.text runs an XPath query per paragraph)."""
    body = document.element.body
    for element in body.iterchildren(qn("w:p")):
        if "".join(node.text or "" for node in element.iter(qn("w:t"))).strip() == text:
            return Paragraph(element, document._body)
    return None


def following_paragraphs(paragraph: Paragraph) -> list[Paragraph]:
    """The sibling paragraphs after `paragraph` (the closing, after the answers' marker)."""
    return [Paragraph(element, paragraph._parent) for element in paragraph._p.itersiblings(qn("w:p"))]


def remove_paragraph(paragraph: Paragraph) -> None:
    remove_element(paragraph._p)


def remove_element(element: Any) -> None:
    element.getparent().remove(element)


def remove_if_allowed(paragraph: Any) -> None:
    """Remove a paragraph emptied by its template code, unless a cell or header needs it."""
    parent = paragraph.getparent()
    siblings = parent.findall(qn("w:p"))
    if parent.tag in (qn("w:tc"), qn("w:hdr"), qn("w:ftr")) and len(siblings) == 1:
        return
    if paragraph.find(f".//{qn('w:drawing')}") is not None:
        return
    parent.remove(paragraph)


def insert_before(paragraph: Paragraph, xml: str) -> None:
    """Parse `xml` (one element, namespaces declared) and put it right before `paragraph`."""
    paragraph._p.addprevious(parse_xml(xml))


def append_to_run(run: Run, xml: str) -> None:
    """The children of `xml` (a w:r) appended to `run`."""
    for element in parse_xml(xml):
        run._r.append(element)


def append_xml(parent: Any, xml: str) -> None:
    parent.append(parse_xml(xml))


# -- runs, fields and comments -------------------------------------------------------------------


def escape(text: str) -> str:
    """Text as XML character data. (xml.sax.saxutils would do the same, but importing it loads
    urllib.request, a tenth of a cold run's imports.)"""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def escape_attribute(value: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return escape(value).replace('"', "&quot;")


_RUN_SPECIALS = re.compile(f"([\t{NO_BREAK_HYPHEN}{SOFT_HYPHEN}])")


def run_content_xml(text: str) -> str:
    """A run's content for typeset `text`: text, tabs, non-breaking and soft hyphens as Word's elements."""
    parts = []
    for piece in _RUN_SPECIALS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece == NO_BREAK_HYPHEN:
            parts.append("<w:noBreakHyphen/>")
        elif piece == SOFT_HYPHEN:
            parts.append("<w:softHyphen/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(parts)


def run_xml(content: str, properties: str = "") -> str:
    """A w:r with namespaces declared, holding `content` (run content XML)."""
    return f'<w:r {nsdecls("w")}>{properties}{content}</w:r>'


def add_field(paragraph: Paragraph, instruction: str, cached_result: str) -> None:
    """A Word field such as SEQ Tabel, with the result Word shows until fields are updated."""
    for element in parse_xml(f"<w:p {nsdecls('w')}>{field_runs_xml(instruction, cached_result)}</w:p>"):
        paragraph._p.append(element)


def field_runs_xml(instruction: str, cached_result: str) -> str:
    """The runs of a Word field (begin, instruction, separate, cached result, end)."""
    def field_char(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    return (
        field_char("begin")
        + f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        + field_char("separate")
        + plain_run_xml(cached_result)
        + field_char("end")
    )


def plain_run_xml(text: str) -> str:
    """A run of plain text as python-docx's add_run(text) writes it (spaces kept only where needed)."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<w:r><w:t{space}>{escape(text)}</w:t></w:r>"


def text_run_xml(text: str, highlight: bool = False) -> str:
    """A run of typeset `text`; highlighted runs are bold on yellow (what the caseworker must see to)."""
    properties = '<w:rPr><w:b/><w:highlight w:val="yellow"/></w:rPr>' if highlight else ""
    return f"<w:r>{properties}{run_content_xml(text)}</w:r>"


def commented_xml(run: str, comment_id: int) -> str:
    """`run` anchored to comment `comment_id`, with the reference mark Word shows after it."""
    return (
        f'<w:commentRangeStart w:id="{comment_id}"/>{run}<w:commentRangeEnd w:id="{comment_id}"/>'
        f'<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{comment_id}"/></w:r>'
    )


def paragraph_xml(style_id: str, runs: str, keep_next: bool = False, keep_lines: bool = False) -> str:
    """A w:p in a style (by id), optionally kept with the next paragraph and/or on one page."""
    properties = f'<w:pStyle w:val="{escape_attribute(style_id)}"/>' + "<w:keepNext/>" * keep_next + "<w:keepLines/>" * keep_lines
    return f"<w:p><w:pPr>{properties}</w:pPr>{runs}</w:p>"


def insert_all_before(paragraph: Paragraph, xml: str) -> None:
    """Parse `xml` (body content: paragraphs and tables, namespaces undeclared) once and put every
    element, in order, right before `paragraph`."""
    for element in list(parse_xml(f"<w:body {nsdecls('w')}>{xml}</w:body>")):
        paragraph._p.addprevious(element)


def comment_count(document: DocumentObject) -> int:
    """How many w:comment elements the comments part holds (python-docx makes the part if missing)."""
    return len(document.part._comments_part.element)


def comment_xml(comment_id: int, lines: Sequence[str], author: str, initials: str, when: str) -> str:
    """A w:comment with `lines` (already XML-safe text), one paragraph each."""
    paragraphs = "".join(
        '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
        + ('<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>' if number == 0 else "")
        + f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for number, line in enumerate(lines)
    )
    return f'<w:comment w:id="{comment_id}" w:author="{escape_attribute(author)}" w:initials="{escape_attribute(initials)}" w:date="{when}">{paragraphs}</w:comment>'


def append_comments(document: DocumentObject, xml: str) -> None:
    """Parse `xml` (w:comment elements, namespaces undeclared) once and add them to the comments part."""
    comments = document.part._comments_part.element
    for element in list(parse_xml(f"<w:comments {nsdecls('w')}>{xml}</w:comments>")):
        comments.append(element)


def header_line_xml(text: str, style_id: str | None) -> str:
    """A bold red header paragraph (the draft mark), `text` XML-safe."""
    style = f'<w:pStyle w:val="{escape_attribute(style_id)}"/>' if style_id else ""
    return (
        f'<w:p {nsdecls("w")}><w:pPr>{style}<w:spacing w:before="120"/></w:pPr>'
        f'<w:r><w:rPr><w:b/><w:color w:val="C00000"/><w:sz w:val="22"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


# -- tables --------------------------------------------------------------------------------------


LONG_TABLE_ROWS = 30  # more body rows than fit on a page with the letter's text around them
KEPT_ROWS = 3  # a long table's rows kept with the caption above and with the notes below


def table_xml(
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    widths: Sequence[int],
    table_style: str | None,
    cell_style: str,
    alt_text: tuple[str, str],
) -> str:
    """A whole Word table as XML: a repeated, unsplittable bold header row, numbers right-aligned,
    every row kept with the next; cell texts are typeset. A table longer than a page (every
    municipality) keeps only its first and last rows with the next: one chain of 99 rows cannot
    stay on one page, and Word and LibreOffice would push the caption away from its table."""
    style = f'<w:tblStyle w:val="{escape_attribute(table_style)}"/>' if table_style else ""
    grid = "".join(f'<w:gridCol w:w="{column_width}"/>' for column_width in widths)

    def cell(text: str, right: bool, bold: bool, column_width: int, keep: bool = True) -> str:
        align = "right" if right else "left"
        run_properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{column_width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{escape_attribute(cell_style)}"/>{"<w:keepNext/>" * keep}<w:jc w:val="{align}"/></w:pPr>'
            f"<w:r>{run_properties}{run_content_xml(text)}</w:r></w:p></w:tc>"
        )

    def kept(index: int) -> bool:
        return len(rows) <= LONG_TABLE_ROWS or index < KEPT_ROWS or index >= len(rows) - KEPT_ROWS

    header = "".join(cell(text, right, True, column_width) for text, right, column_width in zip(headings, numeric, widths))
    body = "".join(
        "<w:tr>" + "".join(cell(text, right, False, column_width, keep) for text, right, column_width in zip(row, numeric, widths)) + "</w:tr>"
        for row, keep in zip(rows, map(kept, range(len(rows))))
    )
    title, description = alt_text
    return (
        f"<w:tbl {nsdecls('w')}><w:tblPr>{style}<w:tblW w:w=\"{sum(widths)}\" w:type=\"dxa\"/><w:jc w:val=\"left\"/>"
        f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f'<w:tblCaption w:val="{escape_attribute(title)}"/><w:tblDescription w:val="{escape_attribute(description)}"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>{body}</w:tbl>"
    )


# -- reading ---------------------------------------------------------------------------------------


def body_blocks(document: DocumentObject) -> Iterable[Paragraph | Table]:
    """The body's paragraphs and tables, in document order."""
    return document.iter_inner_content()


# -- the package ------------------------------------------------------------------------------------

# Parts a letter never changes; tests/test_word_template.py checks that letters leave them as they were.
_UNCHANGED_PARTS = frozenset({CT.WML_STYLES, CT.WML_NUMBERING, CT.WML_SETTINGS, CT.WML_FONT_TABLE, CT.WML_WEB_SETTINGS, CT.OFC_THEME})


def is_unchanged_part(part: Part) -> bool:
    """A part no letter changes: a letter's copy shares it with the template."""
    return part.content_type in _UNCHANGED_PARTS or part.content_type.startswith("image/")


def letter_copy(template: DocumentObject) -> DocumentObject:
    """A copy of an opened template for one letter to fill. The parts no letter changes (styles,
    numbering, settings, fonts, theme, images) are shared with the template, not copied."""
    shared = {id(part): part for part in template.part.package.iter_parts() if is_unchanged_part(part)}
    return copy.deepcopy(template, shared)


def marshalled_parts(document: DocumentObject) -> list[Part]:
    """Every part of the package, each made ready to be written (python-docx's own order)."""
    parts = list(document.part.package.parts)
    for part in parts:
        part.before_marshal()
    return parts


def write_package_head(writer: Any, document: DocumentObject, parts: list[Part]) -> None:
    """[Content_Types].xml and _rels/.rels, written by python-docx's package writer into `writer`."""
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, document.part.package.rels)


# -- building a template (scripts/build_template.py) ------------------------------------------------


def set_style_font_everywhere(style: Any, font: str) -> None:
    """The font for every script (ascii, hAnsi, complex, East Asian), not only the one Word shows."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)


def set_outline_level(style: Any, level: int) -> None:
    """A heading for navigation and tagged PDF (H1, H2 …): Word's outline level 0, 1 …"""
    properties = style.element.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    properties.append(element)  # the last of the paragraph properties a style's pPr holds here


def prune_styles(document: DocumentObject, keep: set[str]) -> None:
    """Drop every style whose name is not in `keep`, and the latent-style list."""
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        ui_name = document.styles[name.get(qn("w:val"))].name if name is not None else ""
        if ui_name not in keep:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def _child(parent: Any, tag: str, first: bool = False) -> Any:
    """`parent`'s child `tag`, made (first or last) when missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        if first:
            parent.insert(0, element)
        else:
            parent.append(element)
    return element


def set_proofing_language(document: DocumentObject, language: str) -> None:
    """The proofing language on the document defaults and the theme, so Word spell-checks in it."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = _child(_child(_child(defaults, "w:rPrDefault", first=True), "w:rPr"), "w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)


def remove_body_paragraphs(document: DocumentObject) -> None:
    for paragraph in list(document.paragraphs):
        remove_paragraph(paragraph)


# -- inspecting the XML (tests check what Word will see) ---------------------------------------------

_NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def xml_of(proxy: Any) -> Any:
    """The lxml element behind a python-docx proxy: paragraph, run, table, row or style."""
    for attribute in ("_p", "_r", "_tbl", "_tr", "_tc"):
        if hasattr(proxy, attribute):
            return getattr(proxy, attribute)
    return proxy.element


def find(element: Any, path: str) -> Any:
    """The first element at `path` ("w:trPr/w:tblHeader", ".//w:drawing"), None when there is none."""
    return element.find(path, namespaces=_NAMESPACES)


def find_all(element: Any, path: str) -> list[Any]:
    return list(element.iterfind(path, namespaces=_NAMESPACES))


def attribute(element: Any, name: str) -> str | None:
    """A prefixed attribute's value ("w:val")."""
    return element.get(qn(name))


def is_tag(element: Any, name: str) -> bool:
    """True when `element` is the prefixed tag `name` ("w:p")."""
    return bool(element.tag == qn(name))


def field_parts(paragraph: Paragraph) -> tuple[str, str]:
    """A paragraph's single field as (instruction, cached result shown until Word updates it)."""
    instruction, result, state = "", "", None
    for run in paragraph._p.iter(qn("w:r")):
        for child in run:
            if child.tag == qn("w:fldChar"):
                state = child.get(qn("w:fldCharType"))
            elif child.tag == qn("w:instrText") and state == "begin":
                instruction += child.text or ""
            elif child.tag == qn("w:t") and state == "separate":
                result += child.text or ""
    return instruction, result


# -- reading an incoming Word inquiry (svarbrev ny) -----------------------------------------------


def paragraphs_in_reading_order(document: DocumentObject) -> Iterator[Paragraph]:
    """Every paragraph of the body as a reader meets it: inside tables (a merged cell once) and
    inside content controls too."""
    seen_cells: list[Any] = []  # the cell elements themselves: lxml keeps one proxy per live element

    def walk(parent_element: Any, parent: Any) -> Iterator[Paragraph]:
        for element in parent_element.iterchildren():
            if element.tag == qn("w:p"):
                yield Paragraph(element, parent)
            elif element.tag == qn("w:tbl"):
                for row in Table(element, parent).rows:
                    for cell in row.cells:
                        if any(cell._tc is seen for seen in seen_cells):  # merged cells repeat in row.cells
                            continue
                        seen_cells.append(cell._tc)
                        yield from walk(cell._tc, cell)
            elif element.tag == qn("w:sdt"):  # content controls wrap ordinary paragraphs
                content = element.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content, parent)

    yield from walk(document.element.body, document)


def has_numbering(paragraph: Paragraph) -> bool:
    """The paragraph, or a style it is based on, is numbered or bulleted (Word keeps the number out
    of the text)."""
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        style_p_pr = style.element.pPr
        if style_p_pr is not None and style_p_pr.numPr is not None:
            return True
        style = style.base_style
    return False


def move_table_before(table: Table, paragraph: Paragraph) -> None:
    """Put a table made with document.add_table() where `paragraph` stands (python-docx appends it)."""
    paragraph._p.addprevious(table._tbl)
