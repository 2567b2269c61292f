"""Free-text Danish question → the metrics that answer it, with a score and a reason for each.

A question is split into its parts ("…? Og hvor mange …?", "…, og hvordan …"). In each part the
catalogue's cues are looked for: the scheme ("sygemeldte" → sygedagpenge), the analysis ("hvor
mange" → antal, "sammenlignet med" → sammenligning, "siden 2015" → udvikling) and words that mark
a question about reasons, plans or costs, which figures do not answer. A part that names no scheme
takes it from earlier parts, earlier questions or the inquiry's subject. Below the threshold
nothing is chosen: a caseworker gets "[Svar mangler]", never a guess presented as an answer.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from generator.mapping.normalise import clean, fold, stem, words, words_as_written
from generator.mapping.parameters import ParameterReader, Parameters, Unhonoured
from generator.metrics.areas import load_areas
from generator.metrics.calls import CallError, MetricCall, build_call
from generator.metrics.catalogue import Catalogue, Metric

THRESHOLD = 0.7

# How much each kind of evidence counts; a scheme and an analysis together reach the threshold.
SCHEME_NAMED, SCHEME_MISSPELT = 0.55, 0.45
SCHEME_FROM_QUESTION, SCHEME_FROM_EARLIER, SCHEME_FROM_SUBJECT = 0.45, 0.4, 0.35
ANALYSIS_STRONG, ANALYSIS_WEAK, ANALYSIS_ASSUMED = 0.4, 0.2, 0.15
ANALYSIS_FROM_PARAMETERS = 0.3  # "Og i Aarhus?": a place, period or group asks for figures

_PART_SPLIT = re.compile(r"(?<=\?)\s*|(?<=[.!:])\s+(?=[A-ZÆØÅ])|\n+")
_JOINED_QUESTION = re.compile(
    r",?\s+(?:og|samt|men|eller)\s+(?=(?:hvor|hvordan|hvad|hvilke|hvilken|hvem|hvornår|hvorfor|er|har|kan|ligger|vil)\b)"
    r"|,\s+(?=(?:hvor|hvordan|hvad|hvilke|hvilken|hvorfor)\b)"  # "…, hvordan har det udviklet sig"
    r"|,?\s+samt\s+",
    re.IGNORECASE,
)
_ENUMERATED = re.compile(r"(?:^|(?<=[\s,:;]))(?:\d{1,2}[).]|[a-h]\)|[-•*])\s+")  # "1) antallet …, 2) udviklingen …"
_REQUEST = re.compile(r"\b(?:oplys|beder|ønsker|redegør|belys|sammenlign)", re.IGNORECASE)
_QUESTION_START = re.compile(
    r"^(?:og\s+|men\s+|samt\s+)?(?:hvor|hvordan|hvad|hvilke|hvilken|hvem|hvornår|hvorfor|er|har|kan|vil|ligger|lever|"
    r"giver|findes|ser|oplys|beskriv|angiv|redegør|opgør|jeg\s+vil\s+gerne|vil\s+i|venligst)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Cue:
    """Words that point somewhere, as stems; `weak` cues count half."""

    text: str
    stems: tuple[str, ...]
    weak: bool = False
    exact: bool = False  # compare whole words: a stem this short would match unrelated words


def cue(text: str) -> Cue:
    weak = text.startswith("~")
    text = text.lstrip("~").strip()
    stems = tuple(stem(word) for word in words(text))
    if len(stems) == 1 and len(stems[0]) <= 3:
        # "mener" stems to "men" (but), "siden" to "sid": match the word as written instead.
        return Cue(text, tuple(fold(word) for word in words(text)), weak, exact=True)
    return Cue(text, stems, weak)


@dataclass(frozen=True)
class Found:
    """A cue found in a part, and the words of the question it matched."""

    cue: Cue
    matched: str
    start: int = -1
    size: int = 0


def _same_word(part_stem: str, cue_stem: str) -> bool:
    """Equal stems, or one slip of the keyboard in a longer word ("komunen" for "kommunen")."""
    if part_stem == cue_stem:
        return True
    if len(cue_stem) < 6 or len(part_stem) < 5 or part_stem[0] != cue_stem[0]:
        return False
    # A changed letter turns short words into other words ("tilbage"/"tiltag"); only longer
    # stems may differ by one; shorter ones only by a letter left out or doubled.
    if len(part_stem) == len(cue_stem) and len(cue_stem) < 8:
        return False
    return within_one_edit(part_stem, cue_stem)


def find_phrases(
    cues: Iterable[Cue], part_stems: Sequence[str], part_words: Sequence[str], display: Sequence[str] | None = None
) -> list[Found]:
    """Cues whose stems occur as consecutive words of the part (`display`: the words as written)."""
    display = display if display is not None else part_words
    found = []
    folded: list[str] | None = None
    for item in cues:
        size = len(item.stems)
        if item.exact:
            folded = folded if folded is not None else [fold(word) for word in part_words]
            if item.stems[0] in folded:
                position = folded.index(item.stems[0])
                found.append(Found(item, display[position], position, 1))
            continue
        first = item.stems[0]
        for start in range(len(part_stems) - size + 1):
            if _same_word(part_stems[start], first) and all(
                _same_word(part_stems[start + k], item.stems[k]) for k in range(1, size)
            ):
                found.append(Found(item, " ".join(display[start : start + size]), start, size))
                break
    return found


def within_one_edit(a: str, b: str) -> bool:
    """True when b is a with at most one letter changed, added, dropped or two swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        return swapped or a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


