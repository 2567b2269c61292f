"""The draft's page images, drawn in the background so the draft page answers at once.

A draft is written in the request; its pages are drawn afterwards by a small pool of workers, each with a
LibreOffice profile of its own that lives as long as the page does (LibreOffice spends most of a cold
conversion making a new profile; two conversions never share one). The page shows the letter's text until
the images are there (`forhåndsvisning.json` in the workspace says how far they are, for the draft it
names), so two caseworkers drafting at once wait neither for each other's images nor for their own.

Why not one LibreOffice listening on a socket (`soffice --accept`, unoserver): converting through it needs
LibreOffice's Python bindings (python3-uno), which belong to the system's Python, not to svarbrev's; a
profile kept per worker gives most of the gain with the `soffice --convert-to` svarbrev already uses.
"""

from __future__ import annotations

import atexit
import json
import logging
import queue
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SvarbrevError
from generator.output import write_atomically
from generator.web.workspaces import Workspace

STATE_FILE = "forhåndsvisning.json"
WAITING, READY, FAILED = "venter", "klar", "fejl"

log = logging.getLogger("svarbrev.web")


@dataclass(frozen=True)
class ImageState:
    """How far the images of one draft are: WAITING, READY (with the number of pages) or FAILED (why)."""

    draft: str  # the draft's version (its content hash)
    state: str
    pages: int = 0
    message: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"udkast": self.draft, "tilstand": self.state, "sider": self.pages, "besked": self.message}


def read_state(work: Workspace, draft: str) -> ImageState:
    """The images' state for this draft; another draft's state (an earlier one still drawing) is WAITING."""
    path = work.file(STATE_FILE)
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ImageState(draft, WAITING)
    if recorded.get("udkast") != draft:
        return ImageState(draft, WAITING)
    return ImageState(draft, str(recorded.get("tilstand")), int(recorded.get("sider") or 0), recorded.get("besked"))


def write_state(work: Workspace, state: ImageState) -> None:
    write_atomically(work.file(STATE_FILE), json.dumps(state.to_json(), ensure_ascii=False).encode("utf-8"), overwrite=True)


class PageImages:
    """Workers that draw a draft's pages; `request` returns at once."""

    def __init__(self, draft_name: str, current_version, workers: int = 2) -> None:
        self.draft_name = draft_name  # the draft's file name in a workspace
        self.current_version = current_version  # (workspace) -> the version of the draft there now, or None
        self.size = workers
        self._jobs: queue.Queue[tuple[Workspace, str] | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._profiles: list[Path] = []
        self._start_lock = threading.Lock()

    def request(self, work: Workspace, draft: str) -> None:
        """Draw the pages of this version of the workspace's draft (the caller holds the workspace's lock)."""
        write_state(work, ImageState(draft, WAITING))
        self._start()
        self._jobs.put((work, draft))

    def stop(self, timeout: float = 30) -> None:
        """Let the workers finish what they draw, then remove their profiles."""
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout)
        for profile in self._profiles:
            shutil.rmtree(profile, ignore_errors=True)
        self._threads, self._profiles = [], []

    def _start(self) -> None:
        with self._start_lock:
            if self._threads:
                return
            atexit.register(self.stop, 5)  # the profiles are removed however the process ends normally
            for number in range(self.size):
                profile = Path(tempfile.mkdtemp(prefix="svarbrev-lo-profil-"))
                self._profiles.append(profile)
                thread = threading.Thread(target=self._work, args=(profile,), name=f"sidebilleder-{number + 1}", daemon=True)
                self._threads.append(thread)
                thread.start()

    def _work(self, profile: Path) -> None:
        while (job := self._jobs.get()) is not None:
            work, draft = job
            try:
                self._draw(work, draft, profile)
            except Exception as error:  # a worker must outlive any one draft
                log.error("sidebilleder: uventet fejl: %s", error.__class__.__name__)
                self._finish(work, draft, ImageState(draft, FAILED, message="billederne af siderne kunne ikke laves"))

    def _draw(self, work: Workspace, draft: str, profile: Path) -> None:
        from generator import preview

        with work.lock:
            if self.current_version(work) != draft:
                return  # a newer draft replaced it before its turn came
            source = work.file(self.draft_name).read_bytes()
        with tempfile.TemporaryDirectory(prefix="svarbrev-sider-") as folder:
            copy = Path(folder) / self.draft_name
            copy.write_bytes(source)  # drawn from a copy: the workspace is not held while LibreOffice works
            try:
                drawn = preview.preview(copy, comments=False, profile=profile)  # the sources are listed beside the pages
            except SvarbrevError as error:
                self._finish(work, draft, ImageState(draft, FAILED, message=error.message))
                return
            with work.lock:
                if self.current_version(work) != draft or not work.folder.is_dir():
                    return
                for old in work.folder.glob(f"{Path(self.draft_name).stem}.side-*.png"):
                    old.unlink()
                for number, page in enumerate(drawn.pages, start=1):
                    shutil.move(str(page), work.file(f"{Path(self.draft_name).stem}.side-{number}.png"))
                write_state(work, ImageState(draft, READY, len(drawn.pages)))

    def _finish(self, work: Workspace, draft: str, state: ImageState) -> None:
        with work.lock:
            if self.current_version(work) == draft and work.folder.is_dir():
                write_state(work, state)
