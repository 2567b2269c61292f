"""Who wrote, when, about what and under which case number."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from generator.intake.thread import Message, _collapse, _is_closing, _normalise
from generator.intake.vocabulary import (
    _CASE_NUMBER,
    _DATE_LABEL,
    _DATE_LINE_FILLER,
    _DATE_PATTERNS,
    _FROM_LINE,
    _GENERIC_SUBJECT,
    _MONTHS,
    _NAME_TOKEN,
    _NOT_A_NAME,
    _PROPER_NOUNS,
    _REPLY_PREFIX,
    _SIGNATURE,
    _SUBJECT_HEADING,
    _SUBJECT_IN_PROSE,
    _SUBJECT_LABEL,
    _SUBJECT_LINE,
    _TOPIC_MARKER,
    _TOPIC_PREFIX,
)


def find_sender(text: str) -> str | None:
    """The sender's name in a message's text, as `sender_of` finds it."""
    return sender_of(Message.read(text))


def sender_of(message: Message) -> str | None:
    """The name under the closing ("Med venlig hilsen" / "Mvh" …), else the name in "Fra:".

    A first name alone under the closing ("Mvh\nHassan") gives way to the full name in "Fra:"
    when that name contains it.
    """
    lines = message.lines
    signed = _signature_name(lines)
    header = _header_name(lines)
    if signed and header and len(signed.split()) == 1 and signed.casefold() in header.casefold().split():
        return header
    return signed or header


def _signature_name(lines: Sequence[str]) -> str | None:
    for index, line in enumerate(lines):
        match = _SIGNATURE.match(line)
        if not match or not _is_closing(line):
            continue
        same_line = match.group(1).strip(" ,")
        if same_line:
            name = _name_from_header(same_line)
            if name:
                return name
        following = [after.strip() for after in lines[index + 1 : index + 6] if after.strip()]
        if following:
            name = _name_from_header(re.split(r"\s[|–—·]\s|\t", following[0])[0])
            if name:
                return name
    return None


def _header_name(lines: Sequence[str]) -> str | None:
    for line in lines:
        match = _FROM_LINE.match(line)
        if match:
            name = _name_from_header(match.group(1))
            if name:
                return name
    return None


_LONGEST_NAME_LINE = 300  # characters of a line a sender's name is read from


def _name_from_header(value: str) -> str | None:
    """"Hassan Nur Wardere <h@kk.dk>", "Wardere, Hassan Nur", "Sara Andersen (B)", "Navn, titel"."""
    if len(value) > _LONGEST_NAME_LINE:
        return None  # no name; and a regular expression over a 350.000-character line took 40 s
    value = re.sub(r"<[^>]*>|\[[^\]]*\]|mailto:\S+", "", value)
    value = " ".join(word for word in value.split() if "@" not in word).strip(" \"'")  # an address, however written
    if not value:
        return None
    if "," in value:
        first, rest = (part.strip(" \"'") for part in value.split(",", 1))
        if len(first.split()) == 1 and _name_from(rest) and "," not in rest:
            return _name_from(f"{rest} {first}")
        return _name_from(first)
    return _name_from(value)


def _name_from(value: str) -> str | None:
    """The value if it looks like a person's name (1–5 capitalised words), else None."""
    value = re.sub(r"\([^)]*\)", "", value)
    value = _collapse(value.strip(" \"'\t,.;:"))
    if not value or any(char.isdigit() for char in value) or "@" in value or "/" in value:
        return None
    tokens = value.split()
    if not 1 <= len(tokens) <= 5:
        return None
    if any(token.lower().strip(".,") in _NOT_A_NAME for token in tokens):
        return None
    if not all(_NAME_TOKEN.match(token) for token in tokens):
        return None
    if any(len(token) > 1 and token.isupper() and not token.endswith(".") for token in tokens):
        return None  # "BIF Politikerbetjening": an acronym is an organisation, not a person
    if not tokens[0][0].isupper():
        return None
    return value


def find_date(text: str) -> datetime.date | None:
    """The date in a message's text, as `date_of` finds it."""
    return date_of(Message.read(text))


def date_of(message: Message) -> datetime.date | None:
    """The message's date: a "Dato:"/"Sendt:" line, else a line that is (mostly) a date."""
    lines = message.lines
    for line in lines:
        label = _DATE_LABEL.match(line)
        if label:
            found = _first_date(label.group(1))
            if found:
                return found[0]
    for line in lines:
        date = _date_line(line)
        if date:
            return date
    return None


