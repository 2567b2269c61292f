"""The question file as svarbrev holds it: the inquiry, the letter's settings, the questions and
their metric calls — as read from a file (`QuestionFile`, every value with its line) and as the
caseworker edits it on the page (`AnswerPlan`, with the review's notes beside each question).

In a question file a call is either a metric id (`fleksjob.antal`: the home area, the newest
period, no breakdown) or a mapping with parameters (parameters.py lists them):

    {id: sygedagpenge.antal, område: Vejle, periode: "2022", opdeling: [køn], alder: "16-29"}
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.questionfile.parameters import BY_KEY, FILTER, PARAMETERS, Parameter

# --- a metric call ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricCall:
    """One metric with its parameters, checked; unset parameters mean the metric's defaults.
    It reads no data: whether an extract has Vejle or 2022 is decided when the metric is computed."""

    metric_id: str
    areas: tuple[str, ...] = ()  # område; () is the letter's home area
    period: str | None = None  # periode: "2022", "2024-01" or "2024K2"; None is the newest
    start: str | None = None  # fra
    end: str | None = None  # til
    breakdown: tuple[str, ...] = ()  # opdeling: køn, alder, herkomst, varighed
    filters: tuple[tuple[str, str], ...] = ()  # (alder, "16-29"), (køn, "Kvinder"), … in the table's order
    compare_with: tuple[str, ...] | None = None  # sammenlign_med; None is the metric's default
    per_inhabitants: bool = False  # pr_indbyggere: ja — the figures per 1.000 inhabitants are part of the answer
    combined: bool = False  # tilsammen: ja — a total row over the areas
    share_of_scheme: bool = False  # andel_af_ordningen: ja — the filtered group's share of everyone in the scheme
    share_of_population: bool = False  # andel_af_befolkningen: ja — the count as a share of the (group's) population 16-66
    ranked_by: str | None = None  # sorter: antal, fuldtidspersoner, andel or pr_indbyggere (alle); None is antal
    level: str | None = None  # niveau: kommuner or regioner (alle); None is kommuner
    reasons: tuple[str, ...] = field(default=(), compare=False)  # the question's words behind each parameter

    @property
    def filter_map(self) -> dict[str, str]:
        return dict(self.filters)

    def value(self, parameter: Parameter) -> Any:
        """The call's value of one parameter of the table."""
        if parameter.kind is FILTER:
            return self.filter_map.get(parameter.key)
        return getattr(self, parameter.field)

    def given(self) -> tuple[str, ...]:
        """The Danish names of the parameters this call sets."""
        return tuple(self.as_parameters())

    def as_parameters(self) -> dict[str, Any]:
        """The parameters as a question file writes them (only those set)."""
        written = ((parameter.key, parameter.kind.write(self.value(parameter))) for parameter in PARAMETERS)
        return {key: value for key, value in written if value is not None}

    def as_json(self) -> dict[str, Any]:
        """The call in `svarbrev match --json`'s contract: every key present, defaults as null/[]/{};
        the filters together under `filtre`."""
        out: dict[str, Any] = {"id": self.metric_id}
        for parameter in PARAMETERS:
            if parameter.kind is FILTER:
                out["filtre"] = self.filter_map
            else:
                out[parameter.key] = parameter.kind.json(self.value(parameter))
        return out

    def with_defaults(self, home: str) -> MetricCall:
        """The call with the home area written out as the default, so equal calls compare equal."""
        areas = () if self.areas == (home,) else self.areas
        return replace(self, areas=areas)


@dataclass(frozen=True)
class CallSpec:
    """One item of `metrikker` as written: a metric id, optionally with parameters (Danish keys →
    text or list of texts), not yet checked; where it stands when it was read from a file."""

    metric_id: str
    parameters: dict[str, str | list[str]] = field(default_factory=dict)
    line: int | None = None
    parameter_lines: dict[str, int] = field(default_factory=dict)
    field: str = ""  # e.g. "spørgsmål[2].metrikker[1]"

    @classmethod
    def of(cls, call: MetricCall) -> CallSpec:
        return cls(call.metric_id, call.as_parameters())

    def ordered_parameters(self) -> list[tuple[str, str | list[str]]]:
        """The parameters in the table's order, as the writer writes them."""
        return [(key, self.parameters[key]) for key in BY_KEY if key in self.parameters]


