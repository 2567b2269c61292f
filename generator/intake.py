"""An incoming inquiry (.txt, .docx, .eml) → a drafted question file for the caseworker to review.

`svarbrev ny` reads the inquiry as received, finds who asked, when, about what and the questions,
lets the automatic matcher propose metrics for each question and writes a question file that
follows the README contract. Everything found is a proposal: the reasons are written as comments
next to each question, and whatever could not be found gets a marked placeholder and a warning.
Nothing the sender wrote is dropped without a trace: every sentence that did not become a question
(greetings, thanks and the signature aside) is listed as a comment at the end of the draft, and the
optional `brev` and `data` sections are shown as comments with the values used without them.

Reading is deliberately forgiving (greetings, signatures, disclaimers, quoted replies and
forwarded headers are skipped); the drafted file is always checked with the question-file parser
before it is handed back, so a draft that does not validate is a bug here, not a user error.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import email.utils
import html.parser
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator import limits
from generator.errors import QuestionFileError, SvarbrevError
from generator.limits import ReadRefused, read_bounded
from generator.profile import DEFAULT_DATA_DIR, DEFAULT_TEMPLATE, load_profile
from generator.questionfile import UNKNOWN_SENDER, UNKNOWN_SUBJECT, clean_text, parse_question_file
from generator.rendering.formatting import format_long_date, format_score
from generator.yaml_syntax import double_quoted as _double_quoted
from generator.yaml_syntax import yaml_scalar as _scalar

__all__ = [
    "Draft",
    "InquiryError",
    "RawInquiry",
    "draft_question_file",
    "extract_questions",
    "find_case_number",
    "find_date",
    "find_sender",
    "find_subject",
    "read_inquiry",
]

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


# --- patterns ------------------------------------------------------------------------------------

_MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # English month names, as Outlook writes them in "Sent:" lines
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10, "oct": 10,
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    # 2025-06-25
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), ("y", "m", "d")),
    # 25. juni 2025, 25 jun. 2025, 25.juni 2025
    (re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s*({_MONTH})\.?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE), ("d", "mn", "y")),
    # June 25, 2025
    (re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)", re.IGNORECASE), ("mn", "d", "y")),
    # 25-06-2025, 25.06.2025, 25/06/2025, 25.06.25
    (re.compile(r"(?<![\d.\-/])(\d{1,2})([.\-/])(\d{1,2})\2(\d{4}|\d{2})(?![\d.\-/]\d)"), ("d", "_", "m", "y")),
    # 25/6 2025, 25/6-2025
    (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})[\s-](\d{4})(?!\d)"), ("d", "m", "y")),
)
_DATE_LABEL = re.compile(r"^\s*(?:dato|sendt|date|sent|modtaget|afsendt)\s*:\s*(.*)$", re.IGNORECASE)
_DATE_LINE_FILLER = re.compile(
    r"\b(?:den|d|dato|kl|københavn|kbh|frederiksberg|mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\d{1,2}[:.]\d{2}|[,.:\-–]",
    re.IGNORECASE,
)

_HEADER = re.compile(
    r"^\s*(?:fra|til|cc|bcc|sendt|dato|emne|vedr|vedrørende|angående|ang|subject|from|to|date|sent"
    r"|prioritet|vigtighed|importance|bilag|attachments?|sagsnr|sagsnummer|j\.\s?nr|jnr|journal\s?nr|journalnummer)\s*\.?\s*:",
    re.IGNORECASE,
)
_FROM_LINE = re.compile(r"^\s*(?:fra|from)\s*:\s*(.*)$", re.IGNORECASE)
_HEADER_AFTER_FROM = re.compile(r"^\s*(?:sendt|sent|dato|date|til|to|emne|subject|cc)\s*:", re.IGNORECASE)
_SEPARATOR = re.compile(
    r"^\s*(?:-{2,}|_{2,}|={2,})?\s*(?:oprindelig(?:e)?\s+(?:meddelelse|besked|mail|e-?mail)|original\s+message"
    r"|videresendt\s+(?:meddelelse|besked|mail|e-?mail)|forwarded\s+message|begin\s+forwarded\s+message"
    r"|start\s+på\s+videresendt\s+(?:meddelelse|besked))\s*:?\s*(?:-{2,}|_{2,}|={2,})?\s*$",
    re.IGNORECASE,
)
_FORWARD_SEPARATOR = re.compile(
    r"videresendt|forwarded|begin\s+forwarded|start\s+på\s+videresendt", re.IGNORECASE
)
_FORWARD_PREFIX = re.compile(r"^\s*(?:(?:sv|re|aw)\s*:\s*)*(?:vs|fw|fwd|wg|videresend|videresendt)\s*:", re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(
    r"^\s*(?:emne|subject)\s*:\s*(?:(?:sv|re|aw)\s*:\s*)*(?:vs|fw|fwd|wg)\s*:", re.IGNORECASE | re.MULTILINE
)
_RULE_LINE = re.compile(r"^\s*_{10,}\s*$")
_WROTE = re.compile(r"^\s*(?:den|d\.|on|am|le)\s.{4,200}\b(?:skrev|wrote|schrieb)\b", re.IGNORECASE)
_SIGNATURE = re.compile(
    r"^\s*(?:(?:med\s+)?(?:venlig(?:st)?|venlige|kærlig|kærlige|bedste|mange|de\s+bedste)\s+hils(?:en|ner)"
    r"|hilsen|hilsner|mvh|m\.v\.h|vh|v\.h|kh|bh|kind\s+regards|best\s+regards|regards)\b\.?\s*[,!.]?\s*(.*)$",
    re.IGNORECASE,
)
_SIG_DELIMITER = re.compile(r"^--\s*$")
_GREETING = re.compile(
    r"^\s*(?:kære|hej|hejsa|hey|halløj|goddag|god\s+dag|godmorgen|god\s+morgen|dear|hi|hello)\b[^?]{0,80}$",
    re.IGNORECASE,
)
_NOISE_LINE = re.compile(
    r"^\s*(?:sendt\s+fra\s+min|sent\s+from\s+my|hent\s+outlook|get\s+outlook|outlook\s+til\s+ios"
    r"|\[?ekstern(?:\s+e-?mail)?\]?|\[?external\]?|caution:|obs:\s+denne\s+mail\s+kommer\s+udefra)",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"fortrolig|tavshedspligt|kun\s+beregnet\s+for|modtaget\s+denne\s+(?:e-?mail|mail|besked)\s+ved\s+en\s+fejl"
    r"|hvis\s+du\s+har\s+modtaget\s+denne|confidential|disclaimer|behandler\s+personoplysninger"
    r"|persondatapolitik|tænk\s+på\s+miljøet|please\s+consider\s+the\s+environment",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^\s*(?:(?:på\s+forhånd\s+)?(?:mange\s+|tusind\s+|rigtig\s+mange\s+)?tak\b|jeg\s+ser\s+frem\s+til"
    r"|(?:jeg|vi)\s+(?:vil\s+)?(?:gerne\s+)?(?:sige\s+tak|takke[rs]?)\b"
    r"|vi\s+ser\s+frem\s+til|ha\s+en\s+god|hav\s+en\s+god|god\s+dag|god\s+weekend)",
    re.IGNORECASE,
)
_PLEASANTRY = re.compile(
    r"^\s*(?:hvordan\s+går\s+det|hvordan\s+har\s+du\s+det|har\s+du\s+haft\s+en\s+god|håber\s+du\s+har)", re.IGNORECASE
)
# A question about the reply itself ("Kan I nå at svare inden fredag?"), not about the subject.
_ABOUT_THE_REPLY = re.compile(
    r"\b(?:svar|svare|svaret|svarene|vende\s+tilbage|nå\s+(?:det|at))\b.*\b(?:inden|senest|snarest|hurtigst"
    r"|i\s+morgen|denne\s+uge|næste\s+uge|før\s+mødet|til\s+mødet)\b",
    re.IGNORECASE,
)
# A request phrased as a statement: "Jeg vil også gerne vide, hvor mange …", "Jeg beder forvaltningen
# oplyse antallet af …", "Derudover ønsker jeg en sammenligning med …", "Forvaltningen bedes redegøre for …".
_REQUEST = re.compile(
    r"\b(?:oplys|oplyse|oplyses|redegør|redegøre|redegøres|redegørelse|belys|belyse|belyses|beskriv|beskrive"
    r"|(?:have|få|ønsker|ønskes)\s+(?:\w+\s+){0,3}?(?:oplyst|belyst|beskrevet|uddybet)"
    r"|bede[rs]?\s+(?:\w+\s+){0,3}?om|bedt\s+om"
    r"|ønske[rs]?\s+(?:(?:jeg|vi|også|derfor|desuden|endvidere|gerne)\s+)*(?:at\s+(?:få|vide|se|høre)|en|et|tal|svar|data)"
    r"|vil\s+(?:\w+\s+){0,3}?(?:gerne\s+(?:\w+\s+)?)?(?:vide|høre|bede)|vil\s+(?:\w+\s+){0,3}?gerne\s+(?:have|se|kende|spørge)"
    r"|tænke\s+mig\s+(?:at\s+)?(?:vide|få|se|høre)|efterspørg(?:er|e)|hører\s+gerne|må\s+jeg\s+(?:bede|få))\b",
    re.IGNORECASE,
)
# A sentence that announces the questions rather than asking one: "… følgende spørgsmål:", "Jeg vil gerne
# vide følgende.", "Jeg har et par spørgsmål om …". A request in the same paragraph is part of the lead-in.
_INTRODUCES_QUESTIONS = re.compile(
    r":\s*$|\b(?:følgende|nedenstående)\b[^.?!]{0,30}[.?!]?\s*$|\bspørgsmål(?:ene)?\s+(?:nedenfor|herunder)\b"
    r"|\b(?:følgende|nedenstående|disse|mine|nogle|et\s+par|to|tre|fire|fem)\s+(?:\w+\s+)?spørgsmål\b",
    re.IGNORECASE,
)
_ASKS_FOR_FIGURES = re.compile(r"\b(?:hvor\s+mange|hvordan|hvad|hvilke|hvilken|antal|antallet)\b", re.IGNORECASE)

# List items: "1." "1)" "(1)" "a)" "(a)" "Spørgsmål 1:" "Spm. 2." and bullets.
_ITEM = re.compile(
    r"^(?P<indent>\s*)(?P<marker>(?:spørgsmål|spm\.?)\s*(?:nr\.?\s*)?\d{1,2}\s*[:.)–-]?"
    r"|\(?\d{1,2}[.)]|\(\d{1,2}\)|\(?[a-hA-H]\)"
    r"|[-•*–·▪◦●○■□➢►✓](?=\s))\s*(?P<text>.*)$",
    re.IGNORECASE,
)
_DATE_AT_START = re.compile(rf"^\s*\d{{1,2}}\.\s*(?:{_MONTH})\b|^\s*\d{{1,2}}\.\d", re.IGNORECASE)
_QUESTION_LIKE = re.compile(
    r"\?|^(?:og\s+|samt\s+)?(?:hvor|hvordan|hvad|hvilke|hvilken|hvem|hvornår|hvorfor|er|har|kan|vil|findes|oplys|beskriv"
    r"|angiv|redegør|opgør|antal|antallet|udvikling|udviklingen|fordeling|fordelingen|en\s+oversigt|oversigt"
    r"|sammenligning|tal\s+for|andel|andelen)\b",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[?.!:;)\]»”\"]\s*$")
_ABBREVIATIONS = frozenset(
    "bl.a f.eks fx ca pct nr kl jf jvf evt inkl ekskl mv m.v dvs vedr ang tlf hhv mht pga ift iht mio mia mdr"
    " osv etc m.fl mfl m.m o.l sr st dr hr fr mr mrs prof el bl resp gl vs j.nr jnr sagsnr journalnr"
    .split()
)

_SUBJECT_LABEL = re.compile(
    r"^\s*(?:emne|subject|vedr\.?|vedrørende|ang\.?|angående|om)\s*:\s*(.+)$", re.IGNORECASE
)
_SUBJECT_LINE = re.compile(r"^\s*(?:vedr\.|vedrørende|ang\.|angående)\s+(.+)$", re.IGNORECASE)
_SUBJECT_HEADING = re.compile(
    r"^\s*(?:opfølgende\s+)?(?:spørgsmål|henvendelse|forespørgsel)(?:\s+(?:fra|til)\s+[^?:]{1,60}?)?"
    r"\s+(?:om|vedr\.?|vedrørende|angående|ang\.?)\s+(.+)$",
    re.IGNORECASE,
)
_SUBJECT_IN_PROSE = re.compile(
    r"\b(?:spørgsmål|skriver(?:\s+til\s+(?:jer|dig|forvaltningen))?|henvender\s+mig(?:\s+til\s+(?:jer|dig|forvaltningen))?)"
    r"\s+(?:om|vedr\.|vedrørende|angående)\s+([^,.;:?!()\n]{3,80})",
    re.IGNORECASE,
)
# "Sagsnr. 2025-0123456", "sagsnummeret er 2025-0123456", "J.nr.: 25/01234", "Journalnr. 00.01.00-P20-1-25".
_CASE_NUMBER = re.compile(
    r"\b(?:sags?\s?nr|sagsnummer(?:et)?|j\s?\.\s?nr|jnr|jour\.\s?nr|journal\s?nr|journalnummer(?:et)?)\b\.?\s*:?\s*(?:er\s+)?"
    r"(?P<number>(?:[A-ZÆØÅ]{1,6}-?)?\d(?:[\w./-]*[A-Za-z0-9])?)",
    re.IGNORECASE,
)
# "Henvendelse fra Liv Holm (F) vedr. ressourceforløb": the topic is what follows the marker.
_TOPIC_MARKER = re.compile(r"(?:^|\s)(?:vedr\.?|vedrørende|angående|ang\.)\s*:?\s+(?=\S)", re.IGNORECASE)
# A subject that names no topic ("Emne: Spørgsmål") leaves room for a "Vedr. …" line in the text.
_GENERIC_SUBJECT = re.compile(
    r"^(?:spørgsmål|henvendelse|forespørgsel|opfølgning|politikerspørgsmål|spørgsmål\s+til\s+forvaltningen)$",
    re.IGNORECASE,
)
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:sv|vs|re|fw|fwd|aw|wg|videresend|videresendt)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_TOPIC_PREFIX = re.compile(
    r"^\s*(?:(?:opfølgende\s+)?(?:spørgsmål|henvendelse|forespørgsel)\s+(?:om|vedr\.?|vedrørende|angående|ang\.?)"
    r"|vedr\.?|vedrørende|ang\.|angående)\s*:?\s+",
    re.IGNORECASE,
)
_PROPER_NOUNS = (
    "københav", "danmark", "aarhus", "århus", "odense", "aalborg", "ålborg", "esbjerg", "randers",
    "frederiksberg", "borgerrepræsentation", "folketing", "jobindsats", "star", "bif", "kk",
)

_NAME_TOKEN = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][\w'’.\-]*|[A-ZÆØÅ]\.|(?:von|van|der|de|la|le|da|di|el|al|bin|ibn))$")
_NOT_A_NAME = frozenset(
    "medlem medlemmer borgerrepræsentationen borgerrepræsentation kommune kommunen københavns københavn"
    " forvaltning forvaltningen tlf tlf. telefon mobil mail e-mail email www rådmand borgmester udvalg"
    " udvalget sekretariat sekretariatet afdeling kontor team jobcenter direktør chef konsulent"
    " fuldmægtig specialkonsulent partiet gruppe gruppen rådhuset rådhus venstre socialdemokratiet"
    " enhedslisten alternativet konservative radikale sf liberal alliance dansk folkeparti tak"
    " politikerbetjening politikerbetjeningen postkasse funktionspostkasse beskæftigelses- integrationsforvaltningen"
    " beskæftigelsesforvaltningen administrationen".split()
)


# --- reading -------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class _Headers:
    """What an e-mail's own headers say; empty for .txt and .docx."""

    sender: str | None = None
    date: datetime.date | None = None
    subject: str | None = None
    forwarded: bool = False  # the subject starts with "VS:", "Fw:" or "Fwd:"
    case_number: str | None = None  # "Sagsnr. …" in the subject


