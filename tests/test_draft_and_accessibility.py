"""A draft looks like a draft, and a letter can be published accessibly (issue 9, items 11 and 12).

A draft carries "UDKAST – ikke til underskrift" in every page header and its preview PDF holds the
provenance comments; the final edition has neither. Headings are outline levels (H1/H2 in a tagged
PDF), every table has a repeating header row and alt text, the document has a title and is in Danish,
and `forhåndsvis --pdf-til-offentliggørelse` writes a tagged PDF with those.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from lxml import etree
from office import soffice
from readback import readable

from generator.letter import oxml
from generator.letter.writer import DRAFT_MARK
from generator.preview import preview, publication_pdf
from generator.reply import generate_reply

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Editions:
    draft: Path
    final: Path


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    folder = tmp_path_factory.mktemp("udgaver")
    (folder / "udkast").mkdir()
    (folder / "endelig").mkdir()
    draft = generate_reply(REFERENCE, folder / "udkast" / "svar.docx").output
    final = generate_reply(REFERENCE, folder / "endelig" / "svar.docx", final=True).output
    return Editions(draft, final)


def header_texts(path: Path) -> dict[str, list[str]]:
    """Each header part's paragraph texts."""
    with zipfile.ZipFile(path) as package:
        return {
            name: ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in etree.fromstring(package.read(name)).iter(f"{W}p")]
            for name in package.namelist()
            if re.fullmatch(r"word/header\d*\.xml", name)
        }


def tool(name: str) -> str:
    executable = shutil.which(name)
    if executable is None:
        pytest.skip(f"{name} (poppler-utils) er ikke installeret")
    return executable


def pdf_text(pdf: Path) -> str:
    return subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def annotation_texts(pdf: Path) -> list[str]:
    """The /Contents of the PDF's annotations (LibreOffice writes them as UTF-16 hex strings)."""
    data = pdf.read_bytes()
    texts = [bytes.fromhex(match.decode()).decode("utf-16") for match in re.findall(rb"/Contents\s*<([0-9A-Fa-f]+)>", data)]
    texts += [match.decode("latin-1") for match in re.findall(rb"/Contents\s*\(([^)]*)\)", data)]
    return texts


# -- item 11: a draft is visibly a draft -----------------------------------------------------------


def test_every_page_header_of_a_draft_ends_with_the_draft_mark(editions: Editions) -> None:
    headers = header_texts(editions.draft)
    assert len(headers) == 2  # first page (letterhead) and the following pages
    for lines in headers.values():
        assert lines[-1] == DRAFT_MARK == "UDKAST – ikke til underskrift"
    first_page = docx.Document(str(editions.draft)).sections[0].first_page_header.paragraphs
    assert [p.text for p in first_page][:2] == ["Direktionen", "Beskæftigelses- og Integrationsforvaltningen"]
    mark = first_page[-1].runs[0]
    assert mark.bold and str(mark.font.color.rgb) == "C00000"


def test_the_final_edition_has_no_draft_mark(editions: Editions) -> None:
    for lines in header_texts(editions.final).values():
        assert not any("UDKAST" in line for line in lines)


def test_the_preview_of_a_draft_shows_the_mark_and_the_provenance_comments(editions: Editions, tmp_path: Path) -> None:
    soffice()
    reply = tmp_path / "svar.docx"
    shutil.copy(editions.draft, reply)
    result = preview(reply)

    text = pdf_text(result.pdf)
    assert "UDKAST – ikke til underskrift" in text
    with zipfile.ZipFile(reply) as package:
        comments = etree.fromstring(package.read("word/comments.xml"))
    first_comment = "".join(t.text or "" for t in comments[0].iter(f"{W}t"))
    assert first_comment.startswith("fleksjob.antal: 2. kvartal 2024 til 1. kvartal 2025")
    # In the margin where LibreOffice can (7.5+), else as the PDF's notes: either way in the PDF.
    shown = text.replace("\n", " ") + " ".join(annotation_texts(result.pdf))
    assert "fleksjob.antal: 2. kvartal 2024 til 1. kvartal 2025" in shown
    assert "y08a02_2025-06-30.csv" in shown


