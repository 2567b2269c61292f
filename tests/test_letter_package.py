"""The letter package (generator/letter): python-docx internals it needs, per-template style names,
and the sidecar schema read back as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.errors import TemplateError
from generator.letter import oxml
from generator.letter.contract import DEFAULT_STYLES, LetterStyles
from generator.letter.sidecar import Sidecar, load_sidecar
from generator.profile import TEMPLATES_DIR, load_profile

REPO = Path(__file__).resolve().parent.parent


def test_the_installed_python_docx_has_every_internal_the_letter_relies_on() -> None:
    """Fails loudly on a python-docx whose internals moved (the declared minimum is 1.2)."""
    missing = oxml.missing_internals()
    assert not missing, f"python-docx lacks what generator/letter/oxml.py uses: {', '.join(missing)}; svarbrev supports python-docx 1.2 and later with these internals"


def test_style_names_default_to_the_template_s_usual_ones() -> None:
    assert LetterStyles.from_mapping(None) == DEFAULT_STYLES
    assert load_profile("direktionen").styles == DEFAULT_STYLES


def template_with_styles(tmp_path: Path, styles: dict[str, str]) -> str:
    """A copy of the direktionen template named "egen", its profil.yaml with `stilarter: styles`."""
    shutil.copytree(TEMPLATES_DIR / "direktionen", tmp_path / "egen")
    profile_path = tmp_path / "egen" / "profil.yaml"
    raw = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    raw["stilarter"] = styles
    profile_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return "egen"


def test_a_profile_can_rename_a_style(tmp_path: Path) -> None:
    styles = load_profile(template_with_styles(tmp_path, {"source": "Kildeangivelse"}), tmp_path).styles
    assert styles.source == "Kildeangivelse" and styles.caption == DEFAULT_STYLES.caption


def test_an_unknown_style_key_is_refused(tmp_path: Path) -> None:
    name = template_with_styles(tmp_path, {"fodnote": "Fodnote"})
    with pytest.raises(TemplateError, match="ukendte stilarter: fodnote"):
        load_profile(name, tmp_path)


def test_a_sidecar_reads_back_to_the_bytes_it_was_written_as(tmp_path: Path) -> None:
    from generator.reply import generate_reply

    letter = tmp_path / "svar.docx"
    generated = generate_reply(REPO / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml", letter)
    written = generated.sidecar.read_bytes()
    sidecar = load_sidecar(generated.sidecar)
    assert isinstance(sidecar, Sidecar) and sidecar.figures and sidecar.paragraphs
    assert sidecar.to_bytes() == written
