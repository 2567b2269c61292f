"""The parameters a question sets: area, period, span, breakdown and group, with the words behind them.

"Hvor mange kvinder under 30 i Vejle var på sygedagpenge i 2022?" sets område Vejle, periode 2022,
køn Kvinder and alder 16-29. Each parameter keeps the words that set it, so a reason can quote
them. Words that ask for something no computation can honour (a city district, a rate, one
person's case) are collected as `Unhonoured`, never silently dropped.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field, replace

from generator.caching import Cache
from generator.domain.areas import AreaRegistry
from generator.domain.dimensions import KEYS as DIMENSION_ORDER
from generator.domain.dimensions import bands_for_range
from generator.domain.months import MONTH_NUMBERS, MONTH_PATTERN, MONTHS
from generator.mapping.normalise import within_one_edit

EARLIEST_YEAR = 2007  # the first year the sources publish (Jobindsats, DST registered unemployment: ../shared/data/tables.md); whether an extract reaches back that far is the data's to say
NUMBER_WORDS = {"et": 1, "ét": 1, "én": 1, "en": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10, "tolv": 12}
ORDINALS = {"første": 1, "1.": 1, "andet": 2, "anden": 2, "2.": 2, "tredje": 3, "3.": 3, "fjerde": 4, "4.": 4}
AGE_BANDS = ("16-24 år", "25-29 år", "30-39 år", "40-49 år", "50-59 år", "60 år og derover")
DURATION_BANDS = ("Under 3 måneder", "3-5 måneder", "6-11 måneder", "12 måneder og derover")

_YEAR = r"(?:19|20)\d\d"
_MONTH = "|".join(MONTHS)
_NUM = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_COMPARISON = re.compile(
    r"(?<![\w-])(?:sammenlign\w*|sammenholdt|set i forhold til|i forhold til|ift\.?|holdt op (?:i)?mod|målt mod|"
    r"over for|til forskel fra|frem for|vs\.?|versus|(?:hold(?:er|e)|målt|stillet|sat)\s+(?:\w+\s+)?op\s+(?:i)?mod|end)(?![\w-])",
    re.IGNORECASE,
)
_PLACE_AFTER_PREPOSITION = re.compile(r"(?:(?<=\bi )|(?<=\bpå )|(?<=\bfra )|(?<=\bfor ))([A-ZÆØÅa-zæøå][\wæøå-]{4,})")
_CURRENT = re.compile(r"(?<![\w-])(?:i dag|nu|lige nu|aktuelt|p\.?t\.?|for tiden|i øjeblikket|seneste opgørelse)(?![\w-])", re.IGNORECASE)
_OTHER_REGIONS = re.compile(r"(?:de\s+)?(?:fire\s+)?(?:andre|øvrige)\s+regioner", re.IGNORECASE)
# "i sidste kvartal", "forrige måned": the one before today's ("siden sidste kvartal" asks for a change instead).
_PREVIOUS_PERIOD = re.compile(r"\b(?:i\s+)?(?:sidste|forrige)\s+(kvartal|måned)\b")
# "året før", "to år tidligere", "tre år før?": the period asked before, so many years earlier (later: "året efter",
# "to år senere"); the number of years is the group `years` (absent: one).
_YEAR_BEFORE = re.compile(
    rf"samme\s+(?:måned|kvartal|periode|tid)\s+(?:året før|sidste år|i fjor|et år tidligere)|året før|for\s+(?:et|ét)\s+år\s+siden"
    rf"|(?P<years>{_NUM})\s+år\s+(?:tidligere|før(?=\s*(?:[?.,]|$)))",
    re.IGNORECASE,
)
_YEAR_AFTER = re.compile(
    rf"samme\s+(?:måned|kvartal|periode|tid)\s+(?:året efter|et år senere)|året efter|året derpå|året derefter|(?P<years>{_NUM})\s+år\s+senere",
    re.IGNORECASE,
)
# A figure relative to the population: "pr. 1.000 indbyggere", "per indbygger", "i forhold til indbyggertallet".
_PER_INHABITANTS = re.compile(
    r"\b(?:pr\.?|per)\s+(?:(?:\d{1,3}(?:\.?\d{3})*|tusind|tusinde|hundrede|et\s+tusind|ti\s*tusind)\s+)?(?:indbygger|borger)(?:e|en|ne)?\b|\bper\s+capita\b"
    r"|\b(?:i\s+forhold\s+til|set\s+i\s+forhold\s+til|målt\s+på|når\s+der\s+tages\s+højde\s+for)\s+(?:antal(?:let)?\s+(?:af\s+)?)?indbygger(?:e|tal|tallet|ne)\b"
    r"|\b(?:tager|tages|taget)\s+højde\s+for\s+(?:indbyggertallet|størrelsen|befolkningen|befolkningstallet|antallet\s+af\s+indbyggere)\b",
    re.IGNORECASE,
)
# "de sidste 10 aar", "paa": å written as aa on a keyboard without it (place names keep their spelling).
_DANISH_LETTERS = re.compile(r"\b(?:[Aa]ar|[Aa]aret|[Aa]arene|[Pp]aa)\b")
# A part of a whole: "hvor mange procent af de ledige er kvinder", "hvor stor en andel af … er under 30".
# What a ranking of every area ranks by, and whether it ranks the regions (the `alle` analysis).
_SHARE_WORDS = re.compile(r"\b(?:i forhold til|som andel af|af)\s+arbejdsstyrken\b|\b(?:største|mindste|højeste|laveste)\s+andel\b|\bandel(?:en)?\b|procent(?:en)?\b|\bpct\.?", re.IGNORECASE)  # "ledighedsprocenten" too
_FULL_TIME_WORDS = re.compile(r"\bfuldtidspersoner\b|\bfuldtidsledige\b", re.IGNORECASE)
_REGIONS_WORDS = re.compile(r"\b(?:hvilken|hvilke)\s+region(?:er)?\b|\balle\s+(?:fem\s+)?regioner\b|\bregionerne\b|\bhver\s+region\b", re.IGNORECASE)
_SHARE_OF = re.compile(
    r"\b(?:hvor\s+mange\s+(?:procent\b|%)|hvor\s+stor\s+(?:er\s+)?(?:en\s+)?(?:andel|andelen|del|delen|procentdel|procentdelen)\b|hvilken\s+(?:andel|procentdel)\b)",
    re.IGNORECASE,
)
# The answer asked for as a share without a whole named: "både i antal og i procent", "procentvis" (not "den procentvise
# stigning", an adjective before what it qualifies), "i pct.", "som en andel". With the whole named ("i procent af arbejdsstyrken", "som andel af …") it is read as that share elsewhere.
_PERCENT_WORDS = r"(?:i\s+procent(?:er)?\b|i\s+pct\b\.?|i\s+%|som\s+(?:en\s+)?(?:andel|procentdel)\b)"
_IN_PERCENT = re.compile(rf"\b(?:{_PERCENT_WORDS}|procentvis(?!e)\b)(?!\s+(?:ud\s+)?af\b)", re.IGNORECASE)
_IN_PERCENT_OF = re.compile(rf"\b{_PERCENT_WORDS}\s+(?:ud\s+)?af\s+(?:(?:den|de|hele|alle|samtlige)\s+)*(?P<whole>[\w-]+)", re.IGNORECASE)
_CHANGE_IN_PERCENT = re.compile(
    r"\b(?:steget|faldet|stigning(?:en)?|fald(?:et)?|ændret|ændring(?:en)?|vækst(?:en)?|vokset|udvikl\w*)\b"
    r"|\b(?:flere|færre|mere|mindre)\b.*\bend\b",  # "hvor mange flere … i dag end i 2019 i procent"
    re.IGNORECASE,
)
_PERCENT_OF_WHAT = "spørgsmålet siger ikke, hvad procenten skal regnes af (fx af arbejdsstyrken eller af modtagerne); nævn helheden"
# The population aged 16-66 as the whole of a share (andel_af_befolkningen): "af befolkningen i Odense", "af de
# 16-66-årige", "i den arbejdsdygtige alder" — not "københavnerne", which the contract reads as the labour force.
_WORKING_AGE = r"(?:(?:på|i\s+alderen)\s+16\s*-\s*66\s*år|i\s+den\s+arbejdsdygtige\s+alder)"
_WHOLE_POPULATION = re.compile(
    rf"\b(?:hele\s+)?(?:befolkningen|indbyggerne|indbyggere)(?:\s+{_WORKING_AGE})?|\b(?:de\s+)?16\s*-\s*66-årige"
    r"|\b(?:personer\s+)?i\s+den\s+arbejdsdygtige\s+alder",
    re.IGNORECASE,
)
# "udviklingen i andelen af indvandrerne", "den største andel af sine indbyggere": a share, when a group or the
# population follows — "andelen af københavnere i fleksjob" is the scheme's share of the labour force.
_SHARE_OF_GROUP = re.compile(r"\b(?:andel|andelen|procentdel|procentdelen)(?=\s+af\s)", re.IGNORECASE)
_COMBINED = re.compile(r"\b(?:tilsammen|sammenlagt|samlet|samlede|i\s+alt|til\s+sammen|lagt\s+sammen)\b", re.IGNORECASE)
# "hver for sig", "ikke lagt sammen": each place on its own — the default, and never a sum, however a combining word
# stands after a negation
_SEPARATELY = re.compile(
    r"\b(?:hver\s+for\s+sig|hver\s+især|enkeltvis|(?:ikke|aldrig|uden\s+at\s+(?:blive|være))\s+(?:(?:blive|være)\s+)?"
    r"(?:lagt\s+sammen|lægges\s+sammen|sammenlagt|summeret|samlet|tilsammen|til\s+sammen))\b",
    re.IGNORECASE,
)
_BOTH_PLACES = re.compile(r"\b(?:de\s+(?:to|tre|fire)|begge|alle\s+(?:to|tre))\s+(?:kommuner|byer|steder|områder|regioner)\b|\bbegge\s+steder\b", re.IGNORECASE)
_GROUP = re.compile(r"6-?by\w*|seks\s*by\w*|storby\w*|store byer|andre byer|øvrige byer|andre kommuner|øvrige kommuner", re.IGNORECASE)
# Names that are everyday words in lower case ("på vejen", "en skive"): only capitalised they are areas.
CASE_SENSITIVE_AREAS = frozenset({"Vejen", "Skive", "Odder", "Greve", "Lejre", "Fanø", "Sorø", "Struer"})


@dataclass(frozen=True)
class Setting:
    """One parameter value and the words of the question that set it."""

    value: str | tuple[str, ...]
    words: str


@dataclass(frozen=True)
class Unhonoured:
    """Words of a question that no chosen computation honours, and why."""

    text: str  # as the question wrote them: "i Bispebjerg"
    reason: str  # "data findes kun pr. kommune, region og hele landet"
    replaces: bool = False  # the words change who is counted: that part gets no figures at all
    unknown: bool = False  # words nothing in svarbrev's vocabulary accounts for: not understood


@dataclass
class Parameters:
    """What one part of a question sets."""

    areas: list[Setting] = field(default_factory=list)  # in the order written; the home area included
    home_named: str | None = None  # the words naming the home area ("københavnere"), if any
    national: str | None = None  # "på landsplan", "landsgennemsnittet"
    period: Setting | None = None
    more_periods: list[Setting] = field(default_factory=list)  # "i 2022 og i 2023": one call per period
    more_origins: list[Setting] = field(default_factory=list)  # "hhv. indvandrere og efterkommere": one call per group
    start: Setting | None = None
    end: Setting | None = None
    breakdown: list[Setting] = field(default_factory=list)
    filters: dict[str, Setting] = field(default_factory=dict)
    unhonoured: list[Unhonoured] = field(default_factory=list)
    group: str | None = None  # "6-byerne", "de andre store byer": the comparison group by default
    compared: list[Setting] = field(default_factory=list)  # areas after "sammenlignet med", "end", "i forhold til"
    marker: str | None = None  # the words that compare ("sammenlignet med")
    other_regions: str | None = None  # "de fire andre regioner"
    year_before: str | None = None  # "samme kvartal året før", "året efter": the period asked before, a year earlier or later
    year_shift: int = -1  # years from the period asked before: -1 "året før", +1 "året efter"
    shift_month: int | None = None  # "i januar året før": that month of the shifted year
    current: str | None = None  # "i dag", "aktuelt": the newest period, whatever was asked before
    per_inhabitants: str | None = None  # "pr. 1.000 indbyggere": a figure relative to the population
    share_words: str | None = None  # "i forhold til arbejdsstyrken", "andel": what a ranking of every area ranks by
    full_time_words: str | None = None  # "fuldtidspersoner": a ranking by full-time persons
    regions_words: str | None = None  # "hvilken region", "regionerne": a ranking of the regions
    share_of: str | None = None  # "hvor mange procent af", "hvor stor en andel af": a part of a whole
    whole_population: str | None = None  # "befolkningen", "de 16-66-årige": the population aged 16-66 as a whole
    share_of_population: str | None = None  # the share words, when the whole is a population (of a group or everyone)
    combined: str | None = None  # "tilsammen", "i alt": one sum over the areas named
    both_places: str | None = None  # "de to kommuner", "begge steder": the places named before
    since_then: str | None = None  # "siden da": a series from the period asked before
    per_year: Setting | None = None  # "om året", "pr. år": for a flow, the last whole year
    recognised: list[str] = field(default_factory=list)  # further phrases the data cannot honour, reported with the first
    readings: list[str] = field(default_factory=list)  # how a doubtful word was read: "»Vejel« læst som Vejle"
    other_breakdowns: list[tuple[str, str]] = field(default_factory=list)  # ("opdelt på kvartaler", "kvartaler")

    @property
    def any(self) -> bool:
        return bool(self.areas or self.national or self.period or self.start or self.end or self.breakdown or self.filters or self.year_before)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("‐", "-").replace("–", "-")


def _ascii(text: str) -> str:
    """"københavn" as written on a keyboard without æ, ø and å: "koebenhavn"."""
    return text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


class ParameterReader:
    """Reads parameters out of Danish question text. Build once; `read` is cheap."""

    def __init__(self, areas: AreaRegistry, home: str, impossible: list[tuple[str, bool, tuple[str, ...]]]) -> None:
        self.registry = areas
        self.home = home
        forms: dict[str, str] = {}
        exact: dict[str, str] = {}
        for area in areas.areas.values():
            if area.kind == "land":
                continue
            names = [area.name, *area.forms, *area.demonyms]
            if area.kind == "kommune":
                names += [area.official, f"{area.name} kommune"]
            for name in names:
                if area.name in CASE_SENSITIVE_AREAS and name == area.name:
                    exact[name] = area.name
                else:
                    forms[_fold(name)] = area.name
                    forms[_ascii(_fold(name))] = area.name
                    if "-" in name:
                        forms[_fold(name.replace("-", " "))] = area.name
                        forms[_fold(name.replace("-", ""))] = area.name
        self.forms = forms
        self.exact = exact
        # "Vejles", "Aarhus'", and "næstvedborgere": a municipality's name with its citizens after it
        self.area_pattern = re.compile(
            r"(?<![\w-])(" + _alternation(list(forms)) + r")(?:s|'s?|’s?|-?borgere|-?borgerne|-?borger|-?boere)?(?![\w-])", re.IGNORECASE
        )
        self.exact_pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, exact)) + r")(?:s|')?(?![\w-])") if exact else None
        national = [_fold(f) for f in areas.areas[areas.national].forms] + ["landsplan", "hele landet", "landet som helhed", "landet", "landsgennemsnit", "landsgennemsnittet", "landsniveau", "nationalt plan", "nationalt"]
        self.national_pattern = re.compile(r"(?<![\w-])(?:på\s+|i\s+)?(" + _alternation(national) + r")(?![\w-])", re.IGNORECASE)
        districts = [d for d in areas.districts if _fold(d) not in forms]
        self.district_pattern = re.compile(r"(?<![\w-])((?:i|på|fra|bor\s+i|bor\s+på)\s+)?(" + _alternation(districts) + r")(?:s|ere|erne|boere)?(?![\w-])")
        # "vesterbroere": a district's people in lower case; the bare names are often everyday words ("ringe").
        self.district_people = re.compile(r"(?<![\w-])(" + _alternation([_fold(d) for d in districts if len(d) >= 5]) + r")(?:ere|erne|boere|boerne)(?![\w-])", re.IGNORECASE)
        self.impossible = [
            (re.compile(r"(?<![\w-])(" + _alternation([_fold(c) for c in cues]) + r")(?![\w-])", re.IGNORECASE), reason, replaces)
            for reason, replaces, cues in impossible
        ]

    # -- public ---------------------------------------------------------------------------------

    def read(self, text: str, today: datetime.date, development: bool = False, monthly: bool = False) -> Parameters:
        """The parameters of one part; `monthly`: the question asks month by month elsewhere in it."""
        found = Parameters()
        clean = _DANISH_LETTERS.sub(lambda m: m.group(0).replace("aa", "å").replace("Aa", "Å"), " ".join(text.split()))
        relative = _PER_INHABITANTS.search(clean)
        found.per_inhabitants = relative.group(0) if relative else None
        self._unhonourable(clean, found, relative)
        # "i forhold til indbyggertallet i Hillerød": Hillerød is where, not what it is compared with
        self._areas(clean if relative is None else _blanked(clean, relative), found)
        self._periods(clean, found, today, development, monthly)
        yearly = _PER_YEAR.search(clean)
        if yearly:
            found.per_year = Setting(str(today.year - 1), yearly.group(0))
        self._breakdown(clean, found)
        found.whole_population = _search_through_typos(_WHOLE_POPULATION, clean if relative is None else _blanked(clean, relative))  # not "pr. 1.000 indbyggere"
        self._ages(clean.replace(found.whole_population, " " * len(found.whole_population)) if found.whole_population else clean, found)  # "de 16-66-årige" is everyone
        self._sex(clean, found)
        self._origin(clean, found)
        self._duration(clean, found)
        self._visitation(clean, found)
        group = _GROUP.search(clean)
        found.group = group.group(0) if group else None
        self._other_breakdowns(found)
        found.share_of = _search_through_typos(_SHARE_OF, clean) or _share_of_a_group(clean, found)
        if found.share_of is None:
            self._in_percent(clean, found)
        found.recognised += [hit.group(0) for hit in _SEPARATELY.finditer(clean)]
        combined = _COMBINED.search(_SEPARATELY.sub(lambda hit: " " * len(hit.group(0)), clean))
        found.combined = combined.group(0) if combined else None
        both = _BOTH_PLACES.search(clean)
        found.both_places = both.group(0) if both else None
        since_then = re.search(r"\bsiden\s+(?:da|dengang|det)\b", clean, re.IGNORECASE)
        found.since_then = since_then.group(0) if since_then else None
        found.share_words, found.full_time_words, found.regions_words = (
            hit.group(0) if (hit := pattern.search(clean)) else None for pattern in (_SHARE_WORDS, _FULL_TIME_WORDS, _REGIONS_WORDS)
        )
        return found

    @staticmethod
    def _in_percent(text: str, found: Parameters) -> None:
        """"… i procent", "procentvis": the answer as a share. Of a group counted within a scheme it is the group's
        share of the scheme (as "hvor mange procent af …"); with no group the whole is not said, so the part is
        marked, never answered with a count. A change in percent ("steget i procent") is the development's."""
        if _CHANGE_IN_PERCENT.search(text):
            return
        named = _IN_PERCENT_OF.search(text)
        if named is not None:  # "i procent af arbejdsstyrken", "som andel af befolkningen", "… af modtagerne"
            whole = named.group("whole").casefold()
            if whole.startswith("arbejdsstyrk") and found.filters:
                found.unhonoured.append(Unhonoured(named.group(0), "en gruppes andel af arbejdsstyrken beregnes ikke; andelen af arbejdsstyrken vises for alle i ordningen", True))
            elif whole.startswith(("arbejdsstyrk", "befolkning", "indbygger", "modtager", "ordning")):
                found.share_of = named.group(0)  # the labour force's share (a comparison), the population's, the scheme's
            else:
                found.unhonoured.append(Unhonoured(named.group(0), _PERCENT_OF_WHAT, True))
            return
        match = _IN_PERCENT.search(text)
        if match is None:
            return
        if found.filters:
            found.share_of = match.group(0)
        else:
            found.unhonoured.append(Unhonoured(match.group(0), _PERCENT_OF_WHAT, True))

    # -- areas ----------------------------------------------------------------------------------

    def _areas(self, text: str, found: Parameters) -> None:
        hits: list[tuple[int, str, str]] = []
        for match in self.area_pattern.finditer(text):
            hits.append((match.start(), self.forms[_fold(match.group(1))], match.group(0)))
        if self.exact_pattern is not None:
            hits += [(m.start(), self.exact[m.group(1)], m.group(0)) for m in self.exact_pattern.finditer(text)]
        hits += self._misspelt_areas(text, hits, found)
        national = self.national_pattern.search(text)
        named_at = sorted([at for at, _, _ in hits] + ([national.start()] if national else []))
        marker = _comparison(text, named_at)
        compare_from = marker[0] if marker else len(text) + 1
        found.marker = marker[1] if marker else None
        for at, name, words in sorted(hits):
            if name == self.home:
                found.home_named = found.home_named or words
            if name not in [setting.value for setting in found.areas]:
                found.areas.append(Setting(name, words))
                if at > compare_from:
                    found.compared.append(found.areas[-1])
        if national:
            found.national = national.group(0)
            if national.start() > compare_from:
                found.compared.append(Setting(self.registry.national, national.group(0)))
        others = _OTHER_REGIONS.search(text)
        found.other_regions = others.group(0) if others and others.start() > compare_from else None

    def _misspelt_areas(self, text: str, hits: list[tuple[int, str, str]], found_in: Parameters) -> list[tuple[int, str, str]]:
        """"i Fredriksberg", "i hjøring": a word after i/på one letter from exactly one area's name is
        that area (and the reading is said). Capitalised it may be as short as five letters ("Vejel");
        in lower case at least six, since short everyday words lie one letter from short names."""
        found = []
        names = [*self.forms.items(), *((_fold(name), area) for name, area in self.exact.items())]
        for match in _PLACE_AFTER_PREPOSITION.finditer(text):
            written = _fold(match.group(1))
            if written in self.forms or match.group(1) in self.registry.districts or any(at == match.start() for at, _, _ in hits):
                continue
            shortest = 5 if match.group(1)[0].isupper() else 6
            near = sorted({name for form, name in names if len(form) >= shortest and form[0] == written[0] and within_one_edit(form, written)})
            if len(near) == 1:  # two candidates: not guessed; the word stays unknown, so the question is not understood
                found.append((match.start(), near[0], match.group(0)))
                found_in.readings.append(f"»{match.group(1)}« læst som {near[0]}")
        return found

    def _unhonourable(self, text: str, found: Parameters, relative: re.Match[str] | None) -> None:
        only_areas = "data findes kun pr. kommune, region og hele landet"
        for match in [*self.district_pattern.finditer(text), *self.district_people.finditer(text)]:
            if match.group(0).strip() not in [u.text for u in found.unhonoured]:
                found.unhonoured.append(Unhonoured(match.group(0).strip(), only_areas, not _breaks_down(text, match.start())))
        postcode = re.search(r"(?<!\d)(?:postnummer\s+)?\d{4}\s+(?:[A-ZÆØÅ][\wæøå]*|kbh|københavn)(?:\s+[A-ZØSNVK]{1,2}\b)?", text, re.IGNORECASE)
        if postcode and relative and relative.start() <= postcode.start() < relative.end():
            postcode = None  # "pr. 1000 indbyggere" is a rate, not postcode 1000
        if postcode and not re.fullmatch(r"\d{4}\s+(?:og|til|var|er|fra|i|på|har|blev)\b.*", postcode.group(0), re.IGNORECASE) and not re.match(_YEAR, postcode.group(0)):
            found.unhonoured.append(Unhonoured(postcode.group(0), only_areas, True))
        for pattern, reason, replaces in self.impossible:
            hits = list(pattern.finditer(text))
            found.recognised += [hit.group(0) for hit in hits[1:]]  # reported once, but every one is accounted for
            hit = hits[0] if hits else None
            if hit and not any(hit.group(0) in u.text or u.text in hit.group(0) for u in found.unhonoured):
                found.unhonoured.append(Unhonoured(hit.group(0), reason, replaces and not _breaks_down(text, hit.start())))
        day_span = _DAY_SPAN.search(text)
        if day_span:
            found.unhonoured.append(Unhonoured(day_span.group(0), "tallene findes pr. måned, kvartal og år, ikke for en periode fra en dag til en anden", True))
        for pattern, reason, replaces in _UNHONOURABLE_PATTERNS:
            hit = pattern.search(text)
            words = hit.group(hit.lastindex or 0) if hit else ""  # a pattern's group, where it has one, is the words to name
            if hit and not any(words in u.text or u.text in words for u in found.unhonoured):
                found.unhonoured.append(Unhonoured(words, reason, replaces))

    # -- time -----------------------------------------------------------------------------------

    def _periods(self, text: str, found: Parameters, today: datetime.date, development: bool, monthly: bool = False) -> None:
        lower = _fold(text)
        current = _CURRENT.search(lower)
        found.current = current.group(0) if current else None
        year_now = today.year
        span = _SPAN.search(lower) or _SPAN_OF_YEARS.search(lower)
        if span:
            # "fra marts 2019 til og med 2024": a month on either bound is kept
            parts = span.groupdict()
            start = parts["y1"] + (f"-{MONTHS.index(parts['first']) + 1:02d}" if parts.get("first") else "")
            end = parts["y2"] + (f"-{MONTHS.index(parts['last']) + 1:02d}" if parts.get("last") else "")
            if int(start[:4]) < EARLIEST_YEAR <= int(end[:4]):
                start = self._clipped_start(found, span.group(0))
            found.start, found.end = Setting(start, span.group(0)), Setting(end, span.group(0))
            self._check_years(found, span.group(0), int(start[:4]), int(end[:4]), year_now)
            return
        # "flere i dag end i 2019": the change since then, a development from that year
        then = re.search(rf"(?:i dag|nu|lige nu|i år)\s+(?:end|som|sammenlignet med|i forhold til)\s+(?:i\s+)?({_YEAR})\b", lower)
        if then and EARLIEST_YEAR <= int(then.group(1)) < year_now:
            found.start = Setting(then.group(1), then.group(0))
            return
        recent = re.search(rf"(?:de|over de|i de|for de)\s+(?:seneste|sidste)\s+{_NUM}\s+år", lower)
        if recent:
            count = _number(recent.group(1))
            found.start, found.end = Setting(str(year_now - count), recent.group(0)), Setting(str(year_now - 1), recent.group(0))
            return
        since = re.search(rf"(?:siden|efter|fra og med|fra)\s+(?:({_MONTH})\s+)?({_YEAR})", lower)
        if since:
            start = since.group(2) if not since.group(1) else f"{since.group(2)}-{MONTHS.index(since.group(1)) + 1:02d}"
            if int(since.group(2)) < EARLIEST_YEAR:
                start = self._clipped_start(found, since.group(0))
            found.start = Setting(start, since.group(0))
            self._check_years(found, since.group(0), int(start[:4]), int(start[:4]), year_now)
            return
        monthly_year = _MONTHLY.search(lower) or _monthly_of_the_one_year(lower, monthly)
        if monthly_year:
            year = int(monthly_year.group("year"))
            last = min(12, today.month - 1) if year == year_now else 12
            found.start, found.end = Setting(f"{year}-01", monthly_year.group(0)), Setting(f"{year}-{max(last, 1):02d}", monthly_year.group(0))
            self._check_years(found, monthly_year.group(0), year, year, year_now)
            return
        dated = _year_shared(lower)
        months = _listed(dated, list(re.finditer(rf"(?:i\s+|for\s+)?({_MONTH})(?:\s+måned)?\s+(?:({_YEAR})|(sidste år|i fjor|i år))", dated)))
        if months:
            settings = []
            for month in months:
                year = int(month.group(2)) if month.group(2) else _relative_year(month.group(3), year_now)
                settings.append(Setting(f"{year}-{MONTHS.index(month.group(1)) + 1:02d}", month.group(0).strip()))
                self._check_years(found, month.group(0), year, year, year_now)
                self._check_begun(found, month.group(0).strip(), year, MONTHS.index(month.group(1)) + 1, today)
            found.period, *found.more_periods = settings
            return
        years_ago = re.search(rf"\bfor\s+{_NUM}\s+år\s+siden\b", lower)
        if years_ago and _number(years_ago.group(1)) > 1:
            year = year_now - _number(years_ago.group(1))
            if development:  # "flere end for fem år siden": the series from then
                found.start = Setting(str(year), years_ago.group(0))
            else:
                found.period = Setting(str(year), years_ago.group(0))
            self._check_years(found, years_ago.group(0), year, year, year_now)
            return
        quarters = _listed(dated, list(re.finditer(
            rf"(første|andet|anden|tredje|fjerde|[1-4]\.)\s+(?:kvartal|kvt\.?)\s+(?:(?:af|i)\s+)?(?:({_YEAR})|(sidste år|i år))|\bq([1-4])\s*({_YEAR})|({_YEAR})\s*[kq]([1-4])\b"
            r"|årets\s+(første|andet|anden|tredje|fjerde)\s+kvartal",  # this year's
            dated,
        )))
        if quarters:
            settings = []
            for quarter in quarters:
                if quarter.group(1):
                    number = ORDINALS[quarter.group(1)]
                    year = int(quarter.group(2)) if quarter.group(2) else _relative_year(quarter.group(3), year_now)
                elif quarter.group(4):
                    number, year = int(quarter.group(4)), int(quarter.group(5))
                elif quarter.group(8):
                    number, year = ORDINALS[quarter.group(8)], year_now
                else:
                    number, year = int(quarter.group(7)), int(quarter.group(6))
                settings.append(Setting(f"{year}K{number}", quarter.group(0)))
                self._check_years(found, quarter.group(0), year, year, year_now)
                self._check_begun(found, quarter.group(0), year, 3 * number - 2, today)
            found.period, *found.more_periods = settings
            return
        previous = _PREVIOUS_PERIOD.search(lower)
        if previous and not re.search(r"(?:siden|end|med|forhold til)\s+$", lower[: previous.start()]):
            found.period = Setting(_previous_period(previous.group(1), today), previous.group(0).strip())
            return
        shift = _YEAR_BEFORE.search(lower) or _YEAR_AFTER.search(lower)
        if shift:
            count = _number(shift.group("years")) if shift.group("years") else 1
            found.year_before, found.year_shift = shift.group(0), -count if shift.re is _YEAR_BEFORE else count
            named_month = re.search(rf"\b({MONTH_PATTERN})\s+$", lower[: shift.start()])
            if named_month:  # "i januar året før"
                found.year_before, found.shift_month = lower[named_month.start() : shift.end()], MONTH_NUMBERS[named_month.group(1)]
            return
        relative = re.search(r"\b(sidste år|i fjor|sidste kalenderår|i år)\b", lower)
        years = list(re.finditer(rf"(?:i|for|året|år|i året|ultimo|primo)?\s*\b({_YEAR})\b", lower))
        usable = [m for m in years if EARLIEST_YEAR <= int(m.group(1)) <= year_now]
        if development and years and not usable and int(years[0].group(1)) < EARLIEST_YEAR:
            found.start = Setting(self._clipped_start(found, years[0].group(0).strip()), years[0].group(0).strip())
            return
        for match in years:
            if match not in usable:
                # "i 2008 og i 2024": the year that can be answered still is; the other is said.
                self._check_years(found, match.group(0).strip(), int(match.group(1)), int(match.group(1)), year_now, replaces=not usable)
        if usable:
            setting = Setting(usable[-1].group(1), usable[-1].group(0).strip())
            listed = _listed(lower, usable)
            if development:
                found.start = setting
            elif len(listed) > 1:
                found.period, *found.more_periods = [Setting(m.group(1), m.group(0).strip()) for m in listed]
            else:
                found.period = setting
            if relative and not development and str(_relative_year(relative.group(1), year_now)) not in [str(s.value) for s in (found.period, *found.more_periods) if s]:
                # "i 2015 og sidste år": both years, one call each — the relative one is never dropped
                found.more_periods.append(Setting(str(_relative_year(relative.group(1), year_now)), relative.group(0)))
        elif relative and not years:
            year = _relative_year(relative.group(1), year_now)
            found.period = Setting(str(year), relative.group(0))

    @staticmethod
    def _clipped_start(found: Parameters, words: str) -> str:
        """A series asked from before the data begins starts where the data does, and says so."""
        found.unhonoured.append(Unhonoured(words, f"udtrækkene har ingen tal før {EARLIEST_YEAR}; udviklingen vises fra {EARLIEST_YEAR}"))
        return str(EARLIEST_YEAR)

    @staticmethod
    def _check_begun(found: Parameters, words: str, year: int, first_month: int, today: datetime.date) -> None:
        """"i august 2025" asked in June 2025: a month or quarter that has not begun has no figures."""
        if (year, first_month) > (today.year, today.month) and not any(u.text == words for u in found.unhonoured):
            found.unhonoured.append(Unhonoured(words, "perioden ligger efter henvendelsens dato; udtrækkene rummer ingen prognoser", True))

    def _check_years(self, found: Parameters, words: str, first: int, last: int, year_now: int, replaces: bool = True) -> None:
        if first < EARLIEST_YEAR:
            found.unhonoured.append(Unhonoured(words, f"udtrækkene har ingen tal før {EARLIEST_YEAR}", replaces))
        elif last > year_now:
            found.unhonoured.append(Unhonoured(words, "udtrækkene rummer ingen prognoser", replaces))

    # -- groups ---------------------------------------------------------------------------------

    def _breakdown(self, text: str, found: Parameters) -> None:
        """"fordelt på køn og alder", "kønsfordelingen", "flest kvinder eller mænd": a table per group."""
        lower = _fold(text)
        asked: dict[str, str] = {}  # dimension → the words that ask for it
        for match in _BREAKDOWN.finditer(lower):
            listed = re.split(r"[?.;]|\bog (?:hvor|hvad|hvordan)\b", lower[match.end() : match.end() + 70])[0]
            before = len(asked)
            for dimension, pattern in _DIMENSION_WORDS:
                named = re.search(rf"(?<![\w-])(?:{pattern})", listed)
                if named:
                    asked.setdefault(dimension, " ".join((match.group(0) + listed[: named.end()]).split()))
            target = re.match(r"(?:(?:hhv\.?|henholdsvis|både)\s+)?([\w-]+)", listed)
            if len(asked) == before and target and not _TIME_UNIT.fullmatch(target.group(1)):
                found.other_breakdowns.append((" ".join((match.group(0) + target.group(0)).split()), target.group(1)))
        for dimension, pattern in _DIMENSION_COMPOUNDS:
            compound = re.search(pattern, lower)
            if compound:
                asked.setdefault(dimension, compound.group(0))
        found.breakdown += [Setting(dimension, asked[dimension]) for dimension in DIMENSION_ORDER if dimension in asked]

    @staticmethod
    def _other_breakdowns(found: Parameters) -> None:
        """"fordelt på jobcentre", "opdelt på kvartaler": a breakdown the extracts do not have is marked, never
        dropped — unless another reading used its word ("fordeler sig på kvinder og mænd" is køn) or marked it."""
        used = " ".join(s.words for s in [*found.breakdown, *found.filters.values()]) + " " + " ".join(u.text for u in found.unhonoured)
        for words, target in found.other_breakdowns:
            if target not in _fold(used):
                found.unhonoured.append(Unhonoured(words, "udtrækkene er kun opdelt på køn, alder, herkomst, varighed og (kontant- og uddannelseshjælp) visitationskategori", False))

    def _broken_down(self, found: Parameters, dimension: str) -> bool:
        return dimension in [setting.value for setting in found.breakdown]

    def _ages(self, text: str, found: Parameters) -> None:
        if self._broken_down(found, "alder"):
            return
        lower = _fold(text)
        if self._ages_left_out(lower, found):
            return
        patterns = (
            # "mindst 30 og højst 49 år", "fra 25 til og med 39 år", "over 50 og under 60 år"
            (rf"(?:mindst|fra|over|ældre end)\s+(\d{{2}})\s*(?:år\s+)?(?:og\s+)?(?:højst|til og med|op til)\s+(\d{{2}}){_YEARS_OLD}?", lambda m: (int(m[1]), int(m[2]))),
            (rf"(?:mindst|fra|over|ældre end)\s+(\d{{2}})\s*(?:år\s+)?(?:og\s+)?(?:under|yngre end)\s+(\d{{2}}){_YEARS_OLD}?", lambda m: (int(m[1]), int(m[2]) - 1)),
            (r"(?:mellem|i alderen)\s+(\d{2})\s*(?:og|-|til)\s*(\d{2})\s*år", lambda m: (int(m[1]), int(m[2]))),
            (r"\b(\d{2})\s*-\s*(\d{2})[- ]?årige", lambda m: (int(m[1]), int(m[2]))),
            (r"\b(\d{2})\s*-\s*(\d{2})\s*år\b", lambda m: (int(m[1]), int(m[2]))),
            (r"\b([1-9]0)['’]?\s*erne\b", lambda m: (int(m[1]), int(m[1]) + 9)),  # "i 40'erne"
            (rf"(?:under|yngre end)\s+(\d{{2}})(?!\d)(?:{_YEARS_OLD}|-årige)?|ikke\s+(?:er\s+|var\s+|har\s+)?fyldt\s+(\d{{2}})(?:\s*år)?", lambda m: (None, int(m[1] or m[2]) - 1)),
            (rf"(?:højst|maksimalt)\s+(\d{{2}}){_YEARS_OLD}", lambda m: (None, int(m[1]))),
            (r"(?<!ikke )(?:er|var|har|blevet)\s+fyldt\s+(\d{2})(?:\s*år)?", lambda m: (int(m[1]), None)),
            (rf"(?:over|ældre end|mindst)\s+(\d{{2}})(?!\d)(?:{_YEARS_OLD}|-årige)?|(\d{{2}})\s*(?:år\s+)?(?:og|eller)\s+(?:derover|ældre|over)|(\d{{2}})\s*\+", lambda m: (int(m[1] or m[2] or m[3]), None)),
        )
        for pattern, convert in patterns:
            match = next((m for m in re.finditer(pattern, lower) if not _is_duration(lower, m)), None)
            if match is None:
                continue
            low, high = convert(match)
            bound = high if high is not None else low
            if bound is not None and bound < 15:
                continue  # "under 12": not an age anyone on these schemes has
            self._set_age(found, low, high, match.group(0))
            return
        if re.search(r"\bseniorer\b|\bseniorerne\b", lower):
            self._set_age(found, 60, None, "seniorer")
        elif re.search(r"\bunge\b|\bde unge\b|\bungdom", lower):
            self._set_age(found, None, 29, "unge")

    def _ages_left_out(self, lower: str, found: Parameters) -> bool:
        """"bortset fra de unge under 30", "undtagen de 16-24-årige", "de over 60 ikke medregnet": the ages left when a
        group at one end is left out (30 år og derover); left out in the middle, the rest is no one group: marked."""
        match = next((hit for pattern in _AGES_LEFT_OUT if (hit := pattern.search(lower))), None)
        if match is None or _is_duration(lower, match):
            return False
        under, low, high, over = match.group("under", "low", "high", "over")
        left_out = (16, int(under) - 1) if under else (int(low), int(high)) if low else (int(over), None) if over else (16, 29)
        if left_out[0] <= 16 and left_out[1] is not None:
            self._set_age(found, left_out[1] + 1, None, match.group(0))
        elif left_out[1] is None:
            self._set_age(found, None, left_out[0] - 1, match.group(0))
        else:
            found.unhonoured.append(Unhonoured(match.group(0), "aldrene uden for en gruppe i midten er ikke én aldersgruppe", True))
        return True

    def _set_age(self, found: Parameters, low: int | None, high: int | None, words: str) -> None:
        low = 16 if low is None or low <= 16 else low
        value = f"{low}-{'' if high is None else high}"
        try:
            bands_for_range("alder", value, AGE_BANDS)
        except Exception:
            # Another age group than asked would be counted: no figures for this part.
            found.unhonoured.append(Unhonoured(words, "aldersgrupperne i udtrækkene er 16-24, 25-29, 30-39, 40-49, 50-59 og 60 år og derover", True))
            return
        found.filters["alder"] = Setting(value, words)

    def _sex(self, text: str, found: Parameters) -> None:
        if self._broken_down(found, "køn"):
            return
        lower = _fold(text)
        women = re.search(r"(?<![\w-])[\w-]*kvinde(?:r|rne|lige)?\b", lower)
        men = re.search(r"(?<![\w-])(?:[\w-]*mænd(?:ene)?|mandlige|mand)\b", lower)
        women_out, men_out = (_left_out(lower, match) if match else None for match in (women, men))
        if bool(women_out) != bool(men_out):
            # "bortset fra kvinderne", "kun mændene — kvinderne skal ikke medregnes": the other sex
            spans = [span for span in (women_out, men_out) if span] + [(m.start(), m.end()) for m in (women, men) if m]
            words = lower[min(start for start, _ in spans) : max(end for _, end in spans)]
            found.filters["køn"] = Setting("Mænd" if women_out else "Kvinder", words)
            return
        if women and not men:
            found.filters["køn"] = Setting("Kvinder", women.group(0))
        elif men and not women:
            found.filters["køn"] = Setting("Mænd", men.group(0))
        elif women and men:
            found.breakdown.append(Setting("køn", lower[min(women.start(), men.start()) : max(women.end(), men.end())]))
            found.breakdown.sort(key=lambda setting: DIMENSION_ORDER.index(str(setting.value)))

    def _origin(self, text: str, found: Parameters) -> None:
        if self._broken_down(found, "herkomst"):
            return
        lower = _fold(text)
        named = _origins_named(lower)
        if not named:
            return
        first_at = lower.find(named[0].words)
        respectively = _LISTED.search(lower, 0, first_at)
        if respectively and named[0].value == "Indvandrere og efterkommere" and " og " in named[0].words:
            # "henholdsvis indvandrerne og efterkommerne": each group, not the two together
            first, second = named[0].words.split(" og ", 1)
            named = [Setting("Indvandrere", first), Setting("Efterkommere", second), *named[1:]]
        if not respectively and len(named) > 1 and named[0].words == named[1].words:
            # "vestlige og ikke-vestlige indvandrere" without "hhv.": both kinds together, the group as a whole
            named = [Setting(str(named[0].value).split(" fra ")[0], named[0].words), *named[2:]]
        values = list(dict.fromkeys(str(setting.value) for setting in named))
        listed = respectively or (len(values) >= 3 and "," in lower[first_at : lower.rfind(named[-1].words)])
        if len(values) > 1 and listed:
            # "for hhv. personer med dansk oprindelse, ikke-vestlige indvandrere og ikke-vestlige efterkommere": a call each
            if respectively:  # "opdelt på henholdsvis …": the words that list them belong to the groups
                named[0] = replace(named[0], words=" ".join(lower[respectively.start() : first_at].split() + [named[0].words]))
            found.more_origins = [setting for setting in named[1:] if str(setting.value) != str(named[0].value)]
        found.filters["herkomst"] = named[0]

    def _duration(self, text: str, found: Parameters) -> None:
        if self._broken_down(found, "varighed"):
            return
        lower = _fold(text)
        found_bounds: list[tuple[re.Match[str], tuple[int, int | None]]] = [
            (m, convert(m)) for pattern, convert in _DURATIONS for m in re.finditer(pattern, lower)
        ]
        read = [(m, (low, high)) for m, (low, high) in found_bounds if (high if high is not None else low) <= 120]  # "over 60 år" is an age
        if not read:
            return
        at_least = [(m, low) for m, (low, high) in read if high is None]
        below = [(m, high) for m, (low, high) in read if low == 0 and high is not None]
        if at_least and below and at_least[0][1] < below[0][1]:
            # "i mindst et halvt år, men under et år": both bounds, one band
            (first, low), (second, high) = at_least[0], below[0]
            words = lower[min(first.start(), second.start()) : max(first.end(), second.end())]
            self._set_duration(found, f"{low}-{high}", words)
            return
        match, bounds = read[0]
        value = _band(bounds)
        same = [m.group(0) for m, other in read if _band(other) == value]  # "langtidssygemeldt … i over et år"
        # "en ledighedsperiode på mere end 12 måneder": the noun before a length names the length, no one else
        named_length = _LENGTH_NOUN.search(lower, 0, match.start())
        noun = [named_length.group(1)] if named_length else []
        self._set_duration(found, value, " ".join(dict.fromkeys([*noun, match.group(0), *same])))

    def _visitation(self, text: str, found: Parameters) -> None:
        """"aktivitetsparate kontanthjælpsmodtagere": one category; "jobparate og aktivitetsparate": a table by category."""
        lower = _fold(text)
        named = [(match, value) for pattern, value in _VISITATIONS for match in re.finditer(pattern, lower)]
        named = [(match, value) for match, value in named if not any(o.start() <= match.start() and match.end() <= o.end() and o is not match for o, _ in named)]
        values = list(dict.fromkeys(value for _, value in named))
        if self._broken_down(found, "visitation"):
            # "fordelt på jobparate og aktivitetsparate": every category named belongs to the breakdown's words
            found.breakdown = [replace(s, words=" ".join([s.words, *(m.group(0) for m, _ in named)])) if s.value == "visitation" else s for s in found.breakdown]
            return
        if len(values) == 1:
            found.filters["visitation"] = Setting(values[0], named[0][0].group(0))
        elif len(values) > 1:
            words = lower[min(m.start() for m, _ in named) : max(m.end() for m, _ in named)]
            found.breakdown.append(Setting("visitation", words))
            found.breakdown.sort(key=lambda setting: DIMENSION_ORDER.index(str(setting.value)))

    @staticmethod
    def _set_duration(found: Parameters, value: str, words: str) -> None:
        try:
            bands_for_range("varighed", value, DURATION_BANDS)
        except Exception:
            found.unhonoured.append(Unhonoured(words, "varighedsgrupperne i udtrækkene er under 3, 3-5, 6-11 og 12 måneder og derover", True))
            return
        found.filters["varighed"] = Setting(value, words)


