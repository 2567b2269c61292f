"""`svarbrev batch`: many replies in one run, in parallel, never destroying a caseworker's edits.

Sources are question files, folders (every *.yaml below them) and globs. A question file whose
`henvendelse.modtagere` names a recipient list gives one reply per row. Each reply is generated
in a worker process; one failure never stops the others. An earlier output is replaced only if
svarbrev's content hash shows it was not edited since (or with --overskriv), and never if it is
not a svarbrev letter at all. Every run ends with UDMAPPE/rapport.csv: one row per reply, in the
order the sources were given, for Danish Excel (UTF-8 with BOM, `;`, formulas neutralised).
Final versions (--endelig) are named `<navn>-endelig.docx`, so they never replace the drafts.
"""

from __future__ import annotations

import csv
import gc
import glob
import io
import multiprocessing
import os
import re
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, overload

from generator import limits
from generator.errors import OutputError, QuestionFileError, RegisterError, SvarbrevError, path_problem
from generator.letter.package import is_unedited
from generator.limits import ReadRefused, describe_os_error, read_bounded
from generator.output import check_replaceable_letter, sync_folder_entries, write_atomically
from generator.questionfile import Inquiry, QuestionFile, clean_text, load_question_file
from generator.register import Register, current_user

if TYPE_CHECKING:
    from generator.register.records import LetterEntry

REPORT_NAME = "rapport.csv"
REPORT_COLUMNS = ("fil", "modtager", "status", "udskrift", "besked", "varighed_s")
OK, SKIPPED, FAILED = "ok", "sprunget over", "fejl"
FINAL_SUFFIX = "-endelig"  # henvendelse.docx is the draft, henvendelse-endelig.docx the final version
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # Excel would run such a cell as a formula
_FIELD = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_SLUG_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


@dataclass(frozen=True)
class Job:
    """A question file to answer, or one row of its recipient list. Only paths and names travel: the worker
    reads the file (the main process never parses one, so it stays small however many there are)."""

    source: Path
    name: str  # the letters' name, from the file's own (output_names)
    position: tuple[int, int]  # in the report: the order the sources were given in, then the recipients'
    row: dict[str, str] | None = None  # None: the file as given (a recipient list in it is not yet read)

    def output(self, out_dir: Path, final: bool) -> Path:
        suffix = f"{FINAL_SUFFIX}.docx" if final else ".docx"
        if self.row is None:
            return out_dir / f"{self.name}{suffix}"
        return out_dir / f"{self.name}-{self.position[1] + 1:02d}-{slug(self.row['modtager'])}{suffix}"


@dataclass(frozen=True)
class JobResult:
    """What a worker sends back: the letter's outcome, or a file's recipient list as one job per row."""

    outcome: Outcome | None = None
    rows: tuple[Job, ...] = ()
    entry: LetterEntry | None = None  # what the case register is told about the letter (Options.register)


@dataclass(frozen=True)
class Outcome:
    source: str
    recipient: str
    status: str
    output: str
    message: str
    seconds: float
    position: tuple[int, int] = (0, 0)
    flagged: bool = False  # written, but with warnings or placeholders ([Svar mangler], [Data mangler …])


@dataclass
class BatchReport:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False
    report_error: str | None = None  # rapport.csv could not be written, and why

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def flagged(self) -> int:
        """Letters written with warnings or placeholders: they need a look before they go out."""
        return sum(1 for outcome in self.outcomes if outcome.status == OK and outcome.flagged)

    def in_input_order(self) -> list[Outcome]:
        """Workers finish in any order; the report follows the order the sources were given in."""
        return sorted(self.outcomes, key=lambda outcome: outcome.position)

    @property
    def failed(self) -> bool:
        return self.count(FAILED) > 0 or self.interrupted


# -- finding the question files ----------------------------------------------------------------


def collect_sources(sources: Sequence[str]) -> list[Path | Outcome]:
    """Question files from files, folders (recursively) and globs, in the order given (each file
    once); a source that matches nothing becomes a failed outcome in its place, so the report says so."""
    found: dict[Path | Outcome, None] = {}
    for source in sources:
        matches = _matching_files(source)
        if not matches:
            found[Outcome(source, "", FAILED, "", "fandt ingen spørgsmålsfiler", 0.0)] = None
        for match in matches:
            found.setdefault(match, None)
    return list(found)


