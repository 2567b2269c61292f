"""An e-mail thread → the sender's own message: earlier and forwarded messages, signatures and
disclaimers cut off."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from generator.intake.vocabulary import (
    _DISCLAIMER,
    _FORWARD_SEPARATOR,
    _FROM_LINE,
    _HEADER,
    _HEADER_AFTER_FROM,
    _NOISE_LINE,
    _RULE_LINE,
    _SEPARATOR,
    _SIG_DELIMITER,
    _SIGNATURE,
    _WROTE,
)
from generator.questionfile import clean_text


def _normalise(text: str) -> str:
    """Clean characters and spaces the way the question-file parser does; keep the line structure."""
    text = clean_text(text.replace("\u00a0", " ").replace("\u202f", " "))
    text = re.sub("[\u200b\u200c\u2060\ufeff\u00ad]", "", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def split_earlier_message(text: str) -> tuple[str, str]:
    """The message itself and the earlier message quoted or forwarded below it ("" if none)."""
    own, earlier, _ = _split_earlier(text)
    return own, earlier


def _split_earlier(text: str) -> tuple[str, str, str | None]:
    """The message itself and the earlier message quoted or forwarded below it ("" if none).

    The earlier message starts at a separator ("-----Oprindelig meddelelse-----", "---------- Forwarded
    message ---------"), at "Den … skrev …:", or at a "Fra:" line followed by "Sendt:"/"Til:"/"Emne:"
    when the message has said something before it (a header block at the very top is the message's
    own). Lines quoted with ">" belong to the earlier message wherever they stand.
    """
    lines = text.split("\n")
    seen_content = False
    cut: int | None = None
    drop_marker = False
    kind: str | None = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _SEPARATOR.match(line) and re.search(r"[a-zA-ZæøåÆØÅ]", stripped):
            cut, drop_marker = index, True
            kind = "forward" if _FORWARD_SEPARATOR.search(line) else "reply"
            break
        if seen_content and _RULE_LINE.match(line):
            cut, drop_marker = index, True
            break
        if seen_content and _is_wrote_line(lines, index):
            cut, drop_marker = index, True
            break
        if seen_content and _FROM_LINE.match(line) and any(_HEADER_AFTER_FROM.match(after) for after in lines[index + 1 : index + 6]):
            cut = index
            break
        if stripped and not stripped.startswith(">") and not _HEADER.match(line):
            seen_content = True
    own_lines = lines if cut is None else lines[:cut]
    earlier_lines = [] if cut is None else lines[cut + 1 if drop_marker else cut :]
    own = "\n".join(line for line in own_lines if not line.lstrip().startswith(">"))
    if cut is None:
        # Without a separator the quoted lines are what there is of the earlier message.
        earlier_lines = [line if line.lstrip().startswith(">") else "" for line in own_lines]
        if any(line.strip() for line in earlier_lines):
            kind = "reply"
    earlier = "\n".join(re.sub(r"^\s*(?:>\s?)+", "", line) for line in earlier_lines)
    if cut is not None and kind is None:
        kind = "reply"
    return own, earlier.strip("\n") if earlier.strip() else "", kind


def _is_wrote_line(lines: Sequence[str], index: int) -> bool:
    line = lines[index]
    if not _WROTE.match(line):
        return False
    following = lines[index + 1] if index + 1 < len(lines) else ""
    joined = f"{line} {following}" if not line.rstrip().endswith(":") else line
    return joined.rstrip().endswith(":") and bool(re.search(r"@|\d{1,2}[:.]\d{2}", joined))


@dataclass(frozen=True)
class Message:
    """A message's text read once: cleaned, and cut from the earlier message it quotes or forwards.
    Its lines and body lines are worked out on first use and kept for the readers of metadata and
    questions."""

    text: str  # as given
    own: str  # the message itself (cleaned)
    earlier: str  # the earlier message quoted or forwarded below it ("" if none)
    kind: str | None  # "reply" or "forward" when there is an earlier message

    @classmethod
    def read(cls, text: str) -> Message:
        return cls(text, *_split_earlier(_normalise(text)))

    @cached_property
    def lines(self) -> list[str]:
        return self.own.split("\n")

    @cached_property
    def body_lines(self) -> list[str]:
        """The lines of the message itself, up to the signature, without header lines and noise."""
        return _body_lines(self.lines)


def _body_lines(own_lines: Sequence[str]) -> list[str]:
    kept: list[str] = []
    for line in own_lines:
        if (_SIGNATURE.match(line) and _is_closing(line)) or _SIG_DELIMITER.match(line):
            break
        if _HEADER.match(line) or _NOISE_LINE.match(line):
            kept.append("")
            continue
        kept.append(line)
    return _drop_disclaimers(kept)


def _is_closing(line: str) -> bool:
    """"Med venlig hilsen" as a closing, not "Hilsen fra udvalget er, at …" in a sentence."""
    match = _SIGNATURE.match(line)
    if not match:
        return False
    rest = match.group(1).strip()
    return not rest or (len(rest.split()) <= 5 and "?" not in rest)


def _drop_disclaimers(lines: list[str]) -> list[str]:
    """Blank out paragraphs that are legal or mail-system boilerplate."""
    result = list(lines)
    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or not lines[index].strip():
            paragraph = " ".join(lines[start:index])
            if paragraph.strip() and _DISCLAIMER.search(paragraph) and "?" not in paragraph:
                for position in range(start, index):
                    result[position] = ""
            start = index + 1
    return result


def _collapse(text: str) -> str:
    return " ".join(text.split())
