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
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from generator import limits
from generator.domain.areas import load_areas
from generator.domain.dimensions import POPULATION_GROUPS, load_dimensions
from generator.domain.months import MONTH_PATTERN
from generator.mapping.coverage import Lexicon, complete_truncated, compound_tails, narrowing_words, neutral_lexicon, unaccounted
from generator.mapping.normalise import clean, fold, stem, within_one_edit, words, words_as_written
from generator.mapping.parameters import DIMENSION_ORDER, NUMBER_WORDS, ParameterReader, Parameters, Setting, Unhonoured, asks_month_by_month
from generator.metrics.catalogue import Catalogue, Metric
from generator.questionfile import FILTERS, YES, CallError, MetricCall, build_call

THRESHOLD = 0.7

# How much each kind of evidence counts; a scheme and an analysis together reach the threshold.
SCHEME_NAMED, SCHEME_MISSPELT = 0.55, 0.45
SCHEME_FROM_QUESTION, SCHEME_FROM_EARLIER, SCHEME_FROM_SUBJECT = 0.45, 0.4, 0.35
_SHARE_OF_A_WHOLE = re.compile(r"\b(?:andel(?:en)?|procent(?:del(?:en)?)?|%)\s+(?:af|blandt)\s", re.IGNORECASE)  # a share with its whole named
_OF_THE_GROUP = re.compile(r"\b(?:andel(?:en)?|procent(?:del(?:en)?)?|del(?:en)?|%)\s+af\s+(?:hele\s+|denne\s+|den\s+)?gruppen?\b", re.IGNORECASE)
_EVERYONE = re.compile(r"\b(?:alle|samtlige)\s+(?:\w*modtagere|borgere|personer)\b", re.IGNORECASE)  # everyone on the scheme
_BUILDS_ON_WITHHELD = "delen bygger på en del af spørgsmålet, der ikke kunne besvares"
_SHARE_WITHOUT_GROUP = "andelen af alle i ordningen kræver en gruppe (fx kvinder eller indvandrere), og delen nævner ingen"
# The words asking for every municipality one by one ("for hver kommune"), which with municipalities named are those
_EACH_MUNICIPALITY = re.compile(
    r"\bhver(?:\s+enkelt)?\s+kommune\b|\bhver\s+af\s+kommunerne\b|\bkommune\s+for\s+kommune\b|\bkommunerne\s+hver\s+for\s+sig\b"
    r"|\b(?:pr\.|per)\s+kommune\b|\bfordelt\s+på\s+kommuner\b|\bde\s+enkelte\s+kommuner\b",
    re.IGNORECASE,
)
_PART_UNREAD = "svarbrev ved ikke, hvilken ordning denne del spørger om; skriv svaret under svar"
_HOW_MANY = re.compile(r"^(?:og\s+)?hvor\s+mange\b", re.IGNORECASE)
_SCHEMES_NOT_SUMMED = "svarbrev lægger ikke ordninger sammen; tallene står for hver ordning for sig"
_UNKNOWN_WHOLE = "andelen regnes kun af arbejdsstyrken, befolkningen, alle i ordningen eller en gruppes egen befolkning, ikke af det, spørgsmålet nævner"
# Words before the noun a share is of ("af alle de ledige"), and pronouns that point to those counted ("af dem")
_WHOLE_DETERMINERS = frozenset("alle samtlige de den det hele disse kommunens vores jeres".split())
_WHOLE_POINTERS = frozenset("dem de disse deres gruppen gruppe dette det heraf".split())
_KNOWN_WHOLES = ("arbejdsstyrk", "befolkning", "indbygger", "borger", "modtager", "ordning")
ANALYSIS_STRONG, ANALYSIS_WEAK, ANALYSIS_ASSUMED = 0.4, 0.2, 0.15
ANALYSIS_FROM_PARAMETERS = 0.35  # "Og i Aarhus?": a place, period or group asks for figures

# A sentence ends at ".", "!" or ":" before a capital — not after an abbreviation ("i hhv. Odense og Aarhus").
_ABBREVIATIONS = ("hhv", "ca", "jf", "jvf", "evt", "bl.a", "f.eks", "fx", "pr", "nr", "mht", "pga", "inkl", "ekskl", "vedr", "spm", "stk", "iflg", "dvs", "mv", "m.v")
_PART_SPLIT = re.compile(
    r"(?<=\?)\s*|(?<=[.!:])" + "".join(rf"(?<!\b{re.escape(short)}\.)" for short in _ABBREVIATIONS) + r"\s+(?=[A-ZÆØÅ])|\n+"
)
_JOINED_QUESTION = re.compile(
    r",?\s+(?:og|samt|men|eller)\s+(?=(?:hvor|hvordan|hvad|hvilke|hvilken|hvem|hvornår|hvorfor)\b"
    # a verb begins a new question only with a subject of its own ("og er der flere …", "og har antallet …"); without,
    # it is the same subject's ("… modtager uddannelseshjælp og er uddannelsesparate", "og er visiteret til fleksjob")
    r"|(?:er|har|kan|ligger|vil)\s+(?:der|det|den|dette|de|disse|antallet|andelen|tallet|tallene|udviklingen|niveauet|kommunen|man|vi)\b"
    r"|vil\s+gerne\b)"  # "Jeg forbereder et samråd og vil gerne have …": the asker's request after their own words
    # "…, hvordan har det udviklet sig"; not a relative clause ("et møde, hvor vi skal drøfte …")
    r"|(?<!\spå)(?<!\sefter),\s+(?!hvad\s+angår\b)(?=(?:hvor\s+(?:mange|stor|store|meget|langt|længe|ofte|mange)|hvordan|hvad|hvilke|hvilken|hvorfor)\b)"  # not ", hvad angår …"
    r"|,?\s+samt\s+"
    r"|,?\s+og\s+(?=(?:en\s+|at\s+)?sammenlign)"  # "… de seneste ti år og sammenligne med landsplan"
    # a second request of another kind under the same asking verb: "Kan forvaltningen oplyse antallet … og give en kort
    # redegørelse for årsagerne?" — the count is asked, and so are the reasons (which figures do not give: marked)
    r"|,?\s+og\s+(?=(?:give|redegøre|beskrive|forklare|vurdere|uddybe|kommentere)\b)"
    # … or whatever it asks next, up to the next comma or "og", is the kind of thing figures do not give ("… og komme
    # med en vurdering af, hvad det skyldes", "samt årsagerne til stigningen"): never the count's own words. Nouns and
    # "skyldes" only: a verb there may be the sentence's own ("på nationalt og kommunalt plan redegøre for …"), and
    # "vurderet aktivitetsparat" is who is counted.
    r"|,?\s+(?:og|samt)\s+(?=(?:(?!\bog\b)[^?.,;])*?\b(?:årsag\w*|skyld(?:es|tes)|vurdering\w*|forklaring\w*|redegørelse\w*|begrundelse\w*|hvorfor)\b)",
    re.IGNORECASE,
)
_ENUMERATED = re.compile(
    # "1) …", "a) …", "- …"; not "1. og 2. kvartal", "3. marts"
    rf"(?:^|(?<=[\s,:;]))(?:\d{{1,2}}[).](?!(?:\s*(?:,|og|eller)?\s*\d{{1,2}}\.)*\s+(?:kvartal|kvt|halvår|{MONTH_PATTERN})\b)|[a-h]\)|(?<!\d\s)-|[•*])\s+"
)  # "1) antallet …, 2) udviklingen …"; not the dash of "juni 2009 - maj 2010"
_REQUEST = re.compile(r"\b(?:oplys|beder|ønsker|redegør|belys|sammenlign)", re.IGNORECASE)
_QUESTION_START = re.compile(
    r"^(?:og\s+|men\s+|samt\s+)?(?:hvor|hvordan|hvad|hvilke|hvilken|hvem|hvornår|hvorfor|er|har|kan|vil|ligger|lever|"
    r"giver|findes|ser|oplys|beskriv|angiv|redegør|opgør|jeg\s+vil\s+gerne|vil\s+i|venligst)",
    re.IGNORECASE,
)
# "Jeg mangler et enkelt tal: hvor mange …": the asker's own words before a colon are a sentence of their
# own; a topic before it ("Ressourceforløb i Aarhus: hvordan gik udviklingen?") belongs to the question.
_OWN_WORDS_COLON = re.compile(r"(?<=:)\s+(?=(?:hvor|hvordan|hvad|hvilke|hvilken|hvem|hvornår|hvorfor|kan\s+i|vil\s+i)\b)", re.IGNORECASE)
_LEAD_IN = re.compile(r"\b(?:oplys[et]?|redegør[e]?\s+for|belys[e]?|angiv[e]?|opgør[e]?|beskriv[e]?|vide|høre|spørge)\s*,?\s*$", re.IGNORECASE)
_LEAD_IN_OBJECT = re.compile(r"\b(?:over|om|på|af)\s*,?\s*$", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:jeg|vi|mig|os|min|mit|mine|vores)\b", re.IGNORECASE)
_COMPARATIVES = frozenset({"flere", "færre", "end", "mere", "mindre", "højere", "lavere"})  # "flere end for fem år siden": a change
_GROUP_BESIDE = "gruppen er nævnt uden for selve spørgsmålet; skriv den i spørgsmålet, hvis tallene skal gælde den"
_INTERROGATIVE = re.compile(r"^(?:og\s+|men\s+|samt\s+)?(?:hvor|hvordan|hvad|hvilke|hvilken|hvem|hvornår|hvorfor)\b", re.IGNORECASE)
_YEAR = re.compile(r"^(19|20)\d\d$")
# Several municipalities or regions, none named ("i kommunerne"); "andre kommuner" is a comparison group (parameters.py).
_OTHERS_IN_REGION = re.compile(
    r"\b(?:de\s+)?(?:andre|øvrige)\s+kommuner\s+(?:i\s+(?:regionen|region\s+\w+|\w+\s+region|området|landsdelen|nærheden)\b|der\b|dér\b|deromkring\b|omkring\b)",
    re.IGNORECASE,
)
_ABOUT_PLACES = re.compile(r"^data findes kun|kommune|områder|steder|sted\b")  # the reason of a mark that concerns where
_PLACE_UNKNOWN_BEFORE = "stedet i spørgsmålet før kunne ikke afgøres"
_PLURAL_AREAS = re.compile(r"\b(?:i|på tværs af|blandt|for|mellem|af)\s+(?:de\s+)?(?:forskellige\s+|enkelte\s+)?(?:kommunerne|regionerne|kommuner|regioner)\b", re.IGNORECASE)
# "vurderet aktivitetsparate", "visiteret som jobparat": a visitation category, not an assessment asked for
_VISITED_AS = re.compile(r"(?:vurderet|vurderes|visiteret|visiteres)\s+(?:som\s+)?(?:åbenlyst?\s+)?(?:aktivitets|job|uddannelses)parat", re.IGNORECASE)
# Where the noun phrase after "af"/"blandt" in "hvor mange procent af … er …" ends.
# "med" is not among them: "af personer med udenlandsk oprindelse" names a group.
_VERBS_AND_PREPOSITIONS = frozenset("er var bliver blev har havde får fik modtager modtog i på til fra som der".split())
_MONTH_PERIOD = re.compile(r"^\d{4}-\d{2}$")  # periode "2024-03"
_YEAR_AGO = re.compile(r"sidste år|året før|i fjor", re.IGNORECASE)
OUTSIDE_CATALOGUE = "kataloget dækker det ikke; svarbrev har ingen tal for det"
_ONLY_AREAS = "data findes kun"  # the reason of a place the data cannot honour (a district, a place abroad)
_UNKNOWN_PLACE = re.compile(r"\b(?:i|på)\s+([A-ZÆØÅ][\wæøå-]{3,})")  # "… i Sønderjylland": looks like a place
_BOTH_SCHEMES = re.compile(r"\bbegge\s+(?:dele|ordninger|ydelser|grupper)\b|\bde\s+to\s+(?:ordninger|ydelser|grupper)\b", re.IGNORECASE)


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
    cues: Iterable[Cue], part_stems: Sequence[str], part_words: Sequence[str], display: Sequence[str] | None = None, every: bool = False
) -> list[Found]:
    """Cues whose stems occur as consecutive words of the part (`display`: the words as written):
    each cue's first occurrence, or with `every` all of them (to account for every word)."""
    display = display if display is not None else part_words
    found = []
    folded: list[str] | None = None
    for item in cues:
        size = len(item.stems)
        if item.exact:
            folded = folded if folded is not None else [fold(word) for word in part_words]
            positions = [i for i, word in enumerate(folded) if word == item.stems[0]]
            found += [Found(item, display[i], i, 1) for i in positions[: None if every else 1]]
            continue
        first = item.stems[0]
        for start in range(len(part_stems) - size + 1):
            if _same_word(part_stems[start], first) and all(
                _same_word(part_stems[start + k], item.stems[k]) for k in range(1, size)
            ):
                found.append(Found(item, " ".join(display[start : start + size]), start, size))
                if not every:
                    break
    return found


