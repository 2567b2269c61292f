"""Figures per 1,000 inhabitants aged 16-66, from a FOLK1A extract in the data folder.

The reference letter's question 2 asks "sammenlignet med antal indbyggere". With
`folk1a_<date>.csv` (Område;Periode;Indbyggere 16-66 år, one row per area and quarter) declared in
kilder.yaml, the comparison tables get "pr. 1.000 indbyggere (16-66 år)" columns: full-time persons
/ inhabitants × 1,000, where the inhabitants of a rolling year are the mean of its four quarters.
Without the extract, the letters are as before.

The FOLK1A fixture below is hand-written so that the expected figures can be worked out by hand
from the example data (fleksjob y08a02 and ledighedsydelse y09a02, 2025QMAT01 = 2024Q2-2025Q1):

    København   fleksjob 4.448, ledighedsydelse 1.009; inhabitants 440.000, 444.000, 445.600,
                449.600 → mean 444.800 → 4.448 / 444.800 × 1.000 = 10,0 and 1.009 / 444,8 = 2,27 → 2,3
                (the newest quarter alone, 449.600, would give 9,9)
    Hele landet 97.443 and 15.400; 3.897.720 every quarter → 25,0 and 3,95 → 4,0
    Aarhus      6.491; 324.550 → 20,0      Odense  3.287; 164.350 → 20,0
    Aalborg     3.497; 116.566 → 30,0      Esbjerg 2.277; 75.900 → 30,0      Randers 2.224; 55.600 → 40,0
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from readback import readable
from test_data_changes import EXAMPLE_DATA, PROJECT, Letter, Workspace

from generator.domain.periods import parse_period
from generator.metrics.analyses import population_quarters
from generator.rendering.formatting import format_number
from generator.reply import NotFinalError, generate_reply

QUARTERS = ("2024Q02", "2024Q03", "2024Q04", "2025Q01")
INHABITANTS = {
    "Hele landet": (3897720, 3897720, 3897720, 3897720),
    "København": (440000, 444000, 445600, 449600),
    "Aarhus": (324550,) * 4,
    "Odense": (164350,) * 4,
    "Aalborg": (116566,) * 4,
    "Esbjerg": (75900,) * 4,
    "Randers": (55600,) * 4,
}
FOLK1A_SOURCE = """\
  folk1a:
    navn: Befolkningen 16-66 år pr. kvartal (FOLK1A)
    kilde: Danmarks Statistik
    bemærkning: Indbyggere 16-66 år er summen af aldrene 16-66 år i FOLK1A, beregnet af forvaltningen.
