"""A figure only for a question understood word by word (issue 20).

svarbrev reads a question closed-world: every word must be a scheme word, an analysis cue, part of
a parameter, a phrase the data cannot honour, or a neutral word (generator/intake/neutrale_ord.yaml).
Any other word makes the question "not understood": no figures, a mark in the draft, a warning, and
no final. The place, period and group of an inquiry carry from question to question, so a follow-up
about Vejle is answered for Vejle or refused, never with København's figures.
"""

from __future__ import annotations

import datetime
import itertools
import json
import shutil
from pathlib import Path

import pytest
from readback import body_text, tables

from generator.batch import OK, Options, run_batch
from generator.cli import main
from generator.domain.data import load_package_yaml
from generator.mapping import matcher_for
from generator.mapping.coverage import ENDINGS, NEUTRAL_FILE, TAILS
from generator.mapping.matcher import Context
from generator.metrics.catalogue import load_catalogue
from generator.questionfile.writer import flow_call

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DATA = ROOT / "examples" / "data" / "eksempeldata"
ASKED = datetime.date(2025, 6, 25)


@pytest.fixture(scope="module")
def matcher():
    return matcher_for(load_catalogue())


def read(matcher, question: str, subject: str = "", previous: tuple[str, ...] = ()):
    return matcher.match(question, Context(subject, previous, ASKED))


def calls(result) -> list[str]:
    return [flow_call(call) for call in result.calls]


# --------------------------------------------------------------------------- the opening list

MARKED = [
    # a place that is not a municipality, a region or Hele landet: never København's figures
    "Hvor mange modtager kontanthjælp i Vestjylland?",
    "Hvor mange modtager kontanthjælp i hovedstadsområdet?",
    "Hvor mange modtager kontanthjælp i Nordsjælland?",
    "Hvor mange modtager kontanthjælp i Flensborg?",
    "Hvor mange modtager kontanthjælp i Trekantområdet?",
    # several places, none named: never the home's figure
    "Hvor mange er på kontanthjælp i kommunerne?",
    "Hvor mange er på sygedagpenge i regionerne?",
    "Hvor mange er på kontanthjælp i de to kommuner tilsammen?",
    "Hvor mange er på kontanthjælp i Aarhus sammenlignet med de øvrige kommuner i regionen?",
    # flows and averages: not the stock
    "Hvor mange blev visiteret til fleksjob sidste år?",
    "Hvor mange forlod kontanthjælp til fordel for ordinær beskæftigelse?",
    "Hvor stor er tilgangen til førtidspension om året?",  # tilkendelser are answered; tilgang is another measurement
    "Hvor mange overgik til jobafklaring?",
    "Hvor lang tid er man i gennemsnit på sygedagpenge?",
    # a band the data cannot form, a year after the inquiry
    "Hvor mange mellem 18 og 25 år er på kontanthjælp?",
    "Hvor mange er på kontanthjælp i 2026?",
    # a condition the data does not have
    "Hvor mange af kontanthjælpsmodtagerne har været i virksomhedspraktik?",
    "Hvor mange kontanthjælpsmodtagere har børn?",
    "Hvor mange sygemeldte kommunalt ansatte er der?",
    # a compound the scheme's name begins, but about something else
    "Hvad er dagpengesatsen i 2025?",
]


@pytest.mark.parametrize("question", MARKED)
def test_a_question_about_something_the_data_cannot_show_gets_no_confident_figure(matcher, question: str) -> None:
    result = read(matcher, question)
    assert result.unhonoured, f"{question!r} was answered confidently with {calls(result)}"
    assert not result.calls or not any(u.replaces for u in result.unhonoured)


def test_sick_leave_among_the_municipality_s_own_staff_gets_no_figure(matcher) -> None:
    result = read(matcher, "Hvor stort er sygefraværet blandt kommunens egne ansatte?")
    assert result.calls == ()


@pytest.mark.parametrize(
    ("question", "answered", "marked"),
    [
        ("Hvor mange er på førtidspension og efterløn?", ["foertidspension.antal"], ["efterløn"]),
        ("Hvor mange er på kontanthjælp og integrationsydelse?", ["kontanthjaelp.antal"], ["integrationsydelse"]),
    ],
)
def test_of_two_schemes_the_known_is_answered_and_the_other_marked(matcher, question: str, answered: list[str], marked: list[str]) -> None:
    result = read(matcher, question)
    assert calls(result) == answered
    assert [u.text for u in result.unhonoured] == marked


def test_lyngby_is_lyngby_taarbaek(matcher) -> None:
    assert calls(read(matcher, "Hvor mange modtager kontanthjælp i Lyngby?")) == ["{id: kontanthjaelp.antal, område: [Lyngby-Taarbæk]}"]


