"""Hostile input, round 2 (issue 22): each reproducer of the second fuzz round, refused in one Danish
line with exit 1 (or a usage error, exit 2), never exit 3, a leak or a silently wrong letter."""

from __future__ import annotations

from pathlib import Path

import pytest
from svarbrev_runner import run_svarbrev

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
DATA = ROOT / "examples" / "data"


def question(tmp_path: Path, *, insert_after: str = "", line: str = "", data: str | Path = DATA) -> Path:
    text = REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: '{data}'")
    if insert_after:
        assert insert_after in text
        text = text.replace(insert_after, insert_after + line)
    path = tmp_path / "spm.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(capsys, *args: object, code: int = 1) -> str:
    result = run_svarbrev(*args)
    assert result.returncode == code
    err = result.stderr
    lines = [line for line in err.splitlines() if line.startswith("fejl: ")]
    assert len(lines) == 1 and "uventet fejl" not in err, err
    return lines[0]


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    return tmp_path / "a"


def test_a_symlink_loop_anywhere_a_path_is_read_is_one_line(tmp_path: Path, loop: Path, capsys) -> None:
    reading = "stien går i ring (symbolske links, der peger på hinanden)"
    assert reading in refused(capsys, "generate", question(tmp_path), "--data", loop, "-o", tmp_path / "1.docx")
    assert reading in refused(capsys, "generate", question(tmp_path, data=loop), "-o", tmp_path / "2.docx")
    signed = question(tmp_path, insert_after="  underskriver: Henrik Lund\n", line=f"  underskrift: '{loop}'\n")
    assert "brev.underskrift: billedet findes ikke" in refused(capsys, "generate", signed, "-o", tmp_path / "3.docx", "--endelig")
    assert not list(tmp_path.glob("*.docx"))


def test_a_name_too_long_for_the_file_system_is_one_line_and_shortened(tmp_path: Path, capsys) -> None:
    line = refused(capsys, "generate", question(tmp_path), "-o", tmp_path / ("y" * 300 + ".docx"))
    assert "navnet er for langt til filsystemet" in line and "…" in line and len(line) < 400
    assert "navnet er for langt" in refused(capsys, "generate", question(tmp_path), "--data", tmp_path / ("x" * 300), "-o", tmp_path / "svar.docx")


def test_overskriv_never_writes_over_or_through_a_symlink(tmp_path: Path, loop: Path, capsys) -> None:
    assert "er et symbolsk link; skriv til selve filen" in refused(capsys, "generate", question(tmp_path), "-o", loop, "--overskriv")
    target = tmp_path / "andet" / "svar.docx"  # a letter of svarbrev's own, in another folder
    target.parent.mkdir()
    assert main(["generate", str(question(tmp_path)), "-o", str(target)]) == 0
    before = target.read_bytes()
    (tmp_path / "genvej.docx").symlink_to(target)
    assert "er et symbolsk link" in refused(capsys, "generate", question(tmp_path), "-o", tmp_path / "genvej.docx", "--overskriv")
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("output", "said"),
    [("ud/", "'ud/' er en mappe; skriv brevets filnavn, fx ud/svar.docx"), ("svar.tal.json", "'svar.tal.json' er navnet på en sidefil")],
)
def test_an_output_that_is_a_folder_or_a_sidecar_is_a_usage_error(tmp_path: Path, monkeypatch, capsys, output: str, said: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert said in refused(capsys, "generate", question(tmp_path), "-o", output, code=2)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["spm.yaml"]


def test_a_refusal_never_echoes_direction_or_control_characters_and_stays_one_short_line(tmp_path: Path, capsys) -> None:
    hostile = "\u202e" * 5000 + "\x1b[2J"
    line = refused(capsys, "generate", question(tmp_path), "--data", tmp_path / hostile, "-o", tmp_path / "svar.docx")
    assert "\u202e" not in line and "\x1b" not in line and len(line) <= 620


def test_a_question_over_the_text_limit_is_not_read() -> None:
    """Reproducer: 60.000 digits took over 20 s in match (the reading grows faster than the text); the
    page matched before its own check. Now the length is checked first, in the matcher itself."""
    from generator.mapping import matcher_for
    from generator.metrics.catalogue import load_catalogue

    matcher = matcher_for(load_catalogue())
    result = matcher.match("Hvor mange er på kontanthjælp i " + "1" * 60_000 + "?")
    assert result.calls == () and result.parts == ()
    assert [u.reason for u in result.unhonoured] == ["spørgsmålet er over 5.000 tegn, så svarbrev læser det ikke; del det op"]


# --- tjek and ny on hostile .docx parts ------------------------------------------------------------


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("brev")
    text = REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: '{DATA}'")
    (folder / "spm.yaml").write_text(text, encoding="utf-8")
    assert main(["generate", str(folder / "spm.yaml"), "-o", str(folder / "svar.docx")]) == 0
    return folder / "svar.docx"


def rezipped(letter: Path, target: Path, change) -> Path:
    """A copy of the letter (and its sidecar) with its parts changed by `change(parts)`."""
    import shutil
    import zipfile

    with zipfile.ZipFile(letter) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    change(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    shutil.copy(letter.with_name("svar.tal.json"), target.with_name(target.stem + ".tal.json"))
    return target


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda parts: parts.__setitem__("word/styles.xml", parts["word/document.xml"]), "brevet har en del, Word ikke ville kunne læse"),
        (lambda parts: parts.__setitem__("word/header1.xml", parts["word/document.xml"]) if "word/header1.xml" in parts else None, ""),
        (lambda parts: parts.pop("word/_rels/document.xml.rels"), ""),
        (lambda parts: parts.__setitem__("word/document.xml", parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 20_001)), "dokumentet har over 20.000 afsnit"),
    ],
)
def test_tjek_on_a_letter_with_odd_parts_is_one_line(tmp_path: Path, letter: Path, capsys, change, said: str) -> None:
    odd = rezipped(letter, tmp_path / "svar.docx", change)
    code = main(["tjek", str(odd)])
    err = capsys.readouterr().err
    assert code in (0, 1) and "uventet fejl" not in err and "Traceback" not in err, err
    if said:
        assert code == 1 and said in err


