"""`svarbrev web` as a caseworker meets it, route by route: paste an inquiry, review and edit the
plan, make a draft (the same bytes `svarbrev generate` makes), the final gate, `tjek`, and every
refusal as one Danish line on a Danish page.

Forms are posted as the browser would: the page's own fields are read out of its HTML (FormFields)
and only what a test changes is overridden. LibreOffice draws the page images of a draft, which
takes seconds; only the shared draft (`drafted`) is drawn, other drafts skip the images.
"""

from __future__ import annotations

import base64
import datetime
import io
import json
import logging
import re
import subprocess
import sys
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from generator import cli
from generator.errors import SvarbrevError
from generator.web import WebSettings, create_app
from generator.web import app as web_app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "data"
INQUIRIES = ROOT / "tests" / "fixtures" / "indgaaende"
FLEKSJOB = (INQUIRIES / "fleksjob.txt").read_text(encoding="utf-8")
REFERENCE_QUESTION_FILE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
DISTINCTIVE = "budgetforhandlingerne og drøftelsen"  # words of the inquiry that only the inquiry has
WORD_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- reading pages ---------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields of the first <form> with `action`, as a browser would submit them (without buttons):
    inputs (checkboxes only when checked), textareas and selects (the selected option, else the first)."""

    def __init__(self, action: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.action, self.fields, self._in_form, self._done = action, [], False, False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and not self._done and (self.action is None or a.get("action") == self.action):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
            elif kind not in ("file", "submit", "button", "image", "reset"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value") or "", "selected" in a))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self.fields.extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def form_of(html: str, action: str | None = None, **changes: str | list[str] | None) -> dict[str, list[str]]:
    """The page's form as posted, with `changes` (field name with "_" for "-"; None removes the field)."""
    parser = FormFields(action)
    parser.feed(html)
    assert parser.fields, f"no form {action} on the page"
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    for key, value in changes.items():
        name = key.replace("_", "-")
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return data


def fields(form: dict[str, list[str]], *names: str) -> dict[str, str]:
    """The single values of some fields of a form, to compare in one go."""
    return {name: ", ".join(form.get(name, ["(mangler)"])) for name in names}


