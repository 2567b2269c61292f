"""Closed-world reading: which words of a question part nothing accounts for.

A part gets figures without a mark only when every word in it is accounted for: a scheme word, an
analysis cue, part of a parameter value (area, period, group, comparison …), a phrase the data
cannot honour (reported as such) or a word of the neutral lexicon (generator/intake/neutrale_ord.yaml).
Any other word makes the part "not understood": a word nobody recognised may change who or what is
counted ("visiteret", "i Vestjylland", "har børn"), and a figure for the words that were recognised
would be a confident answer to another question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.caching import Cache
from generator.domain.data import load_package_yaml
from generator.mapping.normalise import fold, stem, within_one_edit, words

NEUTRAL_FILE = Path(__file__).resolve().parent.parent / "intake" / "neutrale_ord.yaml"
_NUMBER = re.compile(r"^\d+$")
TAILS = "sammensætninger"
ENDINGS = "neutrale_endelser"
NARROWING = "indsnævrende"
TYPO_LENGTH = 7  # a word this long may be misspelt by one letter and still be known
SHORT = 3  # words this short are compared as written: their stems collide with other words
_TRUNCATED = re.compile(r"\b(\w+)[-‐‑–](?=\s+(?:og|eller)\s+(\w+))")  # "Beskæftigelses- og Integrationsudvalget"


@dataclass(frozen=True)
class Lexicon:
    """Words that never change what is counted: compared by stem, short words as written. Entries
    of several words ("er der kommet flere") are phrases: their words count only together."""

    stems: frozenset[str]
    exact: frozenset[str]
    phrases: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()  # a word ending in one of these ("Beskæftigelses|udvalget") is neutral too

    def __contains__(self, word: str) -> bool:
        folded = fold(word)
        if len(folded) <= SHORT:
            return folded in self.exact
        return folded in self.exact or stem(word) in self.stems or any(
            folded.endswith(ending) and len(folded) - len(ending) >= SHORT for ending in self.endings
        )

    def near(self, word: str) -> bool:
        """One slip of the keyboard from a longer word of the lexicon ("opgørlse"): the same word.
        Only words of seven letters or more, where one letter rarely makes another word."""
        folded = fold(word)
        return len(folded) >= TYPO_LENGTH and any(len(known) >= TYPO_LENGTH and within_one_edit(folded, known) for known in self.exact)

    @classmethod
    def of(cls, entries: Iterable[str]) -> Lexicon:
        entries = list(entries)
        written = [word for entry in entries if len(words(entry)) == 1 for word in words(entry)]
        return cls(
            # A stem this short is shared by unrelated words ("endelig" and "ender" both stem to "end"):
            # such words are known only as written.
            stems=frozenset(stem(word) for word in written if len(fold(word)) > SHORT and len(stem(word)) > SHORT),
            exact=frozenset(fold(word) for word in written),
            phrases=tuple(entry for entry in entries if len(words(entry)) > 1),
        )


_NEUTRAL_KINDS: Cache[dict[str, list[str]]] = Cache("neutrale_ord")


def _kinds() -> dict[str, list[str]]:
    return _NEUTRAL_KINDS.get(None, _make_kinds)


def _make_kinds() -> dict[str, list[str]]:
    return load_package_yaml(NEUTRAL_FILE)


def neutral_lexicon() -> Lexicon:
    """The neutral lexicon, every kind together (compound endings are not words of their own)."""
    kinds = _kinds()
    return _neutral(tuple(word for kind, entries in kinds.items() if kind not in (TAILS, ENDINGS) for word in entries), tuple(kinds[ENDINGS]))


_NEUTRAL_LEXICON: Cache[Lexicon] = Cache("neutralt_leksikon", 1)


def _neutral(entries: tuple[str, ...], endings: tuple[str, ...]) -> Lexicon:
    return _NEUTRAL_LEXICON.get((entries, endings), _make_neutral, entries, endings)


def _make_neutral(entries: tuple[str, ...], endings: tuple[str, ...]) -> Lexicon:
    return replace(Lexicon.of(entries), endings=tuple(fold(ending) for ending in endings))


def narrowing_words() -> Lexicon:
    """Words that single out some of the people counted ("dem", "især"): a sentence beside the question that uses one is read word by word."""
    return Lexicon.of(_kinds()[NARROWING])


def complete_truncated(text: str) -> str:
    """"Beskæftigelses- og Integrationsudvalget": a word cut at its hyphen takes the ending of the
    compound after "og"/"eller", so both are read whole ("Beskæftigelsesudvalget")."""

    def whole(match: re.Match[str]) -> str:
        ending = _shared_ending(match.group(2))
        return match.group(1) + ending if ending else match.group(0)

    return _TRUNCATED.sub(whole, text)


def _shared_ending(word: str) -> str:
    lower = word.casefold()
    endings = sorted((e for e in _compound_endings() if lower.endswith(e) and len(lower) - len(e) >= SHORT), key=len)
    return lower[-len(endings[-1]) :] if endings else ""


_COMPOUND_ENDINGS: Cache[tuple[str, ...]] = Cache("sammensatte_endelser")


def _compound_endings() -> tuple[str, ...]:
    return _COMPOUND_ENDINGS.get(None, _make_compound_endings)


def _make_compound_endings() -> tuple[str, ...]:
    """Compound endings long enough to be words of their own ("udvalget", "modtagere"), not inflections."""
    kinds = _kinds()
    return tuple(dict.fromkeys(e.casefold() for e in (*kinds[TAILS], *kinds[ENDINGS]) if len(e) > SHORT))


def compound_tails() -> frozenset[str]:
    """The endings a scheme's name may take in a compound ("…modtagere", "…området"), folded."""
    return frozenset(fold(tail) for tail in _kinds()[TAILS])


def unaccounted(
    part_words: Sequence[str],
    display: Sequence[str],
    covered_positions: Iterable[int],
    covered_texts: Iterable[str | None],
    lexicon: Lexicon,
    accepted: Lexicon | None = None,
    cue_words: Lexicon | None = None,
) -> list[str]:
    """The words of a part that nothing accounts for, as the user wrote them, neighbours joined
    into one phrase ("sidste år"). `covered_positions` are word positions a cue matched;
    `covered_texts` are the words of parameter values as read from the text; `cue_words` the
    analysis cues' words, for a misspelt cue ("udvilket")."""
    covered = set(covered_positions)
    known = {word for text in covered_texts if text for word in words(text)}
    loose: list[int] = []
    for index, word in enumerate(part_words):
        if index in covered or word in known:
            continue
        if accepted is not None and word in accepted:
            continue  # the caseworker judged it harmless (accepter: in the question file)
        if not _NUMBER.match(word) and (word in lexicon or lexicon.near(word) or (cue_words is not None and cue_words.near(word))):
            continue
        loose.append(index)
    return _phrases(loose, display)


def _phrases(positions: list[int], display: Sequence[str]) -> list[str]:
    phrases: list[list[int]] = []
    for position in positions:
        if phrases and phrases[-1][-1] == position - 1:
            phrases[-1].append(position)
        else:
            phrases.append([position])
    return [" ".join(display[i] for i in group) for group in phrases]