# -- item 12: accessibility ------------------------------------------------------------------------


def test_headings_are_outline_levels_h1_and_h2(editions: Editions) -> None:
    document = docx.Document(str(editions.final))
    levels = {}
    for name in ("Brevoverskrift", "Ad-overskrift"):
        outline = oxml.find(oxml.xml_of(document.styles[name]), "w:pPr/w:outlineLvl")
        levels[name] = None if outline is None else oxml.attribute(outline, "w:val")
    assert levels == {"Brevoverskrift": "0", "Ad-overskrift": "1"}
    headings = [p.text for p in document.paragraphs if p.style.name in ("Brevoverskrift", "Ad-overskrift")]
    assert headings[:2] == ["Spørgsmål", "Beskæftigelses- og Integrationsforvaltningens svar"]
    assert [h[:5] for h in headings[2:]] == ["Ad 1:", "Ad 2:", "Ad 3:"]


def test_every_table_has_a_marked_header_row_and_alt_text_from_its_caption(editions: Editions) -> None:
    document = docx.Document(str(editions.final))
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert len(document.tables) == len(captions) == 2
    for table, caption in zip(document.tables, captions):
        properties = oxml.find(oxml.xml_of(table), "w:tblPr")
        title = oxml.find(properties, "w:tblCaption")
        description = oxml.find(properties, "w:tblDescription")
        assert title is not None and oxml.attribute(title, "w:val") == readable(caption)
        headings = [cell.text for cell in table.rows[0].cells]
        expected = f"{readable(caption)}. Tabellen har {len(table.rows) - 1} rækker og {len(headings)} kolonner: {', '.join(h for h in headings if h)}."
        assert description is not None and oxml.attribute(description, "w:val") == expected
        assert oxml.find(oxml.xml_of(table.rows[0]), "w:trPr/w:tblHeader") is not None


def test_the_letter_has_a_title_and_is_in_danish(editions: Editions) -> None:
    document = docx.Document(str(editions.final))
    assert document.core_properties.title == "Svar til Hassan Nur Wardere vedrørende data på fleksjob"
    assert document.core_properties.language == "da-DK"
    defaults = oxml.find(oxml.xml_of(document.styles), "w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    assert oxml.attribute(defaults, "w:val") == "da-DK"


def test_a_publication_pdf_is_tagged_with_title_language_headings_and_table_headers(editions: Editions, tmp_path: Path) -> None:
    soffice()
    reply = tmp_path / "svar.docx"
    shutil.copy(editions.final, reply)
    pdf = publication_pdf(reply)

    assert pdf == tmp_path / "svar.tilgængelig.pdf"
    info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Svar til Hassan Nur Wardere vedrørende data på fleksjob$", info, re.MULTILINE)
    assert b"/Lang(da-DK)" in pdf.read_bytes()
    structure = subprocess.run([tool("pdfinfo"), "-struct", str(pdf)], capture_output=True, text=True).stdout
    elements = [line.strip().split(" ")[0].rstrip(":") for line in structure.splitlines() if not line.strip().startswith("/")]
    assert elements.count("H1") == 2 and elements.count("H2") == 3
    assert elements.count("Table") == 2 and "TH" in elements
    assert annotation_texts(pdf) == []  # a published letter carries no review notes


def test_cli_writes_the_publication_pdf_and_warns_about_a_draft(editions: Editions, tmp_path: Path) -> None:
    soffice()
    reply = tmp_path / "svar.docx"
    shutil.copy(editions.draft, reply)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "forhåndsvis", "--pdf-til-offentliggørelse", str(reply)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"skrev {tmp_path / 'svar.tilgængelig.pdf'}"
    assert "udkast" in result.stderr
    assert (tmp_path / "svar.tilgængelig.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "svar.forhåndsvisning.pdf").exists()