@dataclass
class SchemeIndex:
    """Finds schemes in words, also inside compounds ("fleksjobansatte") and misspelt ("fleksjop")."""

    cues: dict[str, list[Cue]]  # scheme id → its cues

    def find(
        self, part_stems: Sequence[str], part_words: Sequence[str], display: Sequence[str] | None = None
    ) -> dict[str, tuple[float, str]]:
        display = display if display is not None else part_words
        found: dict[str, tuple[float, str, int]] = {}
        # A compound written apart ("ressource forløb") is also tried as one word.
        joined = [(stem(a + b), f"{x} {y}") for a, b, x, y in zip(part_words, part_words[1:], display, display[1:])]
        singles = [*zip(part_stems, display), *joined]
        for scheme_id, cues in self.cues.items():
            for item in cues:
                hit = self._match(item, part_stems, part_words, display, singles)
                if hit and (hit[0], len(item.text)) > found.get(scheme_id, (0.0, "", 0))[::2]:
                    found[scheme_id] = (*hit, len(item.text))
        return {scheme: hit[:2] for scheme, hit in self._drop_contained(found).items()}

    def _match(
        self,
        item: Cue,
        part_stems: Sequence[str],
        part_words: Sequence[str],
        display: Sequence[str],
        singles: Sequence[tuple[str, str]],
    ) -> tuple[float, str] | None:
        if len(item.stems) > 1:
            phrase = find_phrases([item], part_stems, part_words, display)
            return (SCHEME_NAMED, phrase[0].matched) if phrase else None
        target = item.stems[0]
        for word_stem, word in singles:
            # A compound starts with the scheme's name: "kontanthjælps|modtagere".
            if word_stem.startswith(target) and len(target) >= 4:
                return SCHEME_NAMED, word
            if len(target) >= 6 and len(word_stem) >= 5 and word_stem[0] == target[0]:
                if within_one_edit(word_stem[: len(target)], target) or within_one_edit(word_stem, target):
                    return SCHEME_MISSPELT, word
        return None

    @staticmethod
    def _drop_contained(found: dict[str, tuple[float, str, int]]) -> dict[str, tuple[float, str, int]]:
        """One stretch of words names one scheme: 'fleksjob' inside 'visiterede til fleksjob' is
        ledighedsydelse, and of two cues matching the same word the longer wins."""
        def shadowed(scheme: str, hit: tuple[float, str, int]) -> bool:
            for other, other_hit in found.items():
                if other == scheme:
                    continue
                if hit[1] == other_hit[1] and other_hit[2] > hit[2]:
                    return True
                if hit[1] != other_hit[1] and hit[1] in other_hit[1].split():
                    return True
            return False

        return {scheme: hit for scheme, hit in found.items() if not shadowed(scheme, hit)}