def test_a_comparison_per_inhabitants_is_read_whole(matcher) -> None:
    result = read(matcher, "Hvordan ligger København på kontanthjælp i forhold til Odense og Aalborg, målt pr. 1.000 indbyggere?")
    assert calls(result) == ["{id: kontanthjaelp.sammenligning, sammenlign_med: [Odense, Aalborg], pr_indbyggere: ja}"]
    assert result.unhonoured == ()


# --------------------------------------------------------------------------- unknown words


def test_an_unknown_word_is_reported_as_not_understood_with_no_figures(matcher) -> None:
    result = read(matcher, "Hvor mange kontanthjælpsmodtagere har hjemmeboende teenagere?")
    assert result.calls == ()
    assert [u.text for u in result.unhonoured if u.unknown] == ["hjemmeboende teenagere"]
    assert result.as_json()["ukendte_ord"] == ["hjemmeboende teenagere"] and result.as_json()["ikke_besvaret"] == []


def test_a_word_the_caseworker_accepts_no_longer_stops_the_figures(matcher) -> None:
    question = "Hvor mange er sådan cirka i fleksjob for øjeblikket, overslagsmæssigt?"
    assert read(matcher, question).calls == ()
    accepted = matcher.match(question, Context("", (), ASKED, ("overslagsmæssigt",)))
    assert calls(accepted) == ["fleksjob.antal"] and accepted.unhonoured == ()


def test_a_misspelt_word_of_seven_letters_or_more_is_still_the_word(matcher) -> None:
    assert calls(read(matcher, "Hvordan har kontanthjælpsmodtagerne udvilket sig siden 2015?")) == ['{id: kontanthjaelp.udvikling, fra: "2015"}']


@pytest.mark.parametrize(
    ("question", "area", "said"),
    [
        ("Hvor mange er på sygedagpenge i Fredriksberg?", "Frederiksberg", "»Fredriksberg« læst som Frederiksberg"),
        ("Hvor mange er på sygedagpenge i Aarhs?", "Aarhus", "»Aarhs« læst som Aarhus"),
        ("hvor mange i hjøring er på førtidspension", "Hjørring", "»hjøring« læst som Hjørring"),
    ],
)
def test_a_misspelt_place_with_one_candidate_is_read_and_the_reading_said(matcher, question: str, area: str, said: str) -> None:
    (call,) = read(matcher, question).calls
    assert call.areas == (area,) and said in call.reasons


def test_a_misspelt_place_with_two_candidates_is_not_guessed(matcher) -> None:
    # "Vejel" is one letter from Vejle (two swapped) and from Vejen (one changed)
    result = read(matcher, "Hvor mange er på sygedagpenge i Vejel?")
    assert result.calls == () and [u.text for u in result.unhonoured if u.unknown] == ["Vejel"]


def test_every_word_of_the_vocabulary_has_one_role() -> None:
    """A word is a scheme's name, an analysis cue, something the data cannot honour, a subject outside
    the catalogue, a question figures do not answer, or neutral — never two of them: a neutral word that
    also named a scheme would hide it, a scheme word that was also a flow would be answered as a stock."""
    kinds: dict[str, list[str]] = load_package_yaml(NEUTRAL_FILE)
    catalogue = load_catalogue()
    roles = {
        "ordning": {cue for scheme in catalogue.schemes.values() for cue in (*scheme.cues, scheme.name)},
        "analyse": {cue.lstrip("~") for cues in catalogue.analysis_cues.values() for cue in cues},
        "ikke_muligt": {cue for _, _, cues in catalogue.impossible for cue in cues},
        "ikke_dækket": set(catalogue.uncovered_cues),
        "uden_tal": set(catalogue.no_figures_cues),
        "neutral": {word for kind, entries in kinds.items() if kind not in (TAILS, ENDINGS) for word in entries},
    }
    folded = {role: {word.casefold() for word in words} for role, words in roles.items()}
    clashes = [(a, b, sorted(folded[a] & folded[b])) for a, b in itertools.combinations(folded, 2) if folded[a] & folded[b]]
    assert clashes == []


# --------------------------------------------------------------------------- periods and sums


def test_two_periods_are_two_calls_and_a_monthly_year_is_the_monthly_series(matcher) -> None:
    assert calls(read(matcher, "Hvor mange var på ledighedsydelse i 2022 og i 2023?")) == [
        '{id: ledighedsydelse.antal, periode: "2022"}',
        '{id: ledighedsydelse.antal, periode: "2023"}',
    ]
    assert calls(read(matcher, "Kan vi få sygedagpengetallet for Kolding måned for måned i 2023?")) == [
        '{id: sygedagpenge.udvikling, område: [Kolding], fra: "2023-01", til: "2023-12"}'
    ]


