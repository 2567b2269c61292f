"""The provenance sidecar `<navn>.tal.json`: every figure in a letter, as printed, with its origin.

Reviewers and `svarbrev tjek` read it; it is written next to every reply. Keys are Danish, like the
question file's, because caseworkers open it too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator import limits
from generator.domain.periods import Period
from generator.domain.results import Provenance
from generator.errors import SvarbrevError
from generator.letter.contract import (
    EDITION_DRAFT,
    EDITION_FINAL,
    KEYS,
    KIND_NUMBER,
    PLACE_TABLE,
    PLACE_TEXT,
    SIDECAR_SUFFIX,
    TABLE_LABEL,
    sidecar_name,
)
from generator.letter.writer import AnswerParagraph
from generator.limits import ReadRefused, read_bounded
from generator.rendering.blocks import AnswerSection, TextBlock
from generator.rendering.formatting import format_number
from generator.rendering.tracing import FigureLog, TracedFigure

__all__ = ["SIDECAR_SUFFIX", "FigureRecord", "ParagraphRecord", "Sidecar", "build_sidecar", "load_sidecar", "number_spans", "numbers_in"]

# A Danish number as svarbrev prints it: 5.192, 1,1, 305, -8. "6-byer" and "Tabel 1" are not figures.
NUMBER = re.compile(r"(?<![\w.,-])-?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w-])|(?<![\w.,-])-?\d+(?:,\d+)?(?![\w-])")
TABLE_REFERENCE = re.compile(rf"\b{TABLE_LABEL} \d+\b")


def number_spans(text: str) -> list[tuple[str, int, int]]:
    """Every number in a text, with where it stands (start, end), "Tabel N" left out."""
    masked = TABLE_REFERENCE.sub(lambda match: " " * len(match.group()), text)
    return [(match.group(), match.start(), match.end()) for match in NUMBER.finditer(masked)]


def numbers_in(text: str) -> list[str]:
    return [number for number, _, _ in number_spans(text)]


def decimals_of(text: str) -> int:
    """How many decimals a printed Danish number shows ("1,1" → 1)."""
    return len(text.split(",", 1)[1]) if "," in text else 0


def computation(figure: TracedFigure) -> str | None:
    """How a computed figure came about, in the letter's own number format: "5.192 − 4.887 = 305"."""
    origin = figure.origin
    if origin.operation == "difference":
        decimals = decimals_of(figure.text)
        later, earlier = origin.operands
        # The letter may print the size of a change ("8 færre"); the computation shows its sign.
        return f"{format_number(later, decimals)} − {format_number(earlier, decimals)} = {format_number(later - earlier, decimals)}"
    if origin.operation == "sum":
        decimals = decimals_of(figure.text)
        return " + ".join(format_number(part, decimals) for part in origin.operands) + f" = {format_number(sum(origin.operands), decimals)}"
    if origin.operation in ("monthly_mean", "quarterly_mean"):
        parts = sum(len(read.periods) for read in origin.reads)
        return f"gennemsnit af {parts} {'månedstal' if origin.operation == 'monthly_mean' else 'kvartalstal'}"
    if origin.operation == "per_1000":
        count, population, quarters = origin.operands
        mean = f" (indbyggertal: gennemsnit af {int(quarters)} kvartalstal)" if quarters > 1 else ""
        return f"{format_number(count, 2 if count % 1 else 0)} / {format_number(population, 2 if population % 1 else 0)} × 1.000 = {format_number(float(figure.value), decimals_of(figure.text))}{mean}"
    if origin.operation == "share_of_population":
        count, population, quarters = origin.operands
        mean = f" (befolkningstal: gennemsnit af {int(quarters)} kvartalstal)" if quarters > 1 else ""
        return f"{format_number(count)} / {format_number(population, 2 if population % 1 else 0)} × 100 = {format_number(float(figure.value), decimals_of(figure.text))}{mean}"
    if origin.operation == "count":
        return f"{int(origin.operands[0])} områder med et tal i kolonnen, der rangeres efter"
    if origin.operation == "rank":
        rank, ranked = origin.operands
        return f"nr. {int(rank)} af {int(ranked)}, når tallene i tabellen ordnes fra størst til mindst; lige store tal deler placering"
    if origin.operation == "share":
        part, whole = origin.operands
        return f"{format_number(part)} / {format_number(whole)} × 100 = {format_number(float(figure.value), decimals_of(figure.text))}"
    if origin.operation == "percent_change":
        later, earlier = origin.operands
        return f"({format_number(later)} − {format_number(earlier)}) / {format_number(earlier)} × 100 = {format_number(float(figure.value), decimals_of(figure.text))}"
    return None