@dataclass(frozen=True)
class Suggestion:
    metric: str
    score: float
    reason: str


@dataclass(frozen=True)
class MappingResult:
    chosen: tuple[str, ...]
    suggestions: tuple[Suggestion, ...]  # best first, chosen or not
    parts: tuple[str, ...]
    notes: tuple[str, ...] = ()  # why a part got no metric
    calls: tuple[MetricCall, ...] = ()  # the chosen metrics with the parameters the question sets
    unhonoured: tuple[Unhonoured, ...] = ()  # the question's words that no chosen call honours

    def as_json(self) -> dict[str, object]:
        return {
            "valgt": list(self.chosen),
            "kald": [{**call.as_json(), "begrundelse": "; ".join(call.reasons)} for call in self.calls],
            "ikke_besvaret": [phrase.text for phrase in self.unhonoured],
            "forslag": [{"metrik": s.metric, "score": round(s.score, 2), "begrundelse": s.reason} for s in self.suggestions],
        }


@dataclass(frozen=True)
class Context:
    """What the rest of the inquiry says: its subject and the questions before this one."""

    subject: str = ""
    previous: tuple[str, ...] = ()
    date: datetime.date | None = None  # the inquiry's date: "sidste år" and "de seneste fem år" count from it


@dataclass
class _Part:
    text: str
    words: list[str]  # lower case, hyphens dropped
    stems: tuple[str, ...]
    is_question: bool
    display: list[str]  # the same words as the user wrote them, for reasons


@dataclass
class _Candidates:
    best: dict[str, Suggestion] = field(default_factory=dict)

    def add(self, metric: str, score: float, reason: str) -> None:
        score = min(score, 1.0)
        if metric not in self.best or score > self.best[metric].score:
            self.best[metric] = Suggestion(metric, score, reason)

    def ranked(self) -> tuple[Suggestion, ...]:
        return tuple(sorted(self.best.values(), key=lambda s: (-s.score, s.metric)))


def _pieces(question: str) -> list[tuple[str, bool]]:
    """Text pieces, each marked when it is an item of a numbered or bulleted list."""
    pieces: list[tuple[str, bool]] = []
    for chunk in _PART_SPLIT.split(question):
        items = _ENUMERATED.split(chunk or "")
        for index, item in enumerate(items):
            pieces.extend((piece, index > 0) for piece in _JOINED_QUESTION.split(item))
    cleaned = [(re.sub(r"\s+(?:og|samt|eller)$", "", piece.strip(" ,;")), listed) for piece, listed in pieces if piece]
    return [(piece, listed) for piece, listed in cleaned if piece.strip(" ,;.")]


def split_parts(question: str) -> list[_Part]:
    """Sentences, list items, and questions joined by "og hvordan …" within a sentence."""
    any_question_mark = "?" in question
    parts = []
    for piece, listed in _pieces(question):
        asks = listed or piece.endswith("?") or bool(_QUESTION_START.match(piece))
        if not any_question_mark:
            asks = asks or bool(_REQUEST.search(piece))
        cleaned = words(piece)
        parts.append(_Part(piece, cleaned, tuple(stem(w) for w in cleaned), asks, words_as_written(piece)))
    if parts and not any(p.is_question for p in parts):
        for part in parts:
            part.is_question = True
    return parts


