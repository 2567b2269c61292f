"""What the register is told, taken from a question file and from a reply as it was written."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.domain.deadlines import DeadlineRule
from generator.domain.places import PLACE_TEXT
from generator.letter.contract import KIND_NUMBER
from generator.letter.sidecar import raw_value
from generator.questionfile import QuestionFile
from generator.questionfile.reader import PLACEHOLDER
from generator.register.store import AnswerRecord, InquiryFacts, LetterRecord

if TYPE_CHECKING:
    from generator.reply import Reply

LIST_OF_RECIPIENTS = "(modtagerliste)"
# A recipient list's fields in the file's texts ("til {{ udvalg }}", filled per row by batch.fill_fields): the inquiry
# is the file's, so its subject shows the field's name ("til [udvalg]"), not template syntax.
_FIELD = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class LetterEntry:
    """Everything the register is told about one letter; made where the letter was (a batch worker), written
    by whoever holds the register (the batch's main process)."""

    inquiry: InquiryFacts
    letter: LetterRecord
    answers: tuple[AnswerRecord, ...]


def letter_entry(
    question_file: QuestionFile, reply: Reply, output: Path, final: bool, rule: DeadlineRule | None, path: Path | None = None
) -> LetterEntry:
    """`question_file` is the file as given: for a recipient list, the inquiry is the file's, the letter the row's;
    `path` where the file is when its name says less (the page's workspace)."""
    facts = inquiry_facts(question_file, rule, path)
    if not final:  # the draft carries its deadline in its properties (reply.letter_properties)
        facts = replace(facts, written_deadline=reply.deadline())
    return LetterEntry(facts, letter_record(output, output.read_bytes(), reply, final), tuple(answer_records(reply)))


def inquiry_facts(question_file: QuestionFile, rule: DeadlineRule | None, path: Path | None = None) -> InquiryFacts:
    """The inquiry as its question file says; a sagsnummer still reading "[sagsnummer]" is none."""
    inquiry = question_file.inquiry
    case_number = inquiry.case_number if inquiry.case_number and not PLACEHOLDER.search(inquiry.case_number) else None
    return InquiryFacts(
        case_number=case_number,
        sender=inquiry.recipient or LIST_OF_RECIPIENTS,
        received=inquiry.date,
        subject=_FIELD.sub(r"[\1]", inquiry.subject) if inquiry.recipients is not None else inquiry.subject,
        rule=rule,
        question_file=(path or question_file.path).resolve(),
        questions=tuple(question.text for question in question_file.questions),
    )


def letter_record(path: Path, docx: bytes, reply: Reply, final: bool) -> LetterRecord:
    return LetterRecord(
        path=str(path.resolve()),
        made=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        letter_date=reply.letter_date,
        final=final,
        recipient=reply.question_file.inquiry.recipient,
        content_hash=hashlib.sha256(docx).hexdigest(),
    )


def answer_records(reply: Reply) -> list[AnswerRecord]:
    """Each question's calls, places written out (so 'the same question, now for Aarhus' is another
    one), and the figures printed for it."""
    home = reply.profile.place.area
    figures: dict[int, list[dict[str, Any]]] = {}
    for figure in reply.figures.figures:
        if figure.question is not None:
            figures.setdefault(figure.question, []).append({"tekst": figure.text, "værdi": raw_value(figure.value), "metrik": figure.metric, "sted": figure.place, "art": figure.kind})
    return [
        AnswerRecord(
            question=mapped.question.number,
            question_text=mapped.question.text,
            calls=tuple(replace(planned.call, areas=planned.call.areas or (home,)).as_json() for planned in mapped.calls),
            figures=tuple(figures.get(mapped.question.number, ())),
        )
        for mapped in reply.mapped
    ]


def text_numbers(figures: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    """The numbers a reader meets in an answer's text (not its tables', nor the periods and dates beside them)."""
    return tuple(figure["tekst"] for figure in figures if figure.get("sted") == PLACE_TEXT and figure.get("art") == KIND_NUMBER)
