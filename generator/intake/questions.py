"""The message's questions: numbered and bulleted items, sentences ending in '?', and requests written as
sentences; every other sentence is kept as not taken."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.intake.metadata import _date_line, _name_from, _subject_heading
from generator.intake.thread import Message, _collapse
from generator.intake.vocabulary import (
    _ABBREVIATIONS,
    _ABOUT_THE_REPLY,
    _ASKS_FOR_FIGURES,
    _CASE_NUMBER,
    _DATE_AT_START,
    _GENERIC_SUBJECT,
    _GREETING,
    _INTRODUCES_QUESTIONS,
    _ITEM,
    _PLEASANTRY,
    _QUESTION_LIKE,
    _REPORTED_REQUEST,
    _REQUEST,
    _REQUEST_NOW,
    _SUBJECT_LINE,
    _TERMINAL,
    _THANKS,
)


@dataclass
class _Item:
    marker_kind: str
    indent: int
    text: str
    group: int
    line: int  # index of the line with the marker


@dataclass(frozen=True)
class _Body:
    """The questions of a message, and the sentences with content that did not become questions."""

    questions: list[str]
    not_taken: list[str]


def extract_questions(text: str) -> list[str]:
    """The questions of an inquiry's text, each as one line of text, in the order they are asked.

    Numbered, lettered, "Spørgsmål N:" and bulleted items of a list that asks something (wrapped
    lines joined; a list item may hold two questions "…? Og hvor mange …?" and stays one question),
    the sentences outside lists that end in "?", and requests phrased as statements ("Jeg vil også
    gerne vide, hvor mange …", "Jeg beder forvaltningen oplyse antallet af …", "Derudover ønsker jeg
    en sammenligning …"). Only when there are none of those are the items of lists that ask nothing
    the questions. Greetings, thanks, the signature and everything after it, header lines,
    disclaimers, quoted replies and forwarded messages are left out.
    """
    return read_body(Message.read(text)).questions


def read_body(message: Message) -> _Body:
    """The message's questions, and the sentences with content that did not become questions."""
    lines = message.body_lines
    items, in_items = _list_items(lines)
    meta = _meta_lines(lines)
    prose = ["" if index in in_items or index in meta else line for index, line in enumerate(lines)]
    asked = [(item.line, item.text) for item, asks in items if asks]
    not_taken: list[tuple[int, str]] = []
    for line, paragraph in _paragraphs(prose):
        sentences = split_sentences(paragraph)
        lead_in = bool(sentences) and _INTRODUCES_QUESTIONS.search(sentences[-1]) is not None
        for sentence in sentences:
            if _is_courtesy(sentence):
                continue
            if _is_question_sentence(sentence) and not _INTRODUCES_QUESTIONS.search(sentence):
                asked.append((line, _without_lead_in(sentence)))
            elif _is_request(sentence) and (not lead_in or _ASKS_FOR_FIGURES.search(sentence)):
                # in a lead-in ("… et overblik over fleksjobområdet. Jeg har følgende spørgsmål:") only a
                # request that asks for figures is a question of its own
                asked.append((line, sentence))
            else:
                not_taken.append((line, sentence))
    fact_items = [(item.line, item.text) for item, asks in items if not asks]
    if asked:
        not_taken += fact_items
    else:
        asked = fact_items  # the last resort: a list that asks nothing is all there is
    return _Body(questions=_in_order(asked), not_taken=_in_order(not_taken))


def _in_order(entries: list[tuple[int, str]]) -> list[str]:
    """The texts by line (a stable sort: the sentences of a paragraph keep their order), each once."""
    return list(dict.fromkeys(text for _, text in sorted(entries, key=lambda entry: entry[0])))


def _meta_lines(lines: Sequence[str]) -> set[int]:
    """The lines that are the letter's date, case number or subject heading, not part of the message."""
    meta: set[int] = set()
    for index in range(len(lines)):
        previous = lines[index - 1].strip() if index else ""
        # "… udviklet sig siden\n1. januar 2020." ends a sentence; a date line above "J.nr. …" does not
        starts_a_line_of_its_own = not previous or _TERMINAL.search(previous) or index - 1 in meta
        if starts_a_line_of_its_own and _is_meta_line(lines, index):
            meta.add(index)
    return meta


def _is_meta_line(lines: Sequence[str], index: int) -> bool:
    """A case-number line, a "Vedr. …" or "Spørgsmål om …" line standing alone, or a date line."""
    line = lines[index]
    if not line.strip() or "?" in line:
        return False
    case = _CASE_NUMBER.search(line)
    if case and len((line[: case.start()] + " " + line[case.end() :]).strip(" .,;:-–()").split()) <= 2:
        return True  # "Sagsnr. 2025-0123456", "Vores j.nr.: 25/1234"
    standing_alone = index + 1 == len(lines) or not lines[index + 1].strip()
    if standing_alone and (_SUBJECT_LINE.match(line) or _subject_heading(line)) and len(line.split()) <= 12:
        return True
    return _date_line(line) is not None


def _is_courtesy(sentence: str) -> bool:
    """Greetings, thanks, pleasantries, a name standing alone, a label like "Baggrund:"."""
    if not re.search(r"[A-Za-zÆØÅæøå]", sentence):
        return True
    if _GREETING.match(sentence) and not _ASKS_FOR_FIGURES.search(sentence):
        return True
    if _THANKS.match(sentence) or _PLEASANTRY.match(sentence):
        return True
    if sentence.rstrip().endswith(":") and len(sentence.split()) <= 2:
        return True
    if _GENERIC_SUBJECT.match(sentence.strip(" .:")):
        return True  # a heading "Spørgsmål til forvaltningen"
    return _name_from(sentence.lstrip("/-–— ")) is not None  # "Sara Andersen", "/Sara"


def _is_request(sentence: str) -> bool:
    """"Jeg beder forvaltningen oplyse antallet af …": a request for information, not about the reply."""
    return (
        _REQUEST.search(sentence) is not None
        and _ABOUT_THE_REPLY.search(sentence) is None
        and _INTRODUCES_QUESTIONS.search(sentence) is None
        and len(sentence.split()) >= 5
        and (_REPORTED_REQUEST.search(sentence) is None or _REQUEST_NOW.search(sentence) is not None)
    )


def _item_kind(marker: str) -> str:
    marker = marker.strip().lower()
    if marker.startswith(("spørgsmål", "spm")):
        return "label"
    if re.match(r"^\(?\d", marker):
        return "number"
    if re.match(r"^\(?[a-h]\)", marker):
        return "letter"
    return "bullet"


def _match_item(line: str) -> re.Match[str] | None:
    match = _ITEM.match(line)
    if not match:
        return None
    if _item_kind(match.group("marker")) == "number" and _DATE_AT_START.match(line):
        return None  # "25. juni 2025" is a date, not item 25
    if not match.group("text").strip() and _item_kind(match.group("marker")) == "bullet":
        return None
    return match


def _list_items(lines: Sequence[str]) -> tuple[list[tuple[_Item, bool]], set[int]]:
    """The list items, each with whether its list asks something (a list of facts, "Baggrund: - …",
    does not), and the indices of the lines the items take up."""
    items: list[_Item] = []
    in_items: set[int] = set()
    current: _Item | None = None
    group = 0
    blank_before = False
    for index, line in enumerate(lines):
        if not line.strip():
            blank_before = True
            if current is not None and current.text:
                current = None
            continue
        match = _match_item(line)
        if match:
            kind = _item_kind(match.group("marker"))
            indent = len(match.group("indent").expandtabs())
            text = _collapse(match.group("text"))
            parent = items[-1] if items and items[-1].group == group else None
            if parent is not None and _is_sub_item(parent, items, kind, indent):
                parent.text = _collapse(f"{parent.text} {match.group('marker').strip()} {text}")
                current = parent
            else:
                if parent is not None and kind != _top_kind(parent, items):
                    group += 1  # "- 900 er måltallet" then "1. Hvor mange …?": two lists
                current = _Item(kind, indent, text, group, index)
                items.append(current)
            in_items.add(index)
            blank_before = False
            continue
        if current is not None and _continues(current, line, blank_before):
            current.text = _join_wrapped(current.text, line)
            in_items.add(index)
        else:
            current = None
            group += 1  # prose between items separates two lists
        blank_before = False

    groups: dict[int, list[_Item]] = {}
    for item in items:
        if item.text:
            groups.setdefault(item.group, []).append(item)
    found: list[tuple[_Item, bool]] = []
    for members in groups.values():
        asks = any(_QUESTION_LIKE.search(item.text) or _is_request(item.text) for item in members)
        found.extend((item, asks) for item in members if not _THANKS.match(item.text))
    return found, in_items


def _is_sub_item(parent: _Item, items: Sequence[_Item], kind: str, indent: int) -> bool:
    """"a) alder b) køn" under "2. Hvordan fordeler de sig på:" belongs to item 2."""
    if kind == _top_kind(parent, items):
        return False
    return indent > parent.indent or parent.text.rstrip().endswith(":")


def _top_kind(item: _Item, items: Sequence[_Item]) -> str:
    """The marker kind of the first item of the list `item` belongs to."""
    return next(i.marker_kind for i in items if i.group == item.group)


def _continues(item: _Item, line: str, blank_before: bool) -> bool:
    """Whether a line without a marker continues the item above it (a wrapped line)."""
    if not item.text:
        return True  # "Spørgsmål 1:" alone on its line, the question below it
    if blank_before:
        return False
    if _GREETING.match(line) or _THANKS.match(line):
        return False
    if not _TERMINAL.search(item.text[-20:]):  # the end only: a long item must not make this quadratic
        return True
    if line.startswith((" ", "\t")) and len(line) - len(line.lstrip()) > item.indent:
        return True
    return line.rstrip().endswith("?")  # "… fleksjob?" / "Og hvor mange …?" on the next line


def _join_wrapped(text: str, line: str) -> str:
    line = _collapse(line)  # `text` is collapsed already: only the new line needs it (linear, not quadratic)
    if re.search(r"[a-zæøå0-9]-$", text[-2:]) and re.match(r"^[a-zæøå]", line):
        return text + line  # "fleksjob-\nordningen" was hyphenated where the line broke
    return f"{text} {line}" if text else line


def _without_lead_in(sentence: str) -> str:
    """"Et opfølgende spørgsmål: Hvor mange …?" → "Hvor mange …?"."""
    match = re.match(r"^([^?:]{1,60}):\s+(?=[A-ZÆØÅ])", sentence)
    if match and len(match.group(1).split()) <= 6 and not _QUESTION_LIKE.match(match.group(1)):
        return sentence[match.end() :]
    return sentence


def _paragraphs(lines: Sequence[str]) -> list[tuple[int, str]]:
    """The paragraphs, each with the index of its first line; a greeting line ends one."""
    paragraphs: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for index, line in enumerate([*lines, ""]):
        if not line.strip() or _GREETING.match(line):
            if current:
                paragraphs.append((start, _collapse(" ".join(current))))
            current = []
            continue
        if not current:
            start = index
        current.append(line.strip())
    return paragraphs


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; "fx.", "bl.a.", "25. juni" and the like do not end one."""
    sentences: list[str] = []
    start = 0
    # Only where a run of punctuation begins, taken whole (possessive): linear even for "????…".
    for match in re.finditer(r"(?<![.!?])[.!?]++[»”\"')\]]*+\s+(?=[«»“\"(]?[A-ZÆØÅ0-9])", paragraph):
        end = match.start()
        before = paragraph[start:end]
        last_word = before.rsplit(None, 1)[-1].lower().rstrip(".") if before.split() else ""
        if paragraph[end] == "." and (last_word in _ABBREVIATIONS or re.fullmatch(r"\d{1,2}|[a-zæøå]", last_word)):
            continue
        sentences.append(paragraph[start : match.end()].strip())
        start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _is_question_sentence(sentence: str) -> bool:
    if not sentence.endswith("?") and not re.search(r"\?[»”\"')\]]+$", sentence):
        return False
    if len(sentence.split()) < 3:
        return False
    if _GREETING.match(sentence) and not _ASKS_FOR_FIGURES.search(sentence):
        return False
    if _PLEASANTRY.match(sentence) or _THANKS.match(sentence):
        return False
    asks_for_figures = re.search(r"\bhvor\s+mange\b|\bantal", sentence, re.IGNORECASE) is not None
    return asks_for_figures or not _ABOUT_THE_REPLY.search(sentence)
