"""The case register: one SQLite file holding every inquiry, its deadline and status, and its letters.

One file (default `svarbrev.db` in the working folder) that the terminal and the page write at once:
WAL mode, every change one `BEGIN IMMEDIATE` transaction, a wait of `BUSY_SECONDS` for another writer
before "optaget, prøv igen". A transaction is whole or absent, so a process killed mid-write leaves
the register as it was before it. The schema carries its version (`PRAGMA user_version`) and svarbrev's
application id; migrations are the .sql files beside this module, applied in order. A register from a
newer svarbrev, or a file that is not a register, is refused and never written.
"""

from __future__ import annotations

import datetime
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.domain.deadlines import DeadlineRule, deadline
from generator.errors import RegisterError

REGISTER_FILE = "svarbrev.db"
REGISTER_VARIABLE = "SVARBREV_REGISTER"
APPLICATION_ID = 0x53564252  # "SVBR": a register svarbrev made, not any SQLite file
BUSY_SECONDS = 10.0
STATUSES = ("modtaget", "udkast", "endelig", "sendt")
RECEIVED, DRAFT, FINAL, SENT = STATUSES
BUSY = "registret er optaget af en anden, der skriver i det; prøv igen"


def register_path(given: str | Path | None = None) -> Path:
    """--register, else $SVARBREV_REGISTER, else svarbrev.db in the working folder."""
    chosen = given or os.environ.get(REGISTER_VARIABLE) or REGISTER_FILE
    return Path(chosen)


MIGRATIONS = Path(__file__).with_name("migrations")  # shipped beside this module (package data)


def migrations() -> list[str]:
    """The schema's migrations in order: migration N brings a register to version N."""
    return [path.read_text(encoding="utf-8") for path in sorted(MIGRATIONS.glob("*.sql"))]


SCHEMA_VERSION = len(list(MIGRATIONS.glob("*.sql")))


@dataclass(frozen=True)
class Case:
    """One inquiry as the register holds it."""

    id: int
    key: str
    case_number: str | None
    sender: str
    received: datetime.date
    subject: str
    deadline: datetime.date | None
    status: str
    holder: str
    question_file: str

    @property
    def label(self) -> str:
        """How a caseworker names it: its sagsnummer, else its number in the register."""
        return self.case_number or f"#{self.id}"

    @property
    def is_open(self) -> bool:
        return self.status != SENT

    def days_left(self, today: datetime.date) -> int | None:
        """Calendar days to the deadline (negative once it has passed); None without one."""
        return None if self.deadline is None else (self.deadline - today).days

    def days_left_words(self, today: datetime.date) -> str:
        """'3 dage tilbage', 'i dag', '2 dage over fristen' ('' without a deadline), as the terminal and the page say it."""
        days = self.days_left(today)
        if days is None:
            return ""
        if days < 0:
            return f"{-days} {'dag' if days == -1 else 'dage'} over fristen"
        return "i dag" if days == 0 else f"{days} {'dag' if days == 1 else 'dage'} tilbage"


@dataclass(frozen=True)
class LetterRecord:
    """A letter made for an inquiry."""

    path: str
    made: str
    letter_date: datetime.date
    final: bool
    recipient: str
    content_hash: str


@dataclass(frozen=True)
class AnswerRecord:
    """What one question of a letter was answered with: its calls (places written out) and figures."""

    question: int
    question_text: str
    calls: tuple[dict[str, Any], ...]
    figures: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class EarlierAnswer:
    """The newest final letter of another inquiry that answered the same calls."""

    case_label: str
    letter_date: datetime.date
    figures: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Event:
    at: str
    what: str
    detail: str


@dataclass(frozen=True)
class InquiryFacts:
    """What the register is told about an inquiry when it arrives or a letter is made for it."""

    case_number: str | None
    sender: str
    received: datetime.date
    subject: str
    rule: DeadlineRule | None  # the template's svarfrist
    question_file: Path
    questions: tuple[str, ...]
    written_deadline: datetime.date | None = None  # the deadline a draft was just written with: the register follows it

    def deadline(self) -> datetime.date | None:
        if self.written_deadline is not None:
            return self.written_deadline
        return deadline(self.received, self.rule) if self.rule is not None else None

    @property
    def key(self) -> str:
        return f"sag:{self.case_number}" if self.case_number else f"fil:{self.file_key}"

    @property
    def file_key(self) -> str:
        return str(self.question_file.resolve())


