"""Automatic mapping: a council member's Danish question → the metrics that answer it."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.mapping import matcher_for
from generator.mapping.evaluation import evaluate, load_labelled
from generator.mapping.matcher import THRESHOLD, Context, split_parts
from generator.mapping.normalise import stem, words
from generator.metrics.catalogue import load_catalogue

DATA = Path(__file__).resolve().parent / "data"
Q1 = "Hvor mange københavnere er pt i fleksjob? Og hvor mange er i fleksjob i Københavns Kommune?"
Q2 = "Hvordan er de tal sammenlignet med de øvrige 6-byer (i faktiske tal og sammenlignet med antal indbyggere)?"
Q3 = "Hvad er årsagerne til, at der relativt set er færre indbyggere i fleksjob i København end i de øvrige 6-byer?"


@pytest.fixture(scope="module")
def matcher():
    return matcher_for(load_catalogue())


def chosen(matcher, question: str, subject: str = "", previous: tuple[str, ...] = ()) -> list[str]:
    return sorted(matcher.match(question, Context(subject, previous)).chosen)


@pytest.mark.parametrize(
    ("file", "measured", "misses_allowed"),
    [
        # Measured 2026-11-30 with `python scripts/evaluate_mapping.py`: 205/206, 69/69, 54/57 (53 before a rate
        # "pr. 1000 indbyggere" stopped being read as postcode 1000). With the closed-world reading (issue 20,
        # 2026-12-07): 205/206, 64/69, 52/57 — the questions now not understood carry a word that changes who
        # is counted or that svarbrev does not know ("jobparate og aktivitetsparate", "nedsat arbejdsevne …
        # særlige vilkår", "uden et job", "penge fra a-kassen", "overgået til jobafklaring", "BIF og SUF",
        # English), so they get a mark instead of a figure. 65/69 once party names and "besat" were neutral.
        # The margin is one question more than measured, so a real slide fails.
        ("mapping_eval.yaml", 204 / 206, 3),  # 205 before "ledigheden" (the rate, another measure) was no longer read as "ledige"
        ("mapping_eval_holdout.yaml", 65 / 69, 5),  # 66 before "ressourceforløbsydelse" was marked (paid in jobafklaringsforløb too; the label keeps ressourceforløb)
        ("mapping_eval_blind.yaml", 52 / 57, 6),
    ],
)
def test_exact_set_accuracy_on_the_labelled_questions_is_as_measured(matcher, file: str, measured: float, misses_allowed: int) -> None:
    questions = load_labelled(DATA / file)
    result = evaluate(matcher, questions)
    assert result.total >= 57
    assert result.total - result.correct <= misses_allowed, [(q.text, sorted(c)) for q, c in result.failures]
    assert result.accuracy >= measured - 1 / result.total - 1e-9


def test_no_question_is_in_two_labelled_sets() -> None:
    """A held-out or blind set that repeats a development question measures nothing new. A follow-up
    ("Og i Aarhus?") after other questions or under another subject is another question."""
    seen: dict[str, str] = {}
    for path in sorted(DATA.glob("mapping_*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            context = " | ".join([item.get("emne", ""), *item.get("forrige", [])])
            text = " ".join(item["spørgsmål"].casefold().split()) + (f" [{context.casefold()}]" if context.strip(" |") else "")
            assert text not in seen or seen[text] == path.name, f"»{item['spørgsmål']}« står både i {seen[text]} og {path.name}"
            seen[text] = path.name


def test_the_labelled_sets_hold_at_least_120_questions_of_every_kind() -> None:
    questions = load_labelled(DATA / "mapping_eval.yaml") + load_labelled(DATA / "mapping_eval_holdout.yaml")
    categories = {q.category for q in questions}
    assert len(questions) >= 120
    assert {"parafrase", "synonym", "stavefejl", "sammensat", "kontekst", "udenfor", "hvorfor"} <= categories
    assert sum(1 for q in questions if not q.expected) >= 20


def test_the_reference_inquiry_maps_question_by_question(matcher) -> None:
    assert chosen(matcher, Q1, "data på fleksjob") == ["fleksjob.antal", "fleksjob.kommunen_som_arbejdsgiver"]
    assert chosen(matcher, Q2, "data på fleksjob", (Q1,)) == ["fleksjob.sammenligning"]
    assert chosen(matcher, Q3, "data på fleksjob", (Q1, Q2)) == []


def test_a_compound_question_is_split_into_its_parts() -> None:
    parts = [p.text for p in split_parts("Hvor mange er på kontanthjælp, og hvordan har det udviklet sig siden 2015?")]
    assert parts == ["Hvor mange er på kontanthjælp", "hvordan har det udviklet sig siden 2015?"]


def test_a_later_part_takes_the_scheme_from_the_earlier_part(matcher) -> None:
    assert chosen(matcher, "Hvor mange er på kontanthjælp, og hvordan har det udviklet sig siden 2015?") == [
        "kontanthjaelp.antal",
        "kontanthjaelp.udvikling",
    ]


def test_two_schemes_in_one_question_give_a_metric_each(matcher) -> None:
    assert chosen(matcher, "Hvor mange modtager sygedagpenge og kontanthjælp?") == ["kontanthjaelp.antal", "sygedagpenge.antal"]


@pytest.mark.parametrize(
    "spelling",
    ["Hvor mange er på førtidspension?", "hvor mange er paa foertidspension", "Hvor mange er på førtidspention?", "Hvor mange FØRTIDSPENSIONISTER er der?"],
)
def test_spelling_case_and_misspellings_are_levelled_out(matcher, spelling: str) -> None:
    assert chosen(matcher, spelling) == ["foertidspension.antal"]


def test_compounds_and_hyphens_reach_the_scheme(matcher) -> None:
    assert chosen(matcher, "Hvor mange ledighedsydelsesmodtagere har vi?") == ["ledighedsydelse.antal"]
    assert chosen(matcher, "Hvor mange a dagpengemodtagere er der?") == ["a_dagpenge.antal"]
    assert chosen(matcher, "Hvordan ligger vi på sygedagpenge i forhold til seksbyerne?") == ["sygedagpenge.sammenligning"]


def test_dagpenge_inside_sygedagpenge_is_not_a_second_scheme(matcher) -> None:
    assert chosen(matcher, "Hvor mange sygedagpengemodtagere er der i København?") == ["sygedagpenge.antal"]


def test_residents_and_the_municipality_as_employer_are_told_apart(matcher) -> None:
    assert chosen(matcher, "Hvor mange borgere i Københavns Kommune er i fleksjob?") == ["fleksjob.antal"]
    assert chosen(matcher, "Hvor mange fleksjobbere har kommunen selv ansat?") == ["fleksjob.kommunen_som_arbejdsgiver"]


def test_a_question_naming_no_scheme_takes_it_from_earlier_questions_or_the_subject(matcher) -> None:
    follow_up = "Hvordan er de tal sammenlignet med de øvrige 6-byer?"
    assert chosen(matcher, follow_up) == []
    assert chosen(matcher, follow_up, previous=("Hvor mange er på sygedagpenge?",)) == ["sygedagpenge.sammenligning"]
    assert chosen(matcher, follow_up, subject="ressourceforløb") == ["ressourceforloeb.sammenligning"]


def test_why_and_action_questions_get_no_metric_and_say_why(matcher) -> None:
    result = matcher.match("Hvorfor er der så mange på kontanthjælp i København?")
    assert result.chosen == ()
    assert "hvorfor" in result.notes[0].casefold()


def test_subjects_the_catalogue_does_not_cover_get_no_metric_even_with_context(matcher) -> None:
    assert chosen(matcher, "Hvor mange modtager tidlig pension?", subject="kontanthjælp") == []


def test_the_schemes_of_issue_24_are_answered_by_their_own_tables(matcher) -> None:
    assert calls(matcher, "Hvor mange unge københavnere modtager uddannelseshjælp?") == [
        {"id": "uddannelseshjaelp.antal", "filtre": {"alder": "16-29"}}
    ]
    assert calls(matcher, "Hvor mange modtager selvforsørgelses- og hjemrejseydelse i Aarhus?") == [{"id": "selvforsoergelse.antal", "område": ["Aarhus"]}]
    assert calls(matcher, "Hvor mange er i revalidering i Odense?") == [{"id": "revalidering.antal", "område": ["Odense"]}]
    # Integrationsydelse was replaced in 2019: its successors' figures are not given as if they were it.
    result = matcher.match("Hvor mange modtager integrationsydelse?")
    assert result.calls == () and "integrationsydelse findes ikke længere" in result.unhonoured[0].reason


def test_every_suggestion_has_a_score_and_a_reason_naming_the_words(matcher) -> None:
    result = matcher.match("Hvor mange sygemeldte er der i København?")
    best = result.suggestions[0]
    assert best.metric == "sygedagpenge.antal" and best.score >= THRESHOLD
    assert "»sygemeldte«" in best.reason and "»Hvor mange«" in best.reason


def test_below_the_threshold_nothing_is_chosen_but_the_suggestion_is_shown(matcher) -> None:
    result = matcher.match("Og hvad er status?", Context(subject="sygedagpenge"))
    assert result.chosen == ()
    assert result.suggestions and all(s.score < THRESHOLD for s in result.suggestions)


def test_normalisation_keeps_question_words_and_folds_danish_letters() -> None:
    assert words("Hvor mange 6-byer?") == ["hvor", "mange", "6byer"]
    assert stem("kontanthjaelp") == stem("kontanthjælp")
    assert stem("seksbyerne") == stem("6byerne")


def test_match_command_prints_the_choice_and_json_for_scripts() -> None:
    command = [sys.executable, "-m", "generator", "match", "Hvor mange modtager sygedagpenge i København?"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    assert text.splitlines()[0] == "valgt: sygedagpenge.antal"
    assert "»sygedagpenge« → sygedagpenge" in text
    data = json.loads(subprocess.run([*command, "--json"], capture_output=True, text=True, check=True).stdout)
    assert data["valgt"] == ["sygedagpenge.antal"]
    assert set(data["forslag"][0]) == {"metrik", "score", "begrundelse"}


def test_the_change_since_the_last_count_is_part_of_the_count(matcher) -> None:
    assert chosen(matcher, "Hvor mange er på ledighedsydelse, og er tallet steget siden sidste kvartalsopgørelse?") == ["ledighedsydelse.antal"]
    assert chosen(matcher, "Hvor mange fleksjobbere har kommunen selv ansat sammenlignet med sidste år?") == ["fleksjob.kommunen_som_arbejdsgiver"]
    assert chosen(matcher, "Hvordan har antallet på ledighedsydelse udviklet sig siden 2015?") == ["ledighedsydelse.udvikling"]


def test_one_missing_letter_in_a_longer_word_is_forgiven_but_a_changed_short_word_is_not(matcher) -> None:
    assert chosen(matcher, "hvor mange fleksjobbere har komunen selv ansat") == ["fleksjob.kommunen_som_arbejdsgiver"]
    assert chosen(matcher, "Kan jeg få en tidsserie for ledighedsydelsesmodtagere, gerne ti år tilbage?") == ["ledighedsydelse.udvikling"]


# --- parameters ------------------------------------------------------------------------------------

from generator.mapping.evaluation import evaluate_calls, load_labelled_calls  # noqa: E402


def calls(matcher, question: str, previous: tuple[str, ...] = ()) -> list[dict]:
    import datetime

    result = matcher.match(question, Context("", previous, datetime.date(2025, 6, 25)))
    return [{k: v for k, v in call.as_json().items() if v not in (None, [], {}, False)} for call in result.calls]


def test_place_period_and_group_flow_from_the_question_into_the_call(matcher) -> None:
    assert calls(matcher, "Hvor mange er på sygedagpenge i Vejle?") == [{"id": "sygedagpenge.antal", "område": ["Vejle"]}]
    assert calls(matcher, "Hvor mange modtog kontanthjælp i 2022?") == [{"id": "kontanthjaelp.antal", "periode": "2022"}]
    assert calls(matcher, "Hvor mange kvinder under 30 år er på a-dagpenge?") == [
        {"id": "a_dagpenge.antal", "filtre": {"køn": "Kvinder", "alder": "16-29"}}
    ]
    assert calls(matcher, "Hvor mange er på sygedagpenge i januar 2024, fordelt på køn?") == [
        {"id": "sygedagpenge.antal", "periode": "2024-01", "opdeling": ["køn"]}
    ]
    assert calls(matcher, "Hvordan har antallet på kontanthjælp udviklet sig de seneste fem år?") == [
        {"id": "kontanthjaelp.udvikling", "fra": "2020", "til": "2024"}
    ]
    assert calls(matcher, "Hvordan ligger København på ledighedsydelse sammenlignet med Aarhus og Odense?") == [
        {"id": "ledighedsydelse.sammenligning", "sammenlign_med": ["Aarhus", "Odense"]}
    ]


def test_a_district_is_never_answered_with_the_municipality(matcher) -> None:
    result = matcher.match("Hvor mange i Bispebjerg modtager kontanthjælp?")
    assert result.calls == () and [u.text for u in result.unhonoured] == ["i Bispebjerg"]
    data = result.as_json()
    assert data["kald"] == [] and data["ikke_besvaret"] == ["i Bispebjerg"]


def test_a_figure_per_inhabitants_is_the_comparison_and_pr_1000_is_no_postcode(matcher) -> None:
    assert calls(matcher, "Hvor mange kontanthjælpsmodtagere er der pr. 10.000 indbyggere i Odense?") == [
        {"id": "kontanthjaelp.sammenligning", "område": ["Odense"], "pr_indbyggere": True}
    ]
    result = matcher.match("Hvor mange fleksjobbere har vi pr. 1000 indbyggere sammenlignet med hele landet?")
    assert [call.metric_id for call in result.calls] == ["fleksjob.sammenligning"] and result.unhonoured == ()


@pytest.mark.parametrize(
    ("question", "call", "share_words"),
    [
        # a group's share of everyone in the scheme: the count and the share (andel_af_ordningen)
        ("Hvor mange procent af de ledige på a-dagpenge i Region Midtjylland er kvinder?",
         {"id": "a_dagpenge.antal", "område": ["Region Midtjylland"], "filtre": {"køn": "Kvinder"}, "andel_af_ordningen": True}, None),
        ("Hvor stor en andel af kontanthjælpsmodtagerne i København er under 30 år?",
         {"id": "kontanthjaelp.antal", "filtre": {"alder": "16-29"}, "andel_af_ordningen": True}, None),
        ("Hvilken andel af sygedagpengemodtagerne har været sygemeldt i mere end et år?",
         {"id": "sygedagpenge.antal", "filtre": {"varighed": "12-"}, "andel_af_ordningen": True}, None),
        # a group's share of its own population (FOLK1E): andel_af_befolkningen
        ("Hvor stor en andel af kvinderne i København er på sygedagpenge?",
         {"id": "sygedagpenge.antal", "filtre": {"køn": "Kvinder"}, "andel_af_befolkningen": True}, None),
        ("Hvor mange procent af befolkningen i Odense er på førtidspension?",
         {"id": "foertidspension.antal", "område": ["Odense"], "andel_af_befolkningen": True}, None),
        # FOLK1E holds one group at a time: two groups, a duration, a development or a ranking — the count, the share marked
        ("Hvor stor en andel af indvandrerkvinderne i Odense er på kontanthjælp?",
         {"id": "kontanthjaelp.antal", "område": ["Odense"], "filtre": {"køn": "Kvinder", "herkomst": "Indvandrere"}}, "Hvor stor en andel"),
        ("Hvor stor en andel af de langtidsledige indvandrere er på kontanthjælp?",
         {"id": "kontanthjaelp.antal", "filtre": {"herkomst": "Indvandrere", "varighed": "12-"}}, "Hvor stor en andel"),
        ("Hvordan har andelen af indvandrerne på kontanthjælp udviklet sig i Odense siden 2020?",
         {"id": "kontanthjaelp.udvikling", "område": ["Odense"], "fra": "2020", "filtre": {"herkomst": "Indvandrere"}}, "andelen"),
        ("Hvilken kommune har den største andel af indvandrerne på kontanthjælp?",
         {"id": "kontanthjaelp.alle", "filtre": {"herkomst": "Indvandrere"}}, "andel"),
        # a share of everyone in the scheme whose group is asked of nowhere: no figures, never the labour force's share
        ("Hvor mange procent af kontanthjælpsmodtagerne i Odense?", None, "Hvor mange procent af kontanthjælpsmodtagerne i Odense?"),
    ],
)
def test_a_share_of_a_group_is_of_the_scheme_or_of_its_population_or_marked(matcher, question: str, call: dict, share_words: str | None) -> None:
    """"Hvor mange procent af … er kvinder": the women's count and their share of everyone in the scheme;
    "… af kvinderne": of their own population; never the comparison's share of the labour force."""
    result = matcher.match(question)
    assert calls(matcher, question) == ([call] if call else [])
    assert [u.text for u in result.unhonoured] == ([share_words] if share_words else [])


