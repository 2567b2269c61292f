"""Heavy modules imported when first used, not when svarbrev starts.

pandas and numpy when an extract is first read and checked (generator/metrics/csvfile.py): a letter on
extracts checked before reads their cells without either, and importing them is a third of a second. The Danish stemmer when a question is first
matched by its words: a question file that names its metrics never is.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_import(name: str) -> ModuleType:
    """The module `name`, loaded on its first attribute access (the standard library's LazyLoader)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