def raw_value(value: Any) -> Any:
    """The value behind the printed text, as JSON can hold it."""
    if isinstance(value, Period):
        return value.code
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


@dataclass(frozen=True)
class ExtractRead:
    """One read of an extract behind a figure: file, table, cells."""

    file: str
    table: str
    source: str
    extract_date: str
    example_data: bool
    areas: tuple[str, ...]
    periods: tuple[str, ...]
    measures: tuple[str, ...]
    derived: tuple[str, ...] = ()  # worked-out cells (kilder.yaml's afledte_celler); published cells have none

    @classmethod
    def of(cls, read: Provenance) -> ExtractRead:
        return cls(
            read.file.name, read.table, read.source, read.extract_date.isoformat(), read.example_data,
            tuple(read.areas), tuple(read.periods), tuple(read.measures), tuple(read.derived or ()),
        )

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            KEYS.file: self.file,
            KEYS.table: self.table,
            KEYS.source: self.source,
            KEYS.extract_date: self.extract_date,
            KEYS.example_data: self.example_data,
            KEYS.areas: list(self.areas),
            KEYS.periods: list(self.periods),
            KEYS.measures: list(self.measures),
        }
        if self.derived:
            entry[KEYS.derived] = list(self.derived)
        return entry

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExtractRead:
        return cls(
            _text(data[KEYS.file]), _text(data.get(KEYS.table, "")), _text(data.get(KEYS.source, "")),
            _text(data.get(KEYS.extract_date, "")), bool(data.get(KEYS.example_data)),
            _texts(data[KEYS.areas]), _texts(data[KEYS.periods]), _texts(data[KEYS.measures]), _texts(data.get(KEYS.derived, [])),
        )


@dataclass(frozen=True)
class FigureRecord:
    """One figure as printed in the letter, where it stands, and where it came from."""

    text: str
    value: Any  # as JSON holds it (see raw_value)
    kind: str  # "tal", "år", "periode" or "dato"
    metric: str | None
    question: int | None
    place: str  # PLACE_TEXT, PLACE_TABLE or a caption
    paragraph: int | None = None  # with PLACE_TEXT: index among the answer paragraphs
    table: int | None = None  # otherwise: the table's number
    row: str | None = None  # with PLACE_TABLE: the cell
    column: str | None = None
    reads: tuple[ExtractRead, ...] = ()
    computation: str | None = None

    @property
    def in_text(self) -> bool:
        return self.place == PLACE_TEXT

    @property
    def in_table(self) -> bool:
        return self.place == PLACE_TABLE

    @property
    def is_number(self) -> bool:
        return self.kind == KIND_NUMBER

    @classmethod
    def of(cls, figure: TracedFigure) -> FigureRecord:
        in_text, in_table = figure.place == PLACE_TEXT, figure.place == PLACE_TABLE
        return cls(
            figure.text, raw_value(figure.value), figure.kind, figure.metric, figure.question, figure.place,
            paragraph=figure.paragraph if in_text else None,
            table=None if in_text else figure.table,
            row=figure.row if in_table else None,
            column=figure.column if in_table else None,
            reads=tuple(ExtractRead.of(read) for read in figure.origin.reads),
            computation=computation(figure),
        )

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            KEYS.text: self.text,
            KEYS.value: self.value,
            KEYS.kind: self.kind,
            KEYS.metric: self.metric,
            KEYS.question: self.question,
            KEYS.place: self.place,
        }
        if self.in_text:
            entry[KEYS.paragraph] = self.paragraph
        else:
            entry[KEYS.table] = self.table
        if self.in_table:
            entry[KEYS.row], entry[KEYS.column] = self.row, self.column
        entry[KEYS.sources] = [read.to_json() for read in self.reads]
        if self.computation is not None:
            entry[KEYS.computation] = self.computation
        return entry

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FigureRecord:
        """Where the figure stands is read first: that is what a comparison needs."""
        place = _text(_object(data)[KEYS.place])
        paragraph = _whole(data[KEYS.paragraph]) if place == PLACE_TEXT else None
        table = _whole(data[KEYS.table]) if place == PLACE_TABLE else _optional_whole(data.get(KEYS.table))
        row, column = (_optional_text(data[KEYS.row]), _optional_text(data[KEYS.column])) if place == PLACE_TABLE else (None, None)
        return cls(
            _text(data[KEYS.text]), data.get(KEYS.value), _text(data.get(KEYS.kind, "")), _optional_text(data.get(KEYS.metric)),
            _optional_whole(data.get(KEYS.question)), place, paragraph, table, row, column,
            tuple(ExtractRead.from_json(_object(read)) for read in _list(data.get(KEYS.sources) or [])),
            _optional_text(data.get(KEYS.computation)),
        )


