"""The browser tests' support itself: a Flask app served on 127.0.0.1, Chromium showing it, axe-core
finding a serious violation where there is one and none where there is not."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import axe_violations, live_server
from flask import Flask

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

_ACCESSIBLE = """<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><title>Svarbrev</title></head>
<body><main>
<h1>Spørgsmål</h1>
<form><label for="spoergsmaal">Dit spørgsmål</label> <input id="spoergsmaal" name="spoergsmaal"></form>
</main></body>
</html>"""

_BROKEN = """<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><title>Uden alt</title></head>
<body><main><h1>Billede</h1><img src="/mangler.png"></main></body>
</html>"""


def _app() -> Flask:
    app = Flask(__name__)
    app.add_url_rule("/", "accessible", lambda: _ACCESSIBLE)
    app.add_url_rule("/broken", "broken", lambda: _BROKEN)
    return app


def test_accessible_danish_page_has_no_serious_violations(browser_page: Page) -> None:
    with live_server(_app()) as url:
        response = browser_page.goto(url + "/")
        assert response is not None and response.ok
        assert browser_page.get_by_label("Dit spørgsmål").is_visible()
        assert axe_violations(browser_page) == []


def test_image_without_alt_is_a_violation(browser_page: Page) -> None:
    with live_server(_app()) as url:
        browser_page.goto(url + "/broken")
        violations = axe_violations(browser_page)
    assert [(v["id"], v["impact"]) for v in violations] == [("image-alt", "critical")], violations
    assert violations[0]["targets"] == [["img"]]


def test_screenshot_is_a_1280x800_png(browser_page: Page, tmp_path: Path) -> None:
    with live_server(_app()) as url:
        browser_page.goto(url + "/")
        shot = tmp_path / "side.png"
        browser_page.screenshot(path=str(shot))
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1280, 800)
