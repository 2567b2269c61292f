"""The case register (issue 26): every inquiry with its deadline and status, every letter made for it,
in one SQLite file that a newer svarbrev's or a foreign file is never written over."""

from __future__ import annotations

import datetime
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from readback import body_text
from test_web_routes import paste, press

from generator.cli import main
from generator.domain.deadlines import CLOSED_DAY_NAMES, DeadlineRule, deadline, optional_holiday_names
from generator.errors import RegisterError, TemplateError
from generator.letter.package import read_custom_properties
from generator.letter.sidecar import sidecar_path
from generator.profile import load_profile
from generator.register import SCHEMA_VERSION, Register, record_generated
from generator.register import store as register_store
from generator.register.store import InquiryFacts
from generator.reply import generate_reply
from generator.web.app import WebSettings, create_app

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
INQUIRY_DOCX = ROOT / "tests" / "fixtures" / "indgaaende" / "sygedagpenge.docx"
FLEKSJOB_INQUIRY = ROOT / "tests" / "fixtures" / "indgaaende" / "fleksjob.txt"
CASE = "2025-0123456"  # the reference question file's sagsnummer


def reference_copy(workspace: Path, case_number: str = CASE, name: str = "henvendelse.yaml") -> Path:
    text = REFERENCE.read_text(encoding="utf-8").replace(CASE, case_number)
    path = workspace / "henvendelser" / name
    path.write_text(text, encoding="utf-8")
    return path


# -- deadlines ---------------------------------------------------------------------------------------


def test_ten_working_days_from_19_december_skip_christmas_and_new_year() -> None:
    # Fri 19-12-2025; 24-12, 31-12 closed by the rule; 25-12, 26-12 and 1-1 are public holidays.
    closed = DeadlineRule(10, "arbejdsdage", ("juleaftensdag", "nytårsaften"))
    assert deadline(datetime.date(2025, 12, 19), closed) == datetime.date(2026, 1, 9)
    # Only the public holidays: 22, 23, 24, 29, 30, 31 December, 2, 5, 6, 7 January.
    assert deadline(datetime.date(2025, 12, 19), DeadlineRule(10)) == datetime.date(2026, 1, 7)


def test_the_templates_rule_gives_the_deadline_of_the_reference_inquiry() -> None:
    rule = load_profile("direktionen").deadline_rule
    assert rule == DeadlineRule(10, "arbejdsdage", ("juleaftensdag", "nytårsaften", "grundlovsdag"))
    # 25-06-2025 (Wed) + 10 working days: 26, 27, 30 June, 1-4, 7, 8, 9 July.
    assert deadline(datetime.date(2025, 6, 25), rule) == datetime.date(2025, 7, 9)


def test_a_calendar_day_deadline_on_a_holiday_moves_to_the_next_working_day() -> None:
    assert deadline(datetime.date(2025, 12, 11), DeadlineRule(14, "kalenderdage")) == datetime.date(2025, 12, 29)  # 25-12 → Mon 29-12
    assert deadline(datetime.date(2025, 12, 1), DeadlineRule(14, "kalenderdage")) == datetime.date(2025, 12, 15)


def test_the_closed_days_a_rule_may_name_are_the_librarys_optional_danish_holidays() -> None:
    assert optional_holiday_names(2025) == CLOSED_DAY_NAMES


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("svarfrist:\n  dage: 0\n", "svarfrist.dage: skal være et helt tal fra 1 til 365"),
        ("svarfrist:\n  dage: 10\n  regnes_i: uger\n", "svarfrist.regnes_i: skal være arbejdsdage eller kalenderdage, ikke 'uger'"),
        ("svarfrist:\n  dage: 10\n  lukkedage: [sankthans]\n", "svarfrist.lukkedage: 'sankthans' er ikke en fridag, svarbrev kender"),
    ],
)
def test_a_bad_deadline_rule_is_refused_at_its_line(tmp_path: Path, rule: str, message: str) -> None:
    folder = tmp_path / "direktionen"
    shutil.copytree(ROOT / "templates" / "direktionen", folder)
    profile = folder / "profil.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text[: text.index("svarfrist:")] + rule, encoding="utf-8")
    with pytest.raises(TemplateError) as refused:
        load_profile("direktionen", tmp_path)
    assert refused.value.line == text[: text.index("svarfrist:")].count("\n") + 1 + (rule.count("\n") - 1)
    assert message in refused.value.one_line()


