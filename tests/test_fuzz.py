"""A seeded fuzz of malformed input across the commands (issue 10).

Over 500 broken question files, data extracts, recipient lists, sidecars and letters for `tjek`, and
inquiries for `ny`, each run through the command line's `main` in this process (so the run stays
near a minute). Whatever the input: exit 0, 1 or 2 only (3 is an uncaught exception); a refusal is
one `fejl:` line (a final's list of what is missing may follow, indented); no traceback; a refused
command leaves no file; nothing that existed is changed; every command finishes within its limit.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import shutil
import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
DATA = ROOT / "examples" / "data"
SEED = 20261130
SECONDS_PER_COMMAND = 10

# Bits malformed input is made of: YAML structure, Danish text, numbers, control and odd characters.
NASTY = [
    "", " ", "\t", "\n", ":", ": :", "- ", "[", "]", "{", "}", "&a", "*a", "!!python/object:os.system", "!eget",
    "~", "null", "'", '"', "\\", "%", "@", "`", "|", ">", "#", "---", "...", "\x00", "\x07", "\x0b", "\ufeff",
    "\ud7ff", "\u202e", "é", "ÆØÅ", "𝔘", "{{ 7*7 }}", "{% raw %}", "<w:p>", "&amp;", "9" * 40, "-0", "1e309",
    "2025-02-30", "0000-01-01", "9999-12-31", "2025QMAT09", "0000M04", "..", ";;;", "København", "Aarhus",
    "fleksjob.antal", "{id: fleksjob.antal, område: Vejel}", "[fleksjob.antal, fleksjob.antal]",
]


def nasty(rng: random.Random) -> str:
    pieces = [rng.choice(NASTY) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.2:
        pieces.append("".join(rng.choice(string.printable) for _ in range(rng.randint(1, 40))))
    if rng.random() < 0.05:
        pieces.append("x" * rng.randint(1_000, 200_000))
    return "".join(pieces)


def mutate_lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        if not lines:
            lines = [""]
        at = rng.randrange(len(lines))
        action = rng.randrange(7)
        if action == 0:
            del lines[at]
        elif action == 1:
            lines.insert(at, lines[at])
        elif action == 2:
            lines[at] = lines[at][: rng.randint(0, len(lines[at]))]
        elif action == 3:
            lines[at] = lines[at] + nasty(rng)
        elif action == 4:
            cut = rng.randint(0, len(lines[at]))
            lines[at] = lines[at][:cut] + nasty(rng) + lines[at][cut:]
        elif action == 5:
            lines[at] = " " * rng.randint(0, 6) + lines[at].lstrip()
        else:
            lines = lines[: rng.randint(0, len(lines))]
    return "\n".join(lines)


@dataclass
class Case:
    name: str
    argv: list[str]
    expect_output: list[Path]  # files the command writes when it succeeds


def question_file_case(rng: random.Random, folder: Path) -> Case:
    text = REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {DATA}")
    path = folder / "spm.yaml"
    if rng.random() < 0.1:
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randint(0, 300))))
    else:
        path.write_text(mutate_lines(text, rng), encoding="utf-8", errors="surrogatepass")
    output = folder / "svar.docx"
    argv = ["generate", str(path), "-o", str(output)] + (["--endelig"] if rng.random() < 0.3 else [])
    return Case("spørgsmålsfil", argv, [output, folder / "svar.tal.json"])


def data_case(rng: random.Random, folder: Path) -> Case:
    data = folder / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("eksempeldata"))
    target = rng.choice(sorted(data.glob("*.csv")) + [data / "kilder.yaml"])
    target.write_text(mutate_lines(target.read_text(encoding="utf-8"), rng), encoding="utf-8", errors="surrogatepass")
    output = folder / "svar.docx"
    return Case(f"data {target.name}", ["generate", str(REFERENCE), "--data", str(data), "-o", str(output)], [output, folder / "svar.tal.json"])


def recipients_case(rng: random.Random, folder: Path) -> Case:
    listing = folder / "modtagere.csv"
    rows = ["modtager;parti"] + [f"{nasty(rng) if rng.random() < 0.5 else 'Sara Andersen'};{nasty(rng)}" for _ in range(rng.randint(0, 4))]
    listing.write_text(mutate_lines("\n".join(rows), rng), encoding="utf-8", errors="surrogatepass")
    text = REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {DATA}")
    path = folder / "spm.yaml"
    path.write_text(text.replace("  modtager: Hassan Nur Wardere", f"  modtagere: {listing}"), encoding="utf-8")
    return Case("modtagerliste", ["batch", str(path), "-o", str(folder / "ud"), "--jobs", "1"], [])


def check_case(rng: random.Random, folder: Path, letter: Path) -> Case:
    reply = folder / "svar.docx"
    sidecar = folder / "svar.tal.json"
    shutil.copy(letter, reply)
    shutil.copy(letter.with_name("svar.tal.json"), sidecar)
    if rng.random() < 0.5:
        content = json.loads(sidecar.read_text(encoding="utf-8"))
        for _ in range(rng.randint(1, 3)):
            _mutate_json(content, rng)
        sidecar.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    else:
        raw = bytearray(reply.read_bytes())
        for _ in range(rng.randint(1, 5)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        if rng.random() < 0.3:
            raw = raw[: rng.randrange(len(raw))]
        reply.write_bytes(bytes(raw))
    return Case("tjek", ["tjek", str(reply), "--tal", str(sidecar)], [])


def _mutate_json(node: object, rng: random.Random) -> None:
    while isinstance(node, (dict, list)) and node and rng.random() < 0.7:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        child = node[key]
        if not isinstance(child, (dict, list)) or rng.random() < 0.3:
            choice = rng.randrange(4)
            if choice == 0 and isinstance(node, dict):
                del node[key]
            else:
                node[key] = [None, 0, "", [], {}, nasty(rng), -1, 1e300][rng.randrange(8)]
            return
        node = child


def inquiry_case(rng: random.Random, folder: Path) -> Case:
    words = ["Hvor", "mange", "er", "på", "fleksjob", "kontanthjælp", "i", "Aarhus", "?", "1.", "2)", "-", "vedr.",
             "Sagsnr.", "Med venlig hilsen", "\n", "\n\n", "Kære", "jeg", "vil", "gerne", "vide", "2025", "."]
    text = " ".join(rng.choice(words) if rng.random() < 0.9 else nasty(rng) for _ in range(rng.randint(0, 400)))
    inquiry = folder / rng.choice(["henvendelse.txt", "henvendelse.eml", "henvendelse.docx"])
    if inquiry.suffix == ".docx" or rng.random() < 0.1:
        inquiry.write_bytes(text.encode("utf-8", errors="surrogatepass")[: rng.randint(0, 2000)])
    else:
        inquiry.write_text(text, encoding="utf-8", errors="surrogatepass")
    output = folder / "spm.yaml"
    return Case("ny", ["ny", str(inquiry), "-o", str(output)], [output])


def run(argv: list[str]) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse refusing an option
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - started


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def good_letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("brev")
    code, _, err, _ = run(["generate", str(REFERENCE), "-o", str(folder / "svar.docx")])
    assert code == 0, err
    return folder / "svar.docx"


def test_malformed_input_never_crashes_hangs_or_leaves_a_file(tmp_path: Path, good_letter: Path) -> None:
    rng = random.Random(SEED)
    makers: list[tuple[int, Callable[[random.Random, Path], Case]]] = [
        (150, question_file_case),
        (130, data_case),
        (70, recipients_case),
        (80, lambda r, f: check_case(r, f, good_letter)),
        (90, inquiry_case),
    ]
    reference_before = REFERENCE.read_bytes()
    failures: list[str] = []
    count = 0
    for how_many, make in makers:
        for index in range(how_many):
            folder = tmp_path / f"{make.__name__}-{index}"
            folder.mkdir()
            case = make(rng, folder)
            before = snapshot(folder)
            code, _out, err, seconds = run(case.argv)
            count += 1
            lines = [line for line in err.splitlines() if line.startswith("fejl:")]
            problems = []
            if code not in (0, 1, 2):
                problems.append(f"exit {code}")
            if "Traceback" in err or "uventet fejl" in err:
                problems.append("a crash")
            if code in (1, 2) and case.argv[0] != "batch" and case.argv[0] != "tjek" and len(lines) != 1:
                problems.append(f"{len(lines)} fejl-lines")
            if seconds > SECONDS_PER_COMMAND:
                problems.append(f"took {seconds:.1f} s")
            after = snapshot(folder)
            changed = [p.name for p, content in before.items() if after.get(p) != content]
            if changed:
                problems.append(f"changed {changed}")
            if code != 0 and case.argv[0] in ("generate", "ny"):
                left = [p.name for p in case.expect_output if p.exists()]
                if left:
                    problems.append(f"left {left}")
            if problems:
                failures.append(f"{case.name} {index}: {', '.join(problems)}: {err.strip()[:200]!r}")
    assert REFERENCE.read_bytes() == reference_before
    assert count >= 500
    assert failures == []
