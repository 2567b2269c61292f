"""The page and the case register (issue 26), in a real browser: a draft and a final made on the page are the
inquiry's letters in the register, the start page lists the open inquiries by deadline, and an inquiry's page
shows its letters and history — the same the terminal's `svarbrev sag` shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import axe_violations, live_server

from generator.cli import main
from generator.register import Register
from generator.web.app import WebSettings, create_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

FLEKSJOB = Path(__file__).parent / "fixtures" / "indgaaende" / "fleksjob.txt"


@pytest.fixture
def register_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    register = tmp_path / "svarbrev.db"
    with live_server(create_app(WebSettings(data_dir=None, image_workers=0, register=register, work_root=tmp_path))) as url:
        yield url, register


def test_an_inquiry_drafted_and_finished_on_the_page_is_listed_with_its_letters(browser_page: Page, register_server: tuple[str, Path]) -> None:
    page, (server, register) = browser_page, register_server
    page.goto(server + "/")
    assert page.get_by_role("table", name=re.compile("Sager i sagsregistret")).count() == 0  # no register yet: no list

    page.get_by_label("Henvendelsens tekst").fill(FLEKSJOB.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Læs henvendelsen").click()
    page.wait_for_url(re.compile(r"/arbejde/[^/]+/$"))
    page.get_by_role("group", name="Spørgsmål 3", exact=True).get_by_label("Eget svar (valgfrit)").fill("Det kræver en særskilt analyse.")
    page.get_by_role("button", name="Lav udkast").click()
    page.wait_for_url(re.compile(r"/udkast$"))
    page.get_by_role("button", name="Lav endelig udgave").click()
    page.wait_for_load_state()
    assert "Klar til underskrift" in page.get_by_role("status").inner_text()

    with Register.open(register) as opened:
        [case] = opened.cases()
        letters = opened.letters(case)
    assert case.status == "endelig" and [letter.final for letter in letters] == [False, True]

    page.goto(server + "/")
    table = page.get_by_role("table", name=re.compile("Sager i sagsregistret"))
    row = table.locator("tbody tr")
    assert row.count() == 1
    cells = row.first.locator("th, td").all_inner_texts()
    assert cells[0] == case.label and cells[1] == f"{case.deadline:%d-%m-%Y}" and cells[3] == "endelig"
    assert cells[2].endswith("over fristen")  # the inquiry's date is long past: said in words, not by colour alone
    assert axe_violations(page) == []

    row.first.get_by_role("link", name=case.label).click()
    page.wait_for_url(re.compile(r"/sager/\d+$"))
    assert page.locator("#status").inner_text() == "endelig"
    history = page.locator("table.letters tbody tr").all_inner_texts()
    assert [re.split(r"\s+", line)[1] for line in history] == ["udkast", "endelig"]
    assert axe_violations(page) == []

    assert main(["sag", case.label, "--sendt", "--register", str(register)]) == 0  # sent, from the terminal
    page.reload()
    assert page.locator("#status").inner_text() == "sendt"
    assert "status: sendt" in page.locator("ul.history").inner_text()
    page.goto(server + "/")
    assert page.get_by_role("table", name=re.compile("Sager i sagsregistret")).count() == 0  # nothing open is left

    # The same inquiry once more: its draft says which questions were answered before, with the figures then and now.
    page.get_by_label("Henvendelsens tekst").fill(FLEKSJOB.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Læs henvendelsen").click()
    page.wait_for_url(re.compile(r"/arbejde/[^/]+/$"))
    page.get_by_role("button", name="Lav udkast").click()
    page.wait_for_url(re.compile(r"/udkast$"))
    notes = page.locator("section.note").first.inner_text()
    assert f"spørgsmål 1: samme spørgsmål blev besvaret {letters[1].letter_date:%d-%m-%Y} i sag {case.label}: 5.192" in notes
    assert "med nyeste data de samme" in notes
