"""Question → metrics: which computations answer each question.

A question that lists `metrikker` gets exactly those (unknown ids are refused with their line);
one without gets them from the automatic matcher, which reads the question in the context of the
inquiry's subject and the questions before it. `metrikker: []` asks for no figures at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from generator.errors import QuestionFileError
from generator.mapping.matcher import Context, MappingResult, Matcher
from generator.metrics.catalogue import Catalogue, Metric
from generator.questionfile import Question, QuestionFile


@dataclass(frozen=True)
class MappedQuestion:
    question: Question
    metrics: tuple[Metric, ...]
    automatic: MappingResult | None = None  # set when the matcher chose the metrics

    @property
    def unanswered(self) -> bool:
        """Neither a caseworker's text nor a metric answers it."""
        return not self.metrics and not self.question.answer


@lru_cache(maxsize=4)
def matcher_for(catalogue: Catalogue) -> Matcher:
    return Matcher(catalogue)


def map_questions(question_file: QuestionFile, catalogue: Catalogue) -> list[MappedQuestion]:
    mapped = []
    for index, question in enumerate(question_file.questions):
        if question.metric_ids is None:
            context = Context(question_file.inquiry.subject, tuple(q.text for q in question_file.questions[:index]))
            result = matcher_for(catalogue).match(question.text, context)
            mapped.append(MappedQuestion(question, tuple(catalogue.get(m) for m in result.chosen), result))
        else:
            mapped.append(MappedQuestion(question, resolve_metrics(question_file, question, catalogue)))
    return mapped


def resolve_metrics(question_file: QuestionFile, question: Question, catalogue: Catalogue) -> tuple[Metric, ...]:
    metric_ids = question.metric_ids or ()
    lines = question.metric_lines or (question.line,) * len(metric_ids)
    seen: dict[str, int] = {}
    for metric_id, line in zip(metric_ids, lines):
        where = dict(file=question_file.display_name, line=line, field=f"{question.field}.metrikker")
        if metric_id not in catalogue:
            guess = catalogue.closest(metric_id)
            hint = f" — mente du '{guess}'?" if guess else " (se `svarbrev metrikker`)"
            raise QuestionFileError(f"ukendt metrik '{metric_id}'{hint}", **where)
        if metric_id in seen:
            raise QuestionFileError(f"metrikken '{metric_id}' står to gange (også linje {seen[metric_id]})", **where)
        seen[metric_id] = line
    return tuple(catalogue.get(metric_id) for metric_id in metric_ids)