def test_a_share_of_the_population_is_the_comparison_and_a_percentage_change_is_the_development(matcher) -> None:
    assert calls(matcher, "Hvor mange procent af københavnerne er på kontanthjælp?") == [{"id": "kontanthjaelp.sammenligning"}]
    result = matcher.match("Hvor mange procent er antallet af kvinder på kontanthjælp steget fra 2020 til 2024?")
    assert [call.metric_id for call in result.calls] == ["kontanthjaelp.udvikling"] and result.unhonoured == ()


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Hvor mange kontanthjælpsmodtagere kom i job i 2024?", "kom i job"),
        ("Hvor mange borgere har fået tilkendt fleksjob i 2023?", "tilkendt"),
        ("Hvor mange nye sygedagpengeforløb blev startet i 2025?", "nye sygedagpengeforløb"),
        ("Hvad er gennemsnitsalderen for borgere i ressourceforløb?", "gennemsnitsalderen"),
        ("Hvor mange var på ledighedsydelse i første halvår 2024?", "første halvår"),
    ],
)
def test_flows_averages_and_half_years_are_never_answered_with_the_count(matcher, question: str, words: str) -> None:
    """The extracts count who is in a scheme in a month, quarter or year: how many came or left,
    an average age or a half-year is something else, so the part gets no figures and is marked."""
    result = matcher.match(question)
    assert result.calls == () and [u.text for u in result.unhonoured] == [words]


@pytest.mark.parametrize(
    ("question", "call"),
    [
        ("Hvilken kommune har flest fleksjobbere?", {"id": "fleksjob.alle"}),
        ("Hvilken region har den højeste andel på sygedagpenge?", {"id": "sygedagpenge.alle", "sorter": "andel", "niveau": "regioner"}),
        ("Er København den kommune i landet med flest på kontanthjælp?", {"id": "kontanthjaelp.alle"}),
        ("Hvor ligger København på en rangliste over alle kommuner, når det gælder ledighedsydelse?", {"id": "ledighedsydelse.alle"}),
        ("Hvor mange er på kontanthjælp i alle landets kommuner?", {"id": "kontanthjaelp.alle"}),
    ],
)
def test_a_ranking_of_all_municipalities_or_regions_is_the_ranking_not_copenhagen_s_count(matcher, question: str, call: dict) -> None:
    """Until issue 24 these were marked: the answers showed only the areas named and the 6 cities. Now every
    municipality (or region) is ranked (<ordning>.alle), never Copenhagen's count or the 6 cities as if they were the answer."""
    assert calls(matcher, question) == [call]
    assert matcher.match(question).unhonoured == ()


def test_being_in_two_schemes_at_once_is_marked_and_two_counts_side_by_side_are_not(matcher) -> None:
    for question in ("Hvor mange borgere på sygedagpenge er også i jobafklaringsforløb?", "Hvor mange modtager både kontanthjælp og boligstøtte?"):
        result = matcher.match(question)
        assert result.calls == () and result.unhonoured, question
    apart = matcher.match("Hvor mange er på sygedagpenge og hvor mange er i jobafklaringsforløb?")
    assert sorted(c.metric_id for c in apart.calls) == ["jobafklaringsforloeb.antal", "sygedagpenge.antal"] and apart.unhonoured == ()


def test_more_today_than_in_a_year_is_the_development_since_that_year(matcher) -> None:
    assert calls(matcher, "Hvor mange flere er der på kontanthjælp i dag end i 2019 i procent?") == [{"id": "kontanthjaelp.udvikling", "fra": "2019"}]


def test_a_year_ago_asks_for_the_period_before_and_is_marked_until_it_is_named(matcher) -> None:
    result = matcher.match("Hvor mange var det for et år siden?", Context("sygedagpenge", ("Hvor mange københavnere er på sygedagpenge i dag?",)))
    assert result.calls == () and [u.text for u in result.unhonoured] == ["for et år siden"]


