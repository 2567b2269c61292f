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

import datetime
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import QuestionFileError
from generator.intake import (
    Survey,
    leaves_choice_to_matcher,
    proposal_lines,
    survey_inquiry,
)
from generator.metrics.calls import PARAMETERS, MetricCall
from generator.metrics.catalogue import Catalogue, load_catalogue
from generator.profile import DEFAULT_TEMPLATE
from generator.questionfile import (
    UNKNOWN_SENDER,
    UNKNOWN_SUBJECT,
    QuestionFile,
    parse_question_file,
)
from generator.yaml_syntax import double_quoted, yaml_scalar

# Parameters that take a list (several areas, two breakdowns); the rest take one value.
LIST_PARAMETERS = ("område", "opdeling", "sammenlign_med")
_PLAIN_IN_FLOW = re.compile(r"[A-Za-zÆØÅæøåÉé][\wÆØÅæøåÉé .]*")


@dataclass
class CallPlan:
    """One metric call: the metric's id and its parameters as a question file writes them."""

    metric: str
    parameters: dict[str, str | list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, call: MetricCall) -> CallPlan:
        return cls(call.metric_id, call.as_parameters())


@dataclass
class QuestionPlan:
    text: str
    answer: str = ""  # the caseworker's own `svar`
    automatic: bool = True  # no `metrikker`: the matcher chooses when the letter is made
    calls: list[CallPlan] = field(default_factory=list)  # for an automatic question: what the matcher chooses now
    proposal: list[str] = field(default_factory=list)  # the matcher's reasons, one line each
    unhonoured: list[str] = field(default_factory=list)  # »words« — why the figures cannot answer them
    unknown: list[str] = field(default_factory=list)  # words svarbrev does not know, which the caseworker may accept
    accepted: list[str] = field(default_factory=list)  # `accepter`: words the caseworker judged harmless


@dataclass
class AnswerPlan:
    recipient: str
    date: datetime.date
    subject: str
    questions: list[QuestionPlan]
    case_number: str = ""
    letter_date: datetime.date | None = None
    template: str = ""
    signer: str = ""
    title: str = ""
    extract_date: datetime.date | None = None
    not_taken: list[str] = field(default_factory=list)  # sentences of the inquiry that are not questions
    warnings: list[str] = field(default_factory=list)
    source: str = ""  # what the plan was made from, for the first line of the question file
    inquiry_text: str = ""  # the inquiry as read, shown beside the plan

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("date", "letter_date", "extract_date"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnswerPlan:
        values = dict(data)
        for key in ("date", "letter_date", "extract_date"):
            values[key] = datetime.date.fromisoformat(values[key]) if values.get(key) else None
        values["questions"] = [
            QuestionPlan(**{**q, "calls": [CallPlan(**c) for c in q["calls"]]}) for q in values["questions"]
        ]
        return cls(**values)


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
        calls=[CallPlan.of(call) for call in result.calls],
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
                calls=[CallPlan(spec.metric_id, dict(spec.parameters)) for spec in q.calls or ()],
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
            question.calls = [CallPlan.of(call) for call in result.calls] if not question.answer else []
    return plan


# --- writing it -------------------------------------------------------------------------------


def question_file_text(plan: AnswerPlan, made: str = "") -> str:
    """The plan as a question file (the README contract); `made` is a first comment line."""
    lines = [f"# {line}" for line in made.splitlines()]
    lines += [
        "henvendelse:",
        f"  modtager: {yaml_scalar(plan.recipient)}",
        f"  dato: {plan.date.isoformat()}",
        f"  emne: {yaml_scalar(plan.subject)}",
    ]
    if plan.case_number:
        lines.append(f"  sagsnummer: {yaml_scalar(plan.case_number)}")
    letter = [
        ("dato", plan.letter_date.isoformat() if plan.letter_date else ""),
        ("skabelon", plan.template if plan.template != DEFAULT_TEMPLATE else ""),
        ("underskriver", yaml_scalar(plan.signer) if plan.signer else ""),
        ("titel", yaml_scalar(plan.title) if plan.title else ""),
    ]
    if any(value for _, value in letter):
        lines += ["brev:", *[f"  {key}: {value}" for key, value in letter if value]]
    if plan.extract_date:
        lines += ["data:", f"  udtræk: {plan.extract_date.isoformat()}"]
    lines.append("spørgsmål:")
    for question in plan.questions:
        lines.append(f"  - tekst: {double_quoted(question.text)}")
        if question.answer:
            lines.append(f"    svar: {double_quoted(question.answer)}")
        if not question.automatic:
            lines.append(f"    metrikker: [{', '.join(_flow_call(call) for call in question.calls)}]")
        if question.accepted:
            lines.append(f"    accepter: [{', '.join(_flow_scalar(word) for word in question.accepted)}]")
    return "\n".join(lines) + "\n"


def _flow_call(call: CallPlan) -> str:
    if not call.parameters:
        return _flow_scalar(call.metric)
    parts = [f"id: {_flow_scalar(call.metric)}"]
    for key in PARAMETERS:
        value = call.parameters.get(key)
        if isinstance(value, list):
            parts.append(f"{key}: [{', '.join(_flow_scalar(item) for item in value)}]")
        elif value:
            parts.append(f"{key}: {_flow_scalar(value)}")
    return "{" + ", ".join(parts) + "}"


def _flow_scalar(text: str) -> str:
    """Plain where YAML reads it back as the same text inside [ ] and { }, else double-quoted."""
    if _PLAIN_IN_FLOW.fullmatch(text) and not text.endswith(" ") and yaml.safe_load(text) == text:
        return text
    return double_quoted(text)


def checked_question_file(text: str, name: str, base_dir: Path, catalogue: Catalogue | None = None) -> QuestionFile:
    """The written plan read back as `svarbrev generate` reads it, metric calls included; a
    QuestionFileError names the field (spørgsmål[2].metrikker[1].periode) where the plan breaks the contract."""
    from generator.mapping import resolve_calls

    question_file = parse_question_file(text, name, base_dir)
    catalogue = catalogue or load_catalogue()
    for question in question_file.questions:
        resolve_calls(question_file, question, catalogue)
    return question_file