def text_of(html: str) -> str:
    """The page as read: tags dropped, entities decoded, white space folded."""
    html = re.sub(r"<(script|style|select)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def error_line(html: str) -> str:
    """The one line of the page's error box."""
    match = re.search(r'<div class="error" role="alert"[^>]*>.*?<p>(.*?)</p>', html, re.DOTALL)
    assert match, "no error box on the page"
    return text_of(match.group(1))


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


def final_fields(draft_page: str) -> dict[str, str]:
    """What the draft page's "Lav endelig udgave" sends: the form's token and the version of the draft shown."""
    version = re.search(r'name="version" value="([^"]*)"', draft_page)
    assert version
    return {"csrf": csrf_of(draft_page), "version": version.group(1)}


def question_section(html: str, number: int) -> str:
    match = re.search(rf'<fieldset class="question" id="spoergsmaal-{number}">.*?(?=<fieldset class="question"|<datalist)', html, re.DOTALL)
    assert match, f"no question {number}"
    return match.group(0)


def is_danish_page(html: str) -> bool:
    return '<html lang="da">' in html


# --- working the page ------------------------------------------------------------------------------


def make_app(tmp_path: Path, **settings) -> Flask:
    settings.setdefault("data_dir", DATA)
    app = create_app(WebSettings(work_root=tmp_path, **settings))
    app.config["TESTING"] = False  # errors go through the app's own error pages, as in use
    return app


def wait_for_images(client: FlaskClient, review: str, seconds: float = 180) -> dict:
    """The draft's page-image state once it is no longer "venter" (the images are drawn in the background)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        state = json.loads(client.get(f"{review}sider.json").get_data(as_text=True))
        if state["tilstand"] != "venter" or time.monotonic() > deadline:
            return state
        time.sleep(0.2)


def paste(client: FlaskClient, text: str = FLEKSJOB) -> str:
    """Paste an inquiry on the start page; returns the review page's path."""
    token = csrf_of(client.get("/").get_data(as_text=True))
    response = client.post("/", data={"csrf": token, "henvendelse": text})
    assert response.status_code == 303, text_of(response.get_data(as_text=True))
    return response.headers["Location"]


def upload(client: FlaskClient, content: bytes, filename: str):
    token = csrf_of(client.get("/").get_data(as_text=True))
    return client.post("/", data={"csrf": token, "fil": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def press(client: FlaskClient, review: str, handling: str, **changes: str | list[str] | None):
    """Press a button of the review page after changing some fields; the response, not followed."""
    page = client.get(review).get_data(as_text=True)
    return client.post(review, data=form_of(page, action=review, handling=handling, **changes))


def press_ok(client: FlaskClient, review: str, handling: str, **changes: str | list[str] | None) -> str:
    response = press(client, review, handling, **changes)
    assert response.status_code == 303, error_line(response.get_data(as_text=True))
    return client.get(review).get_data(as_text=True)


def download(client: FlaskClient, review: str, what: str) -> bytes:
    response = client.get(f"{review}hent/{what}")
    assert response.status_code == 200, what
    return response.data


def question_file(client: FlaskClient, review: str) -> dict:
    return yaml.safe_load(download(client, review, "yaml").decode("utf-8"))


@pytest.fixture
def no_page_images(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drafts as on a machine without LibreOffice: no page images, the draft page shows the letter as text."""
    import generator.preview

    def unavailable(path: Path, comments: bool = True, profile: Path | None = None) -> None:
        raise SvarbrevError("LibreOffice (soffice) findes ikke på denne maskine")

    monkeypatch.setattr(generator.preview, "preview", unavailable)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class Drafted:
    """The reference inquiry pasted and drafted once (with page images), shared by the tests below."""

    def __init__(self, app: Flask, client: FlaskClient, review: str, draft_page: str) -> None:
        self.app, self.client, self.review, self.draft_page = app, client, review, draft_page


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Drafted:
    app = make_app(tmp_path_factory.mktemp("web"))
    client = app.test_client()
    review = paste(client)
    response = press(client, review, "udkast")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{review}udkast"
    first = client.get(response.headers["Location"]).get_data(as_text=True)
    if "Billederne af siderne bliver lavet nu" in first:  # the letter's text at once, the images after
        assert "var 5.192 københavnere ansat i fleksjob" in text_of(first) and "<img" not in first
        assert 'src="/static/sidebilleder.js"' in first
    else:
        assert 'alt="Side 1 af udkastet"' in first
    assert wait_for_images(client, review)["tilstand"] == "klar"
    draft_page = client.get(response.headers["Location"])
    assert draft_page.status_code == 200
    return Drafted(app, client, review, draft_page.get_data(as_text=True))


# --- 1. every page ------------------------------------------------------------------------------


def test_every_page_is_danish(drafted: Drafted, tmp_path: Path) -> None:
    client, review = drafted.client, drafted.review
    pages = {
        "/": "Ny henvendelse",
        review: "Gennemse svaret",
        f"{review}udkast": "Udkast",
        "/tjek": "Tjek et rettet svar",
        "/findes-ikke": "Findes ikke",
        "/arbejde/ukendt/": "Findes ikke",
    }
    for path, heading in pages.items():
        html = client.get(path).get_data(as_text=True)
        assert is_danish_page(html), path
        assert f"<h1>{heading}" in html, (path, text_of(html)[:200])
    final = client.post(f"{review}endelig", data=final_fields(drafted.draft_page))
    assert is_danish_page(final.get_data(as_text=True))
    assert "<h1>Endelig udgave</h1>" in final.get_data(as_text=True)
    not_allowed = client.get(f"{review}endelig")  # the final is made by the draft page's button
    assert not_allowed.status_code == 405
    assert "Den handling kan ikke bruges her." in text_of(not_allowed.get_data(as_text=True))
    assert is_danish_page(not_allowed.get_data(as_text=True))


def test_the_draft_page_shows_page_images_and_the_figures_sources(drafted: Drafted) -> None:
    html, client, review = drafted.draft_page, drafted.client, drafted.review
    assert 'alt="Side 1 af udkastet"' in html
    image = client.get(f"{review}side/1.png")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data.startswith(b"\x89PNG")
    assert client.get(f"{review}side/99.png").status_code == 404
    page = text_of(html)
    assert "Udkastet (henvendelse.svar.docx)" in page
    assert "Spørgsmålsfilen (henvendelse.yaml)" in page


def test_without_libreoffice_the_draft_page_shows_the_letter_as_text(client: FlaskClient, no_page_images: None) -> None:
    review = paste(client)
    response = press(client, review, "udkast")
    assert wait_for_images(client, review) == {"udkast": wait_for_images(client, review)["udkast"], "tilstand": "fejl", "sider": 0,
                                               "besked": "LibreOffice (soffice) findes ikke på denne maskine"}
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    page = text_of(html)
    assert "Billeder af siderne kræver LibreOffice" in page and "soffice" in page
    assert "<img" not in html
    assert "Ad 1: ”Hvor mange københavnere er pt i fleksjob?" in page
    assert "var 5.192 københavnere ansat i fleksjob" in page
    assert '<th scope="row">Hele landet</th><td>97.443</td>' in html  # Tabel 1's first row


def test_the_draft_page_lists_every_figure_with_its_source(drafted: Drafted) -> None:
    sidecar = json.loads(download(drafted.client, drafted.review, "tal"))
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", drafted.draft_page, re.DOTALL)
    assert [(int(q), text) for q, text in rows] == [(figure["spørgsmål"], figure["tekst"]) for figure in sidecar["tal"]]
    assert "Jobindsats.dk, y08a02 (y08a02_2025-06-30.csv, udtræk 2025-06-30)" in text_of(drafted.draft_page)
    assert "5.192 − 4.887 = 305" in text_of(drafted.draft_page)  # a computed figure shows its computation


# --- 2. the reference inquiry, pasted --------------------------------------------------------------


def test_the_reference_inquiry_is_read_as_svarbrev_ny_reads_it(client: FlaskClient) -> None:
    review = paste(client)
    html = client.get(review).get_data(as_text=True)
    form = form_of(html, action=review)
    assert fields(form, "modtager", "dato", "antal", "s1-k1-id", "s1-k2-id", "s2-k1-id", "s3-auto") == {
        "modtager": "Hassan Nur Wardere", "dato": "2025-06-25", "antal": "3",
        "s1-k1-id": "fleksjob.antal", "s1-k2-id": "fleksjob.kommunen_som_arbejdsgiver", "s2-k1-id": "fleksjob.sammenligning",
        "s3-auto": "ja",  # question 3 is left to the matcher, which finds no metric
    }
    assert "s3-k1-id" not in form

    first, second, third = (text_of(question_section(html, n)) for n in (1, 2, 3))
    assert "fleksjob.antal (0,95): »fleksjob« → fleksjob; »Hvor mange«, »pt« → antal" in first
    assert "fleksjob.kommunen_som_arbejdsgiver (0,95): »fleksjob« → fleksjob; »i Københavns Kommune« → kommunen_som_arbejdsgiver" in first
    assert "fleksjob.sammenligning (0,80): ordningen fra spørgsmål 1 (»fleksjob«) → fleksjob; »sammenlignet«, »6-byer«, »øvrige« → sammenligning" in second
    assert "Ingen tal: svarbrev fandt ingen metrik." in third
    assert "spørger om 'årsagerne', som tal ikke besvarer" in third

    page = text_of(html)
    assert "Ikke taget med som spørgsmål" in page
    not_taken = text_of(html.split('<ul class="not-taken">', 1)[1].split("</ul>", 1)[0])
    assert "I forbindelse med budgetforhandlingerne og drøftelsen af den kommunale beskæftigelsesindsats" in not_taken
    assert "Jeg har derfor nogle spørgsmål om data på fleksjob" in not_taken
    assert "spørgsmål 3 fik ingen metrik; skriv et svar, ellers står der [Svar mangler] i brevet" in page


def test_an_inquiry_without_questions_is_refused_and_not_kept(app: Flask, client: FlaskClient) -> None:
    token = csrf_of(client.get("/").get_data(as_text=True))
    response = client.post("/", data={"csrf": token, "henvendelse": "Hej\n\nTak for sidst."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert error_line(html) == (
        "henvendelse.txt: fandt ingen spørgsmål i henvendelsen; spørgsmål skal stå som nummererede punkter, "
        "som punktopstilling eller som sætninger, der slutter med '?'"
    )
    assert "Tak for sidst.</textarea>" in html  # the pasted text is given back to be corrected
    workspaces = app.extensions["svarbrev"]
    assert len(workspaces) == 0 and not any(workspaces.root.iterdir())  # nothing of it stays on disk


def test_nothing_pasted_is_asked_for_again(client: FlaskClient) -> None:
    token = csrf_of(client.get("/").get_data(as_text=True))
    response = client.post("/", data={"csrf": token, "henvendelse": "   "})
    assert response.status_code == 400
    assert error_line(response.get_data(as_text=True)) == "Indsæt henvendelsens tekst, eller vælg en fil."


# --- 3. editing -----------------------------------------------------------------------------------


def test_edits_reach_the_question_file_exactly(client: FlaskClient, no_page_images: None) -> None:
    review = paste(client)
    # Question 1: a period and an area for its first metric, a breakdown.
    press_ok(client, review, "gem", s1_k1_periode="2024", s1_k1_område="København, Aarhus", s1_k1_opdeling=["køn"])
    # Question 2 changes metric: the comparison's parameters the new metric does not take are dropped.
    press_ok(client, review, "gem", s2_k1_id="fleksjob.udvikling", s2_k1_sammenlign_med="Aarhus", s2_k1_periode="2023")
    # An own answer for question 3, and a fourth question, moved up above it, then one deleted.
    press_ok(client, review, "nyt-spørgsmål", s3_svar="Det skyldes visitationen.")
    html = press_ok(client, review, "op-4", s4_tekst="Hvor mange er på ledighedsydelse?")
    assert form_of(html, action=review)["s3-tekst"] == ["Hvor mange er på ledighedsydelse?"]
    press_ok(client, review, "nyt-spørgsmål")
    press_ok(client, review, "slet-5")
    response = press(client, review, "udkast")
    assert response.status_code == 303

    written = question_file(client, review)
    assert written["henvendelse"] == {"modtager": "Hassan Nur Wardere", "dato": datetime.date(2025, 6, 25), "emne": "data på fleksjob"}
    questions = written["spørgsmål"]
    assert [q["tekst"] for q in questions] == [
        "Hvor mange københavnere er pt i fleksjob? Og hvor mange er i fleksjob i Københavns Kommune?",
        "Hvordan er de tal sammenlignet med de øvrige 6-byer (i faktiske tal og sammenlignet med antal indbyggere)?",
        "Hvor mange er på ledighedsydelse?",
        "Hvad er årsagerne til, at der relativt set er færre indbyggere i fleksjob i København end i de øvrige 6-byer?",
    ]
    assert questions[0]["metrikker"] == [
        {"id": "fleksjob.antal", "område": ["København", "Aarhus"], "periode": "2024", "opdeling": ["køn"]},
        "fleksjob.kommunen_som_arbejdsgiver",
    ]
    assert questions[1]["metrikker"] == [{"id": "fleksjob.udvikling"}] or questions[1]["metrikker"] == ["fleksjob.udvikling"]
    assert "metrikker" not in questions[2] and "svar" not in questions[2]  # left to the matcher
    assert questions[3] == {
        "tekst": "Hvad er årsagerne til, at der relativt set er færre indbyggere i fleksjob i København end i de øvrige 6-byer?",
        "svar": "Det skyldes visitationen.",
    }
    assert "brev" not in written and "data" not in written  # nothing the caseworker did not set


def test_taking_over_and_handing_back_the_metric_choice(client: FlaskClient, no_page_images: None) -> None:
    review = paste(client)
    html = press_ok(client, review, "auto-1")
    form = form_of(html, action=review)
    assert form["s1-auto"] == ["ja"] and "s1-k1-id" not in form
    assert "svarbrev vælger selv, når brevet laves:" in text_of(question_section(html, 1))
    html = press_ok(client, review, "selv-1")
    form = form_of(html, action=review)
    assert form["s1-auto"] == ["nej"]
    assert form["s1-k1-id"] == ["fleksjob.antal"] and form["s1-k2-id"] == ["fleksjob.kommunen_som_arbejdsgiver"]
    html = press_ok(client, review, "slet-metrik-1-2", s1_k1_periode="2024-03")
    form = form_of(html, action=review)
    assert form["s1-antal-metrikker"] == ["1"] and form["s1-k1-periode"] == ["2024-03"]
    html = press_ok(client, review, "ny-metrik-3")
    assert form_of(html, action=review)["s3-k1-id"] == ["fleksjob.antal"]
    html = press_ok(client, review, "slet-metrik-3-1")
    assert "Ingen tal (metrikker: [])." in text_of(question_section(html, 3))
    press(client, review, "udkast", s3_svar="Det kan tallene ikke sige.")
    questions = question_file(client, review)["spørgsmål"]
    assert questions[0]["metrikker"] == [{"id": "fleksjob.antal", "periode": "2024-03"}]
    assert questions[2]["metrikker"] == [] and questions[2]["svar"] == "Det kan tallene ikke sige."


def test_a_plan_that_breaks_the_contract_is_named_by_its_field(client: FlaskClient) -> None:
    review = paste(client)
    html = press_ok(client, review, "gem", s1_k1_periode="i forgårs")
    assert "Skal rettes, før der kan laves et udkast" in text_of(html)
    assert "spørgsmål[1].metrikker[1].periode" in text_of(html)
    response = press(client, review, "udkast")
    assert response.status_code == 400
    assert "periode" in error_line(response.get_data(as_text=True))
    assert client.get(f"{review}hent/yaml").status_code == 404  # no question file was written


def test_a_bad_date_is_refused_in_danish(client: FlaskClient) -> None:
    review = paste(client)
    response = press(client, review, "gem", dato="25/6")
    assert response.status_code == 400
    assert error_line(response.get_data(as_text=True)) == "henvendelsens dato: ugyldig dato '25/6' (forventede ÅÅÅÅ-MM-DD)"


# --- 4. the draft is what `svarbrev generate` makes ------------------------------------------------


def test_the_draft_is_byte_identical_to_the_cli(drafted: Drafted, tmp_path: Path) -> None:
    client, review = drafted.client, drafted.review
    (tmp_path / "henvendelse.yaml").write_bytes(download(client, review, "yaml"))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "henvendelse.yaml", "--data", str(DATA)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert download(client, review, "docx") == (tmp_path / "henvendelse.svar.docx").read_bytes()
    assert download(client, review, "tal") == (tmp_path / "henvendelse.svar.tal.json").read_bytes()
    response = client.get(f"{review}hent/docx")
    assert response.mimetype == WORD_MIME
    assert 'filename=henvendelse.svar.docx' in response.headers["Content-Disposition"]
    assert client.get(f"{review}hent/endelig-ikke").status_code == 404


def test_an_edit_after_the_draft_withdraws_the_draft_it_no_longer_matches(client: FlaskClient, no_page_images: None) -> None:
    review = paste(client)
    assert press(client, review, "udkast").status_code == 303
    press_ok(client, review, "gem")  # nothing changed: the draft stands
    assert client.get(f"{review}hent/docx").status_code == 200
    press_ok(client, review, "gem", emne="data på fleksjob og ledighedsydelse")
    assert client.get(f"{review}hent/docx").status_code == 404
    assert client.get(f"{review}hent/yaml").status_code == 404
    assert client.get(f"{review}udkast").status_code == 303  # back to the review: make a new draft
    csrf = csrf_of(client.get(review).get_data(as_text=True))
    assert client.post(f"{review}endelig", data={"csrf": csrf}).status_code == 404


def test_the_draft_says_what_is_missing(drafted: Drafted) -> None:
    page = text_of(drafted.draft_page)
    assert "Mangler før den endelige udgave spørgsmål 3 er ikke besvaret" in page


# --- 5. the final gate --------------------------------------------------------------------------


def test_the_final_version_is_refused_until_question_3_has_an_answer(drafted: Drafted) -> None:
    client, review = drafted.client, drafted.review
    response = client.post(f"{review}endelig", data=final_fields(drafted.draft_page))
    assert response.status_code == 409
    page = text_of(response.get_data(as_text=True))
    assert "Den endelige udgave kan ikke laves endnu" in page
    problems = re.findall(r"<li>(.*?)</li>", response.get_data(as_text=True).split('role="alert"', 1)[1].split("</ul>", 1)[0])
    assert any(text_of(p).startswith("spørgsmål 3") for p in problems), problems
    assert client.get(f"{review}hent/endelig").status_code == 404


def test_the_final_version_on_example_data_needs_consent(tmp_path: Path, no_page_images: None) -> None:
    """examples/data's fleksjob figures are real; its eksempeldata/ folder is synthetic (kilder.yaml says so)."""
    client = make_app(tmp_path, data_dir=DATA / "eksempeldata").test_client()
    response = upload(client, (ROOT / "examples" / "henvendelser" / "sygedagpenge-eksempeldata.yaml").read_bytes(), "syg.yaml")
    review = response.headers["Location"]
    response = press(client, review, "udkast")
    assert response.status_code == 303
    token = final_fields(client.get(response.headers["Location"]).get_data(as_text=True))

    refused = client.post(f"{review}endelig", data=token)
    assert refused.status_code == 409
    page = text_of(refused.get_data(as_text=True))
    assert "Den endelige udgave kan ikke laves endnu" in page
    assert "eksempeldata" in page
    assert client.get(f"{review}hent/endelig").status_code == 404

    made = client.post(f"{review}endelig", data={**token, "eksempeldata": "ja"})
    assert made.status_code == 200
    page = text_of(made.get_data(as_text=True))
    assert "Klar til underskrift." in page
    assert "Den bygger på eksempeldata, og kildelinjerne siger det." in page
    final = download(client, review, "endelig")
    with zipfile.ZipFile(io.BytesIO(final)) as archive:
        assert "word/comments.xml" not in archive.namelist()
    letter = docx.Document(io.BytesIO(final))
    assert any("Eksempeldata (ikke officielle tal)" in p.text for p in letter.paragraphs)
    assert json.loads(download(client, review, "endelig-tal"))


def test_the_final_version_of_real_figures_needs_no_consent(tmp_path: Path, no_page_images: None) -> None:
    client = make_app(tmp_path).test_client()
    review = paste(client)
    response = press(client, review, "udkast", s3_svar="København har historisk visiteret færre borgere til fleksjobordningen.")
    token = final_fields(client.get(response.headers["Location"]).get_data(as_text=True))
    made = client.post(f"{review}endelig", data={**token, "eksempeldata": "ja"})  # allowed, but not used
    assert made.status_code == 200, text_of(made.get_data(as_text=True))
    assert "Klar til underskrift." in text_of(made.get_data(as_text=True))
    assert "Den bygger på eksempeldata" not in text_of(made.get_data(as_text=True))
    letter = docx.Document(io.BytesIO(download(client, review, "endelig")))
    assert any("visiteret færre borgere" in p.text for p in letter.paragraphs)
    with zipfile.ZipFile(io.BytesIO(download(client, review, "endelig"))) as archive:
        assert "word/comments.xml" not in archive.namelist()

    # A new draft (after more edits) makes the earlier final version unavailable: it is not this draft's.
    assert press(client, review, "udkast", sagsnummer="2025-0123456").status_code == 303
    assert client.get(f"{review}hent/endelig").status_code == 404
    assert client.get(f"{review}hent/endelig-tal").status_code == 404


# --- 6. refusals ---------------------------------------------------------------------------------


def test_an_oversized_upload_is_refused_in_danish(app: Flask, client: FlaskClient) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = upload(client, b"Hvor mange er i fleksjob?\n" * 1_000, "stor.txt")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert is_danish_page(html)
    assert "<h1>For stor fil</h1>" in html
    assert error_line(html) == "Filen er for stor; grænsen er 20 MB."


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "filen er en PDF; svarbrev læser .docx, .eml, tekst og spørgsmålsfiler (.yaml)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "filen er et billede; svarbrev læser .docx, .eml, tekst og spørgsmålsfiler (.yaml)"),
        (None, "filen er et zip-arkiv, men ikke et Word-dokument (.docx)"),
        (b"abc\x00\x01\x02def" * 10, "filen er ikke tekst; svarbrev læser .docx, .eml, tekst og spørgsmålsfiler (.yaml)"),
        (b"PK\x03\x04 not really a zip", "filen ligner et Word-dokument, men kan ikke åbnes (ødelagt zip)"),
    ],
    ids=["pdf", "png", "zip", "binary", "broken-zip"],
)
def test_an_upload_of_the_wrong_kind_is_refused_in_one_line(client: FlaskClient, content: bytes | None, expected: str) -> None:
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("regneark.csv", "a;b\n1;2\n")
        content = buffer.getvalue()
    response = upload(client, content, "henvendelse.docx")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert is_danish_page(html)
    assert error_line(html) == expected
    assert "Traceback" not in html
    workspaces = client.application.extensions["svarbrev"]
    assert len(workspaces) == 0 and not any(workspaces.root.iterdir())


def refusal_of_question_file(client: FlaskClient, old: str, new: str) -> str:
    """The one line the start page shows for the reference question file with `old` replaced by `new`."""
    text = REFERENCE_QUESTION_FILE.read_text(encoding="utf-8")
    assert old in text
    response = upload(client, text.replace(old, new, 1).encode("utf-8"), "henvendelse.yaml")
    assert response.status_code == 400
    return error_line(response.get_data(as_text=True))


def test_a_question_file_with_bad_yaml_is_refused_by_field_and_line(client: FlaskClient) -> None:
    line = refusal_of_question_file(client, "  dato: 2025-06-25", "  dato: 2025-13-45")
    assert line.startswith("den indlæste spørgsmålsfil linje 5: henvendelse.dato: "), line
    assert "/tmp" not in line and "svarbrev-web-" not in line  # the workspace's folder is not shown
    line = refusal_of_question_file(client, "  emne: data på fleksjob", "  emne: [data på fleksjob")
    assert line.startswith("den indlæste spørgsmålsfil linje "), line


def test_an_uploaded_question_file_is_read_as_svarbrev_generate_reads_one(client: FlaskClient) -> None:
    windows = REFERENCE_QUESTION_FILE.read_text(encoding="utf-8").encode("cp1252")  # "ø", "å" as single bytes
    response = upload(client, windows, "henvendelse.yaml")
    assert response.status_code == 400
    assert error_line(response.get_data(as_text=True)).startswith("den indlæste spørgsmålsfil: filen er ikke UTF-8 (byte ")


def test_a_question_file_with_a_recipient_list_is_sent_to_batch(client: FlaskClient) -> None:
    line = refusal_of_question_file(client, "  modtager: Hassan Nur Wardere", "  modtagere: modtagere.csv")
    assert line == "den indlæste spørgsmålsfil linje 4: henvendelse.modtagere: filen har en modtagerliste; lav et brev pr. modtager med svarbrev batch"


def test_a_form_without_its_security_token_is_refused(client: FlaskClient) -> None:
    client.get("/")
    for data in ({"henvendelse": FLEKSJOB}, {"henvendelse": FLEKSJOB, "csrf": "forkert"}):
        response = client.post("/", data=data)
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert is_danish_page(html)
        assert error_line(html) == "Formularen mangler sit sikkerhedstegn eller er udløbet. Gå tilbage, indlæs siden igen, og prøv igen."
    another_session = client.application.test_client()
    their_token = csrf_of(another_session.get("/").get_data(as_text=True))
    assert client.post("/", data={"henvendelse": FLEKSJOB, "csrf": their_token}).status_code == 400  # tied to the session


def test_a_password_guards_every_page(tmp_path: Path) -> None:
    client = make_app(tmp_path, password="hemmelig-kode").test_client()
    for headers in ({}, {"Authorization": "Basic " + _basic("sagsbehandler", "forkert")}):
        response = client.get("/", headers=headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Basic realm="svarbrev", charset="UTF-8"'
        assert error_line(response.get_data(as_text=True)) == "Siden kræver en adgangskode."
        assert is_danish_page(response.get_data(as_text=True))
    assert client.post("/tjek").status_code == 401  # before the token is even looked at
    right = {"Authorization": "Basic " + _basic("sagsbehandler", "hemmelig-kode")}
    response = client.get("/", headers=right)
    assert response.status_code == 200
    assert "<h1>Ny henvendelse</h1>" in response.get_data(as_text=True)
    token = csrf_of(response.get_data(as_text=True))
    posted = client.post("/", data={"csrf": token, "henvendelse": FLEKSJOB}, headers=right)
    assert posted.status_code == 303


def _basic(user: str, password: str) -> str:
    import base64

    return base64.b64encode(f"{user}:{password}".encode()).decode()


def test_workspaces_are_found_only_by_their_own_session(client: FlaskClient, app: Flask) -> None:
    review = paste(client)
    assert client.get(review).status_code == 200
    unknown = client.get("/arbejde/ikke-et-arbejde/")
    assert unknown.status_code == 404
    assert "Siden findes ikke, eller arbejdet er slettet" in error_line(unknown.get_data(as_text=True))
    stranger = app.test_client()
    stranger.get("/")
    for path in (review, f"{review}udkast", f"{review}hent/yaml", f"{review}side/1.png"):
        assert stranger.get(path).status_code == 404, path
    token = csrf_of(stranger.get("/").get_data(as_text=True))
    assert stranger.post(review, data={"csrf": token, "handling": "gem"}).status_code == 404
    assert stranger.post(f"{review}endelig", data={"csrf": token}).status_code == 404


def test_an_unknown_button_is_refused(client: FlaskClient) -> None:
    review = paste(client)
    for handling in ("slet-alt", "slet-9", "slet-metrik-1-9", "udkast; rm -rf"):
        response = press(client, review, handling)
        assert response.status_code == 400, handling
        assert is_danish_page(response.get_data(as_text=True))
    assert error_line(press(client, review, "slet-alt").get_data(as_text=True)) == "ukendt handling"
    assert error_line(press(client, review, "slet-9").get_data(as_text=True)) == "ukendt spørgsmål"
    form = form_of(client.get(review).get_data(as_text=True), action=review)
    assert form["antal"] == ["3"]  # nothing was saved


def test_a_draft_page_before_any_draft_goes_back_to_the_review(client: FlaskClient) -> None:
    review = paste(client)
    response = client.get(f"{review}udkast")
    assert response.status_code == 303 and response.headers["Location"].endswith(review)
    token = csrf_of(client.get(review).get_data(as_text=True))
    assert client.post(f"{review}endelig", data={"csrf": token}).status_code == 404


# --- 7. uploads are read by content -------------------------------------------------------------


def test_an_email_named_like_a_pdf_is_read_as_an_email(client: FlaskClient) -> None:
    response = upload(client, (INQUIRIES / "kontanthjaelp.eml").read_bytes(), "brev.pdf")
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    form = form_of(html, action=response.headers["Location"])
    assert form["modtager"] == ["Sara Andersen"]
    assert form["dato"] == ["2026-09-01"]
    assert "kontanthjaelp" in " ".join(form.get("s1-k1-id", [])) or "kontanthjælp" in text_of(question_section(html, 1)).lower()
    assert "=?utf-8?q?" not in html  # the subject's encoded words are decoded


def test_a_word_inquiry_named_like_text_is_read_as_word(client: FlaskClient) -> None:
    response = upload(client, (INQUIRIES / "sygedagpenge.docx").read_bytes(), "noter.txt")
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "sygedagpenge" in text_of(html).lower()
    assert "word/document.xml" not in html and "PK" not in form_of(html, action=response.headers["Location"])["modtager"][0]


def test_an_existing_question_file_prefills_the_review(client: FlaskClient, no_page_images: None) -> None:
    response = upload(client, REFERENCE_QUESTION_FILE.read_bytes(), "fra-sidste-uge.txt")
    assert response.status_code == 303
    review = response.headers["Location"]
    html = client.get(review).get_data(as_text=True)
    form = form_of(html, action=review)
    assert fields(form, "modtager", "sagsnummer", "brevdato", "underskriver", "udtraek", "s3-k1-id") == {
        "modtager": "Hassan Nur Wardere", "sagsnummer": "2025-0123456", "brevdato": "2025-07-08",
        "underskriver": "Henrik Lund", "udtraek": "2025-06-30", "s3-k1-id": "fleksjob.udvikling",
    }
    assert form["s3-svar"][0].startswith("København har historisk visiteret færre borgere")
    page = text_of(html)
    assert "data.mappe i filen bruges ikke her; tallene hentes fra den datamappe, siden er startet med" in page
    assert "der er ingen henvendelsestekst" in page
    assert "fra-sidste-uge" not in page  # a name the user sent is never used
    press(client, review, "udkast")
    written = question_file(client, review)
    # skabelon: direktionen is the default, so the written file leaves it out; the rest is kept.
    assert written["brev"] == {"dato": datetime.date(2025, 7, 8), "underskriver": "Henrik Lund", "titel": "Administrerende direktør"}
    assert written["data"] == {"udtræk": datetime.date(2025, 6, 30)}


# --- 8. workspaces expire ------------------------------------------------------------------------


def test_an_unused_workspace_is_removed(tmp_path: Path) -> None:
    app = make_app(tmp_path, keep_minutes=1)
    client = app.test_client()
    review = paste(client)
    workspaces = app.extensions["svarbrev"]
    (work,) = workspaces._items.values()
    assert work.folder.is_dir() and (work.folder / "plan.json").is_file()
    work.used -= 61
    workspaces.sweep()
    assert not work.folder.exists()
    assert len(workspaces) == 0
    assert client.get(review).status_code == 404


# --- 9. the inquiry never reaches the log ------------------------------------------------------


def test_no_inquiry_text_in_the_log(client: FlaskClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, no_page_images: None) -> None:
    caplog.set_level(logging.DEBUG)
    review = paste(client)
    press(client, review, "gem", s3_svar=f"Om {DISTINCTIVE}: se bilag.")
    press(client, review, "udkast")
    token = csrf_of(client.get(review).get_data(as_text=True))
    client.post(f"{review}endelig", data={"csrf": token})

    def fails(*args, **kwargs):
        raise RuntimeError(f"kunne ikke læse »{DISTINCTIVE}«")

    monkeypatch.setattr(web_app, "plan_from_inquiry", fails)
    response = client.post("/", data={"csrf": token, "henvendelse": FLEKSJOB})
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert error_line(html) == "Der skete en uventet fejl i svarbrev. Prøv igen, eller brug kommandolinjen."
    assert DISTINCTIVE not in html
    assert any(record.getMessage() == "uventet fejl: RuntimeError" for record in caplog.records)
    for record in caplog.records:
        assert DISTINCTIVE not in record.getMessage()
        assert not record.exc_info or DISTINCTIVE not in str(record.exc_info[1])


# --- 10. tjek ----------------------------------------------------------------------------------------


def check(client: FlaskClient, reply: bytes, sidecar: bytes, reply_name: str = "svar.docx"):
    token = csrf_of(client.get("/tjek").get_data(as_text=True))
    return client.post(
        "/tjek",
        data={"csrf": token, "svar": (io.BytesIO(reply), reply_name), "tal": (io.BytesIO(sidecar), "svar.tal.json")},
        content_type="multipart/form-data",
    )


def with_changed_number(reply: bytes) -> tuple[bytes, str, str]:
    """The reply with its first thousands-separated number (5.192 → 5.199) changed in word/document.xml."""
    with zipfile.ZipFile(io.BytesIO(reply)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
        texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
        number = next(t for t in texts if re.fullmatch(r"\d{1,3}(\.\d{3})+", t.strip()))
        changed = number[:-1] + ("9" if number[-1] != "9" else "8")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for item in archive.infolist():
                data = archive.read(item.filename)
                if item.filename == "word/document.xml":
                    data = xml.replace(f">{number}</w:t>", f">{changed}</w:t>", 1).encode("utf-8")
                copy.writestr(item, data)
    return out.getvalue(), number, changed


def test_tjek_of_an_unchanged_draft_is_ok(drafted: Drafted) -> None:
    client, review = drafted.client, drafted.review
    response = check(client, download(client, review, "docx"), download(client, review, "tal"))
    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    assert "OK: de tal, svarbrev beregnede, stemmer." in page
    assert len(drafted.app.extensions["svarbrev"]) == 1  # the check kept nothing; only the drafted work is left


def test_tjek_finds_a_changed_number(drafted: Drafted) -> None:
    client, review = drafted.client, drafted.review
    sidecar = download(client, review, "tal")
    reply, number, changed = with_changed_number(download(client, review, "docx"))
    response = check(client, reply, sidecar, reply_name="rettet.docx")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "tal stemmer ikke med det, svarbrev beregnede:" in text_of(html)
    findings = text_of(html.split('<ul class="findings">', 1)[1].split("</ul>", 1)[0])
    assert changed in findings, (number, changed, findings)


def test_tjek_refuses_a_reply_that_is_not_word(client: FlaskClient) -> None:
    response = check(client, b"%PDF-1.4 svar", b"{}", reply_name="svar.docx")
    assert response.status_code == 400
    assert error_line(response.get_data(as_text=True)) == "svarbrevet skal være et Word-dokument (.docx), men filen er en PDF"
    missing = client.post("/tjek", data={"csrf": csrf_of(client.get("/tjek").get_data(as_text=True))})
    assert missing.status_code == 400
    assert error_line(missing.get_data(as_text=True)) == "Vælg både svarbrevet (.docx) og dets sidefil (.tal.json)."


# --- 11. the command ----------------------------------------------------------------------------


def test_svarbrev_web_off_loopback_needs_a_password(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.PASSWORD_VARIABLE, raising=False)

    def never(*args, **kwargs):
        raise AssertionError("the page was served")

    monkeypatch.setattr("werkzeug.serving.make_server", never)
    assert cli.main(["web", "--host", "0.0.0.0"]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert lines == [f"fejl: --host 0.0.0.0 gør siden synlig for andre maskiner; angiv --adgangskode eller {cli.PASSWORD_VARIABLE}"]
    assert captured.out == ""


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_svarbrev_web_serves_the_page_and_removes_the_work_when_stopped(tmp_path: Path) -> None:
    import os
    import signal
    import time
    import urllib.request

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "web", "--port", str(port), "--data", str(DATA)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == f"svarbrev web kører på http://127.0.0.1:{port}/ — stop med Ctrl+C"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("svarbrev-web-")]  # its work folder
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline, "the page never answered"
                time.sleep(0.1)
        assert '<html lang="da">' in page and "Ny henvendelse" in page
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=20)
    assert server.returncode == 0, err
    assert "svarbrev web er stoppet; arbejdet er slettet" in out
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("svarbrev-web-")]


def test_svarbrev_web_on_a_port_in_use_says_so_and_leaves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["web", "--port", str(port)]) == 1
    assert capsys.readouterr().err.startswith(f"fejl: kan ikke lytte på 127.0.0.1:{port} (")
    assert list(tmp_path.iterdir()) == []


def test_a_word_svarbrev_does_not_know_can_be_accepted_with_a_tick(client: FlaskClient, no_page_images: None) -> None:
    review = paste(client, "Fra: Anna Hansen\nDato: 25. juni 2025\nEmne: Fleksjob\n\nHvor mange er i fleksjob for øjeblikket, overslagsmæssigt?\n")
    html = client.get(review).get_data(as_text=True)
    assert "»overslagsmæssigt« — svarbrev kender ikke ordet" in text_of(question_section(html, 1))
    assert 'name="s1-accepter" value="overslagsmæssigt">' in html  # offered, not ticked
    html = press_ok(client, review, "gem", s1_accepter=["overslagsmæssigt"])
    assert form_of(html, action=review)["s1-accepter"] == ["overslagsmæssigt"]
    assert "svarbrev kender ikke ordet" not in text_of(question_section(html, 1))
    assert press(client, review, "udkast").status_code == 303
    written = question_file(client, review)["spørgsmål"][0]
    assert written == {"tekst": "Hvor mange er i fleksjob for øjeblikket, overslagsmæssigt?", "accepter": ["overslagsmæssigt"]}


def test_a_word_the_page_did_not_offer_cannot_be_accepted(client: FlaskClient) -> None:
    review = paste(client, "Fra: Anna Hansen\nDato: 25. juni 2025\nEmne: Fleksjob\n\nHvor mange er i fleksjob for øjeblikket, overslagsmæssigt?\n")
    response = press(client, review, "gem", s1_accepter=["kommunalt"])
    assert response.status_code == 400 and "accepter" in error_line(response.get_data(as_text=True))


# --- concurrency against the real server (issue 22) ---------------------------------------------------


@pytest.fixture
def live_page(tmp_path: Path):
    """The page under werkzeug's threaded server on 127.0.0.1, as `svarbrev web` runs it."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, make_app(tmp_path, image_workers=0), threaded=True)  # page images are not the point here
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def live_paste(session, base: str) -> str:
    """Paste the inquiry in an httpx session; returns the review page's path."""
    token = csrf_of(session.get(f"{base}/").text)
    response = session.post(f"{base}/", data={"csrf": token, "henvendelse": FLEKSJOB})
    assert response.status_code == 303, response.text[:300]
    return response.headers["Location"]


def test_two_drafts_posted_at_once_in_one_session_never_mix(live_page: str) -> None:
    """Reproducer: two "Lav udkast" at once (recipients Gamma and Delta) gave a 500 and a Delta draft
    beside a Gamma question file. Now they take turns; the second, made from a page that is no longer
    the plan, is told so, and the draft, the question file and the final agree."""
    import concurrent.futures

    import httpx

    for _ in range(3):  # repeated: a race shows itself only now and then
        with httpx.Client(follow_redirects=False, timeout=60) as session:
            review = live_paste(session, live_page)
            page = session.get(f"{live_page}{review}").text
            forms = [form_of(page, action=review, handling="udkast", modtager=name, s3_svar="Se bilag.") for name in ("Gamma", "Delta")]
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                address = f"{live_page}{review}"
                answers = list(pool.map(lambda form, address=address: session.post(address, data=form), forms))
            assert sorted(a.status_code for a in answers) == [303, 409], [a.status_code for a in answers]
            winner = ("Gamma", "Delta")[[a.status_code for a in answers].index(303)]
            assert "Planen er ændret, siden siden blev vist" in text_of(answers[[a.status_code for a in answers].index(409)].text)
            question_file = session.get(f"{live_page}{review}hent/yaml").text
            assert f"modtager: {winner}" in question_file
            draft = docx.Document(io.BytesIO(session.get(f"{live_page}{review}hent/docx").content))
            assert any(winner in p.text for p in draft.paragraphs) and not any(("Gamma", "Delta")[winner == "Gamma"] in p.text for p in draft.paragraphs)
            final = session.post(f"{live_page}{review}endelig", data={**final_fields(session.get(f"{live_page}{review}udkast").text), "eksempeldata": "ja"})
            assert final.status_code == 200, text_of(final.text)[:300]


def test_caseworkers_drafting_at_once_in_several_sessions_all_succeed(live_page: str) -> None:
    import concurrent.futures

    import httpx

    def caseworker(name: str) -> tuple[int, str]:
        with httpx.Client(follow_redirects=False, timeout=120) as session:
            review = live_paste(session, live_page)
            page = session.get(f"{live_page}{review}").text
            answer = session.post(f"{live_page}{review}", data=form_of(page, action=review, handling="udkast", modtager=name))
            return answer.status_code, session.get(f"{live_page}{review}hent/yaml").text

    names = [f"Sagsbehandler {n}" for n in range(6)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(caseworker, names))
    assert [status for status, _ in results] == [303] * len(names)
    assert all(f"modtager: {name}" in text for name, (_, text) in zip(names, results))


def test_the_final_is_refused_for_a_question_file_the_caseworker_has_not_seen(client: FlaskClient, no_page_images: None) -> None:
    review = paste(client)
    press(client, review, "udkast", s3_svar="Se bilag.")
    seen = final_fields(client.get(f"{review}udkast").get_data(as_text=True))
    press(client, review, "udkast", modtager="En anden", s3_svar="Se bilag.")  # in another tab: a new draft
    refused = client.post(f"{review}endelig", data={**seen, "eksempeldata": "ja"})
    assert refused.status_code == 409
    assert "Udkastet er lavet om, siden du så det" in text_of(refused.get_data(as_text=True))
    assert client.get(f"{review}hent/endelig").status_code == 404


def test_a_host_name_the_page_was_not_started_under_is_refused(tmp_path: Path) -> None:
    client = make_app(tmp_path).test_client()
    assert client.get("/", headers={"Host": "angriber.example:8000"}).status_code == 400  # DNS rebinding
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "[::1]:8000"}).status_code == 200