def test_tjek_refuses_a_letter_that_would_unpack_beyond_the_limit(tmp_path: Path, letter: Path, capsys, monkeypatch) -> None:
    """Reproducer: a 1,4 MB letter whose custom.xml inflated to 1,5 GB ended in MemoryError. The limit is the
    one `ny` has (200 MB), lowered here so the test need not build gigabytes."""
    from generator import limits

    monkeypatch.setattr(limits, "UNPACKED_DOCX", 2 * limits.MB)
    bomb = rezipped(letter, tmp_path / "svar.docx", lambda parts: parts.__setitem__("docProps/custom.xml", b" " * (3 * limits.MB)))
    assert main(["tjek", str(bomb)]) == 1
    assert "dokumentet fylder 3 MB udpakket; grænsen er 2 MB" in capsys.readouterr().err


@pytest.mark.parametrize("written", ["1. januar 1989", "3. marts 2100"])
def test_ny_on_an_inquiry_dated_outside_1990_2099_warns_and_never_uses_the_date(tmp_path: Path, capsys, written: str) -> None:
    inquiry = tmp_path / "henvendelse.txt"
    inquiry.write_text(f"Kære forvaltning\n\nDato: {written}\n\nHvor mange er i fleksjob i Odense?\n\nMvh Anna Hansen\n", encoding="utf-8")
    assert main(["ny", str(inquiry), "-o", str(tmp_path / "spm.yaml")]) == 0
    err = capsys.readouterr().err
    assert "ligger uden for 1990-2099 og er ikke brugt" in err
    assert "  dato: 1989" not in (tmp_path / "spm.yaml").read_text(encoding="utf-8") and "  dato: 2100" not in (tmp_path / "spm.yaml").read_text(encoding="utf-8")


def test_ny_on_a_small_docx_with_a_flood_of_paragraphs_is_refused_before_it_is_parsed(tmp_path: Path, letter: Path, capsys) -> None:
    """Reproducer: 5 million empty paragraphs in a 44 kB .docx took a minute; they are counted on the zip."""
    flood = rezipped(letter, tmp_path / "henvendelse.docx", lambda parts: parts.__setitem__("word/document.xml", parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 1_000_000)))
    assert flood.stat().st_size < 200_000
    assert main(["ny", str(flood), "-o", str(tmp_path / "spm.yaml")]) == 1
    assert "dokumentet har over 20.000 afsnit" in capsys.readouterr().err
    assert not (tmp_path / "spm.yaml").exists()