# Kontant- og uddannelseshjælpens visitationskategorier (dimensioner.yaml); "uddannelsesparate" alene er begge slags.
_ASSESSED = r"(?:(?:vurderet|vurderes|visiteret|visiteres)\s+(?:som\s+)?)?"  # "er vurderet aktivitetsparate"
_VISITATIONS = (
    (_ASSESSED + r"åbenlyst?\s+uddannelsesparat\w*", "Åbenlys uddannelsesparat"),
    (_ASSESSED + r"(?<!åbenlyst )(?<!åbenlys )(?<![\w-])uddannelsesparat\w*", "Alle uddannelsesparate"),
    (_ASSESSED + r"(?<![\w-])aktivitetsparat\w*", "Aktivitetsparat"),
    (_ASSESSED + r"(?<![\w-])jobparat\w*", "Jobparat"),
)
# "opgør"/"opgjort" is a breakdown only right before what it is broken down by ("opgjort på køn", "opgøre det efter
# alder"): "en opgørelse over førtidspension på Frederiksberg", "opgøre antallet af personer på ledighedsydelse" count.
_BREAKDOWN = re.compile(
    r"(?<![\w-])(?:(?:fordel|opdel|inddel|fordeling|delt\s+op|dele[rs]?\s+op|delt)\w*(?:\s+[\w-]+){0,8}?(?:\s+sig)?"
    r"|(?:opgør|opgjort)\w*(?:\s+(?:det|dem|tallet|tallene|antallet|svaret|både|også|gerne))?)"
    r"\s+(?:på|efter|mellem)\b(?:\s+både)?[\s,]*"
)
_TIME_UNIT = re.compile(r"år|årene|året|måned|måneder|månederne")  # "fordelt på år/måneder": a series, read as a period
_DIMENSION_WORDS = (
    ("køn", r"køn\w*|mænd og kvinder|kvinder og mænd"),
    ("alder", r"alder\w*|aldersgrupp\w*|aldre"),
    ("herkomst", r"herkomst\w*|oprindelse\w*|etnicitet\w*|etnisk\w* baggrund|baggrund"),
    ("varighed", r"varighed\w*|hvor længe|ledighedens længde|længde"),
    ("visitation", r"visitationskategori\w*|visitationsgrupp\w*|parathed\w*|kategori\w*|(?:åbenlyst? )?(?:job|aktivitets|uddannelses)parat\w*"),
)
_DIMENSION_COMPOUNDS = (
    ("køn", r"kønsfordel\w*|kønsopdel\w*|fordelt på køn"),
    ("alder", r"aldersfordel\w*|aldersopdel\w*|aldersgrupperne|på aldersgrupper"),
    ("herkomst", r"herkomstfordel\w*"),
    ("varighed", r"varighedsfordel\w*"),
    ("visitation", r"fordelt på visitation\w*"),
)
_ORIGINS = (
    (r"indvandrere og efterkommere (?:med|af|fra) ikke-vestlig\w* (?:oprindelse|baggrund|herkomst|lande)", "Ikke-vestlig oprindelse"),
    (r"indvandrere og efterkommere (?:med|af|fra) vestlig\w* (?:oprindelse|baggrund|herkomst|lande)", "Vestlig oprindelse"),
    (r"efterkommere (?:af|efter) indvandrere fra ikke-vestlige lande|efterkommere (?:af|fra|efter) ikke-vestlige (?:indvandrere|lande)|ikke-vestlige efterkommere|efterkommere fra ikke-vestlige lande", "Efterkommere fra ikke-vestlige lande"),
    (r"efterkommere (?:af|efter) indvandrere fra vestlige lande|efterkommere (?:af|fra|efter) vestlige (?:indvandrere|lande)|(?<!ikke-)vestlige efterkommere|efterkommere fra vestlige lande", "Efterkommere fra vestlige lande"),
    (r"indvandrere fra ikke-vestlige lande|ikke-vestlige indvandrer\w*", "Indvandrere fra ikke-vestlige lande"),
    (r"indvandrere fra vestlige lande|(?<!ikke-)vestlige indvandrer\w*", "Indvandrere fra vestlige lande"),
    (r"indvandrer-?\s+(?:eller|og)\s+efterkommer\w*|indvandrere og efterkommere|efterkommere og indvandrere|anden etnisk (?:baggrund|oprindelse|herkomst)(?: end dansk)?|udenlandsk (?:baggrund|oprindelse|herkomst)|ikke-dansk (?:baggrund|oprindelse|herkomst)|anden herkomst end dansk|anden oprindelse end dansk|minoritetsbaggrund|etniske minoriteter", "Indvandrere og efterkommere"),
    (r"ikke-vestlig\w* (?:baggrund|oprindelse|herkomst|lande)|ikke-vestlige", "Ikke-vestlig oprindelse"),
    (r"(?<!ikke-)vestlig\w* (?:baggrund|oprindelse|herkomst)", "Vestlig oprindelse"),
    (r"indvandrer\w*", "Indvandrere"),
    (r"efterkommer\w*", "Efterkommere"),
    (r"etniske danskere|dansk oprindelse|dansk herkomst|dansk baggrund", "Personer med dansk oprindelse"),
)
# "hhv." a few words before the first group named, with a breakdown's words before it ("opdelt på henholdsvis")
_LISTED = re.compile(r"(?:\b(?:fordel|opdel|opgjort|opgør)\w*\s+(?:på|efter)\s+)?\b(?:hhv\.?|henholdsvis)\s+(?:\S+\s+){0,3}$")