def test_last_quarter_and_last_month_are_the_ones_before_the_inquiry_s_date(matcher) -> None:
    import datetime

    january = Context("", (), datetime.date(2026, 1, 15))
    assert [c.period for c in matcher.match("Hvor mange var på sygedagpenge i sidste kvartal?", january).calls] == ["2025K4"]
    assert [c.period for c in matcher.match("Hvor mange var på kontanthjælp forrige måned?", january).calls] == ["2025-12"]
    since = matcher.match("Hvor mange er på kontanthjælp nu, og hvor mange flere er der siden sidste kvartal?", january)
    assert [(c.metric_id, c.period) for c in since.calls] == [("kontanthjaelp.antal", None)]


def test_a_rate_asked_beside_a_count_keeps_the_count_and_flags_the_rate(matcher) -> None:
    result = matcher.match("Hvor mange er på ledighedsydelse, og hvor stor er ydelsen om måneden?")
    assert [call.metric_id for call in result.calls] == ["ledighedsydelse.antal"]
    assert result.unhonoured and "ydelsen" in result.unhonoured[0].text


def test_match_json_has_the_call_contract() -> None:
    command = [sys.executable, "-m", "generator", "match", "Hvor mange er på sygedagpenge i Vejle?", "--json"]
    data = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    assert set(data) == {"valgt", "kald", "ikke_besvaret", "ukendte_ord", "forslag"}
    (call,) = data["kald"]
    assert call == {
        "id": "sygedagpenge.antal", "område": ["Vejle"], "periode": None, "fra": None, "til": None, "opdeling": [],
        "filtre": {}, "sammenlign_med": None, "pr_indbyggere": False, "tilsammen": False, "andel_af_ordningen": False, "andel_af_befolkningen": False, "sorter": None, "niveau": None, "begrundelse": call["begrundelse"],
    }
    assert "»Vejle« → område Vejle" in call["begrundelse"]


@pytest.mark.parametrize(
    ("file", "misses_allowed", "questions_at_least", "unanswerable_at_least", "unflagged_allowed", "false_flags_allowed", "confident_allowed"),
    [
        # Development set: first run 178/253 = 70,4 %; after tuning 250/252 = 99,2 %, 46/46 flagged. With the
        # closed-world reading (issue 20) 249/252: "i næste uge" (when the committee meets) is not understood.
        ("mapping_params.yaml", 3 + 1, 150, 30, 0, 3, 0),
        # Blind set, written without seeing the code: first run 92/95 = 96,8 %, 25/26 flagged, no false
        # flags (2026-11-30); 88/91 once the four questions the development set also has were removed.
        # The three misses were then fixed, so it is tuned on now: 91/91, 25/25 flagged.
        ("mapping_params_blind.yaml", 0 + 1, 60, 20, 0, 0, 0),
        # Second blind set (40 of 70 unanswerable), written from PARAMETRE.md only: first run 46/70 = 65,7 %,
        # 19/40 flagged (21 confident answers to questions that cannot be honoured), no false flags
        # (2026-11-30); 43/67 and 17/38 without three questions the development set also has. Tuned on
        # since: 64/67, 38/38 flagged; 65/67 once "fra marts 2019 til og med 2024" kept its month (issue 20).
        ("mapping_params_blind2.yaml", 1 + 1, 67, 34, 0, 0, 0),
        # Third blind set (issue 20; 98 of 192 must be marked): baseline 33/98 answered confidently, blind run
        # after the closed-world reading 4/98, 8/94 answerable marked, 80/94 exact calls (header of the file).
        # Tuned on since: 181/192; no confident answer to a must-mark question (the 11 unflagged get no
        # figures at all: "Hvorfor …", "efterløn" alone), no answerable question marked.
        ("mapping_params_blind3.yaml", 9 + 1, 190, 89, 9, 0, 0),
        # Fourth blind set (the same brief; 85 of 186 must be marked), run once after the work on the third:
        # 0/85 confident, 10/101 answerable marked, 82/101 exact (header of the file). Tuned on since: 179/186.
        ("mapping_params_blind4.yaml", 5 + 1, 180, 76, 1, 2, 0),
        # Fifth blind set (96 of 197 must be marked), run once after the work on the fourth: 1/96 confident,
        # 13/101 answerable marked, 84/101 exact (header of the file). Tuned on since: 192/197.
        ("mapping_params_blind5.yaml", 5 + 1, 190, 88, 2, 1, 0),
        # Sixth blind set (107 of 217 must be marked, the answerable ones wordy), run once after the frequent-word
        # lexicon: 2/108 confident, 24/110 answerable marked, 81/110 exact (header of the file). Tuned on since: 207/217
        # (the asker's own sentences and words before a colon are frames since the reading by sentence).
        ("mapping_params_blind6.yaml", 11 + 1, 210, 98, 0, 10, 0),
        # Seventh blind set (91 of 199 must be marked), run once after the second lexicon review: 4/98 confident,
        # 29/108 answerable marked, 76/108 exact (header of the file). Tuned on since: 165/199; the many words only
        # this set uses are not all in the lexicon; 183/199 and 8 answerable marked after the reading by sentence.
        ("mapping_params_blind7.yaml", 13 + 1, 190, 82, 3, 9, 0),
        # Eighth blind set (121 of 285 must be marked), run once after the reading by sentence: 0/125 confident,
        # 8/167 answerable without figures or marked, 156/167 exact; 273/285 without seven questions other sets
        # have (header of the file). Tuned on since: 275/285 ("mere end et år i Herning" is no comparison).
        ("mapping_params_blind8.yaml", 8 + 1, 280, 111, 0, 2, 0),
        # Ninth blind set (issue 24's schemes and rankings; 77 of 197 must be marked), run once blind: 0/81 confident,
        # 8/123 answerable marked, 108/123 exact, 7 confident wrong (header of the file). Tuned on since: 181/197, 3 wrong
        # (one ranking call for "… og hvor ligger Odense?", "ledighedsprocent" ranks by the share).
        ("mapping_params_blind9.yaml", 14 + 1, 195, 71, 5, 6, 0),
        # Real questions to the minister (issue 24; all 55 must be marked under today's contract, 6 partly answerable),
        # run once blind: 44/55, 0/55 confident, 51/55 marked, the other 4 without figures (header of the file).
        # Issue 24's contract change (years 2007-2014, awards), relabelled blind: 44/55, 50/55 marked, 0 confident.
        # The parameter sets above: 36 questions the change touched were relabelled blind from the contract (a helper,
        # 2026-12-07) before the matcher learnt awards; first run 19/36 exact; the figures here are after tuning.
        # Seniorpension (a scheme since 7 December 2026): the 15 questions naming it relabelled blind the same way
        # before the catalogue knew it; first run 14/15 ("er gået på seniorpension" is entry, a flow: now marked).
        # A group's share of the scheme (andel_af_ordningen, same day): the 21 labelled questions the clause decides
        # relabelled blind before the matcher read it; first run 14/21, no confident wrong (7 over-marked: "af dem",
        # "af alle i fleksjob" were read as a group's own population); now 20/21.
        # Tuned on since (fifth session, 7 December): 48/55 — a part or follow-up building on a withheld part is withheld,
        # "ledighedsperiode på mere end 12 måneder", "seneste tilgængelige tal", "på nationalt plan" are understood.
        # Relabelled blind for andel_af_befolkningen (#18, #19, #45 — #45 is now unmarked, no figures): 47/55; listed
        # origin groups and a sentence asking for the answer's breakdown ("Svaret bedes opgjort på …"): 49/55.
        ("mapping_real.yaml", 6 + 1, 55, 54, 1, 1, 0),
        # A second real set (13 questions, all must be marked under the contract), collected and labelled blind the same
        # way, run once: 12/13, 0/13 confident, 12/13 marked (header of the file).
        ("mapping_real2.yaml", 1 + 1, 13, 13, 1, 0, 0),
        # Tenth blind set (visitation categories; 12 of 30 must be marked), run once blind while the reading was built:
        # 27/30, 0/12 confident, 2/18 answerable marked (header of the file). Tuned on since: 30/30 ("er vurderet
        # aktivitetsparate" is a category, not an assessment asked for; "deles op på"). blind9 #12, relabelled to
        # `opdeling: [visitation]`, is read as two calls (one per category): the same figures, counted as a miss.
        ("mapping_params_blind10.yaml", 0 + 1, 30, 12, 0, 0, 0),
        # Eleventh blind set (issue 24's new parts; 44 of 96 must be marked), run once blind on d0faf13: 80/96 without
        # duplicates, 6/44 confident, 2 confident wrong on answerable (header of the file). Tuned on since: 90/96, 0/44
        # confident, 0 wrong (a special metric's words with an analysis it does not answer are marked; a flow's weak
        # words never choose it; several places none named; "pr. borger"; ", hvad angår" does not start a question).
        # Two of its questions relabelled blind for andel_af_befolkningen (a share of a group's own population): 91/96;
        # 92/96 once "og er/har …" needed a subject of its own to begin a question (set 14).
        ("mapping_params_blind11.yaml", 5 + 1, 96, 41, 2, 2, 0),
        # Twelfth blind set (andel_af_befolkningen; 12 of 40 must be marked), written from the contract only and run once
        # when the reading was first built: 29/40, 1/12 confident, 5 confident wrong on answerable, φ10 −29 (header of
        # the file). Tuned on since with general rules: 39/40, 0/12 confident (the miss: a ranking "efter andelen af sine
        # indbyggere" is read as a ranking by count with the share marked, the label keeps sorter: andel).
        ("mapping_params_blind12.yaml", 1 + 1, 40, 11, 0, 0, 0),
        # Thirteenth blind set (listed origin groups; 7 of 30 must be marked), run once blind: 26/30, 0/7 confident,
        # 1 confident wrong (an old fault: a sentence split after "hhv."). Tuned on since: 28/30, 0 wrong.
        ("mapping_params_blind13.yaml", 2 + 1, 30, 7, 0, 1, 0),
        # Fourteenth blind set (time, places and groups as written, and what the figures cannot show; 15 of 40 must be
        # marked), written from the contract only and run once on 748ba8e: 36/40, 0/15 confident, 2 confident wrong
        # (a request ending in its verb, "… bedes forvaltningen oplyse, hvor mange …", was a question of its own and
        # got København's figure; "… modtager uddannelseshjælp og er uddannelsesparate" was two questions). Mended by
        # general rules (a lead-in request is not a question; "og er/har …" begins a question only with a subject of
        # its own): 38/40, 0 wrong; the two misses are marked ("Kommue", "følge"); 39/40 once "følgende" (and so "følge")
        # was neutral (set 16).
        ("mapping_params_blind14.yaml", 1 + 1, 40, 15, 0, 1, 0),
        # Fifteenth blind set (formal requests: "Forvaltningen bedes oplyse …", lead-ins, several requests, the answer's
        # form; 15 of 40 must be marked), written from the contract only and run once on f466018: 30/40, 1/15 confident
        # (a request's "… samt det gennemsnitlige antal sager pr. sagsbehandler" dropped without a word), 1 confident
        # wrong (a development after "i forhold til landsgennemsnittet" was the whole country's). Mended by general
        # rules: 33/40, 0/15 confident, 0 wrong; the misses are marked or get no figures. 35/40 with set 16's rules (the
        # answer's form words are neutral).
        ("mapping_params_blind15.yaml", 5 + 1, 40, 15, 1, 3, 0),
        # Sixteenth blind set (the answer's form, framing, references to earlier answers, typos; 15 of 40 must be marked),
        # written from the contract only and run once on 2bd964f: 30/40, 0/15 confident, 1 confident wrong ("… både i
        # faktiske tal og i procent" answered with the count alone: "i procent" was dropped without a word), 7/25
        # answerable marked. Mended by general rules (a share asked "i procent"/"procentvis" is the group's share of the
        # scheme, and without a group or a named whole marked with no figures; "opgør"/"opgørelse" breaks down only right
        # before "på"; "… og give en redegørelse for/forklare …" is a second request; the answer's form words are
        # neutral): 38/40, 0/15 confident, 0 wrong; the misses are refusals ("ansat" after its subject, "tilsvarende").
        ("mapping_params_blind16.yaml", 2 + 1, 40, 15, 0, 2 + 1, 0),
        # Seventeenth blind set (words that change who is counted: exclusions, restrictions, sums; 18 of 40 must be
        # marked), written from the contract only and run once on f5bd015: 29/40, 2/18 confident ("procent af alle
        # ledige … er på a-dagpenge" answered with the share of the labour force; "kontanthjælp og uddannelseshjælp
        # tilsammen" with each scheme, the sum dropped without a word), 2 confident wrong ("hver for sig, ikke lagt
        # sammen" read as a sum; "både hver for sig og samlet" as two tables), 6/22 answerable marked, φ10 −10/40. Mended
        # by general rules (a share's whole must be one the data counts; schemes are not summed, and say so; a negated
        # or "hver for sig" sum is none; a sum row's table holds the places' own figures; an age group left out at one end
        # leaves the ages beyond it, a sex left out the other; "mindst N og højst M år"): 36/40, 0/18 confident, 0 wrong,
        # φ10 37/40; the misses are refusals (a group in a sentence after the question, "eksklusive dem fra vestlige
        # lande", "— altså alle fire kvartaler lagt sammen", a partial answer before "vil jeg gerne vide").
        ("mapping_params_blind17.yaml", 4 + 1, 40, 18, 0, 3, 0),
        # Eighteenth blind set (numbers in the question that are not the period: thresholds, amounts, law sections,
        # dates, question numbers; 18 of 40 must be marked), written from the contract only and run once on cb3fff5:
        # 35/40, 0/18 confident, 0 confident wrong, 3/22 answerable marked, φ10 37/40. Mended by general rules (a
        # colon ends a lead-in; a group in a sentence beside a question naming none is marked wherever it stands, which
        # also closed a hole no set had: "Jeg tænker her på kvinderne. Hvor mange …?" got everyone's figure; "over 400"
        # is no age): 36/40; the misses are refusals (a law reference before "ønskes", a sum of places named in a
        # background sentence, a threshold over municipalities, a part referring to a marked one).
        ("mapping_params_blind18.yaml", 4 + 1, 40, 18, 0, 3, 0),
        # Nineteenth blind set (negation, hypotheticals, forecasts, targets, yes/no questions; 20 of 40 must be marked),
        # written from the contract only and run once on 9afc217: 25/40, 5/20 confident ("ikke jobparate" and "ikke
        # indvandrere" read as the group itself; "hvor mange ville så være …", "burde have været", "hvis Viborg lå på
        # landsgennemsnittet" answered with today's figures), 2 confident wrong ("har ikke modtaget … i mere end et halvt
        # år" as the long spells; "ikke jobparate, men aktivitetsparate" as a breakdown), φ10 −44/40 — the neutral words
        # "ikke", "burde", "ville", "hvis" were taken to change nothing. Mended by general rules (a negation outside the
        # words a parameter was read from marks the part, save idioms about the asker or asking for a yes; what would,
        # should or could be is marked; "passer det" frames a question; "… ikke medregnes" leaves a group out): 33/40,
        # 0/20 confident, 0 wrong, φ10 33/40; the misses are refusals (claims to check with numbers in them, "ikke
        # længere", negated durations and categories).
        ("mapping_params_blind19.yaml", 7 + 1, 40, 20, 0, 7, 0),
        # Twentieth blind set (the schemes as people name them: everyday, old and abbreviated names, and schemes that are
        # not in the catalogue; 18 of 40 must be marked), written from the contract only and run once on 5f62941: 24/40,
        # 4/18 confident, 1 confident wrong, 9/22 answerable marked, φ10 −24/40. One question removed since (it stands
        # word for word in mapping_eval_blind.yaml, "… på invalidepension i dag?", labelled førtidspension there).
        # Mended: the administration's short names of every scheme (SDP, KTH, UDH, FØP, JAF, RF, also in
        # "UDH-modtagere") and "arbejdsløshedsunderstøttelse", "a-kassepenge"; "ressourceforløbsydelse" (paid in
        # ressourceforløb and jobafklaringsforløb) and "supplerende dagpenge" (a part of the a-dagpenge) are marked with
        # no neighbouring scheme's figures; a count of no scheme beside answered parts is said ("Hvor mange ledige er der
        # i Horsens? Og …"). 35/39. Left where the label and the catalogue disagree: "Hvor mange sygemeldte … og hvor
        # mange af dem er langtidssygemeldte?" (the one confident answer: the catalogue reads "sygemeldte" as
        # sygedagpenge and, as the contract does "langvarige", "langtids-" as over a year; the label marks both) and
        # "fleksjobvisiterede" over time (the one wrong call: the catalogue's ledighedsydelse, the label's fleksjob).
        ("mapping_params_blind20.yaml", 4 + 1, 39, 17, 2, 1, 1),
        # Twenty-first blind set (follow-up questions inside one inquiry, `forrige`/`emne`; 16 of 40 must be marked),
        # written from the contract only and run once on f0772e2: 26/40, 0/16 confident, 4 confident wrong ("Hvad så i
        # hele Aarhus Kommune?" after a marked "… af dem er under 30?" dropped the group; a development after awards was
        # the stock's; a new scheme after a question about immigrants got everyone's figure), φ10 −11/40. Mended by
        # general rules (a follow-up after a marked question that narrowed to a group is marked; a follow-up after a
        # special metric takes that metric's family, awards' series included): 27/40, 0/16, 1 wrong — left: a question
        # naming its own scheme and place takes no group from the question before (the reading's rule; the contract
        # carries it). Marking it instead marked every later question of a mixed inquiry (examples/henvendelser/
        # nye-ordninger-eksempeldata.yaml), so it was not kept. The other misses are refusals, most of them follow-ups in
        # inquiries whose first question was marked.
        ("mapping_params_blind21.yaml", 13 + 1, 40, 16, 2, 9, 0),
    ],
)
def test_exact_call_accuracy_on_the_parameter_sets_is_as_measured(
    file, misses_allowed, questions_at_least, unanswerable_at_least, unflagged_allowed, false_flags_allowed, confident_allowed
) -> None:
    questions = load_labelled_calls(DATA / file)
    result = evaluate_calls(matcher_for(load_catalogue()), questions)
    assert result.total >= questions_at_least and result.unhonourable >= unanswerable_at_least
    assert result.total - result.correct <= misses_allowed, [(q.text, sorted(map(str, c)), u) for q, c, u in result.failures]
    # a question that must be marked never gets a confident answer (save a label the catalogue disagrees with, named above)
    assert result.confident_on_unanswerable <= confident_allowed, [(q.text, sorted(map(str, c))) for q, c, u in result.failures if q.unhonourable and c and not u]
    assert result.unhonourable - result.flagged <= unflagged_allowed
    assert result.false_flags <= false_flags_allowed