def test_a_draft_carries_its_deadline_in_its_properties_and_the_final_does_not(workspace: Path, register_file: Path) -> None:
    path = reference_copy(workspace)
    path.write_text(path.read_text(encoding="utf-8").replace("dato: 2025-06-25", "dato: 2025-12-19"), encoding="utf-8")
    assert main(["generate", str(path), "-o", str(workspace / "udkast.docx")]) == 0
    assert main(["generate", str(path), "-o", str(workspace / "endelig.docx"), "--endelig"]) == 0
    draft = read_custom_properties((workspace / "udkast.docx").read_bytes())
    assert draft["Svarfrist"] == "2026-01-09"  # 10 working days, Christmas and New Year closed (the template's rule)
    assert "Svarfrist" not in read_custom_properties((workspace / "endelig.docx").read_bytes())
    with Register.open(register_file) as register:
        assert register.case(CASE).deadline == datetime.date(2026, 1, 9)


def test_a_draft_made_after_the_rule_changed_moves_the_registers_deadline_with_it(workspace: Path, register_file: Path) -> None:
    path = reference_copy(workspace)
    assert main(["generate", str(path), "-o", str(workspace / "udkast.docx")]) == 0
    with Register.open(register_file) as register:
        assert register.case(CASE).deadline == datetime.date(2025, 7, 9)  # 10 working days from 25-06-2025
    templates = workspace / "skabeloner"
    shutil.copytree(ROOT / "templates", templates)
    profile = templates / "direktionen" / "profil.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("  dage: 10\n", "  dage: 15\n"), encoding="utf-8")
    generated = generate_reply(path, workspace / "udkast2.docx", templates_dir=templates)
    with Register.open(register_file) as register:
        record_generated(register, generated, final=False)
        assert register.case(CASE).deadline == datetime.date(2025, 7, 16)
    assert read_custom_properties((workspace / "udkast2.docx").read_bytes())["Svarfrist"] == "2025-07-16"


# -- an inquiry through every status -----------------------------------------------------------------


