"""Read a generated reply back the way a reviewer sees it: header, then body in document order.

The letter binds "2. kvartal", "25. juni" and the like with no-break spaces (see
generator/rendering/typography.py); a reader sees a space, so text is read with plain spaces unless
`exact`. test_reference_letter.py checks where the no-break spaces are.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

NO_BREAK_SPACE = "\u00a0"


def readable(text: str) -> str:
    """Text as a reader sees it: a no-break space is a space."""
    return text.replace(NO_BREAK_SPACE, " ")


def body_items(path: Path, exact: bool = False) -> list[str | list[list[str]]]:
    """Body paragraphs as text and tables as lists of rows of cell texts, in document order."""
    read = (lambda text: text) if exact else readable
    document = docx.Document(str(path))
    items: list[str | list[list[str]]] = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            items.append(read(Paragraph(element, document).text))
        elif element.tag.endswith("}tbl"):
            items.append([[read(cell.text) for cell in row.cells] for row in Table(element, document).rows])
    return items


def header_lines(path: Path, exact: bool = False) -> list[str]:
    read = (lambda text: text) if exact else readable
    document = docx.Document(str(path))
    return [read(p.text) for p in document.sections[0].first_page_header.paragraphs]


def body_text(path: Path) -> str:
    """All body paragraphs and table cells as one text, for "does it say …" checks."""
    parts: list[str] = []
    for item in body_items(path):
        parts.extend([item] if isinstance(item, str) else ["\t".join(row) for row in item])
    return "\n".join(parts)


def tables(path: Path) -> list[list[list[str]]]:
    return [item for item in body_items(path) if isinstance(item, list)]