def _origins_named(lower: str) -> list[Setting]:
    """Every origin group the text names, in the order written (through one typo); a longer name wins over the names
    inside it ("ikke-vestlige indvandrere" is one group, not "indvandrere" as well); "vestlige og ikke-vestlige
    indvandrere" is two."""
    reading = _typo_reading(lower)
    taken: list[tuple[int, int]] = []
    named: list[tuple[int, Setting]] = []
    for both in _BOTH_WESTERN.finditer(reading.corrected):
        taken.append((both.start(), both.end()))
        words = reading.written(both.start(), both.end())
        named += [(both.start(), Setting(f"{both['who'].capitalize()} fra {kind} lande", words)) for kind in ("vestlige", "ikke-vestlige")]
    for pattern, value in _ORIGINS:
        for match in re.finditer(pattern, reading.corrected):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            named.append((match.start(), Setting(value, reading.written(match.start(), match.end()))))
    return [setting for _, setting in sorted(named, key=lambda item: item[0])]


# "vestlige og ikke-vestlige indvandrere": both kinds of one group, written once
_BOTH_WESTERN = re.compile(r"(?<![\w-])(?:ikke-vestlige og vestlige|vestlige og ikke-vestlige) (?P<who>indvandrere|efterkommere)\b")


_N = r"(\d{1,2}|et|ét|en|to|tre|fire|fem|seks|syv|otte|ni|ti|tolv|et halvt|halvandet)"
_UNIT = r"(måneder|måned|mdr\.?|md\.?|år|uger|uge)"
_MORE = r"(?:mere end|over|længere end|mindst|minimum|i mere end|i over|i mindst)"
_LESS = r"(?:under|mindre end|kortere end|i under|i mindre end)"


