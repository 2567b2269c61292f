"""What a command costs to start: pandas is loaded only to read and check a new extract, and the text
templates' compiled form is kept between runs without ever standing in for an edited template."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from pathlib import Path

from generator.cli import run
from generator.rendering.text import TextRenderer, _QuietBytecodeCache

PROJECT = Path(__file__).resolve().parent.parent
REFERENCE = PROJECT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"

LOADED = """
import contextlib, io, sys
from generator.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(code, *(name in sys.modules for name in ("pandas.core.frame", "numpy.linalg", "snowballstemmer.danish_stemmer", "http.client")))
"""


def loaded_after(*args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True, cwd=PROJECT, check=True)
    return result.stdout.split()


# Each answer: exit code, then whether pandas, numpy, the Danish stemmer and the HTTP client were loaded
# (only `hent` talks to a server).


def test_match_and_metrikker_answer_without_loading_pandas_or_numpy() -> None:
    assert loaded_after("match", "--json", str(REFERENCE)) == ["0", "False", "False", "True", "False"]
    assert loaded_after("metrikker") == ["0", "False", "False", "False", "False"]


def test_generate_loads_pandas_only_to_check_an_extract_and_the_stemmer_only_when_it_matches_words(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "examples" / "data", data, ignore=shutil.ignore_patterns(".*"))
    question = tmp_path / "svar.yaml"
    question.write_text(REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {data}"), encoding="utf-8")
    # The first letter on new extracts reads and checks them with pandas, and keeps what it checked beside them;
    assert loaded_after("generate", str(question), "-o", str(tmp_path / "første.docx")) == ["0", "True", "True", "False", "False"]
    # the next reads the checked cells it needs, without pandas or numpy.
    assert loaded_after("generate", str(question), "-o", str(tmp_path / "næste.docx")) == ["0", "False", "False", "False", "False"]
    free_text = tmp_path / "fri.yaml"
    free_text.write_text(question.read_text(encoding="utf-8").replace("    metrikker: [fleksjob.sammenligning]\n", ""), encoding="utf-8")
    assert loaded_after("generate", str(free_text), "-o", str(tmp_path / "fri.docx")) == ["0", "False", "False", "True", "False"]


def test_the_command_exits_with_main_s_code_leaving_its_objects_to_the_exit(monkeypatch, capsys) -> None:
    """`svarbrev` (generator.cli:run) freezes the heap once main has answered: the interpreter's
    shutdown then skips walking everything pandas made (about 0,1 s of a cold run)."""
    monkeypatch.setattr(sys, "argv", ["svarbrev", "metrikker"])
    try:
        assert run() == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert "fleksjob.antal" in capsys.readouterr().out


def test_an_edited_text_template_is_compiled_anew_not_read_from_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "tekster"
    folder.mkdir()
    template = folder / "svar.j2"
    template.write_text("Der er {{ n }} i fleksjob.", encoding="utf-8")
    assert TextRenderer(folder).render_text("svar.j2", {"n": 5}) == "Der er 5 i fleksjob."

    template.write_text("Der var {{ n }} ansat i fleksjob.", encoding="utf-8")

    assert TextRenderer(folder).render_text("svar.j2", {"n": 5}) == "Der var 5 ansat i fleksjob."


def test_a_cache_folder_that_cannot_be_written_only_costs_the_compiling(tmp_path: Path, monkeypatch) -> None:
    not_a_folder = tmp_path / "fil"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setattr("generator.rendering.text.compiled_templates_cache", lambda: _QuietBytecodeCache(str(not_a_folder)))
    folder = tmp_path / "tekster"
    folder.mkdir()
    (folder / "svar.j2").write_text("{{ n }} personer", encoding="utf-8")

    assert TextRenderer(folder).render_text("svar.j2", {"n": 7}) == "7 personer"
