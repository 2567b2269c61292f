"""Read a svarbrev letter back: its body in order, the answers by question, tables, header and properties.

The one reader of the .docx side of the format: `svarbrev tjek` (review.py), the draft page's outline
(preview.letter_outline) and the tests (tests/readback.py) all read letters through read_letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.text.paragraph import Paragraph

from generator.errors import SvarbrevError
from generator.letter import oxml
from generator.letter.contract import (
    DEFAULT_STYLES,
    HEADING_STYLE_PREFIXES,
    PROPERTIES,
    STATUS_DRAFT,
    LetterStyles,
    heading_number,
    is_closing,
)
from generator.letter.package import ZIP_ERRORS, check_word_package, read_custom_properties


@dataclass(frozen=True)
class LetterParagraph:
    """A body paragraph: its text as written (no-break spaces kept) and its style's name."""

    text: str
    style: str

    @property
    def is_heading(self) -> bool:
        return self.style.startswith(HEADING_STYLE_PREFIXES)


@dataclass(frozen=True)
class LetterTable:
    """A body table as rows of cell texts (a merged cell repeats, as python-docx reads it)."""

    rows: tuple[tuple[str, ...], ...]

    def as_lists(self) -> list[list[str]]:
        return [list(row) for row in self.rows]


Block = LetterParagraph | LetterTable


@dataclass(frozen=True)
class Letter:
    """A letter as it reads now, perhaps edited by hand since svarbrev wrote it."""

    blocks: tuple[Block, ...]
    answers: tuple[tuple[int, str], ...]  # (question, text) of every answer paragraph, in order
    header: tuple[str, ...]  # the first page's header lines
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties

    @property
    def tables(self) -> list[list[list[str]]]:
        return [block.as_lists() for block in self.blocks if isinstance(block, LetterTable)]

    @property
    def is_draft(self) -> bool:
        """Written by svarbrev as a draft (its Status property), not for publishing."""
        return self.properties.get(PROPERTIES.status) == STATUS_DRAFT


def read_letter(path: Path, styles: LetterStyles = DEFAULT_STYLES) -> Letter:
    """The letter at `path`; SvarbrevError when it is not a .docx python-docx can open."""
    check_word_package(path)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise SvarbrevError(f"kan ikke åbne brevet ({error.__class__.__name__})", file=path) from None
    try:
        blocks = tuple(_blocks(document))
        header = _header(document)
    except Exception as error:  # a part of another kind (a header whose root is a document, a missing relationship)
        raise SvarbrevError(f"brevet har en del, Word ikke ville kunne læse ({error.__class__.__name__}); åbn det i Word, og gem det igen", file=path) from None
    return Letter(blocks, _answers(blocks, styles), header, _properties(path))


def _properties(path: Path) -> dict[str, str]:
    """The custom properties; none when docProps/custom.xml cannot be read (Word opens such a file too)."""
    try:
        return read_custom_properties(path.read_bytes())
    except (*ZIP_ERRORS, SyntaxError, IndexError):  # lxml's XMLSyntaxError is a SyntaxError
        return {}


def _blocks(document: DocumentObject) -> list[Block]:
    blocks: list[Block] = []
    for item in oxml.body_blocks(document):
        if isinstance(item, Paragraph):
            blocks.append(LetterParagraph(item.text, item.style.name or "" if item.style is not None else ""))
        else:
            blocks.append(LetterTable(tuple(tuple(cell.text for cell in row.cells) for row in item.rows)))
    return blocks


def _answers(blocks: tuple[Block, ...], styles: LetterStyles) -> tuple[tuple[int, str], ...]:
    """Answer paragraphs: after each "Ad N:" heading, up to the closing; captions, notes and sources left out."""
    answers: list[tuple[int, str]] = []
    question: int | None = None
    skipped = styles.not_answer_text()
    for block in blocks:
        if not isinstance(block, LetterParagraph):
            continue
        text = block.text.strip()
        number = heading_number(text)
        if number is not None:
            question = number
        elif is_closing(text):
            question = None
        elif question is not None and text and block.style not in skipped:
            answers.append((question, text))
    return tuple(answers)


def _header(document: DocumentObject) -> tuple[str, ...]:
    if not document.sections:
        return ()
    return tuple(paragraph.text for paragraph in document.sections[0].first_page_header.paragraphs)
