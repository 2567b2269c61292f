"""The `svarbrev` command as a caseworker meets it: one Danish line per refusal, and no stray files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from readback import body_text
from svarbrev_runner import run_svarbrev

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
INQUIRY_DOCX = ROOT / "tests" / "fixtures" / "indgaaende" / "sygedagpenge.docx"  # a citizen's letter, as received




def question_file(workspace: Path, text: str, name: str = "henvendelse.yaml") -> Path:
    path = workspace / "henvendelser" / name
    path.write_text(text, encoding="utf-8")
    return path


def reference_with(old: str, new: str) -> str:
    text = REFERENCE.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def assert_refused(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Non-zero exit, exactly one line on stderr starting with 'fejl:', no traceback."""
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("fejl: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def reply_of(question_path: Path) -> Path:
    """Where `generate` writes by default: henvendelse.yaml → henvendelse.svar.docx."""
    return question_path.with_name(question_path.stem + ".svar.docx")


def docx_files(folder: Path) -> list[Path]:
    """Every .docx, and every temporary file a crashed write might leave."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".docx", ".tmp"))


def test_generate_writes_the_reply_next_to_the_question_file_by_default(workspace: Path) -> None:
    path = question_file(workspace, REFERENCE.read_text(encoding="utf-8"))
    result = run_svarbrev("generate", path)
    assert result.returncode == 0, result.stderr
    written, registered = result.stdout.splitlines()
    assert written == f"skrev {workspace / 'henvendelser' / 'henvendelse.svar.docx'} (udkast; 3 spørgsmål, 2 tabeller) og henvendelse.svar.tal.json"
    assert registered.startswith("sag 2025-0123456: udkast, frist 09-07-2025 (")  # 10 working days from 25-06-2025
    assert path.with_name("henvendelse.svar.tal.json").is_file()
    assert "5.192 københavnere" in body_text(reply_of(path))
    assert not path.with_suffix(".docx").exists()


def test_the_default_reply_never_replaces_the_inquiry_the_question_file_was_made_from(workspace: Path) -> None:
    """adagpenge.docx (the citizen's letter) → svarbrev ny → adagpenge.yaml → generate --overskriv."""
    inquiry = workspace / "henvendelser" / "adagpenge.docx"
    shutil.copyfile(INQUIRY_DOCX, inquiry)
    original = inquiry.read_bytes()
    assert run_svarbrev("ny", inquiry).returncode == 0

    result = run_svarbrev("generate", workspace / "henvendelser" / "adagpenge.yaml", "--overskriv")

    assert result.returncode == 0, result.stderr
    assert inquiry.read_bytes() == original
    assert result.stdout.splitlines()[0].endswith("og adagpenge.svar.tal.json")
    assert result.stdout.splitlines()[1].startswith("sag #1: udkast")  # `ny` registered it without a sagsnummer
    assert sorted(p.name for p in inquiry.parent.iterdir()) == [
        "adagpenge.docx", "adagpenge.svar.docx", "adagpenge.svar.tal.json", "adagpenge.yaml"
    ]
    assert "Ad 1:" in body_text(workspace / "henvendelser" / "adagpenge.svar.docx")


def test_overskriv_never_replaces_a_file_that_is_not_a_svarbrev_letter(workspace: Path) -> None:
    path = question_file(workspace, REFERENCE.read_text(encoding="utf-8"))
    inquiry = workspace / "henvendelser" / "borgerens-brev.docx"
    shutil.copyfile(INQUIRY_DOCX, inquiry)
    original = inquiry.read_bytes()

    result = run_svarbrev("generate", path, "-o", inquiry, "--overskriv")

    assert_refused(result, str(inquiry), "er ikke et svarbrev", "heller ikke med --overskriv")
    assert inquiry.read_bytes() == original
    assert not (workspace / "henvendelser" / "borgerens-brev.tal.json").exists()


def test_the_console_script_does_the_same_as_python_m_generator(workspace: Path) -> None:
    executable = shutil.which("svarbrev")
    if executable is None:
        pytest.skip("svarbrev er ikke installeret som kommando (pip install -e .)")
    output = workspace / "svar.docx"
    result = subprocess.run([executable, "generate", str(REFERENCE), "-o", str(output)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Kære Hassan Nur Wardere" in body_text(output)


def test_unknown_key_names_file_line_field_and_a_suggestion(workspace: Path) -> None:
    text = reference_with("  modtager:", "  modtagr:")
    path = question_file(workspace, text)
    message = assert_refused(run_svarbrev("generate", path), "henvendelse.modtagr", "mente du 'modtager'")
    assert message.startswith(f"fejl: {path} linje {line_of(text, 'modtagr')}: ")
    assert docx_files(workspace) == []


def test_wrong_type_is_refused(workspace: Path) -> None:
    text = reference_with("  emne: data på fleksjob", "  emne: [data, fleksjob]")
    path = question_file(workspace, text)
    assert_refused(run_svarbrev("generate", path), f"linje {line_of(text, 'emne:')}", "henvendelse.emne", "skal være en tekst")
    assert docx_files(workspace) == []


def test_impossible_date_is_refused(workspace: Path) -> None:
    text = reference_with("  dato: 2025-06-25", "  dato: 2025-02-30")
    path = question_file(workspace, text)
    assert_refused(run_svarbrev("generate", path), f"linje {line_of(text, '2025-02-30')}", "henvendelse.dato", "ugyldig dato '2025-02-30'")
    assert docx_files(workspace) == []


def test_an_empty_question_is_refused(workspace: Path) -> None:
    text = reference_with("  - tekst: Hvordan er de tal", "  - tekst: ''\n    noter: x\n  - tekst: Hvordan er de tal")
    text = text.replace("    noter: x\n", "")
    path = question_file(workspace, text)
    assert_refused(run_svarbrev("generate", path), "spørgsmål[2].tekst", "må ikke være tom")
    assert docx_files(workspace) == []


def test_no_questions_at_all_is_refused(workspace: Path) -> None:
    head = REFERENCE.read_text(encoding="utf-8").split("spørgsmål:")[0]
    path = question_file(workspace, head + "spørgsmål: []\n")
    assert_refused(run_svarbrev("generate", path), "spørgsmål", "mindst ét spørgsmål")
    assert docx_files(workspace) == []


def generate_refused(workspace: Path, old: str, new: str) -> tuple[str, Path, str]:
    """The reference file with `old` replaced by `new`, refused by generate with nothing written:
    (its text, its path, the one error line)."""
    text = reference_with(old, new)
    path = question_file(workspace, text)
    message = assert_refused(run_svarbrev("generate", path))
    assert docx_files(workspace) == []
    return text, path, message


def test_unknown_metric_suggests_the_closest_one(workspace: Path) -> None:
    text, path, message = generate_refused(workspace, "[fleksjob.sammenligning]", "[fleksjob.antl]")
    assert message == (
        f"fejl: {path} linje {line_of(text, 'fleksjob.antl')}: spørgsmål[2].metrikker: "
        "ukendt metrik 'fleksjob.antl' — mente du 'fleksjob.antal'?"
    )


def test_template_syntax_and_markup_in_a_question_are_printed_literally(workspace: Path) -> None:
    nasty = "Hvad med {{ 7*7 }} og {% raw %} og <&> og\x07 en klokke?"
    text = reference_with(
        "  - tekst: Hvad er årsagerne",
        f'  - tekst: "{nasty.replace(chr(7), chr(92) + "a")}"\n  - tekst: Hvad er årsagerne',
    )
    path = question_file(workspace, text)
    result = run_svarbrev("generate", path)
    assert result.returncode == 0, result.stderr
    letter = body_text(reply_of(path))
    assert "Hvad med {{ 7*7 }} og {% raw %} og <&> og en klokke?" in letter
    assert "Hvad med 49" not in letter
    assert "[Ikke forstået: »7 7«, »raw«, »klokke«" in letter  # words svarbrev does not know: marked, never answered


def test_an_existing_reply_is_not_overwritten_without_overskriv(workspace: Path) -> None:
    path = question_file(workspace, REFERENCE.read_text(encoding="utf-8"))
    assert run_svarbrev("generate", path).returncode == 0
    existing = reply_of(path)
    edited = docx.Document(str(existing))
    edited.paragraphs[1].text = "Sagsbehandlerens rettede udgave."
    edited.save(str(existing))
    before = existing.read_bytes()
    assert_refused(run_svarbrev("generate", path), str(existing), "findes allerede", "--overskriv")
    assert existing.read_bytes() == before
    assert run_svarbrev("generate", path, "--overskriv").returncode == 0
    assert "Sagsbehandlerens rettede udgave" not in body_text(existing)
    assert "Kære Hassan Nur Wardere" in body_text(existing)


def test_a_refusal_never_touches_an_existing_reply_even_with_overskriv(workspace: Path) -> None:
    path = question_file(workspace, reference_with("  dato: 2025-06-25", "  dato: 2025-13-01"))
    existing = reply_of(path)
    existing.write_bytes(b"tidligere svar")
    assert_refused(run_svarbrev("generate", path, "--overskriv"), "ugyldig dato")
    assert existing.read_bytes() == b"tidligere svar"
    assert docx_files(workspace) == [existing]


def test_a_broken_data_extract_is_refused_with_its_file_and_line(workspace: Path) -> None:
    extract = workspace / "data" / "y09a02_2025-06-30.csv"
    extract.write_text(extract.read_text(encoding="utf-8").replace("1.009", "1.00 9"), encoding="utf-8")
    path = question_file(workspace, REFERENCE.read_text(encoding="utf-8"))
    assert_refused(run_svarbrev("generate", path), "y09a02_2025-06-30.csv linje 3", "ugyldigt tal")
    assert docx_files(workspace) == []


def test_a_missing_data_folder_names_the_field_in_the_question_file(workspace: Path) -> None:
    text = reference_with("mappe: ../data", "mappe: ../ingen-data")
    path = question_file(workspace, text)
    assert_refused(run_svarbrev("generate", path), f"linje {line_of(text, 'ingen-data')}", "data.mappe", "datamappen findes ikke")
    assert docx_files(workspace) == []


def test_data_option_overrides_the_question_files_folder(workspace: Path) -> None:
    text = reference_with("mappe: ../data", "mappe: ../ingen-data")
    path = question_file(workspace, text)
    assert run_svarbrev("generate", path, "--data", workspace / "data").returncode == 0


def test_a_missing_question_file_is_one_line(workspace: Path) -> None:
    assert_refused(run_svarbrev("generate", workspace / "findes-ikke.yaml"), "findes-ikke.yaml", "findes ikke")


def test_usage_errors_are_in_danish(workspace: Path) -> None:
    result = run_svarbrev("generate")
    assert result.returncode == 2
    assert "fejl: mangler: SPØRGSMÅLSFIL" in result.stderr
    assert "brug: svarbrev generate" in result.stderr
    unknown = run_svarbrev("lav-brev")
    assert unknown.returncode == 2 and "ukendt kommando 'lav-brev'" in unknown.stderr


def test_metrikker_lists_the_catalogue_with_the_data_each_needs() -> None:
    result = run_svarbrev("metrikker")
    assert result.returncode == 0
    for metric_id in ("fleksjob.antal", "fleksjob.kommunen_som_arbejdsgiver", "fleksjob.sammenligning", "fleksjob.udvikling"):
        assert metric_id in result.stdout
    assert "data: y08a02, y09a02" in result.stdout


def test_a_question_nothing_answers_gets_a_highlighted_placeholder_and_a_warning(workspace: Path) -> None:
    """No `metrikker`, no `svar`, and the matcher finds no metric for an opinion question."""
    text = reference_with(
        "  - tekst: Hvordan er de tal sammenlignet med de øvrige 6-byer (i faktiske tal og sammenlignet med antal indbyggere)?\n"
        "    metrikker: [fleksjob.sammenligning]\n",
        "  - tekst: Hvad mener forvaltningen om den nuværende fleksjobordning?\n",
    )
    path = question_file(workspace, text)
    result = run_svarbrev("generate", path)
    assert result.returncode == 0
    assert "spørgsmål 2: automatisk valgt: ingen metrik" in result.stdout
    assert "advarsel: spørgsmål 2 er ikke besvaret" in result.stderr
    assert "[Svar mangler]" in body_text(reply_of(path))


def test_option_values_are_checked_in_danish() -> None:
    bad_date = run_svarbrev("generate", "x.yaml", "--udtræk", "2025-13-01")
    assert bad_date.returncode == 2
    assert bad_date.stderr.strip().splitlines()[-1] == "fejl: --udtræk: ugyldig dato '2025-13-01' (forventede ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ)"
    no_workers = run_svarbrev("batch", "x", "-o", "ud", "--jobs", "0")
    assert no_workers.stderr.strip().splitlines()[-1] == "fejl: --jobs: skal være et helt tal større end 0, ikke '0'"


# -- the command itself: version, help, alias, dates, folders, wrong files ----------------------


def test_version_is_the_installed_packages_version() -> None:
    from importlib.metadata import version

    result = run_svarbrev("--version")
    assert result.returncode == 0
    assert result.stdout == f"svarbrev {version('svarbrev')}\n"


def test_svarbrev_alone_prints_the_help_and_exits_0() -> None:
    result = run_svarbrev(process=True)  # the entry point itself: `python -m generator`
    assert result.returncode == 0
    assert result.stdout.startswith("brug: svarbrev [-h] [--version] KOMMANDO ...")
    assert "generate (generer)" in result.stdout and "lav et svarbrev (.docx) ud fra en spørgsmålsfil" in result.stdout
    assert result.stderr == ""


def test_generer_is_the_danish_name_of_generate(workspace: Path) -> None:
    path = question_file(workspace, REFERENCE.read_text(encoding="utf-8"))
    result = run_svarbrev("generer", path)
    assert result.returncode == 0, result.stderr
    assert "5.192 københavnere" in body_text(reply_of(path))


def test_a_yaml_syntax_error_is_one_danish_line_with_line_and_column(workspace: Path) -> None:
    text, path, message = generate_refused(workspace, "  emne: data på fleksjob", "  emne: data: fleksjob")
    assert message == (
        f"fejl: {path} linje {line_of(text, 'emne: data: fleksjob')}, kolonne 13: ugyldig YAML: et kolon (': ') kan ikke stå her — "
        "sæt teksten i anførselstegn, hvis den indeholder ': '"
    )


def test_o_creates_a_missing_output_folder_but_not_when_the_letter_is_refused(workspace: Path) -> None:
    refused = question_file(workspace, reference_with("  dato: 2025-06-25", "  dato: 2025-02-30"), name="i-stykker.yaml")
    assert_refused(run_svarbrev("generate", refused, "-o", workspace / "afvist" / "svar.docx"), "ugyldig dato")
    assert not (workspace / "afvist").exists()
    (workspace / "fil").write_text("", encoding="utf-8")
    assert_refused(run_svarbrev("generate", REFERENCE, "-o", workspace / "fil" / "svar.docx"), f"{workspace / 'fil'}: er en fil, ikke en mappe")

    result = run_svarbrev("generate", REFERENCE, "-o", Path("ud") / "svar.docx", cwd=workspace)

    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (workspace / "ud").iterdir()) == ["svar.docx", "svar.tal.json"]


@pytest.mark.parametrize("written", ["31-12-2024", "31.12.2024", "2024-12-31"])
def test_udtraek_takes_the_danish_date_order_as_well(workspace: Path, written: str) -> None:
    """On 31 December 2024 only the fleksjob extract of 12 August 2024 existed."""
    path = question_file(workspace, REFERENCE.read_text(encoding="utf-8").replace("  udtræk: 2025-06-30\n", ""))
    result = run_svarbrev("generate", path, "--udtræk", written)
    assert result.returncode == 0, result.stderr
    sidecar = path.with_name("henvendelse.svar.tal.json").read_text(encoding="utf-8")
    assert "y08a02_2024-08-12.csv" in sidecar
    assert "y08a02_2025-06-30.csv" not in sidecar


def test_tjek_on_a_file_that_is_not_a_docx_says_so_in_one_line(workspace: Path) -> None:
    notes = workspace / "noter.txt"
    notes.write_text("ikke et brev", encoding="utf-8")
    disguised = workspace / "ikke-et-brev.docx"
    disguised.write_text("ikke et brev", encoding="utf-8")
    for path in (notes, disguised):
        message = assert_refused(run_svarbrev("tjek", path))
        assert message == f"fejl: {path}: er ikke et Word-dokument (.docx); tjek læser svarbrevet, fx svar.docx"


@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_output_piped_into_a_reader_that_stops_ends_quietly(unbuffered: str) -> None:
    """`svarbrev metrikker | head`: when the reader goes away, svarbrev stops without an "uventet fejl"
    or Python's "Exception ignored" on the terminal, with a shell's SIGPIPE status (141)."""
    import os

    environment = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "metrikker"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=environment
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before svarbrev writes a line
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 141
    assert stderr == ""
