"""`svarbrev batch`: many replies in one run, safely.

The big test builds 50+ question files from the examples (two of them broken, one with a
recipient list), runs them on two workers, and checks every output, every report row and the exit
status. Others show that an edited reply is skipped unless --overskriv, and that a newer extract is
picked up (or pinned away) on re-runs.
"""

from __future__ import annotations

import csv
import datetime
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from questionfiles import asked, write_question_file
from readback import body_text, tables
from svarbrev_runner import run_svarbrev

from generator.batch import FAILED, OK, SKIPPED, Options, neutralised, output_names, run_batch, slug

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REFERENCE = EXAMPLES / "henvendelser" / "fleksjob-2025-06-25.yaml"
SCHEMES = {
    "fleksjob": ("Hvor mange københavnere er i fleksjob?", "examples/data"),
    "kontanthjaelp": ("Hvor mange københavnere er på kontanthjælp?", "examples/data"),
    "sygedagpenge": ("Hvor mange københavnere er på sygedagpenge?", "examples/data/eksempeldata"),
    "a_dagpenge": ("Hvor mange københavnere er på a-dagpenge?", "examples/data/eksempeldata"),
    "ressourceforloeb": ("Hvor mange københavnere er i ressourceforløb?", "examples/data/eksempeldata"),
}


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_svarbrev(*args, timeout=600)


def report_rows(out_dir: Path) -> list[dict[str, str]]:
    with (out_dir / "rapport.csv").open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=";"))


def question_file(folder: Path, name: str, scheme: str, number: int) -> Path:
    question, data = SCHEMES[scheme]
    return write_question_file(
        folder / f"{name}.yaml",
        [asked(question), asked("Hvordan ligger København i forhold til de øvrige 6-byer?")],
        data=ROOT / data,
        recipient=f"Medlem {number}",
        date=datetime.date(2025, 6, 1 + number % 28),
        subject=scheme,
        case_number=f"2025-{number:07d}",
        letter_date=datetime.date(2025, 7, 8),
    )


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    sources = tmp_path_factory.mktemp("kilder")
    schemes = list(SCHEMES)
    for number in range(48):
        folder = sources / ("a" if number % 2 else "b")
        folder.mkdir(exist_ok=True)
        question_file(folder, f"henvendelse-{number:02d}", schemes[number % len(schemes)], number)
    (sources / "a" / "i-stykker.yaml").write_text(
        "henvendelse:\n  modtager: X\n  dato: 2025-02-30\n  emne: fleksjob\nspørgsmål:\n  - tekst: Hvor mange?\n", encoding="utf-8"
    )
    (sources / "b" / "ukendt-metrik.yaml").write_text(
        REFERENCE.read_text(encoding="utf-8").replace("[fleksjob.sammenligning]", "[fleksjob.sammenligninger]")
        .replace("mappe: ../data", f"mappe: {EXAMPLES / 'data'}"),
        encoding="utf-8",
    )
    shutil.copy(EXAMPLES / "batch" / "modtagere.csv", sources / "modtagere.csv")
    (sources / "udvalg.yaml").write_text(
        (EXAMPLES / "batch" / "udvalg-fleksjob.yaml").read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {EXAMPLES / 'data'}"),
        encoding="utf-8",
    )
    out_dir = tmp_path_factory.mktemp("ud")
    result = run_cli("batch", sources, "-o", out_dir, "--jobs", "2")
    return sources, out_dir, result


def test_a_batch_of_fifty_writes_every_good_reply_and_reports_every_file(big_batch) -> None:
    _sources, out_dir, _result = big_batch
    rows = report_rows(out_dir)

    assert len(rows) == 48 + 2 + 3  # 48 files, 2 broken ones, 3 recipients
    assert [r for r in rows if r["status"] == FAILED] == [r for r in rows if r["fil"].endswith(("i-stykker.yaml", "ukendt-metrik.yaml"))]
    assert sum(r["status"] == OK for r in rows) == 51
    for row in rows:
        assert set(row) == {"fil", "modtager", "status", "udskrift", "besked", "varighed_s"}
        assert float(row["varighed_s"].replace(",", ".")) >= 0
        if row["status"] == OK:
            output = Path(row["udskrift"])
            assert output.is_file() and output.with_name(output.stem + ".tal.json").is_file()
            assert "Kære " in body_text(output)