@dataclass(frozen=True)
class ParagraphRecord:
    """An answer paragraph as written, the figures it holds, and the caseworker's own numbers in it."""

    number: int
    question: int
    text: str
    figures: tuple[int, ...]
    caseworker_numbers: tuple[str, ...] = ()  # written by the caseworker, not computed: not checked

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {KEYS.number: self.number, KEYS.question: self.question, KEYS.text: self.text, KEYS.figures: list(self.figures)}
        if self.caseworker_numbers:
            entry[KEYS.caseworker_numbers] = list(self.caseworker_numbers)
        return entry

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParagraphRecord:
        data = _object(data)
        return cls(
            _whole(data.get(KEYS.number, 0)), _whole(data[KEYS.question]), _text(data[KEYS.text]),
            tuple(_whole(index) for index in _list(data[KEYS.figures])), _texts(data.get(KEYS.caseworker_numbers, [])),
        )


@dataclass(frozen=True)
class Sidecar:
    """The whole `.tal.json`: which letter, and every answer paragraph and figure in it."""

    generator: str
    letter: str
    sha256: str
    question_file: str
    final: bool
    letter_date: str
    paragraphs: tuple[ParagraphRecord, ...]
    figures: tuple[FigureRecord, ...]
    accepted: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (question number, words its `accepter` accepted)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            KEYS.generator: self.generator,
            KEYS.letter: self.letter,
            KEYS.sha256: self.sha256,
            KEYS.question_file: self.question_file,
            KEYS.edition: EDITION_FINAL if self.final else EDITION_DRAFT,
            KEYS.letter_date: self.letter_date,
            KEYS.paragraphs: [paragraph.to_json() for paragraph in self.paragraphs],
            KEYS.figures: [figure.to_json() for figure in self.figures],
        }
        if self.accepted:
            data[KEYS.accepted] = {str(number): list(words) for number, words in self.accepted}
        return data

    def to_bytes(self) -> bytes:
        """Stable key order and formatting, so equal input gives equal bytes."""
        return render_json(self.to_json()).encode("utf-8")

    @classmethod
    def from_json(cls, data: Any) -> Sidecar:
        """The sidecar from parsed JSON; KeyError, TypeError and the like for JSON of another shape."""
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        sidecar = cls(
            data.get(KEYS.generator, ""), data.get(KEYS.letter, ""), data.get(KEYS.sha256, ""), data.get(KEYS.question_file, ""),
            data.get(KEYS.edition) == EDITION_FINAL, data.get(KEYS.letter_date, ""),
            tuple(ParagraphRecord.from_json(paragraph) for paragraph in _list(data[KEYS.paragraphs])),
            tuple(FigureRecord.from_json(figure) for figure in _list(data[KEYS.figures])),
            tuple((int(number), _texts(words)) for number, words in _object(data.get(KEYS.accepted, {})).items()),
        )
        sidecar.check_references()
        return sidecar

    def check_references(self) -> None:
        """IndexError when a paragraph names a figure, or a figure a paragraph, that is not there."""
        for paragraph in self.paragraphs:
            for index in paragraph.figures:
                self.figures[index]
        for figure in self.figures:
            if figure.in_text and figure.paragraph is not None:
                self.paragraphs[figure.paragraph]


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(_text(item) for item in _list(value))


