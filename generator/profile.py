"""A letter template's folder: the Word file, and the profile with its defaults and home area."""

from __future__ import annotations

import importlib.resources
import os
from dataclasses import dataclass
from pathlib import Path

from generator import limits
from generator import yaml_schema as schema
from generator.caching import Cache
from generator.domain.areas import Place
from generator.domain.deadlines import CLOSED_DAY_NAMES, KINDS, WORKING_DAYS, DeadlineRule
from generator.errors import TemplateError
from generator.letter.contract import DEFAULT_STYLES, LetterStyles
from generator.versions import file_version

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _installed_templates() -> Path:
    """templates/ as the wheel ships it (package generator.templates), else the source tree's."""
    try:
        packaged = importlib.resources.files("generator.templates")
    except ModuleNotFoundError:
        return PROJECT_ROOT / "templates"
    return Path(str(packaged)) if isinstance(packaged, Path) and (packaged / DEFAULT_TEMPLATE).is_dir() else PROJECT_ROOT / "templates"


DEFAULT_TEMPLATE = "direktionen"
TEMPLATES_DIR = Path(os.environ.get("SVARBREV_SKABELONER") or _installed_templates())
DEFAULT_DATA_DIR = PROJECT_ROOT / "examples" / "data"
EXAMPLE_DATA_DIR = DEFAULT_DATA_DIR / "eksempeldata"  # synthetic extracts of every scheme
TEXTS_FOLDER = "tekster"


@dataclass(frozen=True)
class TemplateProfile:
    name: str
    word_file: Path
    signer: str
    title: str
    place: Place
    styles: LetterStyles = DEFAULT_STYLES  # profil.yaml's optional `stilarter:`; default: the template's usual names
    deadline_rule: DeadlineRule | None = None  # `svarfrist:`; without it an inquiry has no deadline


def load_profile(name: str, templates_dir: Path = TEMPLATES_DIR) -> TemplateProfile:
    """The profile of template `name`; read again only when profil.yaml changes."""
    path = templates_dir / name / "profil.yaml"
    version = file_version(path) if path.is_file() else None
    return _load_profile(name, templates_dir, version)


_PROFILES: Cache[TemplateProfile] = Cache("skabelonprofiler", 16)


def _load_profile(name: str, templates_dir: Path, version: tuple[int, int] | None) -> TemplateProfile:
    return _PROFILES.get((name, templates_dir, version), _make_load_profile, name, templates_dir, version)


def _make_load_profile(name: str, templates_dir: Path, version: tuple[int, int] | None) -> TemplateProfile:
    folder = templates_dir / name
    outside = Path(name).name != name or folder.resolve().parent != templates_dir.resolve()
    if outside or not folder.is_dir() or name.startswith((".", "_")) or name == TEXTS_FOLDER:
        known = sorted(p.name for p in templates_dir.iterdir() if (p / "profil.yaml").is_file())
        raise TemplateError(f"ukendt skabelon '{name}' (findes: {', '.join(known)})")
    path = folder / "profil.yaml"
    if not path.is_file():
        raise TemplateError("profil.yaml mangler", file=path)
    try:
        root = schema.read_yaml_file(path, limits.SOURCES_FILE, "den skal give underskriver, titel, område, indbyggere, kommune og sammenligning")
        top = schema.top_section(root, {name: field.required for name, field in _PROFILE.items()}, "underskriver:, titel:, område: ...")
        raw = schema.read_fields(top, _PROFILE)
        group = schema.read_fields(schema.required_section(top, "sammenligning", _COMPARISON_KEYS), _COMPARISON)
        styles = _styles(top, raw.get("stilarter"))
        rule = _deadline_rule(top)
    except schema.Refusal as refusal:
        raise TemplateError(refusal.message, file=path, line=refusal.line, field=refusal.field or None, column=refusal.column) from None
    place = Place(
        area=raw["område"],
        residents=raw["indbyggere"],
        municipality=raw["kommune"],
        group_name=group["navn"],
        group_definite=group["bestemt"],
        group_areas=group["områder"],
        national=group["landsplan"],
    )
    return TemplateProfile(name, folder / "brev.docx", raw["underskriver"], raw["titel"], place, styles, rule)


def _styles(top: schema.Section, names: dict[str, str] | None) -> LetterStyles:
    """`stilarter:` (Word style names by role), refused at its line when it names an unknown role."""
    try:
        return LetterStyles.from_mapping(names)
    except ValueError as error:
        raise schema.Refusal(str(error), top.line_of("stilarter"), "stilarter") from None


def _deadline_rule(top: schema.Section) -> DeadlineRule | None:
    """`svarfrist:` as a rule, refused at its line when the kind or a closed day is unknown."""
    section = schema.optional_section(top, "svarfrist", {name: field.required for name, field in _DEADLINE.items()})
    if not section.entries:
        return None
    raw = schema.read_fields(section, _DEADLINE)
    if not 1 <= raw["dage"] <= 365:
        raise schema.Refusal("skal være et helt tal fra 1 til 365", section.line_of("dage"), section.path("dage"))
    kind = raw.get("regnes_i", WORKING_DAYS)
    if kind not in KINDS:
        raise schema.Refusal(f"skal være {' eller '.join(KINDS)}, ikke '{kind}'", section.line_of("regnes_i"), section.path("regnes_i"))
    closed = tuple(name.casefold() for name in raw.get("lukkedage", ()))
    for name in closed:
        if name not in CLOSED_DAY_NAMES:
            raise schema.Refusal(f"'{name}' er ikke en fridag, svarbrev kender (kendte: {', '.join(CLOSED_DAY_NAMES)})", section.line_of("lukkedage"), section.path("lukkedage"))
    return DeadlineRule(raw["dage"], kind, closed)


# profil.yaml's fields; every one but stilarter and svarfrist is required.
_PROFILE = {
    "underskriver": schema.Field("text", required=True),
    "titel": schema.Field("text", required=True),
    "område": schema.Field("text", required=True),
    "indbyggere": schema.Field("text", required=True),
    "kommune": schema.Field("text", required=True),
    "sammenligning": schema.Field("any", required=True),  # read as _COMPARISON below
    "stilarter": schema.Field("mapping"),  # optional: Word style names by role (LetterStyles)
    "svarfrist": schema.Field("any"),  # optional: read as _DEADLINE below
}
_DEADLINE = {
    "dage": schema.Field("int", required=True),
    "regnes_i": schema.Field("text"),  # arbejdsdage (the default) or kalenderdage
    "lukkedage": schema.Field("texts"),  # closed besides the public holidays: juleaftensdag, nytårsaften …
}
_COMPARISON = {
    "navn": schema.Field("text", required=True),
    "bestemt": schema.Field("text", required=True),
    "områder": schema.Field("texts", required=True),
    "landsplan": schema.Field("text", required=True),
}
_COMPARISON_KEYS = {name: field.required for name, field in _COMPARISON.items()}
