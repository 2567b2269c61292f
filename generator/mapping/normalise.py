"""Danish text → comparable word stems, the same way for questions and for catalogue cues.

Case, æ/ø/å against ae/oe/aa spellings, hyphens ("a-dagpenge", "6-byerne") and inflection (the
Danish Snowball stemmer) are levelled out. Question words such as "hvor mange" are kept: they are
cues here, not stop words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from generator.caching import Cache
from generator.lazy import lazy_import

# Loaded on the first stem: the package imports every language's stemmer (~20 ms), and a question
# file that names its metrics is never stemmed.
snowballstemmer = lazy_import("snowballstemmer")
_DANISH_SPELLINGS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))
_ASCII_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "ae"})
_WORD = re.compile(r"[0-9a-zæøåéüöä]+")
_HYPHEN_IN_WORD = re.compile(r"(?<=[0-9a-zæøåéüöä])[-‐‑–](?=[0-9a-zæøåéüöä])")
_NUMBER_WORDS = {"seks": "6"}  # "seksbyerne" is written as often as "6-byerne"


def clean(text: str) -> str:
    """Lower case, composed letters, hyphens inside words removed."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _HYPHEN_IN_WORD.sub("", text)


def _danish(word: str) -> str:
    for old, new in _DANISH_SPELLINGS:
        word = word.replace(old, new)
    for number_word, digit in _NUMBER_WORDS.items():
        if word.startswith(number_word) and len(word) > len(number_word) + 2:
            word = digit + word[len(number_word):]
    return word


_STEMS: Cache[str] = Cache("ordstammer", 8192)
_FOLDED: Cache[str] = Cache("foldede_ord", 8192)
_STEMMER: Cache[Any] = Cache("stemmer")  # snowballstemmer has no type hints


def stem(word: str) -> str:
    """One word's comparable form: Danish spelling, stemmed, then folded to ASCII."""
    return _STEMS.get(word, _stemmed, word)


def _stemmed(word: str) -> str:
    return _STEMMER.get(None, snowballstemmer.stemmer, "danish").stemWord(_danish(word)).translate(_ASCII_FOLD)


def fold(word: str) -> str:
    """One word's spelling levelled out as for `stem`, but not stemmed."""
    return _FOLDED.get(word, _folded, word)


def _folded(word: str) -> str:
    return _danish(word).translate(_ASCII_FOLD)


def words(text: str) -> list[str]:
    """The words of a text as written (cleaned), in order."""
    return _WORD.findall(clean(text))


_WORD_AS_WRITTEN = re.compile(r"\w+(?:[-‐‑–]\w+)*")


def words_as_written(text: str) -> list[str]:
    """The same words as `words`, in the user's own spelling ("6-byer", not "6byer"), for messages."""
    written = _WORD_AS_WRITTEN.findall(unicodedata.normalize("NFC", text))
    return written if len(written) == len(words(text)) else words(text)


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in words(text))


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
