"""A fetched table as files: the extract in today's layout, its .kilde.json and its kilder.yaml
entry; and writing them all or nothing.

The extract is `Område;Periode;<dimensioner>;<mål>` in UTF-8, Danish numbers (`97.443`, `3,2`,
`1.234,5`) and `..` for missing, one row per area, period and dimension labels in the order
received. kilder.yaml is edited as text: an existing entry is kept as it stands (comments and
`afledte_celler` included), a new one is appended under `tabeller`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import limits
from generator.errors import DataError, OutputError
from generator.fetch.model import Fetched, Number
from generator.limits import ReadRefused, read_bounded
from generator.metrics.csvfile import AREA_COLUMN, PERIOD_COLUMN, SEPARATOR
from generator.metrics.sources import SOURCES_FILE
from generator.output import write_temporary

SOURCES_HEADER = (
    "# Hvilke tabeller datamappen indeholder, og hvilken kilde de angives med i brevets \"Kilde:\"-linjer.\n"
    "# Hvert udtræk ligger som <tabel>_<ÅÅÅÅ-MM-DD>.csv; datoen er udtrækkets dato.\n"
    "# Skrevet af `svarbrev data hent`; posterne kan rettes i hånden.\n"
    "tabeller:\n"
)


def render_extract(fetched: Fetched) -> bytes:
    header = [AREA_COLUMN, PERIOD_COLUMN, *fetched.dimensions, *fetched.measures]
    lines = [SEPARATOR.join(header)]
    for row in fetched.rows:
        lines.append(SEPARATOR.join([row.area, row.period, *row.dimensions, *(danish_number(v) for v in row.values)]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def danish_number(value: Number) -> str:
    """12345 → '12.345', 0.6 → '0,6', 1234.5 → '1.234,5', None → '..'."""
    if value is None:
        return ".."
    if isinstance(value, int):
        whole, fraction = str(abs(value)), ""
    else:
        text = repr(float(value))
        if "e" in text or "E" in text:
            text = f"{value:.10f}".rstrip("0")
        whole, _, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return sign + grouped + ("," + fraction if fraction else "")


def render_provenance(fetched: Fetched, fetched_at: str, extract_name: str) -> bytes:
    record = {
        "tabel": fetched.table,
        "udtræk": extract_name,
        "kilde": fetched.source,
        "navn": fetched.name,
        **fetched.provenance,
        "hentet": fetched_at,
    }
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- kilder.yaml


def read_sources_text(folder: Path) -> str:
    """kilder.yaml's text ('' when the folder has none)."""
    path = folder / SOURCES_FILE
    return _read_text(path) if path.exists() else ""


def sources_with_entry(path: Path, text: str, fetched: Fetched) -> str | None:
    """kilder.yaml's new text with an entry for the table, or None when it has one already. An
    existing entry whose `dimensioner` differ from what the service sends is refused (the
    extract could not be read)."""
    tables = _tables(path, text)
    if fetched.table in tables:
        entry = tables[fetched.table] if isinstance(tables[fetched.table], dict) else {}
        declared = tuple(entry.get("dimensioner") or ())
        if declared != fetched.dimensions:
            said = ", ".join(fetched.dimensions) or "ingen"
            raise DataError(
                f"tabellen {fetched.table} er beskrevet med dimensionerne [{', '.join(declared)}], men {fetched.source} "
                f"sender [{said}]; ret 'dimensioner' i posten",
                file=path,
            )
        return None
    if not text.strip():
        text = SOURCES_HEADER
    elif not _has_block_tables(text):
        raise DataError("'tabeller' skal være skrevet som en blok (én tabel pr. linje), før svarbrev kan tilføje en tabel", file=path)
    indent = _entry_indent(text)
    lines = [f"{indent}{fetched.table}:", f"{indent}  navn: {_quoted(fetched.name)}", f"{indent}  kilde: {_quoted(fetched.source)}"]
    if fetched.note:
        lines.append(f"{indent}  bemærkning: {_quoted(fetched.note)}")
    if fetched.dimensions:
        lines.append(f"{indent}  dimensioner: [{', '.join(_quoted(d) for d in fetched.dimensions)}]")
    if fetched.totals:
        lines.append(f"{indent}  total: {{{', '.join(f'{_quoted(column)}: {_quoted(label)}' for column, label in fetched.totals.items())}}}")
    new_text = text if text.endswith("\n") else text + "\n"
    new_text += "\n".join(lines) + "\n"
    check = _tables(path, new_text).get(fetched.table)
    if not isinstance(check, dict) or check.get("navn") != fetched.name:
        raise DataError("svarbrev kunne ikke tilføje tabellen sikkert; tilføj den i hånden", file=path)
    return new_text


