"""`svarbrev tjek`: compare a (possibly hand-edited) reply with the sidecar written beside it.

Reports figures in the text that no longer read as generated, numbers in the text that no data
backs, table cells that were changed, and prose figures that disagree with the table cell holding
the same figure; a changed number is quoted with the words around it. Numbers in the caseworker's
own `svar` are listed as not checked: no data stands behind them. Wording edits without numbers are
none of its business.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from generator.errors import SvarbrevError
from generator.letter.contract import TABLE_LABEL
from generator.letter.reader import Letter, read_letter
from generator.letter.sidecar import FigureRecord, ParagraphRecord, Sidecar, load_sidecar, number_spans, numbers_in, sidecar_path

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


def require_word_file(path: Path) -> None:
    """`tjek` reads a svarbrev letter: a .docx that exists and is a Word package (a zip file)."""
    if not path.is_file():
        raise SvarbrevError("filen findes ikke" if not path.exists() else "er ikke en fil", file=path)
    if path.suffix.lower() != ".docx" or not zipfile.is_zipfile(path):
        raise SvarbrevError("er ikke et Word-dokument (.docx); tjek læser svarbrevet, fx svar.docx", file=path)


def _describe(figure: FigureRecord) -> str:
    if not figure.reads:
        return figure.metric or ""
    read = figure.reads[0]
    parts = [figure.metric or "", ", ".join(read.measures), ", ".join(read.areas), ", ".join(read.periods), read.file]
    parts += [how for other in figure.reads for how in other.derived]  # a worked-out cell, not a published one
    return "; ".join(part for part in parts if part)


def _read_key(figure: FigureRecord) -> tuple | None:
    """Identifies the cell a figure was read from, so prose and table can be compared."""
    if len(figure.reads) != 1 or figure.computation:
        return None
    read = figure.reads[0]
    return (read.file, read.areas, read.periods, read.measures)


Pair = tuple[ParagraphRecord | None, tuple[int, str] | None]


def _align(generated: tuple[ParagraphRecord, ...], current: tuple[tuple[int, str], ...]) -> list[Pair]:
    """Pair the generated paragraphs with today's, tolerating inserted and deleted paragraphs."""
    before = [f"{p.question}|{p.text}" for p in generated]
    after = [f"{q}|{t}" for q, t in current]
    pairs: list[Pair] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += list(zip(generated[i1:i2], current[j1:j2]))
        else:
            pairs += [(paragraph, None) for paragraph in generated[i1:i2]]
            pairs += [(None, paragraph) for paragraph in current[j1:j2]]
    return pairs


def check_prose(sidecar: Sidecar, letter: Letter) -> list[Finding]:
    figures = sidecar.figures
    findings: list[Finding] = []
    for generated, current in _align(sidecar.paragraphs, letter.answers):
        if generated is None:
            assert current is not None  # _align never pairs two Nones
            question, text = current
            for number, start, end in number_spans(text):
                findings.append(Finding(question, f"tallet {number} i et nyt afsnit har ingen kilde i sidefilen: {quote(text, start, end)}"))
            continue
        question = generated.question
        own = [figures[index] for index in generated.figures]
        if current is None:
            if own:
                findings.append(Finding(question, f"afsnittet med {', '.join(f.text for f in own)} er fjernet"))
            continue
        findings += _unchecked(generated, current[1])
        if current[1] == generated.text:
            continue
        now = Counter(numbers_in(current[1]))
        expected = Counter(number for figure in own for number in numbers_in(figure.text))
        for figure in own:
            for number in numbers_in(figure.text):
                if now[number] > 0:
                    now[number] -= 1
                else:
                    place = where_gone(generated.text, current[1], number)
                    there = f"; der står nu {place}" if place else ""
                    findings.append(Finding(question, f"{number} står ikke længere i teksten, som den blev beregnet ({_describe(figure)}){there}"))
        before = Counter(numbers_in(generated.text)) - expected
        for number, count in (now - before).items():
            if count > 0:
                findings.append(
                    Finding(question, f"{number} i teksten stammer ikke fra data (ikke i sidefilen): {where_new(generated.text, current[1], number)}")
                )
    return findings


def _unchecked(generated: ParagraphRecord, text: str) -> list[Finding]:
    """The caseworker's own numbers that still stand in the paragraph: listed, not checked."""
    left = Counter(generated.caseworker_numbers)
    findings = []
    for number, start, end in number_spans(text):
        if left[number] > 0:
            left[number] -= 1
            findings.append(Finding(generated.question, f"{UNCHECKED}: {number} {quote(text, start, end)}", checked=False))
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


def _table(letter: Letter, number: int) -> list[list[str]]:
    """Table `number` (from 1) as it reads now; empty when the letter has no such table."""
    tables = letter.tables
    return tables[number - 1] if number - 1 < len(tables) else []


def check_tables(sidecar: Sidecar, letter: Letter) -> list[Finding]:
    findings: list[Finding] = []
    for figure in sidecar.figures:
        if not figure.in_table:
            continue
        number = figure.table
        assert number is not None  # a table figure names its table (Sidecar.from_json)
        now = _cell(_table(letter, number), figure.row, figure.column)
        where = f"{TABLE_LABEL} {number}, {figure.row}, {figure.column}"
        if now is None:
            findings.append(Finding(figure.question, f"{where}: cellen findes ikke længere ({_describe(figure)})"))
        elif now.strip() != figure.text:
            findings.append(Finding(figure.question, f"{where}: {now.strip()} i stedet for {figure.text} ({_describe(figure)})"))
    return findings


def check_prose_against_tables(sidecar: Sidecar, letter: Letter) -> list[Finding]:
    """A figure printed in the text and in a table must read the same in both, as they stand now."""
    cells = {}
    for figure in sidecar.figures:
        key = _read_key(figure)
        if figure.in_table and key is not None:
            number = figure.table
            assert number is not None
            cells[key] = (number, figure, _cell(_table(letter, number), figure.row, figure.column))
    current = {index: text for index, (_, text) in enumerate(letter.answers)}
    findings = []
    for figure in sidecar.figures:
        key = _read_key(figure)
        if not figure.in_text or key not in cells or not figure.is_number or figure.paragraph is None:
            continue
        number, cell_figure, cell_now = cells[key]
        paragraph = sidecar.paragraphs[figure.paragraph]
        text_now = current.get(figure.paragraph) if figure.paragraph < len(letter.answers) else None
        prose_still_there = text_now is not None and figure.text in numbers_in(text_now)
        if cell_now is not None and prose_still_there and cell_now.strip() != cell_figure.text and paragraph.question:
            findings.append(
                Finding(
                    figure.question,
                    f"teksten siger {figure.text}, men {TABLE_LABEL} {number} ({cell_figure.row}, {cell_figure.column}) siger {cell_now.strip()} for samme tal ({_describe(figure)})",
                )
            )
    return findings


def check_reply(path: Path, sidecar: Path | None = None) -> list[Finding]:
    """Everything that no longer matches the figures svarbrev computed for this reply, and (with
    `checked=False`) the caseworker's own numbers, which no data backs."""
    require_word_file(path)
    content = load_sidecar(sidecar or sidecar_path(path))
    letter = read_letter(path)
    findings = check_prose(content, letter) + check_tables(content, letter) + check_prose_against_tables(content, letter)
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
