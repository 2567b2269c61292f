"""Measure the matcher against labelled questions: exact-set accuracy and where it goes wrong."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.mapping.matcher import Context, Matcher


@dataclass(frozen=True)
class LabelledQuestion:
    text: str
    expected: frozenset[str]
    category: str
    context: Context


@dataclass
class Evaluation:
    total: int = 0
    correct: int = 0
    by_category: Counter = field(default_factory=Counter)
    correct_by_category: Counter = field(default_factory=Counter)
    missed: Counter = field(default_factory=Counter)  # expected metric not chosen
    spurious: Counter = field(default_factory=Counter)  # chosen metric not expected
    confusions: Counter = field(default_factory=Counter)  # (expected set, chosen set)
    failures: list[tuple[LabelledQuestion, frozenset[str]]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_labelled(path: Path) -> list[LabelledQuestion]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        LabelledQuestion(
            text=item["spørgsmål"],
            expected=frozenset(item["forventet"]),
            category=item["kategori"],
            context=Context(item.get("emne", ""), tuple(item.get("forrige", []))),
        )
        for item in items
    ]


def evaluate(matcher: Matcher, questions: list[LabelledQuestion]) -> Evaluation:
    result = Evaluation()
    for question in questions:
        chosen = frozenset(matcher.match(question.text, question.context).chosen)
        result.total += 1
        result.by_category[question.category] += 1
        if chosen == question.expected:
            result.correct += 1
            result.correct_by_category[question.category] += 1
            continue
        result.failures.append((question, chosen))
        result.missed.update(question.expected - chosen)
        result.spurious.update(chosen - question.expected)
        result.confusions[(", ".join(sorted(question.expected)) or "ingen", ", ".join(sorted(chosen)) or "ingen")] += 1
    return result


def report(name: str, evaluation: Evaluation) -> str:
    lines = [f"{name}: {evaluation.correct}/{evaluation.total} rigtige = {evaluation.accuracy:.1%} (præcis samme mængde metrikker)"]
    for category, count in sorted(evaluation.by_category.items()):
        lines.append(f"  {category:<13} {evaluation.correct_by_category[category]:>3}/{count}")
    if evaluation.confusions:
        lines.append("  forvekslinger (forventet → valgt):")
        lines += [f"    {n} × {expected} → {chosen}" for (expected, chosen), n in evaluation.confusions.most_common(10)]
    if evaluation.missed:
        lines.append("  oftest overset: " + ", ".join(f"{m} ({n})" for m, n in evaluation.missed.most_common(5)))
    if evaluation.spurious:
        lines.append("  oftest valgt uden grund: " + ", ".join(f"{m} ({n})" for m, n in evaluation.spurious.most_common(5)))
    return "\n".join(lines)