def _singles(part_stems: Sequence[str], part_words: Sequence[str], display: Sequence[str]) -> list[tuple[str, str]]:
    """Each word's stem with the word as written, and each pair of words joined: a compound written
    apart ("ressource forløb") is also tried as one word."""
    joined = [(stem(a + b), f"{x} {y}") for a, b, x, y in zip(part_words, part_words[1:], display, display[1:])]
    return [*zip(part_stems, display), *joined]


@dataclass
class SchemeIndex:
    """Finds schemes in words, also inside compounds ("fleksjobansatte") and misspelt ("fleksjop")."""

    cues: dict[str, list[Cue]]  # scheme id → its cues
    tails: frozenset[str] = frozenset()  # the known endings of a compound that begins with a scheme's name

    def find(
        self, part_stems: Sequence[str], part_words: Sequence[str], display: Sequence[str] | None = None
    ) -> dict[str, tuple[float, str]]:
        display = display if display is not None else part_words
        found: dict[str, tuple[float, str, int]] = {}
        singles = _singles(part_stems, part_words, display)
        for scheme_id, cues in self.cues.items():
            for item in cues:
                hit = self._match(item, part_stems, part_words, display, singles)
                if hit and (hit[0], len(item.text)) > found.get(scheme_id, (0.0, "", 0))[::2]:
                    found[scheme_id] = (*hit, len(item.text))
        return {scheme: hit[:2] for scheme, hit in self._drop_contained(found).items()}

    def every_word(self, part_stems: Sequence[str], part_words: Sequence[str], display: Sequence[str]) -> list[str]:
        """The words of every scheme cue found, not only each scheme's best: "sygemeldt på
        sygedagpenge" names one scheme twice, and both words are accounted for."""
        singles = _singles(part_stems, part_words, display)
        found = []
        for cues in self.cues.values():
            for item in cues:
                if item.exact:
                    found += self._abbreviated(item, part_words, display)
                elif len(item.stems) > 1:
                    found += [hit.matched for hit in find_phrases([item], part_stems, part_words, display)]
                else:
                    found += [word for word_stem, word in singles if self._names(item.stems[0], word_stem) and self._known_tail(item, word)]
        return found

    def _abbreviated(self, item: Cue, part_words: Sequence[str], display: Sequence[str]) -> list[str]:
        """The words that are a short name as written ("SDP"), or begin a compound with it and a hyphen ("UDH-modtagere")."""
        target = item.stems[0].casefold()
        folded = [fold(word).casefold() for word in part_words]  # the words as the tails are kept: "føp" as "foep"
        return [
            written for word, written in zip(folded, display)
            if word == target or (word.startswith(target) and "-" in written and self._is_tail(word[len(target) :]))
        ]

    def _known_tail(self, item: Cue, word: str) -> bool:
        """"kontanthjælps|modtagere" is the scheme; "dagpenge|satsen" is a rate: the rest of a compound
        must be a known ending (neutrale_ord.yaml's sammensætninger) or nothing at all."""
        folded = fold(clean(word.replace(" ", "")))  # "ressource forløb": a compound written apart
        written = fold(clean(item.text))
        if not folded.startswith(written):
            # an inflection of the name ("ledighedsydelsen") or a slip of the keyboard ("fleksjop")
            return not folded.startswith(item.stems[0]) or len(folded) - len(item.stems[0]) <= 4
        tail = folded[len(written):]
        return any(self._is_tail(tail[cut:]) for cut in range(min(len(tail), 2) + 1) if tail[:cut] in ("", "e", "s", "es"))

    def _is_tail(self, rest: str) -> bool:
        """A known ending, or one slip from a longer one ("…modtagre")."""
        return rest in self.tails or (len(rest) >= 5 and any(len(tail) >= 5 and within_one_edit(rest, tail) for tail in self.tails))

    @staticmethod
    def _names(target: str, word_stem: str) -> bool:
        """A word that names the scheme of a one-word cue: the cue's stem begins it ("kontanthjælps|modtagere"),
        or it is one slip of the keyboard from it."""
        if word_stem.startswith(target) and len(target) >= 4:
            return True
        return (
            len(target) >= 6 and len(word_stem) >= 5 and word_stem[0] == target[0]
            and (within_one_edit(word_stem[: len(target)], target) or within_one_edit(word_stem, target))
        )

    def _match(
        self,
        item: Cue,
        part_stems: Sequence[str],
        part_words: Sequence[str],
        display: Sequence[str],
        singles: Sequence[tuple[str, str]],
    ) -> tuple[float, str] | None:
        if item.exact:
            hits = self._abbreviated(item, part_words, display)
            return (SCHEME_NAMED, hits[0]) if hits else None
        if len(item.stems) > 1:
            phrase = find_phrases([item], part_stems, part_words, display)
            return (SCHEME_NAMED, phrase[0].matched) if phrase else None
        target = item.stems[0]
        for word_stem, word in singles:
            if self._names(target, word_stem):
                # A compound starts with the scheme's name: "kontanthjælps|modtagere"; else a slip.
                return (SCHEME_NAMED if word_stem.startswith(target) and len(target) >= 4 else SCHEME_MISSPELT), word
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
            "ikke_besvaret": [phrase.text for phrase in self.unhonoured if not phrase.unknown],
            "ukendte_ord": [phrase.text for phrase in self.unhonoured if phrase.unknown],
            "forslag": [{"metrik": s.metric, "score": round(s.score, 2), "begrundelse": s.reason} for s in self.suggestions],
        }


@dataclass(frozen=True)
class Context:
    """What the rest of the inquiry says: its subject and the questions before this one."""

    subject: str = ""
    previous: tuple[str, ...] = ()
    date: datetime.date | None = None  # the inquiry's date: "sidste år" and "de seneste fem år" count from it
    accepted: tuple[str, ...] = ()  # words the caseworker accepted as harmless (accepter: in the question file)

    @property
    def accepted_lexicon(self) -> Lexicon | None:
        """Every word of the accepted phrases ("hjemmeboende teenagere" accepts both words)."""
        return Lexicon.of(word for phrase in self.accepted for word in words(phrase)) if self.accepted else None


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


@dataclass(frozen=True)
class _Piece:
    text: str
    listed: bool  # an item of a numbered or bulleted list
    joined: bool  # split off inside a sentence ("…, og hvordan …"), not the sentence's beginning
    sentence_asks: bool  # the sentence it belongs to is a question or a request
    lead_in: bool = False  # a request ending in its verb, leading into the question after it


def _pieces(question: str) -> list[_Piece]:
    """Text pieces: sentences, list items, and questions joined within a sentence."""
    pieces: list[_Piece] = []
    for chunk in (piece for sentence in _PART_SPLIT.split(question) for piece in _after_own_words(sentence or "")):
        chunk = chunk.strip()
        items = _ENUMERATED.split(chunk)
        asks = chunk.endswith("?") or bool(_QUESTION_START.match(chunk))
        for index, item in enumerate(items):
            split = _JOINED_QUESTION.split(item)
            pieces.extend(
                _Piece(piece, index > 0, joined > 0, asks, joined + 1 < len(split) and _leads_in(piece)) for joined, piece in enumerate(split)
            )
    # "Jeg vil gerne bede om et tal til brug for budgetforhandlingerne: Hvor stor …?": what a colon closes leads into
    # the question after it
    pieces = [replace(piece, lead_in=True) if piece.text.rstrip().endswith(":") and index + 1 < len(pieces) else piece for index, piece in enumerate(pieces)]
    cleaned = [replace(piece, text=re.sub(r"\s+(?:og|samt|eller)$", "", piece.text.strip(" ,;"))) for piece in pieces if piece.text]
    return [piece for piece in cleaned if re.search(r"\w", piece.text)]


def _leads_in(piece: str) -> bool:
    """A request ending in its verb ("… bedes forvaltningen oplyse,") or in the word before what it asks for ("Jeg beder
    om en opgørelse over, hvor mange …")."""
    return bool(_LEAD_IN.search(piece) or (_REQUEST.search(piece) and _LEAD_IN_OBJECT.search(piece)))


def _after_own_words(sentence: str) -> list[str]:
    split = _OWN_WORDS_COLON.split(sentence, maxsplit=1)
    return split if len(split) == 2 and _FIRST_PERSON.search(split[0]) else [sentence]


def _asks(piece: _Piece, any_question_mark: bool, strict: bool) -> bool:
    """Whether a piece is a question. Strictly, a verb does not start one inside a statement
    ("Jeg er journalist og er blevet sendt videre …"); an asking word does ("…, hvor mange …")."""
    if piece.lead_in and not _INTERROGATIVE.match(piece.text):  # "… bedes forvaltningen oplyse," / "Jeg vil gerne vide,"
        return False  # the question is what follows; a question ending in the next request's lead-in is still one
    starts = _QUESTION_START.match(piece.text)
    if strict and starts and piece.joined and not piece.sentence_asks:
        starts = _INTERROGATIVE.match(piece.text)
    asks = piece.listed or piece.text.endswith("?") or bool(starts)
    # A request asks where no question mark says otherwise, and as the start of a sentence that asks ("Forvaltningen
    # bedes oplyse antallet …, og hvordan har det udviklet sig?": both the count and the development).
    requests = not any_question_mark or (piece.sentence_asks and not piece.joined)
    return asks or (requests and bool(_REQUEST.search(piece.text)))


def split_parts(question: str) -> list[_Part]:
    """Sentences, list items, and questions joined by "og hvordan …" within a sentence."""
    any_question_mark = "?" in question
    pieces = _pieces(question)
    asking = [_asks(piece, any_question_mark, strict=True) for piece in pieces]
    if not any(asking):
        asking = [_asks(piece, any_question_mark, strict=False) for piece in pieces]
    if not any(asking):
        asking = [True] * len(pieces)
    for index in range(1, len(pieces)):
        # "Jeg beder om antallet af … samt det gennemsnitlige …": what a request goes on to ask for is asked too.
        if pieces[index].joined and not asking[index] and asking[index - 1] and not any_question_mark:
            asking[index] = True
    parts = []
    for piece, asks in zip(pieces, asking):
        cleaned, display = _without_addressee(words(piece.text), words_as_written(piece.text))
        parts.append(_Part(piece.text, cleaned, tuple(stem(w) for w in cleaned), asks, display))
    return parts


# Whom a request is made of ("Forvaltningen bedes oplyse …", "Kan forvaltningen oplyse …") is not what it is about:
# "forvaltningen" there is not the administration as an employer (fleksjob.kommunen_som_arbejdsgiver).
_ADDRESSEES = frozenset({"forvaltningen", "administrationen", "direktionen", "jobcentret", "jobcenteret", "kommunen", "borgmesteren", "rådmanden", "ministeren"})
_ASKING_VERBS = frozenset({"bedes", "beder", "kan", "kunne", "vil", "ville", "må", "skal", "spørger", "anmoder", "opfordrer"})


def _without_addressee(cleaned: list[str], display: list[str]) -> tuple[list[str], list[str]]:
    """The words without the one a request is addressed to."""
    if len(cleaned) != len(display):
        return cleaned, display
    dropped = {
        index for index, word in enumerate(cleaned)
        if word in _ADDRESSEES and (
            (index + 1 < len(cleaned) and cleaned[index + 1] in _ASKING_VERBS) or (index > 0 and cleaned[index - 1] in _ASKING_VERBS)
        )
    }
    if not dropped:
        return cleaned, display
    return [w for i, w in enumerate(cleaned) if i not in dropped], [w for i, w in enumerate(display) if i not in dropped]