def _inquiry_from_text(text: str, headers: _Headers, path: Path) -> RawInquiry:
    own, earlier, kind = _split_earlier(_normalise(text))
    body = _read_body(own)
    meta_text = own
    if earlier:
        forwarded = headers.forwarded or kind == "forward" or _FORWARD_SUBJECT.search(own) is not None
        if forwarded or not body.questions:
            # A forwarded inquiry: the questions are in the forwarded message, not in the note on top.
            earlier_body = _read_body(earlier)
            if earlier_body.questions:
                body, meta_text = earlier_body, earlier
                headers = _Headers(subject=headers.subject, case_number=headers.case_number)
    return RawInquiry(
        sender=find_sender(meta_text) if headers.sender is None else headers.sender,
        date=headers.date or find_date(meta_text),
        subject=headers.subject or find_subject(meta_text),
        questions=body.questions,
        source=path,
        # the forwarding note may carry the case number the forwarded inquiry lacks
        case_number=headers.case_number or find_case_number(meta_text) or find_case_number(text),
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


def _refuse_zip_bomb(path: Path) -> None:
    """A .docx is a zip: refuse one that would unpack to more than svarbrev reads."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # python-docx says what is wrong with it
    if unpacked > limits.UNPACKED_DOCX:
        raise InquiryError(f"dokumentet fylder {unpacked // limits.MB} MB udpakket; grænsen er {limits.UNPACKED_DOCX // limits.MB} MB", file=path)


def _read_docx(path: Path) -> str:
    """Body paragraphs and table cells in document order; list paragraphs get a '• ' marker."""
    import docx  # imported here: reading .txt and .eml does not need python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _refuse_zip_bomb(path)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises zipfile, KeyError, lxml and its own errors
        reason = type(error).__name__
        raise InquiryError(
            f"kan ikke læses som Word-dokument (.docx) ({reason}); åbn den i Word og gem den igen som .docx",
            file=path,
        ) from None

    blocks: list[str] = []
    seen_cells: list[object] = []  # the cell elements themselves: lxml keeps one proxy per live element

    def walk(parent_element, parent) -> None:
        for element in parent_element.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                blocks.append(_docx_paragraph_text(Paragraph(element, parent)))
            elif tag == "tbl":
                table = Table(element, parent)
                for row in table.rows:
                    for cell in row.cells:
                        if any(cell._tc is seen for seen in seen_cells):  # merged cells repeat in row.cells
                            continue
                        seen_cells.append(cell._tc)
                        walk(cell._tc, cell)
            elif tag == "sdt":  # content controls wrap ordinary paragraphs
                content = element.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
                if content is not None:
                    walk(content, parent)

    try:
        walk(document.element.body, document)
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
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    style = paragraph.style
    while style is not None:
        name = (style.name or "").lower()
        if name.startswith(("list bullet", "list number", "listepunkt", "opstilling", "liste")):
            return True
        style_p_pr = style.element.pPr
        if style_p_pr is not None and style_p_pr.numPr is not None:
            return True
        style = style.base_style
    return False


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


# --- text ----------------------------------------------------------------------------------------


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


def _message_lines(text: str) -> list[str]:
    """The lines of the message itself, up to the signature, without header lines and noise."""
    own, _ = split_earlier_message(_normalise(text))
    kept: list[str] = []
    for line in own.split("\n"):
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


# --- questions -----------------------------------------------------------------------------------


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
    return _read_body(text).questions


def _read_body(text: str) -> _Body:
    lines = _message_lines(text)
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


def _collapse(text: str) -> str:
    return " ".join(text.split())


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


# --- sender, date, subject ---------------------------------------------------------------------


def find_sender(text: str) -> str | None:
    """The name under the closing ("Med venlig hilsen" / "Mvh" …), else the name in "Fra:".

    A first name alone under the closing ("Mvh\nHassan") gives way to the full name in "Fra:"
    when that name contains it.
    """
    own, _ = split_earlier_message(_normalise(text))
    lines = own.split("\n")
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


def _name_from_header(value: str) -> str | None:
    """"Hassan Nur Wardere <h@kk.dk>", "Wardere, Hassan Nur", "Sara Andersen (B)", "Navn, titel"."""
    value = re.sub(r"<[^>]*>|\[[^\]]*\]|mailto:\S+", "", value)
    value = re.sub(r"\S+@\S+", "", value).strip(" \"'")
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
    """The inquiry's date: a "Dato:"/"Sendt:" line, else a line that is (mostly) a date."""
    own, _ = split_earlier_message(_normalise(text))
    lines = own.split("\n")
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
    """The subject: "Emne:"/"Vedr.:"/"Subject:", a "Vedr. …" line, a "Spørgsmål om …" heading,
    else "spørgsmål om …" in the text; reply prefixes and "Spørgsmål om" are taken off."""
    own, _ = split_earlier_message(_normalise(text))
    lines = own.split("\n")
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
    message = " ".join(_message_lines(text))
    match = _SUBJECT_IN_PROSE.search(message)
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


# --- drafting ------------------------------------------------------------------------------------


HEADER_LIMIT = 300  # a name, subject or case number longer than this was not read right


def _header_value(text: str | None) -> str | None:
    """A header field on one line; one too long to be a name or a subject counts as not found."""
    value = _single_line(text) if text else None
    return value if value and len(value) <= HEADER_LIMIT else None


def _check_sizes(questions: Sequence[str], path: Path) -> None:
    """The limits a question file has (README: "Grænser"), said before any mapping is done."""
    if len(questions) > limits.QUESTIONS:
        raise InquiryError(f"henvendelsen har {len(questions)} spørgsmål; grænsen er {limits.QUESTIONS} — del den op", file=path)
    for number, question in enumerate(questions, start=1):
        if len(question) > limits.TEXT_FIELD:
            raise InquiryError(
                f"spørgsmål {number} er for langt ({len(question):,} tegn; grænsen er {limits.TEXT_FIELD:,}) — "
                "står spørgsmålene som én lang tekst eller med over 99 numre?".replace(",", "."),
                file=path,
            )


@dataclass(frozen=True)
class Survey:
    """What an inquiry yields before anything is written: the fields found (None where nothing was
    found), the questions with the matcher's proposal for each, and Danish warnings. `svarbrev ny`
    writes it as a question file; the page (`svarbrev web`) shows it for review."""

    source: Path
    sender: str | None
    subject: str | None
    date: datetime.date
    date_found: bool
    case_number: str | None
    questions: list[str]
    results: list  # MappingResult per question
    threshold: float
    not_taken: list[str]
    text: str  # the message as read
    warnings: list[str]  # about the inquiry as a whole
    question_warnings: list[str]  # per question: no metric, or words the figures cannot answer

    @property
    def all_warnings(self) -> list[str]:
        return self.warnings + self.question_warnings


def survey_inquiry(path: Path) -> Survey:
    """Read the inquiry at `path`: who asked, when, about what, the questions and the proposed metrics."""
    from generator.mapping import matcher_for
    from generator.mapping.matcher import Context
    from generator.metrics.catalogue import load_catalogue

    path = Path(path)
    inquiry = read_inquiry(path)
    if not inquiry.questions:
        raise InquiryError(
            "fandt ingen spørgsmål i henvendelsen; spørgsmål skal stå som nummererede punkter, "
            "som punktopstilling eller som sætninger, der slutter med '?'",
            file=path,
        )
    _check_sizes(inquiry.questions, path)
    warnings: list[str] = []
    sender = _header_value(inquiry.sender)
    subject = _header_value(inquiry.subject)
    if not sender:
        warnings.append("fandt ingen afsender; udfyld henvendelse.modtager")
    if not subject:
        warnings.append("fandt intet emne; udfyld henvendelse.emne")
    date = inquiry.date
    if date is None:
        date, where = _fallback_date(path)
        warnings.append(f"fandt ingen dato i henvendelsen; henvendelse.dato er sat til {where} ({date.isoformat()}); ret den")
    if inquiry.not_taken:
        count = len(inquiry.not_taken)
        what = (
            "1 sætning fra henvendelsen blev ikke til et spørgsmål"
            if count == 1
            else f"{count} sætninger fra henvendelsen blev ikke til spørgsmål"
        )
        warnings.append(f"{what}; se listen »{NOT_TAKEN_HEADING}«, og flyt det, der skal besvares, op under spørgsmål")

    matcher = matcher_for(load_catalogue())
    questions = [_single_line(q) for q in inquiry.questions]
    results = []
    question_warnings: list[str] = []
    for number, question in enumerate(questions, start=1):
        result = matcher.match(question, Context(subject or "", tuple(questions[: number - 1]), date))
        results.append(result)
        if result.unhonoured:
            words = ", ".join(f"»{phrase.text}«" for phrase in result.unhonoured)
            question_warnings.append(f"spørgsmål {number}: {words} kan ikke besvares med tallene; skriv et svar eller metrikker")
        elif not result.chosen:
            question_warnings.append(f"spørgsmål {number} fik ingen metrik; skriv et svar, ellers står der [Svar mangler] i brevet")
    return Survey(
        source=path, sender=sender, subject=subject, date=date, date_found=inquiry.date is not None,
        case_number=_header_value(inquiry.case_number), questions=questions, results=results,
        threshold=matcher.threshold, not_taken=list(inquiry.not_taken), text=inquiry.text, warnings=warnings,
        question_warnings=question_warnings,
    )


def leaves_choice_to_matcher(result) -> bool:
    """A proposal the question file leaves to the automatic mapping (no `metrikker`): nothing was
    chosen, or some of the question's words are not answered, so the letter marks them and the final
    version is refused until the caseworker decides."""
    return not result.chosen or bool(result.unhonoured)


def draft_question_file(path: Path) -> Draft:
    """Read the inquiry at `path` and draft a question file that passes the question-file parser."""
    survey = survey_inquiry(path)
    path = survey.source
    today = datetime.date.today()
    lines = [
        f"# Udkast lavet af `svarbrev ny` ud fra {_comment(path.name)} den {format_long_date(today)}. "
        "Gennemgå felterne og metrikkerne.",
    ]
    lines += [f"# OBS: {_comment(warning)}" for warning in survey.warnings]
    sender, subject = survey.sender, survey.subject
    lines += [
        "henvendelse:",
        f"  modtager: {_scalar(sender or UNKNOWN_SENDER)}" + ("" if sender else "  # UDFYLD: afsenderens navn"),
        f"  dato: {survey.date.isoformat()}" + ("" if survey.date_found else "  # RET: henvendelsens dato"),
        f"  emne: {_scalar(subject or UNKNOWN_SUBJECT)}" + ("" if subject else "  # UDFYLD: \"... vedrørende <emne>.\""),
        f"  sagsnummer: {_scalar(survey.case_number)}" if survey.case_number else "  # sagsnummer:  # valgfri; vises i brevhovedet",
        *_settings_stubs(today),
        "spørgsmål:",
    ]
    for question, result in zip(survey.questions, survey.results):
        lines.append(f"  - tekst: {_double_quoted(question)}")
        lines += _mapping_lines(result, survey.threshold)
    lines += _not_taken_lines(survey.not_taken)
    text = "\n".join(lines) + "\n"
    _check_draft(text, path)
    return Draft(text=text, questions=survey.questions, warnings=survey.all_warnings)


def _settings_stubs(today: datetime.date) -> list[str]:
    """The optional `brev` and `data` sections as comments, with the values used when they are left out."""
    try:
        profile = load_profile(DEFAULT_TEMPLATE)
        defaults = [("underskriver", profile.signer), ("titel", profile.title)]
    except SvarbrevError:  # a broken template is reported by `generate`; the draft only shows the keys
        defaults = []
    stubs = [
        ("brev:", "valgfri; fjern '# ' foran de linjer, der skal gælde"),
        (f"  dato: {today.isoformat()}", "brevets dato; standard er den dag, brevet laves"),
        (f"  skabelon: {DEFAULT_TEMPLATE}", "mappe under templates/"),
        *[(f"  {key}: {_scalar(value)}", "standard fra skabelonen") for key, value in defaults],
        ("data:", "valgfri"),
        (f"  mappe: {_scalar(str(DEFAULT_DATA_DIR))}", "datamappen, i forhold til denne fil; standard --data, ellers denne"),
        (f"  udtræk: {today.isoformat()}", "brug udtræk dateret denne dag eller før; standard det nyeste"),
    ]
    width = max(len(stub) for stub, _ in stubs) + 2
    return [f"# {stub:<{width}}# {_comment(note)}" for stub, note in stubs]


def _not_taken_lines(sentences: Sequence[str]) -> list[str]:
    """The sentences that did not become questions, as comments at the end of the draft."""
    if not sentences:
        return []
    return [
        f"# {NOT_TAKEN_HEADING}:",
        "#   (tekst fra henvendelsen, der ikke blev til et spørgsmål; skal noget af den besvares, så skriv den",
        "#   som et punkt under spørgsmål med `- tekst: \"…\"`)",
        *[f"#   - {_comment(sentence)}" for sentence in sentences],
    ]


def proposal_lines(result, threshold: float) -> list[str]:
    """The matcher's proposal for one question in words, one line each: why no metric, each
    suggestion with its score and reason, the parameters read, what is not answered, notes."""
    lines: list[str] = []
    chosen = set(result.chosen)
    if not chosen:
        if result.notes:
            lines += [f"ingen metrik: {_comment(note)}" for note in result.notes]
        elif result.suggestions:
            lines.append(f"ingen metrik: intet forslag nåede tærsklen ({format_score(threshold)})")
        else:
            lines.append("ingen metrik: svarbrev genkendte hverken ordning eller analyse i spørgsmålet")
    for suggestion in result.suggestions:
        below = "" if suggestion.metric in chosen else " (under tærsklen)"
        lines.append(f"{suggestion.metric} ({format_score(suggestion.score)}): {_comment(suggestion.reason)}{below}")
    lines += [f"parametre: {_comment('; '.join(call.reasons[1:]))}" for call in result.calls if len(call.reasons) > 1]
    lines += [f"ikke besvaret: »{_comment(phrase.text)}« — {_comment(phrase.reason)}" for phrase in result.unhonoured]
    if chosen:
        lines += [f"bemærk: {_comment(note)}" for note in result.notes]
    return lines


def _mapping_lines(result, threshold: float) -> list[str]:
    lines = [f"    # {line}" for line in proposal_lines(result, threshold)]
    calls = ", ".join(call.as_yaml() for call in result.calls)
    if not result.chosen:
        lines += ["    # svar: |", "    #   (sagsbehandlerens svar)"]
    elif leaves_choice_to_matcher(result):
        # Left to the automatic mapping, so the letter marks what is not answered and the final
        # version is refused until the caseworker writes `svar` or decides on `metrikker`.
        lines.append(f"    # forslag, når det ubesvarede er afklaret: metrikker: [{calls}]")
    else:
        lines.append(f"    metrikker: [{calls}]")
    return lines


def _check_draft(text: str, path: Path) -> None:
    try:
        parse_question_file(text, path.with_suffix(".yaml").name, path.parent)
    except QuestionFileError as error:  # the draft is ours: a refusal here is a bug in this module
        raise RuntimeError(f"udkastet til spørgsmålsfil er ugyldigt: {error}") from error


def _fallback_date(path: Path) -> tuple[datetime.date, str]:
    try:
        return datetime.date.fromtimestamp(path.stat().st_mtime), "filens dato"
    except (OSError, ValueError, OverflowError):
        return datetime.date.today(), "dags dato"


def _single_line(text: str) -> str:
    return _collapse(clean_text(text))


def _comment(text: str) -> str:
    """Text that can stand after '#' on one line."""
    return _collapse("".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in clean_text(text)))