def test_a_request_ending_in_its_verb_leads_into_the_question_and_is_no_question_of_its_own(matcher) -> None:
    # The topic in the lead-in ("sygedagpengeområdet") once made a call of its own, with København's figures.
    assert calls(matcher, "Til brug for udvalgets drøftelse af sygedagpengeområdet bedes forvaltningen oplyse, hvor mange der er på sygedagpenge i Vejle.") == [
        {"id": "sygedagpenge.antal", "område": ["Vejle"]}
    ]
    # A request ending in the word before what it asks for leads in the same way.
    assert calls(matcher, "Jeg ønsker oplysning om, hvor mange der er i ressourceforløb i Odense.") == [{"id": "ressourceforloeb.antal", "område": ["Odense"]}]


def test_a_request_beginning_a_sentence_that_asks_is_answered_too(matcher) -> None:
    # The count was dropped without a word: only the development after the comma was read as a question.
    assert calls(matcher, "Jeg beder om antallet af sygedagpengemodtagere i Vejle, og hvordan har det udviklet sig?") == [
        {"id": "sygedagpenge.antal", "område": ["Vejle"]},
        {"id": "sygedagpenge.udvikling", "område": ["Vejle"]},
    ]
    assert [call["id"] for call in calls(matcher, "Udvalget ønsker oplyst antallet af kontanthjælpsmodtagere i Horsens, og hvordan ligger Horsens i forhold til landsgennemsnittet?")] == [
        "kontanthjaelp.antal",
        "kontanthjaelp.sammenligning",
    ]


def test_whom_a_request_is_made_of_is_not_what_it_is_about(matcher) -> None:
    # "Forvaltningen" as the addressee chose the municipality's own employees in fleksjob, a confident wrong answer.
    assert calls(matcher, "Forvaltningen bedes oplyse antallet af fleksjobbere.") == [{"id": "fleksjob.antal"}]
    assert calls(matcher, "Kan forvaltningen oplyse antallet af fleksjobbere i Aarhus?") == [{"id": "fleksjob.antal", "område": ["Aarhus"]}]
    # The administration as the employer is still asked about as such.
    assert calls(matcher, "Hvor mange fleksjobbere er ansat i forvaltningerne?") == [{"id": "fleksjob.kommunen_som_arbejdsgiver"}]


