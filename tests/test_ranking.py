"""`<ordning>.alle` (issue 24): every municipality (or region) in one table, ranked by what was asked,
with the home municipality's place said in the text — computed from the extract, refused when the
extract does not have every area, and honest about shared places."""

from __future__ import annotations

from pathlib import Path

import pytest
from questionfiles import asked, write_question_file
from readback import body_text, tables

from generator.reply import NotFinalError, generate_reply
from generator.review import check_reply

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = ROOT / "examples" / "data" / "eksempeldata"
REAL = ROOT / "examples" / "data"  # the reference letter's extracts: 6-byerne and the country only
NEWEST = "2025QMAT01;I alt;I alt;"


@pytest.fixture
def data(synthetic_data: Path) -> Path:
    return synthetic_data


def set_row(data: Path, area: str, persons: str, full_time: str, share: str) -> None:
    """The newest all-groups row of an area in the fleksjob extract, as the file would say it."""
    path = data / "y08a02_2025-06-30.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    prefix = f"{area};{NEWEST}"
    assert sum(line.startswith(prefix) for line in lines) == 1
    path.write_text("\n".join(f"{prefix}{persons};{full_time};{share}" if line.startswith(prefix) else line for line in lines) + "\n", encoding="utf-8")


def drop_area(data: Path, area: str) -> None:
    path = data / "y08a02_2025-06-30.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith(f"{area};")) + "\n", encoding="utf-8")


def ranking_letter(tmp_path: Path, data: Path, *calls: str, final: bool = False):
    question = write_question_file(tmp_path / "spm.yaml", [asked("Hvilken kommune har flest i fleksjob?", *calls)], data=data)
    return generate_reply(question, tmp_path / ("endelig.docx" if final else "svar.docx"), final=final, overwrite=True)


def test_the_ranking_follows_the_data_and_says_where_the_home_municipality_stands(tmp_path: Path, data: Path) -> None:
    set_row(data, "København", "9.999", "9.000", "7,2")  # more, and now the largest share in the country
    generated = ranking_letter(tmp_path, data, "{id: fleksjob.alle, sorter: andel}")
    text = body_text(generated.output).replace("\u00a0", " ")

    assert "havde København den største andel af arbejdsstyrken ansat i fleksjob (7,2 procent)" in text
    assert "København ligger som nr. 1 af 98 kommuner med 7,2 procent af arbejdsstyrken." in text
    [table] = tables(generated.output)
    assert table[0][:2] == ["", "Nr."] and len(table) == 1 + 98  # the area first: it names the row (tjek, sidecar)
    assert table[1] == ["København", "1", "9.999", "9.000", "7,2"]
    assert [row[1] for row in table[1:]] == sorted((row[1] for row in table[1:]), key=int)  # ranked from the top


def test_equal_figures_share_a_place_and_the_text_says_so(tmp_path: Path, data: Path) -> None:
    set_row(data, "København", "4.983", "4.569", "6,1")  # as Kalundborg, the largest share in the example data
    generated = ranking_letter(tmp_path, data, "{id: fleksjob.alle, sorter: andel}")
    text = body_text(generated.output).replace("\u00a0", " ")

    assert "havde Kalundborg Kommune og København den største andel" in text and "(6,1 procent hver)" in text
    assert "København ligger som nr. 1 af 98 kommuner (delt placering)" in text
    [table] = tables(generated.output)
    assert [row[:2] for row in table[1:4]] == [["Kalundborg", "1"], ["København", "1"], ["Køge", "3"]]  # a shared place in Danish order


def test_ranked_by_count_is_another_order(tmp_path: Path, data: Path) -> None:
    set_row(data, "Læsø", "99.999", "24", "2,4")  # a total may exceed its groups, never fall below them
    generated = ranking_letter(tmp_path, data, "fleksjob.alle")
    text = body_text(generated.output).replace("\u00a0", " ")

    assert "havde Læsø Kommune flest fleksjobansatte (99.999)" in text
    [table] = tables(generated.output)
    assert table[1][:3] == ["Læsø", "1", "99.999"]


def test_the_regions_are_ranked_on_their_own(tmp_path: Path, data: Path) -> None:
    generated = ranking_letter(tmp_path, data, "{id: fleksjob.alle, niveau: regioner, område: Region Sjælland}")
    [table] = tables(generated.output)
    assert len(table) == 1 + 5 and {row[0] for row in table[1:]} == {"Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland"}
    assert "Region Sjælland ligger som nr." in body_text(generated.output).replace("\u00a0", " ")


def test_an_extract_without_every_municipality_is_no_ranking(tmp_path: Path, data: Path) -> None:
    drop_area(data, "Læsø")
    generated = ranking_letter(tmp_path, data, "fleksjob.alle")
    text = body_text(generated.output)

    assert "udtrækket har ikke alle 98 kommuner (mangler 1, fx Læsø); en rangering kræver dem alle" in text
    assert tables(generated.output) == []
    with pytest.raises(NotFinalError):
        ranking_letter(tmp_path, data, "fleksjob.alle", final=True)


def test_the_reference_extracts_of_six_cities_give_no_ranking(tmp_path: Path) -> None:
    generated = ranking_letter(tmp_path, REAL, "fleksjob.alle")
    assert "udtrækket har ikke alle 98 kommuner (mangler 92" in body_text(generated.output)


def test_a_ranking_per_inhabitants_needs_the_population(tmp_path: Path, data: Path) -> None:
    generated = ranking_letter(tmp_path, data, "{id: fleksjob.alle, sorter: pr_indbyggere}")
    assert "en rangering pr. 1.000 indbyggere kræver indbyggertal" in body_text(generated.output)


