"""Fill the Word template: placeholders in text nodes, and answer blocks as real Word objects.

A thin layer over python-docx and lxml. Placeholders are rendered by Jinja only inside text nodes,
so a value can never become markup: text is escaped by lxml when the XML is written. Word splits
text into runs where it likes ("{{ mod" + "tager }}"); the text nodes a tag spans are merged into
the first one, which keeps that run's formatting.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from generator.caching import Cache
from generator.errors import TemplateError
from generator.letter import oxml
from generator.letter.contract import ANSWERS_MARKER, DEFAULT_STYLES, DRAFT_MARK, QUESTIONS_MARKER, TABLE_LABEL, LetterStyles
from generator.letter.oxml import add_field, remove_if_allowed
from generator.letter.package import save_stable
from generator.rendering.blocks import AnswerSection, TableBlock, TextBlock
from generator.rendering.tracing import segments
from generator.rendering.typography import SOFT_HYPHEN, as_read, hyphenate, typeset, unbreakable_pieces
from generator.versions import file_version

__all__ = ["ANSWERS_MARKER", "DRAFT_MARK", "QUESTIONS_MARKER", "AnswerParagraph", "FigureComments", "WordTemplate", "add_field", "open_template"]

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class AnswerParagraph:
    """An answer paragraph as written into the letter, and the figures (log indices) it holds."""

    question: int
    text: str
    figures: tuple[int, ...]


@dataclass(frozen=True)
class FigureComments:
    """A reviewer's comment on every figure in the answers (a draft): its lines, and its date
    (the letter date, so output is repeatable)."""

    lines: Callable[[int], Sequence[str]]  # figure log index → the comment's paragraphs
    when: date
    author: str = "svarbrev"
    initials: str = "SB"


@dataclass
class _Paragraph:
    style_id: str
    runs: str
    keep_next: bool = False
    keep_lines: bool = False

    def xml(self) -> str:
        return oxml.paragraph_xml(self.style_id, self.runs, self.keep_next, self.keep_lines)


class _Body:
    """Answer paragraphs and tables collected in order, written as one piece of XML."""

    def __init__(self, template: WordTemplate) -> None:
        self.template = template
        self.parts: list[_Paragraph | str] = []  # a table is its XML
        self.comments: list[str] = []

    def xml(self) -> str:
        return "".join(part if isinstance(part, str) else part.xml() for part in self.parts)

    def last_paragraph(self) -> _Paragraph:
        last = self.parts[-1]
        assert isinstance(last, _Paragraph), "a paragraph was just added"
        return last

    def paragraph(self, style: str, text: str = "", runs: str = "", keep_next: bool = False, keep_lines: bool = False) -> _Paragraph:
        """A paragraph in `style` holding `text` typeset (see typography.py), or the given runs."""
        runs = runs or (oxml.text_run_xml(typeset(text)) if text else "")
        paragraph = _Paragraph(self.template.required_style_id(style), runs, keep_next, keep_lines)
        self.parts.append(paragraph)
        return paragraph

    def text(self, block: TextBlock, question: int, comments: FigureComments | None) -> AnswerParagraph:
        figures = []
        pieces = [(xml_safe(text), figure) for text, figure in segments(block.text)]
        typeset_text = typeset("".join(text for text, _ in pieces))  # as a whole: "2." and "kvartal" may be runs apart
        runs, start = [], 0
        for text, figure in pieces:
            run = oxml.text_run_xml(typeset_text[start : start + len(text)], highlight=block.highlight)
            start += len(text)
            if figure is not None:
                figures.append(figure)
                if comments is not None:
                    run = self._commented(run, figure, comments)
            runs.append(run)
        self.paragraph(self.template.styles.body, runs="".join(runs))
        return AnswerParagraph(question, as_read(typeset(xml_safe(block.plain))), tuple(figures))

    def _commented(self, run: str, figure: int, comments: FigureComments) -> str:
        comment_id = self.template.next_comment_id()
        lines = [xml_safe(line) for line in comments.lines(figure)]
        self.comments.append(oxml.comment_xml(comment_id, lines, comments.author, comments.initials, f"{comments.when.isoformat()}T00:00:00Z"))
        return oxml.commented_xml(run, comment_id)

    def table(self, block: TableBlock) -> None:
        """Caption, table, notes and source line; the paragraph introducing it keeps with it."""
        styles = self.template.styles
        if self.parts and isinstance(self.parts[-1], _Paragraph):
            self.parts[-1].keep_next = True  # "Tabel 1 viser …" stays with it
        label = oxml.plain_run_xml(f"{TABLE_LABEL} ") + oxml.field_runs_xml(rf"SEQ {TABLE_LABEL} \* ARABIC", str(block.number))
        self.paragraph(styles.caption, runs=label + oxml.text_run_xml(typeset(f" - {xml_safe(block.caption)}")))
        cell_style = self.template.required_style_id(styles.table_text)
        self.parts.append(table_xml(block, self.template.style_id(styles.table), cell_style, self.template.text_width()))
        for note in block.notes:
            self.paragraph(styles.table_note, xml_safe(note), keep_next=bool(block.source))
        if block.source:
            self.paragraph(styles.source, xml_safe(block.source))


def xml_safe(text: str) -> str:
    """Text that XML 1.0 can hold: control characters dropped, line breaks as spaces."""
    text = unicodedata.normalize("NFC", str(text)).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return _XML_INVALID.sub("", text)


class WordTemplate:
    """One .docx template opened for filling."""

    def __init__(self, path: Path, styles: LetterStyles = DEFAULT_STYLES) -> None:
        self.path = path
        self.styles = styles
        self._version = (path, *_readable_version(path))
        self.document: DocumentObject = oxml.letter_copy(_prepared_template(*self._version))

    # -- styles ---------------------------------------------------------------------------------

    def style_id(self, name: str) -> str | None:
        """The id of a style by its name, looked up once per template version (python-docx searches
        all styles per call, and a letter's copy has the styles of the template it was copied from)."""
        return _style_id(*self._version, name)

    def styled(self, paragraph: Paragraph, name: str) -> Paragraph:
        oxml.set_paragraph_style(paragraph, self.required_style_id(name))
        return paragraph

    # -- placeholders ---------------------------------------------------------------------------

    def fill_placeholders(self, context: Mapping[str, str]) -> None:
        """Render every `{{ … }}` and `{% … %}` in body, headers and footers."""
        for story in oxml.story_elements(self.document):
            for paragraph in oxml.paragraph_elements(story):
                self._fill_paragraph(paragraph, context)

    def _fill_paragraph(self, paragraph: Any, context: Mapping[str, str]) -> None:
        nodes = oxml.text_nodes(paragraph)
        if not any("{" in (node.text or "") for node in nodes):
            return
        text = "".join(node.text or "" for node in nodes)
        unclosed = re.search(r"\{[{%]", _TAG.sub("", text))
        if unclosed:
            raise TemplateError(f"pladsholder uden afslutning i '{text.strip()}'", file=self.path.name)
        merge_tag_spans(nodes)
        had_tags = False
        for node in nodes:
            if node.text and _TAG.search(node.text):
                had_tags = True
                oxml.set_text(node, typeset(xml_safe(self._render(node.text, context)), hyphens=False))
        if had_tags and not "".join(node.text or "" for node in nodes).strip():
            remove_if_allowed(paragraph)

    def _render(self, source: str, context: Mapping[str, str]) -> str:
        try:
            return _compiled(source).render(context)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"fejl i pladsholderen '{source}': {error.message}", file=self.path.name) from None
        except jinja2.UndefinedError as error:
            known = ", ".join(sorted(context))
            raise TemplateError(f"ukendt pladsholder i '{source}' ({error.message}); kendte: {known}", file=self.path.name) from None

    # -- blocks ---------------------------------------------------------------------------------

    def marker(self, marker: str) -> Paragraph:
        """The body paragraph holding only `marker`."""
        paragraph = oxml.body_paragraph_holding(self.document, marker)
        if paragraph is not None:
            return paragraph
        raise TemplateError(f"skabelonen mangler et afsnit med {marker}", file=self.path.name)

    def insert_questions(self, questions: Sequence[str]) -> None:
        marker = self.marker(QUESTIONS_MARKER)
        body = _Body(self)
        for number, text in enumerate(questions, start=1):
            body.paragraph(self.styles.question, f"{number}.\t{xml_safe(text)}")
        oxml.insert_all_before(marker, body.xml())
        oxml.remove_paragraph(marker)

    def insert_answers(
        self,
        sections: Sequence[AnswerSection],
        headings: Sequence[str],
        comments: FigureComments | None = None,
    ) -> list[AnswerParagraph]:
        """Write the answers; figures get runs of their own, each commented when `comments` is given.

        The answers are built as one piece of XML and parsed once (python-docx's objects cost a
        lookup per property). Returns the answer paragraphs as written, with the figures they hold.
        """
        marker = self.marker(ANSWERS_MARKER)
        body = _Body(self)
        written: list[AnswerParagraph] = []
        for section, heading in zip(sections, headings, strict=True):
            body.paragraph(self.styles.heading, xml_safe(heading), keep_next=True, keep_lines=True)
            for position, block in enumerate(section.blocks):
                if isinstance(block, TextBlock):
                    written.append(body.text(block, section.number, comments))
                    if position == 0:  # "Ad N" never ends a page without its first answer paragraph
                        body.last_paragraph().keep_lines = True
                else:
                    body.table(block)
        if len(body.parts) > 1 and isinstance(body.parts[-1], _Paragraph) and not (isinstance(body.parts[-2], _Paragraph) and body.parts[-2].keep_next):
            # The closing never begins a page without the answer's last lines. Not when that paragraph is already kept
            # with a heading before it: LibreOffice breaks so long a chain of kept paragraphs at its start.
            body.parts[-1].keep_next = True
        oxml.insert_all_before(marker, body.xml())
        if body.comments:
            oxml.append_comments(self.document, "".join(body.comments))
        closing = oxml.following_paragraphs(marker)
        oxml.remove_paragraph(marker)
        for number, paragraph in enumerate(closing):  # the closing line, name and title on one page
            keep_together(paragraph, with_next=number < len(closing) - 1)
        return written

    def required_style_id(self, name: str) -> str:
        style_id = self.style_id(name)
        if style_id is None:
            raise TemplateError(f"skabelonen mangler typografien '{name}'", file=self.path.name)
        return style_id

    def next_comment_id(self) -> int:
        """Comment ids follow those the template has (python-docx makes the part on first use)."""
        self._next_comment_id = getattr(self, "_next_comment_id", oxml.comment_count(self.document) - 1) + 1
        return self._next_comment_id

    def text_width(self) -> int:
        """The width between the margins of the last section, in twentieths of a point."""
        section = self.document.sections[-1]
        width, left, right = section.page_width, section.left_margin, section.right_margin
        assert width is not None and left is not None and right is not None, "the template's section sets its page size and margins"
        return int((width - left - right) / 635)

    # -- review and signature ---------------------------------------------------------------

    def insert_signature(self, image: Path, width_cm: float = 5.0) -> None:
        """The signature image above the signer's name (the first paragraph in the signature style)."""
        signature = self.styles.signature
        name = next((p for p in self.document.paragraphs if p.style is not None and p.style.name == signature), None)
        if name is None:
            raise TemplateError(f"skabelonen har intet afsnit i typografien {signature} til underskriften", file=self.path.name)
        picture = keep_together(self.styled(name.insert_paragraph_before(""), signature), with_next=True)
        try:
            picture.add_run().add_picture(str(image), width=Cm(width_cm))
        except Exception as error:  # python-docx raises several kinds for a file that is not an image
            raise TemplateError(f"underskriften kan ikke indsættes som billede ({error.__class__.__name__})", file=image) from None

    def mark_as_draft(self, text: str = DRAFT_MARK) -> None:
        """A bold red line at the foot of every page header, so a printed draft is never taken
        for the letter to sign. The final version is written without it."""
        line = oxml.header_line_xml(xml_safe(text), self.style_id(self.styles.letterhead))
        for story in oxml.story_elements(self.document):
            if oxml.is_header(story):
                oxml.append_xml(story, line)

    # -- saving ---------------------------------------------------------------------------------

    def to_bytes(self, moment: date) -> bytes:
        """The filled document as .docx bytes, identical for identical input (see package.py)."""
        drop_styles_with_effects(self.document)
        return save_stable(self.document, moment)