class Matcher:
    """Maps questions to catalogue metrics. Build once per catalogue; `match` is cheap."""

    def __init__(self, catalogue: Catalogue, threshold: float = THRESHOLD, home: str = "København") -> None:
        self.catalogue = catalogue
        self.threshold = threshold
        self.home = home
        self.parameters = ParameterReader(load_areas(), home, list(catalogue.impossible))
        self.schemes = SchemeIndex({s.id: [cue(text) for text in (*s.cues, s.name)] for s in catalogue.schemes.values()}, compound_tails())
        self.analysis_cues = {kind: [cue(text) for text in cues] for kind, cues in catalogue.analysis_cues.items()}
        self.no_figures = [cue(text) for text in catalogue.no_figures_cues]
        self.since_last = [cue(text) for text in catalogue.since_last_cues]
        self.change_words = set(catalogue.change_words)
        self.uncovered = [cue(text) for text in catalogue.uncovered_cues]
        self.neutral = neutral_lexicon()
        self.narrowing_words = narrowing_words()
        self.neutral_phrases = [cue(text) for text in self.neutral.phrases]
        self.cue_words = Lexicon.of(word for cues in catalogue.analysis_cues.values() for text in cues for word in words(text.lstrip("~")))
        self._memo: dict[tuple[str, Context], MappingResult] = {}
        self._places: dict[tuple[str, datetime.date], list[str]] = {}
        self.special = {
            # Counter-cues compare word beginnings, not stems: "københavnere" must not cancel "Københavns".
            metric.id: ([cue(text) for text in metric.cues], [clean(text) for text in metric.counter_cues])
            for metric in catalogue
            if metric.cues
        }

    # -- public -----------------------------------------------------------------------------

    def match(self, question: str, context: Context = Context()) -> MappingResult:
        if len(question) > limits.TEXT_FIELD:
            # The work of reading grows faster than the text (runs of digits); a question this long is no question.
            return _too_long(question)
        key = (question, context)
        if key not in self._memo:
            if len(self._memo) > 512:
                self._memo.clear()
            self._memo[key] = self._match(question, context)
        return self._memo[key]

    def clear_cache(self) -> None:
        """Forget earlier results (a benchmark measures the work, not the lookup)."""
        self._memo.clear()
        self._places.clear()

    def _match(self, question: str, context: Context) -> MappingResult:
        candidates = _Candidates()
        notes: list[str] = []
        parts = split_parts(complete_truncated(question))
        in_question: list[tuple[str, str]] = []  # schemes named earlier in this question
        today = context.date or datetime.date.today()
        planned: list[tuple[str, Parameters, str]] = []  # (metric, the part's parameters, reason)
        unhonoured: list[Unhonoured] = []
        earlier: _Earlier | None = None  # what an earlier part of this question asked
        without_figures: list[str] = []  # parts that ask why, what it costs, what will be done
        unread: list[str] = []  # parts asking for a count of no scheme svarbrev knows
        outside: list[str] = []  # parts about a subject the catalogue does not cover ("og hvor mange er på SU?")
        places: list[str] = []  # places named so far in this question, background sentences included
        monthly = asks_month_by_month(question)  # "Vis mig måned for måned, hvor mange … i 2023"
        places += self._closing_place(question, today)
        periods: list[Setting] = []  # periods named in background sentences ("I marts 2024, hvor mange …?")
        unplaceable: list[Unhonoured] = []  # places the data lacks, named in background sentences ("besøg fra Hamborg")
        background_unknown: list[Unhonoured] = []  # words nobody recognised in a sentence singling out some of the people counted
        groups_beside: list[tuple[str, Unhonoured]] = []  # (dimension, mark): groups in sentences that do not ask ("Jeg tænker her på kvinderne.")
        dimensions_asked: set[str] = set()  # the dimensions the parts that ask name a group or breakdown of
        asked = False  # a question part came before: what follows it may narrow it
        withheld = False  # a part of this question got no figures: one referring back to it ("af dem") cannot either
        withheld_schemes: dict[str, bool] = {}  # schemes named in parts that got no figures: for a place only?
        answered_schemes: set[str] = set()
        shared_places = self._places_closing_parallel_parts(parts, today)
        for index, part in enumerate(parts):
            named = self.schemes.find(part.stems, part.words, part.display)
            if not part.is_question:
                in_question.extend((scheme, hit[1]) for scheme, hit in named.items())
                background = self.parameters.read(part.text, today)
                places += self._places_in(background)
                periods += [s for s in (background.period, background.start) if s is not None]
                unplaceable += [u for u in background.unhonoured if u.replaces and u.reason.startswith(_ONLY_AREAS)]
                beside = [(key, Unhonoured(s.words, _GROUP_BESIDE, True)) for key, s in (*background.filters.items(), *((str(s.value), s) for s in background.breakdown))]
                if asked and any(word in self.narrowing_words for word in part.words):
                    # "Hvor mange …? Jeg tænker især på dem, der har børn.": it may narrow whom the question counts
                    background_unknown += [*background.unhonoured, *self._not_understood(part, dict.fromkeys(named, (0.0, "")), background, context)]
                    background_unknown += [mark for _, mark in beside]
                else:
                    groups_beside += beside
                continue
            asked = True
            refused = [
                hit for hit in find_phrases(self.no_figures, part.stems, part.words, part.display)
                if not _VISITED_AS.match(" ".join(part.words[hit.start :])) and not _at_level(part.words, hit.start)
            ]
            if refused:
                notes.append(f"»{part.text}« spørger om {refused[0].matched!r}, som tal ikke besvarer")
                in_question.extend((scheme, hit[1]) for scheme, hit in named.items())
                _add_new(unhonoured, self.parameters.read(part.text, today).unhonoured)
                without_figures.append(part.text)
                continue
            uncovered = find_phrases(self.uncovered, part.stems, part.words, part.display)
            if uncovered and not named:
                notes.append(f"»{part.text}« handler om {uncovered[0].matched!r}, som kataloget ikke dækker")
                outside.append(uncovered[0].matched)
                continue
            schemes = self._schemes_for(named, in_question, context, both=bool(_BOTH_SCHEMES.search(part.text)))
            continues = bool(in_question)  # an earlier part of this question named a scheme
            in_question.extend((scheme, hit[1]) for scheme, hit in named.items())
            analyses = self._analyses_for(part)
            # A year alone hints at a development only weakly: beside another weak cue it is the period asked.
            # "Hvordan så det ud i 2022?" after a count: the count in 2022.
            development = "udvikling" in analyses and (
                analyses["udvikling"][0] >= ANALYSIS_STRONG or (len(analyses) == 1 and (bool(named) or not _refers_back(part)))
            )
            params = self.parameters.read(part.text, today, development=development, monthly=monthly)
            own_places = self._places_in(params)
            dimensions_asked.update([*params.filters, *(str(s.value) for s in params.breakdown)])
            params.unhonoured += _negated_or_hypothetical(part.text, params)
            if params.combined and len(named) > 1 and len(params.areas) + bool(params.national) < 2:
                # "på kontanthjælp og uddannelseshjælp tilsammen": each scheme's figures, never their sum, which would
                # count a person on both twice — said, not left out
                params.unhonoured.append(Unhonoured(params.combined, _SCHEMES_NOT_SUMMED))
            if not self._names_special_metric(part):  # "medarbejdere i fleksjob" is the municipality as employer
                params.unhonoured += [_outside_catalogue(part, hit) for hit in uncovered]
            unknown = self._not_understood(part, schemes, params, context)
            if unknown:
                _add_new(unhonoured, [*params.unhonoured, *unknown])
                withheld = True
                withheld_schemes.update(dict.fromkeys(named, _for_place_only(unknown, part.text)))
                continue  # a word nobody recognised may change what is asked: no figures
            unanswered = {scheme: place for scheme, place in withheld_schemes.items() if scheme not in answered_schemes}
            builds_on = None if named else self._subject_withheld(schemes, unanswered, params, context)
            if builds_on:
                # "… antallet af østeuropæiske dagpengemodtagere [marked] samt den procentvise stigning siden 2009": the
                # part's subject is the one that could not be honoured, not everyone on the scheme
                _add_new(unhonoured, [Unhonoured(part.text, builds_on, True)])
                withheld = True
                continue
            of_the_group = bool(_OF_THE_GROUP.search(part.text))  # "… hvor stor en andel af gruppen udgør det?"
            # only beside a scheme named for what is counted: "af de ledige" alone is whom the question is about
            whole = None if of_the_group or params.share_of is None or not named else self._unknown_whole(part.text, params.share_of, today)
            if whole is not None:
                # "Hvor mange procent af alle ledige er på a-dagpenge?": a share of a whole the data has no count of is
                # never the share of the labour force
                params.unhonoured.append(Unhonoured(whole, _UNKNOWN_WHOLE, True))
            if params.share_of and not (params.filters or params.whole_population or params.breakdown) and (
                of_the_group or self._of_the_whole_scheme(part.text, params.share_of)
            ):
                # "Hvor mange procent af alle kontanthjælpsmodtagere udgør de?", "… af gruppen": the group is one asked
                # of before, never the share of the labour force; with none asked of before, no figures
                group = self._group_asked_before(set(schemes), earlier, context)
                if group is None:
                    _add_new(unhonoured, [Unhonoured(part.text, _SHARE_WITHOUT_GROUP, True)])
                    withheld = True
                    continue
                params = replace(params, filters=group)
            analyses = self._analyses_with(params, analyses)
            if params.share_of and params.filters and "udvikling" in analyses and _SHARE_OF_A_WHOLE.search(part.text):
                # "Hvordan har andelen af kvinder blandt kontanthjælpsmodtagerne udviklet sig": the series is of counts
                # ("Hvor mange procent er antallet steget" is a change, not a share: no whole after the words)
                params.unhonoured.append(Unhonoured(params.share_of, "en udvikling i gruppens andel beregnes ikke; tallene viser antallet år for år"))
                params = replace(params, share_of=None)
            params = self._honoured_by_special(part, schemes, analyses, params)
            asks_only_unanswerable = bool(params.unhonoured) and all(score <= ANALYSIS_ASSUMED for score, _ in analyses.values())
            if "alle" in analyses and params.national:
                # "Hvilken plads har kommunen på landsplan …": the country is the ranking's scope, every municipality,
                # not the place whose rank is asked — that is the one the inquiry is about.
                params = replace(params, national=None)
            plural = _PLURAL_AREAS.search(part.text) or _OTHERS_IN_REGION.search(part.text)
            if plural and "alle" not in analyses and (plural.re is _OTHERS_IN_REGION or not (params.both_places or params.group or params.compared or params.other_regions)):
                # "i kommunerne", "i de forskellige regioner": several places, none named — never the home's figure
                params.unhonoured.append(Unhonoured(plural.group(0), "spørgsmålet nævner flere områder uden at sige hvilke; nævn dem, eller spørg om alle kommuner", True))
            if params.per_inhabitants and not {"sammenligning", "alle"} & set(analyses):
                params.unhonoured.append(Unhonoured(params.per_inhabitants, "tal i forhold til indbyggertallet vises kun i en sammenligning med andre områder"))
            side_by_side = False  # a share of a population compared with other places: the places side by side
            if params.share_of and (of_the_group or self._share_of_a_population(part.text, params, today)):
                side_by_side = "sammenligning" in analyses and bool(params.compared) and "udvikling" not in analyses
                params, analyses = _read_population_share(params, analyses)
            params = self._with_every_place(params, context, places)
            asks_own = params.any  # the part's own place, period or group — not one carried from elsewhere
            source = self._followed_up(part, named, continues, earlier, context)
            if source is None and withheld and _refers_back(part):
                # "Hvor mange af de sygemeldte … [marked], og hvor mange af dem er over 60?": "dem" are the ones
                # the marked part counts, not everyone
                _add_new(unhonoured, [Unhonoured(part.text, _BUILDS_ON_WITHHELD, True)])
                continue
            if source is not None:
                if not named and (params.any or "samme" in part.words):  # "Og i Aarhus?", "den samme opgørelse …"
                    analyses = self._analyses_inherited(part, analyses, source)
                own_share, own_filters = params.share_of_population, dict(params.filters)
                params = _inherit(params, source)
                if _EVERYONE.search(part.text):  # "… når man ser på alle modtagere af uddannelseshjælp": no group asked before
                    params = replace(params, filters=own_filters, more_origins=[])
                if params.share_of_population and not own_share:
                    params, analyses = _inherited_population_share(params, analyses)
            if not _names_place(params) and index in shared_places and not places:
                # "Hvor mange er på kontanthjælp, og hvor mange er på ledighedsydelse i Næstved?": the place closing
                # the sentence is both clauses', never the home's for the first
                params = replace(params, areas=shared_places[index])
            if not _names_place(params):
                if unplaceable and not places:  # "… vores venskabsby Hamborg … Hvor mange er på sygedagpenge dér?"
                    params.unhonoured += unplaceable
                params = self._in_inquiry_place(params, context, places)
            if side_by_side:
                # only now is the place known that the others are compared with ("… sammenlignet med Aarhus" in an
                # inquiry about Aalborg)
                side = [*(params.areas or [Setting(self.home, self.home)]), *(s for s in params.compared if s not in params.areas)]
                params = replace(params, areas=side, compared=[], marker=None)
            if periods and not (params.period or params.start or params.end or params.current):
                params = _in_period(params, periods[-1], analyses)
            places += own_places
            params = self._with_year_before(part, params, today)
            if params.year_before and params.period is None:
                # "året før" the newest period: which period that is, is known only when the data is read.
                params.unhonoured.append(Unhonoured(params.year_before, "perioden skal angives, fx periode: \"2024K1\"", True))
            elif params.year_before and params.period is not None and _not_begun(str(params.period.value), today):
                params.unhonoured.append(Unhonoured(params.year_before, f"{params.period.value} er ikke begyndt på henvendelsens dato", True))
            _add_new(unhonoured, params.unhonoured)
            if any(u.replaces for u in params.unhonoured):
                withheld = True
                withheld_schemes.update(dict.fromkeys(named, _for_place_only(params.unhonoured, part.text)))
                continue  # the figures would count someone else than asked: no confident answer
            answered_schemes.update(named)
            if asks_only_unanswerable:
                continue  # the part asks only for what cannot be answered ("Hvad er satsen …?")
            part_candidates = _Candidates()
            self._add_candidates(part, schemes, part_candidates, analyses, asks_own, source if not named else None)
            for suggestion in part_candidates.ranked():
                candidates.add(suggestion.metric, suggestion.score, suggestion.reason)
                if suggestion.score >= self.threshold:
                    # "i 2022 og i 2023": the same figures for each period asked
                    planned += [
                        (suggestion.metric, replace(params, period=period, more_periods=[], filters=filters, more_origins=[]), suggestion.reason)
                        for period in _periods_of(params) for filters in _groups_of(params)
                    ]
                    earlier = _Earlier(params, self.catalogue.get(suggestion.metric).kind, "som tidligere i spørgsmålet", _scheme_of(suggestion.metric), tuple(_periods_of(params)))
            if not part_candidates.ranked() and not schemes and _HOW_MANY.match(part.text):
                unread.append(part.text)  # "Hvor mange ledige er der i Horsens?": a count of no scheme svarbrev knows
        # "Jeg tænker her på kvinderne. Hvor mange er på kontanthjælp i Vejle?": a group beside the question may be whom it
        # counts — never everyone without a word; beside a question naming its own group of that kind, it is background
        background_unknown += [mark for dimension, mark in groups_beside if dimension not in dimensions_asked]
        if background_unknown:
            _add_new(unhonoured, background_unknown)
            planned = []  # they may narrow whom every part counts: no figures
        ranked = candidates.ranked()
        calls = _join_rankings(_join_sexes(_join_sums(_join_shares(self._calls(planned, unhonoured)))))
        if calls or unhonoured:
            # "Hvor mange …, og hvorfor …?": the figures answer one part; the other is not left unsaid — nor when the
            # other parts are marked ("… den gennemsnitlige sagsbehandlingstid og forklare, hvorfor den er steget?")
            _add_new(unhonoured, [Unhonoured(text.rstrip(" ?."), "besvares ikke med tal; skriv svaret under svar") for text in without_figures])
        if calls:
            _add_new(unhonoured, [Unhonoured(word, OUTSIDE_CATALOGUE) for word in outside])
            # "Hvor mange ledige er der i Horsens? Og hvor mange er på ledighedsydelse?": a count the other parts' figures
            # do not give is said, never left out without a word
            _add_new(unhonoured, [Unhonoured(text.rstrip(" ?."), _PART_UNREAD) for text in unread])
        chosen = tuple(dict.fromkeys(call.metric_id for call in calls))
        return MappingResult(chosen, ranked, tuple(p.text for p in parts), tuple(notes), calls, tuple(unhonoured))

    def _not_understood(self, part: _Part, schemes: dict[str, tuple[float, str]], params: Parameters, context: Context) -> list[Unhonoured]:
        """The words of a part that no scheme, cue, parameter or neutral word accounts for."""
        positions: list[int] = []
        special = [cues for metric_id, (cues, _) in self.special.items() if _scheme_of(metric_id) in schemes]
        for cues in (*self.analysis_cues.values(), self.since_last, self.neutral_phrases, *special):
            for hit in find_phrases(cues, part.stems, part.words, part.display, every=True):
                positions.extend(range(hit.start, hit.start + hit.size))
        texts = self.schemes.every_word(part.stems, part.words, part.display) + _parameter_words(params)
        loose = unaccounted(part.words, part.display, positions, texts, self.neutral, context.accepted_lexicon, self.cue_words)
        return [Unhonoured(phrase, "svarbrev kender ikke ordet, så det kan ikke vide, hvad der spørges om", True, unknown=True) for phrase in loose]

    def _followed_up(
        self, part: _Part, named: dict[str, tuple[float, str]], in_question: bool, earlier: _Earlier | None, context: Context
    ) -> _Earlier | None:
        """What a part takes its place, period and group from. A part naming no scheme continues the
        part before it in the same question; an earlier question is taken up only when the part
        refers back to it ("Og i Aarhus?", "Hvor mange af dem …") — and when the part names a
        scheme, only if it is the same one."""
        if not named and in_question:
            return earlier
        if not _refers_back(part):
            return None
        source = earlier if in_question else self._earlier_question(context)
        return source if source is not None and (not named or source.scheme in named) else None

    def _with_year_before(self, part: _Part, params: Parameters, today: datetime.date) -> Parameters:
        """"i år sammenlignet med sidste år", "i 2. kvartal 2024 i forhold til året før": a named period
        and the same period a year earlier. (Without a named period the count's own change says it.)"""
        if params.period is None or params.more_periods:
            return params
        asked = [hit for hit in find_phrases(self.since_last, part.stems, part.words, part.display) if _YEAR_AGO.search(hit.matched)]
        if asked and params.current and params.period.words.casefold() in asked[0].matched.casefold():
            # "nu sammenlignet med sidste år": the newest period and last year, one call each
            return replace(params, period=None, more_periods=[params.period])
        if not asked or params.period.words.casefold() in asked[0].matched.casefold():
            return params  # "end sidste år" alone: last year is the period asked
        named = str(params.period.value)
        if "året før" not in asked[0].matched.casefold() and int(named[:4]) != today.year:
            # "i 2012 sammenlignet med sidste år": last year is the year before the inquiry, not before 2012
            if named.isdigit():
                return replace(params, more_periods=[Setting(str(today.year - 1), asked[0].matched)])
            # "i marts 2012 sammenlignet med sidste år": the same month last year, or the whole year? Not guessed.
            params.unhonoured.append(Unhonoured(asked[0].matched, "sidste år er ikke det år, perioden før ligger i; skriv, hvilken periode der skal sammenlignes med"))
            return params
        return replace(params, more_periods=[Setting(_shifted(named, -1, None), asked[0].matched)])

    def _closing_place(self, question: str, today: datetime.date) -> list[str]:
        """"Hvor mange er på kontanthjælp, og hvor mange er på a-dagpenge, i Odense Kommune?": a place
        set off by a comma at the very end of a question is every part's."""
        closing = re.search(r",\s*((?:i|på)\s+[^,?.!]+?)\s*[?.!]*\s*$", question)
        if closing is None:
            return []
        named = self._places_named(closing.group(1), today)
        return named if len(named) == 1 and len(words(closing.group(1))) <= 4 else []

    def _places_named(self, text: str, today: datetime.date) -> list[str]:
        """The places a sentence names as whose figures are asked (not what they are compared with);
        "På landsplan, hvor mange …" names the country. Remembered: an inquiry's subject is asked for often."""
        key = (text, today)
        if key not in self._places:
            if len(self._places) > 1024:
                self._places.clear()
            self._places[key] = self._places_in(self.parameters.read(text, today))
        return list(self._places[key])

    def _places_closing_parallel_parts(self, parts: list[_Part], today: datetime.date) -> dict[int, list[Setting]]:
        """For a question part naming a scheme but no place, the places of the next part of the same sentence when
        that part names a scheme of its own and places (parallel clauses share the place that closes them); a part
        naming no scheme ("…, og hvordan er det i Næstved?") asks about another place instead."""
        shared: dict[int, list[Setting]] = {}
        if sum(part.is_question for part in parts) < 2:
            return shared
        readings = [
            (part, self.schemes.find(part.stems, part.words, part.display), self.parameters.read(part.text, today) if part.is_question else None)
            for part in parts
        ]
        for index, ((part, named, read), (_, following_named, following_read)) in enumerate(itertools.pairwise(readings)):
            if read is None or following_read is None or not named or not following_named or part.text.rstrip().endswith("?"):
                continue
            if _names_place(read) or not _names_place(following_read) or following_read.compared:
                continue
            shared[index] = [replace(s, words=f"{s.words} (senere i spørgsmålet)") for s in following_read.areas]
        return shared

    def _places_in(self, read: Parameters) -> list[str]:
        """The places a reading names as whose figures are asked (not those compared with)."""
        compared = {s.value for s in read.compared}
        national = [self.parameters.registry.national] if read.national and not read.compared else []
        return [str(s.value) for s in read.areas if s.value not in compared] + national

    def _in_inquiry_place(self, params: Parameters, context: Context, earlier_in_question: Sequence[str] = ()) -> Parameters:
        """A question that names no place is about the inquiry's place: a place named earlier in the
        question ("Jeg har talt med en borger på Bornholm. Hvor mange … derovre?"), else the place of
        the question before it, else the one the subject or the first question names. Where that
        cannot be told (several places), the question is marked rather than given København's figures."""
        named = list(dict.fromkeys(earlier_in_question))
        places, where = (named, "som tidligere i spørgsmålet") if named else self._inquiry_place(context)
        if where == _PLACE_UNKNOWN_BEFORE:
            params.unhonoured.append(Unhonoured("intet sted", "spørgsmålet nævner intet sted, og stedet i spørgsmålet før kunne ikke afgøres; skriv, hvilket sted det gælder", True))
            return params
        unknown = None if places else self._unknown_subject_place(context)
        if unknown is not None:
            params.unhonoured.append(Unhonoured(unknown, "spørgsmålet nævner intet sted, og henvendelsens emne nævner et sted, svarbrev ikke kender; skriv, hvilket sted det gælder", True))
            return params
        if len(places) > 1:
            listed = f"{', '.join(places[:-1])} og {places[-1]} {where}"
            params.unhonoured.append(Unhonoured("intet sted", f"spørgsmålet nævner intet sted, og henvendelsen nævner flere ({listed}); skriv, hvilket sted det gælder", True))
        elif places and places[0] != self.home:
            params = replace(params, areas=[Setting(places[0], f"{places[0]}, {where}"), *params.areas])
        return params

    def _with_every_place(self, params: Parameters, context: Context, earlier_in_question: Sequence[str]) -> Parameters:
        """"Hvor mange er det i de to kommuner tilsammen?": every place the inquiry has named so far
        (the subject, the earlier questions, this question), when the part names none itself."""
        if not params.both_places or params.areas:
            return params
        today = context.date or datetime.date.today()
        texts = (context.subject, *context.previous)
        every = list(dict.fromkeys([*(place for text in texts for place in self._places_named(text, today)), *earlier_in_question]))
        if len(every) < 2:
            # "de to kommuner" with fewer places named anywhere: which ones is not known — never the home's figure
            return replace(params, unhonoured=[*params.unhonoured, Unhonoured(params.both_places, "henvendelsen nævner ikke de steder, spørgsmålet henviser til; nævn dem", True)])
        return replace(params, areas=[Setting(place, f"{params.both_places}: {', '.join(every)}") for place in every])

    def _earlier_questions(self, context: Context) -> Iterator[tuple[int, str, MappingResult]]:
        """The inquiry's earlier questions, the latest first: (index, text, how it was read in its own context)."""
        for index in range(len(context.previous) - 1, -1, -1):
            text = context.previous[index]
            yield index, text, self.match(text, replace(context, previous=context.previous[:index]))

    def _inquiry_place(self, context: Context) -> tuple[list[str], str]:
        """The places the inquiry is about so far, and where they were named ("som i spørgsmål 1")."""
        for index, text, mapped in self._earlier_questions(context):
            if mapped.calls:
                areas = list(mapped.calls[0].areas) or [self.home]
                if self.parameters.read(text, context.date or datetime.date.today()).marker:
                    areas = areas[:1]  # a place the question only compared with is not the inquiry's
                return areas, f"som i spørgsmål {index + 1}"
            if any(u.replaces and _ABOUT_PLACES.search(u.reason) for u in mapped.unhonoured):
                # "Hvad med i nabokommunerne? — Og hvor mange er på ledighedsydelse der?": "der" is the place that
                # could not be told, not the one named before it
                return [], _PLACE_UNKNOWN_BEFORE
        for text, where in ((context.subject, "som i henvendelsens emne"), *((q, "som i spørgsmål 1") for q in context.previous[:1])):
            named = [place for place in self._places_named(text, context.date or datetime.date.today()) if place != self.parameters.registry.national]
            if named:
                return named, where
        return [], ""

    def _unknown_subject_place(self, context: Context) -> str | None:
        """"A-dagpenge i Sønderjylland": a subject naming a place svarbrev does not know (never København in its stead)."""
        unknown = _UNKNOWN_PLACE.search(context.subject)
        if unknown is None or self.parameters.registry.canonical(unknown.group(1)) is not None or words(unknown.group(1))[0] in self.neutral:
            return None  # a known place, or a frame ("… i Borgerrepræsentationen")
        return unknown.group(1)

    def _earlier_question(self, context: Context) -> _Earlier | None:
        """What the nearest earlier question with figures asked: its call's place, period and group."""
        for index, _, mapped in self._earlier_questions(context):
            if mapped.calls:
                call = mapped.calls[-1]
                kind = self.catalogue.get(call.metric_id).kind
                where = f"som i spørgsmål {index + 1}"
                asked = dict.fromkeys(c.period for c in mapped.calls if c.metric_id == call.metric_id)
                periods = tuple(Setting(period, where) if period else None for period in asked)
                params = _parameters_of(call, self.home)
                # "… hhv. indvandrere og efterkommere? Og i Aarhus?": every group asked before, a call each
                origins = dict.fromkeys(c.filter_map.get("herkomst") for c in mapped.calls if c.metric_id == call.metric_id)
                if len(origins) > 1 and None not in origins:
                    first, *rest = [Setting(origin, where) for origin in origins if origin]
                    params = replace(params, filters={**params.filters, "herkomst": first}, more_origins=rest)
                return _Earlier(params, kind, where, _scheme_of(call.metric_id), periods)
        return None

    def _analyses_with(self, params: Parameters, analyses: dict[str, tuple[float, str]]) -> dict[str, tuple[float, str]]:
        """The analyses once the parameters are known: a span asks for a development, an area
        after "sammenlignet med" for a comparison, and a development compared with other areas
        is one development, not two answers."""
        analyses = dict(analyses)
        if params.start is not None and params.end is not None and "udvikling" not in analyses:
            analyses = {"udvikling": (ANALYSIS_STRONG, f"»{params.start.words}«")}
        elif params.start is not None and analyses.get("udvikling", (0.0, ""))[0] < ANALYSIS_STRONG:
            analyses.pop("antal", None)
            analyses["udvikling"] = (ANALYSIS_STRONG, f"»{params.start.words}«")
        developing = analyses.get("udvikling", (0.0, ""))[0] >= ANALYSIS_STRONG
        if params.share_of and (params.filters or params.whole_population or _share_of_groups(params)) and not (params.compared or params.other_regions):
            if developing:  # "Hvordan har andelen af indvandrerne … udviklet sig": a series of counts; the share is marked
                return {"udvikling": analyses["udvikling"]}
            if "alle" not in analyses or analyses["alle"][0] < ANALYSIS_STRONG:
                # "Hvor stor en andel af … er kvinder": the count of the group is the part that can be answered.
                return {"antal": (ANALYSIS_STRONG, f"»{params.share_of}«")}
        relative = params.per_inhabitants or (params.share_of if not params.filters else None)
        if (params.compared or params.other_regions or relative) and not developing:
            # A figure relative to others or to the population is the comparison's, not a bare count;
            # a development hinted at only weakly (a year) is the comparison's period, not a series.
            analyses.pop("antal", None)
            analyses.pop("udvikling", None)
            analyses["sammenligning"] = (ANALYSIS_STRONG, f"»{params.marker or relative}«")
        if developing and "sammenligning" in analyses and (params.compared or params.national or len(params.areas) > 1):
            analyses.pop("sammenligning")
        registry = self.parameters.registry
        if "alle" in analyses and len(params.areas) > 1 and _EACH_MUNICIPALITY.search(analyses["alle"][1]) and all(
            registry.get(str(setting.value)).kind == "kommune" for setting in params.areas if str(setting.value) in registry
        ):
            # "i Aalborg og Aarhus, opgjort for hver kommune": each of the municipalities named, not a ranking of all 98
            analyses.pop("alle")
            analyses.setdefault("antal", (ANALYSIS_STRONG, f"»{params.areas[0].words}«"))
        if analyses.get("alle", (0.0, ""))[0] >= ANALYSIS_STRONG and not developing:
            # "Hvilken kommune har flest … i forhold til arbejdsstyrken": the ranking is the answer, and what
            # it ranks by (share, per inhabitant) is its parameter, not a comparison of its own.
            return {"alle": analyses["alle"]}
        return analyses

    @staticmethod
    def _analyses_inherited(part: _Part, analyses: dict[str, tuple[float, str]], source: _Earlier) -> dict[str, tuple[float, str]]:
        """"Og i Aarhus?" and "den samme opgørelse for Frederiksberg" ask what was asked before."""
        other_strong = any(score >= ANALYSIS_STRONG for kind, (score, _) in analyses.items() if kind != "antal")
        if ("samme" in part.words and not other_strong) or all(score <= ANALYSIS_WEAK for score, _ in analyses.values()):
            return {source.kind: (ANALYSIS_FROM_PARAMETERS, f"samme analyse {source.where}")}
        return analyses

    # -- parameters -------------------------------------------------------------------------

    def _calls(self, planned: list[tuple[str, Parameters, str]], unhonoured: list[Unhonoured]) -> tuple[MetricCall, ...]:
        """One call per chosen metric and part, with the parameters its analysis honours; a
        parameter the analysis cannot honour is reported, never dropped."""
        calls: dict[MetricCall, None] = {}
        for metric_id, params, reason in planned:
            metric = self.catalogue.get(metric_id)
            values, why = self._call_values(metric.kind, params)
            if metric.answers != ("antal",) and metric.kind not in ("sammenligning", "udvikling"):  # awards: places side by side
                self._areas_side_by_side(params, values, why, unhonoured)
                if params.per_year and "periode" not in values:  # "hvor mange får tilkendt … om året": the last whole year
                    values["periode"], why["periode"] = params.per_year.value, params.per_year.words
            if not self._dimensions_of_other_tables(metric, values, why, unhonoured):
                continue  # a group this scheme's data does not have: no figures for everyone instead
            if "andel_af_ordningen" in values and len(params.filters) > 1:
                # "… aktivitetsparate? Hvor mange procent af dem er indvandrere?": a share of a group within a group is
                # not everyone in the scheme; the count of both is given, the share marked
                values.pop("andel_af_ordningen")
                unhonoured.append(Unhonoured(why.pop("andel_af_ordningen"), "andelen beregnes kun for én gruppe af alle i ordningen"))
            refused = [key for key in values if key not in metric.accepts]
            for key in refused:
                words = why.get(key, key)
                if words.startswith(INHERITED):
                    values.pop(key)  # asked before (a table, a span); this part asks for something else
                    continue
                if metric.kind == "kommunen_som_arbejdsgiver" and key == "område":
                    # another municipality's own employees are not in the data: no figures for København's instead
                    unhonoured.append(Unhonoured(words, f"{metric_id} gælder kun {self.home}s egne ansatte", True))
                    break
                if key in FILTERS:
                    # "kvinder" in awards, which are not split by sex: everyone's figure would answer for the women
                    unhonoured.append(Unhonoured(words, f"{metric_id} er ikke opdelt på {key}", True))
                    break
                if words not in [u.text for u in unhonoured]:
                    unhonoured.append(Unhonoured(words, f"{metric_id} kan ikke vise {key}"))
                values.pop(key)
            if _MONTH_PERIOD.match(str(values.get("periode", ""))) and "måned" not in metric.period_units:
                unhonoured.append(Unhonoured(why.get("periode", str(values["periode"])), f"{metric_id} opgøres ikke pr. måned", True))
                continue
            if any(key in values for key in refused):
                continue  # a refusal that changes who is counted: this call is not made
            reasons = (reason, *(f"»{why[key]}« → {key} {_shown(values[key])}" for key in values if key in why), *params.readings)
            try:
                calls.setdefault(replace(build_call(metric_id, values), reasons=reasons))
            except CallError as error:  # e.g. "fra 2023 til 2019": said, not dropped
                unhonoured.append(Unhonoured(why.get(error.key, error.key), error.message))
        return tuple(calls)

    def _call_values(self, kind: str, params: Parameters) -> tuple[dict[str, object], dict[str, str]]:
        """The parameters of a call for one analysis kind, and the words behind each."""
        values: dict[str, object] = {}
        why: dict[str, str] = {}
        if kind == "alle":
            self._ranking(params, values, why)
            return values, why
        if kind in ("sammenligning", "udvikling"):
            self._compared_areas(kind, params, values, why)
        elif kind == "kommunen_som_arbejdsgiver":
            others = [s for s in params.areas if s.value != self.home] + ([Setting(self.parameters.registry.national, params.national)] if params.national else [])
            if others:  # the metric is København's own employees; another place is refused, never answered with them
                values["område"], why["område"] = _values(others), _words(others)
        else:
            areas = list(params.areas) if any(s.value != self.home for s in params.areas) or params.national else []
            if params.national:
                areas.append(Setting(self.parameters.registry.national, params.national))
            if areas:
                values["område"], why["område"] = _values(areas), _words(areas)
        for key, setting in (("periode", params.period), ("fra", params.start), ("til", params.end)):
            if setting is not None and kind != "kommunen_som_arbejdsgiver":
                values[key], why[key] = setting.value, setting.words
        if params.breakdown:
            values["opdeling"] = _values(params.breakdown)
            why["opdeling"] = _words(params.breakdown)
        for key, setting in params.filters.items():
            values[key], why[key] = setting.value, setting.words
        if params.per_inhabitants and kind == "sammenligning":
            values["pr_indbyggere"], why["pr_indbyggere"] = YES, params.per_inhabitants
        if params.share_of and params.filters and kind == "antal":
            # "hvor mange procent af kontanthjælpsmodtagerne er indvandrere": the group's share of the scheme (a
            # share of the group's own population is read before a call is made)
            values["andel_af_ordningen"], why["andel_af_ordningen"] = YES, params.share_of
        if params.share_of_population and kind == "antal":
            values["andel_af_befolkningen"], why["andel_af_befolkningen"] = YES, params.share_of_population
        if params.combined and len(params.areas) + bool(params.national) > 1:
            # "i Roskilde, Køge og Greve tilsammen": a sum row where the analysis has one, else marked
            values["tilsammen"], why["tilsammen"] = YES, params.combined
        return values, why

    @staticmethod
    def _dimensions_of_other_tables(metric: Metric, values: dict[str, object], why: dict[str, str], unhonoured: list[Unhonoured]) -> bool:
        """"aktivitetsparate sygedagpengemodtagere": a dimension only some tables have (visitation) is refused for
        the others — as a filter it changes who is counted (marked; False: no call), as a breakdown it is dropped and marked."""
        for spec in load_dimensions().specs.values():
            if spec.tables is None or set(metric.tables) & set(spec.tables):
                continue
            reason = f"{metric.id} er ikke opdelt på {spec.name}; det er kun " + ", ".join(spec.tables)
            if spec.key in values:
                if why.get(spec.key) not in [u.text for u in unhonoured]:
                    unhonoured.append(Unhonoured(why.get(spec.key, spec.key), reason, True))
                return False
            breakdown = values.get("opdeling")
            if isinstance(breakdown, list) and spec.key in breakdown:
                unhonoured.append(Unhonoured(why.get("opdeling", "opdeling"), reason))
                values["opdeling"] = [key for key in breakdown if key != spec.key] or None
                if values["opdeling"] is None:
                    values.pop("opdeling")
        return True

    def _areas_side_by_side(self, params: Parameters, values: dict[str, object], why: dict[str, str], unhonoured: list[Unhonoured]) -> None:
        """A metric that answers a comparison by showing the places side by side (awards): the place
        asked about first, then those it is compared with, all under `område`."""
        if params.per_inhabitants:  # refused by the metric, so marked: a count is no rate
            values["pr_indbyggere"], why["pr_indbyggere"] = YES, params.per_inhabitants
        compared: dict[str, object] = {}
        compared_why: dict[str, str] = {}
        if not (params.compared or params.marker or params.other_regions):
            return  # "på landsplan i 2011": the country's awards, not the home's beside them
        self._compared_areas("sammenligning", params, compared, compared_why)
        if "sammenlign_med" not in compared and not params.compared and not params.national:
            if params.marker and _names_group(params):  # "sammenlignet med de andre storbyer": which ones, is not said
                unhonoured.append(Unhonoured(params.marker, "nævn de kommuner, tallene skal stå ved siden af"))
            return
        first = compared.get("område", [self.home])
        others = compared.get("sammenlign_med", [])
        areas = list(dict.fromkeys([*(first if isinstance(first, list) else [first]), *(others if isinstance(others, list) else [others])]))
        values["område"] = areas
        why["område"] = " ".join(w for w in (compared_why.get("område", ""), compared_why.get("sammenlign_med", "")) if w)

    def _ranking(self, params: Parameters, values: dict[str, object], why: dict[str, str]) -> None:
        """Every municipality (or region) ranked: the area named is the one whose place is said; what
        it ranks by follows the words (per inhabitant, share, full-time persons; else the count)."""
        named = [s for s in params.areas if s.value != self.home]
        if named:
            values["område"], why["område"] = _values(named), _words(named)
        if params.period is not None:
            values["periode"], why["periode"] = params.period.value, params.period.words
        for key, setting in params.filters.items():
            values[key], why[key] = setting.value, setting.words
        ranked_by = next(((value, words) for value, words in (("pr_indbyggere", params.per_inhabitants), ("andel", params.share_words), ("fuldtidspersoner", params.full_time_words)) if words), None)
        if ranked_by is not None:
            values["sorter"], why["sorter"] = ranked_by
        if params.regions_words:
            values["niveau"], why["niveau"] = "regioner", params.regions_words
        if params.breakdown:
            values["opdeling"], why["opdeling"] = _values(params.breakdown), _words(params.breakdown)  # refused: a ranking has no breakdown
        span = params.start or params.end
        if span is not None:
            values["fra"], why["fra"] = span.value, span.words  # refused by the analysis: a ranking is no series

    def _compared_areas(self, kind: str, params: Parameters, values: dict[str, object], why: dict[str, str]) -> None:
        """Focus area and sammenlign_med: what stands after "sammenlignet med" is compared with."""
        national = self.parameters.registry.national
        compared = list(params.compared)
        focus = [s for s in params.areas if s not in compared and s.value != self.home]
        if not compared and not params.other_regions:
            if focus and params.home_named:
                compared, focus = focus, []
            if params.national and (kind == "udvikling" or not compared):
                compared.append(Setting(national, params.national))
            if kind == "udvikling" and not focus and not params.home_named and params.national and compared == [Setting(national, params.national)]:
                focus, compared = compared, []  # "udviklet sig på landsplan": the country's own series
        chosen = focus[0].value if focus else None
        if kind == "udvikling" and len(focus) > 1 and not (params.compared or params.other_regions):
            # "udviklet sig i Odense og Aarhus": both series, side by side
            values["område"], why["område"] = _values(focus), _words(focus)
        elif focus:
            values["område"], why["område"] = [chosen], focus[0].words
            compared = [*focus[1:], *compared]
        if params.other_regions:
            regions = [a.name for a in self.parameters.registry.areas.values() if a.kind == "region" and a.name != chosen]
            compared += [Setting(name, params.marker or "andre regioner") for name in regions]
        compare = list(dict.fromkeys(s.value for s in compared if s.value != chosen))
        if kind == "sammenligning" and _names_group(params) and set(compare) <= {national}:
            compare = []  # "de øvrige 6-byer og hele landet" is the comparison's default
        if compare and (kind == "udvikling" or params.compared or params.other_regions or not _names_group(params)):
            values["sammenlign_med"], why["sammenlign_med"] = compare, _words(compared)

    # -- evidence ---------------------------------------------------------------------------

    def _subject_withheld(
        self, schemes: dict[str, tuple[float, str]], withheld: dict[str, bool], params: Parameters, context: Context
    ) -> str | None:
        """Why a part naming no scheme gets no figures, if it takes its scheme from a part or question that got none.
        A part naming its own place replaces a place the data lacks ("… på Vestegnen?" — "Og i Hvidovre?")."""
        scores = {score for score, _ in schemes.values()}
        own_place = _names_place(params)
        in_withheld_part = scores == {SCHEME_FROM_QUESTION} and set(schemes) <= set(withheld)
        if in_withheld_part and not (own_place and all(withheld[scheme] for scheme in schemes)):
            return _BUILDS_ON_WITHHELD
        if scores == {SCHEME_FROM_EARLIER} and self._earlier_question_withheld(set(schemes), own_place, context, bool(params.filters)):
            return "spørgsmålet bygger på et tidligere spørgsmål, der ikke kunne besvares"
        return None

    def _earlier_question_withheld(self, schemes: set[str], own_place: bool, context: Context, own_group: bool = False) -> bool:
        """Whether the latest earlier question about these schemes got no figures for them
        ("Hvor mange østeuropæiske dagpengemodtagere …?" [marked] — "Hvordan har det udviklet sig?"), or a follow-up
        after it narrowed it to a group and got none ("… i Gellerup? — Og hvor mange af dem er under 30? — Hvad så i hele
        Aarhus Kommune?": the group may be whom the last one asks about)."""
        for _, text, earlier in self._earlier_questions(context):
            if {_scheme_of(call.metric_id) for call in earlier.calls} & schemes:
                return False
            if not self.schemes.find(*self._stems_and_words(text)):
                if not earlier.calls and not own_group and self.parameters.read(text, context.date or datetime.date.today()).filters:
                    return True
                continue
            replacing = [u for u in earlier.unhonoured if u.replaces]
            return bool(replacing) and not (own_place and _for_place_only(replacing, text))
        return False

    def _schemes_for(
        self, named: dict[str, tuple[float, str]], in_question: list[tuple[str, str]], context: Context, both: bool = False
    ) -> dict[str, tuple[float, str]]:
        """The schemes a part is about: named in it, or else taken from what came before (all of them
        when the part asks for `both`: "begge dele", "begge ordninger")."""
        if named:
            return {scheme: (score, f"»{word}« → {scheme}") for scheme, (score, word) in named.items()}
        if in_question:
            # "… og hvordan har de to grupper udviklet sig?": every scheme named so far.
            return {scheme: (SCHEME_FROM_QUESTION, f"ordningen fra samme spørgsmål (»{word}«) → {scheme}") for scheme, word in in_question}
        if both:
            # "Hvordan har begge dele udviklet sig?": every scheme the subject or the earlier questions named
            every: dict[str, tuple[float, str]] = {}
            for number, text in enumerate(context.previous, start=1):
                for scheme, (_, word) in self.schemes.find(*self._stems_and_words(text)).items():
                    every.setdefault(scheme, (SCHEME_FROM_EARLIER, f"ordningen fra spørgsmål {number} (»{word}«) → {scheme}"))
            for scheme in self.schemes.find(*self._stems_and_words(context.subject)):
                every.setdefault(scheme, (SCHEME_FROM_SUBJECT, f"emnet »{context.subject}« → {scheme}"))
            if len(every) > 1:
                return every
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
        ago = _years_ago(part.words)
        if ago is not None and not (set(part.words) & (self.change_words | _COMPARATIVES) - {"siden"}):
            stems[ago : ago + 4] = [""] * 4  # "Hvor mange var der for to år siden?": a period, not a series
        scores: dict[str, tuple[float, str]] = {}
        if recent:
            scores["antal"] = (ANALYSIS_STRONG, f"»{recent[0].matched}«")
        for kind, cues in self.analysis_cues.items():
            found = find_phrases(cues, stems, part.words, part.display)
            if recent and kind == "udvikling":
                found = [f for f in found if f.cue.text not in self.change_words]
            if kind == "udvikling":
                # A year hints at a development; two years ("i 2008 og i 2024") are not a series by themselves.
                found += [Found(Cue("årstal", (), weak=True), w) for w in part.words if _YEAR.match(w)][:1]
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
        if set(scores) == {"udvikling"} and any(scores["udvikling"][1] == f"»{w}«" for w in part.words if _YEAR.match(w)):
            # "førtidspension Bornholm 2013?": a year and nothing else asks for that year, not a series from it
            return {"antal": (ANALYSIS_ASSUMED, f"et årstal alene ({scores['udvikling'][1]}) er perioden; antal antages")}
        if scores:
            best = max(hit[0] for hit in scores.values())
            return {kind: hit for kind, hit in scores.items() if hit[0] == best}
        return {"antal": (ANALYSIS_ASSUMED, "intet ord om analysen; antal antages")}

    def _share_of_a_population(self, text: str, params: Parameters, today: datetime.date) -> bool:
        """Whether a share is of a population: of a group's own ("af indvandrerne") or of everyone aged 16-66
        ("af befolkningen") — not of everyone in the scheme."""
        assert params.share_of is not None
        if params.whole_population or _share_of_groups(params):
            return True  # "andel af befolkningen", "andel af henholdsvis kvinderne og mændene"
        return bool(params.filters) and not self._share_of_the_scheme(text, params.share_of, today)

    def _of_the_whole_scheme(self, text: str, share_words: str) -> bool:
        """Whether the whole of a share is everyone in a scheme, named after "af" ("procent af alle
        kontanthjælpsmodtagere", "andel af dem i fleksjob")."""
        after = text[text.casefold().find(share_words.casefold()) + len(share_words):]
        whole = re.match(r"\s+af\s+(.*)", after, re.DOTALL)
        if whole is None:
            return False
        noun = " ".join(list(itertools.takewhile(lambda word: word.casefold().strip(",") not in _VERBS_AND_PREPOSITIONS - {"i", "på"}, whole.group(1).split()))[:5])
        return bool(self.schemes.find(*self._stems_and_words(noun)))

    def _unknown_whole(self, text: str, share_words: str, today: datetime.date) -> str | None:
        """The words of a share's whole when it is none the data counts ("procent af alle ledige"); None for the labour
        force, the population or its inhabitants, a scheme, a group, or words pointing back ("af dem")."""
        start = text.casefold().find(share_words.casefold()) + len(share_words)
        whole = re.match(r"\s+(?:ud\s+)?(?:af|blandt)\s+(.*)", text[start:], re.DOTALL)
        if whole is None:
            return None
        written = whole.group(1).split()
        words = list(itertools.takewhile(lambda word: word.casefold().strip(",.?") not in _VERBS_AND_PREPOSITIONS, written))[:4]
        folded = [word.casefold().strip(",.?") for word in words]
        if not folded:
            return None
        noun = " ".join(word for word in folded if word not in _WHOLE_DETERMINERS)
        if not noun or noun.split()[0] in _WHOLE_POINTERS or any(word.startswith(_KNOWN_WHOLES) for word in noun.split()):
            return None
        qualified = itertools.takewhile(lambda word: word.casefold().strip(",.?") not in _VERBS_AND_PREPOSITIONS - {"i", "på"}, written)
        if self.schemes.find(*self._stems_and_words(" ".join(list(qualified)[:6]))):
            return None  # "af kontanthjælpsmodtagerne", "af de ledige på a-dagpenge": everyone on a scheme
        read = self.parameters.read(noun, today)
        if read.areas or read.filters or read.breakdown or read.whole_population or read.national:
            return None  # "af københavnerne", "af de unge", "af henholdsvis kvinderne og mændene", "af de 16-66-årige", "af hele landet"
        return (text[start : start + whole.start(1)] + " ".join(words)).strip()  # "af alle ledige"

    def _group_asked_before(self, schemes: set[str], earlier: _Earlier | None, context: Context) -> dict[str, Setting] | None:
        """The group (filters) the latest earlier part or question counted in one of these schemes, if any."""
        if earlier is not None and earlier.scheme in schemes:
            return {key: replace(setting, words=earlier.where) for key, setting in earlier.params.filters.items()} or None
        for index, _, result in self._earlier_questions(context):
            calls = [call for call in result.calls if _scheme_of(call.metric_id) in schemes]
            if calls:
                return {key: Setting(value, f"som i spørgsmål {index + 1}") for key, value in calls[-1].filters} or None
        return None

    def _share_of_the_scheme(self, text: str, share_words: str, today: datetime.date) -> bool:
        """Whether "hvor mange procent af …" is of everyone in the scheme ("af kontanthjælpsmodtagerne", "af dem,
        der …", "af alle i fleksjob") — not of a group of people ("af indvandrerne", "af de unge under 30"), whose
        population is not in the data."""
        after = text[text.casefold().find(share_words.casefold()) + len(share_words):]
        whole = re.match(r"\s+af\s+(.*)", after, re.DOTALL) or re.search(r"\bblandt\s+(.*)", after, re.DOTALL)
        if whole is None:
            return True  # "Hvor mange procent er kvinder?": of those the question is about
        noun = " ".join(list(itertools.takewhile(lambda word: word.casefold().strip(",") not in _VERBS_AND_PREPOSITIONS, whole.group(1).split()))[:4])
        if self.schemes.find(*self._stems_and_words(noun)):
            return True
        return not self.parameters.read(noun, today).filters  # a group named: its own population

    def _honoured_by_special(
        self, part: _Part, schemes: dict[str, tuple[float, str]], analyses: dict[str, tuple[float, str]], params: Parameters
    ) -> Parameters:
        """"fik tilkendt førtidspension": words no stock can honour are a special metric's own cues
        (foertidspension.tilkendelser) — honoured when the part is about its scheme and asks for an
        analysis it answers; otherwise ("hvordan har tilkendelserne udviklet sig") they stay marked."""
        own: list[str] = []
        for metric_id, (cues, _) in self.special.items():
            metric = self.catalogue.get(metric_id)
            if metric.scheme is None or metric.scheme.id not in schemes:
                continue
            if not set(analyses) <= set(metric.answers):
                strong = [hit.matched for hit in find_phrases(cues, part.stems, part.words, part.display) if not hit.cue.weak]
                if strong and "alle" in analyses:
                    # "Hvilken kommune har flest fleksjobansatte på sine egne arbejdspladser?": no ranking of what only
                    # the special metric counts — never the scheme's own ranking instead
                    params.unhonoured.append(Unhonoured(strong[0], f"{metric_id} kan ikke rangeres", True))
                continue
            hits = find_phrases(cues, part.stems, part.words, part.display, every=True)
            if any(not hit.cue.weak for hit in hits):  # its weak cues only beside a strong one: "nye … tilkendt"
                own += [hit.matched for hit in hits]
        if not own:
            return params
        folded = [clean(words) for words in own]
        kept = [u for u in params.unhonoured if not any(clean(u.text) in words or words in clean(u.text) for words in folded)]
        return replace(params, unhonoured=kept)

    def _followed_special(self, followed: _Earlier | None, scheme: str, kind: str) -> tuple[Metric, str] | None:
        """"Hvor mange fik tilkendt førtidspension …? — Og sammenlignet med Aarhus?": a follow-up naming no scheme
        asks about what the question before it counted, awards included, not the scheme's stock."""
        if followed is None or followed.scheme != scheme:
            return None
        metric_id = f"{scheme}.{followed.kind}"
        if metric_id not in self.special or self.catalogue.get(metric_id).answers == ("antal",):
            return None
        # "… tilkendt førtidspension …? — Og udviklingen siden 2019?": the awards' own series, not the stock's
        family = [metric_id, *sorted(other for other in self.special if other.startswith(metric_id + "_"))]
        answering = next((other for other in family if kind in self.catalogue.get(other).answers), None)
        return (self.catalogue.get(answering), f"{followed.kind} {followed.where}") if answering else None

    def _names_special_metric(self, part: _Part) -> bool:
        return any(
            not hit.cue.weak for cues, _ in self.special.values() for hit in find_phrases(cues, part.stems, part.words, part.display)
        )

    def _special_metric(self, part: _Part, scheme: str, kind: str) -> tuple[Metric, str] | None:
        """A metric beside the usual ones (the municipality as employer, awards) when its cues are there
        and the part asks for an analysis it answers."""
        for metric_id, (cues, counter) in self.special.items():
            metric = self.catalogue.get(metric_id)
            if metric.scheme is None or metric.scheme.id != scheme or kind not in metric.answers:
                continue
            found = find_phrases(cues, part.stems, part.words, part.display)
            if metric.answers != ("antal",) and all(f.cue.weak for f in found):
                continue  # a flow's weak words ("nye") only qualify its own ("tilkendt"): "nye førtidspensionister" is no award
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
        followed: _Earlier | None = None,
    ) -> None:
        for scheme, (scheme_score, scheme_reason) in schemes.items():
            for kind, (kind_score, kind_reason) in analyses.items():
                if with_parameters and kind == "antal" and kind_score < ANALYSIS_FROM_PARAMETERS:
                    kind_score, kind_reason = ANALYSIS_FROM_PARAMETERS, "et sted, en periode eller en gruppe; antal antages"
                metric_id = f"{scheme}.{kind}"
                reason = f"{scheme_reason}; {kind_reason} → {kind}"
                special = self._special_metric(part, scheme, kind) or self._followed_special(followed, scheme, kind)
                if special is not None:
                    metric, why = special
                    metric_id, kind_score, reason = metric.id, max(kind_score, ANALYSIS_STRONG), f"{scheme_reason}; {why}"
                if metric_id in self.catalogue:
                    candidates.add(metric_id, scheme_score + kind_score, reason)