def _months(number: str, unit: str) -> int:
    """A duration in whole months: "et halvt år" 6, "52 uger" 12."""
    count = {"et halvt": 0.5, "halvandet": 1.5}.get(number) or _number(number)
    if unit.startswith("år"):
        return round(count * 12)
    if unit.startswith("uge"):
        return round(count * 12 / 52)
    return round(count)


_LENGTH_NOUN = re.compile(r"(?<![\w-])(\w*(?:periode|perioden|forløb|forløbet|varighed|varigheden))\s+på\s+$")
_DURATIONS = (
    (r"(?:mellem|fra|i)\s+(\d{1,2})\s+(?:og|til)\s+(\d{1,2})\s+(?:måneder|mdr)", lambda m: (int(m[1]), int(m[2]))),
    (r"\b(\d{1,2})\s*-\s*(\d{1,2})\s+(?:måneder|mdr)", lambda m: (int(m[1]), int(m[2]))),
    # "har modtaget ledighedsydelse i mellem 1 og 2 år": a length of time, not an age
    (r"\bi\s+(?:mellem|fra)\s+(\d{1,2})\s+(?:og|til)\s+(\d{1,2})\s+år\b", lambda m: (int(m[1]) * 12, int(m[2]) * 12 - 1)),
    (rf"{_MORE}\s+{_N}\s+{_UNIT}(?![\w-])", lambda m: (_months(m[1], m[2]), None)),
    (rf"\b{_N}\s+{_UNIT}\s+eller\s+(?:længere|mere|derover)(?![\w-])", lambda m: (_months(m[1], m[2]), None)),
    (rf"{_LESS}\s+{_N}\s+{_UNIT}(?![\w-])", lambda m: (0, _months(m[1], m[2]) - 1)),
    (r"langvarig\w*|langtids\w*", lambda m: (12, None)),
)


