"""`svarbrev genbrug SAG`: an earlier case answered again on the newest extracts, each answer saying what changed."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

from generator.errors import RegisterError
from generator.output import check_writable
from generator.profile import TEMPLATES_DIR, TEXTS_FOLDER
from generator.questionfile import load_question_file
from generator.register.records import answer_records, inquiry_facts, letter_record, text_numbers
from generator.register.store import AnswerRecord, Case, Register
from generator.rendering.blocks import TextBlock
from generator.rendering.text import fold_whitespace, text_renderer
from generator.reply import Generated, Reply, ReplySettings, make_reply, save_reply

CHANGES_TEMPLATE = "genbrug.j2"


def reuse_output(question_path: Path, today: datetime.date) -> Path:
    """fleksjob.yaml → fleksjob.genbrug-2026-12-08.svar.docx beside it: never the earlier letters' names."""
    return question_path.with_name(f"{question_path.stem}.genbrug-{today.isoformat()}.svar.docx")


def reuse_case(
    register: Register, label: str, data_dir: Path | None = None, output: Path | None = None, overwrite: bool = False,
    today: datetime.date | None = None,
) -> tuple[Generated, Case]:
    """A new draft of case `label` from its question file on the newest extracts (a pinned extract date is
    set aside), every answer opened by what changed since the case's newest final letter; registered as
    one of the case's letters."""
    today = today or datetime.date.today()
    case = register.case(label)
    earlier = register.latest_answers(case)
    if earlier is None:
        raise RegisterError(f"sag {case.label} har intet brev at genbruge endnu")
    question_path = Path(case.question_file)
    if not question_path.is_file():
        raise RegisterError(f"sag {case.label}s spørgsmålsfil findes ikke længere: {question_path}")
    as_written = load_question_file(question_path)
    question_file = replace(as_written, letter=replace(as_written.letter, date=today))  # a new letter: today's, not the earlier one's date
    output = output or reuse_output(question_path, today)
    check_writable(output, overwrite, create_folder=True)
    settings = ReplySettings(data_dir, extract_date=today)
    reply = make_reply(question_file, settings)
    answers = answer_records(reply)  # what the register is told, and what the changes are read from
    say_changes(reply, earlier[0].letter_date, case.label, {answer.question: answer for answer in earlier[1]}, answers)
    generated = save_reply(reply, output, settings, overwrite)
    facts = inquiry_facts(question_file, reply.profile.deadline_rule)
    return generated, register.record_letter(facts, letter_record(output, output.read_bytes(), reply, False), answers)


def say_changes(reply: Reply, letter_date: datetime.date, case: str, earlier: dict[int, AnswerRecord], answers: list[AnswerRecord]) -> None:
    """Open each answer the earlier letter also gave with a highlighted paragraph saying what changed. It is the
    caseworker's to read and remove: its numbers are the earlier letter's, so `tjek` lists them as not checked."""
    texts = text_renderer(TEMPLATES_DIR / TEXTS_FOLDER)
    now = {answer.question: answer for answer in answers}
    for section in reply.sections:
        before, after = earlier.get(section.number), now.get(section.number)
        if before is None or after is None or not before.calls:
            continue
        then_numbers, now_numbers = text_numbers(before.figures), text_numbers(after.figures)
        if not then_numbers and not now_numbers:
            continue  # no figures in its text, then or now: nothing to compare
        changed = [(old, new) for old, new in zip(then_numbers, now_numbers) if old != new]
        context = {"letter_date": letter_date, "case": case, "then": then_numbers, "now": now_numbers, "changed": changed}
        text = fold_whitespace(texts.render_text_block(CHANGES_TEMPLATE, context))
        section.blocks.insert(0, TextBlock(text, highlight=True, caseworker=True))
