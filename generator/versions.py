"""File versions for caches: data, templates and profiles are re-read only when they change."""

from __future__ import annotations

from pathlib import Path


def file_version(path: Path) -> tuple[int, int]:
    """(mtime in ns, size): changes whenever the file is rewritten, so it can key a cache."""
    status = path.stat()
    return status.st_mtime_ns, status.st_size