def _matching_files(source: str) -> list[Path]:
    path = Path(source)
    if path.is_dir():
        return sorted(p for p in path.rglob("*.yaml") if p.is_file())
    if path.is_file():
        return [path]
    return sorted(Path(p) for p in glob.glob(source, recursive=True) if Path(p).is_file())


def output_names(files: Sequence[Path]) -> dict[Path, str]:
    """One name per question file, from its own name; equal names get their folders in front."""
    names: dict[Path, str] = {}
    stems: dict[str, list[Path]] = {}
    for path in files:
        stems.setdefault(path.stem, []).append(path)
    for stem, paths in stems.items():
        if len(paths) == 1:
            names[paths[0]] = stem
            continue
        common = Path(os.path.commonpath([p.resolve().parent for p in paths]))
        for path in paths:
            relative = path.resolve().with_suffix("").relative_to(common)
            names[path] = "__".join(relative.parts)
    return names


def slug(text: str) -> str:
    """'Hassan Nur Wardere' → 'hassan-nur-wardere', for file names."""
    folded = text.casefold().translate(_SLUG_FOLD)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60] or "modtager"


# -- recipient lists -----------------------------------------------------------------------------


_COLUMN_NAME = re.compile(r"[\w æøåÆØÅ.-]{1,40}")


def _columns_shown(columns: list[str]) -> str:
    """The header's column names, but only when one of them is a misspelt 'modtager' ("Modtagere",
    "modtager "): the names help the caseworker then. Any other first line is never echoed, however
    much it looks like column names — it may be the first line of a file that is no recipient list."""
    near = [name for name in columns if _COLUMN_NAME.fullmatch(name) and name.strip().casefold().startswith("modt")]
    if near and len(columns) <= 30 and all(_COLUMN_NAME.fullmatch(name) for name in columns):
        return f" (kolonner: {', '.join(columns)})"
    return f" (første linje har {len(columns)} kolonne{'' if len(columns) == 1 else 'r'} uden 'modtager'; er det en CSV med ; som skilletegn?)"


def read_recipients(question_file: QuestionFile) -> list[dict[str, str]]:
    """The rows of `henvendelse.modtagere` (`;`-separated, UTF-8, a `modtager` column required)."""
    path = question_file.inquiry.recipients
    assert path is not None, "only a question file with a recipient list has recipients"

    def refused(message: str) -> QuestionFileError:
        return QuestionFileError(message, file=question_file.display_name, line=question_file.inquiry.recipients_line, field="henvendelse.modtagere")

    try:
        text = read_bounded(path, limits.RECIPIENT_LIST).decode("utf-8-sig")
    except ReadRefused as not_read:
        raise refused(f"modtagerlisten {path}: {not_read.reason}") from None
    except UnicodeDecodeError as error:
        # Never the file's content: it may not be a recipient list at all (/etc/shadow).
        raise refused(f"modtagerlisten {path.name} er ikke UTF-8 (byte {error.start + 1}); gem den som CSV i UTF-8") from None
    try:
        return _recipient_rows(text, path, refused)
    except csv.Error:
        raise refused(f"modtagerlisten {path.name} kan ikke læses som CSV (et felt er for langt eller et citationstegn mangler)") from None