def _read_text(path: Path) -> str:
    try:
        return read_bounded(path, limits.SOURCES_FILE).decode("utf-8-sig")
    except ReadRefused as refused:
        raise DataError(refused.reason, file=path) from None
    except UnicodeDecodeError:
        raise DataError("filen er ikke UTF-8", file=path) from None


def _tables(path: Path, text: str) -> dict[str, Any]:
    try:
        raw = yaml.safe_load(text) if text.strip() else {"tabeller": {}}
    except yaml.YAMLError as error:
        raise DataError(f"ikke gyldig YAML ({' '.join(str(error).split())[:200]})", file=path) from None
    if not isinstance(raw, dict) or set(raw) - {"tabeller"}:
        raise DataError("skal have præcis nøglen 'tabeller' øverst", file=path)
    tables = raw.get("tabeller")
    if tables is None:
        return {}
    if not isinstance(tables, dict):
        raise DataError("'tabeller' skal være en oversigt over tabeller", file=path)
    return tables


def _has_block_tables(text: str) -> bool:
    return any(line.rstrip() == "tabeller:" or line.rstrip().startswith("tabeller: #") for line in text.splitlines())


def _entry_indent(text: str) -> str:
    """The indentation of the entries under `tabeller` (two spaces when there are none)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("tabeller:")), None)
    if start is not None:
        for line in lines[start + 1 :]:
            stripped = line.lstrip(" ")
            if stripped and not stripped.startswith("#"):
                return " " * (len(line) - len(stripped)) or "  "
    return "  "


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class Change:
    """One file to put in place: a new one (never replacing anything) or a replacement."""

    path: Path
    content: bytes
    replaces: bool = False


def commit(changes: list[Change]) -> None:
    """Put every change in place, or none: each is written to a temporary beside it first; new
    files are linked into place (never over an existing file), replacements swapped in last. If
    anything fails or is interrupted, what was put in place is taken back out."""
    temporaries: dict[Path, str] = {}
    placed: list[Path] = []
    originals: dict[Path, bytes] = {}
    current: Path | None = None
    try:
        for change in changes:
            current = change.path
            temporaries[change.path] = write_temporary(change.path, change.content)
        for change in sorted(changes, key=lambda c: c.replaces):
            current = change.path
            if change.replaces:
                if change.path.exists():
                    originals[change.path] = change.path.read_bytes()
                os.replace(temporaries[change.path], change.path)
            else:
                try:
                    os.link(temporaries[change.path], change.path)
                except FileExistsError:
                    raise OutputError("findes allerede; intet er skrevet", file=change.path) from None
            placed.append(change.path)
    except BaseException as error:
        for path in reversed(placed):
            _undo(path, originals.get(path))
        if isinstance(error, OSError):
            raise OutputError(f"kunne ikke skrive filen: {error.strerror or error}; intet er skrevet", file=current) from None
        raise
    finally:
        for temporary in temporaries.values():
            if os.path.exists(temporary):
                os.unlink(temporary)


def _undo(path: Path, original: bytes | None) -> None:
    try:
        if original is None:
            path.unlink(missing_ok=True)
        else:
            temporary = write_temporary(path, original)
            os.replace(temporary, path)
    except OSError:
        pass