# "måned for måned i 2023", "hver måned gennem 2024": the monthly series of one year.
_MONTHLY = re.compile(
    r"(?:måned\s+for\s+måned|hver\s+måned|månedsvis|pr\.?\s+måned|per\s+måned|for\s+hver\s+måned|månedlig\w*)"
    r"(?:\s+(?:i|gennem|for|hen\s+over|igennem|i\s+løbet\s+af))?\s+(?:året\s+|hele\s+)?(?P<year>(?:19|20)\d\d)",
)


_SPAN = re.compile(
    rf"(?:fra|mellem|i perioden)\s+(?:(?P<first>{_MONTH})\s+)?(?P<y1>{_YEAR})\s*(?:til|og|-|og frem til|frem til)(?:\s+og\s+med)?"
    rf"\s*(?:(?P<last>{_MONTH})\s+)?(?P<y2>{_YEAR})"
)
_SPAN_OF_YEARS = re.compile(rf"\b(?P<y1>{_YEAR})\s*(?:-|til)\s*(?P<y2>{_YEAR})\b")
_MONTH_BY_MONTH = re.compile(
    r"måned\s+for\s+måned|hver\s+(?:enkelt\s+)?måned|månedsvis|for\s+hver\s+(?:enkelt\s+)?måned|månedlig\w*"
    r"|(?:fordelt|opdelt|opgjort|delt\s+op)\s+(?:på|efter|pr\.?)\s+måned(?:er)?"
)