INHERITED = "som "  # how the words of a parameter taken from an earlier question begin


@dataclass(frozen=True)
class _Earlier:
    """The parameters an earlier part or question asked with, for a part that names no scheme."""

    params: Parameters
    kind: str  # the analysis it was answered with
    where: str  # "som i spørgsmål 1", for the reason
    scheme: str  # the scheme it was about
    periods: tuple[Setting | None, ...] = ()  # every period it asked for, when several ("i 2022 og i 2023"); None: the newest


def _years_ago(part_words: Sequence[str]) -> int | None:
    """Where "for N år siden" begins in a part's words, if it does."""
    for index in range(len(part_words) - 3):
        window = part_words[index : index + 4]
        if window[0] == "for" and window[2:] == ["år", "siden"] and (window[1].isdigit() or window[1] in NUMBER_WORDS):
            return index
    return None


def _too_long(question: str) -> MappingResult:
    limit = f"{limits.TEXT_FIELD:,}".replace(",", ".")
    reason = f"spørgsmålet er over {limit} tegn, så svarbrev læser det ikke; del det op"
    return MappingResult((), (), (), (reason,), (), (Unhonoured(question[:60].strip() + " …", reason, True, unknown=True),))


def _scheme_of(metric_id: str) -> str:
    return metric_id.split(".", 1)[0]


