"""A letter template's folder: the Word file, and the profile with its defaults and home area."""

from __future__ import annotations

import importlib.resources
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from generator.errors import TemplateError
from generator.letter.contract import DEFAULT_STYLES, LetterStyles
from generator.metrics.areas import Place
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


def load_profile(name: str, templates_dir: Path = TEMPLATES_DIR) -> TemplateProfile:
    """The profile of template `name`; read again only when profil.yaml changes."""
    path = templates_dir / name / "profil.yaml"
    version = file_version(path) if path.is_file() else None
    return _load_profile(name, templates_dir, version)


@lru_cache(maxsize=16)
def _load_profile(name: str, templates_dir: Path, version: tuple[int, int] | None) -> TemplateProfile:
    folder = templates_dir / name
    outside = Path(name).name != name or folder.resolve().parent != templates_dir.resolve()
    if outside or not folder.is_dir() or name.startswith((".", "_")) or name == TEXTS_FOLDER:
        known = sorted(p.name for p in templates_dir.iterdir() if (p / "profil.yaml").is_file())
        raise TemplateError(f"ukendt skabelon '{name}' (findes: {', '.join(known)})")
    path = folder / "profil.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        group = raw["sammenligning"]
        place = Place(
            area=raw["område"],
            residents=raw["indbyggere"],
            municipality=raw["kommune"],
            group_name=group["navn"],
            group_definite=group["bestemt"],
            group_areas=tuple(group["områder"]),
            national=group["landsplan"],
        )
        styles = LetterStyles.from_mapping(raw.get("stilarter"))
        return TemplateProfile(name, folder / "brev.docx", raw["underskriver"], raw["titel"], place, styles)
    except FileNotFoundError:
        raise TemplateError("profil.yaml mangler", file=path) from None
    except (KeyError, TypeError) as error:
        raise TemplateError(f"profilen mangler feltet {error}", file=path) from None
    except ValueError as error:  # an unknown name under stilarter:
        raise TemplateError(f"stilarter: {error}", file=path) from None
    except yaml.YAMLError as error:
        raise TemplateError(f"ugyldig YAML: {error}", file=path) from None