def test_a_sum_over_areas_is_a_call_and_overlapping_areas_are_refused(matcher) -> None:
    assert calls(read(matcher, "Hvor mange er på sygedagpenge i Roskilde, Køge og Greve tilsammen?")) == [
        "{id: sygedagpenge.antal, område: [Roskilde, Køge, Greve], tilsammen: ja}"
    ]
    overlapping = read(matcher, "Hvor mange er på sygedagpenge i København og Region Hovedstaden tilsammen?")
    assert overlapping.calls == () and "overlappende" in overlapping.unhonoured[0].reason
    development = read(matcher, "Hvordan har sygedagpenge udviklet sig i Vejle og Horsens tilsammen?")
    assert [u.text for u in development.unhonoured] == ["tilsammen"]


def test_an_unhonoured_breakdown_on_a_development_is_marked_not_dropped(matcher) -> None:
    result = read(matcher, "Hvordan har antallet af a-dagpengemodtagere udviklet sig fordelt på køn?")
    assert calls(result) == ["a_dagpenge.udvikling"]
    assert [u.text for u in result.unhonoured] == ["fordelt på køn"]


def test_a_year_after_the_inquiry_s_year_is_never_the_newest_figure(matcher) -> None:
    result = matcher.match("Hvor mange er på kontanthjælp i 2026?", Context("", (), datetime.date(2025, 11, 3)))
    assert result.calls == () and [u.text for u in result.unhonoured] == ["i 2026"]
    asked_later = matcher.match("Hvor mange er på kontanthjælp i 2026?", Context("", (), datetime.date(2026, 11, 3)))
    assert calls(asked_later) == ['{id: kontanthjaelp.antal, periode: "2026"}']


# --------------------------------------------------------------------------- context that carries

VEJLE = [
    "Hvor mange er på sygedagpenge i Vejle?",
    "Hvordan ligger det i forhold til landsgennemsnittet?",
    "Hvor mange af dem er kvinder?",
    "Hvordan har udviklingen været de seneste fem år?",
]


def test_the_follow_ups_of_an_inquiry_about_vejle_are_about_vejle(matcher) -> None:
    read_as = [calls(read(matcher, q, "Sygedagpenge i Vejle", tuple(VEJLE[:i]))) for i, q in enumerate(VEJLE)]
    assert read_as == [
        ["{id: sygedagpenge.antal, område: [Vejle]}"],
        ["{id: sygedagpenge.sammenligning, område: [Vejle], sammenlign_med: [Hele landet]}"],
        ["{id: sygedagpenge.antal, område: [Vejle], køn: Kvinder}"],
        ['{id: sygedagpenge.udvikling, område: [Vejle], fra: "2020", til: "2024"}'],
    ]


def test_a_question_naming_no_place_takes_the_subject_s_place(matcher) -> None:
    result = read(matcher, "Hvor mange modtager kontanthjælp?", "Kontanthjælp i Esbjerg")
    assert calls(result) == ["{id: kontanthjaelp.antal, område: [Esbjerg]}"]
    assert "»Esbjerg, som i henvendelsens emne« → område Esbjerg" in result.calls[0].reasons


def test_a_follow_up_after_several_places_is_marked_not_given_copenhagen(matcher) -> None:
    first = "Hvor mange er på sygedagpenge i Roskilde og Køge?"
    result = read(matcher, "Hvordan har antallet udviklet sig siden 2019?", "Sygedagpenge", (first,))
    assert result.calls == () and [u.text for u in result.unhonoured] == ["intet sted"]


def inquiry_about_vejle(folder: Path) -> Path:
    path = folder / "henvendelse.txt"
    path.write_text(
        "Fra: Jens Madsen\nDato: 25. juni 2025\nEmne: Sygedagpenge i Vejle\n\nKære forvaltning\n\n"
        + "\n".join(f"{n}. {q}" for n, q in enumerate(VEJLE, start=1))
        + "\n\nMed venlig hilsen\nJens Madsen\n",
        encoding="utf-8",
    )
    return path


def test_ny_then_a_final_answers_every_question_for_vejle(tmp_path: Path, capsys) -> None:
    inquiry = inquiry_about_vejle(tmp_path)
    assert main(["ny", str(inquiry)]) == 0
    question_file = tmp_path / "henvendelse.yaml"
    letter = tmp_path / "svar.docx"
    code = main(["generate", str(question_file), "-o", str(letter), "--data", str(EXAMPLE_DATA), "--endelig", "--tillad-eksempeldata"])
    assert code == 0, capsys.readouterr().err
    text = body_text(letter)
    answers = text.split("Ad 1:")[1]
    assert "Vejle" in answers and "København" not in answers.split("Med venlig hilsen")[0]
    assert "[Ikke" not in text and "[Svar mangler" not in text


