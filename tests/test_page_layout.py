"""How a letter falls on pages, as LibreOffice lays it out (issue 9, item 7).

Letters of growing length are converted in one LibreOffice run; as the answer grows one line at a
time, the closing block passes every position on the page, the page break among them.

The keep-with-next marks themselves are tested in the XML (test_word_template.py). LibreOffice 7.4
honours a keep-with-next chain of two paragraphs only: "Ad N" with its first paragraph, and the
signer's name with the title, hold here; "Med venlig hilsen" → signature → name → title is a chain of
four, which Word keeps together and LibreOffice may still split after the greeting.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from office import convert_to_pdfs
from test_review_and_final import tiny_png
from test_word_template import LETTER_VALUES, REAL_TEMPLATE

from generator.letter.writer import WordTemplate
from generator.rendering.blocks import AnswerSection, TextBlock

LINE = "Antallet af borgere i fleksjob er steget."  # one short line


def pdf_pages(pdf: Path) -> list[str]:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) er ikke installeret")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


LAST_LINE = "Tallene for Aarhus er fra samme udtræk."


def letter(folder: Path, name: str, signature: Path, lines: int) -> Path:
    """A signed letter whose first answer has `lines` one-line paragraphs (and a second answer)."""
    template = WordTemplate(REAL_TEMPLATE)
    template.fill_placeholders(LETTER_VALUES)
    template.insert_questions(["Hvor mange er i fleksjob?", "Og i Aarhus?"])
    first = AnswerSection(1, "Hvor mange er i fleksjob?", [TextBlock(f"{LINE} ({n})") for n in range(lines)])
    aarhus = TextBlock("I Aarhus er 6.491 i fleksjob, og andelen er 3,3 procent af arbejdsstyrken, hvilket er over landsgennemsnittet.")
    # Letters of an even length end with a second paragraph: the closing must not leave it behind on the page before.
    second = AnswerSection(2, "Og i Aarhus?", [aarhus, TextBlock(LAST_LINE)] if lines % 2 == 0 else [aarhus])
    template.insert_answers([first, second], ["Ad 1: ”Hvor mange er i fleksjob?”", "Ad 2: ”Og i Aarhus?”"])
    template.insert_signature(signature)
    path = folder / f"{name}.docx"
    path.write_bytes(template.to_bytes(date(2025, 7, 8)))
    return path


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> list[list[str]]:
    folder = tmp_path_factory.mktemp("sider")
    signature = folder / "signatur.png"
    signature.write_bytes(tiny_png(300, 100))
    documents = [letter(folder, f"brev-{lines:02d}", signature, lines) for lines in range(14, 44)]
    return [pdf_pages(pdf) for pdf in convert_to_pdfs(documents, folder / "pdf", folder / "lo-profil")]


def page_of(pages: list[str], text: str) -> int:
    found = [number for number, page in enumerate(pages) if text in page]
    assert found, f"{text!r} står ikke i PDF'en"
    return found[-1]


def test_the_closing_block_passes_a_page_break_in_these_letters(laid_out: list[list[str]]) -> None:
    """The test below proves something only if some letter was long enough to reach page 2's end."""
    assert len({len([page for page in pages if page.strip()]) for pages in laid_out}) >= 2


def test_the_signers_name_and_title_always_stand_on_one_page(laid_out: list[list[str]]) -> None:
    for pages in laid_out:
        assert page_of(pages, "Anne Jensen") == page_of(pages, "Direktør")


def test_an_answer_heading_never_ends_a_page_without_its_first_paragraph(laid_out: list[list[str]]) -> None:
    for pages in laid_out:
        assert page_of(pages, "Ad 2: ”Og i Aarhus?”") == page_of(pages, "I Aarhus er 6.491 i fleksjob")


def test_the_closing_never_begins_a_page_without_the_last_answer_paragraph(laid_out: list[list[str]]) -> None:
    ending_with_two = [pages for pages in laid_out if LAST_LINE in "".join(pages)]
    assert ending_with_two
    for pages in ending_with_two:
        assert page_of(pages, LAST_LINE) == page_of(pages, "Med venlig hilsen")


# -- issue 9, item 8: line breaks as a typesetter would set them --------------------------------


@pytest.fixture(scope="module")
def reference_pdf_lines(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    from generator.reply import generate_reply

    folder = tmp_path_factory.mktemp("reference-pdf")
    reference = Path(__file__).resolve().parent.parent / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
    letter_path = generate_reply(reference, folder / "svar.docx", final=True).output
    (pdf,) = convert_to_pdfs([letter_path], folder / "pdf", folder / "lo-profil")
    return "\n".join(pdf_pages(pdf)).splitlines()


def test_the_long_compound_header_breaks_at_its_joint(reference_pdf_lines: list[str]) -> None:
    lines = [line.strip() for line in reference_pdf_lines]
    assert any(line.endswith("Ledighedsydelses-") for line in lines), [line for line in lines if "Ledighed" in line]
    assert any(line.endswith("modtagere i pct. **") and "Ledighedsydelses" not in line for line in lines)
    assert not any(line.lower().startswith("smodtagere") or line.endswith("Ledighedsydelse") for line in lines)


def test_no_line_breaks_inside_6_byer_or_between_a_number_and_its_noun(reference_pdf_lines: list[str]) -> None:
    lines = [line.strip() for line in reference_pdf_lines if line.strip()]
    for line, following in itertools.pairwise(lines):
        assert not (line.endswith("6-") and following.startswith("byer")), (line, following)
        assert not (re.search(r"(?<!\S)\d{1,2}\.$", line) and following.startswith(("kvartal", "juni", "august", "juli"))), (line, following)
        assert not (re.search(r"\d,\d$", line) and following.startswith("procent")), (line, following)
