"""Reads and checks a question file: the Danish YAML saying whom to answer, what, from which data.

The file is composed (not loaded) with PyYAML so that every value keeps its source line and is
taken as the text the user wrote; this module converts by schema. Every refusal is a
`QuestionFileError` naming file, line and field path: `spm.yaml linje 4: henvendelse.dato: ...`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from generator import limits
from generator.caching import Cache
from generator.domain.areas import AreaRegistry, load_areas
from generator.domain.periods import parse_period_request
from generator.errors import QuestionFileError
from generator.limits import ReadRefused, read_bounded
from generator.questionfile.model import CallSpec, DataSettings, Inquiry, LetterSettings, MetricCall, Question, QuestionFile
from generator.questionfile.parameters import BY_KEY, FILTER, PARAMETERS, CallError
from generator.yaml_schema import Refusal as _Refusal
from generator.yaml_schema import Section as _Section
from generator.yaml_schema import check_tag as _check_tag
from generator.yaml_schema import compose, scalar_text
from generator.yaml_schema import date as _date
from generator.yaml_schema import is_null as _is_null
from generator.yaml_schema import kind as _kind
from generator.yaml_schema import line_of as _line
from generator.yaml_schema import optional_section as _optional_section
from generator.yaml_schema import read_section as _read_section
from generator.yaml_schema import required_section as _required_section
from generator.yaml_schema import value_line as _value_line

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
QUESTION_KEYS = {"tekst": True, "svar": False, "metrikker": False, "accepter": False}
CALL_KEYS = {"id": True, **{key: False for key in BY_KEY}}


# --- entry points -------------------------------------------------------------------------------


def load_question_file(path: str | Path) -> QuestionFile:
    """Read, parse and check the question file at `path`."""
    display_name = str(path)
    file_path = Path(path)
    source = _read_source(file_path, display_name)
    return parse_question_file(source, display_name, file_path.parent)


def parse_question_file(source: str, display_name: str, base_dir: Path) -> QuestionFile:
    """Parse and check question-file text; `base_dir` is the folder relative paths start from."""
    return _PARSED.get((source, display_name, Path(base_dir)), _parse, source, display_name, Path(base_dir))


# Keyed by the text itself, so an edited file is parsed again however quickly it changed (a file's mtime
# may not); a batch's recipients and a re-run letter read the same file again.
_PARSED: Cache[QuestionFile] = Cache("spørgsmålsfiler", 16)


def _parse(source: str, display_name: str, base_dir: Path) -> QuestionFile:
    try:
        return _build(_compose(source), display_name, base_dir)
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
    return question_file_source(raw, display_name)


def question_file_source(raw: bytes, display_name: str) -> str:
    """A question file's bytes as text: UTF-8, within the size limit, as every reader of one takes it."""
    if len(raw) > limits.QUESTION_FILE:
        raise QuestionFileError(limits.too_large(len(raw), limits.QUESTION_FILE), file=display_name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = raw[error.start]
        message = f"filen er ikke UTF-8 (byte {error.start + 1} er 0x{bad:02X}); gem den som UTF-8"
        raise QuestionFileError(message, file=display_name) from None


def _compose(source: str) -> yaml.Node:
    """The YAML node tree of the whole file; refuses bad syntax and empty files."""
    root = compose(source)
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
    recipients, recipients_line = _path_and_line(section, "modtagere", base_dir, _optional_text(section, "modtagere"))
    if recipients and section.get("modtager") is not None:
        raise _Refusal("angiv enten modtager eller modtagere, ikke begge", recipients_line, section.path("modtagere"))
    return Inquiry(
        recipient="" if recipients else _required_text(section, "modtager"),
        date=_required_date(section, "dato"),
        subject=_required_text(section, "emne"),
        case_number=_optional_text(section, "sagsnummer"),
        recipients=recipients,
        recipients_line=recipients_line,
    )


def _read_letter(top: _Section, base_dir: Path) -> LetterSettings:
    section = _optional_section(top, "brev", LETTER_KEYS)
    signature, signature_line = _path_and_line(section, "underskrift", base_dir, _optional_path_text(section, "underskrift"))
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
        signature=signature,
        signature_line=signature_line,
    )