def test_a_final_is_refused_when_a_follow_up_is_not_understood(tmp_path: Path, capsys) -> None:
    inquiry = inquiry_about_vejle(tmp_path)
    inquiry.write_text(inquiry.read_text(encoding="utf-8").replace("Hvor mange af dem er kvinder?", "Hvor mange af dem er enlige fædre med delebørn?"), encoding="utf-8")
    assert main(["ny", str(inquiry)]) == 0
    letter = tmp_path / "svar.docx"
    code = main(["generate", str(tmp_path / "henvendelse.yaml"), "-o", str(letter), "--data", str(EXAMPLE_DATA), "--endelig", "--tillad-eksempeldata"])
    err = capsys.readouterr().err
    assert code != 0 and not letter.exists()
    assert "spørgsmål 3" in err and "ikke" in err


def recurring(folder: Path, area: str) -> Path:
    path = folder / f"{area.lower()}.yaml"
    path.write_text(
        f"""henvendelse:
  modtager: Udvalget i {area}
  dato: 2025-06-25
  emne: Sygedagpenge i {area}
data:
  mappe: {EXAMPLE_DATA}
spørgsmål:
  - tekst: Hvor mange er på sygedagpenge i {area}?
  - tekst: Hvor mange af dem er kvinder?
  - tekst: Hvordan har antallet udviklet sig fra 2019 til 2024?
""",
        encoding="utf-8",
    )
    return path


def test_a_batch_of_recurring_inquiries_answers_each_for_its_own_municipality(tmp_path: Path) -> None:
    areas = ["Vejle", "Aarhus", "Odense"]
    sources = [str(recurring(tmp_path, area)) for area in areas]
    report = run_batch(sources, tmp_path / "ud", Options(final=True, allow_example_data=True), workers=1)
    assert [outcome.status for outcome in report.outcomes] == [OK] * 3
    for area, outcome in zip(areas, report.outcomes):
        text = body_text(Path(outcome.output))
        for number in (1, 2, 3):
            answer = text.split(f"Ad {number}:")[1].split("Ad ")[0]
            assert area in answer, (area, number, answer[:300])
        assert "København" not in text.split("Ad 1:")[1].split("Med venlig hilsen")[0]


def test_the_sidecar_records_the_words_the_caseworker_accepted(tmp_path: Path) -> None:
    path = tmp_path / "spm.yaml"
    path.write_text(
        f"""henvendelse:
  modtager: Anna Hansen
  dato: 2025-06-25
  emne: Fleksjob
data:
  mappe: {EXAMPLE_DATA}
spørgsmål:
  - tekst: Hvor mange er sådan cirka i fleksjob for øjeblikket, overslagsmæssigt?
    accepter: [overslagsmæssigt]
""",
        encoding="utf-8",
    )
    assert main(["generate", str(path), "-o", str(tmp_path / "svar.docx")]) == 0
    sidecar = json.loads((tmp_path / "svar.tal.json").read_text(encoding="utf-8"))
    assert sidecar["accepterede_ord"] == {"1": ["overslagsmæssigt"]}
    assert "[Ikke forstået" not in body_text(tmp_path / "svar.docx")


def letter_for(folder: Path, data: Path, question: str) -> Path:
    path = folder / "spm.yaml"
    path.write_text(
        f"henvendelse:\n  modtager: Anna Hansen\n  dato: 2025-06-25\n  emne: Sygedagpenge\ndata:\n  mappe: {data}\nspørgsmål:\n  - tekst: \"{question}\"\n",
        encoding="utf-8",
    )
    letter = folder / "svar.docx"
    assert main(["generate", str(path), "-o", str(letter), "--overskriv"]) == 0
    return letter


def test_the_sum_of_several_areas_is_added_from_the_data_and_said_to_be_computed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    question = "Hvor mange er på sygedagpenge i Roskilde, Køge og Greve tilsammen?"
    (table,) = tables(letter_for(tmp_path, data, question))
    rows = {row[0]: row[1:] for row in table[1:]}
    assert rows["Tilsammen"] == ["2.659", "2.146"]  # 1.254 + 843 + 562 and 985 + 709 + 452
    assert "beregnet af forvaltningen ved at lægge områdernes tal sammen" in body_text(tmp_path / "svar.docx")
    extract = data / "y07a02_2025-06-30.csv"
    extract.write_text(extract.read_text(encoding="utf-8").replace("Roskilde;2025QMAT01;I alt;I alt;I alt;I alt;1.254;985;", "Roskilde;2025QMAT01;I alt;I alt;I alt;I alt;1.354;985;"), encoding="utf-8")
    (table,) = tables(letter_for(tmp_path, data, question))
    assert {row[0]: row[1:] for row in table[1:]}["Tilsammen"] == ["2.759", "2.146"]