def drop_styles_with_effects(document: DocumentObject) -> None:
    """Word's app-compat checks flag python-docx's stale stylesWithEffects part; drop it."""
    rels = document.part.rels
    for rel_id in [rel_id for rel_id, rel in rels.items() if rel.reltype == STYLES_WITH_EFFECTS]:
        del rels[rel_id]


def merge_tag_spans(nodes: Sequence[Any]) -> None:
    """Merge the text nodes each template tag spans into the tag's first node.

    With a block tag (`{% if %}`) in the paragraph, everything from the first tag to the last is
    merged, so the block's start and end are rendered together.
    """
    text = "".join(node.text or "" for node in nodes)
    spans = [match.span() for match in _TAG.finditer(text)]
    if not spans:
        return
    if "{%" in text:
        spans = [(spans[0][0], spans[-1][1])]
    ends, total = [], 0
    for node in nodes:
        total += len(node.text or "")
        ends.append(total)
    for start, end in reversed(spans):
        first = next(i for i, node_end in enumerate(ends) if node_end > start)
        last = next(i for i, node_end in enumerate(ends) if node_end >= end)
        if first == last:
            continue
        nodes[first].text = "".join(nodes[i].text or "" for i in range(first, last + 1))
        for i in range(first + 1, last + 1):
            nodes[i].text = ""