def test_what_a_request_goes_on_to_ask_for_is_asked_and_marked_when_the_figures_cannot_show_it(matcher) -> None:
    # "… samt den gennemsnitlige sagsbehandlingstid" was dropped without a word: the letter looked complete.
    result = matcher.match("Jeg beder om antallet af personer på ledighedsydelse i Kolding samt den gennemsnitlige sagsbehandlingstid i jobcentret.", Context(date=datetime.date(2025, 6, 25)))
    assert [call.metric_id for call in result.calls] == ["ledighedsydelse.antal"]
    assert "sagsbehandlingstid" in [u.text for u in result.unhonoured]
    # A question that ends where the next request begins ("…, og rådmanden bedes redegøre for, …") is still asked.
    result = matcher.match("Forvaltningen bedes oplyse, hvor mange i Herning der er i fleksjob, og rådmanden bedes redegøre for, hvilke planer der er for området.", Context(date=datetime.date(2025, 6, 25)))
    assert [(call.metric_id, call.areas) for call in result.calls] == [("fleksjob.antal", ("Herning",))]
    assert result.unhonoured


def test_the_country_compared_with_is_not_the_place_the_next_part_asks_about(matcher) -> None:
    # "3) hvordan antallet har udviklet sig" after "i forhold til landsgennemsnittet" was the whole country's series.
    assert calls(matcher, "Hvordan ligger Vejle i forhold til landsgennemsnittet på kontanthjælp? Og hvor mange er det?") == [
        {"id": "kontanthjaelp.sammenligning", "område": ["Vejle"], "sammenlign_med": ["Hele landet"]},
        {"id": "kontanthjaelp.antal", "område": ["Vejle"]},
    ]
    assert calls(matcher, "Hvordan ligger København i forhold til landsgennemsnittet på kontanthjælp? Og hvordan har antallet udviklet sig siden 2015?") == [
        {"id": "kontanthjaelp.sammenligning", "sammenlign_med": ["Hele landet"]},
        {"id": "kontanthjaelp.udvikling", "fra": "2015"},
    ]


def test_how_many_can_or_should_be_hired_is_not_how_many_there_are(matcher) -> None:
    # "bør kommunen ansætte" was answered with the number in fleksjob now: a confident answer to another question.
    for question in ("Hvor mange fleksjobbere bør kommunen ansætte?", "Hvor mange fleksjobbere kan kommunen ansætte?"):
        result = matcher.match(question, Context(date=datetime.date(2025, 6, 25)))
        assert result.calls == () and any("kommunen ansætte" in u.text for u in result.unhonoured), question
    # In a clause the subject comes first ("hvor mange fleksjobbere kommunen bør ansætte"): the same question.
    result = matcher.match("Jeg beder om en opgørelse over, hvor mange fleksjobbere kommunen bør ansætte.", Context(date=datetime.date(2025, 6, 25)))
    assert result.calls == () and [u.text for u in result.unhonoured] == ["kommunen bør ansætte"]
    # Seeing or being told how many there are is still a count.
    assert calls(matcher, "Hvor mange kan vi se er på kontanthjælp i Aarhus?") == [{"id": "kontanthjaelp.antal", "område": ["Aarhus"]}]


def test_a_moment_in_a_year_is_not_the_year(matcher) -> None:
    # "ultimo 2023" was read as 2023, the year's mean: another figure than the one at the end of the year.
    for question, moment in (
        ("Ministeren bedes oplyse, hvor mange personer på landsplan der var i ressourceforløb ultimo 2023.", "ultimo 2023"),
        ("Hvor mange var på kontanthjælp i Aarhus ved udgangen af 2024?", "ved udgangen af 2024"),
    ):
        result = matcher.match(question, Context(date=datetime.date(2025, 6, 25)))
        assert result.calls == () and [u.text for u in result.unhonoured] == [moment], question
    assert calls(matcher, "Hvor mange var på kontanthjælp i Aarhus i 2024?") == [{"id": "kontanthjaelp.antal", "område": ["Aarhus"], "periode": "2024"}]


def test_and_is_begins_a_new_question_only_with_a_subject_of_its_own(matcher) -> None:
    # "… og er aktivitetsparate" says more of the same persons: one call, with the category.
    assert calls(matcher, "Hvor mange kvinder i Aarhus modtager kontanthjælp og er aktivitetsparate?") == [
        {"id": "kontanthjaelp.antal", "område": ["Aarhus"], "filtre": {"køn": "Kvinder", "visitation": "Aktivitetsparat"}}
    ]
    # "…, og er der flere end sidste år?" has its own subject: a second question.
    assert len(calls(matcher, "Hvor mange er på kontanthjælp i Aarhus, og er der flere end sidste år?")) == 2


def test_what_follows_a_comparison_word_is_what_is_compared_with(matcher) -> None:
    assert calls(matcher, "Kan I sammenligne antallet på ledighedsydelse i Odense med Aalborg og Esbjerg?") == [
        {"id": "ledighedsydelse.sammenligning", "område": ["Odense"], "sammenlign_med": ["Aalborg", "Esbjerg"]}
    ]
    assert calls(matcher, "Har vi relativt flere på sygedagpenge end Frederiksberg?") == [
        {"id": "sygedagpenge.sammenligning", "sammenlign_med": ["Frederiksberg"]}
    ]
    # Without a comparison word, several places are counted side by side.
    assert calls(matcher, "Hvor mange er på kontanthjælp i København og i Aarhus?") == [
        {"id": "kontanthjaelp.antal", "område": ["København", "Aarhus"]}
    ]
    # "mere end et år" compares nothing: the country's own series.
    assert calls(matcher, "Hvordan har antallet af dagpengemodtagere, der har været ledige i mere end et år, udviklet sig på landsplan fra 2016 til 2022?") == [
        {"id": "a_dagpenge.udvikling", "område": ["Hele landet"], "fra": "2016", "til": "2022", "filtre": {"varighed": "12-"}}
    ]


def test_a_development_compared_with_other_places_is_one_development(matcher) -> None:
    assert calls(matcher, "Er sygedagpengetallet i Esbjerg steget mere end på landsplan?") == [
        {"id": "sygedagpenge.udvikling", "område": ["Esbjerg"], "sammenlign_med": ["Hele landet"]}
    ]


def test_a_follow_up_question_keeps_what_the_earlier_one_asked(matcher) -> None:
    assert calls(matcher, "Hvor mange af dem er kvinder?", ("Hvor mange vejlensere er på sygedagpenge?",)) == [
        {"id": "sygedagpenge.antal", "område": ["Vejle"], "filtre": {"køn": "Kvinder"}}
    ]
    assert calls(matcher, "Og i Aarhus?", ("Hvor mange unge under 30 er på kontanthjælp i København?",)) == [
        {"id": "kontanthjaelp.antal", "område": ["Aarhus"], "filtre": {"alder": "16-29"}}
    ]
    assert calls(matcher, "Og i samme kvartal året før?", ("Hvor mange var på sygedagpenge i 2. kvartal 2024?",)) == [
        {"id": "sygedagpenge.antal", "periode": "2023K2"}
    ]
    assert calls(matcher, "Kan I lave den samme opgørelse for Frederiksberg?", ("Hvordan har antallet af københavnere på a-dagpenge udviklet sig?",)) == [
        {"id": "a_dagpenge.udvikling", "område": ["Frederiksberg"]}
    ]
    # Within one question too: the development is Roskilde's.
    assert calls(matcher, "Hvor mange er i fleksjob i Roskilde, og hvordan har tallet udviklet sig de seneste fem år?") == [
        {"id": "fleksjob.antal", "område": ["Roskilde"]},
        {"id": "fleksjob.udvikling", "område": ["Roskilde"], "fra": "2020", "til": "2024"},
    ]


def test_women_and_men_asked_apart_are_one_table_by_sex(matcher) -> None:
    assert calls(matcher, "Hvor mange kvinder modtager a-dagpenge, og hvor mange mænd?") == [
        {"id": "a_dagpenge.antal", "opdeling": ["køn"]}
    ]


def test_breakdowns_durations_and_origins_are_read_in_their_danish_forms(matcher) -> None:
    assert calls(matcher, "Kan I oplyse antallet af sygedagpengemodtagere opgjort efter oprindelse og køn?") == [
        {"id": "sygedagpenge.antal", "opdeling": ["køn", "herkomst"]}
    ]
    assert calls(matcher, "Hvordan fordeler dagpengemodtagerne sig på, hvor længe de har været ledige?") == [
        {"id": "a_dagpenge.antal", "opdeling": ["varighed"]}
    ]
    assert calls(matcher, "Hvor mange har været på dagpenge mellem 6 og 11 måneder?") == [
        {"id": "a_dagpenge.antal", "filtre": {"varighed": "6-11"}}
    ]
    assert calls(matcher, "Hvor mange ikke-vestlige indvandrerkvinder i Aarhus er i fleksjob?") == [
        {"id": "fleksjob.antal", "område": ["Aarhus"], "filtre": {"køn": "Kvinder", "herkomst": "Indvandrere fra ikke-vestlige lande"}}
    ]
    # "2. kvartal" is a quarter, not item 2 of a list.
    assert calls(matcher, "Hvor mange københavnere var i fleksjob i 2. kvartal 2024?") == [{"id": "fleksjob.antal", "periode": "2024K2"}]


@pytest.mark.parametrize(
    "question",
    [
        "Hvor mange har været på sygedagpenge i mere end to år?",  # no duration band beyond 12 months
        "Hvor mange under 18 er på kontanthjælp?",  # no age band below 16-24
        "Kan forvaltningen oplyse, hvor mange vesterbroere der er i fleksjob?",  # a district's people
        "Hvor mange var på a-dagpenge i uge 12?",  # no weekly figures
        "Hvor mange sygemeldte kommer fra bygge- og anlægsbranchen?",
    ],
)
def test_a_group_the_data_cannot_form_gets_no_figures_and_is_flagged(matcher, question: str) -> None:
    result = matcher.match(question)
    assert result.calls == () and result.unhonoured


