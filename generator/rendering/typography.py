"""Line breaks as a typesetter would set them: where a line may break, and where it may not.

- "2. kvartal", "25. juni", "d. 25." and "3,2 procent" never break at the space (a no-break space);
- "6-byer", "16-29-årige" and "30-06-2025" never break at the hyphen (Word's non-breaking hyphen);
- a long compound in a narrow column header breaks where its parts meet ("Ledighedsydelses-/
  modtagere"), never inside a part (soft hyphens at the joints).

Everything here is done to the text as rendered, never in the templates' prose. The results use
three characters that Word writes as markup: U+00A0 stays a character in the text, U+2011 becomes
`<w:noBreakHyphen/>` and U+00AD `<w:softHyphen/>` (see generator/letter/oxml.py, run_content_xml). python-docx reads the first
back as U+00A0, the second as "-" and skips the third, which `as_read` mirrors.
"""

from __future__ import annotations

import re

from generator.domain.months import MONTH_PATTERN

NO_BREAK_SPACE = "\u00a0"
NO_BREAK_HYPHEN = "\u2011"
SOFT_HYPHEN = "\u00ad"

_MONTHS = MONTH_PATTERN
# A space that must not break: (what precedes it, what follows it).
_NO_BREAK_SPACES = [
    re.compile(rf"(?<![\w.])(\d{{1,2}}\.) (?=(?:kvartal|halvår|{_MONTHS})(?!\w))"),  # 2. kvartal, 25. juni
    re.compile(r"(?<!\w)(d\.) (?=\d)"),  # d. 25. juni
    re.compile(r"(\d) (?=(?:procent|pct\.|procentpoint|%)(?!\w))"),  # 3,2 procent
]
_NO_BREAK_HYPHEN = re.compile(r"(?<=\d)-(?=\w)")  # 6-byer, 16-29-årige, 30-06-2025

# Where Danish compounds in svarbrev's column headers join: after a linking ending ("ledigheds|",
# "ydelses|") or a known first part, or before a known last part. Both parts keep four letters or more.
_LINKING_ENDINGS = ("heds", "elses", "ings", "tions", "skabs", "doms", "arbejds", "alders")
_FIRST_PARTS = ("fleksjob", "kontanthjælps", "sygedagpenge", "dagpenge", "uddannelses", "ressource")
_LAST_PARTS = ("modtagere", "ansatte", "ansættelser", "ordningen", "ordning", "ydelse", "styrken", "forløb", "personer", "visiterede")
_MIN_PART = 4
LONG_WORD = 12  # shorter words are left whole


def typeset(text: str, hyphens: bool = True, spaces: bool = True) -> str:
    """`text` with no-break spaces and (when `hyphens`) non-breaking hyphens; the same length."""
    if not any(character.isdigit() for character in text):
        return text  # every rule joins a digit to what stands beside it ("2. kvartal", "d. 25", "3,2 procent", "6-byer")
    if spaces:
        for pattern in _NO_BREAK_SPACES:
            text = pattern.sub(lambda match: match.group(1) + NO_BREAK_SPACE, text)
    if hyphens:
        text = _NO_BREAK_HYPHEN.sub(NO_BREAK_HYPHEN, text)
    return text


def as_read(text: str) -> str:
    """Typeset text as Word (and python-docx) reads it back: non-breaking hyphens as "-", no soft hyphens."""
    return text.replace(NO_BREAK_HYPHEN, "-").replace(SOFT_HYPHEN, "")


def compound_joints(word: str) -> list[int]:
    """Where a long Danish compound may break, as positions in `word` (empty for a short word)."""
    if len(word) < LONG_WORD or not word.isalpha():
        return []
    lower = word.lower()
    joints = set()
    for position in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head, tail = lower[:position], lower[position:]
        if head.endswith(_LINKING_ENDINGS) or head.endswith(_FIRST_PARTS) or tail.startswith(_LAST_PARTS):
            joints.add(position)
    return sorted(joints)


def hyphenate(text: str) -> str:
    """Soft hyphens at the joints of every long compound in `text`."""
    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        pieces, start = [], 0
        for joint in compound_joints(token):
            pieces.append(token[start:joint])
            start = joint
        pieces.append(token[start:])
        return SOFT_HYPHEN.join(pieces)

    return re.sub(r"\w+", word, text)


def unbreakable_pieces(text: str) -> list[str]:
    """The stretches of hyphenated `text` no line break can split (a soft hyphen's "-" included)."""
    pieces = []
    for token in re.split(r"[ \t]+", text):
        parts = token.split(SOFT_HYPHEN)
        pieces += [part + "-" for part in parts[:-1]] + [parts[-1]]
    return [piece for piece in pieces if piece]
