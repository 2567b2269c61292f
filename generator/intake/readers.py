"""An inquiry file (.txt, .docx, .eml) → its text and headers → a RawInquiry."""

from __future__ import annotations

import datetime
import email
import email.policy
import email.utils
import html.parser
import re
from pathlib import Path

from generator import limits
from generator.intake.metadata import _name_from, date_of, find_case_number, normalise_subject, sender_of, subject_of
from generator.intake.model import SUPPORTED_SUFFIXES, InquiryError, RawInquiry, _Headers
from generator.intake.questions import read_body
from generator.intake.thread import Message
from generator.intake.vocabulary import _FORWARD_PREFIX, _FORWARD_SUBJECT, _ITEM
from generator.letter.oxml import has_numbering, paragraphs_in_reading_order
from generator.limits import ReadRefused, read_bounded


def read_inquiry(path: Path) -> RawInquiry:
    """Read an inquiry as received and find its sender, date, subject and questions."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InquiryError(_unsupported_message(suffix), file=path)
    _check_readable(path)
    if suffix == ".eml":
        messages = _read_eml(path)
        inquiry = _inquiry_from_text(messages[0][1], messages[0][0], path)
        for headers, body in messages[1:]:  # a message forwarded as an attachment
            if inquiry.questions:
                break
            inquiry = _inquiry_from_text(body, headers, path)
        return inquiry
    body = _read_docx(path) if suffix == ".docx" else _read_txt(path)
    return _inquiry_from_text(body, _Headers(), path)


def _inquiry_from_text(text: str, headers: _Headers, path: Path) -> RawInquiry:
    thread = Message.read(text)
    # The message the metadata and questions are read from, each part read once.
    message = Message.read(thread.own)
    body = read_body(message)
    if thread.earlier:
        forwarded = headers.forwarded or thread.kind == "forward" or _FORWARD_SUBJECT.search(thread.own) is not None
        if forwarded or not body.questions:
            # A forwarded inquiry: the questions are in the forwarded message, not in the note on top.
            earlier = Message.read(thread.earlier)
            earlier_body = read_body(earlier)
            if earlier_body.questions:
                body, message = earlier_body, earlier
                headers = _Headers(subject=headers.subject, case_number=headers.case_number)
    return RawInquiry(
        sender=sender_of(message) if headers.sender is None else headers.sender,
        date=headers.date or date_of(message),
        subject=headers.subject or subject_of(message),
        questions=body.questions,
        source=path,
        # the forwarding note may carry the case number the forwarded inquiry lacks
        case_number=headers.case_number or find_case_number(message.text) or find_case_number(text),
        not_taken=body.not_taken,
        text=text,
    )


def _unsupported_message(suffix: str) -> str:
    written = suffix or "uden endelse"
    hints = {
        ".doc": "gem den som .docx i Word",
        ".msg": "gem e-mailen som .eml (eller kopiér teksten til en .txt-fil)",
        ".pdf": "kopiér teksten til en .txt-fil",
        ".rtf": "gem den som .docx i Word",
        ".odt": "gem den som .docx",
    }
    hint = hints.get(suffix, "gem henvendelsen som .txt, .docx eller .eml")
    return f"filtypen {written} understøttes ikke af `svarbrev ny` (brug .txt, .docx eller .eml); {hint}"


def _check_readable(path: Path) -> None:
    if path.is_dir():
        raise InquiryError("er en mappe, ikke en fil", file=path)
    if not path.exists():
        raise InquiryError("filen findes ikke", file=path)


def _read_bytes(path: Path) -> bytes:
    try:
        return read_bounded(path, limits.INQUIRY)
    except ReadRefused as refused:
        raise InquiryError(refused.reason, file=path) from None


def _read_txt(path: Path) -> str:
    return _decode_text(_read_bytes(path), path)


def _decode_text(raw: bytes, path: Path | None = None) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 as Notepad saves it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InquiryError("teksten begynder som UTF-16, men er ikke gyldig UTF-16 (et ulige antal bytes?); gem den igen som UTF-8", file=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _read_docx(path: Path) -> str:
    """Body paragraphs and table cells in document order; list paragraphs get a '• ' marker."""
    import docx  # imported here: reading .txt and .eml does not need python-docx

    from generator.letter.package import check_word_package

    check_word_package(path, InquiryError)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises zipfile, KeyError, lxml and its own errors
        reason = type(error).__name__
        raise InquiryError(
            f"kan ikke læses som Word-dokument (.docx) ({reason}); åbn den i Word og gem den igen som .docx",
            file=path,
        ) from None

    try:
        blocks = [_docx_paragraph_text(paragraph) for paragraph in paragraphs_in_reading_order(document)]
    except Exception as error:
        raise InquiryError(f"Word-dokumentet kan ikke læses ({type(error).__name__})", file=path) from None
    return "\n\n".join(block for block in blocks if block.strip())


def _docx_paragraph_text(paragraph) -> str:
    text = paragraph.text
    if not text.strip():
        return ""
    if _is_docx_list_item(paragraph) and not _ITEM.match(text):
        return f"• {text.strip()}"
    return text


def _is_docx_list_item(paragraph) -> bool:
    """A numbered or bulleted paragraph: Word keeps the number or bullet out of the text."""
    style = paragraph.style
    while style is not None:
        name = (style.name or "").lower()
        if name.startswith(("list bullet", "list number", "listepunkt", "opstilling", "liste")):
            return True
        style = style.base_style
    return has_numbering(paragraph)


def _read_eml(path: Path) -> list[tuple[_Headers, str]]:
    """The e-mail's From display name, Date, Subject and text (plain, else HTML as text), followed
    by the same for every message attached to it (a mail forwarded as an attachment)."""
    raw = _read_bytes(path)
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception as error:
        raise InquiryError(f"kan ikke læses som e-mail (.eml) ({type(error).__name__})", file=path) from None
    if not message.keys():  # no headers at all: a text saved with the wrong ending
        return [(_Headers(), _decode_text(raw, path))]
    messages = [(_eml_headers(message), _eml_body(message))]
    for part in message.walk():
        if part.get_content_type() == "message/rfc822":
            for attached in part.iter_parts():
                messages.append((_eml_headers(attached), _eml_body(attached)))
    messages = [(headers, body) for headers, body in messages if body is not None]
    if not messages:
        raise InquiryError("e-mailen har ingen tekst (hverken text/plain eller text/html)", file=path)
    return messages  # type: ignore[return-value]


def _eml_headers(message) -> _Headers:
    subject = _header_text(message, "Subject")
    return _Headers(
        sender=_eml_sender(message),
        date=_eml_date(message),
        subject=normalise_subject(subject),
        forwarded=_FORWARD_PREFIX.match(subject) is not None,
        case_number=find_case_number(subject),
    )


def _header_text(message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a malformed header the policy cannot parse
        return ""
    return str(value) if value is not None else ""


def _eml_sender(message) -> str | None:
    try:
        header = message.get("From")
        addresses = getattr(header, "addresses", ()) if header is not None else ()
        names = [address.display_name for address in addresses if address.display_name]
    except Exception:
        names = []
    if not names:
        name, _ = email.utils.parseaddr(_header_text(message, "From"))
        names = [name] if name else []
    for name in names:
        found = _name_from(name)
        if found:
            return found
    return None


def _eml_date(message) -> datetime.date | None:
    try:
        header = message.get("Date")
        when = getattr(header, "datetime", None)
    except Exception:
        when = None
    if when is None:
        try:
            when = email.utils.parsedate_to_datetime(_header_text(message, "Date"))
        except (TypeError, ValueError, IndexError):
            return None
    return when.date() if when else None


def _eml_body(message) -> str | None:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None:
        return None
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AttributeError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("latin-1")
    if not isinstance(content, str):
        return None
    return html_to_text(content) if part.get_content_subtype() == "html" else content


class _HtmlText(html.parser.HTMLParser):
    """Text of an HTML mail body: block elements become line breaks, quoted replies are skipped."""

    BLOCKS = frozenset("p div br tr h1 h2 h3 h4 h5 h6 table ul ol hr pre blockquote".split())
    SKIP = frozenset("style script head title".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping) for elements that open a skip

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").lower()
        ident = (attributes.get("id") or "").lower()
        skipping = (
            tag in self.SKIP
            or tag == "blockquote"
            or "gmail_quote" in classes
            or ident in ("divrplyfwdmsg", "appendonsend")
        )
        if tag not in ("br", "hr", "img", "meta", "link", "input"):
            self.stack.append((tag, skipping))
            if skipping:
                self.skip_depth += 1
        if tag == "hr" and ident == "stopspelling":
            self.parts.append("\n-----Oprindelig meddelelse-----\n")
        if tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li" and not self.skip_depth:
            self.parts.append("\n• ")

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                for _, skipping in self.stack[index:]:
                    if skipping:
                        self.skip_depth -= 1
                del self.stack[index:]
                break
        if tag in self.BLOCKS or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(markup: str) -> str:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    return "\n".join(line.strip() for line in text.splitlines())
