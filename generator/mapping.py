"""Question → metrics: which computations answer each question.

For now a question names its metrics itself (`metrikker`); automatic mapping of free text comes
later and will plug in here. Unknown ids are refused with the line they stand on.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import QuestionFileError
from generator.metrics.catalogue import Catalogue, Metric
from generator.questionfile import Question, QuestionFile


@dataclass(frozen=True)
class MappedQuestion:
    question: Question
    metrics: tuple[Metric, ...]

    @property
    def unanswered(self) -> bool:
        """Neither a caseworker's text nor a metric answers it."""
        return not self.metrics and not self.question.answer


def map_questions(question_file: QuestionFile, catalogue: Catalogue) -> list[MappedQuestion]:
    return [MappedQuestion(q, resolve_metrics(question_file, q, catalogue)) for q in question_file.questions]


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
