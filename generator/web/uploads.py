"""What an uploaded file is, told from its content, never from its name.

An inquiry arrives as a Word document (a zip with word/document.xml), an e-mail (.eml: RFC 822
header lines first), or plain text; a question file is YAML with `henvendelse:` and `spørgsmål:`.
A reply to check is a Word document, its sidecar JSON. Anything else is refused in one Danish line.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from generator.errors import SvarbrevError

DOCX, EML, TXT, QUESTION_FILE = "docx", "eml", "txt", "yaml"
KIND_NAMES = {DOCX: "Word-dokument", EML: "e-mail (.eml)", TXT: "tekst", QUESTION_FILE: "spørgsmålsfil"}

_ZIP_MAGIC = b"PK\x03\x04"
_UNKNOWN_BINARY = "en ukendt filtype"
_BINARY_MAGIC = {
    b"%PDF": "en PDF", b"\xd0\xcf\x11\xe0": "et gammelt Word/Office-dokument (.doc); gem det som .docx",
    b"\x89PNG": "et billede", b"\xff\xd8\xff": "et billede", b"GIF8": "et billede", b"MZ": "et program",
    b"\x7fELF": "et program", b"\x1f\x8b": "et komprimeret arkiv",
}
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,40}:[ \t]")
_MAIL_HEADERS = re.compile(rb"^(?:from|to|subject|date|message-id|mime-version|received|return-path|content-type):", re.IGNORECASE)
_QUESTION_FILE_KEYS = (re.compile(r"^henvendelse\s*:", re.MULTILINE), re.compile(r"^spørgsmål\s*:", re.MULTILINE))


class UploadRefused(SvarbrevError):
    """An upload svarbrev does not take."""


def sniff_inquiry(content: bytes) -> str:
    """DOCX, EML, TXT or QUESTION_FILE; refuses other content."""
    if not content.strip():
        raise UploadRefused("filen er tom")
    if content.startswith(_ZIP_MAGIC):
        _require_word(content)
        return DOCX
    text = _text_or_refuse(content)
    if all(pattern.search(text) for pattern in _QUESTION_FILE_KEYS):
        return QUESTION_FILE
    if _looks_like_mail(content):
        return EML
    return TXT


def sniff_reply(content: bytes) -> None:
    """Refuses anything but a Word document."""
    if not content.startswith(_ZIP_MAGIC):
        raise UploadRefused(f"svarbrevet skal være et Word-dokument (.docx), men filen er {_what(content)}")
    _require_word(content)


def sniff_sidecar(content: bytes) -> None:
    """Refuses anything but a JSON object (the .tal.json written with the letter)."""
    try:
        value = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise UploadRefused("sidefilen skal være den .tal.json, der blev skrevet med brevet (filen er ikke JSON)") from None
    except RecursionError:
        raise UploadRefused("sidefilen er for dybt indlejret til at være en svarbrev-sidefil") from None
    if not isinstance(value, dict):
        raise UploadRefused("sidefilen skal være den .tal.json, der blev skrevet med brevet")


def _require_word(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, RuntimeError, EOFError):
        raise UploadRefused("filen ligner et Word-dokument, men kan ikke åbnes (ødelagt zip)") from None
    if "word/document.xml" not in names:
        raise UploadRefused("filen er et zip-arkiv, men ikke et Word-dokument (.docx)")


def _decoded(content: bytes) -> str:
    """An uploaded text: UTF-8 (with or without BOM), else Windows-1252 as old Windows files are."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _text_or_refuse(content: bytes) -> str:
    what = _binary_kind(content)
    if what is not None:
        kind = "ikke tekst" if what == _UNKNOWN_BINARY else what
        raise UploadRefused(f"filen er {kind}; svarbrev læser .docx, .eml, tekst og spørgsmålsfiler (.yaml)")
    return _decoded(content)


def _looks_like_mail(content: bytes) -> bool:
    """RFC 822: header lines first, at least two of them known mail headers."""
    head = content.lstrip(b"\xef\xbb\xbf").split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    lines = [line for line in head.splitlines() if line and not line[:1].isspace()]
    if not lines or not all(_HEADER_LINE.match(line) for line in lines):
        return False
    return sum(bool(_MAIL_HEADERS.match(line)) for line in lines) >= 2


def _what(content: bytes) -> str:
    return _binary_kind(content) or "tekst"


def _binary_kind(content: bytes) -> str | None:
    """What a file that is not text is ("en PDF", …), or None for text."""
    for magic, what in _BINARY_MAGIC.items():
        if content.startswith(magic):
            return what
    return _UNKNOWN_BINARY if b"\x00" in content[:8192] else None
