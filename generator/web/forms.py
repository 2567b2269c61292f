"""The review form ↔ the answer plan: field names, the edits its buttons ask for, and the choices it offers.

Every button of the review page submits the whole form, so no edit is lost; the button's value
(`handling`) says what else to do: add, delete or move a question, add or remove a metric, take the
matcher's calls over (or leave them to it again), or make the draft.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from generator import limits
from generator.caching import Cache
from generator.domain.dimensions import KEYS as DIMENSION_KEYS
from generator.questionfile import AnswerPlan, CallSpec, QuestionPlan
from generator.questionfile.parameters import BREAKDOWN, BY_KEY, KEYS, Parameter

SAVE, GENERATE = "gem", "udkast"
_ACTION = re.compile(r"(gem|udkast|nyt-spørgsmål)|(slet|op|ned|ny-metrik|selv|auto)-(\d+)|slet-metrik-(\d+)-(\d+)")
MAX_CALLS = 20  # metric calls in one question on the page

class FormError(ValueError):
    """A form the page did not send (a tampered or truncated request)."""


@dataclass(frozen=True)
class Choices:
    metrics: tuple[tuple[str, str, tuple[str, ...]], ...]  # (id, title, accepted parameters)
    areas: tuple[str, ...]
    dimensions: tuple[str, ...]
    parameters: Mapping[str, Parameter]  # the question file's table: label, hint, kind of each

    def accepts(self, metric_id: str) -> tuple[str, ...]:
        return next((accepted for mid, _, accepted in self.metrics if mid == metric_id), ())


_CHOICES: Cache[Choices] = Cache("sidens_valg")


def choices() -> Choices:
    return _CHOICES.get(None, _make_choices)


def _make_choices() -> Choices:
    from generator.domain.areas import load_areas
    from generator.metrics.catalogue import load_catalogue

    metrics = tuple((m.id, m.title, tuple(key for key in KEYS if key in m.accepts)) for m in load_catalogue())
    return Choices(metrics, tuple(load_areas().areas), DIMENSION_KEYS, BY_KEY)


def apply(plan: AnswerPlan, form: MultiDict[str, str]) -> str:
    """Take the form's values into `plan`, then do what its button asked; returns that action."""
    action = form.get("handling", SAVE)
    asked = _ACTION.fullmatch(action)
    if asked is None:
        raise FormError("ukendt handling")
    _read_header(plan, form)
    plan.questions = _read_questions(plan, form)
    _do(plan, asked)
    return action


def anchor(action: str) -> str | None:
    """Where the page should scroll back to after `action`."""
    numbers = re.findall(r"\d+", action)
    if action == "nyt-spørgsmål":
        return "spoergsmaal-sidst"
    return f"spoergsmaal-{numbers[0]}" if numbers else None


def _read_header(plan: AnswerPlan, form: MultiDict[str, str]) -> None:
    plan.recipient = form.get("modtager", "").strip()
    plan.subject = form.get("emne", "").strip()
    plan.case_number = form.get("sagsnummer", "").strip()
    plan.signer = form.get("underskriver", "").strip()
    plan.title = form.get("titel", "").strip()
    plan.date = _date(form.get("dato", ""), "henvendelsens dato") or plan.date
    plan.letter_date = _date(form.get("brevdato", ""), "brevets dato")
    plan.extract_date = _date(form.get("udtraek", ""), "udtræk")


def _date(text: str, what: str) -> datetime.date | None:
    if not text.strip():
        return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise FormError(f"{what}: ugyldig dato '{text}' (forventede ÅÅÅÅ-MM-DD)") from None


def _count(form: MultiDict[str, str], name: str, limit: int) -> int:
    text = form.get(name, "0")
    if not text.isdigit() or int(text) > limit:
        raise FormError(f"{name}: ugyldigt antal")
    return int(text)


def _read_questions(plan: AnswerPlan, form: MultiDict[str, str]) -> list[QuestionPlan]:
    count = _count(form, "antal", limits.QUESTIONS)
    questions = []
    for number in range(1, count + 1):
        prefix = f"s{number}-"
        earlier = plan.questions[number - 1] if number <= len(plan.questions) else QuestionPlan("")
        automatic = form.get(prefix + "auto", "ja") == "ja"
        question = QuestionPlan(
            text=form.get(prefix + "tekst", "").strip(),
            answer=form.get(prefix + "svar", "").strip(),
            automatic=automatic,
            calls=earlier.calls if automatic else _read_calls(form, prefix),
            proposal=earlier.proposal,
            unhonoured=earlier.unhonoured,
            unknown=earlier.unknown,
            accepted=_read_accepted(form, prefix, earlier),
        )
        questions.append(question)
    return questions


def _read_accepted(form: MultiDict[str, str], prefix: str, earlier: QuestionPlan) -> list[str]:
    """The ticked words: only words the page offered (not understood now, or accepted before)."""
    offered = [*earlier.accepted, *earlier.unknown]
    ticked = form.getlist(prefix + "accepter")
    if any(word not in offered for word in ticked):
        raise FormError(f"{prefix}accepter: et ord, siden ikke tilbød")
    return list(dict.fromkeys(ticked))


def _read_calls(form: MultiDict[str, str], prefix: str) -> list[CallSpec]:
    calls = []
    for number in range(1, _count(form, prefix + "antal-metrikker", MAX_CALLS) + 1):
        key = f"{prefix}k{number}-"
        metric = form.get(key + "id", "").strip()
        accepted = choices().accepts(metric)
        parameters: dict[str, str | list[str]] = {}
        for name in accepted:
            kind = BY_KEY[name].kind
            if kind is BREAKDOWN:
                values = [value for value in form.getlist(key + name) if value in DIMENSION_KEYS]
            elif kind.many:
                values = [part.strip() for part in form.get(key + name, "").split(",") if part.strip()]
            else:
                value = form.get(key + name, "").strip()
                if value:
                    parameters[name] = value
                continue
            if values:
                parameters[name] = values
        calls.append(CallSpec(metric, parameters))
    return calls


def _do(plan: AnswerPlan, asked: re.Match[str]) -> None:
    simple, verb, number, question_number, call_number = asked.groups()
    if simple == "nyt-spørgsmål":
        if len(plan.questions) >= limits.QUESTIONS:
            raise FormError(f"højst {limits.QUESTIONS} spørgsmål")
        plan.questions.append(QuestionPlan(""))
        return
    if simple:
        return
    if verb is None:
        question = _question(plan, int(question_number))
        index = int(call_number) - 1
        if not 0 <= index < len(question.calls):
            raise FormError("ukendt metrik")
        del question.calls[index]
        return
    index = int(number) - 1
    question = _question(plan, int(number))
    if verb == "slet":
        del plan.questions[index]
    elif verb in ("op", "ned"):
        other = index - 1 if verb == "op" else index + 1
        if 0 <= other < len(plan.questions):
            plan.questions[index], plan.questions[other] = plan.questions[other], plan.questions[index]
    elif verb == "ny-metrik":
        question.automatic = False
        if len(question.calls) >= MAX_CALLS:
            raise FormError(f"højst {MAX_CALLS} metrikker i et spørgsmål")
        question.calls.append(CallSpec(choices().metrics[0][0]))
    elif verb == "selv":
        question.automatic = False
    elif verb == "auto":
        question.automatic = True


def _question(plan: AnswerPlan, number: int) -> QuestionPlan:
    if not 1 <= number <= len(plan.questions):
        raise FormError("ukendt spørgsmål")
    return plan.questions[number - 1]