def test_broken_files_fail_with_their_message_and_the_exit_status_says_so(big_batch) -> None:
    _, out_dir, result = big_batch
    failures = {Path(r["fil"]).name: r["besked"] for r in report_rows(out_dir) if r["status"] == FAILED}

    assert result.returncode == 1
    assert "ugyldig dato '2025-02-30'" in failures["i-stykker.yaml"]
    assert "mente du 'fleksjob.sammenligning'" in failures["ukendt-metrik.yaml"]
    assert "2 fejl" in result.stdout and "i-stykker.yaml" in result.stdout
    assert "Traceback" not in result.stderr


def test_equal_file_names_in_different_folders_get_their_folder_in_the_output_name(big_batch) -> None:
    _, out_dir, _ = big_batch
    names = sorted(p.name for p in out_dir.glob("*.docx"))
    assert "a__henvendelse-01.docx" not in names  # unique names are kept as they are
    assert "henvendelse-01.docx" in names and "henvendelse-02.docx" in names
    assert output_names([Path("x/a.yaml"), Path("y/a.yaml")]) == {Path("x/a.yaml"): "x__a", Path("y/a.yaml"): "y__a"}


def test_a_recipient_list_gives_one_reply_per_row_with_its_fields_filled_in(big_batch) -> None:
    _, out_dir, _ = big_batch
    replies = sorted(out_dir.glob("udvalg-*.docx"))

    assert [p.name for p in replies] == [
        "udvalg-01-hassan-nur-wardere.docx",
        "udvalg-02-sara-andersen.docx",
        "udvalg-03-jonas-berg.docx",
    ]
    third = body_text(replies[2])
    assert "Kære Jonas Berg" in third
    assert "vedrørende data på fleksjob til Økonomiudvalget." in third
    header = [p.text for p in docx.Document(str(replies[2])).sections[0].first_page_header.paragraphs]
    assert "Sagsnr. 2025-0123458" in header


def test_every_computed_reply_holds_its_figures(big_batch) -> None:
    _, out_dir, _ = big_batch
    first = body_text(out_dir / "henvendelse-00.docx")  # fleksjob, real data
    assert "5.192 københavnere ansat i fleksjob" in first
    assert tables(out_dir / "henvendelse-00.docx")[0][3][:2] == ["København", "4.448"]


def edit_like_word(path: Path, text: str) -> None:
    document = docx.Document(str(path))
    document.paragraphs[1].text = text
    document.save(str(path))


def test_an_edited_reply_is_skipped_and_kept_and_overskriv_replaces_it(tmp_path: Path) -> None:
    out_dir = tmp_path / "ud"
    assert run_cli("batch", REFERENCE, "-o", out_dir).returncode == 0
    reply = out_dir / "fleksjob-2025-06-25.docx"
    edit_like_word(reply, "Tak for dit spørgsmål. Her er sagsbehandlerens egen indledning.")

    again = run_cli("batch", REFERENCE, "-o", out_dir)

    assert again.returncode == 0
    assert [r["status"] for r in report_rows(out_dir)] == [SKIPPED]
    assert "rettet efter generering" in report_rows(out_dir)[0]["besked"]
    assert "sprunget over" in again.stdout and "fleksjob-2025-06-25.yaml" in again.stdout
    assert "sagsbehandlerens egen indledning" in body_text(reply)

    forced = run_cli("batch", REFERENCE, "-o", out_dir, "--overskriv")

    assert forced.returncode == 0 and [r["status"] for r in report_rows(out_dir)] == [OK]
    assert "sagsbehandlerens egen indledning" not in body_text(reply)


def test_an_unedited_earlier_reply_is_simply_renewed(tmp_path: Path) -> None:
    out_dir = tmp_path / "ud"
    run_cli("batch", REFERENCE, "-o", out_dir)
    again = run_cli("batch", REFERENCE, "-o", out_dir)
    assert again.returncode == 0 and [r["status"] for r in report_rows(out_dir)] == [OK]


def newer_extract(data: Path) -> None:
    """A new quarter: 2025QMAT02 in an extract dated 2025-09-30, København up to 5.300 persons."""
    text = (data / "y08a02_2025-06-30.csv").read_text(encoding="utf-8")
    text = text.replace("2025QMAT01", "2025QMAT02").replace("5.192;4.448", "5.300;4.520")
    (data / "y08a02_2025-09-30.csv").write_text(text, encoding="utf-8")


