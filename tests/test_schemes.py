"""Every scheme in the catalogue answers all three analyses from its own extracts.

fleksjob and kontanthjælp use published figures (examples/data); the other schemes use the
synthetic extracts in examples/data/eksempeldata, and their letters must say so in every source line.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest
from questionfiles import asked, write_question_file
from readback import body_items, body_text, tables

from generator.metrics.catalogue import load_catalogue
from generator.reply import generate_reply

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "examples" / "data"
SYNTHETIC = REAL / "eksempeldata"
SCHEMES = list(load_catalogue().schemes.values())


def data_folder(scheme_id: str) -> Path:
    return REAL if scheme_id in ("fleksjob", "kontanthjaelp") else SYNTHETIC


def question_file(folder: Path, scheme_id: str, data: Path) -> Path:
    questions = [
        asked("Hvor mange?", f"{scheme_id}.antal"),
        asked("Sammenlignet med de andre?", f"{scheme_id}.sammenligning"),
        asked("Udviklingen?", f"{scheme_id}.udvikling"),
    ]
    dates = {"date": datetime.date(2026, 9, 1), "letter_date": datetime.date(2026, 9, 2)}
    return write_question_file(folder / f"{scheme_id}.yaml", questions, data=data, subject=scheme_id, **dates)


def newest_copenhagen_persons(data: Path, table: str, selection: dict[str, str]) -> float:
    """Read the figure straight from the CSV, independently of svarbrev's extract reader."""
    newest = sorted(data.glob(f"{table}_*.csv"))[-1]
    frame = pd.read_csv(newest, sep=";", decimal=",", thousands=".", na_values=["..", "-"], dtype={"Periode": str})
    for column, value in selection.items():
        frame = frame[frame[column] == value]
    frame = frame[frame["Område"] == "København"]
    periods = frame["Periode"]
    rolling = periods[periods.str.contains("MAT")]
    newest_period = (rolling if not rolling.empty else periods).max()
    persons = next(column for column in frame.columns if column.startswith("Antal") and "fuldtids" not in column)  # "Antal (ledige) personer"
    return float(frame.loc[frame["Periode"] == newest_period, persons].iloc[0])


@pytest.mark.parametrize("scheme", SCHEMES, ids=[s.id for s in SCHEMES])
def test_all_three_analyses_give_sentences_tables_and_honest_sources(scheme, tmp_path: Path) -> None:
    data = data_folder(scheme.id)
    generated = generate_reply(question_file(tmp_path, scheme.id, data), tmp_path / "svar.docx")
    text = body_text(generated.output)

    assert generated.reply.warnings == []
    persons = newest_copenhagen_persons(data, scheme.table, scheme.selection)
    assert f"var {persons:,.0f}".replace(",", ".") + f" københavnere {scheme.in_text}." in text
    assert "Tabel 1 viser" in text and "Tabel 2 viser" in text

    comparison, development = tables(generated.output)
    assert [row[0] for row in comparison[1:]] == ["Hele landet", "Esbjerg", "København", "Odense", "Randers", "Aalborg", "Aarhus"]
    assert all(cell not in ("", "nan") for row in comparison[1:] for cell in row)
    assert development[0][0] == "År" and 4 <= len(development) - 1 <= 10
    years = [int(row[0]) for row in development[1:]]
    assert years == sorted(years) and len(set(years)) == len(years)

    sources = [item for item in body_items(generated.output) if isinstance(item, str) and item.startswith("Kilde:")]
    if data == SYNTHETIC:
        # Synthetic figures are said under every answer: the count's paragraph has no table, so a line of its own.
        assert sources == ["Kilde: Eksempeldata (ikke officielle tal)"] * 3
    else:
        assert len(sources) == 2
        assert all(source.startswith("Kilde: Jobindsats.dk ") for source in sources)
        assert "Eksempeldata" not in text


def test_monthly_data_are_described_as_months_and_yearly_means_are_marked(tmp_path: Path) -> None:
    """Kontanthjælp comes as months: the text names the month, and a yearly figure computed from
    months says it is not an official yearly figure; the series break is noted under the tables."""
    generated = generate_reply(question_file(tmp_path, "kontanthjaelp", REAL), tmp_path / "svar.docx")
    text = body_text(generated.output)

    assert "I juli 2026 var 8.431 københavnere på kontanthjælp." in text
    assert "* Gennemsnit af årets tolv månedstal, beregnet af forvaltningen; ikke et officielt årstal." in text
    assert text.count("Kontanthjælpsreformen 1. juli 2025 giver et brud i serien.") == 2
    development = tables(generated.output)[1]
    assert [row[0] for row in development[1:]] == ["2022", "2023", "2024", "2025"]
