"""Cold runs measured as an installed svarbrev runs: with its byte code compiled.

`pip install` compiles a wheel's modules when it installs them. A source checkout run with
PYTHONDONTWRITEBYTECODE set (as on the build machines) would otherwise compile every changed module
in every new process, which no user's installation does.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_like_an_install() -> None:
    if not compileall.compile_dir(str(ROOT / "generator"), quiet=1):
        raise SystemExit("generator/ kunne ikke oversættes til bytekode")