def test_a_newer_extract_is_compared_with_the_previous_one_and_a_pin_reproduces_the_reference(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "data", tmp_path / "data")
    (tmp_path / "henvendelser").mkdir()
    unpinned = tmp_path / "henvendelser" / "fleksjob.yaml"
    unpinned.write_text(REFERENCE.read_text(encoding="utf-8").replace("  udtræk: 2025-06-30\n", ""), encoding="utf-8")
    newer_extract(tmp_path / "data")

    report = run_batch([str(unpinned)], tmp_path / "nyt", Options(), workers=1)
    letter = body_text(tmp_path / "nyt" / "fleksjob.docx")

    assert [o.status for o in report.outcomes] == [OK]
    assert "I perioden fra 3. kvartal 2024 til 2. kvartal 2025 var 5.300 københavnere ansat i fleksjob." in letter
    assert "steget med 108 personer og 72 fuldtidspersoner siden opgørelsen for 2. kvartal 2024 til 1. kvartal 2025 fra den 30. juni 2025." in letter

    pinned = run_batch([str(unpinned)], tmp_path / "fastholdt", Options(extract_date=__import__("datetime").date(2025, 6, 30)), workers=1)
    reference = run_batch([str(REFERENCE)], tmp_path / "reference", Options(), workers=1)

    assert [o.status for o in pinned.outcomes + reference.outcomes] == [OK, OK]
    assert body_text(tmp_path / "fastholdt" / "fleksjob.docx") == body_text(tmp_path / "reference" / "fleksjob-2025-06-25.docx")


def test_a_source_that_matches_nothing_is_a_failed_row_not_a_crash(tmp_path: Path) -> None:
    result = run_cli("batch", tmp_path / "findes-ikke" / "*.yaml", REFERENCE, "-o", tmp_path / "ud")
    rows = report_rows(tmp_path / "ud")
    assert result.returncode == 1
    assert [r["status"] for r in rows] == [FAILED, OK]
    assert rows[0]["besked"] == "fandt ingen spørgsmålsfiler"


def test_generate_refuses_a_question_file_with_a_recipient_list(tmp_path: Path) -> None:
    result = run_cli("generate", EXAMPLES / "batch" / "udvalg-fleksjob.yaml", "-o", tmp_path / "x.docx")
    assert result.returncode == 1
    assert "henvendelse.modtagere: filen har en modtagerliste; lav et brev pr. modtager med svarbrev batch" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_file_names_from_recipients_are_plain_ascii() -> None:
    assert slug("Søren Ærø-Åberg") == "soeren-aeroe-aaberg"


def test_an_interrupted_run_leaves_whole_files_only_and_a_report(tmp_path: Path) -> None:
    """Ctrl-C in the middle (simulated after three replies): no temporary or half-written files."""
    sources = tmp_path / "kilder"
    sources.mkdir()
    for number in range(12):
        question_file(sources, f"h{number:02d}", "fleksjob", number)

    def interrupt_after_three(done: int, total: int, outcome) -> None:
        if done == 3:
            raise KeyboardInterrupt

    report = run_batch([str(sources)], tmp_path / "ud", Options(), workers=2, progress=interrupt_after_three)

    assert report.interrupted and report.failed
    written = sorted((tmp_path / "ud").glob("*.docx"))
    assert 3 <= len(written) < 12
    assert not list((tmp_path / "ud").glob(".*.tmp"))
    for reply in written:
        assert "Kære Medlem" in body_text(reply)  # every file there is a whole letter
        assert reply.with_name(reply.stem + ".tal.json").is_file()
    assert len(report_rows(tmp_path / "ud")) == 3


# -- the report and the summary a caseworker reads ---------------------------------------------

FOLLOW_UP = EXAMPLES / "henvendelser" / "fleksjob-opfoelgning.yaml"  # question 3 has no answer: [Svar mangler]
INQUIRY_DOCX = ROOT / "tests" / "fixtures" / "indgaaende" / "sygedagpenge.docx"  # a citizen's letter, not a reply


def reference_to(folder: Path, recipient: str, name: str = "fleksjob.yaml") -> Path:
    """The reference question file addressed to `recipient`, written into `folder`."""
    path = folder / name
    text = REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {EXAMPLES / 'data'}")
    path.write_text(text.replace("modtager: Hassan Nur Wardere", f"modtager: '{recipient}'"), encoding="utf-8")
    assert recipient in path.read_text(encoding="utf-8")
    return path


def test_the_report_opens_in_danish_excel_with_every_recipient_and_no_formulas(tmp_path: Path) -> None:
    hostile = reference_to(tmp_path, '=HYPERLINK("https://eksempel.dk";"Klik")')

    run_batch([str(REFERENCE), str(hostile)], tmp_path / "ud", Options(), workers=1)

    raw = (tmp_path / "ud" / "rapport.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbffil;modtager;status;udskrift;besked;varighed_s\n")
    assert [row["modtager"] for row in report_rows(tmp_path / "ud")] == [
        "Hassan Nur Wardere",
        '\'=HYPERLINK("https://eksempel.dk";"Klik")',
    ]