def asks_month_by_month(text: str) -> bool:
    """Whether a question asks for the figures month by month ("måned for måned", "hver måned")."""
    return bool(_MONTH_BY_MONTH.search(_fold(text)))


def _monthly_of_the_one_year(text: str, monthly: bool = False) -> re.Match[str] | None:
    """"Vis mig måned for måned, hvor mange … i 2023": the monthly words (here or elsewhere in the
    question) apart from the one year named."""
    if not (monthly or _MONTH_BY_MONTH.search(text)):
        return None
    years = list(re.finditer(rf"(?P<year>{_YEAR})", text))
    return years[0] if len({m.group(0) for m in years}) == 1 else None


_MONTH_BEFORE_DATED = re.compile(rf"\b({_MONTH})(\s*(?:,|og|eller|samt)\s+(?:i\s+)?)(?=(?:{_MONTH})\s+({_YEAR}|sidste år|i fjor|i år)\b)")


_QUARTER_NAME = r"første|andet|anden|tredje|fjerde|[1-4]\."
_QUARTER_BEFORE_DATED = re.compile(
    rf"(?<!\w)({_QUARTER_NAME})(\s*(?:,|og|eller|samt)\s+(?:i\s+)?)(?=(?:{_QUARTER_NAME})\s+(kvartal|kvt\.?)\s+(?:(?:af|i)\s+)?({_YEAR}|sidste år|i år)\b)"
)