def _whole(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a whole number, got {type(value).__name__}")
    return value


def _optional_whole(value: Any) -> int | None:
    return None if value is None else _whole(value)


def build_sidecar(
    *,
    letter_name: str,
    question_file: str,
    final: bool,
    letter_date: date,
    generator: str,
    docx: bytes,
    paragraphs: Sequence[AnswerParagraph],
    log: FigureLog,
    sections: Sequence[AnswerSection] = (),
    accepted: Sequence[tuple[int, tuple[str, ...]]] = (),
) -> bytes:
    """The sidecar as bytes: stable key order and formatting, so equal input gives equal bytes.

    `sections` (the blocks the paragraphs were written from) tells which paragraphs are the
    caseworker's own text; their numbers are listed as the caseworker's, which `svarbrev tjek`
    reports as not checked.
    """
    own = caseworker_paragraphs(sections, len(paragraphs))
    sidecar = Sidecar(
        generator=generator,
        letter=letter_name,
        sha256=hashlib.sha256(docx).hexdigest(),
        question_file=question_file,
        final=final,
        letter_date=letter_date.isoformat(),
        paragraphs=tuple(paragraph_record(number, paragraph, own[number]) for number, paragraph in enumerate(paragraphs)),
        figures=tuple(FigureRecord.of(figure) for figure in log.figures),
        accepted=tuple(accepted),
    )
    return sidecar.to_bytes()


def caseworker_paragraphs(sections: Sequence[AnswerSection], count: int) -> list[bool]:
    """For each answer paragraph, whether it is the caseworker's own text (one paragraph per text block)."""
    if not sections:
        return [False] * count
    flags = [block.caseworker for section in sections for block in section.blocks if isinstance(block, TextBlock)]
    if len(flags) != count:
        raise ValueError(f"{count} afsnit, men {len(flags)} tekstblokke")
    return flags


def paragraph_record(number: int, paragraph: AnswerParagraph, caseworker: bool) -> ParagraphRecord:
    numbers = tuple(numbers_in(paragraph.text)) if caseworker else ()
    return ParagraphRecord(number, paragraph.question, paragraph.text, paragraph.figures, numbers)


def load_sidecar(path: Path) -> Sidecar:
    """The sidecar file at `path`, read within limits; SvarbrevError (in Danish) when it cannot be."""
    try:
        data = json.loads(read_bounded(path, limits.SIDECAR).decode("utf-8"))
    except ReadRefused as refused:
        if not path.exists():
            raise SvarbrevError("sidefilen med tallenes kilder findes ikke (den skrives ved siden af brevet)", file=path) from None
        raise SvarbrevError(f"sidefilen kan ikke læses: {refused.reason}", file=path) from None
    except RecursionError:
        raise SvarbrevError("sidefilen er for dybt indlejret til at være en svarbrev-sidefil", file=path) from None
    except (OSError, ValueError) as error:
        raise SvarbrevError(f"sidefilen kan ikke læses: {error}", file=path) from None
    try:
        return Sidecar.from_json(data)
    except (KeyError, TypeError, IndexError, AttributeError, ValueError) as error:
        # A JSON file of another shape: said plainly, not a crash in the comparison.
        missing = f" (mangler {error.args[0]!r})" if isinstance(error, KeyError) else ""
        raise SvarbrevError(f"sidefilen har ikke svarbrevs form{missing}; brug den .tal.json, der blev skrevet med brevet", file=path) from None


def sidecar_path(letter: Path) -> Path:
    """svar.docx → svar.tal.json beside it."""
    return letter.with_name(sidecar_name(letter.stem))


def render_json(content: dict[str, Any]) -> str:
    """Readable and quick: top-level keys one per line, each paragraph and figure on a line of its
    own (json's C encoder only runs without indentation)."""
    lines = ["{"]
    items = list(content.items())
    for number, (key, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        if isinstance(value, list):
            body = ",\n".join(f"    {_json(item)}" for item in value)
            lines.append(f"  {_json(key)}: [\n{body}\n  ]{comma}" if value else f"  {_json(key)}: []{comma}")
        else:
            lines.append(f"  {_json(key)}: {_json(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


# One encoder for every value: json.dumps builds a new one per call when given options.
_json = json.JSONEncoder(ensure_ascii=False).encode


def describe(figure: TracedFigure) -> dict[str, Any]:
    """What the provenance comment template needs about one figure."""
    return {
        "figure": figure,
        "reads": figure.origin.reads,
        "computation": computation(figure),
    }