def test_a_group_added_up_from_published_bands_is_said_to_be_computed(tmp_path: Path) -> None:
    text = body_text(letter_for(tmp_path, EXAMPLE_DATA, "Hvor mange unge under 30 er på sygedagpenge?"))
    assert "Tallene for de 16-29-årige er beregnet af forvaltningen ved at lægge aldersgrupperne 16-24 år og 25-29 år sammen." in text
    text = body_text(letter_for(tmp_path, EXAMPLE_DATA, "Hvor mange mellem 16 og 24 år er på sygedagpenge?"))
    assert "beregnet af forvaltningen" not in text  # one published band: read as it is


def test_a_named_period_compared_with_the_year_before_is_both_periods(matcher) -> None:
    assert calls(read(matcher, "Hvor mange var på sygedagpenge i 2. kvartal 2024 i forhold til året før?")) == [
        '{id: sygedagpenge.antal, periode: "2024K2"}',
        '{id: sygedagpenge.antal, periode: "2023K2"}',
    ]


def test_a_place_named_in_a_background_sentence_is_the_question_s_place(matcher) -> None:
    result = read(matcher, "Jeg er blevet kontaktet af en borger på Bornholm. Hvor mange er på ledighedsydelse derovre?")
    assert calls(result) == ["{id: ledighedsydelse.antal, område: [Bornholm]}"]


def test_the_asker_s_committee_and_role_are_frames_not_conditions(matcher) -> None:
    question = "Som formand for Beskæftigelsesudvalget i Høje Taastrup vil jeg gerne kende antallet af sygedagpengemodtagere i vores kommune."
    assert calls(read(matcher, question)) == ["{id: sygedagpenge.antal, område: [Høje-Taastrup]}"]


def test_month_by_month_anywhere_in_the_question_is_the_monthly_series_of_its_year(matcher) -> None:
    question = "Vis mig gerne måned for måned, hvor mange der var på sygedagpenge i Odense i 2023."
    assert calls(read(matcher, question)) == ['{id: sygedagpenge.udvikling, område: [Odense], fra: "2023-01", til: "2023-12"}']


def test_a_development_in_two_places_is_both_series(matcher, tmp_path: Path) -> None:
    question = "Hvordan har kontanthjælpen udviklet sig i Odense og Aarhus de seneste fem år?"
    assert calls(read(matcher, question)) == ['{id: kontanthjaelp.udvikling, område: [Odense, Aarhus], fra: "2020", til: "2024"}']
    (table,) = tables(letter_for(tmp_path, EXAMPLE_DATA, question))
    assert table[0] == ["År", "Odense", "Aarhus"] and [row[0] for row in table[1:]] == ["2020", "2021", "2022", "2023", "2024"]


def test_the_two_places_of_an_inquiry_added_up_on_request(matcher) -> None:
    inquiry = ["Hvor mange modtager kontanthjælp i Holstebro?", "Og i Struer?"]
    result = read(matcher, "Hvor mange er det i de to kommuner tilsammen?", "Kontanthjælp i Holstebro og Struer", tuple(inquiry))
    assert calls(result) == ["{id: kontanthjaelp.antal, område: [Holstebro, Struer], tilsammen: ja}"]


def test_a_year_beside_a_comparison_is_its_period_not_a_development(matcher) -> None:
    assert calls(read(matcher, "Hvordan så København ud på fleksjob i forhold til hele landet i 2023?")) == [
        '{id: fleksjob.sammenligning, periode: "2023", sammenlign_med: [Hele landet]}'
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Hvor mange unge i Aarhus, der endnu ikke er fyldt 25, er på kontanthjælp?", ['{id: kontanthjaelp.antal, område: [Aarhus], alder: "16-24"}']),
        ("Hvor mange har været på ledighedsydelse i 3 til 11 måneder?", ['{id: ledighedsydelse.antal, varighed: "3-11"}']),
        ("Hvor mange næstvedborgere er i ressourceforløb?", ["{id: ressourceforloeb.antal, område: [Næstved]}"]),
        ("I marts 2024, hvor mange modtog kontanthjælp her i kommunen?", ['{id: kontanthjaelp.antal, periode: "2024-03"}']),
        ("På landsplan, hvor mange er så i jobafklaringsforløb?", ["{id: jobafklaringsforloeb.antal, område: [Hele landet]}"]),
    ],
)
def test_ages_by_birthday_durations_citizens_and_background_periods_are_read(matcher, question: str, expected: list[str]) -> None:
    assert calls(read(matcher, question)) == expected


