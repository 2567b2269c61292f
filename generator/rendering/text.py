"""Jinja text templates → answer blocks.

A text template writes plain Danish prose: blank lines separate paragraphs, and line breaks and
indentation inside a paragraph are folded into single spaces, so templates can be laid out for
reading. A template places a table by calling `table(...)` and printing what it returns alone in a
paragraph; the table is numbered through the whole letter when it is called, so the prose before
it can say "Tabel {{ t.number }} viser ...".
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.caching import Cache
from generator.domain.periods import parse_period
from generator.domain.places import PLACE_CAPTION, PLACE_TABLE
from generator.domain.results import Provenance, Table
from generator.errors import TemplateError
from generator.rendering.blocks import Block, Column, TableBlock, TextBlock
from generator.rendering.formatting import FILTERS, format_number, format_period_span, is_missing
from generator.rendering.tracing import current_log, marked_figures, strip_marks, traced, tracing

_MARKER = "\ue000tabel-{}\ue000"  # private-use characters: cannot come from a template's prose
_MARKER_PATTERN = re.compile("\ue000tabel-(\\d+)\ue000")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

CELL_FORMATS = {
    "integer": lambda value: format_number(value),
    "decimal1": lambda value: format_number(value, decimals=1),
    "text": lambda value: "" if is_missing(value) else str(value),
    "period": lambda code: format_period_span(parse_period(code)),  # "2024M03" → "marts 2024"
}
TEXT_FORMATS = ("text", "period")  # left-aligned: words, not figures


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    heading: str
    format: str

    @property
    def numeric(self) -> bool:
        return self.format not in TEXT_FORMATS


@dataclass(frozen=True)
class TableRef:
    """What `table(...)` returns to a template: its number, and its place when printed."""

    number: int

    def __str__(self) -> str:
        return _MARKER.format(self.number)


class TableNumbering:
    """Numbers tables through one letter and keeps them until their place in the text is known."""

    def __init__(self) -> None:
        self.tables: dict[int, TableBlock] = {}

    def add(
        self,
        frame: Table,
        caption: str,
        columns: Sequence[ColumnSpec],
        notes: Sequence[str],
        source: str,
        origins: Mapping[tuple[int, str], Any] | None = None,
    ) -> TableRef:
        number = len(self.tables) + 1
        rows = format_rows(frame, columns)
        self.tables[number] = TableBlock(
            number=number,
            caption=table_text(caption, number),
            columns=tuple(Column(spec.heading, spec.numeric) for spec in columns),
            rows=rows,
            notes=tuple(table_text(note, number) for note in notes),
            source=table_text(source, number),
        )
        log_cells(frame, columns, rows, origins or {}, number)
        return TableRef(number)


def table_text(text: str, number: int) -> str:
    """Caption, note or source line: folded, and its figures logged as standing by table `number`."""
    log = current_log()
    if log is not None:
        for index in marked_figures(text):
            log[index].place, log[index].table = PLACE_CAPTION, number
    return fold_whitespace(strip_marks(text))


def log_cells(
    frame: Table,
    columns: Sequence[ColumnSpec],
    rows: Sequence[Sequence[str]],
    origins: Mapping[tuple[int, str], Any],
    number: int,
) -> None:
    """Every table cell that came from the data, with its row, column and origin."""
    log = current_log()
    if log is None:
        return
    positions = {spec.key: i for i, spec in enumerate(columns)}
    values = {key: frame.column(key) for key in positions}  # one column lookup each, not one per cell
    for (row, key), origin in origins.items():
        position = positions.get(key)
        if position is None:
            continue
        value = values[key][row]
        log.add(
            None if is_missing(value) else float(value),
            rows[row][position],
            "tal",
            origin,
            place=PLACE_TABLE,
            table=number,
            row=rows[row][0],
            column=columns[position].heading,
        )


def format_rows(frame: Table, columns: Sequence[ColumnSpec]) -> tuple[tuple[str, ...], ...]:
    """Cells as printed: each column formatted by its declared format."""
    for spec in columns:
        if spec.format not in CELL_FORMATS:
            raise TemplateError(f"ukendt kolonneformat '{spec.format}' (brug {', '.join(CELL_FORMATS)})")
        if spec.key not in frame.columns:
            raise TemplateError(f"tabellen har ingen kolonne '{spec.key}' (har {', '.join(frame.columns)})")
    formatted = [tuple(map(CELL_FORMATS[spec.format], frame.column(spec.key))) for spec in columns]
    return tuple(zip(*formatted))


def fold_whitespace(text: str) -> str:
    return " ".join(str(text).split())


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; other line breaks are folded into spaces."""
    return [folded for chunk in _PARAGRAPH_BREAK.split(text.strip()) if (folded := fold_whitespace(chunk))]