def test_an_inquiry_goes_through_every_status_with_its_letters(workspace: Path, register_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = reference_copy(workspace)
    out = workspace / "henvendelser"
    assert main(["generate", str(path), "-o", str(out / "svar.docx")]) == 0
    assert main(["generate", str(path), "-o", str(out / "svar-endelig.docx"), "--endelig"]) == 0
    with Register.open(register_file) as register:
        case = register.case(CASE)
        assert (case.status, case.sender, case.subject) == ("endelig", "Hassan Nur Wardere", "data på fleksjob")
        assert case.received == datetime.date(2025, 6, 25) and case.deadline == datetime.date(2025, 7, 9)
        letters = register.letters(case)
        assert [(Path(letter.path).name, letter.final) for letter in letters] == [("svar.docx", False), ("svar-endelig.docx", True)]
        assert letters[1].content_hash == hashlib.sha256((out / "svar-endelig.docx").read_bytes()).hexdigest()
    capsys.readouterr()
    assert main(["sag", CASE, "--sendt"]) == 0
    shown = capsys.readouterr().out
    assert "status: sendt" in shown and "endelig  " + str(out / "svar-endelig.docx") in shown
    with Register.open(register_file) as register:
        history = [(event.what, event.detail) for event in register.history(register.case(CASE))]
    assert history == [
        ("registreret", str(path)),
        ("udkast skrevet", str(out / "svar.docx")),
        ("status: udkast", ""),
        ("endeligt brev skrevet", str(out / "svar-endelig.docx")),
        ("status: endelig", ""),
        ("status: sendt", ""),
    ]


def test_ny_generate_final_and_sent_take_an_inquiry_through_every_status(workspace: Path, register_file: Path) -> None:
    inquiry = workspace / "henvendelser" / "fleksjob.txt"
    shutil.copyfile(FLEKSJOB_INQUIRY, inquiry)
    assert main(["ny", str(inquiry)]) == 0
    question_file = inquiry.with_suffix(".yaml")
    statuses = [status_of(register_file, "#1")]
    # The caseworker answers question 3 (no figures answer it) and gives the sagsnummer, as the draft asks.
    text = question_file.read_text(encoding="utf-8").replace("  # sagsnummer:", "  sagsnummer: '2025-0777'  #")
    third = text.index("  - tekst: \"Hvad er årsagerne")
    end = text.index("\n", third) + 1
    text = text[:end] + "    svar: \"Det kræver en særskilt analyse.\"\n" + text[end:]
    question_file.write_text(text, encoding="utf-8")
    assert main(["generate", str(question_file)]) == 0
    statuses.append(status_of(register_file, "2025-0777"))
    assert main(["generate", str(question_file), "--endelig"]) == 0
    statuses.append(status_of(register_file, "2025-0777"))
    assert main(["sag", "2025-0777", "--sendt"]) == 0
    statuses.append(status_of(register_file, "2025-0777"))
    assert statuses == ["modtaget", "udkast", "endelig", "sendt"]
    with Register.open(register_file) as register:
        case = register.case("2025-0777")
        assert case.id == 1  # the row ny made, given its sagsnummer since
        assert [(Path(letter.path).name, letter.final) for letter in register.letters(case)] == [("fleksjob.svar.docx", False), ("fleksjob.svar-endelig.docx", True)]


def status_of(register_file: Path, label: str) -> str:
    with Register.open(register_file) as register:
        return register.case(label).status


def test_the_answers_keep_each_questions_calls_with_the_place_and_its_figures(workspace: Path, register_file: Path) -> None:
    path = reference_copy(workspace)
    assert main(["generate", str(path), "-o", str(workspace / "svar.docx")]) == 0
    with sqlite3.connect(register_file) as db:
        rows = db.execute("SELECT question, calls, figures FROM answers ORDER BY question").fetchall()
    assert [row[0] for row in rows] == [1, 2, 3]
    assert '"område":["København"]' in rows[0][1] and '"tekst":"5.192"' in rows[0][2]


def test_an_inquiry_from_ny_is_received_and_keeps_its_row_when_given_a_sagsnummer(workspace: Path, register_file: Path) -> None:
    inquiry = workspace / "henvendelser" / "borgerens-brev.docx"
    shutil.copyfile(INQUIRY_DOCX, inquiry)
    assert main(["ny", str(inquiry)]) == 0
    question_file = inquiry.with_suffix(".yaml")
    with Register.open(register_file) as register:
        [case] = register.cases()
        assert (case.label, case.status, case.case_number) == ("#1", "modtaget", None)  # ny leaves sagsnummer out
    text = question_file.read_text(encoding="utf-8")
    assert "  # sagsnummer:" in text
    question_file.write_text(text.replace("  # sagsnummer:", "  sagsnummer: '2026-0042'"), encoding="utf-8")
    assert main(["generate", str(question_file)]) == 0
    with Register.open(register_file) as register:
        [case] = register.cases()
        assert (case.label, case.status, case.id) == ("2026-0042", "udkast", 1)


def test_sent_needs_a_final_letter(workspace: Path, register_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(reference_copy(workspace)), "-o", str(workspace / "svar.docx")]) == 0
    assert main(["sag", CASE, "--sendt"]) != 0
    assert f"sag {CASE} har intet endeligt brev endnu" in capsys.readouterr().err
    with Register.open(register_file) as register:
        assert register.case(CASE).status == "udkast"