"""
FOLK1A = "folk1a_2025-06-30.csv"
PER_1000 = "Fleksjobansatte pr. 1.000 indbyggere (16-66 år)***"
COMPANION_PER_1000 = "Ledighedsydelsesmodtagere pr. 1.000 indbyggere (16-66 år)***"


def add_folk1a(data: Path, inhabitants: dict[str, tuple[int, ...]] = INHABITANTS, quarters: tuple[str, ...] = QUARTERS, name: str = FOLK1A) -> Path:
    """The FOLK1A extract as the fetch writes it: Jobindsats area names, quarter codes, Danish numbers."""
    lines = ["Område;Periode;Indbyggere 16-66 år"]
    lines += [f"{area};{quarter};{count:,}".replace(",", ".") for area, counts in inhabitants.items() for quarter, count in zip(quarters, counts)]
    (data / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (data / "kilder.yaml").open("a", encoding="utf-8") as sources:
        sources.write(FOLK1A_SOURCE)
    return data / name


@pytest.fixture
def with_folk1a(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path)
    add_folk1a(workspace.data)
    return workspace


def sidecar(letter: Letter) -> dict:
    return json.loads(letter.generated.output.with_suffix(".tal.json").read_text(encoding="utf-8"))


def notes_of(letter: Letter) -> list[str]:
    return [readable(p.text) for p in letter.paragraphs if p.style.name == "Tabelnote"]


def assert_left_out(letter: Letter, why: str) -> None:
    """The comparison table has its five published columns only, and a warning says why."""
    assert len(letter.table(1)[0]) == 5
    assert any(warning.endswith(f"{why}; kolonnerne pr. 1.000 indbyggere er udeladt") for warning in letter.warnings), letter.warnings


def column(rows: list[list[str]], heading: str) -> dict[str, str]:
    index = rows[0].index(heading)
    return {row[0]: row[index] for row in rows[1:]}


# --------------------------------------------------------------------------- the fleksjob letter


def test_the_comparison_table_gets_both_per_1000_columns_computed_from_the_data(with_folk1a):
    table = with_folk1a.generate().table(1)

    assert table[0][-2:] == [PER_1000, COMPANION_PER_1000]
    assert column(table, PER_1000) == {
        "Hele landet": "25,0", "Esbjerg": "30,0", "København": "10,0", "Odense": "20,0",
        "Randers": "40,0", "Aalborg": "30,0", "Aarhus": "20,0",
    }
    assert column(table, COMPANION_PER_1000)["København"] == "2,3"
    assert column(table, COMPANION_PER_1000)["Hele landet"] == "4,0"
    assert table[3][:5] == ["København", "4.448", "1.009", "1,1", "0,3"]  # the published columns are unchanged


def test_the_text_notes_and_source_line_say_what_the_per_1000_figures_are(with_folk1a):
    letter = with_folk1a.generate()

    assert letter.paragraph(2, "I København er 1,1 procent").endswith(
        "Landsgennemsnittet er 3,2 procent. Pr. tusind indbyggere på 16-66 år er der 10,0 fuldtidspersoner "
        "ansat i fleksjob i København mod 25,0 på landsplan."
    )
    assert letter.paragraph(2, "Tabel 1 viser")
    notes = notes_of(letter)
    assert (
        "*** Fuldtidspersoner pr. 1.000 indbyggere på 16-66 år, beregnet af forvaltningen. Indbyggertallet er "
        "gennemsnittet af kvartalstallene fra 2. kvartal 2024 til 1. kvartal 2025." in notes
    )
    assert "Indbyggere 16-66 år er summen af aldrene 16-66 år i FOLK1A, beregnet af forvaltningen." in notes
    sources = [p.text for p in letter.paragraphs if p.style.name == "Kilde"]
    assert sources[0] == "Kilde: Jobindsats.dk 30-06-2025; Danmarks Statistik 30-06-2025"


def test_the_sidecar_lists_every_new_cell_with_both_tables_read(with_folk1a):
    figures = sidecar(with_folk1a.generate())["tal"]
    cells = [f for f in figures if f.get("kolonne") in (PER_1000, COMPANION_PER_1000)]

    assert len(cells) == 14  # seven areas, two columns
    copenhagen = next(f for f in cells if f["række"] == "København" and f["kolonne"] == PER_1000)
    assert copenhagen["tekst"] == "10,0"
    assert copenhagen["værdi"] == pytest.approx(10.0)
    fleksjob, folk1a = copenhagen["kilde"]
    assert (fleksjob["fil"], fleksjob["mål"], fleksjob["perioder"]) == ("y08a02_2025-06-30.csv", ["Antal fuldtidspersoner"], ["2025QMAT01"])
    assert (folk1a["fil"], folk1a["kilde"], folk1a["områder"]) == (FOLK1A, "Danmarks Statistik", ["København"])
    assert (folk1a["mål"], folk1a["perioder"]) == (["Indbyggere 16-66 år"], list(QUARTERS))
    assert copenhagen["beregning"] == "4.448 / 444.800 × 1.000 = 10,0 (indbyggertal: gennemsnit af 4 kvartalstal)"
    companion = next(f for f in cells if f["række"] == "København" and f["kolonne"] == COMPANION_PER_1000)
    assert companion["kilde"][0]["fil"] == "y09a02_2025-06-30.csv"
    assert companion["beregning"] == "1.009 / 444.800 × 1.000 = 2,3 (indbyggertal: gennemsnit af 4 kvartalstal)"


def test_a_changed_population_cell_changes_the_letter(with_folk1a):
    """København's newest quarter 449.600 → 469.600: the mean becomes 449.800, 4.448 / 449,8 = 9,89."""
    with_folk1a.set(FOLK1A, "København", "2025Q01", "Indbyggere 16-66 år", "469.600")

    letter = with_folk1a.generate()

    assert column(letter.table(1), PER_1000)["København"] == "9,9"
    assert "er der 9,9 fuldtidspersoner ansat i fleksjob i København mod 25,0 på landsplan" in letter.answer_text(2)
    assert "10,0" not in letter.answer_text(2)


