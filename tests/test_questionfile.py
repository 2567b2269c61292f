"""How a question file (spørgsmålsfil) is read, and how each mistake in it is reported."""

from __future__ import annotations

import datetime
import textwrap
import unicodedata
from pathlib import Path

import pytest

from generator.errors import QuestionFileError
from generator.questionfile import (
    DataSettings,
    LetterSettings,
    clean_text,
    load_question_file,
    parse_question_file,
)

FULL_EXAMPLE = """\
henvendelse:
  modtager: Hassan Nur Wardere
  dato: 2025-06-25
  emne: data på fleksjob
  sagsnummer: 2025-0123456
brev:
  dato: 2025-07-08
  skabelon: direktionen
  underskriver: Henrik Lund
  titel: Administrerende direktør
data:
  mappe: ../data
  udtræk: 2025-06-30
spørgsmål:
  - tekst: Hvor mange københavnere er pt i fleksjob?
    metrikker: [fleksjob.antal, fleksjob.kommunen_som_arbejdsgiver]
  - tekst: Hvad er årsagerne ...?
    svar: |
      København har historisk ...

      Andet afsnit.
    metrikker:
      - fleksjob.udvikling
"""

# Line numbers in the comments are what the refusal tests below expect.
MINIMAL = """\
henvendelse:
  modtager: Hassan Nur Wardere
  dato: 2025-06-25
  emne: data på fleksjob
spørgsmål:
  - tekst: Hvor mange er i fleksjob?
"""


def parse(source: str, base_dir: Path = Path("/sager/2025")):
    return parse_question_file(source, "spm.yaml", base_dir)


def refusal(source: str) -> QuestionFileError:
    with pytest.raises(QuestionFileError) as caught:
        parse(source)
    return caught.value


def with_question(item: str) -> str:
    """MINIMAL with its single question replaced; the item starts on line 6."""
    return MINIMAL.replace("  - tekst: Hvor mange er i fleksjob?\n", textwrap.dedent(item))


# --- a valid file -------------------------------------------------------------------------------


def test_full_example_inquiry_and_letter():
    parsed = parse(FULL_EXAMPLE)

    assert parsed.display_name == "spm.yaml"
    assert parsed.path == Path("spm.yaml")
    assert parsed.inquiry.recipient == "Hassan Nur Wardere"
    assert parsed.inquiry.date == datetime.date(2025, 6, 25)
    assert parsed.inquiry.subject == "data på fleksjob"
    assert parsed.inquiry.case_number == "2025-0123456"
    assert parsed.letter == LetterSettings(
        date=datetime.date(2025, 7, 8),
        template="direktionen",
        signer="Henrik Lund",
        title="Administrerende direktør",
    )


def test_full_example_data_folder_is_resolved_against_the_files_folder():
    parsed = parse(FULL_EXAMPLE, base_dir=Path("/sager/2025"))

    assert parsed.data == DataSettings(
        folder=Path("/sager/data"), folder_line=12, extract_date=datetime.date(2025, 6, 30)
    )


def test_full_example_questions():
    first, second = parse(FULL_EXAMPLE).questions

    assert (first.number, first.line, first.field) == (1, 15, "spørgsmål[1]")
    assert first.text == "Hvor mange københavnere er pt i fleksjob?"
    assert first.answer is None
    assert first.metric_ids == ("fleksjob.antal", "fleksjob.kommunen_som_arbejdsgiver")
    assert [call.line for call in first.calls] == [16, 16]

    assert (second.number, second.line, second.field) == (2, 17, "spørgsmål[2]")
    assert second.text == "Hvad er årsagerne ...?"
    assert second.answer == "København har historisk ...\n\nAndet afsnit."
    assert second.metric_ids == ("fleksjob.udvikling",)
    assert [call.line for call in second.calls] == [23]


def test_minimal_file_has_no_letter_or_data_settings():
    parsed = parse(MINIMAL)

    assert parsed.inquiry.case_number is None
    assert parsed.letter == LetterSettings(None, None, None, None)
    assert parsed.data == DataSettings(None, None, None)


def test_question_without_metrics_or_answer_is_accepted():
    (question,) = parse(MINIMAL).questions

    assert question.text == "Hvor mange er i fleksjob?"
    assert question.answer is None
    assert question.metric_ids is None
    assert question.calls is None


def test_empty_metric_list_differs_from_no_metrics():
    source = with_question("""\
          - tekst: Uden tal
            metrikker: []
          - tekst: Tom værdi
            metrikker:
        """)
    empty_list, null_value = parse(source).questions

    assert empty_list.metric_ids == ()
    assert null_value.metric_ids is None


