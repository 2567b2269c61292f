"""The library API behind `svarbrev data hent` and `svarbrev data status`.

`fetch_data` fetches every named table first and writes only when all arrived: one extract, one
.kilde.json and (for a table kilder.yaml does not know) one kilder.yaml entry per table, all or
nothing. A table whose figures equal its newest extract's is not written again.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import limits
from generator.errors import DataError, SvarbrevError
from generator.fetch import jobindsats, statbank
from generator.fetch.http import FetchError
from generator.fetch.model import Fetched
from generator.fetch.recording import Recorder
from generator.fetch.writer import Change, commit, read_sources_text, render_extract, render_provenance, sources_with_entry
from generator.limits import ReadRefused, read_bounded
from generator.metrics.cellindex import cache_path, open_index
from generator.metrics.extracts import ExtractStore
from generator.metrics.sources import SOURCES_FILE, read_sources

JOBINDSATS, DST = "jobindsats", "dst"
DEFAULT_LATEST = 12
_ARGUMENT = re.compile(r"^(?:(?P<service>jobindsats|dst):)?(?P<table>[A-Za-z0-9_]+)$")
_EXTRACT = re.compile(r"^(?P<table>[a-z0-9_]+)_(?P<date>\d{4}-\d{2}-\d{2})\.csv$")
_LATEST = re.compile(r"^latest:(?P<count>[1-9]\d{0,3})$")


@dataclass(frozen=True)
class Wanted:
    service: str  # JOBINDSATS or DST
    table: str  # as the service names it: y08a02, FOLK1A
    explicit: bool = True  # named by the user (not taken from the catalogue)

    @property
    def label(self) -> str:
        return f"{self.service}:{self.table}"


@dataclass(frozen=True)
class Outcome:
    table: str  # extract name: y08a02, folk1a
    written: tuple[Path, ...]  # empty when nothing new
    line: str  # the one-line summary


def parse_tables(arguments: Sequence[str]) -> list[Wanted]:
    """`y08a02`, `jobindsats:y08a02`, `dst:FOLK1A`; a bare name is a Jobindsats table."""
    wanted: list[Wanted] = []
    for argument in arguments:
        match = _ARGUMENT.match(argument.strip())
        if not match:
            raise FetchError(f"ukendt tabel '{argument}'; skriv fx y08a02, jobindsats:y08a02 eller dst:FOLK1A")
        service = match["service"] or JOBINDSATS
        table = match["table"].upper() if service == DST else match["table"].lower()
        item = Wanted(service, table)
        if item not in wanted:
            wanted.append(item)
    return wanted


def default_tables() -> list[Wanted]:
    """Every table the catalogue uses (those Jobindsats does not list are passed over), FOLK1A and FOLK1E."""
    from generator.metrics.catalogue import load_catalogue

    tables = dict.fromkeys(table for metric in load_catalogue() for table in metric.tables)
    return [Wanted(JOBINDSATS, table, explicit=False) for table in tables] + [Wanted(DST, table, explicit=False) for table in statbank.TABLES]


def wanted_of(table: str, areas: tuple[str, ...] | None) -> jobindsats.Wanted:
    """What the catalogue needs of a Jobindsats table: the areas, the values its schemes select
    (ptv_a02's Ydelsesgrupper: Førtidspension) and every breakdown a call can ask for."""
    from generator.domain.dimensions import load_dimensions
    from generator.metrics.catalogue import load_catalogue

    fixed: dict[str, list[str]] = {}
    for scheme in load_catalogue().schemes.values():
        if scheme.table == table:
            for column, value in scheme.selection.items():
                fixed.setdefault(column, []).append(value)
    breakdowns = tuple(spec.column for spec in load_dimensions().specs.values() if spec.column not in fixed)
    return jobindsats.Wanted(areas, tuple((column, tuple(dict.fromkeys(values))) for column, values in fixed.items()), breakdowns)


def parse_periods(text: str) -> int:
    match = _LATEST.match(text.strip())
    if not match:
        raise FetchError(f"--perioder skal have formen latest:N (fx latest:12), ikke '{text}'")
    return int(match["count"])


def fetch_data(
    folder: Path,
    tables: Sequence[str] = (),
    *,
    token: str | None = None,
    api_url: str = jobindsats.DEFAULT_URL,
    dst_url: str = statbank.DEFAULT_URL,
    latest: int = DEFAULT_LATEST,
    all_municipalities: bool = False,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    progress: Callable[[str], None] | None = None,
    service_options: dict[str, Any] | None = None,
    record_to: Path | None = None,
) -> list[Outcome]:
    """Fetch the tables into `folder`; see the module docstring. Raises SvarbrevError (nothing
    written) when any table cannot be fetched or written. `record_to`: a new folder that gets
    every answer as it came (recording.py)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DataError("er en fil, ikke en mappe", file=folder)
    wanted = parse_tables(tables) if tables else default_tables()
    today = today or datetime.date.today()
    now = now or datetime.datetime.now(datetime.UTC)
    options = dict(service_options or {})
    if record_to is not None:
        recorder = Recorder(Path(record_to), token.strip() if token and token.strip() else None)
        recorder.prepare()
        options["record"] = recorder
    areas = None if all_municipalities else _default_areas()
    say = progress or (lambda text: None)

    received: list[Fetched] = []
    notes: list[str] = []
    if any(item.service == JOBINDSATS for item in wanted):
        if not token:
            raise FetchError(
                f"{jobindsats.TOKEN_VARIABLE} er ikke sat; Jobindsats-tabeller kræver din organisations nøgle fra STAR "
                f"(se README: 'Data fra Jobindsats og Danmarks Statistik')"
            )
        api = jobindsats.service(api_url, checked_token(token), **options)
        say("henter Jobindsats' tabelliste …")
        listing = jobindsats.list_tables(api)
        for item in (w for w in wanted if w.service == JOBINDSATS):
            if item.table not in listing:
                if item.explicit:
                    raise FetchError(f"Jobindsats har ingen tabel '{item.table}'")
                notes.append(f"{item.table}: ikke en Jobindsats-tabel; sprunget over")
                continue
            say(f"henter {item.label} …")
            received.append(jobindsats.fetch_table(api, listing[item.table], latest, wanted_of(item.table, areas)))
    for item in (w for w in wanted if w.service == DST):
        if item.table not in statbank.TABLES:
            raise FetchError(f"fra Danmarks Statistik kan svarbrev kun hente {' og '.join(statbank.TABLES)}, ikke '{item.table}'")
        say(f"henter {item.label} …")
        fetch_table = statbank.fetch_folk1a if item.table == statbank.TABLE else statbank.fetch_folk1e
        received.append(fetch_table(statbank.service(dst_url, **options), latest, areas))

    outcomes = [Outcome(note.split(":")[0], (), note) for note in notes]
    stamp = now.astimezone(datetime.UTC).replace(microsecond=0).isoformat()
    with tempfile.TemporaryDirectory() as checking:
        outcomes += _write_fetched(received, folder, Path(checking), today, stamp)
    return outcomes


def _write_fetched(received: list[Fetched], folder: Path, checking: Path, today: datetime.date, stamp: str) -> list[Outcome]:
    """Every fetched table checked, then written with its provenance and kilder.yaml, all or nothing; the cells
    checked are kept beside the new extracts, so the first letter on them reads them without checking again."""
    outcomes: list[Outcome] = []
    changes: list[Change] = []
    checked: dict[Path, Path] = {}  # new extract → its checked cells (cellindex), made while checking it
    sources_path = folder / SOURCES_FILE
    sources_text = read_sources_text(folder) if folder.is_dir() else ""
    new_sources = sources_text
    for fetched in received:
        content = render_extract(fetched)
        cells = _check_readable(fetched, content, today, checking)
        newest = newest_extract(folder, fetched.table)
        entry = sources_with_entry(sources_path, new_sources, fetched)
        if entry is not None:
            new_sources = entry
        summary = _summary(fetched)
        if newest is not None and _read(newest) == content:
            outcomes.append(Outcome(fetched.table, (), f"{fetched.table}: uændret siden {newest.name} ({summary}); intet skrevet"))
            continue
        name = f"{fetched.table}_{today.isoformat()}"
        extract = folder / f"{name}.csv"
        if extract.exists():
            raise DataError(
                "findes allerede med andre tal; et udtræk rettes ikke bagefter – flyt filen, hvis de nye tal skal bruges i dag",
                file=extract,
            )
        provenance = folder / f"{name}.kilde.json"
        changes += [Change(extract, content), Change(provenance, render_provenance(fetched, stamp, extract.name))]
        if cells is not None:
            checked[extract] = cells
        outcomes.append(Outcome(fetched.table, (extract, provenance), f"{fetched.table}: skrev {extract.name} ({summary})"))
    if new_sources != sources_text:
        changes.append(Change(sources_path, new_sources.encode("utf-8"), replaces=True))
    if changes:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DataError(f"kunne ikke lave mappen: {error.strerror or error}", file=folder) from None
        commit(changes)
        for extract, cells in checked.items():
            _keep_checked_cells(cells, cache_path(extract))
    return outcomes


def _check_readable(fetched: Fetched, content: bytes, today: datetime.date, checking: Path) -> Path | None:
    """The extract passes every check a letter makes when it reads one (decimal marks, negative
    counts, shares over 100, repeated rows …), before anything is written: a fetched extract that
    generate would refuse would break every later letter on its table. Returns the checked cells'
    file (None where it could not be written)."""
    folder = checking / fetched.table
    folder.mkdir()
    path = folder / f"{fetched.table}_{today.isoformat()}.csv"
    path.write_bytes(content)
    try:
        index = open_index(path, fetched.dimensions)
    except DataError as error:
        line = f", linje {error.line}" if error.line else ""
        raise FetchError(f"{fetched.source} sendte tal for {fetched.table}, som svarbrev ikke kan bruge{line}: {error.message}; intet er skrevet") from None
    index.close()
    return index.path


def _keep_checked_cells(cells: Path, target: Path) -> None:
    """The checked cells put beside the new extract (they are the same figures: cellindex knows them by content).
    Only a saving: where they cannot be put, the first letter checks the extract again."""
    try:
        target.parent.mkdir(exist_ok=True)
        shutil.move(cells, target.with_name(f".{target.name}.hentet.tmp"))
        os.replace(target.with_name(f".{target.name}.hentet.tmp"), target)
    except OSError:
        pass


def checked_token(token: str) -> str:
    """The key without surrounding blanks; a key that cannot stand in an HTTP header is refused
    (without quoting it)."""
    token = token.strip()
    if not token or not all(33 <= ord(character) < 127 for character in token):
        raise FetchError(f"{jobindsats.TOKEN_VARIABLE} indeholder mellemrum eller tegn, der ikke kan stå i en nøgle; kopiér nøglen fra STAR igen")
    return token


def _read(path: Path) -> bytes:
    try:
        return read_bounded(path, limits.EXTRACT)
    except ReadRefused as refused:
        raise DataError(refused.reason, file=path) from None


def newest_extract(folder: Path, table: str) -> Path | None:
    if not folder.is_dir():
        return None
    extracts = [path for path in folder.iterdir() if (m := _EXTRACT.match(path.name)) and m["table"] == table and path.is_file()]
    return max(extracts, key=lambda path: path.name, default=None)


def _summary(fetched: Fetched) -> str:
    periods = sorted({row.period for row in fetched.rows})
    areas = {row.area for row in fetched.rows}
    return f"{fetched.name}; {len(areas)} områder, {len(periods)} perioder, {len(fetched.rows)} rækker"


def _default_areas() -> tuple[str, ...]:
    """The letter's comparison group and Hele landet (the default template's profile)."""
    from generator.profile import DEFAULT_TEMPLATE, load_profile

    place = load_profile(DEFAULT_TEMPLATE).place
    return (*place.group_areas, place.national)


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class Status:
    table: str
    extract: str | None  # the newest extract's file name
    newest_period: str | None
    newer: str  # "ja (opdateret 2025-09-19)", "nej", "ukendt (…)"


def data_status(
    folder: Path,
    *,
    token: str | None = None,
    api_url: str = jobindsats.DEFAULT_URL,
    dst_url: str = statbank.DEFAULT_URL,
    service_options: dict[str, Any] | None = None,
) -> tuple[list[Status], str | None]:
    """Per declared table: newest extract, its newest period, and whether the service has a newer
    update. The second value is a problem asking a service (None when all went well)."""
    store = ExtractStore(Path(folder))
    options = service_options or {}
    problem: str | None = None
    listing: dict[str, jobindsats.Listing] | None = None
    tables = list(read_sources(Path(folder) / SOURCES_FILE).values())
    if any(info.source == jobindsats.SOURCE for info in tables) and token:
        try:
            listing = jobindsats.list_tables(jobindsats.service(api_url, checked_token(token), **options))
        except SvarbrevError as error:
            problem = error.one_line()
    lines = []
    for info in tables:
        try:
            extract = store.current(info.id)
        except SvarbrevError:
            lines.append(Status(info.id, None, None, "ukendt (intet udtræk)"))
            continue
        try:
            period = extract.newest_period().code
        except SvarbrevError as error:
            period = f"kan ikke læses: {error.message}"
        recorded = _recorded_update(extract.path) or extract.extract_date
        newer = "ukendt (ikke en tabel fra Jobindsats eller Danmarks Statistik)"
        if info.source == jobindsats.SOURCE:
            if not token:
                newer = f"ukendt ({jobindsats.TOKEN_VARIABLE} er ikke sat)"
            elif listing is None:
                newer = "ukendt (Jobindsats kunne ikke spørges)"
            elif info.id not in listing:
                newer = "ukendt (Jobindsats har ikke tabellen)"
            else:
                newer = _compare(listing[info.id].update_latest, recorded)
        elif info.source == statbank.SOURCE and info.id in (table.lower() for table in statbank.TABLES):
            try:
                newer = _compare(statbank.table_updated(statbank.service(dst_url, **options), info.id.upper()), recorded)
            except SvarbrevError as error:
                problem = problem or error.one_line()
                newer = "ukendt (Danmarks Statistik kunne ikke spørges)"
        lines.append(Status(info.id, extract.path.name, period, newer))
    return lines, problem


def _recorded_update(extract: Path) -> datetime.date | None:
    sidecar = extract.with_name(extract.name[: -len(".csv")] + ".kilde.json")
    try:
        return _date(json.loads(sidecar.read_text(encoding="utf-8")).get("opdateret_senest"))
    except (OSError, ValueError, AttributeError):
        return None


def _compare(update: str | None, recorded: datetime.date) -> str:
    updated = _date(update)
    if updated is None:
        return "ukendt (tjenesten oplyser ingen opdateringsdato)"
    return f"ja (opdateret {updated:%d-%m-%Y})" if updated > recorded else f"nej (senest opdateret {updated:%d-%m-%Y})"


def _date(text: Any) -> datetime.date | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None
