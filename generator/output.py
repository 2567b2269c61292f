"""Writing a finished file atomically: all of it or nothing, and nothing overwritten unasked.

What is on disk when (README, "Hvad der står på disken"): every file goes to a hidden temporary beside it and is then
renamed into place, so a process killed at any moment leaves the old file or the whole new one, never part of one.
The files named `synced` (a letter's .docx; by default all) are synced to disk before their rename, so a power cut
cannot leave them half-written under their name either; the folder is synced once the names are in place
(`sync_folder`), by `generate` after its letter and by `batch` once, at the end.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection
from pathlib import Path

from generator import limits
from generator.errors import OutputError
from generator.letter.package import is_svarbrev_letter
from generator.limits import ReadRefused, read_bounded


def check_writable(path: Path, overwrite: bool, create_folder: bool = False) -> None:
    """Refuse early, before any work, when the file cannot or may not be written. With
    `create_folder`, a missing folder is fine as long as it can be made (see make_folder_for)."""
    if path.is_symlink():  # a link, perhaps in a loop, perhaps to someone else's file: never written through or over
        raise OutputError("er et symbolsk link; skriv til selve filen", file=path)
    if path.is_dir():
        raise OutputError("er en mappe, ikke en fil", file=path)
    if path.exists() and not path.is_file():
        raise OutputError("er ikke en almindelig fil (fx en enhed); svarbrev skriver kun almindelige filer", file=path)
    if not path.parent.is_dir():
        if not create_folder:
            raise OutputError("mappen findes ikke", file=path.parent)
        existing = next(folder for folder in (path.parent, *path.parent.parents) if folder.exists())
        if not existing.is_dir():
            raise OutputError("er en fil, ikke en mappe", file=existing)
    if path.exists() and not overwrite:
        raise OutputError("findes allerede; brug --overskriv for at erstatte den", file=path)


def check_replaceable_letter(path: Path) -> None:
    """A letter may only take the place of an earlier svarbrev letter, even with --overskriv: never
    of, say, the citizen's inquiry that the question file was made from."""
    if path.is_file() and not is_svarbrev_letter(_existing_bytes(path)):
        raise OutputError(
            "findes allerede og er ikke et svarbrev (fx henvendelsen selv); svarbrev erstatter kun sine egne breve, "
            "heller ikke med --overskriv; vælg et andet navn med -o",
            file=path,
        )


def _existing_bytes(path: Path) -> bytes:
    try:
        return read_bounded(path, limits.LETTER)
    except ReadRefused as refused:
        raise OutputError(f"findes allerede og kan ikke læses ({refused.reason}); vælg et andet navn med -o", file=path) from None


def make_folder_for(path: Path) -> None:
    """Create the folder `path` goes in (`-o ud/svar.docx` makes `ud/`); called only once the
    content is ready, so a refusal leaves no empty folder behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"kunne ikke lave mappen: {error.strerror or error}", file=path.parent) from None


def write_atomically(path: Path, content: bytes, overwrite: bool = False) -> None:
    """Write `content` to a temporary file beside `path`, then move it into place in one step."""
    write_files_atomically({path: content}, overwrite)


def write_files_atomically(
    files: dict[Path, bytes], overwrite: bool = False, synced: Collection[Path] | None = None, sync_folder: bool = False
) -> None:
    """Write every file to a temporary beside it first; only when all are written are they moved
    into place, in the order given, so a failure leaves none of them half-written. The files in
    `synced` (all when None) reach the disk before they are renamed; with `sync_folder`, so do the new names."""
    for path in files:
        check_writable(path, overwrite)
    temporaries: dict[Path, str] = {}
    try:
        for path, content in files.items():
            temporaries[path] = write_temporary(path, content, synced is None or path in synced)
        for path, temporary in temporaries.items():
            if overwrite:
                os.replace(temporary, path)
            else:
                _link_without_clobbering(temporary, path)
    except OSError as error:
        raise OutputError(f"kunne ikke skrive filen: {error.strerror or error}", file=path) from None
    finally:
        for temporary in temporaries.values():
            if os.path.exists(temporary):
                os.unlink(temporary)
    if sync_folder:
        for folder in dict.fromkeys(path.parent for path in files):
            sync_folder_entries(folder)


def sync_folder_entries(folder: Path) -> None:
    """The folder's names (files renamed into it) written to disk; where a folder cannot be opened to sync
    (Windows), the renames are already as durable as the system makes them."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # a file system that cannot sync a folder (some network shares): nothing more to be done
    finally:
        os.close(handle)


def write_temporary(path: Path, content: bytes, synced: bool = True) -> str:
    """`content` in a new hidden file beside `path` (flushed to disk when `synced`), with the usual permissions."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            if synced:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _link_without_clobbering(temporary: str, path: Path) -> None:
    """Fails if `path` appeared meanwhile; falls back to a checked rename where links are unsupported."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputError("findes allerede; brug --overskriv for at erstatte den", file=path) from None
    except OSError:
        if path.exists():
            raise OutputError("findes allerede; brug --overskriv for at erstatte den", file=path) from None
        os.replace(temporary, path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
