"""What svarbrev keeps between letters of one process, in named caches a test or a server can see and clear.

Every cache is a `Cache` made at import time and listed in `CACHES` by name: the catalogue, template
profiles, prepared Word templates, extracts read and checked, metric results. A key names everything
the value was made from (a file's path, mtime and size; a store's fingerprint), so a changed file is
read again and a value is never served for other data than it was made from; `clear_caches()` drops
them all (a long-running page after new data, a test that measures a first computation).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class Cache(Generic[V]):
    """Values by key, the least recently used dropped beyond `limit` (None: unbounded, for a handful
    of package files). Exceptions are not kept: a refusal is computed, and said, again."""

    def __init__(self, name: str, limit: int | None = None) -> None:
        if name in CACHES:
            raise ValueError(f"a cache named {name!r} exists")
        self.name = name
        self.limit = limit
        self.hits = 0
        self.misses = 0
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        CACHES[name] = self

    def get(self, key: Hashable, make: Callable[..., V], *args: Any) -> V:
        """The value kept under `key`, or `make(*args)`'s, kept for next time."""
        try:
            value = self._values[key]
        except KeyError:
            pass  # made below, outside the handler, so a refusal in `make` does not carry this KeyError
        else:
            self.hits += 1
            if self.limit is not None:
                self._values.move_to_end(key)
            return value
        self.misses += 1
        value = self._values[key] = make(*args)
        if self.limit is not None and len(self._values) > self.limit:
            self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Cache({self.name!r}: {len(self)} of {self.limit or '∞'}, {self.hits} hits, {self.misses} misses)"


CACHES: dict[str, Cache[Any]] = {}


def clear_caches() -> None:
    """Forget everything kept: the next letter reads and computes afresh."""
    for cache in CACHES.values():
        cache.clear()