def test_a_series_asked_from_before_the_data_starts_where_the_data_does_and_says_so(matcher) -> None:
    result = matcher.match("Kan I vise udviklingen i antallet af førtidspensionister siden 2000?")
    assert [(c.metric_id, c.start) for c in result.calls] == [("foertidspension.udvikling", "2007")]
    assert "ingen tal før 2007" in result.unhonoured[0].reason
    # the years the sources have are periods like any other; whether an extract has them, the data says
    assert calls(matcher, "Kan I vise udviklingen i antallet af førtidspensionister siden 2014?") == [{"id": "foertidspension.udvikling", "fra": "2014"}]


def test_a_misspelt_municipality_after_a_preposition_is_read(matcher) -> None:
    assert calls(matcher, "Hvor mange er i jobafklaringsforløb på Fredriksberg?") == [
        {"id": "jobafklaringsforloeb.antal", "område": ["Frederiksberg"]}
    ]


def test_a_span_that_runs_backwards_is_flagged_not_dropped(matcher) -> None:
    result = matcher.match("Hvordan har antallet på kontanthjælp udviklet sig fra 2023 til 2019?")
    assert result.calls == () and result.unhonoured
    assert "ligger efter" in result.unhonoured[0].reason


def test_a_new_question_does_not_inherit_the_group_an_earlier_follow_up_asked_about(matcher) -> None:
    """Found trying a fresh inquiry: "i mere end et år" from question 3 leaked into the comparison in
    question 4 and the Vejle development in question 6, answering something nobody asked."""
    earlier = ("Hvor mange københavnere var på sygedagpenge i 2024, fordelt på køn?", "Hvor mange af dem har været sygemeldt i mere end et år?")
    assert calls(matcher, "Hvordan ligger København i forhold til Aarhus og Odense?", earlier) == [
        {"id": "sygedagpenge.sammenligning", "sammenlign_med": ["Aarhus", "Odense"]}
    ]
    # "af dem" refers back even when the scheme is named again: the same year and table.
    assert calls(matcher, earlier[1], earlier[:1]) == [
        {"id": "sygedagpenge.antal", "periode": "2024", "opdeling": ["køn"], "filtre": {"varighed": "12-"}}
    ]


def test_a_labelled_question_is_read_for_its_own_home(tmp_path: Path) -> None:
    """`hjem`: a question to the minister is about the whole country when it names no place."""
    (tmp_path / "sæt.yaml").write_text(
        '- spørgsmål: "Hvor mange er på førtidspension?"\n  kategori: standard\n  hjem: Hele landet\n  forventet:\n    - {id: foertidspension.antal}\n'
        '- spørgsmål: "Hvor mange er på førtidspension?"\n  kategori: standard\n  forventet:\n    - {id: foertidspension.antal, område: [Hele landet]}\n',
        encoding="utf-8",
    )
    questions = load_labelled_calls(tmp_path / "sæt.yaml")
    result = evaluate_calls(matcher_for(load_catalogue()), questions)
    assert [question.home for question in questions] == ["Hele landet", "København"]
    assert result.correct == 1 and result.confident_wrong_answerable == 1  # København's figure is not the country's


@pytest.mark.parametrize(
    ("question", "periods", "marked"),
    [
        # "sidste år" is the year before the inquiry (2024 here), not the year before the period named
        ("Hvor mange var på sygedagpenge i 2012 sammenlignet med sidste år?", ["2012", "2024"], []),
        ("Hvor mange var på sygedagpenge i 2015 og sidste år?", ["2015", "2024"], []),
        ("Hvor mange var på kontanthjælp i 2019 i forhold til i fjor?", ["2019", "2024"], []),
        # "året før" is the year before the period named; in the current year both readings agree
        ("Hvor mange var på sygedagpenge i 2. kvartal 2024 i forhold til året før?", ["2024K2", "2023K2"], []),
        ("Hvor mange er på sygedagpenge i år sammenlignet med sidste år?", ["2025", "2024"], []),
        # now and last year: the newest period and 2024
        ("Hvor mange er på sygedagpenge nu sammenlignet med sidste år?", [None, "2024"], []),
        # the same month last year, or the whole year? not guessed
        ("Hvor mange var på sygedagpenge i marts 2012 sammenlignet med sidste år?", ["2012-03"], ["sammenlignet med sidste år"]),
    ],
)
def test_last_year_beside_a_named_period_is_the_year_before_the_inquiry(matcher, question: str, periods: list, marked: list) -> None:
    result = matcher.match(question, Context("", (), datetime.date(2025, 6, 25)))
    assert [call.period for call in result.calls] == periods
    assert [u.text for u in result.unhonoured] == marked


def test_a_follow_up_takes_every_period_asked_before_and_a_part_referring_to_a_marked_part_is_marked(matcher) -> None:
    today = datetime.date(2025, 6, 25)
    after_two_years = matcher.match("Hvor mange af dem var kvinder?", Context("", ("Hvor mange var på kontanthjælp i Vejle i 2022 og i 2023?",), today))
    assert [(c.period, c.filter_map) for c in after_two_years.calls] == [("2022", {"køn": "Kvinder"}), ("2023", {"køn": "Kvinder"})]
    marked_first = matcher.match("Hvor mange i Bispebjerg er på kontanthjælp, og hvor mange af dem er kvinder?", Context("", (), today))
    assert marked_first.calls == () and [u.text for u in marked_first.unhonoured] == ["i Bispebjerg", "hvor mange af dem er kvinder?"]


def test_a_part_or_follow_up_whose_subject_got_no_figures_gets_none_unless_it_names_the_place_anew(matcher) -> None:
    today = datetime.date(2025, 6, 25)
    # "den procentvise stigning" is about the east Europeans the first part asks of, not every dagpenge recipient.
    same_question = matcher.match("Hvor mange østeuropæiske dagpengemodtagere er der, samt den procentvise stigning siden 2019?", Context("", (), today))
    assert same_question.calls == () and [u.text for u in same_question.unhonoured] == ["østeuropæiske", "den procentvise stigning siden 2019?"]
    first = "Hvor mange østeuropæiske dagpengemodtagere er der i København?"
    follow_up = matcher.match("Hvordan har det udviklet sig siden 2019?", Context("", (first,), today))
    assert follow_up.calls == () and follow_up.unhonoured[0].reason == "spørgsmålet bygger på et tidligere spørgsmål, der ikke kunne besvares"
    assert matcher.match("Og i Aarhus?", Context("", (first, "Hvordan har det udviklet sig siden 2019?"), today)).calls == ()
    # A place the data lacks is replaced by the places a follow-up names.
    assert calls(matcher, "Hvor mange er det så i Hvidovre og Brøndby?", ("Hvor mange er på sygedagpenge på Vestegnen?",)) == [
        {"id": "sygedagpenge.antal", "område": ["Hvidovre", "Brøndby"]}
    ]
    assert matcher.match("Og i Aarhus?", Context("", ("Hvor mange Føtex-ansatte er på sygedagpenge?",), today)).calls == ()
    # A follow-up to an answered question is answered as before.
    assert calls(matcher, "Hvordan har det udviklet sig siden 2019?", ("Hvor mange er på dagpenge i København?",)) == [
        {"id": "a_dagpenge.udvikling", "fra": "2019"}
    ]


def test_everyday_wording_of_length_newest_figures_scheme_and_level_is_understood(matcher) -> None:
    assert calls(matcher, "Hvor mange dagpengemodtagere har en ledighedsperiode på mere end 12 måneder?") == [
        {"id": "a_dagpenge.antal", "filtre": {"varighed": "12-"}}
    ]
    assert calls(matcher, "Hvad er de seneste tilgængelige tal for antallet på førtidspension?") == [{"id": "foertidspension.antal"}]
    assert calls(matcher, "Hvor mange er i kontanthjælpssystemet i Odense?") == [{"id": "kontanthjaelp.antal", "område": ["Odense"]}]
    assert calls(matcher, "Hvor mange er på sygedagpenge på nationalt plan?") == [{"id": "sygedagpenge.antal", "område": ["Hele landet"]}]
    # "på kommunalt plan" is every municipality, none named: never the home's figure.
    result = matcher.match("Hvor mange er på kontanthjælp på kommunalt plan?", Context("", (), datetime.date(2025, 6, 25)))
    assert result.calls == () and [u.text for u in result.unhonoured] == ["kommunalt plan"]
    # "plan" that is a plan still asks for no figures.
    assert matcher.match("Hvad er kommunens plan for at få flere i fleksjob?").calls == ()


def test_origin_groups_listed_one_by_one_are_a_call_each(matcher) -> None:
    """"hhv." (or three or more with commas): a call per group; without it, "indvandrere og efterkommere" and
    "vestlige og ikke-vestlige indvandrere" are the group as a whole."""
    assert calls(matcher, "Hvor mange er på kontanthjælp i Odense, opdelt på henholdsvis indvandrere og efterkommere?") == [
        {"id": "kontanthjaelp.antal", "område": ["Odense"], "filtre": {"herkomst": "Indvandrere"}},
        {"id": "kontanthjaelp.antal", "område": ["Odense"], "filtre": {"herkomst": "Efterkommere"}},
    ]
    assert [c["filtre"]["herkomst"] for c in calls(matcher, "Hvor mange indvandrere, efterkommere og personer med dansk oprindelse er på sygedagpenge?")] == [
        "Indvandrere", "Efterkommere", "Personer med dansk oprindelse"
    ]
    assert [c["filtre"]["herkomst"] for c in calls(matcher, "Hvor mange i Ishøj er på kontanthjælp, hhv. vestlige og ikke-vestlige indvandrere?")] == [
        "Indvandrere fra vestlige lande", "Indvandrere fra ikke-vestlige lande"
    ]
    assert calls(matcher, "Hvor mange vestlige og ikke-vestlige indvandrere er på kontanthjælp?") == [{"id": "kontanthjaelp.antal", "filtre": {"herkomst": "Indvandrere"}}]
    assert calls(matcher, "Hvor mange indvandrere og efterkommere er på kontanthjælp?") == [
        {"id": "kontanthjaelp.antal", "filtre": {"herkomst": "Indvandrere og efterkommere"}}
    ]
    # two groups without "hhv.": which one is meant is not known — marked, no figures
    two = matcher.match("Hvor mange ikke-vestlige indvandrere og danskere er på kontanthjælp?")
    assert two.calls == () and [u.text for u in two.unhonoured] == ["danskere"]


