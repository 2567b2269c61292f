"""The answer plan: a question file as the caseworker reviews and edits it, before it is written.

A plan holds what a question file holds (recipient, dates, subject, signer, the questions with their
own `svar` and metric calls) and, beside it, what the review needs to see: the matcher's proposal for
each question in words (quoting the inquiry), the words the figures cannot answer, and the sentences
of the inquiry that did not become questions. It is made from an incoming inquiry (the same reading
as `svarbrev ny`) or from an existing question file, refreshed after every edit, and written as a
question file that `svarbrev generate` and `svarbrev batch` take as it is. `svarbrev web` is a shell
over this module.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import QuestionFileError
from generator.intake import (
    Survey,
    leaves_choice_to_matcher,
    proposal_lines,
    survey_inquiry,
)
from generator.metrics.catalogue import Catalogue, load_catalogue
from generator.profile import DEFAULT_TEMPLATE
from generator.questionfile import (
    UNKNOWN_SENDER,
    UNKNOWN_SUBJECT,
    AnswerPlan,
    CallSpec,
    QuestionFile,
    QuestionPlan,
    parse_question_file,
    writer,
)

# --- making a plan ------------------------------------------------------------------------------


def plan_from_inquiry(path: Path) -> AnswerPlan:
    """The plan `svarbrev ny` would write for the inquiry at `path`."""
    survey = survey_inquiry(path)
    return AnswerPlan(
        recipient=survey.sender or UNKNOWN_SENDER,
        date=survey.date,
        subject=survey.subject or UNKNOWN_SUBJECT,
        case_number=survey.case_number or "",
        questions=[_proposed(survey, index) for index in range(len(survey.questions))],
        not_taken=survey.not_taken,
        warnings=survey.all_warnings,
        source=survey.source.name,
        inquiry_text=survey.text,
    )


def _proposed(survey: Survey, index: int) -> QuestionPlan:
    result = survey.results[index]
    return QuestionPlan(
        text=survey.questions[index],
        automatic=leaves_choice_to_matcher(result),
        calls=[CallSpec.of(call) for call in result.calls],
        proposal=proposal_lines(result, survey.threshold),
        unhonoured=[f"»{phrase.text}« — {phrase.reason}" for phrase in result.unhonoured],
        unknown=[phrase.text for phrase in result.unhonoured if phrase.unknown],
    )


def plan_from_question_file(question_file: QuestionFile, catalogue: Catalogue | None = None) -> AnswerPlan:
    """The plan of an existing question file. Paths in it (data.mappe, brev.underskrift,
    henvendelse.modtagere) are not followed: the caller decides where data comes from."""
    if question_file.inquiry.recipients is not None:
        raise QuestionFileError(
            "filen har en modtagerliste; lav et brev pr. modtager med svarbrev batch",
            file=question_file.display_name, line=question_file.inquiry.recipients_line, field="henvendelse.modtagere",
        )
    inquiry, letter = question_file.inquiry, question_file.letter
    warnings = []
    if question_file.data.folder is not None:
        warnings.append("data.mappe i filen bruges ikke her; tallene hentes fra den datamappe, siden er startet med")
    if letter.signature is not None:
        warnings.append("brev.underskrift (billedet) bruges ikke her; sæt det ind med svarbrev generate --endelig")
    plan = AnswerPlan(
        recipient=inquiry.recipient,
        date=inquiry.date,
        subject=inquiry.subject,
        case_number=inquiry.case_number or "",
        letter_date=letter.date,
        template=letter.template or "",
        signer=letter.signer or "",
        title=letter.title or "",
        extract_date=question_file.data.extract_date,
        questions=[
            QuestionPlan(
                text=q.text,
                answer=q.answer or "",
                automatic=q.calls is None,
                calls=[CallSpec(spec.metric_id, dict(spec.parameters)) for spec in q.calls or ()],
                accepted=list(q.accepted),
            )
            for q in question_file.questions
        ],
        warnings=warnings,
        source=Path(question_file.display_name).name,
    )
    return refresh(plan, catalogue)


def refresh(plan: AnswerPlan, catalogue: Catalogue | None = None) -> AnswerPlan:
    """Read every question again as the letter will: the proposal and the unanswered words for each,
    and, for a question left to the matcher, the calls it will make."""
    from generator.mapping import matcher_for
    from generator.mapping.matcher import Context

    matcher = matcher_for(catalogue or load_catalogue())
    texts = [question.text for question in plan.questions]
    for index, question in enumerate(plan.questions):
        result = matcher.match(question.text, Context(plan.subject, tuple(texts[:index]), plan.date, tuple(question.accepted)))
        question.proposal = proposal_lines(result, matcher.threshold)
        question.unhonoured = [f"»{phrase.text}« — {phrase.reason}" for phrase in result.unhonoured]
        question.unknown = [phrase.text for phrase in result.unhonoured if phrase.unknown]
        if question.automatic:
            question.calls = [CallSpec.of(call) for call in result.calls] if not question.answer else []
    return plan


# --- writing it -------------------------------------------------------------------------------


def question_file_text(plan: AnswerPlan, made: str = "") -> str:
    """The plan as a question file (the README contract); `made` is a first comment line."""
    return writer.question_file_text(plan, made, default_template=DEFAULT_TEMPLATE)


def checked_question_file(text: str, name: str, base_dir: Path, catalogue: Catalogue | None = None) -> QuestionFile:
    """The written plan read back as `svarbrev generate` reads it, metric calls included; a
    QuestionFileError names the field (spørgsmål[2].metrikker[1].periode) where the plan breaks the contract."""
    from generator.mapping import resolve_calls

    question_file = parse_question_file(text, name, base_dir)
    catalogue = catalogue or load_catalogue()
    for question in question_file.questions:
        resolve_calls(question_file, question, catalogue)
    return question_file