def test_a_final_ranking_is_refused_only_for_example_data(tmp_path: Path, data: Path) -> None:
    with pytest.raises(NotFinalError) as refused:
        ranking_letter(tmp_path, data, "{id: fleksjob.alle, sorter: andel}", final=True)
    assert all("eksempeldata" in problem for problem in refused.value.problems)


@pytest.mark.parametrize(
    ("question", "call"),
    [
        ("Hvilken kommune har flest fleksjobbere i forhold til arbejdsstyrken?", {"id": "fleksjob.alle", "sorter": "andel"}),
        ("Hvilken kommune har flest på sygedagpenge pr. indbygger?", {"id": "sygedagpenge.alle", "sorter": "pr_indbyggere"}),
        ("Hvilken kommune har flest fuldtidspersoner på ledighedsydelse?", {"id": "ledighedsydelse.alle", "sorter": "fuldtidspersoner"}),
        ("Hvor ligger Vejle på ranglisten over kommuner med flest på kontanthjælp?", {"id": "kontanthjaelp.alle", "område": ["Vejle"]}),
        ("Hvilken kommune havde flest sygemeldte i 2023?", {"id": "sygedagpenge.alle", "periode": "2023"}),
        ("Hvilken region har den største andel på kontanthjælp?", {"id": "kontanthjaelp.alle", "sorter": "andel", "niveau": "regioner"}),
        # who is first, and where a place stands, is one ranking; a "…procent" ranks by the share
        ("Hvilken kommune havde den største andel bruttoledige i 2022, og hvor lå Odense?", {"id": "ledighed.alle", "område": ["Odense"], "periode": "2022", "sorter": "andel"}),
        ("Kan forvaltningen lave en rangliste over kommunerne efter ledighedsprocent?", {"id": "ledighed.alle", "sorter": "andel"}),
        # every municipality, however it is said (they were read as the home's count)
        ("Hvor mange kontanthjælpsmodtagere er der i hver kommune?", {"id": "kontanthjaelp.alle"}),
        ("Hvor mange er på sygedagpenge i de enkelte kommuner?", {"id": "sygedagpenge.alle"}),
        ("Hvor mange er på kontanthjælp i samtlige kommuner?", {"id": "kontanthjaelp.alle"}),
        ("Hvor mange aktivitetsparate kontanthjælpsmodtagere er der pr. kommune?", {"id": "kontanthjaelp.alle", "filtre": {"visitation": "Aktivitetsparat"}}),
    ],
)
def test_a_ranking_is_read_from_the_question_with_what_it_ranks_by(question: str, call: dict) -> None:
    from generator.mapping import matcher_for
    from generator.metrics.catalogue import load_catalogue

    result = matcher_for(load_catalogue()).match(question)
    assert [{k: v for k, v in c.as_json().items() if v not in (None, [], {}, False)} for c in result.calls] == [call]
    assert result.unhonoured == ()


def test_the_ranking_question_of_the_issue_gives_a_draft_and_a_final_refused_only_for_example_data(tmp_path: Path) -> None:
    question = write_question_file(tmp_path / "spm.yaml", [asked("Hvilken kommune har flest fleksjobbere i forhold til arbejdsstyrken?")], data=SYNTHETIC)
    text = body_text(generate_reply(question, tmp_path / "svar.docx").output).replace("\u00a0", " ")
    assert "den største andel af arbejdsstyrken ansat i fleksjob" in text and "København ligger som nr. " in text
    with pytest.raises(NotFinalError) as refused:
        generate_reply(question, tmp_path / "endelig.docx", final=True)
    assert refused.value.problems and all("eksempeldata" in problem for problem in refused.value.problems)


def test_a_place_in_the_ranking_is_traced_to_the_whole_column_it_ranks(tmp_path: Path, data: Path) -> None:
    """One read naming all 98 municipalities per place, not 98 reads: the sidecar stays the size of the table."""
    from generator.letter.sidecar import load_sidecar

    generated = ranking_letter(tmp_path, data, "{id: fleksjob.alle, sorter: andel}")
    places = [figure for figure in load_sidecar(generated.sidecar).figures if figure.column == "Nr."]
    assert {figure.row for figure in places} >= {"København", "Kalundborg"}  # a place is found by its area
    assert len(places) == 98
    assert all(len(figure.reads) == 1 and len(figure.reads[0].areas) == 98 for figure in places)
    assert generated.sidecar.stat().st_size < 400_000
    assert check_reply(generated.output, generated.sidecar) == []  # svarbrev tjek finds every figure where the sidecar says


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("Hvilken plads har kommunen på landsplan, når man ser på ledighedsprocenten?", ["Odense"]),
        ("Hvordan placerer vi os blandt kommunerne, når det gælder sygedagpenge?", ["Odense"]),
        ("Hvilken placering har Vejle blandt landets kommuner, når det gælder kontanthjælp?", ["Vejle"]),
    ],
)
def test_a_place_in_the_ranking_is_asked_for_the_municipality_the_inquiry_is_about(question: str, place: list[str]) -> None:
    """'på landsplan' is the ranking's scope, not the place whose rank is asked: in an inquiry about Odense, Odense's."""
    import datetime

    from generator.mapping import matcher_for
    from generator.mapping.matcher import Context
    from generator.metrics.catalogue import load_catalogue

    earlier = ("Hvor mange unge i Odense Kommune modtog uddannelseshjælp i 1. kvartal 2025?",)
    result = matcher_for(load_catalogue()).match(question, Context("Ydelser i Odense", earlier, datetime.date(2025, 5, 12)))
    assert [call.metric_id.endswith(".alle") for call in result.calls] == [True]
    assert list(result.calls[0].areas) == place and result.unhonoured == ()