def test_no_sentence_ends_after_an_abbreviation_and_a_sentence_asking_for_a_breakdown_shapes_the_answer(matcher) -> None:
    # "i hhv. Odense og Aarhus" was two sentences, the first asking for København
    assert calls(matcher, "Hvor mange er på kontanthjælp i hhv. Odense og Aarhus?") == [{"id": "kontanthjaelp.antal", "område": ["Odense", "Aarhus"]}]
    # "Svaret bedes opgjort på mænd og kvinder." after the question: the answer it asks for is not the total
    result = matcher.match("Hvor mange er på kontanthjælp i Vejle? Svaret bedes opgjort på mænd og kvinder.")
    assert result.calls == () and [u.text for u in result.unhonoured] == ["opgjort på mænd og kvinder"]


def test_a_follow_up_after_listed_groups_asks_for_each_of_them(matcher) -> None:
    result = calls(matcher, "Hvor mange er på kontanthjælp, hhv. indvandrere og efterkommere, og hvordan har det udviklet sig siden 2020?")
    assert [(c["id"], c["filtre"]["herkomst"]) for c in result] == [
        ("kontanthjaelp.antal", "Indvandrere"), ("kontanthjaelp.antal", "Efterkommere"),
        ("kontanthjaelp.udvikling", "Indvandrere"), ("kontanthjaelp.udvikling", "Efterkommere"),
    ]
    first = "Hvor mange er på kontanthjælp i Vejle, hhv. indvandrere og efterkommere?"
    assert [(c["område"], c["filtre"]["herkomst"]) for c in calls(matcher, "Og i Aarhus?", (first,))] == [
        (["Aarhus"], "Indvandrere"), (["Aarhus"], "Efterkommere")
    ]


def test_a_place_closing_parallel_clauses_is_both_clauses_place(matcher) -> None:
    """"Hvor mange er på kontanthjælp, og hvor mange er på ledighedsydelse i Næstved?": Næstved's figures for both,
    never the home's kontanthjælp; "…, og hvordan er det i Næstved?" (no scheme of its own) asks about another place."""
    assert calls(matcher, "Hvor mange er på kontanthjælp, og hvor mange er på ledighedsydelse i Næstved?") == [
        {"id": "kontanthjaelp.antal", "område": ["Næstved"]}, {"id": "ledighedsydelse.antal", "område": ["Næstved"]}
    ]
    assert calls(matcher, "Hvor mange er på kontanthjælp, og hvordan er det i Næstved?") == [
        {"id": "kontanthjaelp.antal"}, {"id": "kontanthjaelp.antal", "område": ["Næstved"]}
    ]


def test_a_follow_up_about_all_recipients_drops_the_group_asked_before(matcher) -> None:
    earlier = ("Hvor mange er på uddannelseshjælp i Aarhus?", "Hvor mange af dem er mænd?")
    assert calls(matcher, "Og hvor ligger Aarhus på ranglisten, når man ser på alle modtagere af uddannelseshjælp?", earlier) == [
        {"id": "uddannelseshjaelp.alle", "område": ["Aarhus"]}
    ]
    assert calls(matcher, "Og hvor mange er det i Odense?", earlier)[0]["filtre"] == {"køn": "Mænd"}  # the group stays otherwise


def test_a_share_of_the_group_compared_with_another_place_and_what_follows_in_an_inquiry_about_aalborg(matcher) -> None:
    """Found in a fresh Aalborg inquiry: "… hvor stor en andel af gruppen udgør det?" was the labour force's share;
    "procent af befolkningen … sammenlignet med Aarhus" gave Aarhus alone, and the next question took Aarhus."""
    first = "Hvor mange ikke-vestlige indvandrere er på kontanthjælp i Aalborg, og hvor stor en andel af gruppen udgør det?"
    assert calls(matcher, first) == [{
        "id": "kontanthjaelp.antal", "område": ["Aalborg"], "filtre": {"herkomst": "Indvandrere fra ikke-vestlige lande"}, "andel_af_befolkningen": True
    }]  # the count and its share once, not the count twice
    compared = "Hvor mange procent af befolkningen er på førtidspension sammenlignet med Aarhus?"
    assert calls(matcher, compared, (first,)) == [{"id": "foertidspension.antal", "område": ["Aalborg", "Aarhus"], "andel_af_befolkningen": True}]
    assert calls(matcher, "Og hvor mange er på ledighedsydelse?", (first, compared)) == [{"id": "ledighedsydelse.antal", "område": ["Aalborg"]}]
    lone = matcher.match("Hvor stor en andel af gruppen er på kontanthjælp?")
    assert lone.calls == () and lone.unhonoured[0].replaces  # no group asked before: no figures


def test_a_share_asked_in_percent_is_the_groups_share_of_the_scheme_and_without_a_whole_no_figures(matcher) -> None:
    # "i procent" silently dropped gave the count as the answer to a question about a share (blind set 16).
    assert calls(matcher, "Hvor mange af ledighedsydelsesmodtagerne i Kolding er kvinder, opgjort både i antal og i procent?") == [
        {"id": "ledighedsydelse.antal", "område": ["Kolding"], "filtre": {"køn": "Kvinder"}, "andel_af_ordningen": True}
    ]
    alone = matcher.match("Hvor mange er på sygedagpenge i Kolding, procentvis?")
    assert alone.calls == () and [u.text for u in alone.unhonoured] == ["procentvis"]
    # A change in percent is the development's; a share of a named whole is the comparison's.
    assert calls(matcher, "Hvor meget er antallet på sygedagpenge i Kolding faldet i procent siden 2020?") == [{"id": "sygedagpenge.udvikling", "område": ["Kolding"], "fra": "2020"}]
    assert [c["id"] for c in calls(matcher, "Hvor mange er på sygedagpenge i Kolding i procent af arbejdsstyrken?")] == ["sygedagpenge.sammenligning"]
    # A whole the figures do not have, or a group's share of the labour force, is marked with no figures (both were
    # answered with the count before).
    for question, marked in (
        ("Hvor mange er på kontanthjælp i Kolding i procent af alle ledige?", "i procent af alle ledige"),
        ("Hvor mange mænd er på sygedagpenge i Kolding som andel af arbejdsstyrken?", "som andel af arbejdsstyrken"),
    ):
        result = matcher.match(question)
        assert result.calls == () and [u.text for u in result.unhonoured] == [marked], question


def test_a_count_and_its_reasons_asked_in_one_request_are_the_count_answered_and_the_reasons_marked(matcher) -> None:
    result = matcher.match("Forvaltningen bedes oplyse antallet af personer i ressourceforløb i Holbæk og beskrive, hvad udviklingen skyldes.")
    assert calls(matcher, "Forvaltningen bedes oplyse antallet af personer i ressourceforløb i Holbæk og beskrive, hvad udviklingen skyldes.") == [
        {"id": "ressourceforloeb.antal", "område": ["Holbæk"]}
    ]
    assert [u.text for u in result.unhonoured] == ["hvad udviklingen skyldes"]


def test_a_tally_of_a_scheme_in_a_place_is_no_breakdown_but_a_tally_broken_down_by_what_the_data_lacks_is_marked(matcher) -> None:
    assert calls(matcher, "Kan jeg få en opgørelse over seniorpension på Fanø?") == [{"id": "seniorpension.antal", "område": ["Fanø"]}]
    assert calls(matcher, "Kan forvaltningen opgøre antallet af personer på kontanthjælp i Skive?") == [{"id": "kontanthjaelp.antal", "område": ["Skive"]}]
    marked = matcher.match("Hvor mange er på kontanthjælp i Skive, opgjort på skoledistrikter?")
    assert [u.text for u in marked.unhonoured] == ["opgjort på skoledistrikter"]


def test_the_answers_form_asked_for_changes_nothing_that_is_counted(matcher) -> None:
    assert calls(matcher, "Kan antallet af personer i jobafklaringsforløb i Svendborg opstilles i en tabel?") == [{"id": "jobafklaringsforloeb.antal", "område": ["Svendborg"]}]
    assert matcher.match("Kan antallet af personer i jobafklaringsforløb i Svendborg opstilles i en tabel?").unhonoured == ()


def test_a_why_beside_parts_that_are_marked_is_marked_too_so_the_letter_says_every_part(matcher) -> None:
    # Found in a fresh Vejle inquiry: the reasons asked for were only a note on the terminal, not a mark in the letter.
    result = matcher.match("Kan forvaltningen oplyse ventetiden i jobcentret og forklare, hvad den skyldes?")
    assert result.calls == ()
    assert "hvad den skyldes" in [u.text for u in result.unhonoured]


def test_what_a_request_asks_next_that_figures_do_not_give_is_split_off_whatever_its_verb(matcher) -> None:
    # "… og give en redegørelse for årsagerne" was mended by its verb; the next phrasing had another verb.
    assert calls(matcher, "Kan forvaltningen oplyse antallet i ressourceforløb i Vejle og komme med en vurdering af, hvad det skyldes?") == [
        {"id": "ressourceforloeb.antal", "område": ["Vejle"]}
    ]
    assert calls(matcher, "Hvor mange er i ressourceforløb i Vejle samt årsagerne til stigningen?") == [{"id": "ressourceforloeb.antal", "område": ["Vejle"]}]
    assert matcher.match("Hvor mange er i ressourceforløb i Vejle samt årsagerne til stigningen?").unhonoured != ()
    # A state is no assessment: "… og er vurderet aktivitetsparate" is who is counted.
    assert calls(matcher, "Hvor mange i Vejle modtager kontanthjælp og er vurderet aktivitetsparate?") == [
        {"id": "kontanthjaelp.antal", "område": ["Vejle"], "filtre": {"visitation": "Aktivitetsparat"}}
    ]


def test_a_sum_is_read_only_where_it_is_asked_and_a_sum_of_schemes_is_said_not_made(matcher) -> None:
    # "ikke lagt sammen" was read as a sum (blind set 17): a negated sum and "hver for sig" are each place on its own.
    for question, metric in (
        ("Hvor mange er på sygedagpenge i Kolding og Fredericia, ikke lagt sammen?", "sygedagpenge.antal"),
        ("Hvor mange er i fleksjob i Kolding og Fredericia hver for sig?", "fleksjob.antal"),
    ):
        assert calls(matcher, question) == [{"id": metric, "område": ["Kolding", "Fredericia"]}], question
    # Each place and their sum: the table with the sum row, once (it was that table and the same one without the row).
    assert calls(matcher, "Hvor mange er på ledighedsydelse i Kolding og Fredericia? Jeg vil gerne se tallene hver for sig og samlet.") == [
        {"id": "ledighedsydelse.antal", "område": ["Kolding", "Fredericia"], "tilsammen": True}
    ]
    # Two schemes in one place "tilsammen": each scheme's figure, and the sum said not to be made (it was dropped).
    both = matcher.match("Hvor mange er på sygedagpenge og i jobafklaringsforløb i Kolding sammenlagt?")
    assert sorted(call.metric_id for call in both.calls) == ["jobafklaringsforloeb.antal", "sygedagpenge.antal"]
    assert [u.text for u in both.unhonoured] == ["sammenlagt"] and not both.unhonoured[0].replaces


