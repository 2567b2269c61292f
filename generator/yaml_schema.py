"""Hand-edited YAML read by schema, keeping every value's line: the question file, kilder.yaml,
katalog.yaml and a template's profil.yaml all go through here, so every refusal reads the same
way: `FIL linje N: felt.sti: besked` (with `, kolonne M` for syntax errors).

Files are composed (not loaded) with PyYAML: the node tree keeps each key's and value's line, and
values are taken as the text the user wrote. A reader describes a mapping by its allowed keys
(`Field`: required or not, and the kind of value) and gets the checked values back; unknown keys are
refused with "mente du …?" when one is close, repeated keys and YAML tags (`!!python/object`,
`!eget`) are refused. A `Refusal` carries message, line and field; the reader adds the file name
and raises its own SvarbrevError subclass.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import limits
from generator.limits import ReadRefused, read_bounded
from generator.yaml_syntax import YamlSyntaxError, compose_yaml

_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_TYPED_SCALARS = {
    "tag:yaml.org,2002:int": "et tal",
    "tag:yaml.org,2002:float": "et tal",
    _BOOL_TAG: "en sandhedsværdi",
    "tag:yaml.org,2002:timestamp": "en dato",
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Characters PyYAML's reader refuses outright; clean_text would drop them anyway.
UNREADABLE_BY_YAML = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


class Refusal(Exception):
    """A refusal before the file name is known: message, line (1-based), field path, column."""

    def __init__(self, message: str, line: int | None = None, field: str | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field
        self.column = column


# --- text ---------------------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Normalise line breaks and tabs, drop control and XML-invalid characters, NFC-normalise.

    Nothing is interpreted: `{{ 7*7 }}`, `{% raw %}` and `<&>` stay as written.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return unicodedata.normalize("NFC", _DROPPED.sub("", text))


# Control characters (Unicode category Cc) but the line break, lone surrogates (Cs) and the two
# XML non-characters.
_DROPPED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# --- reading a file -----------------------------------------------------------------------------


def read_yaml_file(path: Path, limit: int, empty: str) -> yaml.Node:
    """The node tree of a config file; refuses unreadable, non-UTF-8, invalid and empty files
    (`empty` says what the file should hold)."""
    try:
        raw = read_bounded(path, limit)
    except ReadRefused as refused:
        raise Refusal(refused.reason) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refusal("filen er ikke UTF-8; gem den som UTF-8", raw.count(b"\n", 0, error.start) + 1) from None
    root = compose(text)
    if root is None or is_null(root):
        raise Refusal(f"filen er tom; {empty}")
    return root


def compose(text: str) -> yaml.Node | None:
    """The node tree of `text`; a syntax error is a Refusal with line and column."""
    try:
        return compose_yaml(UNREADABLE_BY_YAML.sub("", text))
    except YamlSyntaxError as error:
        raise Refusal(error.message, error.line, column=error.column) from None


# --- sections -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One key of a mapping with its value node."""

    key_line: int
    value: yaml.Node


@dataclass(frozen=True)
class Section:
    """A YAML mapping whose keys have been checked against the allowed ones."""

    field: str  # key path of the mapping itself; "" for the top level
    line: int
    entries: dict[str, Entry]

    def path(self, name: str) -> str:
        """The key path of one of its fields."""
        return f"{self.field}.{name}" if self.field else name

    def get(self, name: str) -> Entry | None:
        return self.entries.get(name)

    def require(self, name: str) -> Entry:
        """The entry, or a refusal saying it is missing."""
        entry = self.entries.get(name)
        if entry is None:
            raise Refusal("mangler", self.line, self.path(name))
        return entry

    def line_of(self, name: str) -> int:
        """Where a present field's value stands (its key when the value is empty)."""
        return value_line(self.require(name))


def read_section(node: yaml.MappingNode, field: str, line: int, allowed: Mapping[str, bool] | None) -> Section:
    """Check a mapping's keys: no unknown (unless `allowed` is None), no duplicates, every required
    one (True in `allowed`) present. `line` is where "mangler" points: the section's key."""
    check_tag(node, field)
    section = Section(field, line, {})
    for key_node, value_node in node.value:
        name = _key_name(key_node, section)
        key_line = line_of(key_node)
        if allowed is not None:
            refuse_unknown(name, allowed, key_line, section.path(name))
        if name in section.entries:
            first = section.entries[name].key_line
            raise Refusal(f"står to gange (også i linje {first})", key_line, section.path(name))
        section.entries[name] = Entry(key_line, value_node)
    for name, required in (allowed or {}).items():
        if required:
            section.require(name)
    return section


def section_of(entry: Entry, field: str, allowed: Mapping[str, bool] | None, message: str = "skal være en sektion med felter") -> Section:
    check_tag(entry.value, field)
    if not isinstance(entry.value, yaml.MappingNode):
        raise Refusal(message, line_of(entry.value), field)
    return read_section(entry.value, field, entry.key_line, allowed)