_FOLLOW_UP_OPENINGS = {("hvad", "med"), ("hvordan", "med"), ("hvad", "så"), ("end", "hvad")}
_BACK_REFERENCES = frozenset({"dem", "det", "tallet", "tallene", "samme", "disse", "denne", "heraf", "deraf"})


def _refers_back(part: _Part) -> bool:
    """"Og i Aarhus?", "Hvor mange af dem …", "Hvordan har det udviklet sig", "… siden da?": a follow-up, not a new question."""
    opening = tuple(part.words[:2])
    pairs = list(zip(part.words, part.words[1:]))
    since_then = any(a == "siden" and b in ("da", "dengang") for a, b in pairs)
    that_share = any(a in ("den", "denne") and b in ("andel", "procentdel") for a, b in pairs)  # "Hvordan har den andel udviklet sig?"
    return bool(part.words) and (
        part.words[0] in ("og", "men") or opening in _FOLLOW_UP_OPENINGS or not _BACK_REFERENCES.isdisjoint(part.words) or since_then or that_share
    )


def _parameters_of(call: MetricCall, home: str) -> Parameters:
    """An earlier question's call read back as the parameters that produced it."""
    where = "som i det forrige spørgsmål"
    found = Parameters(
        areas=[Setting(area, where) for area in call.areas if area != home],
        period=Setting(call.period, where) if call.period else None,
        start=Setting(call.start, where) if call.start else None,
        end=Setting(call.end, where) if call.end else None,
        breakdown=[Setting(dimension, where) for dimension in call.breakdown],
        filters={key: Setting(value, where) for key, value in call.filters},
        share_of_population=where if call.share_of_population else None,
    )
    return found


