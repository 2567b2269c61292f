"""What is on disk when: a letter reaches the disk before it takes its name, and its folder once its names are there
(`generate` after its letter, `batch` once at the end); a batch killed halfway (kill -9, the whole process group)
leaves whole letters, each with its sidecar, and nothing else under a letter's name, and the next run takes over,
clears what the killed one left and finishes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.batch import Options, run_batch
from generator.letter.package import is_unedited
from generator.reply import generate_reply

PROJECT = Path(__file__).resolve().parent.parent
REFERENCE = PROJECT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
LETTERS = 200


def question_files(folder: Path) -> Path:
    folder.mkdir()
    text = REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {PROJECT / 'examples' / 'data'}")
    for number in range(LETTERS):
        (folder / f"spm-{number:02d}.yaml").write_text(text, encoding="utf-8")
    return folder


def batch(questions: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "batch", str(questions), "-o", str(out), "--jobs", "2"]


def letters_in(out: Path) -> list[Path]:
    return sorted(out.glob("*.docx"))


def temporaries(out: Path) -> list[str]:
    return [entry.name for entry in os.scandir(out) if entry.name.endswith(".tmp")]


def test_a_batch_killed_midway_leaves_whole_letters_with_their_sidecars_and_the_next_run_finishes(tmp_path: Path) -> None:
    questions, out = question_files(tmp_path / "spm"), tmp_path / "ud"
    running = subprocess.Popen(batch(questions, out), cwd=PROJECT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(letters_in(out)) < 10 and time.monotonic() < deadline and running.poll() is None:
        time.sleep(0.01)
    # Killed while a letter is being written: stopped as soon as a temporary file is seen, and killed only if it is
    # still there once everything stands still (else let go on and try again).
    while time.monotonic() < deadline and running.poll() is None:
        if temporaries(out):
            os.killpg(running.pid, signal.SIGSTOP)
            time.sleep(0.05)
            if temporaries(out):
                break
            os.killpg(running.pid, signal.SIGCONT)
    os.killpg(running.pid, signal.SIGKILL)
    running.wait()
    assert temporaries(out), "the batch was not killed in the middle of a write"

    written = letters_in(out)
    assert 10 <= len(written) < LETTERS, "the batch was not killed halfway"
    for letter in written:
        assert is_unedited(letter.read_bytes()), f"{letter.name} is not whole"
        assert json.loads(letter.with_suffix(".tal.json").read_text(encoding="utf-8"))["tal"], f"{letter.name} has no sidecar"
    assert (out / ".svarbrev.lock").exists()  # the killed run could not clean up

    again = subprocess.run(batch(questions, out), cwd=PROJECT, capture_output=True, text=True)

    assert again.returncode == 0, again.stderr
    assert len(letters_in(out)) == LETTERS and all(is_unedited(letter.read_bytes()) for letter in letters_in(out))
    assert sorted(path.name for path in out.iterdir() if path.name.startswith(".")) == []  # no lock, no temporaries


@pytest.fixture
def synced(monkeypatch) -> list[str]:
    """The name of every file or folder synced to disk from here on (a temporary by its temporary name)."""
    names: list[str] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda handle: names.append(Path(os.readlink(f"/proc/self/fd/{handle}")).name) or real(handle))
    return names


def test_generate_syncs_the_letter_before_it_takes_its_name_and_then_the_folder(tmp_path: Path, synced: list[str]) -> None:
    generate_reply(REFERENCE, tmp_path / "svar.docx")

    assert len(synced) == 2
    assert synced[0].startswith(".svar.docx.") and synced[0].endswith(".tmp")
    assert synced[1] == tmp_path.name


def test_a_batch_syncs_each_letter_and_the_folder_once_at_the_end(tmp_path: Path, synced: list[str]) -> None:
    questions = tmp_path / "spm"
    questions.mkdir()
    for number in range(3):
        (questions / f"spm-{number}.yaml").write_text(REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {PROJECT / 'examples' / 'data'}"), encoding="utf-8")

    report = run_batch([str(questions)], tmp_path / "ud", Options(), workers=1)

    assert report.count("ok") == 3
    letters = [name for name in synced if ".docx." in name]
    assert len(letters) == 3 and not any(".tal.json." in name for name in synced)  # a sidecar is not synced on its own
    assert synced.count("ud") == 1 and synced[-1] == "ud"  # the folder once, last