def required_section(parent: Section, name: str, allowed: Mapping[str, bool] | None) -> Section:
    entry = parent.require(name)
    if is_null(entry.value):
        raise Refusal("må ikke være tom", entry.key_line, parent.path(name))
    return section_of(entry, parent.path(name), allowed)


def optional_section(parent: Section, name: str, allowed: Mapping[str, bool] | None) -> Section:
    """The section, or an empty one when it is absent or null."""
    entry = parent.get(name)
    if entry is None or is_null(entry.value):
        line = entry.key_line if entry else parent.line
        return Section(parent.path(name), line, {})
    return section_of(entry, parent.path(name), allowed)


def top_section(root: yaml.Node, allowed: Mapping[str, bool] | None, what: str) -> Section:
    """The file's top-level mapping; `what` names its fields for the message ("tabeller: ...")."""
    check_tag(root, "")
    if not isinstance(root, yaml.MappingNode):
        raise Refusal(f"filen skal bestå af felter ({what}), men er {kind(root)}", line_of(root))
    return read_section(root, "", line_of(root), allowed)


def _key_name(node: yaml.Node, section: Section) -> str:
    if not isinstance(node, yaml.ScalarNode) or is_null(node):
        where = f"i {section.field}" if section.field else "i filen"
        message = f"et feltnavn {where} skal være en tekst"
        raise Refusal(message, line_of(node), section.field or None)
    return clean_text(node.value).strip()


def refuse_unknown(name: str, allowed: Mapping[str, bool], line: int, field: str) -> None:
    if name in allowed:
        return
    close = difflib.get_close_matches(name, list(allowed), n=1)
    if close:
        raise Refusal(f"ukendt felt — mente du '{close[0]}'?", line, field)
    raise Refusal(f"ukendt felt; tilladte felter: {', '.join(allowed)}", line, field)


