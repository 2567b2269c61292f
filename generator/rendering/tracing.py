"""Following every printed figure from the data to its place in the letter.

While a letter is rendered, the formatting filters mark each value that knows its origin (a
`Figure`, `TracedInt`, `TracedDate` or traced `Period`) with private-use characters around its
printed text, and log it. The Word writer later splits the marks out into runs of their own (and
comments, in a draft), and the log becomes the `.tal.json` sidecar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from generator.domain.places import PLACE_TEXT
from generator.domain.results import Origin

_START, _MIDDLE, _END = "\ue010", "\ue011", "\ue012"
_MARK = re.compile(f"{_START}(\\d+){_MIDDLE}(.*?){_END}", re.DOTALL)



@dataclass
class TracedFigure:
    """One figure as printed, where it stands, and where it came from."""

    index: int
    text: str
    value: Any
    origin: Origin
    kind: str  # "tal", "år", "periode" or "dato"
    question: int | None = None
    metric: str | None = None
    place: str = PLACE_TEXT  # PLACE_TEXT, PLACE_TABLE or PLACE_CAPTION
    paragraph: int | None = None  # index among the letter's answer paragraphs
    table: int | None = None
    row: str | None = None
    column: str | None = None


class FigureLog:
    """The figures of one letter, numbered in the order they were printed."""

    def __init__(self) -> None:
        self.figures: list[TracedFigure] = []
        self.question: int | None = None
        self.metric: str | None = None

    def add(self, value: Any, text: str, kind: str, origin: Origin | None = None, **where: Any) -> TracedFigure:
        origin = origin if origin is not None else value.origin
        figure = TracedFigure(len(self.figures), text, value, origin, kind, self.question, self.metric, **where)
        self.figures.append(figure)
        return figure

    def mark(self, value: Any, text: str, kind: str) -> str:
        """The printed text, marked so that the figure can be found again after wording."""
        return f"{_START}{self.add(value, text, kind).index}{_MIDDLE}{text}{_END}"

    def __getitem__(self, index: int) -> TracedFigure:
        return self.figures[index]


_CURRENT: ContextVar[FigureLog | None] = ContextVar("figure_log", default=None)


@contextmanager
def tracing(log: FigureLog | None) -> Iterator[None]:
    token = _CURRENT.set(log)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current_log() -> FigureLog | None:
    return _CURRENT.get()


def traced(formatter: Callable[..., str], kind: str) -> Callable[..., str]:
    """A formatting filter that also marks and logs values that know their origin."""

    def filter_(value: Any, *args: Any, **kwargs: Any) -> str:
        text = formatter(value, *args, **kwargs)
        log = _CURRENT.get()
        if log is None or getattr(value, "origin", None) is None:
            return text
        return log.mark(value, text, kind)

    filter_.__name__ = getattr(formatter, "__name__", "traced")
    filter_.__doc__ = formatter.__doc__
    return filter_


def segments(text: str) -> list[tuple[str, int | None]]:
    """Marked text as (text, figure index) pieces; plain stretches have index None."""
    pieces: list[tuple[str, int | None]] = []
    position = 0
    for match in _MARK.finditer(text):
        if match.start() > position:
            pieces.append((text[position : match.start()], None))
        pieces.append((match.group(2), int(match.group(1))))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


def marked_figures(text: str) -> list[int]:
    return [int(match.group(1)) for match in _MARK.finditer(text)]


def strip_marks(text: str) -> str:
    return _MARK.sub(lambda match: match.group(2), text)
