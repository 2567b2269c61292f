"""The answer plan (generator/plan.py): what the page shows for review and writes as a question file.

A plan made from an inquiry is what `svarbrev ny` proposes; written out, it is a question file that
`svarbrev generate` reads as it is, and its letter is the letter of the question file it came from.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from readback import body_text

from generator.errors import QuestionFileError
from generator.intake import draft_question_file
from generator.plan import (
    checked_question_file,
    plan_from_inquiry,
    plan_from_question_file,
    question_file_text,
    refresh,
)
from generator.questionfile import AnswerPlan, CallSpec, QuestionPlan, load_question_file, parse_question_file
from generator.reply import generate_reply

ROOT = Path(__file__).resolve().parent.parent
FLEKSJOB_INQUIRY = ROOT / "tests" / "fixtures" / "indgaaende" / "fleksjob.txt"
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
PARAMETERS = ROOT / "examples" / "henvendelser" / "sygedagpenge-parametre.yaml"


def test_a_plan_from_the_reference_inquiry_proposes_what_ny_proposes():
    plan = plan_from_inquiry(FLEKSJOB_INQUIRY)
    assert plan.recipient == "Hassan Nur Wardere"
    assert plan.date == datetime.date(2025, 6, 25)
    assert plan.subject == "data på fleksjob"
    first, second, third = plan.questions
    assert [call.metric_id for call in first.calls] == ["fleksjob.antal", "fleksjob.kommunen_som_arbejdsgiver"]
    assert not first.automatic and not second.automatic
    assert [call.metric_id for call in second.calls] == ["fleksjob.sammenligning"]
    assert third.automatic and third.calls == []  # "årsagerne": no figures answer it
    # The reasons quote the inquiry's words, as ny's comments do.
    assert any("»Hvor mange«" in line for line in first.proposal)
    assert any("årsagerne" in line for line in third.proposal)
    assert "ønsker jeg et bedre overblik over fleksjobområdet i København" in " ".join(plan.not_taken)
    assert "Hvor mange københavnere er pt i fleksjob?" in plan.inquiry_text
    assert plan.warnings == draft_question_file(FLEKSJOB_INQUIRY).warnings


def test_the_written_plan_is_the_question_file_ny_would_have_chosen(tmp_path):
    plan = plan_from_inquiry(FLEKSJOB_INQUIRY)
    written = parse_question_file(question_file_text(plan), "plan.yaml", tmp_path)
    drafted = parse_question_file(draft_question_file(FLEKSJOB_INQUIRY).text, "ny.yaml", tmp_path)
    assert written.inquiry == drafted.inquiry
    assert [q.text for q in written.questions] == [q.text for q in drafted.questions]
    assert [q.metric_ids for q in written.questions] == [q.metric_ids for q in drafted.questions]


def test_a_question_file_and_its_plan_written_back_make_the_same_letter(tmp_path):
    plan = plan_from_question_file(load_question_file(PARAMETERS))
    (tmp_path / "plan.yaml").write_text(question_file_text(plan), encoding="utf-8")
    data = PARAMETERS.parent / "../data/eksempeldata"
    original = generate_reply(PARAMETERS, tmp_path / "original.docx", data_dir=data)
    again = generate_reply(tmp_path / "plan.yaml", tmp_path / "igen.docx", data_dir=data)
    assert body_text(original.output) == body_text(again.output)
    assert plan.questions[1].calls == [
        CallSpec("sygedagpenge.antal", {"periode": "2024", "alder": "16-29", "opdeling": ["køn"]})
    ]


def test_paths_in_an_uploaded_question_file_are_not_followed():
    plan = plan_from_question_file(load_question_file(PARAMETERS))
    assert any("data.mappe" in warning and "bruges ikke" in warning for warning in plan.warnings)
    assert "mappe" not in question_file_text(plan)


def test_a_question_file_with_a_recipient_list_is_refused_with_its_line():
    with pytest.raises(QuestionFileError, match="modtagerliste") as refused:
        plan_from_question_file(load_question_file(ROOT / "examples" / "batch" / "udvalg-fleksjob.yaml"))
    assert refused.value.field == "henvendelse.modtagere" and refused.value.line is not None


@pytest.mark.parametrize(
    "value",
    ["Vejle, Odense", "a: b", "# ikke en kommentar", '"citat"', "yes", "16-29", "[liste]", "{x}", "  mellemrum ", "Hele landet"],
)
def test_any_parameter_text_survives_the_question_file_unchanged(value, tmp_path):
    plan = AnswerPlan("Modtager", datetime.date(2025, 1, 2), "emne", [QuestionPlan("Spørgsmål?", automatic=False, calls=[CallSpec("fleksjob.antal", {"område": [value], "periode": value})])])
    written = parse_question_file(question_file_text(plan), "plan.yaml", tmp_path)
    assert written.questions[0].calls[0].parameters == {"område": [value.strip()], "periode": value.strip()}


def test_texts_with_quotes_colons_and_paragraphs_come_back_exactly(tmp_path):
    answer = 'Første afsnit: med "citat" og {{ klammer }}.\n\nAndet afsnit # ikke kommentar.'
    plan = AnswerPlan("Liv Holm (F)", datetime.date(2025, 1, 2), "ydelser: status", [QuestionPlan("Hvad: nu?", answer=answer)])
    written = parse_question_file(question_file_text(plan, "første linje\nanden linje"), "plan.yaml", tmp_path)
    assert written.inquiry.recipient == "Liv Holm (F)" and written.inquiry.subject == "ydelser: status"
    assert written.questions[0].text == "Hvad: nu?" and written.questions[0].answer == answer
    assert written.questions[0].calls is None  # left to the matcher


def test_letter_settings_are_written_only_when_set(tmp_path):
    plan = AnswerPlan("M", datetime.date(2025, 1, 2), "e", [QuestionPlan("?")])
    assert "brev:" not in question_file_text(plan) and "data:" not in question_file_text(plan)
    plan.letter_date, plan.signer, plan.extract_date = datetime.date(2025, 2, 3), "Anne Andersen", datetime.date(2025, 6, 30)
    written = parse_question_file(question_file_text(plan), "plan.yaml", tmp_path)
    assert written.letter.date == datetime.date(2025, 2, 3) and written.letter.signer == "Anne Andersen"
    assert written.data.extract_date == datetime.date(2025, 6, 30)


def test_a_plan_survives_being_stored_as_json():
    plan = plan_from_inquiry(FLEKSJOB_INQUIRY)
    plan.letter_date = datetime.date(2025, 7, 8)
    assert AnswerPlan.from_json(yaml.safe_load(yaml.safe_dump(plan.as_json(), allow_unicode=True))) == plan


def test_refresh_reads_an_edited_question_again():
    plan = plan_from_inquiry(FLEKSJOB_INQUIRY)
    plan.questions[2].text = "Hvor mange er på sygedagpenge i Vejle?"
    refresh(plan)
    assert plan.questions[2].automatic
    assert [(c.metric_id, c.parameters) for c in plan.questions[2].calls] == [("sygedagpenge.antal", {"område": ["Vejle"]})]
    plan.questions[2].text = "Hvor mange er på sygedagpenge på Nørrebro?"
    refresh(plan)
    assert any("Nørrebro" in phrase for phrase in plan.questions[2].unhonoured)


def test_refresh_keeps_the_caseworkers_own_calls_and_adds_no_figures_to_an_own_answer():
    plan = plan_from_inquiry(FLEKSJOB_INQUIRY)
    plan.questions[0].calls = [CallSpec("fleksjob.antal", {"område": ["Aarhus"]})]
    plan.questions[1].automatic, plan.questions[1].answer = True, "Det svarer vi på senere."
    refresh(plan)
    assert plan.questions[0].calls == [CallSpec("fleksjob.antal", {"område": ["Aarhus"]})]
    assert plan.questions[1].calls == []


def test_a_plan_that_breaks_the_contract_is_refused_by_its_field(tmp_path):
    plan = plan_from_inquiry(FLEKSJOB_INQUIRY)
    plan.questions[0].calls[0] = CallSpec(plan.questions[0].calls[0].metric_id, {"periode": "sidste sommer"})
    with pytest.raises(QuestionFileError) as refused:
        checked_question_file(question_file_text(plan), "plan.yaml", tmp_path)
    assert refused.value.field == "spørgsmål[1].metrikker[1].periode"
    plan.questions[0].calls[0] = CallSpec("fleksjob.antl")
    with pytest.raises(QuestionFileError, match=re.escape("mente du 'fleksjob.antal'")):
        checked_question_file(question_file_text(plan), "plan.yaml", tmp_path)
