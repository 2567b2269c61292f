"""Every generated example opens in Word without repair and converts in LibreOffice.

openxml-audit predicts Word's repair prompts; LibreOffice proves the file loads and lays out. Both
run on every example question file and on a letter built from hostile input.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from office import convert_to_pdfs, openxml_audit

from generator.reply import generate_reply

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "henvendelser").glob("*.yaml"))
HOSTILE_QUESTION = "Hvad med {{ 7*7 }}, {% raw %}, <&> og \\a ”citater”?"


def hostile_example(folder: Path) -> Path:
    text = (ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml").read_text(encoding="utf-8")
    text = text.replace("mappe: ../data", f"mappe: {ROOT / 'examples' / 'data'}")
    text = text.replace("spørgsmål:\n", f'spørgsmål:\n  - tekst: "{HOSTILE_QUESTION}"\n', 1)
    path = folder / "fjendtlig.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("eksempler")
    outputs = [generate_reply(example, folder / f"{example.stem}.docx").output for example in EXAMPLES]
    outputs.append(generate_reply(hostile_example(folder), folder / "fjendtlig.docx").output)
    return outputs


def test_there_are_examples_to_check() -> None:
    assert len(EXAMPLES) >= 2



def test_every_example_passes_openxml_audit_with_no_findings(generated: list[Path]) -> None:
    for path in generated:
        report = openxml_audit(path)
        findings = [e["description"] for e in report.get("errors", [])] + [w["description"] for w in report.get("warnings", [])]
        assert findings == [], f"{path.name}: {findings}"
        assert report["error_count"] == 0 and report["warning_count"] == 0
        assert report["verdict"]["prediction"] != "repair-or-rewrite-likely"



def test_every_example_converts_to_a_pdf_in_libreoffice(generated: list[Path], tmp_path: Path) -> None:
    outdir = tmp_path / "pdf"
    convert_to_pdfs(generated, outdir, tmp_path / "lo-profil")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run([pdftotext, "-layout", str(outdir / "fleksjob-2025-06-25.pdf"), "-"], capture_output=True, text=True).stdout
        for expected in ("Kære Hassan Nur Wardere", "5.192", "Tabel 1 - Borgere ansat i fleksjob", "Henrik Lund"):
            assert expected in text
