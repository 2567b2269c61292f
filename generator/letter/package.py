"""The .docx as a package: document properties, Word's "marked as final" flag, and byte-stable zips.

Word keeps title, subject and the like in docProps/core.xml, and anything else in
docProps/custom.xml (python-docx reads and writes only the first). The same input must give the
same bytes, so every zip entry gets the letter date as its timestamp.
"""

from __future__ import annotations

import hashlib
import io
import struct
import weakref
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from generator import limits
from generator.caching import Cache
from generator.errors import SvarbrevError
from generator.letter import oxml
from generator.letter.contract import (
    CATEGORY,
    EXAMPLE_DATA_COMMENT,
    EXAMPLE_DATA_VALUE,
    GENERATOR_PREFIX,
    LANGUAGE,
    PROPERTIES,
    STATUS_DRAFT,
    STATUS_FINAL,
)

# What reading a damaged zip raises besides BadZipFile: an unsupported version or compression
# (NotImplementedError), an encrypted member (RuntimeError), a broken stream (zlib.error, EOFError).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError)

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
PROPERTY_SET = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the FMTID Word uses for user-defined properties
MARK_AS_FINAL = PROPERTIES.mark_as_final
GENERATOR_PROPERTY = PROPERTIES.generator
CONTENT_HASH = PROPERTIES.content_hash
_PACKAGE_ENTRIES = ("[Content_Types].xml", "_rels/.rels")  # written from the parts; not part of the hash


@dataclass(frozen=True)
class LetterProperties:
    title: str
    subject: str
    author: str
    case_number: str
    recipient: str
    letter_date: date
    generator: str
    final: bool
    example_data: bool = False  # some figures are synthetic: said in the properties too
    deadline: date | None = None  # the inquiry's answer deadline, written in a draft only

    @property
    def status(self) -> str:
        return STATUS_FINAL if self.final else STATUS_DRAFT


CORE_PROPERTY_LIMIT = 255  # characters python-docx (and Word's core properties) accept


def _fitted(text: str) -> str:
    """A core property cut to what it can hold, with '…' where it was cut (the letter keeps the whole text)."""
    return text if len(text) <= CORE_PROPERTY_LIMIT else text[: CORE_PROPERTY_LIMIT - 1] + "…"


def set_properties(document: DocumentObject, properties: LetterProperties) -> None:
    """Core and custom document properties; dates are the letter date, never "now"."""
    moment = datetime(properties.letter_date.year, properties.letter_date.month, properties.letter_date.day, tzinfo=UTC)
    core = document.core_properties
    core.title = _fitted(properties.title)
    core.subject = _fitted(properties.subject)
    core.author = _fitted(properties.author)
    core.last_modified_by = properties.generator
    core.keywords = _fitted(properties.case_number)
    core.identifier = _fitted(properties.case_number)
    core.category = CATEGORY
    core.content_status = properties.status
    core.comments = ""
    core.language = LANGUAGE
    core.revision = 1
    core.created = core.modified = moment
    custom = {
        PROPERTIES.case_number: properties.case_number,
        PROPERTIES.recipient: properties.recipient,
        PROPERTIES.letter_date: properties.letter_date.isoformat(),
        **({PROPERTIES.deadline: properties.deadline.isoformat()} if properties.deadline and not properties.final else {}),
        PROPERTIES.subject: properties.subject,
        PROPERTIES.generator: properties.generator,
        PROPERTIES.status: properties.status,
        PROPERTIES.content_hash: "",  # filled in by save_stable, once the content is final
    }
    if properties.example_data:
        core.comments = EXAMPLE_DATA_COMMENT
        custom[PROPERTIES.example_data] = EXAMPLE_DATA_VALUE
    set_custom_properties(document, custom, final=properties.final)


