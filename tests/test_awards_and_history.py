"""Issue 24's two last questions: awards of førtidspension (a flow, quarterly; a year is the sum of its
quarters) and figures before 2015 (the sources go back to 2007; whether an extract does is the data's to say)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from questionfiles import asked, write_question_file
from readback import body_text, tables

from generator.letter.sidecar import load_sidecar
from generator.reply import NotFinalError, generate_reply
from generator.review import check_reply

SYNTHETIC = Path(__file__).resolve().parent.parent / "examples" / "data" / "eksempeldata"
AWARDS = "y10f02_2025-06-30.csv"


@pytest.fixture
def data(synthetic_data: Path) -> Path:
    return synthetic_data


def awards_in(data: Path, area: str, period: str) -> int:
    """An award figure read straight from the CSV (not through svarbrev)."""
    for line in (data / AWARDS).read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{area};{period};I alt;"):
            return int(line.rsplit(";", 1)[1].replace(".", ""))
    raise AssertionError(f"no row {area};{period}")


def set_awards(data: Path, area: str, period: str, value: int) -> None:
    path = data / AWARDS
    prefix = f"{area};{period};I alt;"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith(prefix) for line in lines) == 1
    path.write_text("\n".join(f"{prefix}{value}" if line.startswith(prefix) else line for line in lines) + "\n", encoding="utf-8")


def letter(tmp_path: Path, data: Path, question: str, *calls: str, final: bool = False):
    path = write_question_file(tmp_path / "spm.yaml", [asked(question, *calls)], data=data, date=datetime.date(2025, 7, 1))
    return generate_reply(path, tmp_path / ("endelig.docx" if final else "udkast.docx"), final=final, overwrite=True)


def danish(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def text_of(generated) -> str:
    return body_text(generated.output).replace("\u00a0", " ")


def test_awards_in_a_year_are_the_sum_of_its_four_quarters_and_follow_the_data(tmp_path: Path, data: Path) -> None:
    question = "Hvor mange fik tilkendt førtidspension i København i 2024?"
    quarters = [awards_in(data, "København", f"2024Q0{q}") for q in range(1, 5)]
    text = text_of(letter(tmp_path, data, question))
    assert f"I 2024 fik {danish(sum(quarters))} borgere i København tilkendt førtidspension." in text
    assert "Tallet for 2024 er summen af årets fire kvartalstal, beregnet af forvaltningen." in text
    assert "ikke antallet af borgere på førtidspension" in text  # a flow is not the stock
    set_awards(data, "København", "2024Q03", quarters[2] + 100)
    changed = letter(tmp_path, data, question)
    assert f"I 2024 fik {danish(sum(quarters) + 100)} borgere i København tilkendt førtidspension." in text_of(changed)
    (figure,) = [f for f in load_sidecar(changed.sidecar).figures if f.text == danish(sum(quarters) + 100)]
    parts = [q + (100 if i == 2 else 0) for i, q in enumerate(quarters)]
    assert figure.computation == " + ".join(danish(q) for q in parts) + f" = {danish(sum(parts))}"
    assert check_reply(changed.output, changed.sidecar) == []


def test_a_final_of_the_awards_is_refused_only_for_example_data(tmp_path: Path, data: Path) -> None:
    with pytest.raises(NotFinalError) as refused:
        letter(tmp_path, data, "Hvor mange fik tilkendt førtidspension i København i 2024?", final=True)
    assert refused.value.problems and all("eksempeldata" in problem for problem in refused.value.problems)


def test_awards_compared_with_another_municipality_stand_side_by_side(tmp_path: Path, data: Path) -> None:
    generated = letter(tmp_path, data, "Hvor mange fik tilkendt førtidspension i Aarhus sammenlignet med Odense i 2. kvartal 2024?")
    assert "Tabel 1 viser, hvor mange der fik tilkendt førtidspension i 2. kvartal 2024 i Aarhus Kommune og Odense Kommune." in text_of(generated)
    (table,) = tables(generated.output)
    assert table[1:] == [["Aarhus", str(awards_in(data, "Aarhus", "2024Q02"))], ["Odense", str(awards_in(data, "Odense", "2024Q02"))]]


def test_a_year_with_a_quarter_missing_is_no_sum(tmp_path: Path, data: Path) -> None:
    path = data / AWARDS
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if ";2024Q04;" not in line), encoding="utf-8")
    text = text_of(letter(tmp_path, data, "Hvor mange fik tilkendt førtidspension i København i 2024?"))
    assert "udtrækket har ingen tilkendelser for hele 2024" in text
    assert "borgere i København tilkendt" not in text


@pytest.mark.parametrize(
    ("question", "marked"),
    [
        ("Hvor mange kvinder fik tilkendt førtidspension i 2024?", "kvinder"),  # the source is not split by sex
        ("Hvor mange fik tilkendt førtidspension i januar 2024?", "i januar 2024"),  # quarterly figures only
        ("Hvor mange fik tilkendt fleksjob i 2024?", "tilkendt"),  # awards are read for førtidspension only
        ("Hvilken kommune tilkender flest førtidspensioner?", "tilkender"),  # no ranking of awards, never the stock's
    ],
)
def test_what_the_awards_cannot_show_is_marked_never_answered(question: str, marked: str) -> None:
    from generator.mapping import matcher_for
    from generator.metrics.catalogue import load_catalogue

    result = matcher_for(load_catalogue()).match(question)
    assert result.calls == () and marked in [u.text for u in result.unhonoured]


def test_kontanthjaelp_in_2010_is_read_from_the_extract(tmp_path: Path, data: Path) -> None:
    question = "Hvor mange var på kontanthjælp i København i 2010?"
    row = next(line for line in (data / "y60a02_2025-06-30.csv").read_text(encoding="utf-8").splitlines()
               if line.startswith("København;2010Y01;I alt;I alt;I alt;I alt;I alt;"))
    persons = row.split(";")[7]  # after Område, Periode and five dimension columns
    text = text_of(letter(tmp_path, data, question))
    assert f"I 2010 var {persons} københavnere på kontanthjælp." in text
    with pytest.raises(NotFinalError) as refused:
        letter(tmp_path, data, question, final=True)
    assert all("eksempeldata" in problem for problem in refused.value.problems)
    path = data / "y60a02_2025-06-30.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(row, row.replace(f";{persons};", ";12.345;", 1)), encoding="utf-8")
    assert "I 2010 var 12.345 københavnere på kontanthjælp." in text_of(letter(tmp_path, data, question))


def test_an_extract_that_begins_later_says_so_instead_of_answering(tmp_path: Path, data: Path) -> None:
    path = data / "y60a02_2025-06-30.csv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.split(";")[1].startswith("201")), encoding="utf-8")
    text = text_of(letter(tmp_path, data, "Hvor mange var på kontanthjælp i København i 2010?"))
    assert "udtrækket har ingen tal for perioden 2010" in text
    assert "I 2010 var" not in text


def test_a_scheme_has_no_figures_before_it_began(tmp_path: Path, data: Path) -> None:
    """Ressourceforløb began in 2013: the example data has no 2010, and the letter says so."""
    text = text_of(letter(tmp_path, data, "Hvor mange var i ressourceforløb i København i 2010?"))
    assert "udtrækket har ingen tal for perioden 2010" in text


def test_awards_per_inhabitant_are_the_count_with_the_rate_marked() -> None:
    from generator.mapping import matcher_for
    from generator.metrics.catalogue import load_catalogue

    result = matcher_for(load_catalogue()).match("Hvor mange fik tilkendt førtidspension pr. 1.000 indbyggere i 2024?")
    assert [(c.metric_id, c.period) for c in result.calls] == [("foertidspension.tilkendelser", "2024")]
    assert [u.text for u in result.unhonoured] == ["pr. 1.000 indbyggere"]


def test_awards_year_by_year_are_sums_of_whole_years_and_follow_the_data(tmp_path: Path, data: Path) -> None:
    question = "Hvordan har tilkendelserne af førtidspension udviklet sig siden 2019?"
    years = {year: sum(awards_in(data, "København", f"{year}Q0{q}") for q in range(1, 5)) for year in range(2019, 2025)}
    generated = letter(tmp_path, data, question)
    text = text_of(generated)
    assert f"I København fik {danish(years[2019])} borgere tilkendt førtidspension i 2019 og {danish(years[2024])} i 2024." in text
    (table,) = tables(generated.output)
    assert table[1:] == [[str(year), danish(count)] for year, count in years.items()]  # 2025 has one quarter: not a year
    set_awards(data, "København", "2024Q02", awards_in(data, "København", "2024Q02") + 50)
    changed = letter(tmp_path, data, question)
    assert f"og {danish(years[2024] + 50)} i 2024." in text_of(changed)
    assert check_reply(changed.output, changed.sidecar) == []


def test_awards_year_by_year_are_read_with_the_places_compared() -> None:
    from generator.mapping import matcher_for
    from generator.metrics.catalogue import load_catalogue

    result = matcher_for(load_catalogue()).match("Hvordan har tilkendelserne af førtidspension udviklet sig i Odense sammenlignet med Aarhus siden 2019?")
    assert [(c.metric_id, c.as_parameters()) for c in result.calls] == [
        ("foertidspension.tilkendelser_udvikling", {"område": ["Odense", "Aarhus"], "fra": "2019"})
    ]
    assert result.unhonoured == ()