def test_without_a_folk1a_extract_the_table_is_as_before(tmp_path):
    workspace = Workspace(tmp_path)
    (workspace.data / "kilder.yaml").write_text((EXAMPLE_DATA / "kilder.yaml").read_text(encoding="utf-8") + FOLK1A_SOURCE, encoding="utf-8")

    letter = workspace.generate()  # declared, but no extract

    assert len(letter.table(1)[0]) == 5
    assert "indbyggere" not in letter.answer_text(2)
    assert not [w for w in letter.warnings if "folk1a" in w]


def test_a_folk1a_extract_dated_after_the_cutoff_is_not_used_and_the_caseworker_is_told(tmp_path):
    """The question file reads data as of 30-06-2025 (data.udtræk); a FOLK1A extract of a later date is not used."""
    workspace = Workspace(tmp_path)
    add_folk1a(workspace.data, name="folk1a_2025-07-01.csv")

    assert_left_out(workspace.generate(), "udtrækkene af folk1a er dateret efter 30-06-2025 (data.udtræk)")


def test_a_folk1a_extract_without_every_quarter_leaves_the_columns_out_and_says_why(tmp_path):
    workspace = Workspace(tmp_path)
    add_folk1a(workspace.data, {area: counts[:3] for area, counts in INHABITANTS.items()})

    assert_left_out(workspace.generate(), "folk1a_2025-06-30.csv: perioden '1. kvartal 2025' har ingen række for 'Indbyggere 16-66 år' i udtrækket")


def test_a_missing_population_figure_leaves_the_columns_out_and_says_why(with_folk1a):
    with_folk1a.set(FOLK1A, "Odense", "2024Q03", "Indbyggere 16-66 år", "..")

    assert_left_out(with_folk1a.generate(), "folk1a_2025-06-30.csv: indbyggertallet for Odense i 3. kvartal 2024 mangler")


def test_a_population_of_zero_leaves_the_columns_out_rather_than_dividing_by_it(with_folk1a):
    with_folk1a.set(FOLK1A, "Randers", "2024Q04", "Indbyggere 16-66 år", "0")

    assert_left_out(with_folk1a.generate(), "folk1a_2025-06-30.csv: indbyggertallet for Randers i 4. kvartal 2024 er 0, ikke et antal indbyggere")


# --------------------------------------------------------------------------- which quarters


@pytest.mark.parametrize(
    ("code", "quarters"),
    [
        ("2025QMAT01", ["2024Q2", "2024Q3", "2024Q4", "2025Q1"]),
        ("2026M07", ["2026Q3"]),
        ("2025Q02", ["2025Q2"]),
        ("2024Y01", ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]),
    ],
)
def test_the_population_of_a_period_is_read_for_the_quarters_it_covers(code, quarters):
    assert [f"{q.year}Q{q.index}" for q in population_quarters(parse_period(code))] == quarters