def keep_together(paragraph: Paragraph, with_next: bool) -> Paragraph:
    """Never split `paragraph` over two pages, and when `with_next`, keep it on the next one's page."""
    paragraph.paragraph_format.keep_together = True
    if with_next:
        paragraph.paragraph_format.keep_with_next = True
    return paragraph


def table_xml(block: TableBlock, table_style: str | None, cell_style: str, width: int) -> str:
    """A whole Word table as XML, built in one go (python-docx's cell API is slow for many cells).

    The header row repeats on every page and is never split; numbers are right-aligned; every
    row keeps with the next, so caption, table, notes and source stay on one page. Column widths
    follow the content (see column_widths); long compounds in the header break at their joints.
    """
    headings = [typeset(hyphenate(xml_safe(column.heading)), spaces=False) for column in block.columns]
    cells = [[typeset(xml_safe(text), spaces=False) for text in row] for row in block.rows]
    widths = column_widths(headings, cells, width)
    numeric = [column.numeric for column in block.columns]
    return oxml.table_xml(headings, cells, numeric, widths, table_style, cell_style, alt_text(block))


# Widths in twentieths of a point for the template's table text (Arial 9,5 pt): an average
# character, a bold one, and the cell's left and right margins with a little room to spare.
CHARACTER_WIDTH = 106
BOLD_CHARACTER_WIDTH = 114
CELL_PADDING = 216 + 70