class Matcher:
    """Maps questions to catalogue metrics. Build once per catalogue; `match` is cheap."""

    def __init__(self, catalogue: Catalogue, threshold: float = THRESHOLD, home: str = "København") -> None:
        self.catalogue = catalogue
        self.threshold = threshold
        self.home = home
        self.parameters = ParameterReader(load_areas(), home, list(catalogue.impossible))
        self.schemes = SchemeIndex({s.id: [cue(text) for text in (*s.cues, s.name)] for s in catalogue.schemes.values()})
        self.analysis_cues = {kind: [cue(text) for text in cues] for kind, cues in catalogue.analysis_cues.items()}
        self.no_figures = [cue(text) for text in catalogue.no_figures_cues]
        self.since_last = [cue(text) for text in catalogue.since_last_cues]
        self.change_words = set(catalogue.change_words)
        self.uncovered = [cue(text) for text in catalogue.uncovered_cues]
        self.special = {
            # Counter-cues compare word beginnings, not stems: "københavnere" must not cancel "Københavns".
            metric.id: ([cue(text) for text in metric.cues], [clean(text) for text in metric.counter_cues])
            for metric in catalogue
            if metric.cues
        }

    # -- public -----------------------------------------------------------------------------

    def match(self, question: str, context: Context = Context()) -> MappingResult:
        candidates = _Candidates()
        notes: list[str] = []
        parts = split_parts(question)
        in_question: list[tuple[str, str]] = []  # schemes named earlier in this question
        today = context.date or datetime.date.today()
        planned: list[tuple[str, Parameters, str]] = []  # (metric, the part's parameters, reason)
        unhonoured: list[Unhonoured] = []
        for part in parts:
            named = self.schemes.find(part.stems, part.words, part.display)
            if not part.is_question:
                in_question.extend((scheme, hit[1]) for scheme, hit in named.items())
                continue
            refused = find_phrases(self.no_figures, part.stems, part.words, part.display)
            if refused:
                notes.append(f"»{part.text}« spørger om {refused[0].matched!r}, som tal ikke besvarer")
                in_question.extend((scheme, hit[1]) for scheme, hit in named.items())
                continue
            uncovered = find_phrases(self.uncovered, part.stems, part.words, part.display)
            if uncovered and not named:
                notes.append(f"»{part.text}« handler om {uncovered[0].matched!r}, som kataloget ikke dækker")
                continue
            schemes = self._schemes_for(named, in_question, context)
            in_question.extend((scheme, hit[1]) for scheme, hit in named.items())
            analyses = self._analyses_for(part)
            params = self.parameters.read(part.text, today, development="udvikling" in analyses)
            unhonoured.extend(u for u in params.unhonoured if u.text not in [v.text for v in unhonoured])
            if any(u.replaces for u in params.unhonoured):
                continue  # the figures would count someone else than asked: no confident answer
            if params.unhonoured and all(score <= ANALYSIS_ASSUMED for score, _ in analyses.values()):
                continue  # the part asks only for what cannot be answered ("Hvad er satsen …?")
            part_candidates = _Candidates()
            self._add_candidates(part, schemes, part_candidates, analyses, params.any)
            for suggestion in part_candidates.ranked():
                candidates.add(suggestion.metric, suggestion.score, suggestion.reason)
                if suggestion.score >= self.threshold:
                    planned.append((suggestion.metric, params, suggestion.reason))
        ranked = candidates.ranked()
        calls = self._calls(planned, unhonoured)
        chosen = tuple(dict.fromkeys(call.metric_id for call in calls))
        return MappingResult(chosen, ranked, tuple(p.text for p in parts), tuple(notes), calls, tuple(unhonoured))

    # -- parameters -------------------------------------------------------------------------

    def _calls(self, planned: list[tuple[str, Parameters, str]], unhonoured: list[Unhonoured]) -> tuple[MetricCall, ...]:
        """One call per chosen metric and part, with the parameters its analysis honours; a
        parameter the analysis cannot honour is reported, never dropped."""
        calls: dict[MetricCall, None] = {}
        for metric_id, params, reason in planned:
            metric = self.catalogue.get(metric_id)
            values, why = self._call_values(metric.kind, params)
            refused = [key for key in values if key not in metric.accepts]
            for key in refused:
                words = why.get(key, key)
                if words not in [u.text for u in unhonoured]:
                    unhonoured.append(Unhonoured(words, f"{metric_id} kan ikke vise {key}"))
                values.pop(key)
            reasons = (reason, *(f"»{why[key]}« → {key} {_shown(values[key])}" for key in values if key in why))
            try:
                calls.setdefault(replace(build_call(metric_id, values), reasons=reasons))
            except CallError as error:  # e.g. "fra 2023 til 2019": said, not dropped
                unhonoured.append(Unhonoured(why.get(error.key, error.key), error.message))
        return tuple(calls)

    def _call_values(self, kind: str, params: Parameters) -> tuple[dict[str, object], dict[str, str]]:
        """The parameters of a call for one analysis kind, and the words behind each."""
        values: dict[str, object] = {}
        why: dict[str, str] = {}
        others = [s for s in params.areas if s.value != self.home]
        if kind in ("sammenligning", "udvikling"):
            compare: list[str] = []
            if others and not params.home_named:
                values["område"], why["område"] = [others[0].value], others[0].words
                compare = [s.value for s in others[1:]]
            else:
                compare = [s.value for s in others]
            if params.national and (kind == "udvikling" or not compare):
                compare.append("Hele landet")
            if compare and (kind == "udvikling" or not _names_group(params)):
                values["sammenlign_med"] = compare
                why["sammenlign_med"] = ", ".join([s.words for s in others] + ([params.national] if params.national else []))
        elif kind != "kommunen_som_arbejdsgiver":
            areas = [s.value for s in params.areas] if others else []
            if params.national:
                areas.append("Hele landet")
            if areas:
                values["område"], why["område"] = areas, ", ".join([s.words for s in params.areas] + ([params.national] if params.national else []))
        for key, setting in (("periode", params.period), ("fra", params.start), ("til", params.end)):
            if setting is not None and kind != "kommunen_som_arbejdsgiver":
                values[key], why[key] = setting.value, setting.words
        if params.breakdown:
            values["opdeling"] = [s.value for s in params.breakdown]
            why["opdeling"] = ", ".join(s.words for s in params.breakdown)
        for key, setting in params.filters.items():
            values[key], why[key] = setting.value, setting.words
        return values, why

    # -- evidence ---------------------------------------------------------------------------

    def _schemes_for(
        self, named: dict[str, tuple[float, str]], in_question: list[tuple[str, str]], context: Context
    ) -> dict[str, tuple[float, str]]:
        """The schemes a part is about: named in it, or else taken from what came before."""
        if named:
            return {scheme: (score, f"»{word}« → {scheme}") for scheme, (score, word) in named.items()}
        if in_question:
            # "… og hvordan har de to grupper udviklet sig?": every scheme named so far.
            return {scheme: (SCHEME_FROM_QUESTION, f"ordningen fra samme spørgsmål (»{word}«) → {scheme}") for scheme, word in in_question}
        for number, text in reversed(list(enumerate(context.previous, start=1))):
            earlier = self.schemes.find(*self._stems_and_words(text))
            if earlier:
                scheme, (_, word) = max(earlier.items(), key=lambda item: item[1][0])
                return {scheme: (SCHEME_FROM_EARLIER, f"ordningen fra spørgsmål {number} (»{word}«) → {scheme}")}
        if context.subject:
            subject = self.schemes.find(*self._stems_and_words(context.subject))
            return {scheme: (SCHEME_FROM_SUBJECT, f"emnet »{context.subject}« → {scheme}") for scheme in subject}
        return {}

    @staticmethod
    def _stems_and_words(text: str) -> tuple[tuple[str, ...], list[str]]:
        part_words = words(text)
        return tuple(stem(w) for w in part_words), part_words

    def _analyses_for(self, part: _Part) -> dict[str, tuple[float, str]]:
        """Which analyses a part asks for; counting gives way to comparing or development.

        "Siden sidste opgørelse" and "sammenlignet med sidste år" ask for the change that the
        count itself reports: their words count for `antal`, not for comparing or development.
        """
        recent = find_phrases(self.since_last, part.stems, part.words, part.display)
        stems = list(part.stems)
        for hit in recent:
            stems[hit.start : hit.start + hit.size] = [""] * hit.size
        scores: dict[str, tuple[float, str]] = {}
        if recent:
            scores["antal"] = (ANALYSIS_STRONG, f"»{recent[0].matched}«")
        for kind, cues in self.analysis_cues.items():
            found = find_phrases(cues, stems, part.words, part.display)
            if recent and kind == "udvikling":
                found = [f for f in found if f.cue.text not in self.change_words]
            if kind == "udvikling":
                found += [Found(Cue("årstal", (), weak=True), w) for w in part.words if _YEAR.match(w)]
            score = sum(ANALYSIS_WEAK if f.cue.weak else ANALYSIS_STRONG for f in found)
            if found:
                matched = list(dict.fromkeys(f.matched for f in found))
                previous = scores.get(kind, (0.0, ""))
                reason = ", ".join(filter(None, [previous[1], *(f"»{word}«" for word in matched[:3])]))
                scores[kind] = (min(previous[0] + score, ANALYSIS_STRONG), reason)
        strong = {kind: hit for kind, hit in scores.items() if hit[0] >= ANALYSIS_STRONG}
        if strong:
            if len(strong) > 1:
                strong.pop("antal", None)
            return strong
        if scores:
            best = max(hit[0] for hit in scores.values())
            return {kind: hit for kind, hit in scores.items() if hit[0] == best}
        return {"antal": (ANALYSIS_ASSUMED, "intet ord om analysen; antal antages")}

    def _special_metric(self, part: _Part, scheme: str, kind: str) -> tuple[Metric, str] | None:
        """A metric beside the usual three (the municipality as employer) when its cues are there."""
        if kind != "antal":
            return None
        for metric_id, (cues, counter) in self.special.items():
            metric = self.catalogue.get(metric_id)
            if metric.scheme is None or metric.scheme.id != scheme:
                continue
            found = find_phrases(cues, part.stems, part.words, part.display)
            if any(word.startswith(prefix) for prefix in counter for word in part.words):
                found = [f for f in found if not f.cue.weak]
            if found:
                return metric, f"»{found[0].matched}« → {metric.kind}"
        return None

    def _add_candidates(
        self,
        part: _Part,
        schemes: dict[str, tuple[float, str]],
        candidates: _Candidates,
        analyses: dict[str, tuple[float, str]],
        with_parameters: bool = False,
    ) -> None:
        for scheme, (scheme_score, scheme_reason) in schemes.items():
            for kind, (kind_score, kind_reason) in analyses.items():
                if with_parameters and kind_score == ANALYSIS_ASSUMED:
                    kind_score, kind_reason = ANALYSIS_FROM_PARAMETERS, "et sted, en periode eller en gruppe; antal antages"
                metric_id = f"{scheme}.{kind}"
                reason = f"{scheme_reason}; {kind_reason} → {kind}"
                special = self._special_metric(part, scheme, kind)
                if special is not None:
                    metric, why = special
                    metric_id, kind_score, reason = metric.id, max(kind_score, ANALYSIS_STRONG), f"{scheme_reason}; {why}"
                if metric_id in self.catalogue:
                    candidates.add(metric_id, scheme_score + kind_score, reason)


def _names_group(params: Parameters) -> bool:
    """Whether the question compares with a group (the 6-byer), which the default already is."""
    return params.group is not None


def _shown(value: object) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)