def _date_line(line: str) -> datetime.date | None:
    """The date of a line that is (mostly) a date: "København, den 25. juni 2025"."""
    if "?" in line:
        return None
    found = _first_date(line)
    if not found:
        return None
    date, (start, end) = found
    rest = _DATE_LINE_FILLER.sub(" ", line[:start] + " " + line[end:])
    return date if len(rest.split()) <= 2 else None


def _first_date(text: str) -> tuple[datetime.date, tuple[int, int]] | None:
    best: tuple[datetime.date, tuple[int, int]] | None = None
    for pattern, roles in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            values = dict(zip(roles, match.groups()))
            try:
                year = int(values["y"])
                year = year + 2000 if year < 100 else year
                month = _MONTHS[values["mn"].lower().rstrip(".")] if "mn" in values else int(values["m"])
                date = datetime.date(year, month, int(values["d"]))
            except (KeyError, ValueError):
                continue
            if not 1900 <= date.year <= 2100:
                continue
            if best is None or match.start() < best[1][0]:
                best = (date, match.span())
            break
    return best


def find_subject(text: str) -> str | None:
    """The subject in a message's text, as `subject_of` finds it."""
    return subject_of(Message.read(text))


def subject_of(message: Message) -> str | None:
    """The subject: "Emne:"/"Vedr.:"/"Subject:", a "Vedr. …" line, a "Spørgsmål om …" heading,
    else "spørgsmål om …" in the text; reply prefixes and "Spørgsmål om" are taken off."""
    lines = message.lines
    for pattern in (_SUBJECT_LABEL, _SUBJECT_LINE):
        for line in lines:
            match = pattern.match(line)
            if match and "?" not in line:
                subject = normalise_subject(match.group(1))
                if subject:
                    return subject
    for line in lines:
        match = _subject_heading(line)
        if match:
            subject = normalise_subject(match.group(1))
            if subject:
                return subject
    match = _SUBJECT_IN_PROSE.search(" ".join(message.body_lines))
    if match and len(match.group(1).split()) <= 6:
        return normalise_subject(match.group(1))
    return None


def _subject_heading(line: str) -> re.Match[str] | None:
    """"Spørgsmål vedr. sygedagpenge" standing as a heading, not a sentence introducing a list."""
    match = _SUBJECT_HEADING.match(line)
    if match and "?" not in line and len(line.split()) <= 12 and not line.rstrip().endswith(":"):
        return match
    return None


def find_case_number(text: str | None) -> str | None:
    """The case number after "Sagsnr.", "sagsnummer", "j.nr." or "Journalnr.", else None."""
    match = _CASE_NUMBER.search(text or "")
    return match.group("number") if match else None


def normalise_subject(subject: str | None) -> str | None:
    """"SV: Spørgsmål om Kontanthjælp." → "kontanthjælp"; "Henvendelse fra Liv Holm vedr. X (sagsnr. 1)" → "X";
    None when nothing (or only a word like "Spørgsmål") is left."""
    if not subject:
        return None
    text = _collapse(_normalise(subject))
    text = _collapse(re.sub(r"[(\[]?\s*" + _CASE_NUMBER.pattern + r"\s*[)\]]?", " ", text, flags=re.IGNORECASE))
    text = _REPLY_PREFIX.sub("", text.strip(" -–,;"))
    text = _TOPIC_PREFIX.sub("", text)
    marker = _TOPIC_MARKER.search(text)
    if marker and marker.end() < len(text):
        text = text[marker.end() :]
    text = _REPLY_PREFIX.sub("", text).strip(" \"'«»“”.,;:-–")
    if not text or _GENERIC_SUBJECT.match(text):
        return None
    return _lower_first_where_natural(text)


def _lower_first_where_natural(text: str) -> str:
    """"Data på fleksjob" → "data på fleksjob"; "Københavns Kommune som arbejdsgiver" stays."""
    tokens = text.split()
    first = tokens[0]
    if not (first[0].isupper() and (len(first) == 1 or first[1:].islower() or "-" in first)):
        return text  # "KK", "6-byerne", "ABC-ordningen": leave as written
    if first.lower().startswith(_PROPER_NOUNS):
        return text
    if len(tokens) > 1 and tokens[1][:1].isupper():
        return text  # "Københavns Kommune", "Jobcenter København": a name
    return first[0].lower() + first[1:] + text[len(first) :]