def test_getting_a_job_during_the_year_is_a_flow_and_marked(matcher) -> None:
    result = read(matcher, "Hvor mange var på ledighedsydelse i 2024, og hvor mange af dem fik et fleksjob i løbet af året?")
    assert calls(result) == ['{id: ledighedsydelse.antal, periode: "2024"}'] and result.unhonoured


def test_a_neutral_word_s_short_stem_does_not_make_another_word_known(matcher) -> None:
    # "endelig" (neutral) and "ender" share the stem "end"; "ender med et fleksjob" is an outcome, not a count
    result = read(matcher, "Hvor mange af forløbene ender med et fleksjob?", "Ressourceforløb i Esbjerg", ("Hvor mange er i ressourceforløb i Esbjerg?",))
    assert result.calls == () and result.unhonoured


def test_since_then_and_both_schemes_follow_the_inquiry(matcher) -> None:
    inquiry = ("Hvor mange næstvedborgere er i ressourceforløb?", "Hvordan så det ud i 2022?")
    assert calls(read(matcher, inquiry[1], "Ressourceforløb – Næstved", inquiry[:1])) == ['{id: ressourceforloeb.antal, område: [Næstved], periode: "2022"}']
    assert calls(read(matcher, "Hvordan har udviklingen været siden da?", "Ressourceforløb – Næstved", inquiry)) == [
        '{id: ressourceforloeb.udvikling, område: [Næstved], fra: "2022"}'
    ]
    both = read(matcher, "Hvordan har begge dele udviklet sig siden 2020?", "Kontanthjælp og jobafklaring i Slagelse", ("Hvor mange er på kontanthjælp i Slagelse?",))
    assert sorted(calls(both)) == ['{id: jobafklaringsforloeb.udvikling, område: [Slagelse], fra: "2020"}', '{id: kontanthjaelp.udvikling, område: [Slagelse], fra: "2020"}']


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a relative clause after a comma is not a question of its own; the asker's council and meetings are frames
        (
            "Jeg sidder i Odense Byråd og er ved at forberede et oplæg til et møde i KL. Hvor mange var på kontanthjælp i Odense i 2023?",
            ['{id: kontanthjaelp.antal, område: [Odense], periode: "2023"}'],
        ),
        # a place set off at the end of the question is every part's
        (
            "Hvor mange er på kontanthjælp, og hvor mange er på a-dagpenge, i Odense Kommune?",
            ["{id: kontanthjaelp.antal, område: [Odense]}", "{id: a_dagpenge.antal, område: [Odense]}"],
        ),
        ("Hvor mange københavnere var på sygedagpenge i årets første kvartal?", ['{id: sygedagpenge.antal, periode: "2025K1"}']),
        # the party a politician asks for never changes who is counted
        ("Radikale Venstre ønsker oplyst, hvor mange der er i ressourceforløb i Næstved. Venlig hilsen Ida (B)", ["{id: ressourceforloeb.antal, område: [Næstved]}"]),
        ("Hvor mange efterkommere af indvandrere fra ikke-vestlige lande er på kontanthjælp i Aarhus?", ["{id: kontanthjaelp.antal, område: [Aarhus], herkomst: Efterkommere fra ikke-vestlige lande}"]),
        ("Ligger København højt eller lavt på a-dagpenge, når man holder os op mod de andre 6-byer og landsplan?", ["a_dagpenge.sammenligning"]),
    ],
)
def test_frames_closing_places_and_relative_periods_are_read(matcher, question: str, expected: list[str]) -> None:
    assert calls(read(matcher, question)) == expected


def test_a_scheme_outside_the_catalogue_in_its_own_part_is_marked_beside_the_figures(matcher) -> None:
    result = read(matcher, "Hvor mange i Aarhus er på a-dagpenge, og hvor mange er på SU?")
    assert calls(result) == ["{id: a_dagpenge.antal, område: [Aarhus]}"] and [u.text for u in result.unhonoured] == ["SU"]


