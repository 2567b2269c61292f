"""The provenance sidecar `<navn>.tal.json`: every figure in a letter, as printed, with its origin.

Reviewers and `svarbrev tjek` read it; it is written next to every reply. Keys are Danish, like the
question file's, because caseworkers open it too.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from generator.metrics.periods import Period
from generator.metrics.results import Provenance
from generator.rendering.blocks import AnswerSection, TextBlock
from generator.rendering.formatting import format_number
from generator.rendering.tracing import FigureLog, TracedFigure
from generator.rendering.word import AnswerParagraph

SIDECAR_SUFFIX = ".tal.json"

# A Danish number as svarbrev prints it: 5.192, 1,1, 305, -8. "6-byer" and "Tabel 1" are not figures.
NUMBER = re.compile(r"(?<![\w.,-])-?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w-])|(?<![\w.,-])-?\d+(?:,\d+)?(?![\w-])")
TABLE_REFERENCE = re.compile(r"\bTabel \d+\b")


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
    if origin.operation in ("monthly_mean", "quarterly_mean"):
        parts = sum(len(read.periods) for read in origin.reads)
        return f"gennemsnit af {parts} {'månedstal' if origin.operation == 'monthly_mean' else 'kvartalstal'}"
    if origin.operation == "per_1000":
        count, population, quarters = origin.operands
        mean = f" (indbyggertal: gennemsnit af {int(quarters)} kvartalstal)" if quarters > 1 else ""
        return f"{format_number(count, 2 if count % 1 else 0)} / {format_number(population, 2 if population % 1 else 0)} × 1.000 = {format_number(float(figure.value), decimals_of(figure.text))}{mean}"
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


def read_entry(read: Provenance) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "fil": read.file.name,
        "tabel": read.table,
        "kilde": read.source,
        "udtræksdato": read.extract_date.isoformat(),
        "eksempeldata": read.example_data,
        "områder": list(read.areas),
        "perioder": list(read.periods),
        "mål": list(read.measures),
    }
    if read.derived:  # worked-out cells (kilder.yaml's afledte_celler); published cells carry no key
        entry["afledt"] = list(read.derived)
    return entry


def figure_entry(figure: TracedFigure) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "tekst": figure.text,
        "værdi": raw_value(figure.value),
        "art": figure.kind,
        "metrik": figure.metric,
        "spørgsmål": figure.question,
        "sted": figure.place,
    }
    if figure.place == "tekst":
        entry["afsnit"] = figure.paragraph
    else:
        entry["tabel"] = figure.table
    if figure.place == "tabel":
        entry["række"], entry["kolonne"] = figure.row, figure.column
    entry["kilde"] = [read_entry(read) for read in figure.origin.reads]
    if (how := computation(figure)) is not None:
        entry["beregning"] = how
    return entry


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
) -> bytes:
    """The sidecar as bytes: stable key order and formatting, so equal input gives equal bytes.

    `sections` (the blocks the paragraphs were written from) tells which paragraphs are the
    caseworker's own text; their numbers are listed as "sagsbehandlerens_tal", which `svarbrev tjek`
    reports as not checked.
    """
    own = caseworker_paragraphs(sections, len(paragraphs))
    content = {
        "svarbrev": generator,
        "brev": letter_name,
        "sha256": hashlib.sha256(docx).hexdigest(),
        "spørgsmålsfil": question_file,
        "udgave": "endelig" if final else "udkast",
        "brevdato": letter_date.isoformat(),
        "afsnit": [paragraph_entry(number, paragraph, own[number]) for number, paragraph in enumerate(paragraphs)],
        "tal": [figure_entry(figure) for figure in log.figures],
    }
    return render_json(content).encode("utf-8")


def caseworker_paragraphs(sections: Sequence[AnswerSection], count: int) -> list[bool]:
    """For each answer paragraph, whether it is the caseworker's own text (one paragraph per text block)."""
    if not sections:
        return [False] * count
    flags = [block.caseworker for section in sections for block in section.blocks if isinstance(block, TextBlock)]
    if len(flags) != count:
        raise ValueError(f"{count} afsnit, men {len(flags)} tekstblokke")
    return flags


def paragraph_entry(number: int, paragraph: AnswerParagraph, caseworker: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"nr": number, "spørgsmål": paragraph.question, "tekst": paragraph.text, "tal": list(paragraph.figures)}
    if caseworker and (numbers := numbers_in(paragraph.text)):
        entry["sagsbehandlerens_tal"] = numbers  # written by the caseworker, not computed: not checked
    return entry


def render_json(content: dict[str, Any]) -> str:
    """Readable and quick: top-level keys one per line, each paragraph and figure on a line of its
    own (json's C encoder only runs without indentation)."""
    lines = ["{"]
    items = list(content.items())
    for number, (key, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        if isinstance(value, list):
            rows = [json.dumps(item, ensure_ascii=False) for item in value]
            body = ",\n".join(f"    {row}" for row in rows)
            lines.append(f"  {json.dumps(key, ensure_ascii=False)}: [\n{body}\n  ]{comma}" if rows else f"  {json.dumps(key)}: []{comma}")
        else:
            lines.append(f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def describe(figure: TracedFigure) -> dict[str, Any]:
    """What the provenance comment template needs about one figure."""
    return {
        "figure": figure,
        "reads": figure.origin.reads,
        "computation": computation(figure),
    }

