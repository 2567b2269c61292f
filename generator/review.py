"""`svarbrev tjek`: compare a (possibly hand-edited) reply with the sidecar written beside it.

Reports figures in the text that no longer read as generated, numbers in the text that no data
backs, table cells that were changed, and prose figures that disagree with the table cell holding
the same figure; a changed number is quoted with the words around it. Numbers in the caseworker's
own `svar` are listed as not checked: no data stands behind them. Wording edits without numbers are
none of its business.
"""

from __future__ import annotations

import difflib
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from generator import limits
from generator.errors import SvarbrevError
from generator.limits import ReadRefused, read_bounded
from generator.rendering.sidecar import SIDECAR_SUFFIX, number_spans, numbers_in

_HEADING = re.compile(r"^Ad (\d+):")
_WORD = re.compile(r"\S+")
CONTEXT_WORDS = 4  # words quoted on either side of a changed number
UNCHECKED = "tal fra sagsbehandleren (ikke kontrolleret)"


@dataclass(frozen=True)
class Finding:
    question: int | None
    message: str
    checked: bool = True  # False: a number the caseworker wrote; listed, but no fault

    def __str__(self) -> str:
        where = f"spørgsmål {self.question}: " if self.question is not None else ""
        return where + self.message


def quote(text: str, start: int, end: int, words: int = CONTEXT_WORDS) -> str:
    """»…the words around text[start:end]…«: a few words either side, "…" where the paragraph goes on."""
    spans = [(match.start(), match.end()) for match in _WORD.finditer(text)]
    if not spans:
        return "»«"
    first = next((i for i, (_, word_end) in enumerate(spans) if word_end > start), len(spans) - 1)
    last = max(first, next((i for i in range(len(spans) - 1, -1, -1) if spans[i][0] < end), first))
    low, high = max(0, first - words), min(len(spans), last + 1 + words)
    before = "…" if low > 0 else ""
    after = "…" if high < len(spans) else ""
    return f"»{before}{text[spans[low][0]:spans[high - 1][1]]}{after}«"


def _changed_words(before: str, after: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[str, int, int, int, int]]]:
    """Word spans of both texts and the word-level opcodes that turn one into the other."""
    old = [(m.start(), m.end()) for m in _WORD.finditer(before)]
    new = [(m.start(), m.end()) for m in _WORD.finditer(after)]
    matcher = difflib.SequenceMatcher(a=[before[a:b] for a, b in old], b=[after[a:b] for a, b in new], autojunk=False)
    return old, new, cast(list[tuple[str, int, int, int, int]], matcher.get_opcodes())


def _word_at(spans: list[tuple[int, int]], position: int) -> int:
    return next((i for i, (start, end) in enumerate(spans) if start <= position < end), 0)


def where_new(before: str, after: str, number: str) -> str:
    """The words around `number` where it came into `after` (its first occurrence in a changed stretch)."""
    _, new, opcodes = _changed_words(before, after)
    places = [(start, end) for found, start, end in number_spans(after) if found == number]
    changed = {j for tag, _, _, j1, j2 in opcodes if tag != "equal" for j in range(j1, j2)}
    start, end = next(((s, e) for s, e in places if _word_at(new, s) in changed), places[0])
    return quote(after, start, end)


def where_gone(before: str, after: str, number: str) -> str | None:
    """The words that now stand where `number` stood in `before` (None if it cannot be placed)."""
    old, new, opcodes = _changed_words(before, after)
    for found, start, _ in number_spans(before):
        if found != number:
            continue
        word = _word_at(old, start)
        for tag, i1, i2, j1, j2 in opcodes:
            if tag != "equal" and i1 <= word < i2 and new:
                if j1 == j2:  # the words were deleted: quote what stands around the gap
                    position = new[j1][0] if j1 < len(new) else new[-1][1]
                    return quote(after, position, position)
                return quote(after, new[j1][0], new[j2 - 1][1])
    return None


def load_sidecar(path: Path) -> dict[str, Any]:
    try:
        return json.loads(read_bounded(path, limits.SIDECAR).decode("utf-8"))
    except ReadRefused as refused:
        if not path.exists():
            raise SvarbrevError("sidefilen med tallenes kilder findes ikke (den skrives ved siden af brevet)", file=path) from None
        raise SvarbrevError(f"sidefilen kan ikke læses: {refused.reason}", file=path) from None
    except RecursionError:
        raise SvarbrevError("sidefilen er for dybt indlejret til at være en svarbrev-sidefil", file=path) from None
    except (OSError, ValueError) as error:
        raise SvarbrevError(f"sidefilen kan ikke læses: {error}", file=path) from None


def require_word_file(path: Path) -> None:
    """`tjek` reads a svarbrev letter: a .docx that exists and is a Word package (a zip file)."""
    if not path.is_file():
        raise SvarbrevError("filen findes ikke" if not path.exists() else "er ikke en fil", file=path)
    if path.suffix.lower() != ".docx" or not zipfile.is_zipfile(path):
        raise SvarbrevError("er ikke et Word-dokument (.docx); tjek læser svarbrevet, fx svar.docx", file=path)