def _custom_xml(values: dict[str, str], final: bool) -> bytes:
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    entries: list[tuple[str, str, str]] = [(name, "lpwstr", value) for name, value in values.items()]
    if final:
        entries.append((MARK_AS_FINAL, "bool", "true"))
    for pid, (name, kind, value) in enumerate(entries, start=2):  # Word numbers user properties from 2
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=PROPERTY_SET, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}{kind}").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_custom_properties(document: DocumentObject, values: dict[str, str], final: bool) -> None:
    """Replace docProps/custom.xml with `values` (and Word's final flag when `final`)."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            del package.rels[rel_id]
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, _custom_xml(values, final), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_custom_properties(data: bytes) -> dict[str, str]:
    """The custom properties of a .docx, as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "docProps/custom.xml" not in archive.namelist():
            return {}
        root = etree.fromstring(archive.read("docProps/custom.xml"))
    return {prop.get("name"): (prop[0].text or "") for prop in root.findall(f"{{{CUSTOM_NS}}}property")}


class _StableZipWriter:
    """python-docx's physical package writer, but every entry is stamped `moment`.

    The zip is written here rather than through zipfile, byte for byte as zipfile would write it
    (deflate level 1, no extra fields, Unix permissions 0600), so that a member met before, such as
    the template's styles and theme, is not compressed again for every letter."""

    def __init__(self, stream: io.BytesIO, moment: date) -> None:
        self._stream = stream
        self._directory: list[bytes] = []
        year = max(moment.year, 1980)
        self._dos_time, self._dos_date = 0, (year - 1980) << 9 | moment.month << 5 | moment.day

    def write(self, pack_uri, blob: bytes) -> None:
        self.write_member(pack_uri.membername, blob)

    def write_member(self, name: str, blob: bytes) -> None:
        crc, deflated = _deflated(blob)
        encoded, flags = (name.encode("ascii"), 0) if name.isascii() else (name.encode("utf-8"), _UTF8_NAME)
        sizes = (self._dos_time, self._dos_date, crc, len(deflated), len(blob), len(encoded))
        offset = self._stream.tell()
        self._stream.write(_LOCAL_HEADER.pack(b"PK\x03\x04", _VERSION, 0, flags, zipfile.ZIP_DEFLATED, *sizes, 0) + encoded)
        self._stream.write(deflated)
        entry = _CENTRAL_ENTRY.pack(
            b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, flags, zipfile.ZIP_DEFLATED, *sizes, 0, 0, 0, 0, _PERMISSIONS, offset
        )
        self._directory.append(entry + encoded)

    def close(self) -> None:
        start = self._stream.tell()
        directory = b"".join(self._directory)
        self._stream.write(directory)
        count = len(self._directory)
        self._stream.write(_END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0))


_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL_ENTRY = struct.Struct("<4s4B4HL2L5H2L")  # structCentralDir
_END_RECORD = struct.Struct("<4s4H2LH")  # structEndArchive
_VERSION = 20  # "version needed to extract" for deflate, as zipfile writes it
_UNIX = 3  # made on Unix, so the permissions below are read as Unix ones
_PERMISSIONS = 0o600 << 16
_UTF8_NAME = 0x800


_DEFLATED: Cache[tuple[int, bytes]] = Cache("komprimerede_dele", 64)


def _deflated(blob: bytes) -> tuple[int, bytes]:
    return _DEFLATED.get(blob, _make_deflated, blob)


def _make_deflated(blob: bytes) -> tuple[int, bytes]:
    """CRC-32 and raw deflate of a member, as zipfile computes them; kept for members that recur.

    Level 1: letters are small, and speed matters more than the last kilobyte in batch runs."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    return zlib.crc32(blob), compressor.compress(blob) + compressor.flush()


def save_stable(document: DocumentObject, moment: date) -> bytes:
    """The .docx bytes with fixed timestamps and python-docx's fixed part order; each part is
    serialised once, and the content hash is stamped into docProps/custom.xml before writing."""
    parts = oxml.marshalled_parts(document)
    entries = _part_entries(parts)
    entries = _with_content_hash(entries)
    stream = io.BytesIO()
    writer = _StableZipWriter(stream, moment)
    oxml.write_package_head(writer, document, parts)
    for name, blob in entries:
        writer.write_member(name, blob)
    writer.close()
    return stream.getvalue()


def content_hash(entries: Iterable[tuple[str, bytes]]) -> str:
    """sha256 over the package's content entries (name and bytes), docProps/ left out."""
    digest = hashlib.sha256()
    for name, blob in sorted(entries):
        if not name.startswith("docProps/"):
            digest.update(name.encode("utf-8") + b"\0" + blob + b"\0")
    return digest.hexdigest()


