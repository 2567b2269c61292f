"""argparse's own words in Danish come from a gettext catalogue (generator/locale/da/LC_MESSAGES/argparse.po,
compiled to argparse.mo), only while svarbrev builds and parses its command line; and `svarbrev batch`
shows a progress bar on a terminal."""

from __future__ import annotations

import argparse
import ast
import contextlib
import fcntl
import gettext
import inspect
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from generator.cli import argparse_catalogue, danish_argparse, main

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "generator" / "locale" / "da" / "LC_MESSAGES"
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"

# argparse messages that only a programmer sees: raised as ValueError/TypeError while a parser is built
# wrongly (or by FileType, which svarbrev does not use), never while a user's command line is parsed.
# They stay English, as a traceback for a developer would.
PROGRAMMING_ERRORS = {
    ".__call__() not defined",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "conflicting option string: %s",
    "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments",
    "%r is not callable",
    'argument "-" with mode %r',
}


def plain(text: object) -> str | tuple[str, ...]:
    """babel gives a plural entry's ids and strings as a tuple from a .po, a list from a .mo."""
    return tuple(text) if isinstance(text, list | tuple) else str(text)


def po_messages() -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    with (CATALOGUE / "argparse.po").open("rb") as stream:
        catalog = read_po(stream, locale="da")
    return {plain(message.id): plain(message.string) for message in catalog if message.id}


def argparse_messages() -> set[str]:
    """Every msgid the running Python's argparse passes to _() or ngettext() (the singular for ngettext)."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def test_the_committed_mo_is_what_the_script_makes_from_the_po() -> None:
    result = subprocess.run([sys.executable, "scripts/compile_catalogue.py", "--check"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_po_and_mo_hold_the_same_messages() -> None:
    """Read by two other readers than the script's own: babel for the .po, babel and gettext for the .mo."""
    po = po_messages()
    with (CATALOGUE / "argparse.mo").open("rb") as stream:
        mo = {plain(message.id): plain(message.string) for message in read_mo(stream) if message.id}
    assert mo == po
    translations = argparse_catalogue()
    for msgid, msgstr in po.items():
        if isinstance(msgid, tuple):
            assert isinstance(msgstr, tuple)
            assert translations.ngettext(msgid[0], msgid[1], 1) == msgstr[0]
            assert translations.ngettext(msgid[0], msgid[1], 3) == msgstr[1]
        else:
            assert translations.gettext(msgid) == msgstr, msgid


def test_every_message_argparse_can_show_a_user_on_this_python_is_translated() -> None:
    po = po_messages()
    translated = {msgid[0] if isinstance(msgid, tuple) else msgid for msgid, msgstr in po.items() if msgstr}
    assert argparse_messages() - PROGRAMMING_ERRORS - translated == set()


def test_the_danish_keeps_argparse_placeholders() -> None:
    """A msgstr may leave out a placeholder (the type in 'ugyldig værdi'), never add one argparse does not give."""
    for msgid, msgstr in po_messages().items():
        for source, target in zip(msgid if isinstance(msgid, tuple) else (msgid,), msgstr if isinstance(msgstr, tuple) else (msgstr,)):
            placeholders = {part.split(")")[0] for part in source.split("%(")[1:]}
            assert {part.split(")")[0] for part in target.split("%(")[1:]} <= placeholders, msgid
            assert target.count("%s") + target.count("%r") <= source.count("%s") + source.count("%r"), msgid


def run_main(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def english_help() -> str:
    parser = argparse.ArgumentParser(prog="andet")
    parser.add_argument("--x", help="x")
    return parser.format_help()


@pytest.mark.parametrize("argv", [["--help"], ["generate"], ["generate", "--foo"], ["metrikker"]])
def test_argparse_is_english_again_after_svarbrev_has_parsed(argv: list[str]) -> None:
    """--help and a refusal leave by SystemExit; a command returns. Either way argparse's globals are put back."""
    before = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    run_main(*argv)
    assert (argparse._, argparse.ngettext) == before  # type: ignore[attr-defined]
    assert "usage: andet" in english_help() and "show this help message and exit" in english_help()


def test_inside_the_block_argparse_is_danish_and_nesting_restores_each_level() -> None:
    with danish_argparse():
        with danish_argparse():
            pass
        assert "brug: andet" in english_help() and "vis denne hjælp og afslut" in english_help()
    assert "usage: andet" in english_help()


def test_messages_that_were_english_before_are_danish() -> None:
    code, _, err = run_main("generate", "henvendelse.yaml", "--overskriv=ja")
    assert code == 2
    assert err.splitlines()[-1] == "fejl: --overskriv: tager ingen værdi, men fik 'ja'"
    code, _, err = run_main("generate", "henvendelse.yaml", "-o")
    assert err.splitlines()[-1] == "fejl: -o: forventer en værdi"
    with danish_argparse():
        parser = Refusing(prog="p", add_help=False)
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--a", action="store_true")
        group.add_argument("--b", action="store_true")
        parser.add_argument("--par", nargs=2)
        assert parser.format_usage().startswith("brug: p")
        with pytest.raises(Refused, match=r"^--b: kan ikke bruges sammen med --a$"):
            parser.parse_args(["--a", "--b"])
        with pytest.raises(Refused, match=r"^mangler ét af argumenterne --a --b$"):
            parser.parse_args([])
        with pytest.raises(Refused, match=r"^--par: forventer 2 værdier$"):
            parser.parse_args(["--a", "--par", "x"])
        with pytest.raises(Refused, match=r"^ukendte argumenter: x$"):
            parser.parse_args(["--a", "x"])


class Refused(Exception):
    pass


class Refusing(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise Refused(message)


def test_batch_on_a_terminal_shows_a_progress_bar(tmp_path: Path) -> None:
    """stderr on a pseudo-terminal: tqdm's bar ends at 100% naming the last reply; stdout (a pipe) is the summary as before."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "batch", str(REFERENCE), "-o", str(tmp_path / "ud")],
        stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL, text=True, env={**os.environ, "TERM": "xterm"},
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the terminal's last writer has gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    stdout, _ = process.communicate(timeout=120)
    assert process.returncode == 0, shown.decode("utf-8", "replace")
    screen = shown.decode("utf-8")
    last = screen.replace("\r\n", "\n").split("\r")[-1]
    assert last.startswith("100% |")
    assert "| 1/1 [" in last and "tilbage] fleksjob-2025-06-25.yaml (Hassan Nur War" in last  # cut at 40 characters, as before
    assert last.endswith("\n")
    assert "ok: " not in screen  # the line per reply is for logs and pipes only
    assert stdout.splitlines()[0] == "1 ok, 0 med advarsler eller markeringer, 0 sprunget over, 0 fejl (1 i alt)"


def test_gettext_textdomain_alone_would_not_make_argparse_danish() -> None:
    """Why danish_argparse() points argparse's names at the catalogue: binding the 'argparse' domain is
    process-wide and still takes the language from the environment, which is not Danish for everyone."""
    english = dict(os.environ, LANGUAGE="en", LC_ALL="C", LANG="C")
    code = (
        "import argparse, gettext; gettext.bindtextdomain('argparse', 'generator/locale'); gettext.textdomain('argparse');"
        "print(argparse.ArgumentParser(prog='p').format_usage(), end='')"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=english, capture_output=True, text=True, check=True)
    assert result.stdout.startswith("usage: p")
    danish = dict(english, LANGUAGE="da")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=danish, capture_output=True, text=True, check=True)
    assert result.stdout.startswith("brug: p")  # only with LANGUAGE=da, and then for every gettext user in the process
    assert gettext.textdomain() == "messages"  # this process was left alone