@pytest.mark.parametrize("cell", ["=1+2", "+45 12345678", "-2", "@SUM(A1)", "\tx"])
def test_a_cell_excel_would_run_as_a_formula_is_shown_as_text(cell: str) -> None:
    assert neutralised(cell) == "'" + cell
    assert neutralised("Hassan Nur Wardere") == "Hassan Nur Wardere"


def test_report_rows_follow_the_order_the_sources_were_given_in(tmp_path: Path) -> None:
    broken = tmp_path / "i-stykker.yaml"
    broken.write_text("henvendelse:\n  modtager: X\n  dato: 2025-02-30\n  emne: fleksjob\nspørgsmål:\n  - tekst: Hvor mange?\n", encoding="utf-8")

    run_batch([str(REFERENCE), str(broken), str(EXAMPLES / "batch" / "udvalg-fleksjob.yaml"), str(FOLLOW_UP)], tmp_path / "ud", Options(), workers=2)

    rows = report_rows(tmp_path / "ud")
    assert [(Path(r["fil"]).name, r["modtager"], r["status"]) for r in rows] == [
        ("fleksjob-2025-06-25.yaml", "Hassan Nur Wardere", OK),
        ("i-stykker.yaml", "", FAILED),
        ("udvalg-fleksjob.yaml", "Hassan Nur Wardere", OK),
        ("udvalg-fleksjob.yaml", "Sara Andersen", OK),
        ("udvalg-fleksjob.yaml", "Jonas Berg", OK),
        ("fleksjob-opfoelgning.yaml", "Sara Andersen", OK),
    ]


def test_the_summary_counts_letters_with_warnings_apart_and_progress_names_the_recipient(tmp_path: Path) -> None:
    result = run_cli("batch", REFERENCE, FOLLOW_UP, "-o", tmp_path / "ud")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "1 ok, 1 med advarsler eller markeringer, 0 sprunget over, 0 fejl (2 i alt)",
        "fil                                        status          besked",
        "fleksjob-opfoelgning.yaml (Sara Andersen)  advarsler       spørgsmål 3 er ikke besvaret",
    ]
    finished_in_any_order = {line.split(" ", 1)[1] for line in result.stderr.splitlines()}
    assert finished_in_any_order == {
        f"ok: {REFERENCE} (Hassan Nur Wardere) → {tmp_path / 'ud' / 'fleksjob-2025-06-25.docx'}",
        f"ok: {FOLLOW_UP} (Sara Andersen) → {tmp_path / 'ud' / 'fleksjob-opfoelgning.docx'}",
    }


def test_final_versions_get_their_own_names_and_leave_the_drafts_alone(tmp_path: Path) -> None:
    out_dir = tmp_path / "ud"
    run_batch([str(REFERENCE)], out_dir, Options(), workers=1)
    draft = (out_dir / "fleksjob-2025-06-25.docx").read_bytes()

    report = run_batch([str(REFERENCE)], out_dir, Options(final=True), workers=1)

    assert [o.output for o in report.outcomes] == [str(out_dir / "fleksjob-2025-06-25-endelig.docx")]
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "fleksjob-2025-06-25-endelig.docx",
        "fleksjob-2025-06-25-endelig.tal.json",
        "fleksjob-2025-06-25.docx",
        "fleksjob-2025-06-25.tal.json",
        "rapport.csv",
    ]
    assert (out_dir / "fleksjob-2025-06-25.docx").read_bytes() == draft
    assert docx.Document(str(out_dir / "fleksjob-2025-06-25-endelig.docx")).core_properties.content_status == "Endelig"


def test_a_file_that_is_not_a_svarbrev_letter_is_never_replaced_even_with_overskriv(tmp_path: Path) -> None:
    out_dir = tmp_path / "ud"
    out_dir.mkdir()
    foreign = out_dir / "fleksjob-2025-06-25.docx"
    shutil.copyfile(INQUIRY_DOCX, foreign)

    result = run_cli("batch", REFERENCE, "-o", out_dir, "--overskriv")

    assert result.returncode == 1
    assert [r["status"] for r in report_rows(out_dir)] == [FAILED]
    assert "er ikke et svarbrev" in report_rows(out_dir)[0]["besked"]
    assert foreign.read_bytes() == INQUIRY_DOCX.read_bytes()