def test_a_share_of_a_whole_the_data_does_not_count_gets_no_figures(matcher) -> None:
    # "procent af alle ledige … er på a-dagpenge" got the share of the labour force (blind set 17).
    for question, whole in (
        ("Hvor stor en andel af de ledige i Kolding er på kontanthjælp?", "af de ledige"),
        ("Hvor mange procent af alle ledige i Vejle modtager sygedagpenge?", "af alle ledige"),
    ):
        result = matcher.match(question)
        assert result.calls == () and [u.text for u in result.unhonoured] == [whole], question
    # The wholes the data has: the labour force, the inhabitants, everyone on the scheme, a group's own population.
    assert [c["id"] for c in calls(matcher, "Hvor mange procent af arbejdsstyrken i Kolding er på kontanthjælp?")] == ["kontanthjaelp.sammenligning"]
    assert [c["id"] for c in calls(matcher, "Hvor stor en andel af kommunens borgere er på kontanthjælp?")] == ["kontanthjaelp.sammenligning"]
    assert calls(matcher, "Hvor mange procent af kontanthjælpsmodtagerne i Kolding er kvinder?") == [
        {"id": "kontanthjaelp.antal", "område": ["Kolding"], "filtre": {"køn": "Kvinder"}, "andel_af_ordningen": True}
    ]
    assert calls(matcher, "Hvor stor en andel af de unge i Kolding er på uddannelseshjælp?") == [
        {"id": "uddannelseshjaelp.antal", "område": ["Kolding"], "filtre": {"alder": "16-29"}, "andel_af_befolkningen": True}
    ]


def test_a_group_left_out_leaves_the_rest_when_the_rest_is_one_group(matcher) -> None:
    # An age group left out at either end leaves the ages beyond it; "undtagen"/"bortset" were unknown words (set 17).
    assert calls(matcher, "Hvor mange er i ressourceforløb i Kolding, bortset fra de unge under 25?") == [{"id": "ressourceforloeb.antal", "område": ["Kolding"], "filtre": {"alder": "25-"}}]
    assert calls(matcher, "Hvor mange er på førtidspension i Kolding, de over 60 ikke medregnet?") == [{"id": "foertidspension.antal", "område": ["Kolding"], "filtre": {"alder": "16-59"}}]
    middle = matcher.match("Hvor mange er i fleksjob i Kolding, undtagen de 40-49-årige?")
    assert middle.calls == () and middle.unhonoured[0].replaces  # the rest is two groups, not one
    # A sex left out leaves the other.
    assert calls(matcher, "Hvor mange er på sygedagpenge i Kolding, når man ser bort fra mændene?") == [{"id": "sygedagpenge.antal", "område": ["Kolding"], "filtre": {"køn": "Kvinder"}}]
    # An age span written with both bounds.
    assert calls(matcher, "Hvor mange i Kolding på kontanthjælp er mindst 40 og højst 59 år gamle?") == [{"id": "kontanthjaelp.antal", "område": ["Kolding"], "filtre": {"alder": "40-59"}}]
    assert calls(matcher, "Hvor mange i Kolding på kontanthjælp er over 30 og under 40 år?") == [{"id": "kontanthjaelp.antal", "område": ["Kolding"], "filtre": {"alder": "30-39"}}]
    # "gamle" is still no group of its own.
    assert matcher.match("Hvor mange gamle er på førtidspension i Kolding?").calls == ()


def test_each_of_the_municipalities_named_is_their_figures_not_a_ranking_of_all(matcher) -> None:
    assert calls(matcher, "Hvor mange er i fleksjob i Kolding og Vejle, opgjort for hver kommune?") == [{"id": "fleksjob.antal", "område": ["Kolding", "Vejle"]}]
    assert [c["id"] for c in calls(matcher, "Hvor mange er i fleksjob for hver kommune?")] == ["fleksjob.alle"]


def test_a_group_named_beside_the_question_is_never_dropped_without_a_word(matcher) -> None:
    # Before the question, or after it without "især"/"kun", the group was dropped and everyone's figure given.
    for question in (
        "Jeg tænker her på indvandrerne. Hvor mange er på sygedagpenge i Skive?",
        "Vedrørende de unge under 25: Hvor mange er på sygedagpenge i Skive?",
        "Hvor mange er på sygedagpenge i Skive? Jeg tænker her på kvinderne.",
    ):
        result = matcher.match(question)
        assert result.calls == () and result.unhonoured[0].reason.startswith("gruppen er nævnt uden for selve spørgsmålet"), question
    # A question naming its own group of the kind: the sentence beside it is background.
    assert calls(matcher, "Der tales meget om de unge i debatten. Hvor mange under 30 er på sygedagpenge i Skive?") == [
        {"id": "sygedagpenge.antal", "område": ["Skive"], "filtre": {"alder": "16-29"}}
    ]


def test_a_lead_in_ending_in_a_colon_and_numbers_that_are_no_age_change_nothing(matcher) -> None:
    # What the lead-in is for was read as part of the question, its words unknown (blind set 18).
    led_in = matcher.match("Jeg vil gerne have et tal til brug for budgetforhandlingerne: Hvor mange er i jobafklaringsforløb i Skive?")
    assert [call.metric_id for call in led_in.calls] == ["jobafklaringsforloeb.antal"] and led_in.unhonoured == ()
    assert calls(matcher, "Kommunen bruger over 300 mio. kr. på området. Hvor mange er i jobafklaringsforløb i Skive?") == [
        {"id": "jobafklaringsforloeb.antal", "område": ["Skive"]}
    ]


def test_a_negation_or_a_hypothetical_is_never_answered_with_the_figures_for_what_is(matcher) -> None:
    # "ikke jobparate" was the jobparate, "har ikke modtaget … i mere end et halvt år" the long spells, and "hvor mange
    # ville så være …" today's count (blind set 19): "ikke", "ville", "burde" stood among the neutral words.
    for question, marked in (
        ("Hvor mange sygedagpengemodtagere i Thisted er ikke kvinder?", "ikke kvinder"),
        ("Hvor mange er ikke på kontanthjælp i Thisted?", "ikke på kontanthjælp"),
        ("Hvor mange på kontanthjælp i Thisted har ikke været på ydelsen i over et år?", "ikke været på"),
        ("Hvis kontanthjælpsloftet blev fjernet, hvor mange ville så være på kontanthjælp i Thisted?", "ville så være"),
        ("Hvor mange i Thisted burde være i ressourceforløb?", "burde være"),
    ):
        result = matcher.match(question)
        assert result.calls == () and marked in [u.text for u in result.unhonoured], question
    # Negations that turn nothing counted around: about the asker, asking for a yes, "ikke fyldt", "ikke-vestlige".
    assert calls(matcher, "Det ved jeg ikke selv. Hvor mange er på kontanthjælp i Thisted?") == [{"id": "kontanthjaelp.antal", "område": ["Thisted"]}]
    assert [c["id"] for c in calls(matcher, "Er ledighedsprocenten i Thisted ikke lavere end i Skive?")] == ["ledighed.sammenligning"]
    assert calls(matcher, "Hvor mange på uddannelseshjælp i Thisted har ikke fyldt 25?") == [{"id": "uddannelseshjaelp.antal", "område": ["Thisted"], "filtre": {"alder": "16-24"}}]
    assert calls(matcher, "Jeg ville gerne vide, hvor mange der er på kontanthjælp i Thisted.") == [{"id": "kontanthjaelp.antal", "område": ["Thisted"]}]
    # "Passer det, at …" frames a question to check, as "er det rigtigt, at …" does.
    assert calls(matcher, "Passer det, at antallet på kontanthjælp i Thisted er faldet siden 2019?") == [{"id": "kontanthjaelp.udvikling", "område": ["Thisted"], "fra": "2019"}]


def test_the_short_names_of_the_schemes_are_the_schemes_and_a_benefit_of_two_schemes_is_neither(matcher) -> None:
    # The administration's short names were unknown words (blind set 20).
    assert calls(matcher, "Hvor mange er på SDP i Vordingborg?") == [{"id": "sygedagpenge.antal", "område": ["Vordingborg"]}]
    assert calls(matcher, "Hvor mange KTH-modtagere er der i Vordingborg?") == [{"id": "kontanthjaelp.antal", "område": ["Vordingborg"]}]
    assert calls(matcher, "Hvor mange er i JAF i Vordingborg?") == [{"id": "jobafklaringsforloeb.antal", "område": ["Vordingborg"]}]
    # A short name is a whole word: "ly" in "i ly for" names nothing.
    assert matcher.match("Hvor mange søger ly i Vordingborg?").calls == ()
    # Ressourceforløbsydelse is paid in ressourceforløb and in jobafklaringsforløb: neither figure is its count.
    result = matcher.match("Hvor mange får ressourceforløbsydelse i Vordingborg?")
    assert result.calls == () and [u.text for u in result.unhonoured] == ["ressourceforløbsydelse"]


def test_a_count_of_no_known_scheme_beside_an_answered_part_is_said(matcher) -> None:
    result = matcher.match("Hvor mange ledige er der i Vordingborg? Og hvor mange er på sygedagpenge?")
    assert [call.metric_id for call in result.calls] == ["sygedagpenge.antal"]
    assert [u.text for u in result.unhonoured] == ["Hvor mange ledige er der i Vordingborg"]


def test_a_follow_up_never_drops_the_group_or_the_measure_it_follows(matcher) -> None:
    # After a marked question that narrowed to a group, the next one naming only a place got everyone's figure.
    asked = ("Hvor mange borgere på Vesterbro er på kontanthjælp?", "Og hvor mange af dem er kvinder?")
    result = matcher.match("Hvad så i hele Frederiksberg Kommune?", Context("", asked, datetime.date(2025, 6, 25)))
    assert result.calls == () and result.unhonoured and result.unhonoured[0].replaces
    # After awards, "udviklingen" is the awards' series, not the stock's.
    awards = ("Hvor mange fik tilkendt førtidspension i Thisted i 2024?",)
    assert [c["id"] for c in calls(matcher, "Og udviklingen siden 2019?", awards)] == ["foertidspension.tilkendelser_udvikling"]
