"""Hostile and broken input (issue 10): refused in one Danish line, never a crash or a silent figure."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from svarbrev_runner import run_svarbrev

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"




def with_template(tmp_path: Path, name: str) -> Path:
    text = REFERENCE.read_text(encoding="utf-8")
    assert "  skabelon: direktionen\n" in text
    path = tmp_path / "spm.yaml"
    path.write_text(text.replace("  skabelon: direktionen\n", f"  skabelon: '{name}'\n").replace("mappe: ../data", f"mappe: {ROOT / 'examples' / 'data'}"), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["/tmp", "direktionen/../../examples", "../templates/direktionen", "direktionen/"])
def test_a_template_that_is_a_path_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    path = with_template(tmp_path, name)
    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"fejl: {path} linje ") and f"brev.skabelon: ukendt skabelon '{name}'" in line
    assert not (tmp_path / "svar.docx").exists()


def test_an_unknown_template_name_names_file_line_and_field(tmp_path: Path) -> None:
    path = with_template(tmp_path, "findes_ikke")
    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")
    assert result.returncode == 1
    assert f"{path} linje " in result.stderr and "brev.skabelon: ukendt skabelon 'findes_ikke' (findes: direktionen)" in result.stderr


def test_a_template_folder_outside_the_templates_is_never_loaded_even_as_a_symlink(tmp_path: Path) -> None:
    from generator.errors import TemplateError
    from generator.profile import load_profile

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    foreign = tmp_path / "fremmed"
    shutil.copytree(ROOT / "templates" / "direktionen", foreign)
    (templates / "genvej").symlink_to(foreign)
    with pytest.raises(TemplateError, match="ukendt skabelon 'genvej'"):
        load_profile("genvej", templates)


# -- unbounded reads, OS errors and sidecars of another shape ----------------------------------------------


def one_line_refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode in (1, 2), result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("fejl: ")
    return line


def test_a_device_as_question_file_is_refused_without_reading_it() -> None:
    assert one_line_refusal(run_svarbrev("generate", "/dev/zero")) == "fejl: /dev/zero: er ikke en almindelig fil (fx en enhed eller en FIFO)"


def test_a_fifo_as_question_file_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "spm.yaml"
    os.mkfifo(fifo)
    result = subprocess.run([sys.executable, "-m", "generator", "generate", str(fifo)], capture_output=True, text=True, timeout=20)
    assert one_line_refusal(result).endswith("er ikke en almindelig fil (fx en enhed eller en FIFO)")


def test_a_question_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "stor.yaml"
    path.write_bytes(b"# " + b"x" * (3 * 1024 * 1024))
    assert "filen er for stor (3,0 MB; grænsen er 2,0 MB)" in one_line_refusal(run_svarbrev("generate", path))


def test_a_symlink_loop_and_a_too_long_name_are_said_in_danish(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert one_line_refusal(run_svarbrev("generate", tmp_path / "a.yaml")).endswith("stien har for mange symbolske links (en løkke?)")
    assert one_line_refusal(run_svarbrev("generate", tmp_path / ("x" * 300 + ".yaml"))).endswith("navnet er for langt")


def test_a_device_is_never_the_output_even_with_overskriv(tmp_path: Path) -> None:
    path = with_template(tmp_path, "direktionen")
    line = one_line_refusal(run_svarbrev("generate", path, "-o", "/dev/null", "--overskriv"))
    assert line == "fejl: /dev/null: er ikke en almindelig fil (fx en enhed); svarbrev skriver kun almindelige filer"


def test_the_question_file_itself_is_never_the_output(tmp_path: Path) -> None:
    path = with_template(tmp_path, "direktionen")
    before = path.read_bytes()
    line = one_line_refusal(run_svarbrev("generate", path, "-o", path, "--overskriv"))
    assert "er ikke et svarbrev" in line and path.read_bytes() == before


@pytest.fixture(scope="module")
def reference_letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("brev")
    path = with_template(folder, "direktionen")
    output = folder / "svar.docx"
    assert run_svarbrev("generate", path, "-o", output).returncode == 0
    return output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"afsnit": [], "tal": [{"sted": "tabel"}]}', "sidefilen har ikke svarbrevs form (mangler 'tabel')"),
        ("[1, 2]", "sidefilen har ikke svarbrevs form;"),
        ("[" * 100_000, "sidefilen er for dybt indlejret"),
    ],
)
def test_a_sidecar_of_another_shape_is_one_line(tmp_path: Path, reference_letter: Path, content: str, message: str) -> None:
    sidecar = tmp_path / "tal.json"
    sidecar.write_text(content, encoding="utf-8")
    assert message in one_line_refusal(run_svarbrev("tjek", reference_letter, "--tal", sidecar))


def test_a_device_as_sidecar_is_refused(reference_letter: Path) -> None:
    assert one_line_refusal(run_svarbrev("tjek", reference_letter, "--tal", "/dev/zero")).endswith("er ikke en almindelig fil (fx en enhed eller en FIFO)")


def test_a_recipient_list_that_is_not_a_csv_is_never_echoed(tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_bytes(b"root:$6$hemmelig-hash:19000:0:99999:7:::\n\xff\xfe")
    path = with_template(tmp_path, "direktionen")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  modtager: ", f"  modtagere: {secret}\n  #modtager: ", 1), encoding="utf-8")
    result = run_svarbrev("batch", path, "-o", tmp_path / "ud")
    everything = result.stdout + result.stderr + (tmp_path / "ud" / "rapport.csv").read_text(encoding="utf-8-sig")
    assert "hemmelig" not in everything and "root:" not in everything
    assert "er ikke UTF-8" in everything


def test_a_readable_file_that_is_no_recipient_list_has_its_first_line_kept_to_itself(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root-hemmelig:/root:/bin/bash\n", encoding="utf-8")
    path = with_template(tmp_path, "direktionen")
    path.write_text(path.read_text(encoding="utf-8").replace("  modtager: ", f"  modtagere: {secret}\n  #modtager: ", 1), encoding="utf-8")
    result = run_svarbrev("batch", path, "-o", tmp_path / "ud")
    everything = result.stdout + result.stderr + (tmp_path / "ud" / "rapport.csv").read_text(encoding="utf-8-sig")
    assert "hemmelig" not in everything and "/bin/bash" not in everything
    assert "første linje har 1 kolonne uden 'modtager'" in everything


def test_a_question_over_the_text_limit_is_refused_at_its_line(tmp_path: Path) -> None:
    path = with_template(tmp_path, "direktionen")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "  - tekst: " + "Hvor mange " * 1000 + "\n", encoding="utf-8")
    line = one_line_refusal(run_svarbrev("generate", path, "-o", tmp_path / "svar.docx"))
    assert "spørgsmål[4].tekst: teksten er for lang (10.999 tegn; grænsen er 5.000)" in line and " linje " in line


def recipients_batch(tmp_path: Path, cell: str) -> subprocess.CompletedProcess[str]:
    listing = tmp_path / "modtagere.csv"
    listing.write_text(f"modtager;parti\n{cell};A\nSara Andersen;B\n", encoding="utf-8")
    path = with_template(tmp_path, "direktionen")
    path.write_text(path.read_text(encoding="utf-8").replace("  modtager: ", f"  modtagere: {listing}\n  #modtager: ", 1), encoding="utf-8")
    return run_svarbrev("batch", path, "-o", tmp_path / "ud")


def test_a_control_character_in_a_recipient_cell_is_cleaned_away(tmp_path: Path) -> None:
    result = recipients_batch(tmp_path, "Bad\x0bName")
    assert result.returncode == 0, result.stdout + result.stderr
    names = sorted(p.name for p in (tmp_path / "ud").glob("*.docx"))
    assert len(names) == 2 and "uventet fejl" not in result.stdout + result.stderr


def test_a_huge_recipient_cell_is_refused_in_one_line(tmp_path: Path) -> None:
    result = recipients_batch(tmp_path, "x" * 5000)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cellen 'modtager' er for lang (over 1000 tegn)" in (tmp_path / "ud" / "rapport.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("written", ["2108-01-01", "0001-01-01"])
def test_a_letter_date_outside_what_a_letter_can_have_is_refused_at_its_line(tmp_path: Path, written: str) -> None:
    path = with_template(tmp_path, "direktionen")
    text = path.read_text(encoding="utf-8")
    assert "\nbrev:\n  dato: 2025-07-08\n" in text
    path.write_text(text.replace("\nbrev:\n  dato: 2025-07-08\n", f"\nbrev:\n  dato: {written}\n", 1), encoding="utf-8")
    line = one_line_refusal(run_svarbrev("generate", path, "-o", tmp_path / "svar.docx"))
    assert f"brev.dato: datoen {written} ligger uden for 1990-2099" in line


# -- implausible data is said, not printed silently ------------------------------------------------------


def reference_with_data(tmp_path: Path, letter_date: str = "2025-07-08") -> tuple[Path, Path]:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "examples" / "data", data, ignore=shutil.ignore_patterns("eksempeldata"))
    path = with_template(tmp_path, "direktionen")
    text = path.read_text(encoding="utf-8").replace("  dato: 2025-07-08\n", f"  dato: {letter_date}\n", 1)
    path.write_text(text.replace(f"mappe: {ROOT / 'examples' / 'data'}", f"mappe: {data}"), encoding="utf-8")
    return path, data


def test_an_older_extract_with_a_newer_period_gives_no_change_and_a_warning(tmp_path: Path) -> None:
    path, data = reference_with_data(tmp_path)
    older = data / "y08a02_2024-08-12.csv"
    older.write_text(older.read_text(encoding="utf-8").replace("2024QMAT02", "2025QMAT02"), encoding="utf-8")

    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")

    assert result.returncode == 0, result.stderr
    assert "y08a02_2024-08-12.csv (udtræk af 12-08-2024) har perioden 3. kvartal 2024 – 2. kvartal 2025, som ikke er ældre end 2. kvartal 2024 – 1. kvartal 2025" in result.stderr
    assert "ændringen siden sidste opgørelse er udeladt" in result.stderr


def test_an_extract_dated_after_the_letter_is_a_warning(tmp_path: Path) -> None:
    path, _ = reference_with_data(tmp_path, letter_date="2025-06-01")
    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")
    assert result.returncode == 0, result.stderr
    assert "y08a02_2025-06-30.csv er dateret 30-06-2025, efter brevdatoen 01-06-2025" in result.stderr


def test_a_source_remark_appears_under_every_table_of_that_source_fleksjob_too(tmp_path: Path) -> None:
    path, data = reference_with_data(tmp_path)
    sources = data / "kilder.yaml"
    text = sources.read_text(encoding="utf-8")
    remark = "Tallene er revideret 1. juli 2025."
    for table in ("y08a02", "fleksjobordningen"):
        text = text.replace(f"  {table}:\n", f"  {table}:\n    bemærkning: {remark}\n", 1)
    sources.write_text(text, encoding="utf-8")

    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")

    assert result.returncode == 0, result.stderr
    from readback import body_text

    assert body_text(tmp_path / "svar.docx").count(remark) == 2  # under Tabel 1 and Tabel 2


# -- ny on hostile inquiries ----------------------------------------------------------------------------------


def test_ny_on_an_odd_length_utf16_text_is_one_line(tmp_path: Path) -> None:
    inquiry = tmp_path / "henvendelse.txt"
    inquiry.write_bytes(b"\xff\xfeH\x00e\x00j\x00x")
    line = one_line_refusal(run_svarbrev("ny", inquiry))
    assert "er ikke gyldig UTF-16" in line


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("?" * 50_000, "fandt ingen spørgsmål"),  # was quadratic: 98 s
        ("Kære forvaltning\n\n" + "".join(f"{i}. Hvor mange er på kontanthjælp i år {i}?\n" for i in range(1, 4001)), "spørgsmål 99 er for langt"),
    ],
    ids=["50-kB-spørgsmålstegn", "4000-nummererede"],
)
def test_ny_on_a_huge_inquiry_answers_within_seconds(tmp_path: Path, content: str, expected: str) -> None:
    inquiry = tmp_path / "henvendelse.txt"
    inquiry.write_text(content, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "ny", str(inquiry)], capture_output=True, text=True, timeout=15)
    assert expected in one_line_refusal(result)


def test_ny_refuses_a_docx_that_would_unpack_to_more_than_the_limit(tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "henvendelse.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (250 * 1024 * 1024))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    assert "udpakket; grænsen er 200 MB" in one_line_refusal(run_svarbrev("ny", bomb))


def test_header_fields_longer_than_a_core_property_make_a_letter_with_shortened_properties(tmp_path: Path) -> None:
    import docx

    path = with_template(tmp_path, "direktionen")
    long_subject = "data på fleksjob " + "og ledighedsydelse " * 20
    text = path.read_text(encoding="utf-8").replace("emne: data på fleksjob", f"emne: {long_subject.strip()}").replace("sagsnummer: 2025-0123456", "sagsnummer: " + "9" * 300)
    path.write_text(text, encoding="utf-8")
    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")
    assert result.returncode == 0, result.stderr
    core = docx.Document(str(tmp_path / "svar.docx")).core_properties
    assert len(core.title) == 255 and core.title.endswith("…") and len(core.keywords) == 255


# -- batch: its output folder ---------------------------------------------------------------------------------


def test_batch_output_must_be_a_folder_that_can_be_made(tmp_path: Path) -> None:
    path = with_template(tmp_path, "direktionen")
    a_file = tmp_path / "fil"
    a_file.write_text("noget", encoding="utf-8")
    assert one_line_refusal(run_svarbrev("batch", path, "-o", a_file)).endswith("findes og er en fil, ikke en mappe; batch skriver brevene i en mappe")
    assert a_file.read_text(encoding="utf-8") == "noget"
    assert one_line_refusal(run_svarbrev("batch", path, "-o", a_file / "ud")).startswith(f"fejl: {a_file / 'ud'}: kunne ikke lave mappen")


@pytest.mark.parametrize("command", ["generate", "batch"])
def test_an_empty_output_path_is_refused_not_read_as_the_current_folder(tmp_path: Path, command: str) -> None:
    path = with_template(tmp_path, "direktionen")
    result = subprocess.run([sys.executable, "-m", "generator", command, str(path), "-o", ""], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2 and "fejl: -o: tom sti" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spm.yaml"]


def test_a_second_batch_into_a_folder_in_use_is_refused(tmp_path: Path) -> None:
    path = with_template(tmp_path, "direktionen")
    out = tmp_path / "ud"
    out.mkdir()
    (out / ".svarbrev.lock").write_text(str(os.getpid()), encoding="ascii")  # this test's process: alive
    line = one_line_refusal(run_svarbrev("batch", path, "-o", out))
    assert f"en anden kørsel af svarbrev batch skriver i mappen (proces {os.getpid()})" in line
    # A lock left by a run that died is taken over, and removed when the run ends.
    (out / ".svarbrev.lock").write_text("999999999", encoding="ascii")
    result = run_svarbrev("batch", path, "-o", out)
    assert result.returncode == 0, result.stderr
    assert not (out / ".svarbrev.lock").exists()


def test_the_summary_is_printed_even_when_the_report_cannot_be_written(tmp_path: Path) -> None:
    path = with_template(tmp_path, "direktionen")
    out = tmp_path / "ud"
    (out / "rapport.csv").mkdir(parents=True)  # a folder where the report should go
    result = run_svarbrev("batch", path, "-o", out)
    assert result.returncode == 1
    assert "1 ok" in result.stdout
    assert "fejl: rapporten kunne ikke skrives:" in result.stderr and "Traceback" not in result.stderr


def test_workers_stop_when_the_main_process_is_killed(tmp_path: Path) -> None:
    import signal
    import time

    for number in range(40):
        shutil.copy(with_template(tmp_path, "direktionen"), tmp_path / f"spm-{number:02d}.yaml")
    (tmp_path / "spm.yaml").unlink()
    main = subprocess.Popen([sys.executable, "-m", "generator", "batch", str(tmp_path), "-o", str(tmp_path / "ud"), "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    for _ in range(100):
        found = subprocess.run(["pgrep", "-P", str(main.pid)], capture_output=True, text=True).stdout.split()
        workers = [int(pid) for pid in found]
        if len(workers) >= 2:
            break
        time.sleep(0.1)
    assert workers, "the batch started no workers"
    main.send_signal(signal.SIGKILL)
    main.wait()
    deadline = time.time() + 10
    alive = workers
    while alive and time.time() < deadline:
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]
        time.sleep(0.2)
    assert alive == [], f"workers still running after the main process died: {alive}"


def test_a_home_area_whose_yearly_series_is_all_missing_is_a_gap(tmp_path: Path) -> None:
    path, data = reference_with_data(tmp_path)
    series = data / "fleksjobordningen_2025-06-30.csv"
    lines = series.read_text(encoding="utf-8").split("\n")
    series.write_text("\n".join([lines[0]] + [";".join(line.split(";")[:2] + ["..", ".."]) if line.startswith("København") else line for line in lines[1:]]), encoding="utf-8")
    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")
    assert result.returncode == 0, result.stderr
    assert "fleksjob.udvikling: fleksjobordningen_2025-06-30.csv: ingen årstal eller månedstal for København" in result.stderr
    from readback import body_text

    assert "[Data mangler til fleksjob.udvikling" in body_text(tmp_path / "svar.docx")


def test_a_device_as_recipient_list_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = with_template(tmp_path, "direktionen")
    path.write_text(path.read_text(encoding="utf-8").replace("  modtager: ", "  modtagere: /dev/zero\n  #modtager: ", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "batch", str(path), "-o", str(tmp_path / "ud")], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert "modtagerlisten /dev/zero: er ikke en almindelig fil" in (tmp_path / "ud" / "rapport.csv").read_text(encoding="utf-8-sig")

