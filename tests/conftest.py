"""Shared pytest fixtures. The browser ones launch Chromium only when a test asks for them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from browser import chromium, new_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """One headless Chromium for the session; skipped (or failed, in CI) where it cannot run."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def browser_page(chromium_browser: Browser) -> Iterator[Page]:
    """A fresh page (1280×800, da-DK) in its own browser context."""
    with new_page(chromium_browser) as page:
        yield page
