"""Measure the matcher against labelled questions: exact-set accuracy and where it goes wrong."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.mapping.matcher import Context, Matcher
from generator.questionfile import MetricCall, build_call


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


# --------------------------------------------------------------------------- calls with parameters

REFERENCE_DATE = datetime.date(2025, 6, 25)  # tests/data/PARAMETRE.md: relative dates count from it


@dataclass(frozen=True)
class LabelledCalls:
    text: str
    expected: frozenset[MetricCall]
    unhonourable: bool  # the question asks for something no computation can honour
    category: str
    context: Context
    home: str = "København"  # `hjem`: the place a question naming none is about (the minister's: Hele landet)


@dataclass
class CallEvaluation:
    total: int = 0
    correct: int = 0
    unhonourable: int = 0
    flagged: int = 0  # unhonourable questions that were flagged (never a confident answer)
    false_flags: int = 0  # answerable questions flagged as not answerable
    confident_on_unanswerable: int = 0  # must-mark questions given figures without a mark
    refused_answerable: int = 0  # answerable questions marked or left without figures
    exact_answerable: int = 0  # answerable questions given exactly the expected calls, unmarked
    confident_wrong_answerable: int = 0  # answerable questions given other calls, unmarked
    by_category: Counter = field(default_factory=Counter)
    correct_by_category: Counter = field(default_factory=Counter)
    failures: list[tuple[LabelledCalls, frozenset[MetricCall], tuple[str, ...]]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def phi10(self) -> int:
        """TrustSQL's φ_10 score: a wrong confident answer costs ten right ones."""
        right_refusals = self.unhonourable - self.confident_on_unanswerable
        wrong = self.confident_on_unanswerable + self.confident_wrong_answerable
        return self.exact_answerable + right_refusals - 10 * wrong


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _expected_call(item: dict, home: str) -> MetricCall:
    raw = {key: value for key, value in item.items() if key != "id"}
    return build_call(item["id"], {k: (v if isinstance(v, list) else str(v)) for k, v in raw.items()}).with_defaults(home)


def load_labelled_calls(path: Path, home: str = "København") -> list[LabelledCalls]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        LabelledCalls(
            text=item["spørgsmål"],
            expected=frozenset(_expected_call(call, item.get("hjem", home)) for call in item.get("forventet") or ()),
            unhonourable=bool(item.get("ikke_besvaret")),
            category=item["kategori"],
            context=Context(
                item.get("emne", ""),
                tuple(item.get("forrige", [])),
                datetime.date.fromisoformat(str(item["dato"])) if item.get("dato") else REFERENCE_DATE,
            ),
            home=item.get("hjem", home),
        )
        for item in items
    ]


def evaluate_calls(matcher: Matcher, questions: list[LabelledCalls]) -> CallEvaluation:
    """Exact-call accuracy: the same set of calls (id and every parameter), and flagged exactly
    when the question asks for something that cannot be honoured. A question about another home
    (`hjem`) is read by a matcher for that home."""
    result = CallEvaluation()
    matchers = {matcher.home: matcher}
    for question in questions:
        if question.home not in matchers:
            matchers[question.home] = Matcher(matcher.catalogue, matcher.threshold, home=question.home)
        mapped = matchers[question.home].match(question.text, question.context)
        chosen = frozenset(call.with_defaults(question.home) for call in mapped.calls)
        flagged = bool(mapped.unhonoured)
        result.total += 1
        result.by_category[question.category] += 1
        if question.unhonourable:
            result.unhonourable += 1
            result.flagged += flagged
        elif flagged:
            result.false_flags += 1
        confident = bool(chosen) and not flagged
        if question.unhonourable:
            result.confident_on_unanswerable += confident
        elif not confident:
            result.refused_answerable += 1
        elif chosen == question.expected:
            result.exact_answerable += 1
        else:
            result.confident_wrong_answerable += 1
        if chosen == question.expected and flagged == question.unhonourable:
            result.correct += 1
            result.correct_by_category[question.category] += 1
        else:
            result.failures.append((question, chosen, tuple(u.text for u in mapped.unhonoured)))
    return result


def report_calls(name: str, evaluation: CallEvaluation) -> str:
    answerable = evaluation.total - evaluation.unhonourable
    lines = [
        f"{name}: {evaluation.correct}/{evaluation.total} rigtige = {evaluation.accuracy:.1%} (præcis samme kald, id og hvert parameter)",
        f"  ubesvarlige markeret: {evaluation.flagged}/{evaluation.unhonourable}; besvarlige markeret som ubesvarlige: {evaluation.false_flags}",
        f"  sikre svar på spørgsmål, der skal markeres: {evaluation.confident_on_unanswerable}/{evaluation.unhonourable} = {_share(evaluation.confident_on_unanswerable, evaluation.unhonourable)}; "
        f"besvarlige uden tal eller markeret: {evaluation.refused_answerable}/{answerable} = {_share(evaluation.refused_answerable, answerable)}; "
        f"præcise kald på besvarlige: {evaluation.exact_answerable}/{answerable} = {_share(evaluation.exact_answerable, answerable)}; "
        f"forkerte sikre svar på besvarlige: {evaluation.confident_wrong_answerable}",
        f"  φ10 (TrustSQL: +1 rigtigt svar eller rigtig afvisning, 0 afvist besvarligt, −10 forkert sikkert svar): {evaluation.phi10}/{evaluation.total}",
    ]
    for category, count in sorted(evaluation.by_category.items()):
        lines.append(f"  {category:<13} {evaluation.correct_by_category[category]:>3}/{count}")
    return "\n".join(lines)
