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
from dataclasses import dataclass, field

from generator.metrics.areas import AreaRegistry
from generator.metrics.dimensions import bands_for_range

EARLIEST_YEAR = 2015  # the oldest year any extract holds
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december")
NUMBER_WORDS = {"et": 1, "én": 1, "en": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10, "tolv": 12}
ORDINALS = {"første": 1, "1.": 1, "andet": 2, "anden": 2, "2.": 2, "tredje": 3, "3.": 3, "fjerde": 4, "4.": 4}
AGE_BANDS = ("16-24 år", "25-29 år", "30-39 år", "40-49 år", "50-59 år", "60 år og derover")
DURATION_BANDS = ("Under 3 måneder", "3-5 måneder", "6-11 måneder", "12 måneder og derover")

_YEAR = r"(?:19|20)\d\d"
_MONTH = "|".join(MONTHS)
_NUM = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
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


@dataclass
class Parameters:
    """What one part of a question sets."""

    areas: list[Setting] = field(default_factory=list)  # in the order written; the home area included
    home_named: str | None = None  # the words naming the home area ("københavnere"), if any
    national: str | None = None  # "på landsplan", "landsgennemsnittet"
    period: Setting | None = None
    start: Setting | None = None
    end: Setting | None = None
    breakdown: list[Setting] = field(default_factory=list)
    filters: dict[str, Setting] = field(default_factory=dict)
    unhonoured: list[Unhonoured] = field(default_factory=list)
    group: str | None = None  # "6-byerne", "de andre store byer": the comparison group by default

    @property
    def any(self) -> bool:
        return bool(self.areas or self.national or self.period or self.start or self.end or self.breakdown or self.filters)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().replace("‐", "-").replace("–", "-")


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
                    if "-" in name:
                        forms[_fold(name.replace("-", " "))] = area.name
                        forms[_fold(name.replace("-", ""))] = area.name
        self.forms = forms
        self.exact = exact
        self.area_pattern = re.compile(r"(?<![\w-])(" + _alternation(list(forms)) + r")(?:s|'s?|’s?)?(?![\w-])", re.IGNORECASE)
        self.exact_pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, exact)) + r")(?:s|')?(?![\w-])") if exact else None
        national = [_fold(f) for f in areas.areas[areas.national].forms] + ["landsplan", "hele landet", "landsgennemsnit", "landsgennemsnittet", "landsniveau", "nationalt"]
        self.national_pattern = re.compile(r"(?<![\w-])(?:på\s+|i\s+)?(" + _alternation(national) + r")(?![\w-])", re.IGNORECASE)
        districts = [d for d in areas.districts if _fold(d) not in forms]
        self.district_pattern = re.compile(r"(?<![\w-])((?:i|på|fra|bor\s+i|bor\s+på)\s+)?(" + _alternation(districts) + r")(?:s|ere|erne|boere)?(?![\w-])")
        self.impossible = [
            (re.compile(r"(?<![\w-])(" + _alternation([_fold(c) for c in cues]) + r")(?![\w-])", re.IGNORECASE), reason, replaces)
            for reason, replaces, cues in impossible
        ]

    # -- public ---------------------------------------------------------------------------------

    def read(self, text: str, today: datetime.date, development: bool = False) -> Parameters:
        found = Parameters()
        clean = " ".join(text.split())
        self._unhonourable(clean, found)
        self._areas(clean, found)
        self._periods(clean, found, today, development)
        self._ages(clean, found)
        self._sex(clean, found)
        self._origin(clean, found)
        self._duration(clean, found)
        group = _GROUP.search(clean)
        found.group = group.group(0) if group else None
        return found

    # -- areas ----------------------------------------------------------------------------------

    def _areas(self, text: str, found: Parameters) -> None:
        hits: list[tuple[int, str, str]] = []
        for match in self.area_pattern.finditer(text):
            hits.append((match.start(), self.forms[_fold(match.group(1))], match.group(0)))
        if self.exact_pattern is not None:
            hits += [(m.start(), self.exact[m.group(1)], m.group(0)) for m in self.exact_pattern.finditer(text)]
        for _, name, words in sorted(hits):
            if name == self.home:
                found.home_named = found.home_named or words
            if name not in [setting.value for setting in found.areas]:
                found.areas.append(Setting(name, words))
        national = self.national_pattern.search(text)
        if national:
            found.national = national.group(0)

    def _unhonourable(self, text: str, found: Parameters) -> None:
        for match in self.district_pattern.finditer(text):
            found.unhonoured.append(Unhonoured(match.group(0).strip(), "data findes kun pr. kommune, region og hele landet", True))
        postcode = re.search(r"(?<!\d)(?:postnummer\s+)?\d{4}\s+(?:[A-ZÆØÅ][\wæøå]*|kbh|københavn)(?:\s+[A-ZØSNVK]{1,2}\b)?", text, re.IGNORECASE)
        if postcode and not re.fullmatch(r"\d{4}\s+(?:og|til|var|er|fra|i|på|har|blev)\b.*", postcode.group(0), re.IGNORECASE) and not re.match(_YEAR, postcode.group(0)):
            found.unhonoured.append(Unhonoured(postcode.group(0), "data findes kun pr. kommune, region og hele landet", True))
        for pattern, reason, replaces in self.impossible:
            match = pattern.search(text)
            if match and not any(u.text == match.group(0) for u in found.unhonoured):
                found.unhonoured.append(Unhonoured(match.group(0), reason, replaces))

    # -- time -----------------------------------------------------------------------------------

    def _periods(self, text: str, found: Parameters, today: datetime.date, development: bool) -> None:
        lower = _fold(text)
        year_now = today.year
        span = re.search(rf"(?:fra|mellem|i perioden)\s+(?:(?:{_MONTH})\s+)?({_YEAR})\s*(?:til|og|-)\s*(?:(?:{_MONTH})\s+)?({_YEAR})", lower) or re.search(rf"\b({_YEAR})\s*-\s*({_YEAR})\b", lower)
        if span:
            months = re.findall(rf"({_MONTH})\s+{_YEAR}", span.group(0))
            start, end = span.group(1), span.group(2)
            if len(months) == 2:
                start, end = f"{start}-{MONTHS.index(months[0]) + 1:02d}", f"{end}-{MONTHS.index(months[1]) + 1:02d}"
            found.start, found.end = Setting(start, span.group(0)), Setting(end, span.group(0))
            self._check_years(found, span.group(0), int(span.group(1)), int(span.group(2)), year_now)
            return
        recent = re.search(rf"(?:de|over de|i de|for de)\s+(?:seneste|sidste)\s+{_NUM}\s+år", lower)
        if recent:
            count = _number(recent.group(1))
            found.start, found.end = Setting(str(year_now - count), recent.group(0)), Setting(str(year_now - 1), recent.group(0))
            return
        since = re.search(rf"(?:siden|efter|fra og med|fra)\s+(?:(?:{_MONTH})\s+)?({_YEAR})", lower)
        if since:
            found.start = Setting(since.group(1), since.group(0))
            self._check_years(found, since.group(0), int(since.group(1)), int(since.group(1)), year_now)
            return
        month = re.search(rf"(?:i\s+|for\s+)?({_MONTH})(?:\s+måned)?\s+(?:({_YEAR})|(sidste år|i fjor|i år))", lower)
        if month:
            year = int(month.group(2)) if month.group(2) else _relative_year(month.group(3), year_now)
            found.period = Setting(f"{year}-{MONTHS.index(month.group(1)) + 1:02d}", month.group(0).strip())
            self._check_years(found, month.group(0), year, year, year_now)
            return
        quarter = re.search(rf"(første|andet|anden|tredje|fjerde|[1-4]\.)\s+kvartal\s+(?:({_YEAR})|(sidste år|i år))|\bq([1-4])\s*({_YEAR})|({_YEAR})\s*[kq]([1-4])\b", lower)
        if quarter:
            if quarter.group(1):
                number = ORDINALS[quarter.group(1)]
                year = int(quarter.group(2)) if quarter.group(2) else _relative_year(quarter.group(3), year_now)
            elif quarter.group(4):
                number, year = int(quarter.group(4)), int(quarter.group(5))
            else:
                number, year = int(quarter.group(7)), int(quarter.group(6))
            found.period = Setting(f"{year}K{number}", quarter.group(0))
            self._check_years(found, quarter.group(0), year, year, year_now)
            return
        relative = re.search(r"\b(sidste år|i fjor|sidste kalenderår|i år)\b", lower)
        year_match = re.search(rf"(?:i|for|året|år|i året|ultimo|primo)?\s*\b({_YEAR})\b", lower)
        if year_match:
            year = int(year_match.group(1))
            setting = Setting(str(year), year_match.group(0).strip())
            if development:
                found.start = setting
            else:
                found.period = setting
            self._check_years(found, year_match.group(0).strip(), year, year, year_now)
        elif relative:
            year = _relative_year(relative.group(1), year_now)
            found.period = Setting(str(year), relative.group(0))

    def _check_years(self, found: Parameters, words: str, first: int, last: int, year_now: int) -> None:
        if first < EARLIEST_YEAR:
            found.unhonoured.append(Unhonoured(words, f"udtrækkene har ingen tal før {EARLIEST_YEAR}", True))
        elif last > year_now:
            found.unhonoured.append(Unhonoured(words, "udtrækkene rummer ingen prognoser", True))

    # -- groups ---------------------------------------------------------------------------------

    def _ages(self, text: str, found: Parameters) -> None:
        lower = _fold(text)
        if re.search(r"fordelt på alder|aldersfordel|aldersgrupper|fordelt efter alder|på alder\b|opdelt på alder", lower):
            found.breakdown.append(Setting("alder", "fordelt på alder"))
            return
        patterns = (
            (r"(?:mellem|i alderen)\s+(\d{2})\s*(?:og|-|til)\s*(\d{2})\s*år", lambda m: (int(m[1]), int(m[2]))),
            (r"\b(\d{2})\s*-\s*(\d{2})[- ]?årige", lambda m: (int(m[1]), int(m[2]))),
            (r"\b(\d{2})\s*-\s*(\d{2})\s*år\b", lambda m: (int(m[1]), int(m[2]))),
            (r"(?:under|yngre end)\s+(\d{2})(?:\s*år|-årige)?", lambda m: (None, int(m[1]) - 1)),
            (r"(?:over|ældre end|mindst)\s+(\d{2})(?:\s*år|-årige)?|(\d{2})\s*(?:år\s+)?(?:og|eller)\s+(?:derover|ældre|over)|(\d{2})\s*\+", lambda m: (int(m[1] or m[2] or m[3]), None)),
        )
        for pattern, convert in patterns:
            match = re.search(pattern, lower)
            if not match or self._is_duration(lower, match):
                continue
            low, high = convert(match)
            self._set_age(found, low, high, match.group(0))
            return
        if re.search(r"\bseniorer\b|\bseniorerne\b", lower):
            self._set_age(found, 60, None, "seniorer")
        elif re.search(r"\bunge\b|\bde unge\b|\bungdom", lower):
            self._set_age(found, None, 29, "unge")

    @staticmethod
    def _is_duration(lower: str, match: re.Match[str]) -> bool:
        after = lower[match.end(): match.end() + 12]
        return bool(re.match(r"\s*(?:måned|uge|dag)", after))

    def _set_age(self, found: Parameters, low: int | None, high: int | None, words: str) -> None:
        low = 16 if low is None or low <= 16 else low
        value = f"{low}-{'' if high is None else high}"
        try:
            bands_for_range("alder", value, AGE_BANDS)
        except Exception:
            found.unhonoured.append(Unhonoured(words, "aldersgrupperne i udtrækkene er 16-24, 25-29, 30-39, 40-49, 50-59 og 60 år og derover"))
            return
        found.filters["alder"] = Setting(value, words)

    def _sex(self, text: str, found: Parameters) -> None:
        lower = _fold(text)
        both = re.search(r"kvinder og mænd|mænd og kvinder|fordelt på køn|kønsfordel\w*|opdelt på køn|køn\b|kvinder og hvor mange mænd|mænd og hvor mange kvinder", lower)
        if both:
            found.breakdown.append(Setting("køn", both.group(0)))
            return
        women = re.search(r"\b(?:kvinder|kvinderne|kvindelige|kvinde)\b", lower)
        men = re.search(r"\b(?:mænd|mændene|mandlige|mand)\b", lower)
        if women and not men:
            found.filters["køn"] = Setting("Kvinder", women.group(0))
        elif men and not women:
            found.filters["køn"] = Setting("Mænd", men.group(0))

    def _origin(self, text: str, found: Parameters) -> None:
        lower = _fold(text)
        if re.search(r"fordelt på (?:herkomst|oprindelse|etnicitet|etnisk baggrund)|opdelt på (?:herkomst|oprindelse)", lower):
            found.breakdown.append(Setting("herkomst", "fordelt på herkomst"))
            return
        rules = (
            (r"indvandrere fra ikke-vestlige lande", "Indvandrere fra ikke-vestlige lande"),
            (r"indvandrere fra vestlige lande", "Indvandrere fra vestlige lande"),
            (r"efterkommere fra ikke-vestlige lande", "Efterkommere fra ikke-vestlige lande"),
            (r"efterkommere fra vestlige lande", "Efterkommere fra vestlige lande"),
            (r"indvandrere og efterkommere|efterkommere og indvandrere|anden etnisk (?:baggrund|oprindelse|herkomst)|udenlandsk (?:baggrund|oprindelse|herkomst)|ikke-dansk (?:baggrund|oprindelse|herkomst)|anden herkomst end dansk|anden oprindelse end dansk|minoritetsbaggrund|etniske minoriteter", "Indvandrere og efterkommere"),
            (r"ikke-vestlig\w* (?:baggrund|oprindelse|herkomst|lande)|ikke-vestlige", "Ikke-vestlig oprindelse"),
            (r"(?<!ikke-)vestlig\w* (?:baggrund|oprindelse|herkomst)", "Vestlig oprindelse"),
            (r"indvandrere\w*|indvandrer\b", "Indvandrere"),
            (r"efterkommere\w*", "Efterkommere"),
            (r"etniske danskere|dansk oprindelse|dansk herkomst|dansk baggrund", "Personer med dansk oprindelse"),
        )
        for pattern, value in rules:
            match = re.search(pattern, lower)
            if match:
                found.filters["herkomst"] = Setting(value, match.group(0))
                return

    def _duration(self, text: str, found: Parameters) -> None:
        lower = _fold(text)
        if re.search(r"fordelt på varighed|opdelt på varighed|varighedsfordel\w*|fordelt efter varighed", lower):
            found.breakdown.append(Setting("varighed", "fordelt på varighed"))
            return
        rules = (
            (r"(?:mere end|over|længere end|i mere end|i over)\s+(?:et|ét|1)\s+år|(?:mere end|over|længere end)\s+12\s+måneder|langvarig\w*|langtids\w*", (12, None)),
            (r"(?:mere end|over|længere end)\s+(?:et halvt år|6\s+måneder|seks måneder)", (6, None)),
            (r"(?:under|mindre end|kortere end)\s+(?:3|tre)\s+måneder", (0, 2)),
            (r"(?:under|mindre end|kortere end)\s+(?:et halvt år|6\s+måneder|seks måneder)", (0, 5)),
            (r"(?:mere end|over|længere end)\s+(?:to|tre|2|3)\s+år", None),
        )
        for pattern, span in rules:
            match = re.search(pattern, lower)
            if not match:
                continue
            if span is None:
                found.unhonoured.append(Unhonoured(match.group(0), "varighedsgrupperne i udtrækkene går højst til 12 måneder og derover"))
                return
            low, high = span
            found.filters["varighed"] = Setting(f"{low}-{'' if high is None else high}", match.group(0))
            return


def _relative_year(words: str, year_now: int) -> int:
    """"i år" is this year; "sidste år", "i fjor" and "sidste kalenderår" the one before."""
    return year_now if words == "i år" else year_now - 1


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text]