def test_wrong_passwords_are_slowed_down_per_client(tmp_path: Path) -> None:
    client = make_app(tmp_path, password="hemmelig").test_client()
    wrong = {"Authorization": "Basic " + base64.b64encode(b"x:forkert").decode()}
    statuses = [client.get("/", headers=wrong).status_code for _ in range(8)]
    assert statuses[:5] == [401] * 5 and 429 in statuses[5:]
    waited = client.get("/", headers=wrong)
    assert waited.status_code == 429 and int(waited.headers["Retry-After"]) >= 1
    assert "For mange forkerte adgangskoder" in text_of(waited.get_data(as_text=True))
    other = client.get("/", headers=wrong, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 401  # another client is not held back by this one


def test_tjek_of_a_sidecar_nested_too_deep_is_said_not_a_500(drafted: Drafted) -> None:
    client, review = drafted.client, drafted.review
    response = check(client, download(client, review, "docx"), b"[" * 200_000 + b"]" * 200_000)
    assert response.status_code == 400
    assert "for dybt indlejret" in text_of(response.get_data(as_text=True))


def test_svarbrev_web_off_loopback_with_a_password_answers_to_the_network_s_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Host check guards a password-less page on loopback; off loopback the page has a password,
    and the names it is reached by (an IP, a DNS name) are not known in advance."""
    made: list = []

    class Server:
        def __init__(self, app, **kwargs) -> None:
            made.append(app)

        def run(self) -> None:
            pass  # waitress returns from run() on Ctrl+C

        def close(self) -> None:
            pass

    monkeypatch.setattr("waitress.server.create_server", Server)
    monkeypatch.setattr("socket.create_server", lambda *args, **kwargs: type("S", (), {"detach": lambda self: -1, "close": lambda self: None})())
    cli.main(["web", "--host", "0.0.0.0", "--adgangskode", "hemmelig"])
    (app,) = made
    headers = {"Host": "sagsbehandler.kommune.dk:8000", "Authorization": "Basic " + base64.b64encode(b"x:hemmelig").decode()}
    assert app.test_client().get("/", headers=headers).status_code == 200