def test_sager_lists_open_inquiries_by_deadline(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    late = reference_copy(workspace, "2025-2", "sen.yaml")
    late.write_text(late.read_text(encoding="utf-8").replace("dato: 2025-06-25", "dato: 2025-08-01"), encoding="utf-8")
    early = reference_copy(workspace, "2025-1", "tidlig.yaml")
    sent = reference_copy(workspace, "2025-0", "sendt.yaml")
    for path in (late, early, sent):
        assert main(["generate", str(path), "--endelig"]) == 0
    assert main(["sag", "2025-0", "--sendt"]) == 0
    capsys.readouterr()
    assert main(["sager", "--åbne"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["sag", "frist", "dage", "status", "ansvarlig", "fra", "emne"]
    assert [line.split()[:2] for line in lines[1:]] == [["2025-1", "09-07-2025"], ["2025-2", "15-08-2025"]]
    assert all(line.endswith("(over fristen)") for line in lines[1:])  # no terminal: said in words, not red
    assert main(["sager", "--csv"]) == 0
    csv_lines = capsys.readouterr().out.splitlines()
    assert csv_lines[0] == "sag;frist;dage;status;ansvarlig;fra;emne"
    assert [line.split(";")[0] for line in csv_lines[1:]] == ["2025-1", "2025-0", "2025-2"]  # the same deadline: the first registered first
    assert main(["sager", "--søg", "ingen-sådan-sag"]) == 0
    assert capsys.readouterr().out.strip() == "ingen sager der matcher i registret"


# -- a register svarbrev may not write -----------------------------------------------------------------


def test_a_register_from_a_newer_svarbrev_is_refused_before_any_letter_and_left_as_it_was(workspace: Path, register_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(register_file) as db:
        db.execute(f"PRAGMA application_id = {register_store.APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.execute("CREATE TABLE fremtid (x)")
    before = register_file.read_bytes()
    output = workspace / "svar.docx"
    assert main(["generate", str(reference_copy(workspace)), "-o", str(output)]) != 0
    assert f"skrevet af en nyere svarbrev (skemaversion {SCHEMA_VERSION + 1}" in capsys.readouterr().err
    assert not output.exists() and register_file.read_bytes() == before


@pytest.mark.parametrize("content", [b"ikke en database, men tekst\n" * 200, b""], ids=["tekst", "tom"])
def test_a_file_that_is_not_a_register_is_never_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "svarbrev.db"
    path.write_bytes(content)
    if content:
        with pytest.raises(RegisterError, match="ikke et register"):
            Register.open(path)
        assert path.read_bytes() == content
    else:  # an empty file is an empty SQLite database: made a register
        with Register.open(path) as register:
            assert register.cases() == []


def test_another_sqlite_database_is_not_taken_for_a_register(tmp_path: Path) -> None:
    path = tmp_path / "andet.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE kunder (navn)")
    before = path.read_bytes()
    with pytest.raises(RegisterError, match="en anden SQLite-database"):
        Register.open(path)
    assert path.read_bytes() == before


def test_a_writer_that_waits_too_long_is_told_the_register_is_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "svarbrev.db"
    facts = InquiryFacts("2025-1", "Ane", datetime.date(2025, 6, 25), "fleksjob", DeadlineRule(10), tmp_path / "spm.yaml", ("Hvor mange?",))
    with Register.open(path) as register:
        register.record_inquiry(facts)
    monkeypatch.setattr(register_store, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Register.open(path) as register, pytest.raises(RegisterError, match="optaget"):
            register.set_holder("2025-1", "Bo")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# -- killed, and written by several at once -------------------------------------------------------------

KILLED_BATCH = 120


def letters_registered(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM letters").fetchone()[0]
    except sqlite3.Error:
        return 0  # not made yet


def test_a_batch_killed_midway_leaves_the_register_whole_and_the_next_run_completes_it(tmp_path: Path) -> None:
    questions = tmp_path / "spm"
    questions.mkdir()
    text = REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {ROOT / 'examples' / 'data'}")
    for number in range(KILLED_BATCH):
        (questions / f"spm-{number:03d}.yaml").write_text(text.replace(CASE, f"K-{number:03d}"), encoding="utf-8")
    register_path, out = tmp_path / "svarbrev.db", tmp_path / "ud"
    command = [sys.executable, "-m", "generator", "batch", str(questions), "-o", str(out), "--jobs", "2", "--register", str(register_path)]
    running = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline_at = time.monotonic() + 120
    while letters_registered(register_path) < 10 and running.poll() is None and time.monotonic() < deadline_at:
        time.sleep(0.01)
    os.killpg(running.pid, signal.SIGKILL)
    running.wait()
    with sqlite3.connect(register_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        letters = db.execute("SELECT id, path, content_hash FROM letters").fetchall()
        assert 10 <= len(letters) < KILLED_BATCH, "killed while it was writing"
        for letter_id, path, digest in letters:  # a row only for a letter that is there, whole, with all its answers
            assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == digest
            assert db.execute("SELECT count(*) FROM answers WHERE letter_id = ?", (letter_id,)).fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM inquiries WHERE status != 'udkast'").fetchone()[0] == 0
    assert subprocess.run(command, cwd=ROOT, capture_output=True).returncode == 0
    with Register.open(register_path) as register:
        cases = register.cases()
        assert sorted(case.label for case in cases) == [f"K-{number:03d}" for number in range(KILLED_BATCH)]
        assert {case.status for case in cases} == {"udkast"}
        assert all(len(register.questions(case)) == 3 for case in cases)


def write_inquiries(path: str, prefix: str, count: int) -> None:
    """A writer of its own (a terminal, a batch, the page): `count` inquiries, each its own transaction."""
    with Register.open(path) as register:
        for number in range(count):
            facts = InquiryFacts(f"{prefix}-{number}", "Ane", datetime.date(2025, 6, 25), "fleksjob", None, Path(f"{prefix}-{number}.yaml"), ("Hvor mange?",))
            register.record_inquiry(facts)
            register.set_holder(f"{prefix}-{number}", prefix)


def draft_on_the_page(path: Path, work_root: Path, count: int, drafted: list[int]) -> None:
    """The page, as a caseworker uses it: `count` inquiries pasted and drafted, each draft written into the register."""
    app = create_app(WebSettings(work_root=work_root, image_workers=0, register=path))
    client = app.test_client()
    for _ in range(count):
        review = paste(client)
        drafted.append(press(client, review, "udkast").status_code)


def test_two_processes_and_the_page_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "svarbrev.db"
    Register.open(path).close()
    count, drafts = 40, 4
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=write_inquiries, args=(str(path), name, count)) for name in ("terminal", "batch")]
    for process in processes:
        process.start()
    drafted: list[int] = []
    page = threading.Thread(target=draft_on_the_page, args=(path, tmp_path, drafts, drafted))
    page.start()
    page.join(timeout=300)
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    assert drafted == [303] * drafts  # every draft made, none told the register was busy
    with Register.open(path) as register:
        cases = register.cases()
        assert len(cases) == 2 * count + drafts
        assert {case.holder for case in cases} == {"terminal", "batch", ""}  # the page claims no one
        page_cases = [case for case in cases if not case.holder]
        assert {case.status for case in page_cases} == {"udkast"}
        assert all(len(register.letters(case)) == 1 for case in page_cases)


# -- earlier answers -----------------------------------------------------------------------------------

REPEATED_INQUIRY = """Fra: Sara Andersen
Dato: 3. december 2026
Emne: fleksjob igen

Hvor mange københavnere er i fleksjob?
"""


def test_an_inquiry_asking_again_is_shown_the_earlier_answer_with_its_figures_then_and_now(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extract = workspace / "data" / "y08a02_2025-06-30.csv"
    extract.write_text(extract.read_text(encoding="utf-8").replace("5.192;4.448", "5.000;4.300"), encoding="utf-8")
    assert main(["generate", str(reference_copy(workspace)), "--endelig"]) == 0  # answered then, on data since corrected (the rise: 113, 133)
    inquiry = workspace / "henvendelser" / "igen.txt"
    inquiry.write_text(REPEATED_INQUIRY, encoding="utf-8")
    capsys.readouterr()
    assert main(["ny", str(inquiry)]) == 0  # its question file reads the examples' data: 5.192 now
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("sag #2 registreret: modtaget, frist 17-12-2026 (")
    assert lines[2:] == ["spørgsmål 1: samme spørgsmål blev besvaret 08-07-2025 i sag 2025-0123456: 5.000, 4.300, 113, 133; med nyeste data 5.192, 4.448, 305, 281"]


def test_generate_shows_the_earlier_answer_too(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extract = workspace / "data" / "y08a02_2025-06-30.csv"
    extract.write_text(extract.read_text(encoding="utf-8").replace("5.192;4.448", "5.000;4.300"), encoding="utf-8")
    assert main(["generate", str(reference_copy(workspace)), "--endelig"]) == 0
    extract.write_text(extract.read_text(encoding="utf-8").replace("5.000;4.300", "5.192;4.448"), encoding="utf-8")
    again = reference_copy(workspace, "2026-0999", name="igen.yaml")  # another case asking the same
    capsys.readouterr()
    assert main(["generate", str(again)]) == 0
    repeats = [line for line in capsys.readouterr().out.splitlines() if "samme spørgsmål" in line]
    assert repeats[0] == "spørgsmål 1: samme spørgsmål blev besvaret 08-07-2025 i sag 2025-0123456: 5.000, 4.300, 113, 133; med nyeste data 5.192, 4.448, 305, 281"
    assert repeats[1] == "spørgsmål 1: samme spørgsmål blev besvaret 08-07-2025 i sag 2025-0123456: 991, 900, 8; med nyeste data de samme"  # its second call
    assert [line.split(":")[0] for line in repeats[2:]] == ["spørgsmål 2", "spørgsmål 3"]


def test_the_same_question_for_another_place_is_another_question(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(reference_copy(workspace)), "--endelig"]) == 0
    inquiry = workspace / "henvendelser" / "aarhus.txt"
    inquiry.write_text(REPEATED_INQUIRY.replace("københavnere", "borgere i Aarhus"), encoding="utf-8")
    capsys.readouterr()
    assert main(["ny", str(inquiry)]) == 0
    assert "samme spørgsmål" not in capsys.readouterr().out


def test_genbrug_answers_an_earlier_case_on_the_newest_extract_saying_what_changed(workspace: Path, register_file: Path) -> None:
    path = reference_copy(workspace)  # pinned to the extract of 2025-06-30
    assert main(["generate", str(path), "--endelig"]) == 0
    newer = (workspace / "data" / "y08a02_2025-06-30.csv").read_text(encoding="utf-8")
    newer = newer.replace("2025QMAT01", "2025QMAT02").replace("5.192;4.448", "5.300;4.520")
    (workspace / "data" / "y08a02_2025-09-30.csv").write_text(newer, encoding="utf-8")
    output = workspace / "genbrug.docx"
    assert main(["genbrug", CASE, "-o", str(output)]) == 0
    text = body_text(output)
    assert "Siden svaret af 8. juli 2025 i sag 2025-0123456 er tallene ændret: 5.192 er nu 5.300; 4.448 er nu 4.520;" in text
    assert text.count("svaret af 8. juli 2025") == 2  # question 3, the caseworker's own text without figures, gets none
    assert json.loads(sidecar_path(output).read_text(encoding="utf-8"))["brevdato"] == datetime.date.today().isoformat()  # a new letter
    assert "5.300 københavnere" in text  # the answer itself on the newest extract
    with Register.open(register_file) as register:
        case = register.case(CASE)
        assert [(Path(letter.path).name, letter.final) for letter in register.letters(case)][-1] == ("genbrug.docx", False)
        assert case.status == "endelig"  # a new draft does not move a case back


def test_genbrug_of_a_case_without_letters_is_refused(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inquiry = workspace / "henvendelser" / "igen.txt"
    inquiry.write_text(REPEATED_INQUIRY, encoding="utf-8")
    assert main(["ny", str(inquiry)]) == 0
    assert main(["genbrug", "#1"]) != 0
    assert "sag #1 har intet brev at genbruge endnu" in capsys.readouterr().err


def test_a_letter_written_while_the_register_stays_busy_is_said_to_be_unregistered(workspace: Path, register_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    Register.open(register_file).close()
    monkeypatch.setattr(register_store, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(register_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        output = workspace / "svar.docx"
        assert main(["generate", str(reference_copy(workspace)), "-o", str(output)]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert output.is_file()
    assert "fejl: brevet er ikke skrevet i sagsregistret:" in capsys.readouterr().err
    assert main(["generate", str(reference_copy(workspace)), "-o", str(output), "--overskriv"]) == 0
    with Register.open(register_file) as register:
        assert [Path(letter.path).name for letter in register.letters(register.case(CASE))] == ["svar.docx"]


def test_a_recipient_list_is_one_inquiry_with_a_letter_per_recipient(tmp_path: Path, register_file: Path) -> None:
    recipients = ROOT / "examples" / "batch" / "udvalg-fleksjob.yaml"
    assert main(["batch", str(recipients), "-o", str(tmp_path / "ud"), "--data", str(ROOT / "examples" / "data"), "--jobs", "1"]) == 0
    with Register.open(register_file) as register:
        [case] = register.cases()
        assert (case.sender, case.subject) == ("(modtagerliste)", "data på fleksjob til [udvalg]")  # the file's, not one row's
        assert sorted(letter.recipient for letter in register.letters(case)) == ["Hassan Nur Wardere", "Jonas Berg", "Sara Andersen"]