def distinct_sources(provenance: Iterable[Provenance]) -> list[Provenance]:
    """One entry per source and extract date, in the order they were read."""
    seen: dict[tuple[str, object, bool], Provenance] = {}
    for entry in provenance:
        seen.setdefault((entry.source, entry.extract_date, entry.example_data), entry)
    return list(seen.values())


def source_notes(provenance: Iterable[Provenance]) -> list[str]:
    """kilder.yaml's remarks on the tables read (a break in a series, say), each once."""
    return list(dict.fromkeys(entry.note for entry in provenance if entry.note))


class TextRenderer:
    """Renders the text templates in one folder into answer blocks."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(directory),
            bytecode_cache=compiled_templates_cache(),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # the output is text for Word, escaped when written into XML
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.do"],
        )
        self.env.filters.update(FILTERS)
        # Values that know their origin are marked and logged when printed (see tracing.py).
        for name, kind in (("number", "tal"), ("percent", "tal"), ("long_date", "dato"), ("source_date", "dato"), ("period_span", "periode")):
            self.env.filters[name] = traced(FILTERS[name], kind)
        self.env.filters["plain"] = traced(str, "år")
        self.env.filters["period_name"] = format_period_span  # in a caption: not a figure to trace
        self.env.filters["distinct_sources"] = distinct_sources
        self.env.filters["source_notes"] = source_notes
        self.env.globals["column"] = lambda key, heading, format="text": ColumnSpec(key, heading, format)
        self.env.filters["column_spec"] = lambda spec: ColumnSpec(spec["key"], spec["heading"], spec.get("format", "text"))
        self.env.filters["series_column"] = lambda spec, mark="": ColumnSpec(spec["key"], spec["area"]["name"] + mark, "integer")

    def render_text(self, template_name: str, context: Mapping[str, Any]) -> str:
        """The template's output as one folded line (for headings and placeholders)."""
        return fold_whitespace(self._render(template_name, context))

    def render_text_block(self, template_name: str, context: Mapping[str, Any]) -> str:
        """The template's output as written, paragraphs and all (for comments)."""
        with tracing(None):
            return self._render(template_name, context)

    def render_blocks(self, template_name: str, context: Mapping[str, Any], numbering: TableNumbering) -> list[Block]:
        frames = context.get("tables", {})
        cell_origins = context.get("cell_origins", {})

        def table(frame: Table, caption: str, columns: Sequence[ColumnSpec], notes: Sequence[str] = (), source: str = "") -> TableRef:
            name = next((key for key, candidate in frames.items() if candidate is frame), None)
            return numbering.add(frame, caption, columns, notes, source, cell_origins.get(name))

        output = self._render(template_name, {**context, "table": table})
        return [self._block(paragraph, numbering, template_name) for paragraph in split_paragraphs(output)]

    def _block(self, paragraph: str, numbering: TableNumbering, template_name: str) -> Block:
        match = _MARKER_PATTERN.search(paragraph)
        if match is None:
            return TextBlock(paragraph)
        if match.group(0) != paragraph:
            raise TemplateError("en tabel skal stå alene i sit afsnit (tom linje før og efter)", file=self._path(template_name))
        return numbering.tables[int(match.group(1))]

    def _render(self, template_name: str, context: Mapping[str, Any]) -> str:
        try:
            return self.env.get_template(template_name).render(context)
        except jinja2.TemplateNotFound:
            raise TemplateError("tekstskabelonen findes ikke", file=self._path(template_name)) from None
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"fejl i skabelonen: {error.message}", file=self._path(error.name or template_name), line=error.lineno) from None
        except jinja2.UndefinedError as error:
            raise TemplateError(f"ukendt felt i skabelonen: {error.message}", file=self._path(template_name)) from None

    def _path(self, template_name: str) -> Path:
        return self.directory / template_name


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates kept between runs (a cold `generate` otherwise compiles every
    text template again); a cache that cannot be read or written only costs the compiling."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


_BYTECODE: Cache[jinja2.BytecodeCache | None] = Cache("jinja_bytekode")


def compiled_templates_cache() -> jinja2.BytecodeCache | None:
    return _BYTECODE.get(None, _make_compiled_templates_cache)


def _make_compiled_templates_cache() -> jinja2.BytecodeCache | None:
    """Jinja's own per-user folder under the temporary directory (it refuses one another user
    owns); keyed by template name, checked against the source, so an edited template is compiled
    anew. None when no safe folder can be had."""
    try:
        return _QuietBytecodeCache()
    except (OSError, RuntimeError):
        return None


_RENDERERS: Cache[TextRenderer] = Cache("tekstskabeloner", 8)


def text_renderer(directory: Path) -> TextRenderer:
    return _RENDERERS.get(directory, _make_text_renderer, directory)


def _make_text_renderer(directory: Path) -> TextRenderer:
    """One renderer per folder, so each template is compiled once per process."""
    return TextRenderer(directory)