def estimated_width(text: str, character_width: int) -> int:
    """How wide `text` sets, roughly (a soft hyphen takes no room unless the line breaks there)."""
    return len(text.replace(SOFT_HYPHEN, "")) * character_width


def column_widths(headings: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Column widths that follow the content, as a typesetter would set them, within `width`.

    Each column gets at least what its widest cell and its header's longest unbreakable piece
    need (so no number or word part is broken). What is left goes, step by step, first to let
    each header word stand whole, then to set each header on one line, in proportion to what the
    columns lack. A table whose headers all fit on one line is as wide as its content, no wider:
    a year column stays beside its figures instead of a page apart.
    """
    count = len(headings)
    if count == 0:
        return []
    body = [
        max((estimated_width(row[position], CHARACTER_WIDTH) for row in rows if position < len(row)), default=0)
        for position in range(count)
    ]

    def tier(pieces: Callable[[str], list[str]]) -> list[int]:
        return [
            max([body[position]] + [estimated_width(piece, BOLD_CHARACTER_WIDTH) for piece in pieces(heading)]) + CELL_PADDING
            for position, heading in enumerate(headings)
        ]

    least = tier(unbreakable_pieces)
    if sum(least) >= width:  # too wide even so: shrink in proportion, Word wraps what must wrap
        widths = [column * width // sum(least) for column in least]
        widths[-1] += width - sum(widths)
        return widths
    widths = least
    for wanted in (tier(lambda heading: heading.split()), tier(lambda heading: [heading])):
        lacking = [max(want - have, 0) for want, have in zip(wanted, widths)]
        spare = width - sum(widths)
        if sum(lacking) > spare:  # the page is the limit: share it, the table is exactly `width` wide
            widths = [have + lack * spare // sum(lacking) for have, lack in zip(widths, lacking)]
            widths[-1] += width - sum(widths)
            return widths
        widths = [have + lack for have, lack in zip(widths, lacking)]
    return widths  # everything fits on one line: the table is no wider than its content


def alt_text(block: TableBlock) -> tuple[str, str]:
    """The table's title and description for screen readers (Word's Alt Text): the caption, and
    what the columns and rows are."""
    title = xml_safe(f"{TABLE_LABEL} {block.number} - {block.caption}")
    headings = [xml_safe(column.heading) for column in block.columns]
    named = [heading for heading in headings if heading.strip()]
    description = f"{title}. Tabellen har {len(block.rows)} rækker og {len(block.columns)} kolonner" + (
        f": {', '.join(named)}." if named else "."
    )
    return title, description


_PLACEHOLDER_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)


_PLACEHOLDERS: Cache[jinja2.Template] = Cache("pladsholdere", 512)


def _compiled(source: str) -> jinja2.Template:
    return _PLACEHOLDERS.get(source, _make_compiled, source)


def _make_compiled(source: str) -> jinja2.Template:
    """A placeholder's text node compiled once per process (templates repeat letter after letter)."""
    return _PLACEHOLDER_ENV.from_string(source)


