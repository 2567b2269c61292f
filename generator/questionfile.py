"""Reads and checks a question file: the Danish YAML saying whom to answer, what, from which data.

The file is composed (not loaded) with PyYAML so that every value keeps its source line and is
taken as the text the user wrote; this module converts by schema. Every refusal is a
`QuestionFileError` naming file, line and field path: `spm.yaml linje 4: henvendelse.dato: ...`.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import limits
from generator.errors import QuestionFileError
from generator.limits import ReadRefused, read_bounded
from generator.metrics.calls import PARAMETERS as CALL_PARAMETERS
from generator.yaml_syntax import YamlSyntaxError, compose_yaml

__all__ = [
    "CallSpec",
    "DataSettings",
    "Inquiry",
    "LetterSettings",
    "Question",
    "QuestionFile",
    "clean_text",
    "load_question_file",
    "parse_question_file",
]

# The keys each section allows, in the order messages list them; True where the key is required.
TOP_KEYS = {"henvendelse": True, "brev": False, "data": False, "spørgsmål": True}
INQUIRY_KEYS = {"modtager": False, "modtagere": False, "dato": True, "emne": True, "sagsnummer": False}
LETTER_KEYS = {"dato": False, "skabelon": False, "underskriver": False, "titel": False, "underskrift": False}
DATA_KEYS = {"mappe": False, "udtræk": False}
TEMPLATE_NAME = re.compile(r"[A-Za-z0-9ÆØÅæøå][A-Za-z0-9ÆØÅæøå_-]{0,63}")  # a folder name, no path
# What `svarbrev ny` writes where it cannot tell ("[emne]", "[ukendt afsender]"); a final letter refuses it.
UNKNOWN_SENDER = "[ukendt afsender]"
UNKNOWN_SUBJECT = "[emne]"
PLACEHOLDER = re.compile(r"\[(?:ukendt afsender|emne|udfyld[^\]]*|sagsnummer|modtager|dato)\]", re.IGNORECASE)
QUESTION_KEYS = {"tekst": True, "svar": False, "metrikker": False}
CALL_KEYS = {"id": True, **{key: False for key in CALL_PARAMETERS}}

_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_NULL_TAG = "tag:yaml.org,2002:null"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Characters PyYAML's reader refuses outright; clean_text would drop them anyway.
_UNREADABLE_BY_YAML = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_XML_NONCHARACTERS = frozenset("\ufffe\uffff")


@dataclass(frozen=True)
class CallSpec:
    """One item of `metrikker` as written: a metric id, optionally with parameters."""

    metric_id: str
    parameters: dict[str, str | list[str]]  # Danish keys (område, periode, …) → text or list of texts
    line: int
    parameter_lines: dict[str, int]
    field: str  # e.g. "spørgsmål[2].metrikker[1]"


@dataclass(frozen=True)
class Question:
    """One item of `spørgsmål`."""

    number: int  # 1-based position in spørgsmål
    text: str
    answer: str | None  # the caseworker's `svar`, None if absent or empty
    calls: tuple[CallSpec, ...] | None  # None when `metrikker` is absent or empty (null)
    line: int
    field: str  # e.g. "spørgsmål[2]"

    @property
    def metric_ids(self) -> tuple[str, ...] | None:
        return None if self.calls is None else tuple(call.metric_id for call in self.calls)


@dataclass(frozen=True)
class Inquiry:
    """The `henvendelse` section: who asked, when, about what."""

    recipient: str  # empty when `recipients` names a list
    date: datetime.date
    subject: str
    case_number: str | None
    recipients: Path | None = None  # `modtagere`: a CSV with one reply per row (svarbrev batch)
    recipients_line: int | None = None


@dataclass(frozen=True)
class LetterSettings:
    """The optional `brev` section."""

    date: datetime.date | None
    template: str | None
    signer: str | None
    title: str | None
    signature: Path | None = None  # an image, resolved against the question file's folder
    signature_line: int | None = None
    template_line: int | None = field(default=None, compare=False)  # where `skabelon` stands, for messages


@dataclass(frozen=True)
class DataSettings:
    """The optional `data` section; `folder` is resolved against the question file's folder."""

    folder: Path | None
    folder_line: int | None
    extract_date: datetime.date | None


