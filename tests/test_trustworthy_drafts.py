"""A draft a caseworker can trust (issue 9): nothing the letter rests on is hidden.

A placeholder `ny` left and synthetic example data never reach a final letter unnoticed; a
question answered by the same figures as an earlier one refers to that answer; a stray file in
the data folder does not stop the letter; a missing table says where it was looked for.
"""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from questionfiles import asked, write_question_file
from readback import body_items, body_text
from svarbrev_runner import run_svarbrev

from generator.questionfile import QuestionPlan
from generator.reply import NotFinalError, generate_reply

ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = ROOT / "examples" / "data"
EXAMPLE_DATA = REAL_DATA / "eksempeldata"


def question_file(folder: Path, questions: Sequence[QuestionPlan], data: Path = REAL_DATA, subject: str = "fleksjob") -> Path:
    dates = {"date": datetime.date(2025, 6, 25), "letter_date": datetime.date(2025, 7, 1)}
    return write_question_file(folder / "spm.yaml", questions, data=data, subject=subject, **dates)




# -- 3. placeholders and example data never reach a final unnoticed ---------------------------------


def test_a_final_is_refused_while_a_placeholder_from_ny_is_left(tmp_path: Path) -> None:
    path = question_file(tmp_path, [asked("Hvor mange er i fleksjob?", "fleksjob.antal")], subject="[emne]")

    with pytest.raises(NotFinalError) as refused:
        generate_reply(path, tmp_path / "svar.docx", final=True)

    assert "henvendelse.emne er stadig en pladsholder fra svarbrev ny: »[emne]«" in refused.value.problems
    assert not (tmp_path / "svar.docx").exists()
    # The draft is allowed: it is for review, and shows the placeholder where it stands.
    assert "vedrørende [emne]" in body_text(generate_reply(path, tmp_path / "udkast.docx").output)


def test_a_final_on_example_data_is_refused_unless_allowed_and_then_every_answer_says_so(tmp_path: Path) -> None:
    path = question_file(
        tmp_path,
        [asked("Hvor mange er på sygedagpenge?", "sygedagpenge.antal"), asked("Hvordan ligger vi i forhold til de andre byer?", "sygedagpenge.sammenligning")],
        data=EXAMPLE_DATA,
        subject="sygedagpenge",
    )

    refused = run_svarbrev("generate", path, "-o", tmp_path / "endelig.docx", "--endelig")
    assert refused.returncode == 1
    assert "spørgsmål 1: tallene er eksempeldata (syntetiske, ikke officielle); brug rigtige data eller --tillad-eksempeldata" in refused.stderr
    assert "spørgsmål 2: tallene er eksempeldata" in refused.stderr
    assert not (tmp_path / "endelig.docx").exists()

    allowed = run_svarbrev("generate", path, "-o", tmp_path / "endelig.docx", "--endelig", "--tillad-eksempeldata")
    assert allowed.returncode == 0, allowed.stderr
    items = body_items(tmp_path / "endelig.docx")
    sources = [item for item in items if isinstance(item, str) and item.startswith("Kilde:")]
    # The count has no table: its own Kilde line; the comparison's table has its own.
    assert sources == ["Kilde: Eksempeldata (ikke officielle tal)"] * 2
    answer_one = body_text(tmp_path / "endelig.docx").split("Ad 1:")[1].split("Ad 2:")[0]
    assert "Kilde: Eksempeldata (ikke officielle tal)" in answer_one
    document = docx.Document(str(tmp_path / "endelig.docx"))
    assert "eksempeldata" in document.core_properties.comments
    custom = _custom_properties(tmp_path / "endelig.docx")
    assert custom["Eksempeldata"].startswith("ja")


def test_real_data_gets_no_example_data_mark(tmp_path: Path) -> None:
    path = question_file(tmp_path, [asked("Hvor mange er i fleksjob?", "fleksjob.antal")])
    final = generate_reply(path, tmp_path / "svar.docx", final=True).output
    assert "Eksempeldata" not in body_text(final)
    assert "Eksempeldata" not in _custom_properties(final)


def _custom_properties(path: Path) -> dict[str, str]:
    import zipfile

    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("docProps/custom.xml"))
    return {prop.get("name"): prop[0].text for prop in root}


# -- 5. the same figures asked twice are answered once -------------------------------------------------


def test_a_second_question_answered_by_the_same_call_refers_to_the_first(tmp_path: Path) -> None:
    path = question_file(
        tmp_path,
        [asked("Hvordan ligger København i forhold til de andre store byer?", "fleksjob.sammenligning"), asked("Og hvordan ser det ud relativt til indbyggertallet?", "fleksjob.sammenligning")],
    )
    generated = generate_reply(path, tmp_path / "svar.docx")
    text = body_text(generated.output)

    second = text.split("Ad 2:")[1]
    assert "Se svaret på spørgsmål 1 og Tabel 1." in second
    assert len(docx.Document(str(generated.output)).tables) == 1
    assert "Tabel 2" not in text


