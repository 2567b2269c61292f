"""`svarbrev web` in a real browser: Debian's Chromium driven by Playwright through the page's own
controls (labels, roles, the keyboard), axe-core on every page, and a screenshot of each step.

The screenshots (1280×800, the viewport) go to docs/skaermbilleder/, or to $SVARBREV_SKAERMBILLEDER.
Skipped where Chromium, Playwright or axe-core is missing (failed instead when SVARBREV_KRAEV_CHROMIUM=1).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from browser import axe_violations, live_server

from generator.web.app import WebSettings, create_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
INQUIRIES = Path(__file__).parent / "fixtures" / "indgaaende"
FLEKSJOB = INQUIRIES / "fleksjob.txt"
KONTANTHJAELP = INQUIRIES / "kontanthjaelp.eml"
OWN_ANSWER = "Forvaltningen har ikke undersøgt årsagerne nærmere; det kræver en særskilt analyse."


def _screenshot_dir() -> Path:
    folder = Path(
        os.environ.get("SVARBREV_SKAERMBILLEDER") or REPO / "docs" / "skaermbilleder"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _screenshot(page: Page, name: str) -> None:
    """The viewport (1280×800) as the user sees it at the top of the page."""
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(_screenshot_dir() / name), full_page=False)


def _assert_accessible(page: Page, what: str) -> None:
    violations = axe_violations(page, impacts=("serious", "critical"))
    assert violations == [], f"axe på {what}: {violations}"


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(create_app(WebSettings(data_dir=None))) as url:
        yield url


def _paste_reference_inquiry(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Henvendelsens tekst").fill(FLEKSJOB.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Læs henvendelsen").click()
    page.wait_for_url(re.compile(r"/arbejde/[^/]+/$"))


def _make_draft(page: Page) -> None:
    page.get_by_role("button", name="Lav udkast").click()
    page.wait_for_url(re.compile(r"/udkast$"))


def _question(page: Page, number: int):
    return page.get_by_role("group", name=f"Spørgsmål {number}", exact=True)


def _selected_metrics(page: Page, number: int) -> list[str]:
    return [
        select.input_value()
        for select in _question(page, number)
        .get_by_label(re.compile(r"^Metrik \d+$"))
        .all()
    ]


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [
        cell.text
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    ]
    return "\n".join(paragraphs + cells)


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_reference_inquiry_review_change_draft_and_download(
    browser_page: Page, server: str, tmp_path: Path
) -> None:
    page = browser_page
    page.goto(server + "/")
    _assert_accessible(page, "forsiden")
    _screenshot(page, "1-start.png")

    _paste_reference_inquiry(page, server)
    _assert_accessible(page, "gennemsynet")
    _screenshot(page, "2-gennemse.png")
    inquiry = _words(FLEKSJOB.read_text(encoding="utf-8"))

    # The matcher's calls, each with its reasons quoting the inquiry's own words.
    assert _selected_metrics(page, 1) == [
        "fleksjob.antal",
        "fleksjob.kommunen_som_arbejdsgiver",
    ]
    assert _selected_metrics(page, 2) == ["fleksjob.sammenligning"]
    assert _selected_metrics(page, 3) == []
    assert "Ingen tal:" in _question(page, 3).inner_text()
    for number, expected in [
        (1, ["fleksjob.antal", "fleksjob.kommunen_som_arbejdsgiver"]),
        (2, ["fleksjob.sammenligning"]),
        (3, ["ingen metrik"]),
    ]:
        reasons = _question(page, number).locator(".reasons li").all_inner_texts()
        assert [reason.split(" ")[0].rstrip(":") for reason in reasons] == [
            e.split(" ")[0] for e in expected
        ], reasons
        for reason in reasons:
            quoted = re.findall(r"»(.+?)«", reason)
            assert quoted, reason
            for words in quoted:
                assert _words(words) in inquiry, f"{words!r} står ikke i henvendelsen"
    assert "årsagerne" in _question(page, 3).locator(".reasons").inner_text()

    # The reference letter's date, so the letter (and the committed screenshots of it) do not change with the day.
    page.get_by_label("Brevets dato", exact=False).fill("2025-07-08")
    # One parameter changed with the page's controls: question 1's count for Aarhus instead of the home municipality.
    first_call = _question(page, 1).locator(".call").first
    area = first_call.get_by_label("Område", exact=True)
    area.click()
    area.fill("Aarhus")
    first_call.evaluate(
        "(call) => window.scrollTo(0, call.getBoundingClientRect().top + window.scrollY - 120)"
    )
    page.screenshot(
        path=str(_screenshot_dir() / "2b-gennemse-spoergsmaal-1.png"), full_page=False
    )
    _make_draft(page)
    # The draft page answers at once with the letter's text; the page images follow by themselves (the page asks
    # how far they are and shows itself again when they are there).
    first_view = page.content()  # one snapshot: the page shows itself again as soon as the images are there
    if "Billederne af siderne bliver lavet nu" in first_view:
        assert 'class="letter"' in first_view and "Ad 1: ”" in first_view and "<img" not in first_view
    page.wait_for_selector(".pages img", timeout=180_000)
    _assert_accessible(page, "udkastet")

    images = page.get_by_role("img", name=re.compile(r"^Side \d+ af udkastet$"))
    assert images.count() >= 1
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pages img')].every((img) => img.complete && img.naturalWidth > 0)"
    )
    _screenshot(page, "3-udkast.png")
    page.get_by_role("heading", name="Brevet").evaluate(
        "(heading) => window.scrollTo(0, heading.offsetTop - 8)"
    )
    page.screenshot(
        path=str(_screenshot_dir() / "3b-udkast-brevet.png"), full_page=False
    )

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Udkastet")).click()
    assert download.value.suggested_filename == "henvendelse.svar.docx"
    saved = tmp_path / "henvendelse.svar.docx"
    download.value.save_as(saved)
    text = _docx_text(saved)

    answer_1 = _section(text, "Ad 1:", "Ad 2:")
    assert (
        "Aarhus Kommune" in answer_1 and "6.491" in answer_1
    )  # the changed area, with Aarhus's figure
    assert (
        "Københavns Kommune havde i april 2025 991 personer ansat i fleksjob"
        in answer_1
    )  # the other call of question 1
    answer_2 = _section(text, "Ad 2:", "Ad 3:")
    assert "6-byer" in answer_2 and "Tabel 1" in answer_2
    assert "[Svar mangler]" in _section(text, "Ad 3:", "Med venlig hilsen")
    assert "Hassan Nur Wardere" in text


def test_eml_upload_shows_sender_subject_and_questions(
    browser_page: Page, server: str
) -> None:
    page = browser_page
    page.goto(server + "/")
    page.get_by_label("… eller en fil").set_input_files(str(KONTANTHJAELP))
    page.get_by_role("button", name="Læs henvendelsen").click()
    page.wait_for_url(re.compile(r"/arbejde/[^/]+/$"))

    assert page.get_by_label("Modtager (afsenderen)").input_value() == "Sara Andersen"
    assert (
        page.get_by_label("Emne", exact=True).input_value() == "kontanthjælp"
    )  # "SV: Spørgsmål om kontanthjælp", MIME-decoded
    assert page.get_by_label("Henvendelsens dato").input_value() == "2026-09-01"
    questions = [
        _question(page, n).get_by_label("Spørgsmålets tekst").input_value()
        for n in (1, 2, 3)
    ]
    assert questions[0].startswith("Hvor mange københavnere modtager kontanthjælp")
    assert "andre store byer" in questions[1]
    assert "udviklet sig" in questions[2]
    assert [_selected_metrics(page, n) for n in (1, 2, 3)] == [
        ["kontanthjaelp.antal"],
        ["kontanthjaelp.sammenligning"],
        ["kontanthjaelp.udvikling"],
    ]
    shown = page.get_by_label("Henvendelsens tekst").inner_text()
    assert (
        "Tak for dit hurtige svar i går." in shown and "=C3" not in shown
    )  # the body, quoted-printable decoded
    _assert_accessible(page, "gennemsynet af en e-mail")
    _screenshot(page, "2-gennemse-eml.png")


def test_final_refused_then_made_and_checked(
    browser_page: Page, server: str, tmp_path: Path
) -> None:
    page = browser_page
    _paste_reference_inquiry(page, server)
    _make_draft(page)

    # Question 3 has no answer: the final version is refused, with the list of what is missing.
    page.get_by_role("button", name="Lav endelig udgave").click()
    page.wait_for_load_state()
    refused = page.get_by_role("alert")
    assert "kan ikke laves endnu" in refused.inner_text()
    assert "spørgsmål 3" in refused.inner_text()
    _assert_accessible(page, "den nægtede endelige udgave")
    _screenshot(page, "4-endelig-naegtet.png")

    # Answer question 3 in the review and make the draft again: the final is made. examples/data holds
    # published figures, not example data, so "Tillad eksempeldata" stays unticked.
    page.get_by_role("link", name="Ret det i gennemsynet").click()
    _question(page, 3).get_by_label("Eget svar (valgfrit)").fill(OWN_ANSWER)
    _make_draft(page)
    assert not page.get_by_label(re.compile(r"Tillad eksempeldata")).is_checked()
    page.get_by_role("button", name="Lav endelig udgave").click()
    page.wait_for_load_state()
    status = page.get_by_role("status")
    assert "Klar til underskrift" in status.inner_text(), page.locator(
        "main"
    ).inner_text()
    assert "eksempeldata" not in status.inner_text()
    _assert_accessible(page, "den endelige udgave")
    _screenshot(page, "4-endelig.png")

    with page.expect_download() as final_download:
        page.get_by_role("link", name=re.compile(r"^Den endelige udgave")).click()
    final = tmp_path / "henvendelse.svar-endelig.docx"
    final_download.value.save_as(final)
    assert OWN_ANSWER in _docx_text(final)
    with page.expect_download() as sidecar_download:
        page.get_by_role("link", name=re.compile(r"^Dens sidefil")).click()
    sidecar = tmp_path / "henvendelse.svar-endelig.tal.json"
    sidecar_download.value.save_as(sidecar)

    # tjek: the final letter and its sidecar, unchanged, check out.
    page.get_by_role("link", name="Tjek et rettet svar").click()
    page.get_by_label("Svarbrevet (.docx)").set_input_files(str(final))
    page.get_by_label(re.compile(r"^Sidefilen")).set_input_files(str(sidecar))
    page.get_by_role("button", name="Tjek svaret").click()
    page.wait_for_load_state()
    result = page.get_by_role("region", name="Resultat")
    assert "OK:" in result.inner_text()
    _assert_accessible(page, "tjek med et resultat")
    _screenshot(page, "5-tjek.png")


def test_tjek_and_error_pages_are_accessible(browser_page: Page, server: str) -> None:
    page = browser_page
    page.goto(server + "/tjek")
    _assert_accessible(page, "tjek uden resultat")
    _screenshot(page, "5-tjek-tom.png")

    response = page.goto(server + "/findes-ikke")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Findes ikke"
    _assert_accessible(page, "fejlsiden (404)")
    _screenshot(page, "6-fejl.png")

    response = page.goto(server + "/arbejde/ukendt/")
    assert response is not None and response.status == 404
    _assert_accessible(page, "et ukendt arbejde (404)")


def test_keyboard_only_skip_link_and_main_flow(browser_page: Page, server: str) -> None:
    page = browser_page
    page.goto(server + "/")

    # The first Tab reaches the skip link, which shows itself and moves on to the main content.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent, cls: document.activeElement.className})"
    )
    assert focused == {"text": "Gå til indholdet", "cls": "skip"}
    assert page.locator("a.skip").bounding_box()["x"] >= 0  # visible when focused
    page.screenshot(
        path=str(_screenshot_dir() / "7-tastatur-spring-til-indhold.png"),
        full_page=False,
    )
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#indhold"

    # From the main content, the next Tab is the inquiry's text field: type, Tab on to the button, Enter.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "henvendelse"
    page.keyboard.insert_text(FLEKSJOB.read_text(encoding="utf-8"))
    for _ in range(5):
        page.keyboard.press("Tab")
        if (
            page.evaluate(
                "document.activeElement.tagName + ':' + document.activeElement.textContent"
            )
            == "BUTTON:Læs henvendelsen"
        ):
            break
    else:
        pytest.fail("Tab nåede ikke knappen »Læs henvendelsen«")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/arbejde/[^/]+/$"))
    assert (
        page.get_by_label("Modtager (afsenderen)").input_value() == "Hassan Nur Wardere"
    )

    # On the review page the skip link lands in the main content too, and the draft is made by keyboard.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#indhold"
    page.get_by_role("button", name="Lav udkast").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/udkast$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Udkast"


def test_a_word_svarbrev_does_not_know_is_accepted_with_a_tick(browser_page: Page, server: str) -> None:
    page = browser_page
    page.goto(server + "/")
    page.get_by_label("Henvendelsens tekst").fill("Fra: Anna Hansen\nDato: 25. juni 2025\nEmne: Fleksjob\n\nHvor mange er i fleksjob for øjeblikket, overslagsmæssigt?\n")
    page.get_by_role("button", name="Læs henvendelsen").click()
    page.wait_for_url(re.compile(r"/arbejde/[^/]+/$"))
    question = _question(page, 1)
    assert "svarbrev kender ikke ordet" in question.inner_text()
    _assert_accessible(page, "et spørgsmål med et ukendt ord")
    question.get_by_role("checkbox", name="overslagsmæssigt").check()
    page.get_by_role("button", name="Gem ændringer").click()
    page.wait_for_load_state()
    question = _question(page, 1)
    assert question.get_by_role("checkbox", name="overslagsmæssigt").is_checked()
    assert "svarbrev kender ikke ordet" not in question.inner_text()
