"""A group's share of everyone in the scheme (andel_af_ordningen: ja): both counts come from the same extract,
area and period; the share is worked out by the administration and says so. A group's share of its own
population is andel_af_befolkningen (tests/test_share_of_population.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from questionfiles import asked, write_question_file
from readback import body_text

from generator.letter.sidecar import load_sidecar
from generator.reply import generate_reply
from generator.review import check_reply

SYNTHETIC = Path(__file__).resolve().parent.parent / "examples" / "data" / "eksempeldata"
NEWEST = "Aarhus;2025QMAT01;"


@pytest.fixture
def data(synthetic_data: Path) -> Path:
    return synthetic_data


def persons(data: Path, sex: str) -> int:
    """Sygedagpenge in Aarhus, newest rolling year, read straight from the CSV."""
    for line in (data / "y07a02_2025-06-30.csv").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{NEWEST}{sex};I alt;I alt;I alt;"):
            return int(line.split(";")[6].replace(".", ""))
    raise AssertionError(sex)


def set_persons(data: Path, sex: str, value: int) -> None:
    path = data / "y07a02_2025-06-30.csv"
    prefix = f"{NEWEST}{sex};I alt;I alt;I alt;"
    lines = path.read_text(encoding="utf-8").splitlines()
    (line,) = [line for line in lines if line.startswith(prefix)]
    fields = line.split(";")
    fields[6] = f"{value:,}".replace(",", ".")
    path.write_text("\n".join(";".join(fields) if item == line else item for item in lines) + "\n", encoding="utf-8")


def danish(value: float, decimals: int = 0) -> str:
    return f"{value:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def letter(tmp_path: Path, data: Path, question: str, *calls: str):
    path = write_question_file(tmp_path / "spm.yaml", [asked(question, *calls)], data=data)
    return generate_reply(path, tmp_path / "udkast.docx", overwrite=True)


def test_the_share_of_women_among_the_sick_follows_the_data(tmp_path: Path, data: Path) -> None:
    question = "Hvor mange procent af de sygemeldte i Aarhus er kvinder?"
    women, everyone = persons(data, "Kvinder"), persons(data, "I alt")
    text = body_text(letter(tmp_path, data, question).output).replace("\u00a0", " ")
    share = danish(round(women / everyone * 100 + 1e-9, 1), 1)
    assert f"Det er {share} procent af alle {danish(everyone)} borgere i Aarhus Kommune på sygedagpenge." in text
    assert "Andelen er beregnet af forvaltningen ud fra antallet af personer." in text
    set_persons(data, "Kvinder", women + 500)  # and the total with them, so the parts still add up
    set_persons(data, "I alt", everyone + 500)
    generated = letter(tmp_path, data, question)
    changed = danish(round((women + 500) / (everyone + 500) * 100 + 1e-9, 1), 1)
    assert f"Det er {changed} procent af alle {danish(everyone + 500)}" in body_text(generated.output).replace("\u00a0", " ")
    (figure,) = [f for f in load_sidecar(generated.sidecar).figures if f.text == changed]
    assert figure.computation == f"{danish(women + 500)} / {danish(everyone + 500)} × 100 = {changed}"
    assert check_reply(generated.output, generated.sidecar) == []


def test_a_share_without_a_group_is_refused_in_the_draft(tmp_path: Path, data: Path) -> None:
    text = body_text(letter(tmp_path, data, "Andel?", "{id: sygedagpenge.antal, andel_af_ordningen: ja}").output)
    assert "andel_af_ordningen er én gruppes andel af alle i ordningen: den kræver netop ét filter" in text
    two = body_text(letter(tmp_path, data, "Andel?", "{id: sygedagpenge.antal, køn: Kvinder, alder: 60-, andel_af_ordningen: ja}").output)
    assert "den kræver netop ét filter" in two  # of all, or of the women? never guessed


@pytest.mark.parametrize(
    ("question", "call", "marked"),
    [
        ("Hvor mange procent af kontanthjælpsmodtagerne er indvandrere?", {"herkomst": "Indvandrere", "andel_af_ordningen": "ja"}, []),
        ("Hvor mange procent er kvinder blandt sygedagpengemodtagerne?", {"køn": "Kvinder", "andel_af_ordningen": "ja"}, []),
        # the share of the group's own population (andel_af_befolkningen, tests/test_share_of_population.py)
        ("Hvor stor en andel af indvandrerne er på kontanthjælp?", {"herkomst": "Indvandrere", "andel_af_befolkningen": "ja"}, []),
        # of two groups at once: FOLK1E has one group at a time, so the count of both, the share marked
        ("Hvor stor en andel af indvandrerkvinderne er på kontanthjælp?", {"køn": "Kvinder", "herkomst": "Indvandrere"}, ["Hvor stor en andel"]),
    ],
)
def test_a_share_of_the_scheme_is_read_and_a_share_of_a_population_is_read_as_such(question: str, call: dict, marked: list) -> None:
    from generator.mapping import matcher_for
    from generator.metrics.catalogue import load_catalogue

    result = matcher_for(load_catalogue()).match(question)
    assert [c.as_parameters() for c in result.calls] == [call]
    assert [u.text for u in result.unhonoured] == marked


def test_a_share_of_a_group_within_a_group_is_marked_with_the_count_given() -> None:
    """"… aktivitetsparate …? Hvor mange procent af dem er indvandrere?": the whole is the first group, not everyone
    in the scheme; the count of both groups is given, the share marked."""
    import datetime

    from generator.mapping import matcher_for
    from generator.mapping.matcher import Context
    from generator.metrics.catalogue import load_catalogue

    context = Context("Kontanthjælp i Aalborg", ("Hvor mange aktivitetsparate kontanthjælpsmodtagere er der i Aalborg?",), datetime.date(2025, 7, 3))
    result = matcher_for(load_catalogue()).match("Hvor mange procent af dem er indvandrere?", context)
    assert [c.as_parameters() for c in result.calls] == [{"område": ["Aalborg"], "herkomst": "Indvandrere", "visitation": "Aktivitetsparat"}]
    assert [u.text for u in result.unhonoured] == ["Hvor mange procent"]