def _inherit(params: Parameters, earlier: _Earlier) -> Parameters:
    """A part that names no scheme keeps what the earlier one asked, except what it sets itself:
    "Hvor mange af dem er kvinder?" after "… i Vejle?" is Vejle's women."""
    source = earlier.params
    merged = replace(params, filters=dict(params.filters), breakdown=list(params.breakdown))
    if not (params.areas or params.national or params.compared):
        merged.areas = [replace(s, words=earlier.where) for s in source.areas]
        # the country compared with ("i forhold til landsgennemsnittet") is not the place the next part asks about
        compared_only = any(setting.words == source.national for setting in source.compared)
        merged.national = earlier.where if source.national and not compared_only else None
    if params.since_then and not (params.period or params.start) and source.period is not None:
        # "Hvordan har udviklingen været siden da?": a series from the period asked before
        merged.start = Setting(str(source.period.value), f"{params.since_then} ({earlier.where})")
    elif not (params.period or params.start or params.end or params.current):
        if params.year_before and source.period is not None:
            merged.period = Setting(_shifted(str(source.period.value), params.year_shift, params.shift_month), params.year_before)
        elif not params.year_before and len(earlier.periods) > 1:
            # "… i 2022 og i 2023? Og i Aarhus?": every period asked before, one call each — never one of them
            first, *rest = sorted(earlier.periods, key=lambda period: period is not None)
            merged.period = first and replace(first, words=earlier.where)
            merged.more_periods = [replace(period, words=earlier.where) for period in rest if period is not None]
        elif not params.year_before:
            merged.period = source.period and replace(source.period, words=earlier.where)
            merged.start = source.start and replace(source.start, words=earlier.where)
            merged.end = source.end and replace(source.end, words=earlier.where)
    asked = {str(s.value) for s in params.breakdown}
    for key, setting in source.filters.items():
        if key not in merged.filters and key not in asked:
            merged.filters[key] = replace(setting, words=earlier.where)
    if source.more_origins and "herkomst" not in params.filters and "herkomst" not in asked:
        merged.more_origins = [replace(setting, words=earlier.where) for setting in source.more_origins]
    if source.share_of_population and not params.share_of_population:  # "Og i Brøndby?" after a share of a population
        merged.share_of_population = f"andelen ({earlier.where})"
    if not params.breakdown:
        merged.breakdown = [replace(s, words=earlier.where) for s in source.breakdown if str(s.value) not in params.filters]
    return merged


