"""The pieces of an answer, independent of Word: paragraphs, placeholders and tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.rendering.tracing import strip_marks


@dataclass(frozen=True)
class TextBlock:
    """A paragraph of answer text; `highlight` marks something the caseworker must see to."""

    text: str  # may hold figure marks (see tracing.py)
    highlight: bool = False
    caseworker: bool = False  # the caseworker's own `svar` from the question file: its numbers are not checked

    @property
    def plain(self) -> str:
        return strip_marks(self.text)


@dataclass(frozen=True)
class Column:
    heading: str
    numeric: bool


@dataclass(frozen=True)
class TableBlock:
    """A numbered table: caption above, formatted cells, notes and source line below."""

    number: int
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()
    source: str = ""


Block = TextBlock | TableBlock


@dataclass
class AnswerSection:
    """One question and the blocks that answer it."""

    number: int
    question: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def tables(self) -> list[TableBlock]:
        return [block for block in self.blocks if isinstance(block, TableBlock)]
