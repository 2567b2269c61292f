"""The case register (issue 26): every inquiry with its deadline and status, and every letter made for it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.domain.deadlines import DeadlineRule, deadline
from generator.register.store import SCHEMA_VERSION, STATUSES, Case, Register, register_path

if TYPE_CHECKING:
    from generator.questionfile import QuestionFile
    from generator.reply import Generated, Reply

__all__ = ["SCHEMA_VERSION", "STATUSES", "Case", "DeadlineRule", "Register", "Repeat", "check_register", "current_user", "deadline", "record_generated", "record_new", "register_path", "repeated_questions"]


def check_register(path: str | Path | None) -> None:
    """Refuse now a register that exists but cannot be used (a newer svarbrev's, not a register), before
    anything is written; a register that does not exist yet is made when the first row is written."""
    if register_path(path).exists():
        Register.open(path).close()


def record_new(register: Register, question_file: QuestionFile, holder: str = "") -> Case:
    """An inquiry as `svarbrev ny` drafted it: registered as received, with its deadline."""
    from generator.profile import TEMPLATES_DIR
    from generator.register.records import inquiry_facts
    from generator.reply import profile_for

    return register.record_inquiry(inquiry_facts(question_file, profile_for(question_file, TEMPLATES_DIR).deadline_rule), holder)


def record_generated(register: Register, generated: Generated, final: bool, holder: str = "", question_path: Path | None = None) -> Case:
    """A letter as written: the inquiry (registered if it was not), the letter and its answers. `question_path`
    is where the question file is, when its name is not a path from here (the page's workspace)."""
    from generator.register.records import letter_entry

    reply = generated.reply
    entry = letter_entry(reply.question_file, reply, Path(generated.output), final, reply.profile.deadline_rule, question_path)
    return register.record_letter(entry.inquiry, entry.letter, entry.answers, holder)


@dataclass(frozen=True)
class Repeat:
    """A question answered before: when, in which case, with which figures then and now."""

    question: int
    case_label: str
    letter_date: datetime.date
    then: tuple[str, ...]
    now: tuple[str, ...]

    def describe(self) -> str:
        """'spørgsmål 1: samme spørgsmål blev besvaret 25-06-2025 i sag 2025-0123: 5.192; med nyeste data 5.301'."""
        then = ", ".join(self.then) or "uden tal i teksten"
        now = "de samme" if self.now == self.then else ", ".join(self.now) or "ingen tal"
        return f"spørgsmål {self.question}: samme spørgsmål blev besvaret {self.letter_date:%d-%m-%Y} i sag {self.case_label}: {then}; med nyeste data {now}"


def repeated_questions(register: Register, reply: Reply, case: Case) -> list[Repeat]:
    """The calls of `reply`'s questions that an earlier final letter of another inquiry made, with the figures
    they printed in the text then and as the newest data give them now."""
    from generator.register.records import answer_records, text_numbers

    repeats = []
    for answer in answer_records(reply):
        for call in answer.calls:
            earlier = register.earlier_answer(call, case.id)
            if earlier is not None:
                now = [figure for figure in answer.figures if figure.get("metrik") == call["id"]]
                repeats.append(Repeat(answer.question, earlier.case_label, earlier.letter_date, text_numbers(earlier.figures), text_numbers(now)))
    return repeats


def current_user() -> str:
    """Who runs svarbrev: the register's 'ansvarlig' for an inquiry it has not seen before."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""
