"""Question → metric calls: which computations answer each question, for which area, period and group.

A question that lists `metrikker` gets exactly those calls (unknown ids and parameters are refused
with their line); one without gets them from the automatic matcher, which reads the question in
the context of the inquiry's subject and the questions before it. `metrikker: []` asks for no
figures at all, and a question with the caseworker's own `svar` is not given figures unasked.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.caching import Cache
from generator.errors import QuestionFileError
from generator.mapping.matcher import Context, MappingResult, Matcher, Unhonoured
from generator.metrics.catalogue import Catalogue, Metric
from generator.questionfile import CallError, CallSpec, MetricCall, Question, QuestionFile, build_call


@dataclass(frozen=True)
class PlannedCall:
    """A catalogue metric and the parameters it is computed with."""

    metric: Metric
    call: MetricCall


@dataclass(frozen=True)
class MappedQuestion:
    question: Question
    calls: tuple[PlannedCall, ...]
    automatic: MappingResult | None = None  # set when the matcher chose the calls
    own_answer_only: bool = False  # the caseworker's `svar` and no `metrikker`: no figures added

    @property
    def metrics(self) -> tuple[Metric, ...]:
        return tuple(planned.metric for planned in self.calls)

    @property
    def unhonoured(self) -> tuple[Unhonoured, ...]:
        """Words of the question that no chosen computation honours (only for automatic mapping)."""
        return self.automatic.unhonoured if self.automatic is not None else ()

    @property
    def unanswered(self) -> bool:
        """Neither a caseworker's text nor a metric answers it."""
        return not self.calls and not self.question.answer


_MATCHERS: Cache[Matcher] = Cache("matchere", 4)


def matcher_for(catalogue: Catalogue) -> Matcher:
    return _MATCHERS.get(catalogue, _make_matcher_for, catalogue)


def _make_matcher_for(catalogue: Catalogue) -> Matcher:
    return Matcher(catalogue)


def map_questions(question_file: QuestionFile, catalogue: Catalogue) -> list[MappedQuestion]:
    mapped = []
    for index, question in enumerate(question_file.questions):
        if question.calls is not None:
            mapped.append(MappedQuestion(question, resolve_calls(question_file, question, catalogue)))
        elif question.answer:
            mapped.append(MappedQuestion(question, (), own_answer_only=True))
        else:
            context = Context(
                question_file.inquiry.subject,
                tuple(q.text for q in question_file.questions[:index]),
                question_file.inquiry.date,
                question.accepted,
            )
            result = matcher_for(catalogue).match(question.text, context)
            planned = tuple(PlannedCall(catalogue.get(call.metric_id), call) for call in result.calls)
            mapped.append(MappedQuestion(question, planned, result))
    return mapped


def resolve_calls(question_file: QuestionFile, question: Question, catalogue: Catalogue) -> tuple[PlannedCall, ...]:
    """The question file's own calls, checked against the catalogue and the parameter contract."""
    seen: dict[MetricCall, int | None] = {}
    planned = []
    for spec in question.calls or ():
        def refused(message: str, spec: CallSpec = spec) -> QuestionFileError:
            return QuestionFileError(message, file=question_file.display_name, line=spec.line, field=f"{question.field}.metrikker")

        if spec.metric_id not in catalogue:
            guess = catalogue.closest(spec.metric_id)
            hint = f" — mente du '{guess}'?" if guess else " (se `svarbrev metrikker`)"
            raise refused(f"ukendt metrik '{spec.metric_id}'{hint}")
        metric = catalogue.get(spec.metric_id)
        call = checked_call(question_file, spec, metric)
        if call in seen:
            raise refused(f"metrikken '{spec.metric_id}' står to gange (også linje {seen[call]})")
        seen[call] = spec.line
        planned.append(PlannedCall(metric, call))
    return tuple(planned)


def checked_call(question_file: QuestionFile, spec: CallSpec, metric: Metric) -> MetricCall:
    """The call built from its written parameters; a refusal names the parameter's own line."""
    try:
        call = build_call(spec.metric_id, spec.parameters)
        refused = metric.refused_parameters(call)
        if refused:
            raise CallError(refused[0], metric.refusal(refused[0]))
    except CallError as error:
        raise QuestionFileError(
            error.message,
            file=question_file.display_name,
            line=spec.parameter_lines.get(error.key, spec.line),
            field=f"{spec.field}.{error.key}" if spec.parameters else spec.field,
        ) from None
    return call