@dataclass(frozen=True)
class LetterContent:
    paragraphs: list[tuple[int, str]]  # (question, text) of every answer paragraph, in order
    tables: list[list[list[str]]]


def read_letter(path: Path) -> LetterContent:
    """Answer paragraphs (after each "Ad N:" heading, up to the closing) and tables, as they read now."""
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise SvarbrevError(f"kan ikke åbne brevet ({error.__class__.__name__})", file=path) from None
    paragraphs: list[tuple[int, str]] = []
    tables: list[list[list[str]]] = []
    question: int | None = None
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}tbl"):
            tables.append([[cell.text for cell in row.cells] for row in Table(element, document).rows])
            continue
        if not element.tag.endswith("}p"):
            continue
        paragraph = Paragraph(element, document)
        text = paragraph.text.strip()
        heading = _HEADING.match(text)
        if heading:
            question = int(heading.group(1))
        elif text.startswith("Med venlig hilsen"):
            question = None
        elif question is not None and text and _is_answer_text(paragraph):
            paragraphs.append((question, text))
    return LetterContent(paragraphs, tables)


def _is_answer_text(paragraph: Paragraph) -> bool:
    """Answer prose, not a caption, table note or source line."""
    style = paragraph.style.name if paragraph.style is not None else ""
    return style not in ("Caption", "Tabelnote", "Kilde", "Ad-overskrift")


def _describe(figure: dict[str, Any]) -> str:
    reads = figure.get("kilde") or []
    if not reads:
        return figure.get("metrik") or ""
    read = reads[0]
    parts = [figure.get("metrik") or "", ", ".join(read["mål"]), ", ".join(read["områder"]), ", ".join(read["perioder"]), read["fil"]]
    parts += [how for other in reads for how in other.get("afledt", [])]  # a worked-out cell, not a published one
    return "; ".join(part for part in parts if part)


def _read_key(figure: dict[str, Any]) -> tuple | None:
    """Identifies the cell a figure was read from, so prose and table can be compared."""
    reads = figure.get("kilde") or []
    if len(reads) != 1 or figure.get("beregning"):
        return None
    read = reads[0]
    return (read["fil"], tuple(read["områder"]), tuple(read["perioder"]), tuple(read["mål"]))


