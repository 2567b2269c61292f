"""The outside judges of a generated .docx, shared by the tests: openxml-audit and LibreOffice."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

LIBREOFFICE_REQUIRED = os.environ.get("SVARBREV_KRAEV_LIBREOFFICE") == "1"  # set by .ci/run


def openxml_audit(path: Path) -> dict[str, Any]:
    """openxml-audit's JSON report on one file."""
    executable = shutil.which("openxml-audit") or str(Path(sys.executable).with_name("openxml-audit"))
    result = subprocess.run([executable, "-o", "json", str(path)], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip(), f"openxml-audit gav intet svar: {result.stderr}"
    report = json.loads(result.stdout)
    return report[0] if isinstance(report, list) else report


def soffice() -> str:
    """LibreOffice's command; skips the test where it is absent, unless CI requires it."""
    executable = shutil.which("soffice") or shutil.which("libreoffice")
    if executable is None:
        if LIBREOFFICE_REQUIRED:
            pytest.fail("LibreOffice (soffice) mangler, men SVARBREV_KRAEV_LIBREOFFICE=1")
        pytest.skip("LibreOffice (soffice) er ikke installeret")
    return executable


def convert_to_pdfs(documents: Sequence[Path], outdir: Path, profile: Path) -> list[Path]:
    """Convert every document in one LibreOffice run and return the PDFs, checking each exists:
    soffice exits 0 even when it could not load a file, so the PDF itself is the evidence."""
    command = [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, documents),
    ]
    subprocess.run(command, capture_output=True, text=True, timeout=300)
    pdfs = []
    for document in documents:
        pdf = outdir / f"{document.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice lavede ingen PDF af {document.name}"
        assert pdf.stat().st_size > 1000 and pdf.read_bytes().startswith(b"%PDF")
        pdfs.append(pdf)
    return pdfs