@pytest.mark.parametrize("written", ["12345", "012345", "2025-01-23", "true", "'12345'"])
def test_numbers_dates_and_booleans_are_kept_as_written_where_text_is_expected(written):
    source = MINIMAL.replace("  emne:", f"  sagsnummer: {written}\n  emne:")

    assert parse(source).inquiry.case_number == written.strip("'")


def test_dates_may_be_quoted():
    source = MINIMAL.replace("dato: 2025-06-25", 'dato: "2025-06-25"')

    assert parse(source).inquiry.date == datetime.date(2025, 6, 25)


def test_absolute_data_folder_is_kept():
    source = MINIMAL + "data:\n  mappe: /srv/udtræk\n"

    assert parse(source).data.folder == Path("/srv/udtræk")


def test_optional_sections_and_texts_may_be_empty():
    source = MINIMAL + "brev:\ndata:\n  mappe: ''\n  udtræk: ~\n"
    parsed = parse(source)

    assert parsed.letter == LetterSettings(None, None, None, None)
    assert parsed.data == DataSettings(None, None, None)


# --- text is kept literally, only cleaned -------------------------------------------------------


def test_template_syntax_and_markup_in_question_text_is_kept_literally():
    source = with_question("""\
          - tekst: Hvad giver {{ 7*7 }} og {% raw %} i <&>?
            svar: "{{ svar }} & <b>"
        """)
    (question,) = parse(source).questions

    assert question.text == "Hvad giver {{ 7*7 }} og {% raw %} i <&>?"
    assert question.answer == "{{ svar }} & <b>"


def test_control_character_in_question_text_is_removed():
    escaped = with_question('  - tekst: "Hvor\\a mange\\tnu?"\n')
    raw = with_question("  - tekst: Hvor\x07 mange?\n")

    assert parse(escaped).questions[0].text == "Hvor mange nu?"
    assert parse(raw).questions[0].text == "Hvor mange?"


def test_windows_line_endings_are_normalised():
    source = FULL_EXAMPLE.replace("\n", "\r\n")

    assert parse(source).questions[1].answer == "København har historisk ...\n\nAndet afsnit."


def test_decomposed_danish_letters_in_keys_and_text_are_normalised():
    source = unicodedata.normalize("NFD", MINIMAL)

    parsed = parse(source)
    assert parsed.inquiry.subject == "data på fleksjob"
    assert len(parsed.questions) == 1


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("a\tb", "a b"),
        ("klokke\x07 og\x00 nul\x1b\x7f\x85", "klokke og nul"),
        ("ikke\ufffe xml\uffff", "ikke xml"),
        ("ensom\ud800 surrogat", "ensom surrogat"),
        ("a\u030a", "å"),
        ("{{ 7*7 }} {% raw %} <&>", "{{ 7*7 }} {% raw %} <&>"),
    ],
)
def test_clean_text(text, cleaned):
    assert clean_text(text) == cleaned


# --- refusals: each names field and line in Danish -----------------------------------------------