def test_different_parameters_are_different_answers_not_a_reference(tmp_path: Path) -> None:
    path = question_file(
        tmp_path,
        [asked("Hvor mange er på sygedagpenge i København?", "sygedagpenge.antal"), asked("Og i Aarhus?", "{id: sygedagpenge.antal, område: Aarhus}")],
        data=EXAMPLE_DATA,
        subject="sygedagpenge",
    )
    text = body_text(generate_reply(path, tmp_path / "svar.docx").output)
    assert "Se svaret" not in text and "Aarhus Kommune" in text


# -- 6. the data folder --------------------------------------------------------------------------------


@pytest.mark.parametrize("stray", ["notater.csv", "befolkning_2025.csv"])
def test_a_stray_file_in_the_data_folder_is_a_warning_not_a_stop(tmp_path: Path, stray: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(REAL_DATA, data, ignore=shutil.ignore_patterns("eksempeldata"))
    (data / stray).write_text("Kommune;Indbyggere\nKøbenhavn;660.000\n", encoding="utf-8")
    path = question_file(tmp_path, [asked("Hvor mange er i fleksjob?", "fleksjob.antal")], data=data)

    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")

    assert result.returncode == 0, result.stderr
    assert f"advarsel: datamappen: {stray} bruges ikke: filnavnet skal have formen <tabel>_<ÅÅÅÅ-MM-DD>.csv" in result.stderr
    assert "5.192 københavnere" in body_text(tmp_path / "svar.docx")


def test_a_missing_table_says_which_folder_was_searched_and_where_example_data_lives(tmp_path: Path) -> None:
    path = question_file(tmp_path, [asked("Hvor mange er på sygedagpenge?", "sygedagpenge.antal")], subject="sygedagpenge")

    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")

    assert result.returncode == 0
    assert "sygedagpenge.antal: kilder.yaml: tabellen 'y07a02' er ikke beskrevet i kilder.yaml" in result.stderr
    assert f"søgte i datamappen {REAL_DATA}; eksempeldata med tabellen y07a02 ligger i {EXAMPLE_DATA}" in result.stderr


def test_a_table_missing_from_the_example_data_too_is_not_said_to_be_there(tmp_path: Path) -> None:
    """The example folder has synthetic extracts of the Jobindsats tables, not the municipality's own
    (fleksjobordningen, kk_fleksjobansatte): searching it, or sending the caseworker to it for a
    table it lacks, would be a false lead."""
    from_examples = question_file(tmp_path, [asked("Hvordan har fleksjob udviklet sig?", "fleksjob.udvikling")], data=EXAMPLE_DATA)

    result = run_svarbrev("generate", from_examples, "-o", tmp_path / "svar.docx")

    assert result.returncode == 0
    assert "fleksjob.udvikling: kilder.yaml: tabellen 'fleksjobordningen' er ikke beskrevet i kilder.yaml" in result.stderr
    assert f"advarsel: spørgsmål 1: søgte i datamappen {EXAMPLE_DATA}\n" in result.stderr
    assert "eksempeldata med" not in result.stderr


def test_a_relative_data_folder_is_read_from_the_question_file_and_the_message_names_the_folder_tried(tmp_path: Path) -> None:
    inquiry = tmp_path / "sager"
    inquiry.mkdir()
    path = question_file(inquiry, [asked("Hvor mange er i fleksjob?", "fleksjob.antal")], data=Path("../mangler"))

    result = run_svarbrev("generate", path, cwd=ROOT)

    assert result.returncode != 0
    assert f"data.mappe: datamappen findes ikke: {tmp_path / 'mangler'}" in result.stderr
    assert "i forhold til spørgsmålsfilens mappe" in result.stderr


def test_a_relative_data_option_is_read_from_the_current_folder(tmp_path: Path) -> None:
    shutil.copytree(REAL_DATA, tmp_path / "mine-data", ignore=shutil.ignore_patterns("eksempeldata"))
    path = question_file(tmp_path, [asked("Hvor mange er i fleksjob?", "fleksjob.antal")], data=Path("findes-ikke"))

    result = run_svarbrev("generate", path, "--data", "mine-data", "-o", tmp_path / "svar.docx", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "5.192 københavnere" in body_text(tmp_path / "svar.docx")


# -- 9. no tool name in a letter ------------------------------------------------------------------------


@pytest.mark.parametrize("example", sorted((ROOT / "examples" / "henvendelser").glob("*.yaml")), ids=lambda p: p.stem)
def test_no_letter_names_the_tool(tmp_path: Path, example: Path) -> None:
    text = body_text(generate_reply(example, tmp_path / "svar.docx").output)
    assert "svarbrev" not in text.casefold()


# -- 10. Danish wording -----------------------------------------------------------------------------------


def copied_data(tmp_path: Path, replace_line: tuple[str, str] | None = None) -> Path:
    data = tmp_path / "data"
    shutil.copytree(REAL_DATA, data, ignore=shutil.ignore_patterns("eksempeldata"))
    if replace_line:
        current = data / "y08a02_2025-06-30.csv"
        text = current.read_text(encoding="utf-8")
        assert replace_line[0] in text
        current.write_text(text.replace(*replace_line), encoding="utf-8")
    return data


COUNT = [asked("Hvor mange er i fleksjob?", "fleksjob.antal")]


def test_one_figure_unchanged_and_the_other_changed_is_two_full_clauses(tmp_path: Path) -> None:
    # The previous extract has 4.887 persons and 4.167 full-time persons.
    data = copied_data(tmp_path, ("København;2025QMAT01;5.192;4.448;1,1", "København;2025QMAT01;4.887;4.181;1,1"))
    text = body_text(generate_reply(question_file(tmp_path, COUNT, data=data), tmp_path / "svar.docx").output)
    assert "Antallet af personer er uændret, og antallet af fuldtidspersoner er steget med 14 siden opgørelsen" in text


def test_missing_persons_with_full_time_persons_answers_with_what_exists_and_says_what_is_missing(tmp_path: Path) -> None:
    data = copied_data(tmp_path, ("København;2025QMAT01;5.192;4.448;1,1", "København;2025QMAT01;..;4.448;1,1"))
    generated = generate_reply(question_file(tmp_path, COUNT, data=data), tmp_path / "svar.docx")
    text = body_text(generated.output)
    assert (
        "I perioden fra 2. kvartal 2024 til 1. kvartal 2025 svarede antallet af københavnere ansat i fleksjob til "
        "4.448 fuldtidspersoner. Antallet af personer står ikke i udtrækket for perioden." in text
    )
    assert "[Data mangler" not in text and generated.reply.problems == []


def test_a_data_gap_names_periods_in_words_not_jobindsats_codes(tmp_path: Path) -> None:
    path = question_file(tmp_path, [asked("Hvor mange var i fleksjob i 2010?", '{id: fleksjob.antal, periode: "2010"}')])
    generated = generate_reply(path, tmp_path / "svar.docx")
    text = body_text(generated.output)
    assert "[Data mangler" in text and "udtrækket har ingen tal for perioden 2010 (har kun tal for 2. kvartal 2024 – 1. kvartal 2025)" in text
    assert "QMAT" not in text and not any("QMAT" in warning for warning in generated.reply.warnings)


def test_the_terminal_counts_in_danish_singular_and_plural(tmp_path: Path) -> None:
    path = question_file(tmp_path, [asked("Hvordan ligger vi i forhold til de store byer?", "fleksjob.sammenligning")])
    result = run_svarbrev("generate", path, "-o", tmp_path / "svar.docx")
    assert result.returncode == 0, result.stderr
    assert "(udkast; 1 spørgsmål, 1 tabel)" in result.stdout


# -- 6. batch takes --data too ---------------------------------------------------------------------------


def test_batch_reads_the_data_folder_given_with_data(tmp_path: Path) -> None:
    data = copied_data(tmp_path, ("København;2025QMAT01;5.192;4.448;1,1", "København;2025QMAT01;5.300;4.500;1,1"))
    path = question_file(tmp_path, COUNT, data=Path("findes-ikke"))

    result = run_svarbrev("batch", path, "-o", tmp_path / "ud", "--data", data)

    assert result.returncode == 0, result.stdout + result.stderr
    [letter] = (tmp_path / "ud").glob("*.docx")
    assert "5.300 københavnere" in body_text(letter)


def test_a_comparison_with_the_country_alone_has_no_empty_list_of_cities(tmp_path: Path) -> None:
    path = question_file(
        tmp_path,
        [asked("Derudover ønsker jeg en sammenligning med landsgennemsnittet.", "{id: ledighedsydelse.sammenligning, sammenlign_med: [Hele landet]}"), asked("Og for fleksjob?", "{id: fleksjob.sammenligning, sammenlign_med: [Hele landet]}")],
    )
    text = body_text(generate_reply(path, tmp_path / "svar.docx").output)
    assert " end i ." not in text and "end i  " not in text
    assert "I København er 0,3 procent af arbejdsstyrken på ledighedsydelse (opgjort i fuldtidspersoner). Landsgennemsnittet er 0,5 procent." in text.replace("\u00a0", " ")


def test_the_final_edition_stands_beside_the_draft_not_in_its_place(tmp_path: Path) -> None:
    path = question_file(tmp_path, [asked("Hvor mange er i fleksjob?", "fleksjob.antal")])
    draft = generate_reply(path)
    final = generate_reply(path, final=True)
    assert (draft.output.name, draft.sidecar.name) == ("spm.svar.docx", "spm.svar.tal.json")
    assert (final.output.name, final.sidecar.name) == ("spm.svar-endelig.docx", "spm.svar-endelig.tal.json")
    assert draft.output.exists() and final.output.exists()
