"""The draft's page images are drawn in the background (generator/web/pages.py): the draft step answers at once,
two caseworkers' images are drawn side by side, an earlier draft's images never show for a later one, and the
LibreOffice profiles the workers keep are removed when the page stops.

LibreOffice is replaced here by a stand-in that waits for the test's signal, so the order of events is the
test's, not the machine's; tests/test_web_routes.py and tests/test_web_browser.py draw real pages.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from pathlib import Path

import pytest
from test_web_routes import make_app, paste, press, text_of, wait_for_images

import generator.preview
from generator.preview import Preview
from generator.web.pages import READY, WAITING, PageImages, read_state
from generator.web.workspaces import Workspaces

PNG = b"\x89PNG\r\n\x1a\n"


class StandIn:
    """LibreOffice's place: each drawing waits for `release`, and its one page names the draft it was drawn from."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Semaphore(0)
        self.profiles: list[Path] = []

    def __call__(self, docx: Path, comments: bool = True, profile: Path | None = None) -> Preview:
        assert profile is not None and profile.is_dir()  # a kept profile, never a new one per draft
        self.profiles.append(profile)
        self.started.release()
        assert self.release.wait(30)
        page = docx.with_name("side-1.png")
        page.write_bytes(PNG + hashlib.sha256(docx.read_bytes()).hexdigest().encode())
        return Preview(docx.with_suffix(".pdf"), [page])


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> StandIn:
    drawing = StandIn()
    monkeypatch.setattr(generator.preview, "preview", drawing)
    return drawing


def test_the_draft_step_answers_before_the_images_and_the_page_follows_them(tmp_path: Path, stand_in: StandIn) -> None:
    client = make_app(tmp_path).test_client()
    review = paste(client)
    assert press(client, review, "udkast").status_code == 303  # returned while LibreOffice is still drawing
    assert stand_in.started.acquire(timeout=30)
    page = client.get(f"{review}udkast").get_data(as_text=True)
    assert "Billederne af siderne bliver lavet nu" in page and "var 5.192 københavnere ansat i fleksjob" in text_of(page)
    assert client.get(f"{review}side/1.png").status_code == 404
    assert client.get(f"{review}sider.json").get_json()["tilstand"] == WAITING
    stand_in.release.set()
    assert wait_for_images(client, review)["tilstand"] == READY
    page = client.get(f"{review}udkast").get_data(as_text=True)
    assert 'alt="Side 1 af udkastet"' in page and "Billederne af siderne bliver lavet nu" not in page
    assert client.get(f"{review}side/1.png").data.startswith(PNG)


def test_two_caseworkers_images_are_drawn_side_by_side(tmp_path: Path, stand_in: StandIn) -> None:
    app = make_app(tmp_path)
    first, second = app.test_client(), app.test_client()
    reviews = [paste(first), paste(second)]
    press(first, reviews[0], "udkast")
    press(second, reviews[1], "udkast")
    # Both drawings are under way before either is released: neither waits for the other's.
    assert stand_in.started.acquire(timeout=30) and stand_in.started.acquire(timeout=30)
    assert len(set(stand_in.profiles)) == 2  # one profile each
    stand_in.release.set()
    assert [wait_for_images(client, review)["tilstand"] for client, review in zip((first, second), reviews)] == [READY, READY]


def test_an_earlier_drafts_images_never_show_for_a_later_draft(tmp_path: Path, stand_in: StandIn) -> None:
    workspaces = Workspaces(tmp_path)
    work = workspaces.create("ejer")
    versions = {}

    def version(workspace) -> str | None:
        draft = workspace.file("svar.docx")
        return hashlib.sha256(draft.read_bytes()).hexdigest() if draft.is_file() else None

    images = PageImages("svar.docx", version, workers=1)
    try:
        for text in (b"udkast 1", b"udkast 2"):
            with work.lock:
                work.file("svar.docx").write_bytes(text)
                versions[text] = version(work)
                images.request(work, versions[text])
            if text == b"udkast 1":
                assert stand_in.started.acquire(timeout=30)  # the first is being drawn when the second is written
        stand_in.release.set()
        deadline = time.monotonic() + 30
        while read_state(work, versions[b"udkast 2"]).state != READY:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        page = work.file("svar.side-1.png").read_bytes()
        assert page == PNG + hashlib.sha256(b"udkast 2").hexdigest().encode()  # the later draft's, not the earlier's
        assert read_state(work, versions[b"udkast 1"]).state == WAITING  # the earlier one's state is no longer kept
    finally:
        images.stop()
        workspaces.remove_all()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice er ikke installeret")
def test_the_workers_profiles_are_kept_between_drafts_and_removed_when_the_page_stops(tmp_path: Path) -> None:
    app = make_app(tmp_path, image_workers=1)
    client = app.test_client()
    review = paste(client)
    press(client, review, "udkast")
    assert wait_for_images(client, review)["tilstand"] == READY
    images = app.extensions["svarbrev_sidebilleder"]
    (profile,) = images._profiles
    assert (profile / "user").is_dir()  # LibreOffice's profile, made by the first drawing and kept for the next
    images.stop()
    assert not profile.exists()
