"""`svarbrev forhåndsvis` and `generate --åbn`: look at a reply without opening Word.

LibreOffice converts the .docx to PDF in a profile of its own (so a running LibreOffice or a
parallel run does not interfere; `svarbrev web` keeps one per worker, generator/web/pages.py), and poppler's pdftoppm turns the pages into PNGs. soffice exits
0 even when it could not load a file, so the PDF itself is the proof.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SvarbrevError

CONVERT_TIMEOUT = 180

# LibreOffice's PDF export options (filter writer_pdf_Export). A review PDF shows Word's comments, the
# figures' provenance: in the margin where LibreOffice can (7.5 and later), else as PDF notes.
REVIEW_PDF = {"ExportNotes": True, "ExportNotesInMargin": True}
# A PDF to publish (WCAG 2.1 AA, PDF/UA): tagged, so headings, tables and reading order reach a screen
# reader, with the document title shown and the language set; no comments.
PUBLICATION_PDF = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "DisplayPDFDocumentTitle": True,
    "ExportBookmarks": True,
    "ExportNotes": False,
}


@dataclass(frozen=True)
class Preview:
    pdf: Path
    pages: list[Path]


def find_soffice() -> str:
    executable = shutil.which("soffice") or shutil.which("libreoffice")
    if executable is None:
        raise SvarbrevError(
            "LibreOffice er ikke installeret (fandt hverken soffice eller libreoffice); "
            "installér fx pakken libreoffice-writer-nogui for at få en forhåndsvisning"
        )
    return executable


def pdf_filter(options: dict[str, bool] | None) -> str:
    """The --convert-to target: plain "pdf", or the PDF filter with its options as JSON."""
    if not options:
        return "pdf"
    values = {name: {"type": "boolean", "value": "true" if value else "false"} for name, value in options.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(values, separators=(",", ":"))


def convert_to_pdf(docx: Path, folder: Path, options: dict[str, bool] | None = None, profile: Path | None = None) -> Path:
    """The PDF LibreOffice makes of `docx` in `folder`; refuses when none appears. `profile`: a LibreOffice user
    profile to reuse (one conversion at a time in it); without one, a new profile is made and removed."""
    if profile is None:
        with tempfile.TemporaryDirectory(prefix="svarbrev-lo-") as new_profile:
            return convert_to_pdf(docx, folder, options, Path(new_profile))
    command = [
        find_soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        pdf_filter(options),
        "--outdir",
        str(folder),
        str(docx),
    ]
    try:
        subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise SvarbrevError(f"LibreOffice blev ikke færdig inden {CONVERT_TIMEOUT} sekunder", file=docx) from None
    pdf = folder / f"{docx.stem}.pdf"
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise SvarbrevError("LibreOffice kunne ikke lave en PDF af brevet (er det en gyldig .docx?)", file=docx)
    return pdf


def render_pages(pdf: Path, prefix: Path, resolution: int = 80) -> list[Path]:
    """One PNG per page, `<prefix>-1.png`, … (needs pdftoppm from poppler-utils)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SvarbrevError("pdftoppm (poppler-utils) er ikke installeret; PDF'en er lavet, men ikke billeder af siderne", file=pdf)
    subprocess.run([pdftoppm, "-png", "-r", str(resolution), str(pdf), str(prefix)], capture_output=True, check=False, timeout=CONVERT_TIMEOUT)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))


def preview(docx: Path, comments: bool = True, profile: Path | None = None) -> Preview:
    """`svar.docx` → `svar.forhåndsvisning.pdf` and `svar.side-1.png`, … beside it.

    The names are svarbrev's own, so a PDF the caseworker saved as svar.pdf is never replaced. A
    draft's comments (each figure's source) are in the PDF, for a reviewer who reads only the PDF;
    `comments=False` leaves them out where the sources are shown beside the pages (svarbrev web), as
    LibreOffice before 7.5 draws them as icons over the figures.
    """
    if not docx.is_file():
        raise SvarbrevError("filen findes ikke", file=docx)
    with tempfile.TemporaryDirectory(prefix="svarbrev-preview-") as work:
        work_dir = Path(work)
        pdf = convert_to_pdf(docx.resolve(), work_dir, REVIEW_PDF if comments else {"ExportNotes": False}, profile)
        pages = render_pages(pdf, work_dir / "side")
        target_pdf = docx.with_name(f"{docx.stem}.forhåndsvisning.pdf")
        for old in docx.parent.glob(f"{docx.stem}.side-*.png"):
            old.unlink()
        os.replace(pdf, target_pdf) if pdf.parent == target_pdf.parent else shutil.move(str(pdf), target_pdf)
        targets = []
        for number, page in enumerate(pages, start=1):
            target = docx.with_name(f"{docx.stem}.side-{number}.png")
            shutil.move(str(page), target)
            targets.append(target)
    return Preview(target_pdf, targets)


def is_draft(docx: Path) -> bool:
    """True for a letter svarbrev wrote as a draft (its Status property), which is not for publishing."""
    from generator.letter.package import ZIP_ERRORS, is_draft_letter

    try:
        return is_draft_letter(docx.read_bytes())
    except (*ZIP_ERRORS, SyntaxError):  # lxml's XMLSyntaxError is a SyntaxError
        return False


def publication_pdf(docx: Path) -> Path:
    """`svar.docx` → `svar.tilgængelig.pdf` beside it: a tagged PDF (PDF/UA) to publish, without comments."""
    if not docx.is_file():
        raise SvarbrevError("filen findes ikke", file=docx)
    target = docx.with_name(f"{docx.stem}.tilgængelig.pdf")
    with tempfile.TemporaryDirectory(prefix="svarbrev-publish-") as work:
        pdf = convert_to_pdf(docx.resolve(), Path(work), PUBLICATION_PDF)
        shutil.move(str(pdf), target)
    return target


def open_in_default_program(path: Path) -> str | None:
    """Open `path` the way a double-click would; returns a warning when that is not possible."""
    try:
        if sys.platform.startswith("win"):
            os.startfile(str(path))  # type: ignore[attr-defined]
            return None
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        if shutil.which(opener) is None:
            return f"kan ikke åbne filen: {opener} findes ikke på denne maskine"
        subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as error:
        return f"kan ikke åbne filen: {error}"
    return None


@dataclass(frozen=True)
class OutlineItem:
    """One block of a letter as the page shows it without LibreOffice: a paragraph or a table."""

    kind: str  # "overskrift", "afsnit" or "tabel"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def letter_outline(docx_path: Path) -> list[OutlineItem]:
    """The letter's body in reading order: headings, paragraphs and tables, as text."""
    from generator.letter.reader import LetterParagraph, read_letter

    items: list[OutlineItem] = []
    for block in read_letter(docx_path).blocks:
        if not isinstance(block, LetterParagraph):
            items.append(OutlineItem("tabel", rows=block.rows))
        elif text := block.text.strip():
            items.append(OutlineItem("overskrift" if block.is_heading else "afsnit", text))
    return items