class Register:
    """An open register; use as a context manager, or call close()."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None) -> Register:
        """The register at `path` (see register_path), made when it does not exist."""
        path = register_path(path)
        if path.is_dir():
            raise RegisterError("er en mappe, ikke et register", file=path)
        try:
            connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as error:
            raise RegisterError(f"registret kan ikke åbnes ({error})", file=path) from None
        register = cls(path, connection)
        try:
            register._prepare()
        except BaseException:
            connection.close()
            raise
        return register

    def _prepare(self) -> None:
        try:
            version, application = self._versions()
            if application not in (0, APPLICATION_ID) or (application == 0 and version == 0 and self._has_tables()):
                raise RegisterError("filen er en anden SQLite-database end svarbrevs register; den røres ikke", file=self.path)
            if version > SCHEMA_VERSION:
                raise RegisterError(
                    f"registret er skrevet af en nyere svarbrev (skemaversion {version}; denne udgave kender op til {SCHEMA_VERSION}); opdatér svarbrev",
                    file=self.path,
                )
            if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            # A commit reaches the WAL file without waiting for the disk: a killed process loses nothing it
            # committed; a power cut may lose the last moments (letters are synced themselves, see output.py).
            self._db.execute("PRAGMA synchronous = NORMAL")
            if version < SCHEMA_VERSION:
                self._migrate()
        except sqlite3.OperationalError as error:
            raise self._refusal(error) from None
        except sqlite3.DatabaseError as error:
            raise RegisterError(f"filen er ikke et register, SQLite kan læse ({error}); den overskrives ikke", file=self.path) from None

    def _versions(self) -> tuple[int, int]:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        application = self._db.execute("PRAGMA application_id").fetchone()[0]
        return version, application

    def _has_tables(self) -> bool:
        return self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0

    def _migrate(self) -> None:
        """Every migration the register lacks, each with its version number in one transaction; another
        process migrating at the same time waits, then finds nothing left to do."""
        with self._writing():
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(migrations(), start=1):
                if number > version:
                    for statement in _statements(script):
                        self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {number}")
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction that takes the write lock at once (waiting for another writer up to BUSY_SECONDS)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise self._refusal(error) from None
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as error:
            self._db.execute("ROLLBACK")
            raise self._refusal(error) from None

    def _refusal(self, error: sqlite3.OperationalError) -> RegisterError:
        text = str(error)
        if "locked" in text or "busy" in text:
            return RegisterError(BUSY, file=self.path)
        if "readonly" in text or "unable to open" in text:
            return RegisterError(f"registret kan ikke skrives ({text})", file=self.path)
        return RegisterError(f"registret kan ikke bruges ({text})", file=self.path)

    # -- writing ---------------------------------------------------------------------------------

    def record_inquiry(self, facts: InquiryFacts, holder: str = "", what: str = "registreret") -> Case:
        """The inquiry registered (status modtaget), or brought up to date with its question file: a file
        that has since been given its sagsnummer keeps its row."""
        with self._writing():
            inquiry_id = self._upsert(facts, holder, what)
        return self.case_by_id(inquiry_id)

    def record_letter(self, facts: InquiryFacts, letter: LetterRecord, answers: Sequence[AnswerRecord], holder: str = "") -> Case:
        """A letter made for the inquiry, with what each question was answered with; the status moves on
        to udkast or endelig (never back)."""
        with self._writing():
            inquiry_id = self._upsert(facts, holder, "registreret")
            cursor = self._db.execute(
                "INSERT INTO letters (inquiry_id, path, made, letter_date, final, recipient, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (inquiry_id, letter.path, letter.made, letter.letter_date.isoformat(), int(letter.final), letter.recipient, letter.content_hash),
            )
            self._db.executemany(
                "INSERT INTO answers (letter_id, question, question_text, calls, figures) VALUES (?, ?, ?, ?, ?)",
                [(cursor.lastrowid, a.question, a.question_text, _json(a.calls), _json(a.figures)) for a in answers],
            )
            self._db.executemany(
                "INSERT INTO answer_calls (letter_id, question, call) VALUES (?, ?, ?)",
                [(cursor.lastrowid, a.question, _json(call)) for a in answers for call in a.calls],
            )
            self._event(inquiry_id, f"{'endeligt brev' if letter.final else 'udkast'} skrevet", letter.path)
            self._advance(inquiry_id, FINAL if letter.final else DRAFT)
        return self.case_by_id(inquiry_id)

    def mark_sent(self, label: str) -> Case:
        """The inquiry's answer sent: only once a final letter was made for it."""
        case = self.case(label)
        with self._writing():
            finals = self._db.execute("SELECT count(*) FROM letters WHERE inquiry_id = ? AND final = 1", (case.id,)).fetchone()[0]
            if not finals:
                raise RegisterError(f"sag {case.label} har intet endeligt brev endnu; lav det med svarbrev generate --endelig først")
            self._advance(case.id, SENT)
        return self.case_by_id(case.id)

    def set_holder(self, label: str, holder: str) -> Case:
        case = self.case(label)
        with self._writing():
            self._db.execute("UPDATE inquiries SET holder = ?, updated = ? WHERE id = ?", (holder, _now(), case.id))
            self._event(case.id, "ansvarlig", holder)
        return self.case_by_id(case.id)

    def _upsert(self, facts: InquiryFacts, holder: str, what: str) -> int:
        """The inquiry's row, made or brought up to date. Its deadline is worked out when it is made, or
        when its date of receipt changes (not for every letter: the holiday calendar costs a tenth of a second),
        and is the one a draft was written with, so the draft's properties and `svarbrev sager` agree."""
        row = self._db.execute("SELECT id, received, deadline FROM inquiries WHERE key = ?", (facts.key,)).fetchone()
        if row is None and facts.case_number:  # the file had no sagsnummer when it was registered
            row = self._db.execute("SELECT id, received, deadline FROM inquiries WHERE key = ?", (f"fil:{facts.file_key}",)).fetchone()
        now = _now()
        received = facts.received.isoformat()
        if row is not None and row[1] == received and facts.written_deadline is None:
            due = row[2]
        else:
            due = (day := facts.deadline()) and day.isoformat()
        values = (facts.key, facts.case_number, facts.sender, received, facts.subject, due, str(facts.question_file), now)
        if row is None:
            inquiry_id = self._db.execute(
                "INSERT INTO inquiries (key, case_number, sender, received, subject, deadline, question_file, updated, status, holder, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, RECEIVED, holder, now),
            ).lastrowid
            assert inquiry_id is not None
            self._event(inquiry_id, what, str(facts.question_file))
        else:
            inquiry_id = row[0]
            self._db.execute(
                "UPDATE inquiries SET key = ?, case_number = ?, sender = ?, received = ?, subject = ?, deadline = ?, question_file = ?, updated = ?"
                " WHERE id = ?",
                (*values, inquiry_id),
            )
        self._db.execute("DELETE FROM questions WHERE inquiry_id = ?", (inquiry_id,))
        self._db.executemany("INSERT INTO questions (inquiry_id, number, text) VALUES (?, ?, ?)",
                             [(inquiry_id, number, text) for number, text in enumerate(facts.questions, start=1)])
        return inquiry_id

    def _advance(self, inquiry_id: int, status: str) -> None:
        current = self._db.execute("SELECT status FROM inquiries WHERE id = ?", (inquiry_id,)).fetchone()[0]
        if STATUSES.index(status) > STATUSES.index(current):
            self._db.execute("UPDATE inquiries SET status = ?, updated = ? WHERE id = ?", (status, _now(), inquiry_id))
            self._event(inquiry_id, f"status: {status}")

    def _event(self, inquiry_id: int, what: str, detail: str = "") -> None:
        self._db.execute("INSERT INTO events (inquiry_id, at, what, detail) VALUES (?, ?, ?, ?)", (inquiry_id, _now(), what, detail))

    # -- reading ---------------------------------------------------------------------------------

    def cases(self, open_only: bool = False, search: str | None = None) -> list[Case]:
        """Inquiries by deadline (those without one last), then by when they came."""
        sql = f"SELECT {_CASE_COLUMNS} FROM inquiries"
        where, arguments = [], []
        if open_only:
            where.append("status != ?")
            arguments.append(SENT)
        if search:
            pattern = f"%{search.casefold()}%"
            where.append("(lower(subject) LIKE ? OR lower(sender) LIKE ? OR lower(ifnull(case_number, '')) LIKE ?"
                         " OR id IN (SELECT inquiry_id FROM questions WHERE lower(text) LIKE ?))")
            arguments += [pattern] * 4
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY deadline IS NULL, deadline, received, id"
        return [_case(row) for row in self._db.execute(sql, arguments)]

    def case(self, label: str) -> Case:
        """An inquiry by its sagsnummer, or by its number in the register ('#3' or '3')."""
        row = self._db.execute(f"SELECT {_CASE_COLUMNS} FROM inquiries WHERE case_number = ?", (label,)).fetchone()
        if row is None and label.lstrip("#").isdigit():
            row = self._db.execute(f"SELECT {_CASE_COLUMNS} FROM inquiries WHERE id = ?", (int(label.lstrip("#")),)).fetchone()
        if row is None:
            raise RegisterError(f"ingen sag '{label}' i registret", file=self.path)
        return _case(row)

    def case_by_id(self, inquiry_id: int) -> Case:
        return _case(self._db.execute(f"SELECT {_CASE_COLUMNS} FROM inquiries WHERE id = ?", (inquiry_id,)).fetchone())

    def letters(self, case: Case) -> list[LetterRecord]:
        rows = self._db.execute(
            "SELECT path, made, letter_date, final, recipient, content_hash FROM letters WHERE inquiry_id = ? ORDER BY id", (case.id,)
        )
        return [LetterRecord(path, made, datetime.date.fromisoformat(day), bool(final), recipient, digest) for path, made, day, final, recipient, digest in rows]

    def latest_answers(self, case: Case) -> tuple[LetterRecord, list[AnswerRecord]] | None:
        """The case's newest final letter (its newest letter when none is final) and what each question was answered with."""
        row = self._db.execute(
            "SELECT id, path, made, letter_date, final, recipient, content_hash FROM letters WHERE inquiry_id = ? ORDER BY final DESC, id DESC LIMIT 1",
            (case.id,),
        ).fetchone()
        if row is None:
            return None
        letter_id, path, made, day, final, recipient, digest = row
        answers = [
            AnswerRecord(question, text, tuple(json.loads(calls)), tuple(json.loads(figures)))
            for question, text, calls, figures in self._db.execute(
                "SELECT question, question_text, calls, figures FROM answers WHERE letter_id = ? ORDER BY question", (letter_id,)
            )
        ]
        return LetterRecord(path, made, datetime.date.fromisoformat(day), bool(final), recipient, digest), answers

    def questions(self, case: Case) -> list[str]:
        return [text for (text,) in self._db.execute("SELECT text FROM questions WHERE inquiry_id = ? ORDER BY number", (case.id,))]

    def earlier_answer(self, call: dict[str, Any], other_than: int) -> EarlierAnswer | None:
        """The newest final answer, in another inquiry than `other_than`, that made exactly this call (scheme,
        analysis, places written out, breakdown, period …), with the figures that call printed."""
        row = self._db.execute(
            "SELECT ifnull(i.case_number, '#' || i.id), l.letter_date, a.figures FROM answer_calls c"
            " JOIN answers a ON a.letter_id = c.letter_id AND a.question = c.question"
            " JOIN letters l ON l.id = c.letter_id JOIN inquiries i ON i.id = l.inquiry_id"
            " WHERE c.call = ? AND l.final = 1 AND i.id != ? ORDER BY l.id DESC LIMIT 1",
            (_json(call), other_than),
        ).fetchone()
        if row is None:
            return None
        label, day, figures = row
        metric = call.get("id")
        return EarlierAnswer(label, datetime.date.fromisoformat(day), tuple(f for f in json.loads(figures) if f.get("metrik") == metric))

    def history(self, case: Case) -> list[Event]:
        return [Event(*row) for row in self._db.execute("SELECT at, what, detail FROM events WHERE inquiry_id = ? ORDER BY id", (case.id,))]


_CASE_COLUMNS = "id, key, case_number, sender, received, subject, deadline, status, holder, question_file"


def _case(row: tuple[Any, ...]) -> Case:
    inquiry_id, key, case_number, sender, received, subject, deadline, status, holder, question_file = row
    return Case(
        inquiry_id, key, case_number, sender, datetime.date.fromisoformat(received), subject,
        datetime.date.fromisoformat(deadline) if deadline else None, status, holder, question_file,
    )


def _statements(script: str) -> list[str]:
    """The statements of a migration (no semicolons inside its strings or comments)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [statement.strip() for statement in "\n".join(lines).split(";") if statement.strip()]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