def _readable_version(path: Path) -> tuple[int, int]:
    try:
        return file_version(path)
    except OSError as error:
        raise TemplateError(f"kan ikke åbne Word-skabelonen ({error.strerror})", file=path) from None


_TEMPLATES: Cache[DocumentObject] = Cache("word_skabeloner", 8)


def _prepared_template(path: Path, mtime_ns: int, size: int) -> DocumentObject:
    return _TEMPLATES.get((path, mtime_ns, size), _make_prepared_template, path, mtime_ns, size)


def _make_prepared_template(path: Path, mtime_ns: int, size: int) -> DocumentObject:
    """The template opened once per process and version; every letter fills a copy of it (copying
    the parsed document is a third of the cost of opening the file again)."""
    try:
        return Document(io.BytesIO(path.read_bytes()))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise TemplateError(f"kan ikke åbne Word-skabelonen ({error.__class__.__name__})", file=path) from None


_STYLE_IDS: Cache[str | None] = Cache("typografier", 256)


def _style_id(path: Path, mtime_ns: int, size: int, name: str) -> str | None:
    return _STYLE_IDS.get((path, mtime_ns, size, name), _make_style_id, path, mtime_ns, size, name)


def _make_style_id(path: Path, mtime_ns: int, size: int, name: str) -> str | None:
    try:
        return _prepared_template(path, mtime_ns, size).styles[name].style_id
    except KeyError:
        return None


def open_template(path: Path, styles: LetterStyles = DEFAULT_STYLES) -> WordTemplate:
    if not path.is_file():
        raise TemplateError("Word-skabelonen findes ikke", file=path)
    return WordTemplate(path, styles)