def _part_entries(parts: list[Part]) -> list[tuple[str, bytes]]:
    """Each part's zip member name and bytes (and its relationships), in writing order."""
    entries = []
    for part in parts:
        entries.append((part.partname.membername, _shared_blob(part) if oxml.is_unchanged_part(part) else part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return entries


# The template's parts no letter changes are shared by every letter's copy (oxml.letter_copy): serialised once each.
_SHARED_BLOBS: weakref.WeakKeyDictionary[Part, bytes] = weakref.WeakKeyDictionary()


def _shared_blob(part: Part) -> bytes:
    blob = _SHARED_BLOBS.get(part)
    if blob is None:
        blob = _SHARED_BLOBS[part] = part.blob
    return blob


def _with_content_hash(entries: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The entries with the content hash written into docProps/custom.xml, if there is one."""
    stamped = []
    for name, blob in entries:
        if name == "docProps/custom.xml":
            root = etree.fromstring(blob)
            for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
                if prop.get("name") == CONTENT_HASH:
                    prop[0].text = content_hash(entries)
            blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        stamped.append((name, blob))
    return stamped


def is_svarbrev_letter(data: bytes) -> bool:
    """True when a .docx carries the properties svarbrev writes into its letters (generator and
    content hash), whether or not it was edited since; Word keeps custom properties when saving."""
    try:
        properties = read_custom_properties(data)
    except (*ZIP_ERRORS, etree.XMLSyntaxError, IndexError, KeyError):
        return False
    return CONTENT_HASH in properties and properties.get(GENERATOR_PROPERTY, "").startswith(GENERATOR_PREFIX)


def is_unedited(data: bytes) -> bool:
    """True when a .docx still holds exactly the content svarbrev wrote (per its content hash)."""
    try:
        stored = read_custom_properties(data).get(CONTENT_HASH)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = [(name, archive.read(name)) for name in archive.namelist() if name not in _PACKAGE_ENTRIES]
    except (*ZIP_ERRORS, etree.XMLSyntaxError, KeyError):
        return False
    return bool(stored) and stored == content_hash(entries)


def is_draft_letter(data: bytes) -> bool:
    """True for a letter svarbrev wrote as a draft (its Status property)."""
    return read_custom_properties(data).get(PROPERTIES.status) == STATUS_DRAFT


_PARAGRAPH_STARTS = (b"<w:p>", b"<w:p ", b"<w:p/>")  # a paragraph element, not <w:pPr> or <w:proofErr>


def check_word_package(path: Path, refusal: type[SvarbrevError] = SvarbrevError) -> None:
    """A .docx within what svarbrev reads, checked on the zip before any XML is parsed: its unpacked
    size (a small file may inflate to gigabytes) and its number of paragraphs (five million empty
    ones fit in 44 kB). Not a zip at all is left to python-docx, which says so."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > limits.UNPACKED_DOCX:
                raise refusal(f"dokumentet fylder {unpacked // limits.MB} MB udpakket; grænsen er {limits.UNPACKED_DOCX // limits.MB} MB", file=path)
            if "word/document.xml" in archive.namelist() and _paragraphs(archive) > limits.PARAGRAPHS:
                raise refusal(f"dokumentet har over {limits.PARAGRAPHS:,} afsnit; så mange læser svarbrev ikke".replace(",", "."), file=path)
    except ZIP_ERRORS:
        return  # python-docx says what is wrong with it


def _paragraphs(archive: zipfile.ZipFile) -> int:
    """Paragraph elements in the body, counted in the compressed stream's chunks (linear, no XML)."""
    count, tail = 0, b""
    with archive.open("word/document.xml") as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            count += sum(data.count(start) for start in _PARAGRAPH_STARTS)
            tail = data[-4:]  # shorter than a start: a match is never counted twice
            if count > limits.PARAGRAPHS:
                break
    return count
