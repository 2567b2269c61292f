"""What reading an inquiry yields, and its error."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import SvarbrevError

SUPPORTED_SUFFIXES = (".txt", ".docx", ".eml")


NOT_TAKEN_HEADING = "Ikke taget med som spørgsmål"


class InquiryError(SvarbrevError):
    """The incoming inquiry cannot be read, or holds no questions."""


@dataclass(frozen=True)
class RawInquiry:
    """What was found in an incoming inquiry; None where nothing was found."""

    sender: str | None
    date: datetime.date | None
    subject: str | None
    questions: list[str]
    source: Path
    case_number: str | None = None
    # Sentences of the message that did not become questions (greetings, thanks and the signature
    # left out), so the draft can show them: nothing the sender wrote is dropped without a trace.
    not_taken: list[str] = field(default_factory=list, compare=False)
    text: str = field(default="", compare=False, repr=False)  # the message as read, for showing beside the questions


@dataclass(frozen=True)
class Draft:
    """A drafted question file: its YAML text, the questions in it, and Danish warnings."""

    text: str
    questions: list[str]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Headers:
    """What an e-mail's own headers say; empty for .txt and .docx."""

    sender: str | None = None
    date: datetime.date | None = None
    subject: str | None = None
    forwarded: bool = False  # the subject starts with "VS:", "Fw:" or "Fwd:"
    case_number: str | None = None  # "Sagsnr. …" in the subject