def _not_begun(period: str, today: datetime.date) -> bool:
    """Whether a period ("2025", "2025K3", "2025-08") begins after the inquiry's date."""
    month = 3 * int(period[5]) - 2 if "K" in period else int(period[5:7]) if "-" in period else 1
    return (int(period[:4]), month) > (today.year, today.month)


def _shifted(period: str, years: int, month: int | None) -> str:
    """"2024K2" a year earlier → "2023K2"; "2024" a year later → "2025"; in January a year earlier → "2023-01"."""
    year = int(period[:4]) + years
    return f"{year}-{month:02d}" if month else f"{year}{period[4:]}"


def _join_shares(calls: tuple[MetricCall, ...]) -> tuple[MetricCall, ...]:
    """"Hvor mange … i Aalborg, og hvor stor en andel af gruppen udgør det?": the count with its share is one answer;
    the bare count beside it would say the same figures twice."""
    def plain(call: MetricCall) -> MetricCall:
        return replace(call, share_of_scheme=False, share_of_population=False, reasons=())

    shared = {plain(call) for call in calls if call.share_of_scheme or call.share_of_population}
    return tuple(call for call in calls if call.share_of_scheme or call.share_of_population or plain(call) not in shared)


# "ikke", "aldrig", "ingen" before what is counted turn it around ("er ikke jobparate", "har ikke modtaget … i mere end et
# halvt år"); the figures count who is, never who is not. Idioms that negate nothing counted are left alone.
_NEGATION = re.compile(r"\b(?:ikke|aldrig|ingen)\b(?:\s+[\w-]+){0,2}", re.IGNORECASE)
_HARMLESS_NEGATION = re.compile(
    r"\bikke\s+mindst\b|\bikke\s+kun\b|\b(?:kan|vil|kunne|ville|må)\s+(?:i|du|man|forvaltningen|administrationen)\s+ikke\b"
    r"|\ber\s+det\s+ikke\s+(?:rigtigt|korrekt|sådan)\b|\bom\s+ikke\s+andet\b|\bhvis\s+ikke\s+(?:andet|muligt)\b|\bikke\s+muligt\b"
    r"|\b(?:jeg|vi)\s+ikke\b|\b(?:kunne|kan|har|havde|ved|vidste|fik|får)\s+(?:jeg|vi)\s+ikke\b"  # about the asker: "det kunne jeg ikke svare på"
    r"|^(?:og\s+)?(?:er|har|var|bliver|blev)\s+(?:[\w-]+\s+){0,4}?ikke\b(?=[^?]*\?\s*$)",  # asking for a yes: "Er der ikke blevet færre?"
    re.IGNORECASE,
)
_NEGATED = "spørgsmålet spørger om dem, der ikke er eller har det nævnte; tallene tæller dem, der er"
# What would, should or could be, not what is: "hvor mange ville så være …", "burde have været", "hvis …, hvor mange vil …"
_HYPOTHETICAL = re.compile(
    r"\b(?:burde|skulle|ville|kunne|vil)\s+(?:det\s+|der\s+|så\s+|de\s+)?(?:have\s+)?(?:været|være|haft|blevet|komme|miste|stige|falde)\b(?!\s+(?:glad|taknemmelig|interesseret|rart|fint|muligt))"
    r"|\bburde\b|\bhvis\b[^?]*\b(?:ville|vil|skulle)\b(?!\s+(?:gerne|høre|vide|spørge|bede))",
    re.IGNORECASE,
)
_HYPOTHETICAL_REASON = "svarbrev viser tal for det, der er, ikke for hvad der ville, vil eller burde være"