def _read_data(top: _Section, base_dir: Path) -> DataSettings:
    section = _optional_section(top, "data", DATA_KEYS)
    folder, folder_line = _path_and_line(section, "mappe", base_dir, _optional_path_text(section, "mappe"))
    return DataSettings(
        folder=folder,
        folder_line=folder_line,
        extract_date=_optional_date(section, "udtræk"),
    )


def _path_and_line(section: _Section, name: str, base_dir: Path, written: str | None) -> tuple[Path | None, int | None]:
    """A path field as read (`written`), resolved against the question file's folder, and its line."""
    if not written:
        return None, None
    return _resolve_path(written, base_dir), _value_line(section.require(name))


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
        accepted=_read_accepted(section),
    )


def _read_accepted(section: _Section) -> tuple[str, ...]:
    """`accepter: [egentlig]`: words of the question the caseworker accepts as not changing what is asked."""
    entry = section.get("accepter")
    if entry is None or _is_null(entry.value):
        return ()
    value = _parameter_value(entry.value, section.path("accepter"))
    words = [value] if isinstance(value, str) else value
    if not all(words):
        raise _Refusal("må ikke indeholde tomme ord", _line(entry.value), section.path("accepter"))
    return tuple(words)


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


def _optional_path_text(section: _Section, name: str) -> str | None:
    """A path as written, or None when absent, null or empty (''); one of blanks only (" ") is refused,
    never read as "use the default" — something was meant, and another folder's figures would be used."""
    entry = section.get(name)
    if entry is None or _is_null(entry.value):
        return None
    text = _scalar_text(entry.value, section.path(name))
    if not text and isinstance(entry.value, yaml.ScalarNode) and entry.value.value:
        raise _Refusal("må ikke være tom; udelad feltet for at bruge standarden", _value_line(entry), section.path(name))
    return text


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


def _scalar_text(node: yaml.Node, field: str) -> str:
    """The cleaned, stripped source text of a scalar; "" for null (`svar` may be longer)."""
    return scalar_text(node, field, limits.ANSWER_TEXT if field.endswith(".svar") else limits.TEXT_FIELD)


# --- metric calls -------------------------------------------------------------------------------


def build_call(metric_id: str, raw: Mapping[str, Any], areas: AreaRegistry | None = None) -> MetricCall:
    """A call from parameters as written (strings or lists of strings, as parameters.py reads each
    kind); CallError names the first bad parameter."""
    areas = areas or load_areas()
    unknown = [key for key in raw if key not in BY_KEY]
    if unknown:
        raise CallError(unknown[0], f"ukendt parameter (kendte: id, {', '.join(BY_KEY)})")
    values: dict[str, Any] = {}
    filters = []
    for parameter in PARAMETERS:
        if parameter.key not in raw:
            continue
        value = parameter.kind.read(parameter.key, raw[parameter.key], areas)
        if parameter.kind is FILTER:
            filters.append((parameter.key, value))
        else:
            values[parameter.field] = value
    call = MetricCall(metric_id, filters=tuple(filters), **values)
    _check_together(call, areas)
    return call


def _check_together(call: MetricCall, areas: AreaRegistry) -> None:
    """The rules that tie parameters to each other."""
    if call.period is not None and (call.start or call.end):
        raise CallError("periode", "angiv enten periode eller fra/til, ikke begge")
    if call.start and call.end and _order(call.start) > _order(call.end):
        raise CallError("fra", f"fra ({call.start}) ligger efter til ({call.end})")
    if call.combined and len(call.areas) < 2:
        raise CallError("tilsammen", "tilsammen kræver mindst to områder")
    if call.combined:
        overlap = _overlapping(call.areas, areas)
        if overlap:
            raise CallError("tilsammen", f"{overlap[0]} ligger i {overlap[1]}; overlappende områder kan ikke lægges sammen")
    clashes = [key for key, _ in call.filters if key in call.breakdown]
    if clashes:
        raise CallError(clashes[0], f"'{clashes[0]}' står både som filter og i opdeling")


def _overlapping(names: tuple[str, ...], areas: AreaRegistry) -> tuple[str, str] | None:
    """Two of the areas where one lies inside the other (a municipality in its region, anything in Hele landet)."""
    for name in names:
        area = areas.get(name)
        for other in names:
            if other != name and (areas.get(other).kind == "land" or area.region == other):
                return name, other
    return None


def _order(text: str) -> tuple[int, int]:
    request = parse_period_request(text)
    return request.months[0].year, request.months[0].index