# --- a question file, as read -------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One item of `spørgsmål`."""

    number: int  # 1-based position in spørgsmål
    text: str
    answer: str | None  # the caseworker's `svar`, None if absent or empty
    calls: tuple[CallSpec, ...] | None  # None when `metrikker` is absent or empty (null)
    line: int
    field: str  # e.g. "spørgsmål[2]"
    accepted: tuple[str, ...] = ()  # `accepter`: words the caseworker judged harmless, so the question is understood

    @property
    def metric_ids(self) -> tuple[str, ...] | None:
        return None if self.calls is None else tuple(call.metric_id for call in self.calls)


@dataclass(frozen=True)
class Inquiry:
    """The `henvendelse` section: who asked, when, about what."""

    recipient: str  # empty when `recipients` names a list
    date: datetime.date
    subject: str
    case_number: str | None
    recipients: Path | None = None  # `modtagere`: a CSV with one reply per row (svarbrev batch)
    recipients_line: int | None = None


@dataclass(frozen=True)
class LetterSettings:
    """The optional `brev` section."""

    date: datetime.date | None
    template: str | None
    signer: str | None
    title: str | None
    signature: Path | None = None  # an image, resolved against the question file's folder
    signature_line: int | None = None
    template_line: int | None = field(default=None, compare=False)  # where `skabelon` stands, for messages


@dataclass(frozen=True)
class DataSettings:
    """The optional `data` section; `folder` is resolved against the question file's folder."""

    folder: Path | None
    folder_line: int | None
    extract_date: datetime.date | None


@dataclass(frozen=True)
class QuestionFile:
    """A question file that has passed every check of the reader."""

    path: Path
    display_name: str  # the path as the caller gave it, used in messages
    inquiry: Inquiry
    letter: LetterSettings
    data: DataSettings
    questions: tuple[Question, ...]


# --- a question file, as the caseworker edits it on the page ------------------------------------


@dataclass
class QuestionPlan:
    """A question being edited, with what the review shows beside it."""

    text: str
    answer: str = ""  # the caseworker's own `svar`
    automatic: bool = True  # no `metrikker`: the matcher chooses when the letter is made
    calls: list[CallSpec] = field(default_factory=list)  # for an automatic question: what the matcher chooses now
    proposal: list[str] = field(default_factory=list)  # the matcher's reasons, one line each
    unhonoured: list[str] = field(default_factory=list)  # »words« — why the figures cannot answer them
    unknown: list[str] = field(default_factory=list)  # words svarbrev does not know, which the caseworker may accept
    accepted: list[str] = field(default_factory=list)  # `accepter`: words the caseworker judged harmless


_DATES = ("date", "letter_date", "extract_date")


@dataclass
class AnswerPlan:
    """A question file being edited on the page; the writer makes it a question file."""

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
    data_folder: str = ""  # data.mappe as written; the page leaves it empty (its data folder is the server's)
    not_taken: list[str] = field(default_factory=list)  # sentences of the inquiry that are not questions
    warnings: list[str] = field(default_factory=list)
    source: str = ""  # what the plan was made from, for the first line of the question file
    inquiry_text: str = ""  # the inquiry as read, shown beside the plan

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in _DATES:
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnswerPlan:
        values = dict(data)
        for key in _DATES:
            values[key] = datetime.date.fromisoformat(values[key]) if values.get(key) else None
        values["questions"] = [QuestionPlan(**{**q, "calls": [CallSpec(**c) for c in q["calls"]]}) for q in values["questions"]]
        return cls(**values)
