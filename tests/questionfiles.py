"""Question files for the tests, made from svarbrev's own model and written by its one writer
(generator/questionfile/writer.py), so a test states what it asks, not how YAML is quoted."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from generator.questionfile import AnswerPlan, CallSpec, QuestionPlan, parse_question_file
from generator.questionfile.writer import question_file_text


def call(written: str) -> CallSpec:
    """A metric call in the question file's notation — `fleksjob.antal` or `{id: …, periode: "2022"}` —
    read by svarbrev's reader (values are not checked until a letter is made)."""
    text = f"henvendelse: {{modtager: M, dato: 2025-01-01, emne: e}}\nspørgsmål:\n  - tekst: t\n    metrikker: [{written}]\n"
    (spec,) = parse_question_file(text, "kald", Path(".")).questions[0].calls or ()
    return CallSpec(spec.metric_id, spec.parameters)


def asked(text: str, *calls: str, answer: str = "") -> QuestionPlan:
    """A question; with calls, they are its `metrikker`, without, the automatic mapping chooses."""
    return QuestionPlan(text, answer=answer, automatic=not calls, calls=[call(written) for written in calls])


def write_question_file(
    path: Path,
    questions: Sequence[QuestionPlan],
    *,
    data: Path | str | None = None,
    recipient: str = "Test Testesen",
    date: datetime.date = datetime.date(2025, 6, 25),
    subject: str = "fleksjob",
    letter_date: datetime.date | None = None,
    case_number: str = "",
) -> Path:
    plan = AnswerPlan(recipient, date, subject, list(questions), case_number=case_number, letter_date=letter_date, data_folder=str(data or ""))
    path.write_text(question_file_text(plan), encoding="utf-8")
    return path