@pytest.mark.parametrize(
    ("source", "line", "field", "message"),
    [
        pytest.param(
            MINIMAL.replace("modtager:", "modtagr:"),
            2, "henvendelse.modtagr", "ukendt felt — mente du 'modtager'?",
            id="unknown-key-with-suggestion",
        ),
        pytest.param(
            MINIMAL.replace("  emne:", "  farve: blå\n  emne:"),
            4, "henvendelse.farve", "ukendt felt; tilladte felter: modtager, modtagere, dato, emne, sagsnummer",
            id="unknown-key-without-suggestion",
        ),
        pytest.param(
            MINIMAL.replace("spørgsmål:", "sporgsmal:"),
            5, "sporgsmal", "ukendt felt — mente du 'spørgsmål'?",
            id="unknown-top-level-key",
        ),
        pytest.param(
            with_question("  - tekst: Hvad?\n    svarr: Sådan\n"),
            7, "spørgsmål[1].svarr", "ukendt felt — mente du 'svar'?",
            id="unknown-question-key",
        ),
        pytest.param(
            MINIMAL.replace("  emne: data på fleksjob\n", ""),
            1, "henvendelse.emne", "mangler",
            id="missing-subject",
        ),
        pytest.param(
            MINIMAL.replace("spørgsmål:\n  - tekst: Hvor mange er i fleksjob?\n", ""),
            1, "spørgsmål", "mangler",
            id="missing-questions",
        ),
        pytest.param(
            with_question("  - tekst: Første\n  - metrikker: [a.b]\n"),
            7, "spørgsmål[2].tekst", "mangler",
            id="missing-question-text",
        ),
        pytest.param(
            MINIMAL.replace("modtager: Hassan Nur Wardere", "modtager: [Hassan, Nur]"),
            2, "henvendelse.modtager", "skal være en tekst, men er en liste",
            id="text-is-a-list",
        ),
        pytest.param(
            "henvendelse: Hassan Nur Wardere\nspørgsmål:\n  - tekst: Hvor mange?\n",
            1, "henvendelse", "skal være en sektion med felter",
            id="section-is-text",
        ),
        pytest.param(
            MINIMAL.replace("  - tekst:", "  tekst:"),
            6, "spørgsmål", "skal være en liste af spørgsmål (linjer der starter med '- ')",
            id="questions-not-a-list",
        ),
        pytest.param(
            with_question("  - Hvor mange?\n"),
            6, "spørgsmål[1]", "skal være en sektion med felter (tekst, svar, metrikker, accepter)",
            id="question-is-text",
        ),
        pytest.param(
            with_question("  - tekst: Hvad?\n    metrikker: fleksjob.antal\n"),
            7, "spørgsmål[1].metrikker", "skal være en liste, fx [fleksjob.antal]",
            id="metrics-not-a-list",
        ),
        pytest.param(
            with_question("  - tekst: Hvad?\n    metrikker:\n      - fleksjob.antal\n      - {a: b}\n"),
            9, "spørgsmål[1].metrikker[2].a", "ukendt felt; tilladte felter: id, område, periode, fra, til, opdeling, køn, alder, herkomst, varighed, visitation, sammenlign_med, pr_indbyggere, tilsammen, andel_af_ordningen, andel_af_befolkningen, sorter, niveau",
            id="metric-call-unknown-key",
        ),
        pytest.param(
            with_question("  - tekst: Hvad?\n    metrikker: [fleksjob.antal, '  ']\n"),
            7, "spørgsmål[1].metrikker[2]", "må ikke være tom",
            id="metric-empty",
        ),
        pytest.param(
            MINIMAL.replace("dato: 2025-06-25", "dato: [2025, 6, 25]"),
            3, "henvendelse.dato", "skal være en dato (ÅÅÅÅ-MM-DD)",
            id="date-is-a-list",
        ),
        pytest.param(
            MINIMAL.replace("dato: 2025-06-25", "dato: 2025-02-30"),
            3, "henvendelse.dato", "ugyldig dato '2025-02-30' (forventede ÅÅÅÅ-MM-DD)",
            id="impossible-date",
        ),
        pytest.param(
            MINIMAL.replace("dato: 2025-06-25", "dato: 25-06-2025"),
            3, "henvendelse.dato", "ugyldig dato '25-06-2025' (forventede ÅÅÅÅ-MM-DD)",
            id="danish-date-order",
        ),
        pytest.param(
            MINIMAL + "brev:\n  dato: 2025-7-8\n",
            8, "brev.dato", "ugyldig dato '2025-7-8' (forventede ÅÅÅÅ-MM-DD)",
            id="letter-date-without-leading-zeros",
        ),
        pytest.param(
            MINIMAL + "data:\n  udtræk: 2025-13-01\n",
            8, "data.udtræk", "ugyldig dato '2025-13-01' (forventede ÅÅÅÅ-MM-DD)",
            id="extract-date-month-13",
        ),
        pytest.param(
            MINIMAL.replace("dato: 2025-06-25", "dato:"),
            3, "henvendelse.dato", "må ikke være tom",
            id="required-date-empty",
        ),
        pytest.param(
            MINIMAL.replace("emne: data på fleksjob", 'emne: ""'),
            4, "henvendelse.emne", "må ikke være tom",
            id="text-empty-string",
        ),
        pytest.param(
            MINIMAL.replace("emne: data på fleksjob", "emne: '   '"),
            4, "henvendelse.emne", "må ikke være tom",
            id="text-only-spaces",
        ),
        pytest.param(
            MINIMAL.replace("emne: data på fleksjob", "emne: ~"),
            4, "henvendelse.emne", "må ikke være tom",
            id="text-null",
        ),
        pytest.param(
            with_question("  - tekst:\n    svar: Sådan\n"),
            6, "spørgsmål[1].tekst", "må ikke være tom",
            id="question-text-no-value",
        ),
        pytest.param(
            MINIMAL.replace("  - tekst: Hvor mange er i fleksjob?\n", "  []\n"),
            6, "spørgsmål", "skal indeholde mindst ét spørgsmål",
            id="no-questions",
        ),
        pytest.param(
            MINIMAL.replace("  - tekst: Hvor mange er i fleksjob?\n", ""),
            5, "spørgsmål", "skal indeholde mindst ét spørgsmål",
            id="questions-without-value",
        ),
        pytest.param(
            MINIMAL.replace("  emne: data på fleksjob\n", "  emne: a\n  emne: b\n"),
            5, "henvendelse.emne", "står to gange (også i linje 4)",
            id="duplicate-key",
        ),
        pytest.param(
            MINIMAL + "henvendelse:\n  modtager: X\n",
            7, "henvendelse", "står to gange (også i linje 1)",
            id="duplicate-section",
        ),
        pytest.param(
            MINIMAL.replace("emne: data på fleksjob", "emne: !ukendt data"),
            4, "henvendelse.emne", "YAML-mærket '!ukendt' understøttes ikke",
            id="custom-tag",
        ),
        pytest.param(
            MINIMAL.replace("spørgsmål:", "spørgsmål: !!python/object:os.system"),
            5, "spørgsmål", "YAML-mærket '!!python/object:os.system' understøttes ikke",
            id="python-tag",
        ),
    ],
)
def test_refusal_names_field_and_line(source, line, field, message):
    error = refusal(source)

    assert (error.file, error.line, error.field, error.message) == ("spm.yaml", line, field, message)