# --- typed fields -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """What one key of a mapping holds. Kinds: text, texts (a list of texts), text_or_texts,
    date (ÅÅÅÅ-MM-DD), int, bool (true/false), ja_nej, mapping (texts by name), any (plain YAML
    data, tags refused). A text is non-empty and written as text: an unquoted number, true/false or
    date is refused."""

    kind: str = "text"
    required: bool = False


FIELD_KINDS = ("text", "texts", "text_or_texts", "date", "int", "bool", "ja_nej", "mapping", "any")


def read_fields(section: Section, spec: Mapping[str, Field]) -> dict[str, Any]:
    """The typed values of the fields present in `section` (checked against `spec`); a required
    one missing or empty is refused. Absent optional fields are left out."""
    values: dict[str, Any] = {}
    for name, field in spec.items():
        entry = section.get(name)
        if entry is None or is_null(entry.value):
            if field.required:
                raise Refusal("mangler" if entry is None else "må ikke være tom", entry.key_line if entry else section.line, section.path(name))
            continue
        values[name] = read_value(entry.value, section.path(name), field.kind)
    return values


def read_record(node: yaml.Node, field: str, line: int, spec: Mapping[str, Field]) -> tuple[Section, dict[str, Any]]:
    """A mapping with exactly the keys of `spec`: its section (for lines) and typed values."""
    section = section_of(Entry(line, node), field, {name: f.required for name, f in spec.items()})
    return section, read_fields(section, spec)


def read_value(node: yaml.Node, field: str, kind_name: str) -> Any:
    if kind_name == "text":
        return text(node, field)
    if kind_name == "texts":
        return text_list(node, field)
    if kind_name == "text_or_texts":
        return text_list(node, field) if isinstance(node, yaml.SequenceNode) else (text(node, field),)
    if kind_name == "date":
        return date(node, field)
    if kind_name == "int":
        return integer(node, field)
    if kind_name == "bool":
        return boolean(node, field)
    if kind_name == "ja_nej":
        return yes_no(node, field)
    if kind_name == "mapping":
        return text_mapping(node, field)
    if kind_name == "any":
        return plain(node, field)
    raise ValueError(f"unknown field kind {kind_name!r}")  # a programming error


def scalar_text(node: yaml.Node, field: str, limit: int = limits.TEXT_FIELD) -> str:
    """The cleaned, stripped source text of a scalar; "" for null."""
    check_tag(node, field)
    if not isinstance(node, yaml.ScalarNode):
        raise Refusal(f"skal være en tekst, men er {kind(node)}", line_of(node), field)
    if is_null(node):
        return ""
    value = clean_text(node.value).strip()
    if len(value) > limit:
        raise Refusal(f"teksten er for lang ({len(value):,} tegn; grænsen er {limit:,})".replace(",", "."), line_of(node), field)
    return value


def text(node: yaml.Node, field: str) -> str:
    """A non-empty text, written as one: `7`, `true` or `2025-06-25` unquoted are refused."""
    if isinstance(node, yaml.ScalarNode) and node.tag in _TYPED_SCALARS:
        check_tag(node, field)
        raise Refusal(f"skal være en tekst, men er {_TYPED_SCALARS[node.tag]} (sæt den i anførselstegn)", line_of(node), field)
    value = scalar_text(node, field)
    if not value:
        raise Refusal("må ikke være tom", line_of(node), field)
    return value


def text_list(node: yaml.Node, field: str) -> tuple[str, ...]:
    """A list of non-empty texts; an empty list is ()."""
    check_tag(node, field)
    if not isinstance(node, yaml.SequenceNode):
        raise Refusal(f"skal være en liste, men er {kind(node)}", line_of(node), field)
    return tuple(text(item, f"{field}[{number}]") for number, item in enumerate(node.value, start=1))


def text_mapping(node: yaml.Node, field: str) -> dict[str, str]:
    """Texts by name: `{Ydelsesgrupper: Førtidspension}`."""
    section = section_of(Entry(line_of(node), node), field, None)
    return {name: text(entry.value, section.path(name)) for name, entry in section.entries.items()}


def integer(node: yaml.Node, field: str) -> int:
    check_tag(node, field)
    if not isinstance(node, yaml.ScalarNode) or node.tag != _INT_TAG:
        raise Refusal(f"skal være et helt tal, men er {kind(node)}", line_of(node), field)
    try:
        return int(node.value.replace("_", ""))
    except ValueError:
        raise Refusal(f"skal være et helt tal, men er {kind(node)}", line_of(node), field) from None


def boolean(node: yaml.Node, field: str) -> bool:
    """true or false."""
    return _flag(node, field, ("true", "false"), "skal være true eller false")


def yes_no(node: yaml.Node, field: str) -> bool:
    """ja or nej (katalog.yaml's Danish flags)."""
    return _flag(node, field, ("ja", "nej"), "skal være ja eller nej")


def _flag(node: yaml.Node, field: str, words: tuple[str, str], message: str) -> bool:
    """True for words[0], False for words[1]; true/false only as YAML booleans, ja/nej as texts."""
    check_tag(node, field)
    written = node.value.strip().lower() if isinstance(node, yaml.ScalarNode) else None
    if written in words and (node.tag == _BOOL_TAG) == (words[0] == "true"):
        return written == words[0]
    raise Refusal(message, line_of(node), field)


def date(node: yaml.Node, field: str) -> datetime.date:
    """A date written exactly ÅÅÅÅ-MM-DD that exists in the calendar."""
    check_tag(node, field)
    if not isinstance(node, yaml.ScalarNode):
        raise Refusal("skal være en dato (ÅÅÅÅ-MM-DD)", line_of(node), field)
    written = clean_text(node.value).strip()
    invalid = Refusal(f"ugyldig dato '{written}' (forventede ÅÅÅÅ-MM-DD)", line_of(node), field)
    if not _ISO_DATE.fullmatch(written):
        raise invalid
    try:
        value = datetime.date.fromisoformat(written)
    except ValueError:
        raise invalid from None
    if not limits.EARLIEST_DATE <= value <= limits.LATEST_DATE:
        # Also what a Word file can carry: its zip timestamps end in 2107.
        raise Refusal(f"datoen {written} ligger uden for {limits.EARLIEST_DATE:%Y}-{limits.LATEST_DATE:%Y}", line_of(node), field)
    return value


def plain(node: yaml.Node, field: str) -> Any:
    """Plain YAML data (texts, numbers, lists, mappings) as PyYAML's safe loader builds it; every
    tag below is checked first."""
    _check_tags_below(node, field)
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError:
        raise Refusal("værdien kan ikke læses", line_of(node), field) from None
    finally:
        loader.dispose()


def _check_tags_below(node: yaml.Node, field: str) -> None:
    check_tag(node, field)
    if isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value, start=1):
            _check_tags_below(item, f"{field}[{number}]")
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _check_tags_below(key, field)
            _check_tags_below(value, f"{field}.{key.value}" if isinstance(key, yaml.ScalarNode) else field)


# --- nodes --------------------------------------------------------------------------------------


def check_tag(node: yaml.Node, field: str) -> None:
    """Refuse tags such as `!!python/object` or `!eget`; standard scalar/collection tags pass."""
    if node.tag not in _STANDARD_TAGS:
        written = node.tag.replace("tag:yaml.org,2002:", "!!", 1)
        raise Refusal(f"YAML-mærket '{written}' understøttes ikke", line_of(node), field)


def is_null(node: yaml.Node) -> bool:
    """True for `~`, `null` and an empty value."""
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def value_line(entry: Entry) -> int:
    """Where to point for a bad value: the value itself, or the key when the value is empty."""
    return entry.key_line if is_null(entry.value) else line_of(entry.value)


def kind(node: yaml.Node) -> str:
    """The node's kind in Danish, for messages."""
    if isinstance(node, yaml.SequenceNode):
        return "en liste"
    if isinstance(node, yaml.MappingNode):
        return "en sektion med felter"
    return "en tekst"


def suggestion(name: str, known: list[str] | tuple[str, ...] | Mapping[str, Any]) -> str:
    """" — mente du 'x'?" for the known name closest to `name`, else ""."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" — mente du '{close[0]}'?" if close else ""