# --- batch: recipient lists and the report ----------------------------------------------------------


def batch_with_recipients(tmp_path: Path, csv_text: str) -> tuple[int, str]:
    recipients = tmp_path / "modtagere.csv"
    recipients.write_text(csv_text, encoding="utf-8")
    path = question(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("  modtager: Hassan Nur Wardere\n", f"  modtagere: '{recipients}'\n"), encoding="utf-8")
    code = main(["batch", str(path), "-o", str(tmp_path / "ud")])
    report = (tmp_path / "ud" / "rapport.csv").read_text(encoding="utf-8-sig") if (tmp_path / "ud" / "rapport.csv").exists() else ""
    return code, report


def test_a_first_line_that_looks_like_column_names_is_not_echoed_unless_it_misspells_modtager(tmp_path: Path, capsys) -> None:
    """Reproducer: "Kodeord Pinkode Brugernavn" as a header was echoed to the terminal and rapport.csv."""
    code, report = batch_with_recipients(tmp_path, "Kodeord;Pinkode 4711;Brugernavn\nx;y;z\n")
    printed = capsys.readouterr()
    assert code == 1 and "4711" not in printed.out + printed.err + report and "Kodeord" not in printed.out + printed.err + report
    (tmp_path / "ud").rename(tmp_path / "ud1")
    code, report = batch_with_recipients(tmp_path, "Modtagere;Adresse\nAnna;Vej 1\n")
    assert "kolonner: Modtagere, Adresse" in report  # a misspelt modtager: the names help


def test_a_recipient_starting_with_a_fullwidth_formula_sign_is_neutralised_in_the_report() -> None:
    from generator.batch import neutralised

    assert neutralised("＝HYPERLINK(\"x\")") == "'＝HYPERLINK(\"x\")" and neutralised("＋45 1234") == "'＋45 1234"
    assert neutralised("Anna Hansen") == "Anna Hansen"


def test_a_blank_data_folder_is_refused_not_read_as_the_default(tmp_path: Path, capsys) -> None:
    path = question(tmp_path, data=" ")
    assert "data.mappe: må ikke være tom; udelad feltet for at bruge standarden" in refused(capsys, "generate", path, "-o", tmp_path / "svar.docx")


def test_ny_reads_no_name_from_a_line_of_hundreds_of_thousands_of_characters(tmp_path: Path, capsys) -> None:
    """Reproducer of the full fuzz round (ny 380): a 350.000-character word after "Med venlig hilsen" made the
    sender's name search take 42 s; a line that long is no name."""
    inquiry = tmp_path / "henvendelse.txt"
    inquiry.write_text("Hvor mange er i fleksjob i Odense?\n\nMed venlig hilsen\n" + "x" * 350_000 + "\n", encoding="utf-8")
    assert main(["ny", str(inquiry), "-o", str(tmp_path / "spm.yaml")]) == 0
    assert "fandt ingen afsender" in capsys.readouterr().err


def test_tjek_on_a_zip_of_an_unsupported_version_is_one_line(tmp_path: Path, letter: Path, capsys) -> None:
    """Reproducer of the fresh-seed fuzz round (tjek 10): a damaged byte made zipfile raise NotImplementedError."""
    import struct
    import zipfile

    odd = rezipped(letter, tmp_path / "svar.docx", lambda parts: None)
    raw = bytearray(odd.read_bytes())
    entry = raw.find(b"PK\x01\x02")  # the central directory's entries: the first is word/document.xml's or another's
    while raw[entry + 46 : entry + 46 + struct.unpack("<H", raw[entry + 28 : entry + 30])[0]] != b"word/document.xml":
        entry = raw.find(b"PK\x01\x02", entry + 4)
    raw[entry + 6 : entry + 8] = struct.pack("<H", 222)  # "version needed to extract": 22.2
    odd.write_bytes(bytes(raw))
    with pytest.raises(NotImplementedError), zipfile.ZipFile(odd) as archive:
        archive.read("word/document.xml")
    assert main(["tjek", str(odd)]) == 1
    err = capsys.readouterr().err
    assert "uventet fejl" not in err and "kan ikke åbne brevet" in err
