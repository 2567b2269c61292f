"""Reading the data files that ship with the domain (omraader.yaml, dimensioner.yaml, maaneder.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same values, 10× faster


def load_package_yaml(path: Path) -> Any:
    """A YAML file of ours: valid by construction, so PyYAML's own error messages are not needed."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)