@dataclass(frozen=True)
class QuestionFile:
    """A question file that has passed every check of this module."""

    path: Path
    display_name: str  # the path as the caller gave it, used in messages
    inquiry: Inquiry
    letter: LetterSettings
    data: DataSettings
    questions: tuple[Question, ...]


class _Refusal(Exception):
    """A QuestionFileError before the file name is known."""

    def __init__(self, message: str, line: int | None = None, field: str | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field
        self.column = column


@dataclass(frozen=True)
class _Entry:
    """One key of a mapping with its value node."""

    key_line: int
    value: yaml.Node


@dataclass(frozen=True)
class _Section:
    """A YAML mapping whose keys have been checked against the allowed ones."""

    field: str  # key path of the mapping itself; "" for the top level
    line: int
    entries: dict[str, _Entry]

    def path(self, name: str) -> str:
        """The key path of one of its fields."""
        return f"{self.field}.{name}" if self.field else name

    def get(self, name: str) -> _Entry | None:
        return self.entries.get(name)

    def require(self, name: str) -> _Entry:
        """The entry, or a refusal saying it is missing."""
        entry = self.entries.get(name)
        if entry is None:
            raise _Refusal("mangler", self.line, self.path(name))
        return entry


# --- text ---------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Normalise line breaks and tabs, drop control and XML-invalid characters, NFC-normalise.

    Nothing is interpreted: `{{ 7*7 }}`, `{% raw %}` and `<&>` stay as written.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = "".join(char for char in text if _is_kept(char))
    return unicodedata.normalize("NFC", kept)


def _is_kept(char: str) -> bool:
    if char == "\n":
        return True
    if char in _XML_NONCHARACTERS:
        return False
    return unicodedata.category(char) not in ("Cc", "Cs")


# --- entry points -------------------------------------------------------------------------------


def load_question_file(path: str | Path) -> QuestionFile:
    """Read, parse and check the question file at `path`."""
    display_name = str(path)
    file_path = Path(path)
    source = _read_source(file_path, display_name)
    return parse_question_file(source, display_name, file_path.parent)


def parse_question_file(source: str, display_name: str, base_dir: Path) -> QuestionFile:
    """Parse and check question-file text; `base_dir` is the folder relative paths start from."""
    try:
        return _build(_compose(source), display_name, Path(base_dir))
    except _Refusal as refusal:
        raise QuestionFileError(
            refusal.message, file=display_name, line=refusal.line, field=refusal.field, column=refusal.column
        ) from None


def _read_source(file_path: Path, display_name: str) -> str:
    """The file's text; refuses missing, unreadable and non-UTF-8 files."""
    try:
        raw = read_bounded(file_path, limits.QUESTION_FILE)
    except ReadRefused as refused:
        raise QuestionFileError(refused.reason, file=display_name) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = raw[error.start]
        message = f"filen er ikke UTF-8 (byte {error.start + 1} er 0x{bad:02X}); gem den som UTF-8"
        raise QuestionFileError(message, file=display_name) from None


def _compose(source: str) -> yaml.Node:
    """The YAML node tree of the whole file; refuses bad syntax and empty files."""
    text = _UNREADABLE_BY_YAML.sub("", source)
    try:
        root = compose_yaml(text)
    except YamlSyntaxError as error:
        raise _Refusal(error.message, error.line, column=error.column) from None
    if root is None or _is_null(root):
        raise _Refusal("filen er tom; den skal mindst indeholde henvendelse og spørgsmål")
    return root


# --- structure ----------------------------------------------------------------------------------


def _build(root: yaml.Node, display_name: str, base_dir: Path) -> QuestionFile:
    top = _read_top(root)
    return QuestionFile(
        path=Path(display_name),
        display_name=display_name,
        inquiry=_read_inquiry(top, base_dir),
        letter=_read_letter(top, base_dir),
        data=_read_data(top, base_dir),
        questions=_read_questions(top),
    )


def _read_top(root: yaml.Node) -> _Section:
    if not isinstance(root, yaml.MappingNode):
        raise _Refusal(
            f"filen skal bestå af felter (henvendelse:, spørgsmål: ...), men er {_kind(root)}",
            _line(root),
        )
    return _read_section(root, "", _line(root), TOP_KEYS)


def _read_inquiry(top: _Section, base_dir: Path) -> Inquiry:
    section = _required_section(top, "henvendelse", INQUIRY_KEYS)
    recipients = _optional_text(section, "modtagere")
    if recipients and section.get("modtager") is not None:
        raise _Refusal("angiv enten modtager eller modtagere, ikke begge", _value_line(section.require("modtagere")), section.path("modtagere"))
    return Inquiry(
        recipient="" if recipients else _required_text(section, "modtager"),
        date=_required_date(section, "dato"),
        subject=_required_text(section, "emne"),
        case_number=_optional_text(section, "sagsnummer"),
        recipients=_resolve_path(recipients, base_dir) if recipients else None,
        recipients_line=_value_line(section.require("modtagere")) if recipients else None,
    )


def _read_letter(top: _Section, base_dir: Path) -> LetterSettings:
    section = _optional_section(top, "brev", LETTER_KEYS)
    signature = _optional_text(section, "underskrift")
    template = _optional_text(section, "skabelon")
    if template is not None and not TEMPLATE_NAME.fullmatch(template):
        # Only a folder directly under the templates folder: never a path to a foreign brev.docx.
        raise _Refusal(f"ukendt skabelon '{template}': angiv navnet på en mappe under templates/, fx direktionen", _value_line(section.require("skabelon")), section.path("skabelon"))
    return LetterSettings(
        date=_optional_date(section, "dato"),
        template=template,
        template_line=_value_line(section.require("skabelon")) if template else None,
        signer=_optional_text(section, "underskriver"),
        title=_optional_text(section, "titel"),
        signature=_resolve_path(signature, base_dir) if signature else None,
        signature_line=_value_line(section.require("underskrift")) if signature else None,
    )


def _read_data(top: _Section, base_dir: Path) -> DataSettings:
    section = _optional_section(top, "data", DATA_KEYS)
    folder = _optional_text(section, "mappe")
    return DataSettings(
        folder=_resolve_path(folder, base_dir) if folder else None,
        folder_line=_value_line(section.require("mappe")) if folder else None,
        extract_date=_optional_date(section, "udtræk"),
    )


def _resolve_path(folder: str, base_dir: Path) -> Path:
    """An absolute path as written; a relative one joined to `base_dir` and normalised."""
    path = Path(folder)
    return path if path.is_absolute() else (base_dir / path).resolve()


def _read_questions(top: _Section) -> tuple[Question, ...]:
    entry = top.require("spørgsmål")
    node = entry.value
    field = top.path("spørgsmål")
    if _is_null(node):
        raise _Refusal("skal indeholde mindst ét spørgsmål", entry.key_line, field)
    _check_tag(node, field)
    if not isinstance(node, yaml.SequenceNode):
        message = "skal være en liste af spørgsmål (linjer der starter med '- ')"
        raise _Refusal(message, _line(node), field)
    if not node.value:
        raise _Refusal("skal indeholde mindst ét spørgsmål", _line(node), field)
    return tuple(_read_question(item, number) for number, item in enumerate(node.value, start=1))


def _read_question(node: yaml.Node, number: int) -> Question:
    field = f"spørgsmål[{number}]"
    _check_tag(node, field)
    if not isinstance(node, yaml.MappingNode):
        allowed = ", ".join(QUESTION_KEYS)
        raise _Refusal(f"skal være en sektion med felter ({allowed})", _line(node), field)
    section = _read_section(node, field, _line(node), QUESTION_KEYS)
    return Question(
        number=number,
        text=_required_text(section, "tekst"),
        answer=_optional_text(section, "svar"),
        calls=_read_metrics(section),
        line=section.line,
        field=field,
    )


def _read_metrics(section: _Section) -> tuple[CallSpec, ...] | None:
    """The metric calls as written; None when `metrikker` is absent or null."""
    entry = section.get("metrikker")
    if entry is None or _is_null(entry.value):
        return None
    node = entry.value
    field = section.path("metrikker")
    _check_tag(node, field)
    if not isinstance(node, yaml.SequenceNode):
        raise _Refusal("skal være en liste, fx [fleksjob.antal]", _line(node), field)
    return tuple(_metric_call(item, f"{field}[{index}]") for index, item in enumerate(node.value, start=1))


def _metric_call(node: yaml.Node, field: str) -> CallSpec:
    """`fleksjob.antal`, or `{id: fleksjob.antal, område: Vejle, opdeling: [køn]}`."""
    _check_tag(node, field)
    if isinstance(node, yaml.MappingNode):
        section = _read_section(node, field, _line(node), CALL_KEYS)
        parameters = {name: _parameter_value(entry.value, section.path(name)) for name, entry in section.entries.items() if name != "id"}
        lines = {name: _value_line(entry) for name, entry in section.entries.items()}
        return CallSpec(_required_text(section, "id"), parameters, _line(node), lines, field)
    text = _scalar_text(node, field)
    if not text:
        raise _Refusal("må ikke være tom", _line(node), field)
    return CallSpec(text, {}, _line(node), {}, field)


def _parameter_value(node: yaml.Node, field: str) -> str | list[str]:
    """A parameter as written: one text, or a list of texts."""
    _check_tag(node, field)
    if isinstance(node, yaml.SequenceNode):
        return [_scalar_text(item, field) for item in node.value]
    text = _scalar_text(node, field)
    if not text:
        raise _Refusal("må ikke være tom", _line(node), field)
    return text


# --- sections -----------------------------------------------------------------------------------


def _required_section(parent: _Section, name: str, allowed: dict[str, bool]) -> _Section:
    entry = parent.require(name)
    if _is_null(entry.value):
        raise _Refusal("må ikke være tom", entry.key_line, parent.path(name))
    return _section_of(entry, parent.path(name), allowed)


def _optional_section(parent: _Section, name: str, allowed: dict[str, bool]) -> _Section:
    """The section, or an empty one when it is absent or null."""
    entry = parent.get(name)
    if entry is None or _is_null(entry.value):
        line = entry.key_line if entry else parent.line
        return _Section(parent.path(name), line, {})
    return _section_of(entry, parent.path(name), allowed)


def _section_of(entry: _Entry, field: str, allowed: dict[str, bool]) -> _Section:
    _check_tag(entry.value, field)
    if not isinstance(entry.value, yaml.MappingNode):
        raise _Refusal("skal være en sektion med felter", _line(entry.value), field)
    return _read_section(entry.value, field, entry.key_line, allowed)


def _read_section(
    node: yaml.MappingNode, field: str, line: int, allowed: dict[str, bool]
) -> _Section:
    """Check a mapping's keys: no unknown, no duplicates, every required one present."""
    _check_tag(node, field)
    section = _Section(field, line, {})
    for key_node, value_node in node.value:
        name = _key_name(key_node, section)
        key_line = _line(key_node)
        _refuse_unknown(name, allowed, key_line, section.path(name))
        if name in section.entries:
            first = section.entries[name].key_line
            raise _Refusal(f"står to gange (også i linje {first})", key_line, section.path(name))
        section.entries[name] = _Entry(key_line, value_node)
    for name, required in allowed.items():
        if required:
            section.require(name)
    return section


def _key_name(node: yaml.Node, section: _Section) -> str:
    if not isinstance(node, yaml.ScalarNode) or _is_null(node):
        where = f"i {section.field}" if section.field else "i filen"
        message = f"et feltnavn {where} skal være en tekst"
        raise _Refusal(message, _line(node), section.field or None)
    return clean_text(node.value).strip()


def _refuse_unknown(name: str, allowed: dict[str, bool], line: int, field: str) -> None:
    if name in allowed:
        return
    close = difflib.get_close_matches(name, list(allowed), n=1)
    if close:
        raise _Refusal(f"ukendt felt — mente du '{close[0]}'?", line, field)
    raise _Refusal(f"ukendt felt; tilladte felter: {', '.join(allowed)}", line, field)


# --- values -------------------------------------------------------------------------------------


def _required_text(section: _Section, name: str) -> str:
    entry = section.require(name)
    text = _scalar_text(entry.value, section.path(name))
    if not text:
        raise _Refusal("må ikke være tom", _value_line(entry), section.path(name))
    return text


def _optional_text(section: _Section, name: str) -> str | None:
    """The cleaned text, or None when absent, null or blank."""
    entry = section.get(name)
    if entry is None:
        return None
    return _scalar_text(entry.value, section.path(name)) or None


def _required_date(section: _Section, name: str) -> datetime.date:
    entry = section.require(name)
    if _is_null(entry.value):
        raise _Refusal("må ikke være tom", entry.key_line, section.path(name))
    return _date(entry.value, section.path(name))


def _optional_date(section: _Section, name: str) -> datetime.date | None:
    entry = section.get(name)
    if entry is None or _is_null(entry.value):
        return None
    return _date(entry.value, section.path(name))


def _date(node: yaml.Node, field: str) -> datetime.date:
    """A date written exactly ÅÅÅÅ-MM-DD that exists in the calendar."""
    _check_tag(node, field)
    if not isinstance(node, yaml.ScalarNode):
        raise _Refusal("skal være en dato (ÅÅÅÅ-MM-DD)", _line(node), field)
    written = clean_text(node.value).strip()
    invalid = _Refusal(f"ugyldig dato '{written}' (forventede ÅÅÅÅ-MM-DD)", _line(node), field)
    if not _ISO_DATE.fullmatch(written):
        raise invalid
    try:
        value = datetime.date.fromisoformat(written)
    except ValueError:
        raise invalid from None
    if not limits.EARLIEST_DATE <= value <= limits.LATEST_DATE:
        # Also what a Word file can carry: its zip timestamps end in 2107.
        raise _Refusal(f"datoen {written} ligger uden for {limits.EARLIEST_DATE:%Y}-{limits.LATEST_DATE:%Y}", _line(node), field)
    return value


def _scalar_text(node: yaml.Node, field: str) -> str:
    """The cleaned, stripped source text of a scalar; "" for null."""
    _check_tag(node, field)
    if not isinstance(node, yaml.ScalarNode):
        raise _Refusal(f"skal være en tekst, men er {_kind(node)}", _line(node), field)
    if _is_null(node):
        return ""
    text = clean_text(node.value).strip()
    limit = limits.ANSWER_TEXT if field.endswith(".svar") else limits.TEXT_FIELD
    if len(text) > limit:
        raise _Refusal(f"teksten er for lang ({len(text):,} tegn; grænsen er {limit:,})".replace(",", "."), _line(node), field)
    return text


# --- nodes --------------------------------------------------------------------------------------


def _check_tag(node: yaml.Node, field: str) -> None:
    """Refuse tags such as `!!python/object` or `!eget`; standard scalar/collection tags pass."""
    if node.tag not in _STANDARD_TAGS:
        written = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        raise _Refusal(f"YAML-mærket '{written}' understøttes ikke", _line(node), field)


def _is_null(node: yaml.Node) -> bool:
    """True for `~`, `null` and an empty value."""
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _value_line(entry: _Entry) -> int:
    """Where to point for a bad value: the value itself, or the key when the value is empty."""
    return entry.key_line if _is_null(entry.value) else _line(entry.value)


def _kind(node: yaml.Node) -> str:
    """The node's kind in Danish, for messages."""
    if isinstance(node, yaml.SequenceNode):
        return "en liste"
    if isinstance(node, yaml.MappingNode):
        return "en sektion med felter"
    return "en tekst"
