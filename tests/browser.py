"""Browser tests' support: a WSGI app on a local port, Debian's Chromium driven by Playwright, and
axe-core's accessibility check on the page it shows.

Chromium is Debian's (/usr/bin/chromium): Playwright cannot download its own browser here. axe-core
is the axe.min.js that the PyPI package axe-playwright-python ships. Where any of them is missing the
test is skipped, unless SVARBREV_KRAEV_CHROMIUM=1 (set by .ci/run), where it fails instead.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
LOCALE = "da-DK"
CHROMIUM_REQUIRED = os.environ.get("SVARBREV_KRAEV_CHROMIUM") == "1"  # set by .ci/run


def _missing(reason: str) -> None:
    if CHROMIUM_REQUIRED:
        pytest.fail(f"{reason}, men SVARBREV_KRAEV_CHROMIUM=1")
    pytest.skip(reason)


def axe_script() -> Path:
    """axe-core's axe.min.js as shipped by axe-playwright-python; skips (or fails) where absent."""
    spec = importlib.util.find_spec("axe_playwright_python")
    script = Path(spec.origin).with_name("axe.min.js") if spec and spec.origin else None
    if script is None or not script.is_file():
        _missing("axe-core (axe.min.js fra axe-playwright-python) er ikke installeret")
    return script


def require_browser() -> None:
    """Skip (or fail, in CI) unless Chromium, Playwright and axe-core are all here."""
    if not CHROMIUM.is_file():
        _missing(f"Chromium ({CHROMIUM}) er ikke installeret")
    if importlib.util.find_spec("playwright") is None:
        _missing("Playwright (pip install playwright) er ikke installeret")
    axe_script()


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1 on a free port in a background thread; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live_server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Debian Chromium driven by Playwright; skips (or fails) where it cannot run."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own context: 1280×800, da-DK. bypass_csp lets axe be injected into pages
    whose Content-Security-Policy forbids inline scripts."""
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE, bypass_csp=True)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def chromium_page() -> Iterator[Page]:
    """A browser and one fresh page, for use outside the pytest fixtures."""
    with chromium() as browser, new_page(browser) as page:
        yield page


_RUN_AXE = """async (impacts) => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations
        .filter((v) => impacts.includes(v.impact))
        .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                      targets: v.nodes.map((n) => n.target)}));
}"""


def axe_violations(page: Page, impacts: Sequence[str] = ("serious", "critical")) -> list[dict[str, Any]]:
    """axe-core's violations of the given impacts on the page as it is now: id, impact, help and
    each node's target selectors."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    return page.evaluate(_RUN_AXE, list(impacts))
