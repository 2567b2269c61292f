"""Hostile and broken input (issue 10): refused in one Danish line, never a crash or a silent figure."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"


def run_svarbrev(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True)


def with_template(tmp_path: Path, name: str) -> Path:
    text = REFERENCE.read_text(encoding="utf-8")
    assert "  skabelon: direktionen\n" in text
    path = tmp_path / "spm.yaml"
    path.write_text(text.replace("  skabelon: direktionen\n", f"  skabelon: '{name}'\n").replace("mappe: ../data", f"mappe: {ROOT / 'examples' / 'data'}"), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["/tmp", "direktionen/../../examples", "../templates/direktionen", "direktionen/"])
def test_a_template_that_is_a_path_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    path = with_template(tmp_path, name)
    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"fejl: {path} linje ") and f"brev.skabelon: ukendt skabelon '{name}'" in line
    assert not (tmp_path / "svar.docx").exists()


def test_an_unknown_template_name_names_file_line_and_field(tmp_path: Path) -> None:
    path = with_template(tmp_path, "findes_ikke")
    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")
    assert result.returncode == 1
    assert f"{path} linje " in result.stderr and "brev.skabelon: ukendt skabelon 'findes_ikke' (findes: direktionen)" in result.stderr


def test_a_template_folder_outside_the_templates_is_never_loaded_even_as_a_symlink(tmp_path: Path) -> None:
    from generator.errors import TemplateError
    from generator.profile import load_profile

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    foreign = tmp_path / "fremmed"
    shutil.copytree(ROOT / "templates" / "direktionen", foreign)
    (templates / "genvej").symlink_to(foreign)
    with pytest.raises(TemplateError, match="ukendt skabelon 'genvej'"):
        load_profile("genvej", templates)