def _year_shared(text: str) -> str:
    """"januar og februar 2025" → "januar 2025 og februar 2025", "1. og 2. kvartal 2024" → "1. kvartal 2024 og
    2. kvartal 2024": the months and quarters of a list share its year."""
    for _ in range(12):
        shared = _MONTH_BEFORE_DATED.sub(lambda m: f"{m.group(1)} {m.group(3)}{m.group(2)}", text)
        shared = _QUARTER_BEFORE_DATED.sub(lambda m: f"{m.group(1)} {m.group(3)} {m.group(4)}{m.group(2)}", shared)
        if shared == text:
            return text
        text = shared
    return text


def _listed(text: str, matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """The first match and those joined to it by "og", "samt", "eller" or a comma: "i 2022 og i 2023",
    "januar 2023 og januar 2024". Matches elsewhere in the text are other things ("fra 2019")."""
    if not matches:
        return []
    listed = [matches[0]]
    for match in matches[1:]:
        between = text[listed[-1].end() : match.start()]
        if not re.fullmatch(r"\s*(?:,|og|samt|eller|,\s*og)?\s*(?:i\s+|for\s+)?", between):
            break
        listed.append(match)
    return listed


def _band(bounds: tuple[int, int | None]) -> str:
    low, high = bounds
    return f"{low}-{'' if high is None else high}"


_YEARS_OLD = r"(?:\s*år(?:\s+gamle|\s+gammel)?)"  # after an age: "49 år", "49 år gamle"
# A group of ages left out of those counted: before it ("bortset fra", "undtagen", "ekskl.", "når man ser bort fra") or
# after it ("… ikke medregnet"). Read on folded text.
_LEFT_OUT_BEFORE = r"(?:bortset\s+fra|(?:når\s+(?:man\s+)?|hvis\s+(?:man\s+)?)?(?:ser|set)\s+bort\s+fra|undtagen|eksklusive|ekskl\.?|fraregnet)"
_LEFT_OUT_AFTER = r"(?:ikke\s+medregnet|fraregnet|(?:(?:skal|bør)\s+)?ikke\s+(?:medregnes|tælles\s+med|regnes\s+med))"
_AGE_GROUP = (
    r"(?:de\s+|dem\s+(?:der\s+er\s+)?)?(?:unge\s+)?(?:(?:under|yngre\s+end)\s+(?P<under>\d{2})(?:\s*år|-årige)?"
    r"|(?P<low>\d{2})\s*-\s*(?P<high>\d{2})[- ]?(?:årige|år)|(?:over|ældre\s+end)\s+(?P<over>\d{2})(?:\s*år|-årige)?|unge)"
)
_AGES_LEFT_OUT = (re.compile(rf"{_LEFT_OUT_BEFORE}\s+{_AGE_GROUP}"), re.compile(rf"(?<!\w){_AGE_GROUP}\s+{_LEFT_OUT_AFTER}"))


def _left_out(lower: str, group: re.Match[str]) -> tuple[int, int] | None:
    """Where the words leaving a group out stand with it ("bortset fra kvinderne", "kvinderne skal ikke medregnes"),
    or None when the group is not left out."""
    window = max(0, group.start() - 40)
    before = re.search(rf"{_LEFT_OUT_BEFORE}\s+(?:de\s+|alle\s+)?$", lower[window : group.start()])
    if before:
        return window + before.start(), group.end()
    after = re.match(rf"\s+(?:er\s+)?{_LEFT_OUT_AFTER}", lower[group.end() :])
    return (group.start(), group.end() + after.end()) if after else None


def _is_duration(lower: str, match: re.Match[str]) -> bool:
    """Whether a number is a length of time ("over 12 mdr."), not an age."""
    return bool(re.match(r"\s*(?:måned|mdr|md\.|uge|dag)", lower[match.end() : match.end() + 12]))


# "fra 15. marts til 15. april 2024": a span between days, which monthly figures cannot give.
_DAY_SPAN = re.compile(rf"\b\d{{1,2}}\.\s*(?:{_MONTH})\b(?:\s+\d{{4}})?\s*(?:til|-|–)\s*(?:den\s+)?\d{{1,2}}\.\s*(?:{_MONTH})\b(?:\s+\d{{4}})?", re.IGNORECASE)
_PER_YEAR = re.compile(r"\b(?:om året|pr\. år|per år|årligt|årlig)\b", re.IGNORECASE)

_UNHONOURABLE_PATTERNS = (
    # "pr. 1. januar 2025": a day, which monthly figures cannot give (the month is for the caseworker to choose)
    (re.compile(rf"\b(?:pr\.?|per|den|d\.)\s*\d{{1,2}}\.\s*(?:{_MONTH})\b(?:\s+\d{{4}})?", re.IGNORECASE), "tallene findes pr. måned, kvartal og år, ikke for en bestemt dag; skriv perioden, fx periode: \"2025-01\"", True),
    # Phrasings a list of words cannot catch: compounds and words apart.
    (re.compile(r"[\w-]*(?:branche|branchen|brancher)\b(?:\s+og\s+[\w-]*branche\w*)?|bygge- og anlægs\w*", re.IGNORECASE), "udtrækkene er ikke opdelt på branche eller arbejdsgiver", True),
    (re.compile(r"hvor længe\b[^?.]{0,30}?\bi gennemsnit|i gennemsnit\b[^?.]{0,30}?\bhvor længe", re.IGNORECASE), "udtrækkene har ingen gennemsnitlig varighed", False),
    (re.compile(r"\b(?:i\s+)?uge\s+\d{1,2}\b|\bugentlig\w*|\bpr\.?\s+uge\b", re.IGNORECASE), "udtrækkene har tal pr. måned, kvartal og år, ikke pr. uge", True),
    # "ultimo 2023", "ved udgangen af 2023": a moment in the year, not the year (its mean); read like a day
    (re.compile(r"\b(?:ultimo|primo|medio|ved\s+(?:udgangen|slutningen|starten|begyndelsen|indgangen)\s+af)\s+(?:(?:år(?:et)?|kvartal(?:et)?)\s+)?\d{4}\b", re.IGNORECASE),
     "et tidspunkt i året, ikke året: tallene findes pr. måned, kvartal og år; skriv perioden, fx årets sidste måned (periode: \"ÅÅÅÅ-12\")", True),
    # "Hvor mange fleksjobbere bør kommunen ansætte?": what can, shall or should be done, not how many there are
    (re.compile(
        # the modal before its subject ("bør kommunen ansætte") or, in a clause, after it ("kommunen bør ansætte")
        r"(?<=\bhvor mange\b)[^?.]*?\b((?:(?:kan|kunne|skal|skulle|bør|burde)\s+(?:kommunen|vi|jobcentret|forvaltningen|man|de|virksomhederne|arbejdsgiverne|(?-i:I))"
        r"|(?:kommunen|vi|jobcentret|forvaltningen|man|virksomhederne|arbejdsgiverne)\s+(?:kan|kunne|skal|skulle|bør|burde))\s+"
        r"(?:\w+\s+)?(?!(?:se|oplyse|finde|få|konstatere|tælle|opgøre|læse|aflæse)\b)[a-zæøå]+e)\b",
        re.IGNORECASE,
    ), "spørger om, hvad der kan, skal eller bør ske; tallene viser, hvor mange der er", True),
)


def _comparison(text: str, named_at: list[int]) -> tuple[int, str] | None:
    """Where the compared-with areas begin, and the words that say so.

    "sammenlignet med Aarhus" begins at the marker; "sammenligne Odense med Aalborg" at "med";
    "end" compares only when an area follows at once ("flere end Frederiksberg", not "mere end et år").
    """
    for marker in _COMPARISON.finditer(text):
        words = marker.group(0)
        if words.casefold() == "end":
            if any(at >= marker.end() and re.fullmatch(r"\s+(?:(?:i|på|for|hos|blandt)\s+)?", text[marker.end() : at]) for at in named_at):
                return marker.start(), words
            continue
        if words.casefold().startswith("sammenlign"):
            follow = re.match(r"\s+med\b", text[marker.end() :])
            if not follow:
                later = re.search(r"(?<![\w-])med(?![\w-])", text[marker.end() :])
                if later:
                    return marker.end() + later.start(), words
        return marker.start(), words
    return None


# The words a share and a group are read by, found through one typo ("procnet", "befolkingen", "efterkomere"): a
# missed one would leave the share or the group unread.
_KEYWORDS = ("procent", "andelen", "befolkningen", "indbyggerne", "indbyggere", "indvandrere", "efterkommere", "oprindelse")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _TypoReading:
    """A text with every word one letter from a keyword written as the keyword, and the way back to the text."""

    text: str
    corrected: str
    spans: tuple[tuple[int, int, int, int], ...]  # (start in corrected, start in text, corrected length, written length)

    @classmethod
    def read(cls, text: str) -> _TypoReading:
        pieces, at, spans = [], 0, []
        for word in _WORD.finditer(text):
            lower = word.group(0).lower()
            # a word the keyword begins with is another form ("indvandrer-", "indbygger"), not a typo
            keyword = next((k for k in _KEYWORDS if len(lower) >= 6 and not k.startswith(lower) and within_one_edit(lower, k)), None)
            if keyword is None:
                continue
            pieces.append(text[at : word.start()])
            spans.append((sum(map(len, pieces)), word.start(), len(keyword), len(word.group(0))))
            pieces.append(keyword)
            at = word.end()
        return cls(text, "".join(pieces) + text[at:], tuple(spans))

    def written(self, start: int, end: int) -> str:
        """The words of the text behind a stretch of the corrected text."""
        return self.text[self._index(start) : self._index(end)]

    def _index(self, index: int) -> int:
        shift = 0
        for corrected_start, original_start, corrected_length, original_length in self.spans:
            if index <= corrected_start:
                break
            if index < corrected_start + corrected_length:  # inside a corrected word: its start
                return original_start
            shift += original_length - corrected_length
        return index + shift


def _share_of_a_group(text: str, found: Parameters) -> str | None:
    """"andelen af" right before a group read as a filter, or before the population: the share words."""
    match = _SHARE_OF_GROUP.search(text)
    if match is None:
        return None
    following = text[match.end() : match.end() + 40].casefold()
    groups = [setting.words for setting in found.filters.values()] + ([found.whole_population] if found.whole_population else [])
    return match.group(0) if any(words.casefold() in following for words in groups if words) else None


_TYPO_READINGS: Cache[_TypoReading] = Cache("typolæsninger", 2048)  # a part is read several times (share, population, groups)


def _typo_reading(text: str) -> _TypoReading:
    return _TYPO_READINGS.get(text, _TypoReading.read, text)


def _search_through_typos(pattern: re.Pattern[str], text: str) -> str | None:
    """The words of the text the pattern finds, reading a word one letter from a keyword as the keyword."""
    reading = _typo_reading(text)
    match = pattern.search(reading.corrected)
    return None if match is None else reading.written(match.start(), match.end())


def _blanked(text: str, match: re.Match[str]) -> str:
    """The text with a match's words replaced by spaces, so positions stay where they were."""
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def _breaks_down(text: str, at: int) -> bool:
    """Whether the words at `at` follow "fordelt på": a breakdown the data lacks, not who is counted."""
    return bool(re.search(r"(?:fordelt|opdelt|opgjort|fordele|opdele)\w*\s+(?:på|efter)\s+$", text[max(0, at - 30) : at], re.IGNORECASE))


def _previous_period(unit: str, today: datetime.date) -> str:
    """The month or quarter before the one `today` is in: "2026-10" or "2026K3" on 30 November 2026."""
    if unit == "måned":
        year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return f"{year}-{month:02d}"
    quarter = (today.month - 1) // 3 + 1
    year, quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    return f"{year}K{quarter}"


def _relative_year(words: str, year_now: int) -> int:
    """"i år" is this year; "sidste år", "i fjor" and "sidste kalenderår" the one before."""
    return year_now if words == "i år" else year_now - 1


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text]
