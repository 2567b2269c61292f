"""Each piece of work on the page lives in a temporary folder of its own, found by a random id.

The id in a URL is only ever looked up in this registry, never joined to a path, and a workspace
belongs to the browser session that made it. Workspaces not used for `keep_minutes` are removed,
and all of them when the page stops.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Workspace:
    id: str
    folder: Path
    owner: str
    used: float = field(default_factory=time.monotonic)
    # Held by every request that reads or changes the workspace's files: two posts at once in one
    # session (a double click, two tabs) take turns, so a draft is never made from another post's plan.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def file(self, name: str) -> Path:
        """A file of this workspace by one of the page's own names (never a name a user sent)."""
        return self.folder / name


class Workspaces:
    def __init__(self, root: Path | None = None, keep_minutes: float = 120) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="svarbrev-web-", dir=root))
        self.keep_seconds = keep_minutes * 60
        self._items: dict[str, Workspace] = {}
        self._lock = threading.Lock()

    def create(self, owner: str) -> Workspace:
        self.sweep()
        workspace_id = secrets.token_urlsafe(16)
        folder = self.root / workspace_id
        folder.mkdir(mode=0o700)
        workspace = Workspace(workspace_id, folder, owner)
        with self._lock:
            self._items[workspace_id] = workspace
        return workspace

    def get(self, workspace_id: str, owner: str) -> Workspace | None:
        """The owner's workspace with this id, marked as used; None for anything else."""
        self.sweep()
        with self._lock:
            workspace = self._items.get(workspace_id)
        if workspace is None or not secrets.compare_digest(workspace.owner, owner):
            return None
        workspace.used = time.monotonic()
        return workspace

    def sweep(self) -> None:
        """Remove the workspaces nobody has used for `keep_seconds`."""
        now = time.monotonic()
        with self._lock:
            expired = [w for w in self._items.values() if now - w.used > self.keep_seconds]
            for workspace in expired:
                del self._items[workspace.id]
        for workspace in expired:
            shutil.rmtree(workspace.folder, ignore_errors=True)

    def remove(self, workspace: Workspace) -> None:
        """Remove one workspace now (a refused upload, a finished check): nothing of it is kept."""
        with self._lock:
            self._items.pop(workspace.id, None)
        shutil.rmtree(workspace.folder, ignore_errors=True)

    def remove_all(self) -> None:
        with self._lock:
            self._items.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    def __len__(self) -> int:
        return len(self._items)
