"""How much svarbrev reads, and how: every input is a regular file under a size limit, read in
one bounded call, so /dev/zero, a FIFO or a huge file is a one-line refusal, never a hang or
an exhausted memory. OS errors are said in Danish."""

from __future__ import annotations

import datetime
import errno
import os
import stat
from pathlib import Path

MB = 1024 * 1024

# The largest file of each kind svarbrev reads (README: "Grænser").
QUESTION_FILE = 2 * MB
RECIPIENT_LIST = 20 * MB
SIDECAR = 50 * MB
INQUIRY = 20 * MB
EXTRACT = 512 * MB
EXTRACT_ROWS = 500_000  # rows of one extract (every municipality, 12 periods of three kinds and four breakdowns: some 82.000)
SOURCES_FILE = 1 * MB
LETTER = 100 * MB

# Texts in a question file, in characters: a question or a header field, and the caseworker's answer.
TEXT_FIELD = 5_000
ANSWER_TEXT = 50_000
RECIPIENT_CELL = 1_000  # a cell of a recipient list
QUESTIONS = 200  # questions in one inquiry or question file
UNPACKED_DOCX = 200 * MB  # a .docx inquiry, unpacked
PARAGRAPHS = 20_000  # paragraphs in one .docx read (an inquiry or a letter): a 100-page report has some 3.000

# Dates in a question file: an inquiry or a letter outside these is a typing error.
EARLIEST_DATE, LATEST_DATE = datetime.date(1990, 1, 1), datetime.date(2099, 12, 31)


class ReadRefused(Exception):
    """A file that is not read, and why (Danish, one line)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; ReadRefused otherwise."""
    try:
        # O_NONBLOCK: opening a FIFO without a writer must not wait for one.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ReadRefused(describe_os_error(error)) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise ReadRefused("er en mappe, ikke en fil")
        if not stat.S_ISREG(info.st_mode):
            raise ReadRefused("er ikke en almindelig fil (fx en enhed eller en FIFO)")
        if info.st_size > limit:
            raise ReadRefused(too_large(info.st_size, limit))
        chunks, size = [], 0
        while chunk := os.read(handle, min(limit + 1 - size, 1 << 20)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise ReadRefused(f"filen er for stor (over {_megabytes(limit)})")
        return b"".join(chunks)
    except OSError as error:
        raise ReadRefused(describe_os_error(error)) from None
    finally:
        os.close(handle)


_REASONS = {
    errno.ENOENT: "filen findes ikke",
    errno.EACCES: "filen kan ikke læses (ingen adgang)",
    errno.EPERM: "filen kan ikke læses (ingen adgang)",
    errno.EISDIR: "er en mappe, ikke en fil",
    errno.ENOTDIR: "en del af stien er en fil, ikke en mappe",
    errno.ELOOP: "stien har for mange symbolske links (en løkke?)",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ENOSPC: "der er ikke mere plads på disken",
    errno.EROFS: "drevet er skrivebeskyttet",
}


def describe_os_error(error: OSError) -> str:
    """An OS error as a Danish reason: 'filen findes ikke', 'navnet er for langt', …"""
    return _REASONS.get(error.errno or -1, f"filen kan ikke læses ({error.strerror or type(error).__name__})")


def too_large(size: int, limit: int) -> str:
    """Why a file of `size` bytes is not read (Danish, one line)."""
    return f"filen er for stor ({_megabytes(size)}; grænsen er {_megabytes(limit)})"


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB".replace(".", ",")