def _negated_or_hypothetical(text: str, params: Parameters) -> list[Unhonoured]:
    """A negation outside the words a parameter was read from ("ikke fyldt 25", "ikke medregnet" are read), and a
    hypothetical or what ought to be: marked, with no figures — the figures would count something else."""
    clean = text
    for words_read in sorted(_parameter_words(params), key=len, reverse=True):
        clean = re.sub(re.escape(words_read), lambda hit: " " * len(hit.group(0)), clean, flags=re.IGNORECASE)
    clean = _HARMLESS_NEGATION.sub(lambda hit: " " * len(hit.group(0)), clean)
    negations = [_NEGATION.match(text, hit.start()) for hit in _NEGATION.finditer(clean)]
    marks = [Unhonoured(hit.group(0).strip(), _NEGATED, True) for hit in negations if hit][:1]  # "ikke jobparate", as written
    hypothetical = _HYPOTHETICAL.search(text)
    if hypothetical:
        marks.append(Unhonoured(hypothetical.group(0), _HYPOTHETICAL_REASON, True))
    return marks


def _join_sums(calls: tuple[MetricCall, ...]) -> tuple[MetricCall, ...]:
    """"… i Gentofte, Lyngby og Rudersdal? Jeg vil gerne se tallene både hver for sig og samlet.": the table with the
    sum row holds each place's figures too; the same table without it beside would say them twice."""
    summed = {replace(call, combined=False, reasons=()) for call in calls if call.combined}
    return tuple(call for call in calls if call.combined or replace(call, reasons=()) not in summed)


def _join_sexes(calls: tuple[MetricCall, ...]) -> tuple[MetricCall, ...]:
    """"Hvor mange kvinder …, og hvor mange mænd?" is one table by køn, not two answers."""
    out: list[MetricCall] = []
    for call in calls:
        sex = call.filter_map.get("køn")
        twin = next((c for c in out if sex and {sex, c.filter_map.get("køn")} == {"Kvinder", "Mænd"} and _without_sex(c) == _without_sex(call)), None)
        if twin is None:
            out.append(call)
            continue
        joined = replace(_without_sex(call), breakdown=tuple(sorted({*call.breakdown, "køn"}, key=DIMENSION_ORDER.index)), reasons=twin.reasons + call.reasons[1:])
        out[out.index(twin)] = joined
    return tuple(out)


def _join_rankings(calls: tuple[MetricCall, ...]) -> tuple[MetricCall, ...]:
    """"Hvilken kommune har den største andel …, og hvor ligger Odense?" asks one ranking twice: who is first,
    and where Odense stands. Rankings of one metric that differ only in what one of them leaves unset are one call."""
    out: list[MetricCall] = []
    for call in calls:
        for position, earlier in enumerate(out):
            joined = _merged(earlier, call) if earlier.metric_id == call.metric_id and call.metric_id.endswith(".alle") else None
            if joined is not None:
                out[position] = joined
                break
        else:
            out.append(call)
    return tuple(out)


def _merged(first: MetricCall, second: MetricCall) -> MetricCall | None:
    """The two calls as one, when no parameter is set differently in both; None otherwise."""
    values = {}
    for name in ("areas", "period", "filters", "ranked_by", "level"):
        a, b = getattr(first, name), getattr(second, name)
        if a and b and a != b:
            return None
        values[name] = a or b
    return replace(first, **values, reasons=first.reasons + second.reasons[1:])


def _without_sex(call: MetricCall) -> MetricCall:
    return replace(call, filters=tuple((k, v) for k, v in call.filters if k != "køn"))


def _add_new(found: list[Unhonoured], more: Iterable[Unhonoured]) -> None:
    found.extend(u for u in more if u.text not in [v.text for v in found])


def _values(settings: Iterable[Setting]) -> list[str]:
    return list(dict.fromkeys(str(s.value) for s in settings))


def _words(settings: Iterable[Setting]) -> str:
    return ", ".join(dict.fromkeys(s.words for s in settings))


def _names_group(params: Parameters) -> bool:
    """Whether the question compares with a group (the 6-byer), which the default already is."""
    return params.group is not None


def _shown(value: object) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _outside_catalogue(part: _Part, hit: Found) -> Unhonoured:
    """A scheme or subject the catalogue does not cover, beside one it does: "førtidspension og
    efterløn" answers the one and marks the other; "… der har været i virksomhedspraktik" counts
    someone else, so the part gets no figures."""
    before = part.words[hit.start - 1] if hit.start > 0 else ""
    beside = before in ("og", "eller", "samt") or part.words[hit.start + hit.size : hit.start + hit.size + 1] in (["og"], ["eller"])
    return Unhonoured(hit.matched, OUTSIDE_CATALOGUE, replaces=not beside)


def _parameter_words(params: Parameters) -> list[str]:
    """Every stretch of the question a parameter was read from, and the phrases it cannot honour."""
    settings = [*params.areas, *params.compared, *params.breakdown, *params.filters.values(), params.period, *params.more_periods, *params.more_origins, params.start, params.end]
    texts = [s.words for s in settings if s is not None]
    phrases: list[str | None] = [
        params.home_named, params.national, params.marker, params.per_inhabitants, params.share_of, params.share_of_population,
        params.whole_population, params.group,
        params.current, params.year_before, params.other_regions, params.combined, params.both_places, params.since_then,
    ]
    return texts + [text for text in phrases if text] + params.recognised + [u.text for u in params.unhonoured]


def _read_population_share(params: Parameters, analyses: dict[str, tuple[float, str]]) -> tuple[Parameters, dict[str, tuple[float, str]]]:
    """"hvor stor en andel af indvandrerne er på kontanthjælp": a share of a population (FOLK1E) — the parameter, or
    the share marked with the count as the partial answer when FOLK1E cannot give it."""
    share_words = params.share_of
    assert share_words is not None
    if "sammenligning" in analyses and params.compared and "udvikling" not in analyses:
        # "… af befolkningen i Odense sammenlignet med Svendborg": the places side by side with their shares (or
        # counts; the caller puts them side by side once the place compared is known), never the comparison's share
        # of the labour force in place of the share asked
        analyses = {"antal": analyses["sammenligning"]}
    problem = _population_share_problem(params, analyses)
    if problem is None:
        return replace(params, share_of=None, share_of_population=share_words), analyses
    params.unhonoured.append(Unhonoured(share_words, problem))
    # the count is the partial answer (a ranking by count, not by the share of the labour force)
    return replace(params, share_of=None, share_words=None if "alle" in analyses else params.share_words), analyses


def _inherited_population_share(params: Parameters, analyses: dict[str, tuple[float, str]]) -> tuple[Parameters, dict[str, tuple[float, str]]]:
    """A follow-up to a share of a population ("Og i Brøndby?") asks for the same share; "Hvordan har den andel
    udviklet sig?" for a series of counts, the share marked (the share's words ask no comparison of their own)."""
    if "udvikling" in analyses and analyses["udvikling"][0] >= ANALYSIS_STRONG:
        analyses = {"udvikling": analyses["udvikling"]}
    problem = _population_share_problem(params, analyses)
    if problem is None:
        analyses.pop("sammenligning", None)
        return params, analyses or {"antal": (ANALYSIS_STRONG, params.share_of_population or "")}
    params.unhonoured.append(Unhonoured(params.share_words or str(params.share_of_population), problem))
    return replace(params, share_of_population=None, share_words=None), analyses


def _share_of_groups(params: Parameters) -> bool:
    """Whether a share is of groups broken down ("hvor stor en andel af kvinderne og mændene"): the groups' own
    populations, one at a time."""
    return bool(params.share_of and params.breakdown) and not params.filters


def _population_share_problem(params: Parameters, analyses: dict[str, tuple[float, str]]) -> str | None:
    """Why a share of a population cannot be given for this part (FOLK1E holds one group at a time), or None."""
    groups = [key for key in params.filters if key in POPULATION_GROUPS]
    if "udvikling" in analyses:
        return "en udvikling i andelen af befolkningen beregnes ikke; tallene viser antallet år for år"
    if "alle" in analyses:
        return "en rangliste efter andelen af gruppens befolkning beregnes ikke; ranglisten er efter antallet"
    if len(params.filters) > 1:
        return "andelen af befolkningen findes kun for én gruppe ad gangen (køn, alder eller herkomst); tallene viser antallet"
    if params.filters and not groups:
        return f"{next(iter(params.filters))} har ingen befolkning i Danmarks Statistiks tal; tallene viser antallet"
    if params.breakdown:
        return "andelen af befolkningen beregnes ikke fordelt på grupper; tallene viser antallet"
    return None


def _at_level(words: list[str], start: int) -> bool:
    """Whether "plan" at `start` is a level, not a plan: "på nationalt og kommunalt plan", "på regionalt plan"."""
    return words[start] == "plan" and bool(_LEVEL_BEFORE.search(" ".join(words[max(0, start - 4) : start])))


_LEVEL_BEFORE = re.compile(r"(?:^|\s)på\s+\w+t(?:\s+og\s+\w+t)?$")


def _for_place_only(unhonoured: list[Unhonoured] | tuple[Unhonoured, ...], text: str) -> bool:
    """Whether every word that withheld the figures is a place the data lacks: a district ("i Bispebjerg") or an
    unknown name where a place is named ("på Vestegnen")."""
    return all(u.reason.startswith(_ONLY_AREAS) or (u.unknown and _written_as_place(u.text, text)) for u in unhonoured if u.replaces)


def _written_as_place(name: str, text: str) -> bool:
    """Whether a name stands where a place does: "på Vestegnen", "i Nordvest"."""
    return name[:1].isupper() and bool(re.search(rf"\b(?:i|på|fra)\s+{re.escape(name)}\b", text))


def _names_place(params: Parameters) -> bool:
    """Whether a part says whose figures it asks for (not only what to compare them with)."""
    compared = {s.value for s in params.compared}
    return bool(params.home_named or [s for s in params.areas if s.value not in compared] or (params.national and not any(
        s.words == params.national for s in params.compared)))


def _groups_of(params: Parameters) -> list[dict[str, Setting]]:
    """The filters of each call a part asks for: one per origin group listed ("hhv. indvandrere og efterkommere")."""
    return [params.filters] + [{**params.filters, "herkomst": origin} for origin in params.more_origins]


def _periods_of(params: Parameters) -> list[Setting | None]:
    """The periods a part asks for, one call each; None when it names no single period."""
    return [params.period, *params.more_periods] if params.period is not None or params.more_periods else [None]


def _in_period(params: Parameters, period: Setting, analyses: dict[str, tuple[float, str]]) -> Parameters:
    """A part that names no period takes the one a background sentence named ("I marts 2024, hvor mange …")."""
    where = Setting(period.value, f"{period.words}, som tidligere i spørgsmålet")
    if "udvikling" in analyses and analyses["udvikling"][0] >= ANALYSIS_STRONG:
        return replace(params, start=where)
    return replace(params, period=where)