def _align(generated: list[dict[str, Any]], current: list[tuple[int, str]]) -> list[tuple[dict[str, Any] | None, tuple[int, str] | None]]:
    """Pair the generated paragraphs with today's, tolerating inserted and deleted paragraphs."""
    before = [f"{p['spørgsmål']}|{p['tekst']}" for p in generated]
    after = [f"{q}|{t}" for q, t in current]
    pairs: list[tuple[dict[str, Any] | None, tuple[int, str] | None]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += list(zip(generated[i1:i2], current[j1:j2]))
        else:
            pairs += [(paragraph, None) for paragraph in generated[i1:i2]]
            pairs += [(None, paragraph) for paragraph in current[j1:j2]]
    return pairs


def check_prose(sidecar: dict[str, Any], letter: LetterContent) -> list[Finding]:
    figures = sidecar["tal"]
    findings: list[Finding] = []
    for generated, current in _align(sidecar["afsnit"], letter.paragraphs):
        if generated is None:
            assert current is not None  # _align never pairs two Nones
            question, text = current
            for number, start, end in number_spans(text):
                findings.append(Finding(question, f"tallet {number} i et nyt afsnit har ingen kilde i sidefilen: {quote(text, start, end)}"))
            continue
        question = generated["spørgsmål"]
        own = [figures[index] for index in generated["tal"]]
        if current is None:
            if own:
                findings.append(Finding(question, f"afsnittet med {', '.join(f['tekst'] for f in own)} er fjernet"))
            continue
        findings += _unchecked(generated, current[1])
        if current[1] == generated["tekst"]:
            continue
        now = Counter(numbers_in(current[1]))
        expected = Counter(number for figure in own for number in numbers_in(figure["tekst"]))
        for figure in own:
            for number in numbers_in(figure["tekst"]):
                if now[number] > 0:
                    now[number] -= 1
                else:
                    place = where_gone(generated["tekst"], current[1], number)
                    there = f"; der står nu {place}" if place else ""
                    findings.append(Finding(question, f"{number} står ikke længere i teksten, som den blev beregnet ({_describe(figure)}){there}"))
        before = Counter(numbers_in(generated["tekst"])) - expected
        for number, count in (now - before).items():
            if count > 0:
                findings.append(
                    Finding(question, f"{number} i teksten stammer ikke fra data (ikke i sidefilen): {where_new(generated['tekst'], current[1], number)}")
                )
    return findings


def _unchecked(generated: dict[str, Any], text: str) -> list[Finding]:
    """The caseworker's own numbers that still stand in the paragraph: listed, not checked."""
    left = Counter(generated.get("sagsbehandlerens_tal", []))
    findings = []
    for number, start, end in number_spans(text):
        if left[number] > 0:
            left[number] -= 1
            findings.append(Finding(generated["spørgsmål"], f"{UNCHECKED}: {number} {quote(text, start, end)}", checked=False))
    return findings


def _cell(table: list[list[str]], row: str | None, column: str | None) -> str | None:
    if not table:
        return None
    header = table[0]
    if column not in header:
        return None
    position = header.index(column)
    for cells in table[1:]:
        if cells and cells[0] == row and position < len(cells):
            return cells[position]
    return None


def check_tables(sidecar: dict[str, Any], letter: LetterContent) -> list[Finding]:
    findings: list[Finding] = []
    for figure in sidecar["tal"]:
        if figure["sted"] != "tabel":
            continue
        number = figure["tabel"]
        table = letter.tables[number - 1] if number - 1 < len(letter.tables) else []
        now = _cell(table, figure["række"], figure["kolonne"])
        where = f"Tabel {number}, {figure['række']}, {figure['kolonne']}"
        if now is None:
            findings.append(Finding(figure["spørgsmål"], f"{where}: cellen findes ikke længere ({_describe(figure)})"))
        elif now.strip() != figure["tekst"]:
            findings.append(Finding(figure["spørgsmål"], f"{where}: {now.strip()} i stedet for {figure['tekst']} ({_describe(figure)})"))
    return findings


def check_prose_against_tables(sidecar: dict[str, Any], letter: LetterContent) -> list[Finding]:
    """A figure printed in the text and in a table must read the same in both, as they stand now."""
    cells = {}
    for figure in sidecar["tal"]:
        key = _read_key(figure)
        if figure["sted"] == "tabel" and key is not None:
            number = figure["tabel"]
            table = letter.tables[number - 1] if number - 1 < len(letter.tables) else []
            cells[key] = (number, figure, _cell(table, figure["række"], figure["kolonne"]))
    current = {index: text for index, (_, text) in enumerate(letter.paragraphs)}
    findings = []
    for figure in sidecar["tal"]:
        key = _read_key(figure)
        if figure["sted"] != "tekst" or key not in cells or figure["art"] != "tal":
            continue
        number, cell_figure, cell_now = cells[key]
        paragraph = sidecar["afsnit"][figure["afsnit"]]
        text_now = current.get(figure["afsnit"]) if figure["afsnit"] < len(letter.paragraphs) else None
        prose_still_there = text_now is not None and figure["tekst"] in numbers_in(text_now)
        if cell_now is not None and prose_still_there and cell_now.strip() != cell_figure["tekst"] and paragraph["spørgsmål"]:
            findings.append(
                Finding(
                    figure["spørgsmål"],
                    f"teksten siger {figure['tekst']}, men Tabel {number} ({cell_figure['række']}, {cell_figure['kolonne']}) siger {cell_now.strip()} for samme tal ({_describe(figure)})",
                )
            )
    return findings


def check_reply(path: Path, sidecar: Path | None = None) -> list[Finding]:
    """Everything that no longer matches the figures svarbrev computed for this reply, and (with
    `checked=False`) the caseworker's own numbers, which no data backs."""
    require_word_file(path)
    sidecar = sidecar or path.with_name(path.stem + SIDECAR_SUFFIX)
    content = load_sidecar(sidecar)
    letter = read_letter(path)
    try:
        findings = check_prose(content, letter) + check_tables(content, letter) + check_prose_against_tables(content, letter)
    except (KeyError, TypeError, IndexError, AttributeError, ValueError) as error:
        # A JSON file of another shape: said plainly, not a crash in the comparison.
        missing = f" (mangler {error.args[0]!r})" if isinstance(error, KeyError) else ""
        raise SvarbrevError(f"sidefilen har ikke svarbrevs form{missing}; brug den .tal.json, der blev skrevet med brevet", file=sidecar) from None
    return [f for f in findings if f.checked] + [f for f in findings if not f.checked]


def report_lines(path: Path, findings: list[Finding]) -> list[str]:
    """What `svarbrev tjek` prints: the faults (or "ok:"), then the caseworker's numbers it did not check."""
    faults = [f for f in findings if f.checked]
    unchecked = [f for f in findings if not f.checked]
    if faults:
        lines = [f"{path}: {len(faults)} tal stemmer ikke med det, svarbrev beregnede:"]
        lines += [f"  - {finding}" for finding in faults]
    elif unchecked:
        lines = [f"ok: de tal i {path}, som svarbrev beregnede, stemmer"]
    else:
        lines = [f"ok: tallene i {path} stemmer med det, svarbrev beregnede"]
    if unchecked:
        lines.append(f"{len(unchecked)} tal er skrevet af sagsbehandleren og ikke kontrolleret:")
        lines += [f"  - {finding}" for finding in unchecked]
    return lines