def test_a_monthly_comparison_uses_the_quarter_of_its_month(tmp_path):
    """kontanthjælp is monthly (2026M07): the population is that of 2026Q3 alone."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    areas = ["Hele landet", "København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers"]
    add_folk1a(data, {area: (100000 + 10000 * number,) for number, area in enumerate(areas)}, ("2026Q03",), "folk1a_2026-08-22.csv")
    question = PROJECT / "examples" / "henvendelser" / "kontanthjaelp-2026-09-01.yaml"

    letter = Letter.read(generate_reply(question, tmp_path / "svar.docx", data_dir=data))

    table = next(rows for caption, rows in letter.tables.items() if "i 6-byerne og på landsplan" in caption)
    heading = "Pr. 1.000 indbyggere (16-66 år)**"
    assert table[0][-1] == heading
    full_time = {row[0]: float(row[1].replace(".", "")) for row in table[1:]}
    population = {area: 100000 + 10000 * number for number, area in enumerate(areas)}
    assert column(table, heading) == {area: format_number(full_time[area] / population[area] * 1000, 1) for area in full_time}
    notes = notes_of(letter)
    assert "** Fuldtidspersoner pr. 1.000 indbyggere på 16-66 år, beregnet af forvaltningen. Indbyggertallet er tallet for 3. kvartal 2026." in notes


# --------------------------------------------------------------------------- from `svarbrev data hent`


def test_a_folk1a_extract_fetched_by_data_hent_gives_the_columns(httpserver, tmp_path):
    """End to end: Statbank's answer (the recorded-shape fixture, with 2024K2 and 2024K3 added as
    copies of 2024K4) → `data hent dst:FOLK1A` → the reference letter's table 1. The fixture's
    København has 7.000 + 3 × age inhabitants of each age 16-66 in 2024K4 and one more each in
    2025K1, so the mean of 2024K2-2025K1 is that sum + 51 / 4."""
    from test_fetch import FIXTURES, NOW, TODAY

    from generator.fetch.commands import fetch_data

    info = json.loads((FIXTURES / "statbank_tableinfo_folk1a.json").read_text(encoding="utf-8-sig"))
    times = next(variable for variable in info["variables"] if variable["id"] == "Tid")
    times["values"].insert(0, {"id": "2024K2", "text": "2024K2"})
    answer = (FIXTURES / "statbank_data_folk1a.csv").read_text(encoding="utf-8-sig").splitlines()
    copies = [line.replace(";2024K4;", f";{quarter};") for quarter in ("2024K2", "2024K3") for line in answer if ";2024K4;" in line]
    answer = [answer[0], *copies, *(line for line in answer[1:] if ";2024K3;" not in line)]
    httpserver.expect_request("/v1/tableinfo", method="POST").respond_with_json(info)
    httpserver.expect_request("/v1/data", method="POST").respond_with_data("\ufeff" + "\n".join(answer) + "\n", content_type="text/csv; charset=utf-8")
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)

    (outcome,) = fetch_data(data, ["dst:FOLK1A"], dst_url=httpserver.url_for("/v1"), api_url=httpserver.url_for("/v3"), latest=4, token=None, today=TODAY, now=NOW, service_options={"attempts": 1, "backoff": 0.0, "timeout": 5.0})
    assert outcome.written
    letter = Letter.read(generate_reply(PROJECT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml", tmp_path / "svar.docx", data_dir=data))
    print(letter.warnings, (data / "kilder.yaml").read_text()[-400:], letter.table(1)[0])

    copenhagen = sum(7000 + age * 3 for age in range(16, 67)) + 51 / 4
    assert column(letter.table(1), PER_1000)["København"] == format_number(4448 / copenhagen * 1000, 1)
    assert next(p.text for p in letter.paragraphs if p.style.name == "Kilde") == "Kilde: Jobindsats.dk 30-06-2025; Danmarks Statistik 30-06-2025"


# --------------------------------------------------------------------------- asked for: pr_indbyggere


def asked(workspace: Workspace, question: str, final: bool = False) -> Letter:
    """A question file beside the reference one, asking `question` with automatic mapping."""
    reference = workspace.question.read_text(encoding="utf-8")
    path = workspace.question.with_name("pr-indbyggere.yaml")
    path.write_text(reference[: reference.index("spørgsmål:")] + f"spørgsmål:\n  - tekst: {question}\n", encoding="utf-8")
    return Letter.read(generate_reply(path, workspace.root / "svar.docx", overwrite=True, final=final))


def test_a_question_per_inhabitants_gets_the_per_1000_figure(with_folk1a):
    letter = asked(with_folk1a, "Hvor mange er i fleksjob i København pr. 1.000 indbyggere?")

    assert "Pr. tusind indbyggere på 16-66 år er der 10,0 fuldtidspersoner ansat i fleksjob i København mod 25,0 på landsplan." in letter.answer_text(1)
    assert column(letter.table(1), PER_1000)["København"] == "10,0"


def test_a_question_per_inhabitants_without_every_population_figure_is_missing_data_and_no_final(with_folk1a):
    """Asked for, the per-1.000 figure is the answer: with Odense's quarter missing the comparison is
    not given without it (unasked, the columns are left out and the letter says so, as above)."""
    with_folk1a.set(FOLK1A, "Odense", "2024Q03", "Indbyggere 16-66 år", "..")

    text = asked(with_folk1a, "Hvor mange er i fleksjob i København pr. 1.000 indbyggere?").answer_text(1)

    assert text.startswith("[Data mangler til fleksjob.sammenligning: folk1a_2025-06-30.csv: indbyggertallet for Odense i 3. kvartal 2024 mangler")
    with pytest.raises(NotFinalError):
        asked(with_folk1a, "Hvor mange er i fleksjob i København pr. 1.000 indbyggere?", final=True)
