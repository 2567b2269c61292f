"""Errors that reach the user as one Danish line: `fejl: FIL linje N: FELT: besked` (with
`linje N, kolonne M` where the column is known, as for YAML syntax errors)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"linje {self.line}" + (f", kolonne {self.column}" if self.column is not None else ""))
        prefix = " ".join(where)
        body = f"{self.field}: {self.message}" if self.field else self.message
        text = f"{prefix}: {body}" if prefix else body
        return " ".join(text.split())  # always one line

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