def test_refusal_is_one_danish_line():
    error = refusal(MINIMAL.replace("dato: 2025-06-25", "dato: 2025-02-30"))

    assert str(error) == (
        "spm.yaml linje 3: henvendelse.dato: ugyldig dato '2025-02-30' (forventede ÅÅÅÅ-MM-DD)"
    )


def test_invalid_yaml_is_reported_with_its_line_and_a_hint():
    error = refusal(with_question("  - tekst: Spørgsmål: hvor mange?\n"))

    assert error.line == 6
    assert error.column == 19  # the colon after "Spørgsmål" in "- tekst: Spørgsmål: hvor mange?"
    assert error.field is None
    assert str(error) == (
        "spm.yaml linje 6, kolonne 19: ugyldig YAML: et kolon (': ') kan ikke stå her — "
        "sæt teksten i anførselstegn, hvis den indeholder ': '"
    )


def test_unclosed_flow_list_is_invalid_yaml():
    error = refusal(with_question("  - tekst: Hvad?\n    metrikker: [a.b, c.d\n"))

    assert error.message == "ugyldig YAML: en liste i [ ] er ikke lukket med ']'"
    assert error.line == 8
    assert "\n" not in str(error)


def test_tab_indentation_is_explained():
    error = refusal(MINIMAL.replace("  modtager:", "\tmodtager:"))

    assert error.line == 2
    assert "brug mellemrum, ikke tabulator" in error.message


def test_second_yaml_document_is_refused():
    error = refusal(MINIMAL + "---\nhenvendelse: igen\n")

    assert error.line == 7
    assert error.message == "ugyldig YAML: filen må kun indeholde ét dokument; fjern den ekstra '---'"


@pytest.mark.parametrize("source", ["", "\n\n", "# kun en kommentar\n", "---\n", "~\n"])
def test_empty_file_is_refused(source):
    error = refusal(source)

    assert error.message == "filen er tom; den skal mindst indeholde henvendelse og spørgsmål"
    assert error.line is None


@pytest.mark.parametrize(("source", "kind"), [("- a\n- b\n", "en liste"), ("bare tekst\n", "en tekst")])
def test_top_level_must_be_a_mapping(source, kind):
    error = refusal(source)

    assert error.line == 1
    assert error.message == f"filen skal bestå af felter (henvendelse:, spørgsmål: ...), men er {kind}"


def test_deep_nesting_is_refused_without_crashing():
    error = refusal("x: " + "[" * 5000)

    assert error.message.startswith("ugyldig YAML")


def test_aliases_are_followed():
    source = MINIMAL.replace("  - tekst: Hvor mange er i fleksjob?\n", (
        "  - tekst: &faelles Hvor mange?\n"
        "    metrikker: &tal [fleksjob.antal]\n"
        "  - tekst: *faelles\n"
        "    metrikker: *tal\n"
    ))
    first, second = parse(source).questions

    assert second.text == first.text == "Hvor mange?"
    assert second.metric_ids == ("fleksjob.antal",)