def _recipient_rows(text: str, path: Path, refused: Callable[[str], QuestionFileError]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    columns = [name.strip() for name in reader.fieldnames or []]
    if "modtager" not in columns:
        raise refused(f"modtagerlisten {path.name} mangler kolonnen 'modtager'{_columns_shown(columns)}")
    rows = []
    for line, row in enumerate(reader, start=2):
        # Cells are cleaned like the question file's texts: no control or XML-invalid characters.
        clean = {key.strip(): clean_text(value or "").strip() for key, value in row.items() if key is not None}
        long_cell = next((key for key, value in clean.items() if len(value) > limits.RECIPIENT_CELL), None)
        if long_cell is not None:
            raise refused(f"{path.name} linje {line}: cellen '{long_cell}' er for lang (over {limits.RECIPIENT_CELL} tegn)")
        if not any(clean.values()):
            continue
        if not clean.get("modtager"):
            raise refused(f"{path.name} linje {line}: modtager er tom")
        rows.append(clean)
    if not rows:
        raise refused(f"modtagerlisten {path.name} har ingen rækker")
    return rows


@overload
def fill_fields(text: str, row: dict[str, str], question_file: QuestionFile) -> str: ...
@overload
def fill_fields(text: None, row: dict[str, str], question_file: QuestionFile) -> None: ...
@overload
def fill_fields(text: str | None, row: dict[str, str], question_file: QuestionFile) -> str | None: ...
def fill_fields(text: str | None, row: dict[str, str], question_file: QuestionFile) -> str | None:
    """`{{ kolonne }}` in a question file's text → that column of the recipient's row."""
    if text is None:
        return None

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in row:
            raise QuestionFileError(
                f"feltet '{{{{ {name} }}}}' findes ikke i modtagerlisten (kolonner: {', '.join(row)})",
                file=question_file.display_name,
                field="henvendelse.modtagere",
            )
        return row[name]

    return _FIELD.sub(value, text)


def for_recipient(question_file: QuestionFile, row: dict[str, str]) -> QuestionFile:
    """The question file as it reads for one recipient."""
    inquiry: Inquiry = question_file.inquiry
    inquiry = replace(
        inquiry,
        recipient=row["modtager"],
        subject=fill_fields(inquiry.subject, row, question_file),
        case_number=row.get("sagsnummer") or fill_fields(inquiry.case_number, row, question_file),
        recipients=None,
    )
    questions = tuple(
        replace(q, text=fill_fields(q.text, row, question_file), answer=fill_fields(q.answer, row, question_file))
        for q in question_file.questions
    )
    return replace(question_file, inquiry=inquiry, questions=questions)


# -- planning and running ------------------------------------------------------------------------


def plan(sources: Sequence[Path | Outcome]) -> tuple[list[Job], list[Outcome]]:
    """A job per question file, numbered in source order (their recipient lists are read by the workers); sources
    that matched nothing become failed outcomes in their place."""
    names = output_names([source for source in sources if isinstance(source, Path)])
    jobs: list[Job] = []
    failures: list[Outcome] = []
    for index, source in enumerate(sources):
        if isinstance(source, Outcome):
            failures.append(replace(source, position=(index, 0)))
        else:
            jobs.append(Job(source, names[source], (index, 0)))
    return jobs, failures


@dataclass(frozen=True)
class Options:
    extract_date: date | None = None
    final: bool = False
    overwrite: bool = False
    data_dir: Path | None = None  # --data: goes before every file's data.mappe
    allow_example_data: bool = False
    register: Path | None = None  # the case register every letter is written into; None: none


def run_job(job: Job, options: Options, out_dir: Path) -> JobResult:
    """Generate one reply, or read a file's recipient list into jobs; any refusal becomes a failed outcome instead
    of an exception."""
    from generator.register.records import letter_entry
    from generator.reply import ReplySettings, make_reply, save_reply  # the worker's import, done once

    started = time.perf_counter()
    recipient = job.row["modtager"] if job.row is not None else ""
    output = job.output(out_dir, options.final)

    def outcome(status: str, message: str = "", flagged: bool = False, entry: LetterEntry | None = None) -> JobResult:
        seconds = round(time.perf_counter() - started, 3)
        written = str(output) if status == OK else ""
        return JobResult(Outcome(str(job.source), recipient, status, written, message, seconds, job.position, flagged), entry=entry)

    try:
        question_file = load_question_file(job.source)  # parsed once per text (reader.py)
        if job.row is None and question_file.inquiry.recipients is not None:
            rows = read_recipients(question_file)
            return JobResult(rows=tuple(Job(job.source, job.name, (job.position[0], index), row) for index, row in enumerate(rows)))
        recipient = job.row["modtager"] if job.row is not None else question_file.inquiry.recipient
        check_replaceable_letter(output)
        # The .docx is what caseworkers edit; a sidecar left without its letter is only derived data.
        replace_existing = options.overwrite or not output.exists()
        if output.exists() and not options.overwrite:
            if not is_unedited(output.read_bytes()):
                return outcome(SKIPPED, "rettet efter generering; brug --overskriv for at erstatte den")
            replace_existing = True  # an untouched earlier output is simply renewed
        as_given = question_file  # the inquiry; a recipient's letter is one of its letters
        if job.row is not None:
            question_file = for_recipient(question_file, job.row)
        settings = ReplySettings(options.data_dir, final=options.final, extract_date=options.extract_date, allow_example_data=options.allow_example_data)
        reply = save_reply(make_reply(question_file, settings), output, settings, replace_existing, sync_folder=False).reply
        entry = letter_entry(as_given, reply, output, options.final, reply.profile.deadline_rule) if options.register is not None else None
        return outcome(OK, "; ".join(reply.warnings), flagged=bool(reply.warnings or reply.problems), entry=entry)
    except SvarbrevError as error:
        problems = getattr(error, "problems", ())
        return outcome(FAILED, error.one_line() + ("".join(f"; {p}" for p in problems)))
    except Exception as error:  # a bug must not stop the other replies either
        refusal = path_problem(error)
        return outcome(FAILED, refusal.one_line() if refusal is not None else f"uventet fejl ({error.__class__.__name__}: {error})")
    finally:
        _collect_now_and_then()


_letters_since_collection = 0


JOBS_PER_ROUND = 8  # letters a worker is handed at a time; fewer near the end, so both workers finish together


def run_jobs(jobs: list[Job], options: Options, out_dir: Path) -> list[JobResult]:
    return [run_job(job, options, out_dir) for job in jobs]


def _collect_now_and_then(every: int = 100) -> None:
    """A full garbage collection every `every` letters. A filled Word document is a web of
    python-docx objects that only the cycle collector frees; left to its own thresholds a worker
    holds some hundred letters' worth before it runs, and memory climbs ~20 MB before it levels."""
    global _letters_since_collection
    _letters_since_collection += 1
    if _letters_since_collection >= every:
        _letters_since_collection = 0
        gc.collect()


def _warm_up() -> None:
    """Load what every letter needs before forking, so workers start warm and share it."""
    from generator.mapping import matcher_for
    from generator.metrics.catalogue import load_catalogue
    from generator.profile import TEMPLATES_DIR, TEXTS_FOLDER
    from generator.rendering.text import text_renderer

    matcher_for(load_catalogue())
    renderer = text_renderer(TEMPLATES_DIR / TEXTS_FOLDER)
    for template in renderer.env.list_templates():
        renderer.env.get_template(template)


def _pool(workers: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_exit_with_parent, initargs=(os.getpid(),))


def _exit_with_parent(parent: int) -> None:
    """A worker whose main process died (kill -9) stops too, instead of living on as an orphan."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


LOCK_NAME = ".svarbrev.lock"


@contextmanager
def output_folder_lock(out_dir: Path) -> Iterator[None]:
    """One batch at a time in a folder: a second run is refused while the first is alive; a lock
    left by a run that died (its process is gone) is taken over."""
    lock = out_dir / LOCK_NAME
    for _ in range(2):
        try:
            handle = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            owner = _lock_owner(lock)
            if owner is not None and _is_running(owner):
                raise OutputError(f"en anden kørsel af svarbrev batch skriver i mappen (proces {owner}); vent, til den er færdig", file=out_dir) from None
            lock.unlink(missing_ok=True)
            continue
        except OSError as error:
            raise OutputError(f"kan ikke skrive i mappen: {describe_os_error(error)}", file=out_dir) from None
        with os.fdopen(handle, "w") as stream:
            stream.write(str(os.getpid()))
        break
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _lock_owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prepare_output_folder(out_dir: Path) -> None:
    """UDMAPPE exists as a folder (made if missing); a file, an empty name or an impossible place is refused."""
    if not str(out_dir).strip():
        raise OutputError("-o skal være en mappe, ikke et tomt navn")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("findes og er en fil, ikke en mappe; batch skriver brevene i en mappe", file=out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = "en del af stien findes ikke og kan ikke laves" if isinstance(error, FileNotFoundError) else describe_os_error(error)
        raise OutputError(f"kunne ikke lave mappen: {reason}", file=out_dir) from None


def remove_stray_temporaries(out_dir: Path, jobs: Iterable[Job]) -> None:
    """Temporary files of unfinished writes of these jobs' letters and sidecars (`.<navn>[-NN-modtager].….tmp`):
    after an interruption, and before a run, of one that was killed."""
    prefixes = tuple(f".{job.name}{separator}" for job in jobs for separator in (".", "-"))
    for path in out_dir.glob(".*.tmp"):
        if path.name.startswith(prefixes):
            path.unlink(missing_ok=True)


def run_batch(
    sources: Sequence[str],
    out_dir: Path,
    options: Options = Options(),
    workers: int | None = None,
    progress: Callable[[int, int, Outcome], None] | None = None,
) -> BatchReport:
    """Generate every reply; returns what happened to each, and writes UDMAPPE/rapport.csv."""
    with _open_register(options.register) as register:
        prepare_output_folder(out_dir)
        with output_folder_lock(out_dir):
            return _run_locked(sources, out_dir, options, workers, progress, register)


@contextmanager
def _open_register(path: Path | None) -> Iterator[Register | None]:
    """The case register, opened (and refused, if it cannot be used) before any letter is written."""
    if path is None:
        yield None
        return
    with Register.open(path) as register:
        yield register


def _run_locked(
    sources: Sequence[str],
    out_dir: Path,
    options: Options,
    workers: int | None,
    progress: Callable[[int, int, Outcome], None] | None,
    register: Register | None = None,
) -> BatchReport:
    jobs, failures = plan(collect_sources(sources))
    holder = current_user()
    remove_stray_temporaries(out_dir, jobs)  # a run that was killed left them; none is being written (the lock is ours)
    report = BatchReport(failures)
    total = len(jobs) + len(report.outcomes)
    for outcome in report.outcomes:
        if progress:
            progress(len(report.outcomes), total, outcome)

    def record(result: JobResult) -> list[Job]:
        """An outcome is counted; a recipient list becomes its rows' jobs (and the total grows by them)."""
        nonlocal total
        if result.outcome is None:
            total += len(result.rows) - 1
            return list(result.rows)
        outcome = result.outcome
        if register is not None and result.entry is not None:
            try:  # one transaction per letter: a batch killed now leaves every row before it whole
                register.record_letter(result.entry.inquiry, result.entry.letter, result.entry.answers, holder)
            except RegisterError as error:  # the letter stands; the report says it is not in the register
                outcome = replace(outcome, message="; ".join(filter(None, [outcome.message, f"ikke registreret: {error.message}"])), flagged=True)
        report.outcomes.append(outcome)
        if progress:
            progress(len(report.outcomes), total, outcome)
        return []

    try:
        _run_jobs(jobs, options, out_dir, max(1, workers or os.cpu_count() or 1), record)
    except KeyboardInterrupt:
        report.interrupted = True
        remove_stray_temporaries(out_dir, jobs)
    try:
        write_report(out_dir / REPORT_NAME, report)
    except OutputError as error:
        report.report_error = error.one_line()  # the summary is still printed; the exit code says it
    sync_folder_entries(out_dir)  # every letter's name on disk: once, not once per letter
    return report


def _run_jobs(jobs: list[Job], options: Options, out_dir: Path, workers: int, record: Callable[[JobResult], list[Job]]) -> None:
    """Every job, and the jobs their recipient lists make. One file (or one worker) starts in this process; once
    there is more than one letter to write and more than one worker, the rest go to worker processes."""
    queue = deque(jobs)
    while queue and (workers == 1 or len(queue) == 1):
        queue.extendleft(reversed(record(run_job(queue.popleft(), options, out_dir))))
    if not queue:
        return
    _warm_up()
    with _pool(workers) as pool:
        pending: set[Future[list[JobResult]]] = set()
        try:
            while queue or pending:
                # A few handfuls per worker in flight: memory stays flat however many letters, and the
                # parent's cost per letter (pickling, waking up) is shared by a handful.
                while queue and len(pending) < workers * 2:
                    size = min(JOBS_PER_ROUND, max(1, len(queue) // (workers * 2)))
                    pending.add(pool.submit(run_jobs, [queue.popleft() for _ in range(min(size, len(queue)))], options, out_dir))
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    for result in future.result():
                        queue.extendleft(reversed(record(result)))
        except KeyboardInterrupt:
            # Letters not yet started are dropped; those being written finish whole or not
            # at all (their writes are atomic), so nothing half-written is left.
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def write_report(path: Path, report: BatchReport) -> None:
    """rapport.csv as Danish Excel opens it: UTF-8 with BOM, `;`, decimal comma, rows in input order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for o in report.in_input_order():
        cells = [o.source, o.recipient, o.status, o.output, o.message, f"{o.seconds:.3f}".replace(".", ",")]
        writer.writerow([neutralised(cell) for cell in cells])
    write_atomically(path, buffer.getvalue().encode("utf-8-sig"), overwrite=True)


def neutralised(cell: str) -> str:
    """A cell Excel would read as a formula (`=HYPERLINK(…)` as a recipient's name) gets a leading
    `'`, so it is shown as text, never run."""
    # Excel folds fullwidth and other compatibility forms ("＝", "＋") to the plain sign before it decides.
    return f"'{cell}" if unicodedata.normalize("NFKC", cell.lstrip(" \u3000"))[:1] in _FORMULA_START or cell.startswith(_FORMULA_START) else cell
