"""Shared pytest fixtures. The browser ones launch Chromium only when a test asks for them."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser import chromium, new_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Check the example extracts once, before the test processes start: many tests copy examples/data while
    others write letters from it, and a copy taken while a process writes the folder's .svarbrev-cache would
    list a temporary file that is renamed before it is copied."""
    # Commands run by module-wide fixtures (before a test's own register_file) keep a register of the process's own.
    os.environ["SVARBREV_REGISTER"] = str(Path(tempfile.mkdtemp(prefix="svarbrev-register-")) / "svarbrev.db")
    if hasattr(config, "workerinput"):
        return  # a test process: the main one has done it
    from generator.metrics.extracts import ExtractStore

    for folder in (ROOT / "examples" / "data", ROOT / "examples" / "data" / "eksempeldata"):
        store = ExtractStore(folder)
        for table in store.tables():
            for extract in store.extracts(table):
                extract.index  # noqa: B018 — read and checked now, kept in .svarbrev-cache/


@pytest.fixture(autouse=True)
def register_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's commands write a case register of their own, never svarbrev.db in the folder the suite runs in."""
    path = tmp_path_factory.mktemp("register") / "svarbrev.db"
    monkeypatch.setenv("SVARBREV_REGISTER", str(path))
    return path


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A caseworker's folder as the examples lay it out: data/ (a copy of examples/data, so a test may
    change it) beside henvendelser/, where a question file's data.mappe ../data finds it."""
    shutil.copytree(ROOT / "examples" / "data", tmp_path / "data")
    (tmp_path / "henvendelser").mkdir()
    return tmp_path


@pytest.fixture
def synthetic_data(tmp_path: Path) -> Path:
    """A copy of the synthetic example data (examples/data/eksempeldata), so a test may change a figure."""
    shutil.copytree(ROOT / "examples" / "data" / "eksempeldata", tmp_path / "data")
    return tmp_path / "data"


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