@pytest.mark.parametrize(
    ("question", "subject", "marked"),
    [
        ("Hvor mange er på a-dagpenge i august 2025?", "", "i august 2025"),  # asked in June 2025: not begun
        ("Hvor mange var der i jobafklaringsforløb i fjerde kvartal 2025?", "", "fjerde kvartal 2025"),
        ("Hvor mange var der i jobafklaringsforløb i årets tredje kvartal?", "", "årets tredje kvartal"),
        ("Vi har besøg fra vores venskabsby Hamborg i næste måned. Hvor mange er på sygedagpenge dér?", "", "Hamborg"),
        ("Hvor mange af dem er under 25?", "A-dagpenge i Sønderjylland", "Sønderjylland"),
    ],
)
def test_a_period_not_yet_begun_or_a_place_the_data_lacks_elsewhere_in_the_inquiry_is_marked(matcher, question: str, subject: str, marked: str) -> None:
    result = read(matcher, question, subject)
    assert result.calls == () and [u.text for u in result.unhonoured] == [marked]


def test_match_in_words_names_the_words_it_does_not_know(capsys) -> None:
    assert main(["match", "Hvor mange modtager kontanthjælp i Vestjylland?"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "valgt: ingen metrik (brevet får [Ikke forstået: …])"
    assert "ikke forstået: »Vestjylland« — svarbrev kender ikke ordet, så det kan ikke vide, hvad der spørges om" in out


def test_a_breakdown_the_extracts_lack_is_marked_and_by_month_is_the_monthly_series(matcher) -> None:
    assert calls(read(matcher, "Hvor mange var på kontanthjælp fordelt på måneder i 2023?")) == ['{id: kontanthjaelp.udvikling, fra: "2023-01", til: "2023-12"}']
    quarters = read(matcher, "Hvor mange er på kontanthjælp opdelt på kvartaler?")
    assert [u.text for u in quarters.unhonoured] == ["opdelt på kvartaler"]
    assert calls(read(matcher, "Hvordan fordeler sygedagpengemodtagerne i København sig på kvinder og mænd?")) == ["{id: sygedagpenge.antal, opdeling: [køn]}"]
    assert calls(read(matcher, "Hvordan ligger København på kontanthjælp stillet op imod Aarhus?")) == ["{id: kontanthjaelp.sammenligning, sammenlign_med: [Aarhus]}"]


# --------------------------------------------------------------------------- sentences beside the question


def test_a_statement_about_the_asker_is_not_read_as_a_question(matcher) -> None:
    # "og er blevet sendt videre …" begins with a verb, but the sentence states, it does not ask.
    question = "Hej, jeg er journalist og er blevet sendt videre til jer fra pressetelefonen. Hvor mange odenseanere modtager kontanthjælp?"
    result = read(matcher, question)
    assert calls(result) == ["{id: kontanthjaelp.antal, område: [Odense]}"] and result.unhonoured == ()


def test_the_asker_s_words_before_a_colon_frame_the_question_a_topic_belongs_to_it(matcher) -> None:
    framed = read(matcher, "Til min tale på partiets årsmøde mangler jeg et tal: hvor mange er i fleksjob i Vejle?")
    assert calls(framed) == ["{id: fleksjob.antal, område: [Vejle]}"] and framed.unhonoured == ()
    topic = read(matcher, "Ressourceforløb i Aarhus og Aalborg: hvordan gik udviklingen mellem 2018 og 2023?")
    assert calls(topic) == ['{id: ressourceforloeb.udvikling, område: [Aarhus, Aalborg], fra: "2018", til: "2023"}']
    # A condition in the topic is read with the question, never dropped.
    assert read(matcher, "Enlige forsørgere i Aarhus: hvor mange er på kontanthjælp?").calls == ()


@pytest.mark.parametrize(
    ("question", "marked"),
    [
        ("Hvor mange er på kontanthjælp i Odense? Jeg tænker især på dem, der har børn.", "børn"),
        ("Hvor mange er på kontanthjælp i Odense? Vi interesserer os mest for de enlige forsørgere.", "enlige forsørgere"),
        ("Hvor mange er på sygedagpenge? Tallet skal kun gælde dem, der er ansat i staten.", "staten"),
        ("Hvor mange er på kontanthjælp i Odense? Jeg er især interesseret i kvinderne.", "kvinderne"),
    ],
)
def test_a_sentence_after_the_question_that_singles_out_some_of_them_stops_the_figures(matcher, question: str, marked: str) -> None:
    result = read(matcher, question)
    assert result.calls == () and marked in [u.text for u in result.unhonoured]


def test_a_sentence_about_why_the_asker_asks_leaves_the_figures(matcher) -> None:
    result = read(matcher, "Hvor mange er på kontanthjælp i Odense? Jeg er journalist og skal bruge tallet til en artikel.")
    assert calls(result) == ["{id: kontanthjaelp.antal, område: [Odense]}"] and result.unhonoured == ()


def test_a_word_cut_at_its_hyphen_is_read_with_the_ending_of_the_next(matcher) -> None:
    result = read(matcher, "Som formand for Beskæftigelses- og Integrationsudvalget: hvor mange er i fleksjob i Vejle?")
    assert calls(result) == ["{id: fleksjob.antal, område: [Vejle]}"] and result.unhonoured == ()
    both = read(matcher, "Hvor mange sygedagpenge- og kontanthjælpsmodtagere er der i Vejle?")
    assert calls(both) == ["{id: kontanthjaelp.antal, område: [Vejle]}", "{id: sygedagpenge.antal, område: [Vejle]}"]


@pytest.mark.parametrize(
    ("question", "earlier", "expected"),
    [
        ("Og året efter?", "Hvor mange var på kontanthjælp i Aalborg i 2022?", ['{id: kontanthjaelp.antal, område: [Aalborg], periode: "2023"}']),
        ("Og i januar året før?", "Hvor mange var på kontanthjælp i Aalborg i 2023?", ['{id: kontanthjaelp.antal, område: [Aalborg], periode: "2022-01"}']),
        ("Og året efter?", "Hvor mange var på kontanthjælp i Aalborg i 2025?", []),  # 2026 has not begun
        # any number of years, earlier or later
        ("Og to år tidligere?", "Hvor mange var på kontanthjælp i Aalborg i 2021?", ['{id: kontanthjaelp.antal, område: [Aalborg], periode: "2019"}']),
        ("Og tre år senere?", "Hvor mange var på kontanthjælp i Aalborg i 2021?", ['{id: kontanthjaelp.antal, område: [Aalborg], periode: "2024"}']),
    ],
)
def test_a_year_before_or_after_the_period_asked_before(matcher, question: str, earlier: str, expected: list[str]) -> None:
    result = read(matcher, question, "Kontanthjælp i Aalborg", (earlier,))
    assert calls(result) == expected and bool(result.unhonoured) == (expected == [])


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a point in the past, not a series; with "flere end" it is the series from then
        ("Hvor mange var i jobafklaringsforløb i Viborg for to år siden?", ['{id: jobafklaringsforloeb.antal, område: [Viborg], periode: "2023"}']),
        ("Er der flere i jobafklaringsforløb i Viborg end for fem år siden?", ['{id: jobafklaringsforloeb.udvikling, område: [Viborg], fra: "2020"}']),
        # per thousand inhabitants in words is per inhabitants, never the bare count
        ("Hvor mange aarhusianere er på kontanthjælp målt pr. tusind indbyggere?", ["{id: kontanthjaelp.sammenligning, område: [Aarhus], pr_indbyggere: ja}"]),
        # the months and quarters of a list share its year; "1. og" is not a list item
        ("Hvor mange var på kontanthjælp i januar og i februar 2025?", ['{id: kontanthjaelp.antal, periode: "2025-01"}', '{id: kontanthjaelp.antal, periode: "2025-02"}']),
        ("Hvor mange var på kontanthjælp i 1. og 2. kvartal 2024?", ['{id: kontanthjaelp.antal, periode: "2024K1"}', '{id: kontanthjaelp.antal, periode: "2024K2"}']),
        # "mere end et år" and "i forhold til indbyggertallet" compare with no place: the place is the one asked about
        ("Hvor mange har været på sygedagpenge i mere end et år i Herning?", ['{id: sygedagpenge.antal, område: [Herning], varighed: "12-"}']),
        ("Hvor mange er i ressourceforløb i forhold til indbyggertallet i Hillerød?", ["{id: ressourceforloeb.sammenligning, område: [Hillerød], pr_indbyggere: ja}"]),
        # a breakdown said with the groups' own names
        ("Jeg vil gerne have ledighedsydelsestallet delt op på mænd og kvinder.", ["{id: ledighedsydelse.antal, opdeling: [køn]}"]),
        ("Hvordan fordeler jobafklaringsforløbene i Aarhus sig mellem mænd og kvinder?", ["{id: jobafklaringsforloeb.antal, område: [Aarhus], opdeling: [køn]}"]),
    ],
)
def test_periods_ago_lists_per_thousand_and_breakdowns_in_words(matcher, question: str, expected: list[str]) -> None:
    result = read(matcher, question)
    assert calls(result) == expected and result.unhonoured == ()


def test_years_earlier_with_no_period_asked_before_is_marked_not_the_newest_figure(matcher) -> None:
    result = read(matcher, "Hvor mange var på sygedagpenge i Vejle to år tidligere?")
    assert result.calls == () and [u.text for u in result.unhonoured] == ["to år tidligere"]
