"""Errors that reach the user as one Danish line: `fejl: FIL linje N: FELT: besked` (with
`linje N, kolonne M` where the column is known, as for YAML syntax errors)."""

from __future__ import annotations

import errno
import unicodedata
from dataclasses import dataclass
from pathlib import Path

LONGEST_LINE = 600  # characters: a refusal quoting a 5.000-character name is still read as one line
LONGEST_NAME = 160  # characters of a file name shown in a refusal; the middle gives way


@dataclass
class SvarbrevError(Exception):
    """A refusal caused by the user's input; carries where it was found."""

    message: str
    file: str | Path | None = None
    line: int | None = None
    field: str | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message as printed by the CLI, without the `fejl: ` prefix."""
        where = []
        if self.file is not None:
            where.append(_shortened(str(self.file), LONGEST_NAME))
        if self.line is not None:
            where.append(f"linje {self.line}" + (f", kolonne {self.column}" if self.column is not None else ""))
        prefix = " ".join(where)
        body = f"{self.field}: {self.message}" if self.field else self.message
        text = f"{prefix}: {body}" if prefix else body
        return _shortened(" ".join(printable(text).split()), LONGEST_LINE)  # always one line a terminal shows as it is

    def __str__(self) -> str:
        return self.one_line()


class QuestionFileError(SvarbrevError):
    """The question file is malformed or names something that does not exist."""


class DataError(SvarbrevError):
    """A data extract or kilder.yaml is malformed."""


class MissingDataError(SvarbrevError):
    """A metric needs figures that the extracts do not hold."""


class TemplateError(SvarbrevError):
    """A Word or text template cannot be used."""


class OutputError(SvarbrevError):
    """The reply cannot be written where asked."""


def printable(text: str) -> str:
    """The text without control, format or direction characters (escape sequences, bidi overrides)."""
    return "".join(character for character in text if unicodedata.category(character)[0] != "C" or character in "\t\n")


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit // 2 - 1] + "…" + text[-(limit // 2) :]


_PATH_PROBLEMS = {
    errno.ELOOP: "stien går i ring (symbolske links, der peger på hinanden)",
    errno.ENAMETOOLONG: "navnet er for langt til filsystemet",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.EISDIR: "er en mappe, ikke en fil",
    errno.ENXIO: "er en enhed, ikke en fil",
    errno.ENODEV: "er en enhed, ikke en fil",
}


def path_problem(error: BaseException) -> SvarbrevError | None:
    """A path the operating system cannot follow, as a refusal naming it; None for anything else.
    The last guard behind every place svarbrev opens a file: a symlink loop or a 300-byte name is
    bad input, never a bug."""
    if isinstance(error, RuntimeError) and str(error).startswith("Symlink loop from "):
        return SvarbrevError(_PATH_PROBLEMS[errno.ELOOP], file=str(error).removeprefix("Symlink loop from ").strip("'"))
    if isinstance(error, OSError) and error.errno in _PATH_PROBLEMS:
        return SvarbrevError(_PATH_PROBLEMS[error.errno], file=error.filename)
    return None


class RegisterError(SvarbrevError):
    """The case register cannot be read or written (another svarbrev's, not a register, busy)."""