# --- reading from disk --------------------------------------------------------------------------


def test_load_question_file_resolves_data_folder_next_to_the_file(tmp_path):
    folder = tmp_path / "henvendelser"
    folder.mkdir()
    path = folder / "fleksjob.yaml"
    path.write_text(FULL_EXAMPLE, encoding="utf-8")

    parsed = load_question_file(path)

    assert parsed.path == path
    assert parsed.display_name == str(path)
    assert parsed.data.folder == (tmp_path / "data").resolve()
    assert [q.text for q in parsed.questions] == [
        "Hvor mange københavnere er pt i fleksjob?",
        "Hvad er årsagerne ...?",
    ]


def test_load_accepts_a_string_path_and_utf8_bom(tmp_path):
    path = tmp_path / "spm.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode("utf-8"))

    parsed = load_question_file(str(path))

    assert parsed.inquiry.recipient == "Hassan Nur Wardere"
    assert parsed.display_name == str(path)


def test_load_errors_name_the_file_as_given(tmp_path):
    path = tmp_path / "spm.yaml"
    path.write_text(MINIMAL.replace("emne: data på fleksjob", "emne:"), encoding="utf-8")

    with pytest.raises(QuestionFileError) as caught:
        load_question_file(path)

    assert str(caught.value) == f"{path} linje 4: henvendelse.emne: må ikke være tom"


def test_missing_file(tmp_path):
    path = tmp_path / "findes_ikke.yaml"

    with pytest.raises(QuestionFileError) as caught:
        load_question_file(path)

    assert caught.value.message == "filen findes ikke"
    assert caught.value.file == str(path)
    assert caught.value.line is None


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(QuestionFileError) as caught:
        load_question_file(tmp_path)

    assert caught.value.message == "er en mappe, ikke en fil"


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "spm.yaml"
    path.write_bytes(MINIMAL.encode("cp1252"))  # 'å' in "data på" becomes byte 0xE5

    with pytest.raises(QuestionFileError) as caught:
        load_question_file(path)

    offset = MINIMAL.encode("cp1252").index(b"\xe5") + 1
    assert caught.value.message == f"filen er ikke UTF-8 (byte {offset} er 0xE5); gem den som UTF-8"
    assert caught.value.line is None


# --------------------------------------------------------------------------- the parameter table

# One written value per parameter of the table; a new row without one here fails the test below.
PARAMETER_EXAMPLES = {
    "område": ["Vejle", "Lyngby-Taarbæk"],
    "periode": "2024K2",
    "fra": "2019",
    "til": "2024-03",
    "opdeling": ["køn", "alder"],
    "køn": "Kvinder",
    "alder": "16-29",
    "herkomst": "Indvandrere",
    "varighed": "12-",
    "visitation": "Aktivitetsparat",
    "sammenlign_med": ["Hele landet"],
    "pr_indbyggere": "ja",
    "tilsammen": "ja",
    "andel_af_ordningen": "ja",
    "andel_af_befolkningen": "ja",
    "sorter": "andel",
    "niveau": "regioner",
}
NEEDS = {"tilsammen": {"område": ["Vejle", "Horsens"]}, "andel_af_ordningen": {"køn": "Kvinder"}, "periode": {}, "fra": {}, "til": {}}


@pytest.mark.parametrize("key", list(PARAMETER_EXAMPLES))
def test_every_parameter_of_the_table_is_written_read_and_printed_as_the_table_says(key: str, tmp_path: Path) -> None:
    from generator.questionfile import KEYS, AnswerPlan, CallSpec, QuestionPlan, build_call
    from generator.questionfile.parameters import BY_KEY
    from generator.questionfile.writer import question_file_text

    assert list(PARAMETER_EXAMPLES) == list(KEYS)
    written = {**NEEDS.get(key, {}), key: PARAMETER_EXAMPLES[key]}
    plan = AnswerPlan("M", datetime.date(2025, 1, 2), "e", [QuestionPlan("?", automatic=False, calls=[CallSpec("fleksjob.antal", written)])])
    (spec,) = parse_question_file(question_file_text(plan), "spm.yaml", tmp_path).questions[0].calls or ()
    assert spec.parameters == written
    call = build_call(spec.metric_id, spec.parameters)
    assert call.as_parameters() == written  # what the writer writes is what was read
    assert key in call.given()
    printed = call.as_json()
    assert (printed["filtre"][key] if BY_KEY[key].kind.name == "filter" else printed[key]) not in (None, [], False)
