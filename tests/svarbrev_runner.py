"""`svarbrev …` for the tests: the command line's `main` in this process, answered as a finished process.

A cold `python -m generator` costs about half a second of imports per call; a test about what a
command prints, writes and exits with does not need it. `run_svarbrev` runs `main` here, with the
working folder and environment the call asks for, and gives back a CompletedProcess. Where the
process itself is the point (signals, a closed pipe, the entry point, startup imports), a test asks
for `process=True` and gets a real one.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_svarbrev(
    *args: object, cwd: Path | None = None, env: Mapping[str, str] | None = None, process: bool = False, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    argv = [str(arg) for arg in args]
    if process:
        return subprocess.run([sys.executable, "-m", "generator", *argv], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with _inside(cwd), _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse's usage errors and --help leave by SystemExit
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return subprocess.CompletedProcess(["svarbrev", *argv], code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _inside(folder: Path | None) -> Iterator[None]:
    if folder is None:
        yield
        return
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    """The environment the call asks for (as subprocess's `env`, it replaces the whole of it)."""
    if env is None:
        yield
        return
    before = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(before)
