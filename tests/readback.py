"""Read a generated reply back the way a reviewer sees it: header, then body in document order.

A thin layer over the letter reader (generator/letter/reader.py). The letter binds "2. kvartal",
"25. juni" and the like with no-break spaces (see generator/rendering/typography.py); a reader sees
a space, so text is read with plain spaces unless `exact`. test_reference_letter.py checks where the
no-break spaces are.
"""

from __future__ import annotations

from pathlib import Path

from generator.letter.reader import LetterParagraph, read_letter

NO_BREAK_SPACE = "\u00a0"


def readable(text: str) -> str:
    """Text as a reader sees it: a no-break space is a space."""
    return text.replace(NO_BREAK_SPACE, " ")


def body_items(path: Path, exact: bool = False) -> list[str | list[list[str]]]:
    """Body paragraphs as text and tables as lists of rows of cell texts, in document order."""
    read = (lambda text: text) if exact else readable
    items: list[str | list[list[str]]] = []
    for block in read_letter(path).blocks:
        if isinstance(block, LetterParagraph):
            items.append(read(block.text))
        else:
            items.append([[read(cell) for cell in row] for row in block.rows])
    return items


def header_lines(path: Path, exact: bool = False) -> list[str]:
    read = (lambda text: text) if exact else readable
    return [read(line) for line in read_letter(path).header]


def body_text(path: Path) -> str:
    """All body paragraphs and table cells as one text, for "does it say …" checks."""
    parts: list[str] = []
    for item in body_items(path):
        parts.extend([item] if isinstance(item, str) else ["\t".join(row) for row in item])
    return "\n".join(parts)


def tables(path: Path) -> list[list[list[str]]]:
    return [item for item in body_items(path) if isinstance(item, list)]
