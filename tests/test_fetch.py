"""`svarbrev data hent` / `data status` over the real HTTP path, against a local server on 127.0.0.1.

Jobindsats is tests/jobindsats_v3.py: a local API v3 that answers in the shapes public evidence shows
(../shared/data/jobindsats-v3.md; a comment per shape names its source) and reads each request as
the service would — periods, hierarchies and measures asked for, 422 for what it cannot answer.
Statbank's FOLK1A answers come from tests/fixtures/api/ (they match the evidence, D1-D5). Nothing
here needs the internet.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import socket
import threading
import time
import tomllib
from pathlib import Path

import httpx
import pytest
from jobindsats_v3 import TOKEN, Jobindsats, table_list
from questionfiles import asked, write_question_file
from readback import body_items, tables
from statbank_v1 import Statbank, inhabitants
from werkzeug import Response

from generator import cli
from generator.caching import clear_caches
from generator.errors import SvarbrevError
from generator.fetch import jobindsats, statbank
from generator.fetch.commands import data_status, fetch_data, parse_periods
from generator.fetch.writer import danish_number
from generator.metrics import csvfile
from generator.metrics.extracts import ExtractStore
from generator.reply import generate_reply

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "api"
EXAMPLE_DATA = ROOT / "examples" / "data"
REFERENCE_QUESTIONS = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
TODAY = datetime.date(2025, 6, 30)
NOW = datetime.datetime(2025, 6, 30, 8, 15, tzinfo=datetime.UTC)
SLEEPS: list[float] = []
FAST = {"attempts": 3, "backoff": 0.5, "timeout": 5.0, "sleep": SLEEPS.append}
TABLES = ("y08a02", "y07a02", "y60a02")
SIX_CITIES = "/,/101/,/751/,/461/,/851/,/561/,/730/"  # Hele landet (the total) and the 6-byer, as the metadata lists them


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def jobindsats_api() -> Jobindsats:
    return Jobindsats()


@pytest.fixture
def statbank_api() -> Statbank:
    return Statbank()


@pytest.fixture
def server(httpserver, jobindsats_api, statbank_api):
    """Both services: Jobindsats v3 as tests/jobindsats_v3.py answers, Statbank v1 as tests/statbank_v1.py does."""
    SLEEPS.clear()
    httpserver.expect_request(re.compile("^/v3/")).respond_with_handler(jobindsats_api)
    httpserver.expect_request(re.compile("^/v1/"), method="POST").respond_with_handler(statbank_api)
    return httpserver


def fetch(server, folder: Path, tables=("y08a02",), **options):
    options.setdefault("token", TOKEN)
    return fetch_data(
        folder, list(tables), api_url=server.url_for("/v3"), dst_url=server.url_for("/v1"), today=TODAY, now=NOW,
        service_options=FAST, **options,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder (hidden ones too) with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()} if folder.exists() else {}


def data_requests(server, table: str) -> list[dict[str, str]]:
    return [dict(request.args) for request, _ in server.log if request.path == f"/v3/data/{table}"]


def question_file(folder: Path, data: Path, call: str) -> Path:
    return write_question_file(
        folder / "spm.yaml", [asked("Hvor mange er på sygedagpenge fordelt på køn?", call)], data=data, recipient="Anna Hansen", subject="Sygedagpenge"
    )


# --------------------------------------------------------------------------- what a fetch writes


def test_fetched_y08a02_is_written_in_todays_layout_with_its_provenance(server, jobindsats_api, tmp_path):
    folder = tmp_path / "data"
    outcomes = fetch(server, folder)

    lines = (folder / "y08a02_2025-06-30.csv").read_text(encoding="utf-8").splitlines()
    # The reference letter's figures (typed from the seed letter into the local server), as extracts have them.
    assert lines[0] == "Område;Periode;Antal personer;Antal fuldtidspersoner;Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"
    assert "Hele landet;2025QMAT01;..;97.443;3,2" in lines and "København;2025QMAT01;5.192;4.448;1,1" in lines
    assert [outcome.line for outcome in outcomes] == ["y08a02: skrev y08a02_2025-06-30.csv (Fleksjob; 7 områder, 1 perioder, 7 rækker)"]

    provenance = json.loads((folder / "y08a02_2025-06-30.kilde.json").read_text(encoding="utf-8"))
    asked = {"format": "json", "period.QMAT": "2025QMAT01", "hierarchy._nykom": SIX_CITIES, "mgroup.*": "*"}
    assert provenance == {
        "tabel": "y08a02",
        "udtræk": "y08a02_2025-06-30.csv",
        "kilde": "Jobindsats.dk",
        "navn": "Fleksjob",
        "url": server.url_for("/v3/data/y08a02"),
        "forespørgsler": [asked],
        "tabelnavn": "Fleksjob",
        "opdateret_senest": "2025-06-20",
        "næste_opdatering": "2025-09-19",
        "sha256": provenance["sha256"],
        "hentet": "2025-06-30T08:15:00+00:00",
    }
    # What the server was asked: the parameters in the provenance, the token only in the header.
    assert data_requests(server, "y08a02") == [asked]
    (request,) = [request for request, _ in server.log if request.path == "/v3/data/y08a02"]
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"

    sources = (folder / "kilder.yaml").read_text(encoding="utf-8")
    assert '  y08a02:\n    navn: "Fleksjob"\n    kilde: "Jobindsats.dk"\n' in sources
    store = ExtractStore(folder)
    assert store.current("y08a02").newest_period().code == "2025QMAT01"
    assert store.table_info("y08a02").source == "Jobindsats.dk"


def test_a_breakdown_is_asked_with_its_total_one_period_type_at_a_time(server, tmp_path):
    folder = tmp_path / "data"
    fetch(server, folder, ["jobindsats:y07a02", "Y60A02"], latest=3)

    # y07a02 has QMAT and Q periods: one request each, never latest:N beyond what the metadata lists.
    assert [r.get("period.QMAT") or r.get("period.Q") for r in data_requests(server, "y07a02")] == ["2024QMAT03,2024QMAT04,2025QMAT01", "2024Q03,2024Q04,2025Q01"]
    assert all(r["hierarchy._kon"] == "*" for r in data_requests(server, "y07a02"))
    lines = (folder / "y07a02_2025-06-30.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Område;Periode;Køn;Antal personer;Antal fuldtidspersoner;Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"
    assert [line.split(";")[2] for line in lines[1:4]] == ["Køn i alt", "Mænd", "Kvinder"]
    sources = (folder / "kilder.yaml").read_text(encoding="utf-8")
    assert 'dimensioner: ["Køn"]' in sources and "total:" not in sources  # "Køn i alt" says it is the total
    store = ExtractStore(folder)
    extract = store.current("y07a02")
    total, men, women = (store.values(extract, "Antal personer", ["København"], ["2025QMAT01"], {"Køn": label})[0].value for label in ("Køn i alt", "Mænd", "Kvinder"))
    # The service's total row, not the sum of the parts (the local server's totals hold a few of unknown sex).
    assert [cell.value for cell in store.values(extract, "Antal personer", ["København"], ["2025QMAT01"])] == [total] and total == men + women + 3
    # A monthly table: the newest three months, and MYTD (not a type extracts use) never asked.
    (monthly,) = data_requests(server, "y60a02")
    assert monthly["period.M"] == "2026M05,2026M06,2026M07" and not any(key == "period.MYTD" for key in monthly)
    assert store.current("y60a02").newest_period().code == "2026M07"


def test_a_request_over_the_cell_limit_is_split_by_periods_into_the_same_extract(server, tmp_path, monkeypatch):
    fetch(server, tmp_path / "whole", ["y07a02"])
    monkeypatch.setitem(jobindsats.config(), "celler_pr_forespørgsel", 100)  # 7 areas × 3 rows × 4: one period a request
    fetch(server, tmp_path / "split", ["y07a02"])
    asked = [r.get("period.QMAT") for r in data_requests(server, "y07a02") if "period.QMAT" in r]
    assert asked == ["2024QMAT03,2024QMAT04,2025QMAT01", "2024QMAT03", "2024QMAT04", "2025QMAT01"]
    assert (tmp_path / "split" / "y07a02_2025-06-30.csv").read_bytes() == (tmp_path / "whole" / "y07a02_2025-06-30.csv").read_bytes()


def test_a_table_listing_four_quarters_is_fetched_without_a_422(server, tmp_path):
    fetch(server, tmp_path, ["y07a02"], latest=12)
    quarterly = [r["period.Q"] for r in data_requests(server, "y07a02") if "period.Q" in r]
    assert quarterly == ["2024Q02,2024Q03,2024Q04,2025Q01"]
    assert (tmp_path / "y07a02_2025-06-30.csv").exists()


def test_a_breakdown_by_sex_on_fetched_figures_has_the_service_s_total(server, tmp_path):
    """Done when of issue 21: Kvinder, Mænd and I alt, the total the service's "Køn i alt" row —
    and a hand-made extract with "Køn i alt" gives the same table."""
    fetched = tmp_path / "fetched"
    fetch(server, fetched, ["y07a02"])
    rows = [line.split(";") for line in (fetched / "y07a02_2025-06-30.csv").read_text(encoding="utf-8").splitlines()]
    published = {row[2]: row[3] for row in rows if row[0] == "København" and row[1] == "2025QMAT01"}

    letter = tmp_path / "svar.docx"
    assert cli.main(["generate", str(question_file(tmp_path, fetched, "{id: sygedagpenge.antal, opdeling: [køn]}")), "-o", str(letter)]) == 0
    (table,) = tables(letter)
    by_label = {row[0]: row[1] for row in table[1:]}
    assert by_label == {"Mænd": published["Mænd"], "Kvinder": published["Kvinder"], "I alt": published["Køn i alt"]}

    hand_made = tmp_path / "hand"
    hand_made.mkdir()
    (hand_made / "kilder.yaml").write_text("tabeller:\n  y07a02:\n    navn: Sygedagpenge\n    kilde: Jobindsats.dk\n    dimensioner: [Køn]\n", encoding="utf-8")
    shutil.copy(fetched / "y07a02_2025-06-30.csv", hand_made / "y07a02_2025-06-30.csv")
    second = tmp_path / "hand.docx"
    assert cli.main(["generate", str(question_file(tmp_path, hand_made, "{id: sygedagpenge.antal, opdeling: [køn]}")), "-o", str(second)]) == 0
    assert tables(second) == tables(letter)


def test_the_scheme_s_own_group_is_asked_for_beside_each_breakdown(server, tmp_path):
    fetch(server, tmp_path, ["ptv_a02"])
    (request,) = data_requests(server, "ptv_a02")
    # Førtidspension and Seniorpension (the catalogue's two schemes in the table), by their ids
    assert request["hierarchy._ygrpa02"] == "/5/,/11/" and request["hierarchy._kon"] == "*"
    lines = (tmp_path / "ptv_a02_2025-06-30.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Område;Periode;Ydelsesgrupper;Køn;Antal personer;")
    assert {line.split(";")[2] for line in lines[1:]} == {"Førtidspension", "Seniorpension"}
    store = ExtractStore(tmp_path)
    figure = store.values(store.current("ptv_a02"), "Antal personer", ["København"], ["2025QMAT01"], {"Ydelsesgrupper": "Førtidspension"})
    assert len(figure) == 1  # the Køn i alt row


def test_the_reference_letter_from_fetched_extracts_has_its_figures(server, tmp_path):
    """Done when of issue 21: every table fetched, then the reference letter has 5.192 / 4.448 / 97.443."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("fleksjobordningen_2025-06-30.csv", "kk_fleksjobansatte_2025-06-30.csv", "kk_fleksjob_maaltal_2025-06-30.csv"):
        shutil.copy(EXAMPLE_DATA / name, folder / name)  # figures that are no Jobindsats table
    kept = (EXAMPLE_DATA / "kilder.yaml").read_text(encoding="utf-8")
    kept = kept[: kept.index("  y08a02:")] + kept[kept.index("  fleksjobordningen:") : kept.index("  y60a02:")]
    (folder / "kilder.yaml").write_text(kept, encoding="utf-8")
    # The library call behind `svarbrev data hent` (the command is a thin shell over it), dated as the letter's data.
    outcomes = fetch(server, folder, ["y08a02", "y09a02", "y60a02", "y07a02", "ptv_a02", "dst:FOLK1A"])
    assert all(outcome.written for outcome in outcomes) and len(outcomes) == 6

    letter = generate_reply(REFERENCE_QUESTIONS, tmp_path / "svar.docx", data_dir=folder)
    text = json.dumps(body_items(letter.output), ensure_ascii=False)
    for figure in ("5.192", "4.448", "97.443", "15.400", "1.009"):
        assert figure in text, figure


def test_a_fetched_extract_is_kept_checked_so_the_first_letter_does_not_check_it_again(server, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    (outcome,) = fetch(server, folder, ["y08a02"])
    extract = next(path for path in outcome.written if path.suffix == ".csv")
    assert (folder / ".svarbrev-cache" / f"{extract.name}.sqlite").is_file()
    assert sorted(path.name for path in (folder / ".svarbrev-cache").iterdir()) == [f"{extract.name}.sqlite"]  # nothing left over

    clear_caches()
    monkeypatch.setattr(csvfile, "read_extract_csv", lambda *args: pytest.fail("the fetched extract was read and checked again"))
    store = ExtractStore(folder)
    current = store.current("y08a02")
    period = current.newest_period().code
    (cell,) = store.values(current, "Antal fuldtidspersoner", ["København"], [period])
    monkeypatch.undo()

    published = current.frame  # read from the CSV now: the kept cells are the file's figures
    assert cell.value == published[(published.area == "København") & (published.period == period) & (published.measure == "Antal fuldtidspersoner")]["value"].item()


def test_fetched_awards_answer_the_year_as_the_sum_of_its_quarters(server, jobindsats_api, tmp_path):
    """Issue 24's flow: y10f02 is fetched in its own period type and measure, and a letter reads it."""
    (outcome,) = fetch(server, tmp_path, ["y10f02"])
    assert outcome.written
    requests = data_requests(server, "y10f02")
    assert requests and all(set(r) & {"period.Q"} and not set(r) & {"period.QMAT", "period.M"} for r in requests)  # the type it has
    lines = (tmp_path / "y10f02_2025-06-30.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split(";")[-1] == "Antal tilkendelser" and "Hoveddiagnose" not in lines[0]  # the total over diagnoses
    from jobindsats_v3 import TABLES, cell

    quarters = [cell(TABLES["y10f02"], "København", f"2024Q0{q}", (None,))[0] for q in range(1, 5)]
    path = write_question_file(tmp_path / "spm.yaml", [asked("Hvor mange fik tilkendt førtidspension i København i 2024?")], data=tmp_path)
    text = json.dumps(body_items(generate_reply(path, tmp_path / "svar.docx").output), ensure_ascii=False)
    assert f"I 2024 fik {danish_number(sum(quarters))} borgere i København tilkendt førtidspension." in text


def test_every_area_with_alle_kommuner(server, tmp_path):
    fetch(server, tmp_path, ["y08a02", "dst:FOLK1A"], all_municipalities=True)
    requests = data_requests(server, "y08a02")
    assert [(r.get("hierarchy._nykom"), r.get("hierarchy._region")) for r in requests] == [("*", None), (None, "*")]
    lines = (tmp_path / "y08a02_2025-06-30.csv").read_text(encoding="utf-8").splitlines()
    areas = [line.split(";")[0] for line in lines[1:]]
    assert "Høje-Taastrup" in areas and "Region Sjælland" in areas and areas.count("Hele landet") == 1
    assert "Uoplyst område" not in areas  # no area of the data; said in the provenance
    provenance = json.loads((tmp_path / "y08a02_2025-06-30.kilde.json").read_text(encoding="utf-8"))
    assert provenance["udeladt"] == ["Uoplyst område"]
    (posted,) = [json.loads(request.data) for request, _ in server.log if request.path == "/v1/data"]
    # Every area Jobindsats names (Christiansø is no Jobindsats area and is not asked for).
    assert posted["variables"][0]["values"] == ["000", "084", "101", "147", "751", "461", "851", "561", "730"]


def test_a_sporadic_403_is_tried_again_and_a_lasting_one_is_its_own_message(server, jobindsats_api, tmp_path):
    jobindsats_api.forbidden = 1
    (outcome,) = fetch(server, tmp_path / "once")
    assert outcome.written and len(data_requests(server, "y08a02")) == 2

    jobindsats_api.forbidden = 10
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path / "always")
    assert refusal.value.one_line() == (
        "Jobindsats nægtede adgang (HTTP 403) – prøv igen om lidt; fortsætter det, så kontakt STAR; opgav data for y08a02 efter 3 forsøg"
    )
    assert not (tmp_path / "always").exists()


def test_a_total_the_label_does_not_give_away_is_declared_in_kilder_yaml(server, tmp_path, monkeypatch):
    import dataclasses

    import jobindsats_v3

    # [?] a total labelled neither "I alt" nor "… i alt": the one label the metadata does not list as a value.
    monkeypatch.setattr(jobindsats_v3.TABLES["y07a02"], "dimensions", (dataclasses.replace(jobindsats_v3.SEX, total="Begge køn"),))
    fetch(server, tmp_path, ["y07a02"])
    assert '    total: {"Køn": "Begge køn"}\n' in (tmp_path / "kilder.yaml").read_text(encoding="utf-8")
    store = ExtractStore(tmp_path)
    extract = store.current("y07a02")
    assert extract.total_label("Køn") == "Begge køn" and store.summed_dimensions(extract, "Antal personer") == ()


def test_every_answer_is_kept_as_it_came_and_can_be_served_again(server, tmp_path, monkeypatch, capsys):
    """`--gem-svar`: the first run with a real key gives fixtures; served again, they give the same extracts."""
    recorded = tmp_path / "svar"
    monkeypatch.setenv("JOBINDSATS_TOKEN", TOKEN)
    first = tmp_path / "first"
    arguments = ["data", "hent", "y07a02", "dst:FOLK1A", "--api-url", server.url_for("/v3"), "--dst-url", server.url_for("/v1")]
    assert cli.main([*arguments, "--til", str(first), "--gem-svar", str(recorded)]) == 0
    files = sorted(recorded.iterdir())
    assert [path.name for path in files][:3] == ["001-jobindsats-3-tables.json", "002-jobindsats-3-table-y07a02.json", "003-jobindsats-3-data-y07a02.json"]
    for path in files:
        assert TOKEN not in path.read_text(encoding="utf-8"), path.name
    # A second recording into the same folder is refused before anything is asked.
    asked = len(server.log)
    assert cli.main([*arguments, "--til", str(tmp_path / "other"), "--gem-svar", str(recorded)]) == 1
    assert "findes allerede og er ikke en tom mappe" in capsys.readouterr().err and len(server.log) == asked

    answers = {}
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        key = (record["metode"], record["url"].split("/", 3)[3], tuple(sorted(map(tuple, record["parametre"] or []))), json.dumps(record["sendt"], sort_keys=True))
        answers[key] = record

    def replay(request):
        path = request.path.lstrip("/")
        sent = json.dumps(json.loads(request.data) if request.data else None, sort_keys=True)
        record = answers[(request.method, path, tuple(sorted(request.args.items(multi=True))), sent)]
        headers = {name.lower(): value for name, value in record["overskrifter"].items()}
        return Response(record["svar"], record["status"], content_type=headers["content-type"])

    server.clear()
    server.expect_request(re.compile(".*")).respond_with_handler(replay)
    second = tmp_path / "second"
    assert cli.main([*arguments, "--til", str(second)]) == 0
    assert {p.name: p.read_bytes() for p in second.glob("*.csv")} == {p.name: p.read_bytes() for p in first.glob("*.csv")}


def test_no_token_anywhere_on_disk_or_in_what_is_printed(server, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data"
    monkeypatch.setenv("JOBINDSATS_TOKEN", TOKEN)
    code = cli.main(["data", "hent", *TABLES, "dst:FOLK1A", "--til", str(folder), "--api-url", server.url_for("/v3"), "--dst-url", server.url_for("/v1")])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert len(printed.out.splitlines()) == 4
    names = sorted(path.name for path in folder.iterdir())
    today = datetime.date.today().isoformat()
    assert names == sorted([".svarbrev-cache", "kilder.yaml", *(f"{t}_{today}.{kind}" for t in (*TABLES, "folk1a") for kind in ("csv", "kilde.json"))])
    for path in folder.rglob("*"):  # the checked cells kept in .svarbrev-cache/ too
        assert path.is_dir() or TOKEN.encode() not in path.read_bytes(), path.name
    assert TOKEN not in printed.out + printed.err


def test_a_refetch_of_the_same_figures_writes_nothing_and_says_so(server, tmp_path):
    folder = tmp_path / "data"
    fetch(server, folder, ["y08a02", "dst:FOLK1A"])
    before = snapshot(folder)
    again = fetch_data(
        folder, ["y08a02", "dst:FOLK1A"], token=TOKEN, api_url=server.url_for("/v3"), dst_url=server.url_for("/v1"),
        today=TODAY + datetime.timedelta(days=30), service_options=FAST,
    )
    assert snapshot(folder) == before
    assert [outcome.written for outcome in again] == [(), ()]
    assert again[0].line.startswith("y08a02: uændret siden y08a02_2025-06-30.csv (")
    assert again[0].line.endswith("; intet skrevet")


def test_a_new_entry_is_appended_to_kilder_yaml_keeping_every_comment_and_entry(server, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, folder)
    original = (folder / "kilder.yaml").read_text(encoding="utf-8")
    fetch(server, folder, ["y07a02"])
    updated = (folder / "kilder.yaml").read_text(encoding="utf-8")
    assert updated.startswith(original)
    assert updated[len(original):] == '  y07a02:\n    navn: "Sygedagpenge"\n    kilde: "Jobindsats.dk"\n    dimensioner: ["Køn"]\n'
    store = ExtractStore(folder)
    assert store.table_info("y08a02").derived_cells  # still there


# --------------------------------------------------------------------------- refusals


def run_cli(server, folder: Path, *tables: str, monkeypatch, token: str | None = TOKEN) -> tuple[int, str, str]:
    if token is None:
        monkeypatch.delenv("JOBINDSATS_TOKEN", raising=False)
    else:
        monkeypatch.setenv("JOBINDSATS_TOKEN", token)
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["data", "hent", *tables, "--til", str(folder), "--api-url", server.url_for("/v3"), "--dst-url", server.url_for("/v1")])
    return code, out.getvalue(), err.getvalue()


def assert_one_line_refusal(code: int, err: str, *parts: str) -> None:
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("fejl: "), err
    assert "Traceback" not in err
    for part in parts:
        assert part in err, err


def test_a_missing_token_is_refused_for_jobindsats_tables(server, tmp_path, monkeypatch):
    code, _, err = run_cli(server, tmp_path / "data", "y08a02", monkeypatch=monkeypatch, token=None)
    assert_one_line_refusal(code, err, "JOBINDSATS_TOKEN er ikke sat")
    assert not (tmp_path / "data").exists()
    assert server.log == []


def test_a_rejected_key_is_one_danish_line(httpserver, tmp_path, monkeypatch):
    httpserver.expect_request("/v3/tables").respond_with_json({"code": 401, "cause": "Unauthorized", "request_id": "r1"}, status=401)
    code, _, err = run_cli(httpserver, tmp_path / "data", "y08a02", monkeypatch=monkeypatch, token="forkert-nøgle".encode("ascii", "replace").decode())
    assert_one_line_refusal(code, err, "Jobindsats afviste nøglen", "HTTP 401", "JOBINDSATS_TOKEN")
    assert not (tmp_path / "data").exists()


def test_a_422_quotes_the_cause(server, tmp_path, monkeypatch):
    server.expect_oneshot_request("/v3/data/y08a02").respond_with_json({"code": 422, "cause": "Unknown period type: M", "request_id": "abc"}, status=422)
    code, _, err = run_cli(server, tmp_path / "data", "y08a02", monkeypatch=monkeypatch)
    assert_one_line_refusal(code, err, "Jobindsats afviste forespørgslen på data for y08a02 (HTTP 422): Unknown period type: M")
    assert len(data_requests(server, "y08a02")) == 1  # a 422 is not retried


def test_a_server_error_is_retried_with_backoff_and_then_succeeds(server, tmp_path):
    server.expect_oneshot_request("/v3/data/y08a02").respond_with_json({"code": 500, "cause": "Internal error"}, status=500)
    server.expect_oneshot_request("/v3/data/y08a02").respond_with_data("", status=429, headers={"Retry-After": "2"})
    (outcome,) = fetch(server, tmp_path)
    assert outcome.written
    assert len(data_requests(server, "y08a02")) == 3
    assert SLEEPS == [0.5, 2.0]  # backoff, then what Retry-After asked


def test_a_server_error_that_persists_gives_up_and_writes_nothing(httpserver, tmp_path):
    httpserver.expect_request("/v3/data/y08a02").respond_with_json({"code": 503, "cause": "Service Unavailable"}, status=503)
    httpserver.expect_request(re.compile("^/v3/")).respond_with_handler(Jobindsats())
    with pytest.raises(SvarbrevError) as refusal:
        fetch(httpserver, tmp_path / "data")
    assert refusal.value.one_line() == (
        "Jobindsats svarede med en fejl (HTTP 503: Service Unavailable); opgav data for y08a02 efter 3 forsøg"
    )
    assert not (tmp_path / "data").exists()


def test_a_timeout_is_one_danish_line(httpserver, tmp_path):
    given_up = threading.Event()

    def slow(request):
        given_up.wait(10)  # no answer before the client has given up on both tries
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/v3/tables").respond_with_handler(slow)
    try:
        with pytest.raises(SvarbrevError) as refusal:
            fetch_data(tmp_path, ["y08a02"], token=TOKEN, api_url=httpserver.url_for("/v3"), service_options={**FAST, "timeout": 0.2, "attempts": 2})
    finally:
        given_up.set()
    # The test server answers one request at a time, in the order they came: the abandoned second try
    # is taken up only now. A request of our own, answered after it, keeps it from being answered by
    # the next test's handlers (under pytest-xdist that may be a one-shot /v3/tables, which it used up).
    httpserver.expect_request("/efter-timeout").respond_with_data("")
    assert httpx.get(httpserver.url_for("/efter-timeout"), timeout=10).status_code == 200
    assert refusal.value.one_line() == "Jobindsats svarede ikke inden for 0,2 sekunder; opgav tabellisten efter 2 forsøg"


def test_an_unreachable_service_is_one_danish_line(tmp_path):
    with socket.socket() as probe:  # a port on 127.0.0.1 that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SvarbrevError) as refusal:
        fetch_data(tmp_path, ["dst:FOLK1A"], dst_url=f"http://127.0.0.1:{port}/v1", service_options=FAST)
    message = refusal.value.one_line()
    assert message.startswith(f"kunne ikke få forbindelse til Danmarks Statistik (http://127.0.0.1:{port}/v1)")
    assert message.endswith("opgav tabelinformation for FOLK1A efter 3 forsøg")


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("/v3/data/y08a02", b"<html>Bad gateway</html>", "Jobindsats sendte et svar på data for y08a02, der ikke er gyldig JSON"),
        ("/v3/data/y08a02", b'{"columns": ["Periode", "Omr\xc3\xa5de"]}', "der ikke har den ventede form: mangler 'columns' og 'rows'"),
        ("/v3/data/y08a02", json.dumps({"columns": ["Periode", "Område", "Antal personer"], "rows": [["2025K1", "København", 5]]}).encode(), "række 1 har perioden '2025K1', som ikke blev spurgt om"),
        ("/v3/data/y08a02", json.dumps({"columns": ["Periode", "Område", "Antal personer"], "rows": [["2025QMAT01", "København", "5.192"]]}).encode(), "række 1 har et måltal, der ikke er et tal"),
        ("/v3/data/y08a02", json.dumps({"columns": ["Periode", "Område", "Antal personer"], "rows": [["2025QMAT01", "København"]]}).encode(), "en række har ikke 3 felter"),
        ("/v3/data/y08a02", json.dumps({"columns": ["Område", "Antal personer"], "rows": []}).encode(), "kolonnerne begynder ikke med Periode og Område"),
        ("/v3/tables", b"[]", "Jobindsats sendte et svar på tabellisten, der ikke har den ventede form: ingen tabeller"),
        # The shapes svarbrev once assumed, which the evidence contradicts, are refused with what came.
        ("/v3/table/y08a02", b'{"periods": {"QMAT": ["2025QMAT01"]}, "dimensions": []}', "'periods' skal være en liste af objekter med periodtype_id og values"),
        ("/v3/table/y08a02", b'{"periods": [{"period_type": "QMAT", "periods": ["2025QMAT01"]}], "dimensions": []}', "en periodetype uden periodtype_id og values"),
        ("/v3/table/y08a02", b'{"periods": [{"periodtype_id": "MYTD", "values": [{"period_id": "2025M04"}]}], "dimensions": []}', "ingen perioder af typerne QMAT, Q, M, Y"),
        (
            "/v3/table/y08a02",
            json.dumps({"periods": [{"periodtype_id": "QMAT", "values": [{"period_id": "2025QMAT01"}]}], "dimensions": [{"dimension_name": "Område", "hierarchies": []}]}).encode(),
            "en dimension uden dimension_id og hierarchies",
        ),
        (
            "/v3/table/y08a02",
            json.dumps({"periods": [{"periodtype_id": "QMAT", "values": [{"period_id": "2025QMAT01"}]}], "dimensions": [{"dimension_id": "_kon", "hierarchies": []}]}).encode(),
            "ingen områdedimension _omrade med hierarkier (dimensionerne: _kon)",
        ),
    ],
)
def test_a_malformed_jobindsats_answer_is_refused_and_nothing_is_written(server, tmp_path, path, body, expected):
    server.expect_oneshot_request(path).respond_with_data(body, content_type="application/json")
    folder = tmp_path / "data"
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, folder)
    assert expected in refusal.value.one_line()
    assert not folder.exists()


@pytest.mark.parametrize(
    ("path", "status", "body", "expected"),
    [
        ("/v1/data", 200, "OMRÅDE;ALDER;TID;INDHOLD\nKøbenhavn;16 år;2025K1;12x4\n", "linje 2 har tallet '12x4'"),
        ("/v1/data", 200, "<html>vedligeholdelse</html>", "kolonnerne OMRÅDE, ALDER, TID og INDHOLD mangler"),
        ("/v1/data", 200, "OMRÅDE;ALDER;TID;INDHOLD\nKøbenhavn;16 år;2025K1;12\n", "København 2025Q01 har ikke alle aldre 16-66"),
        ("/v1/tableinfo", 200, "not json", "Danmarks Statistik sendte et svar på tabelinformation for FOLK1A, der ikke er gyldig JSON"),
        ("/v1/data", 400, json.dumps({"errorTypeCode": "EXTRACT-NOTFOUND", "message": "Der blev ikke fundet nogen data"}),
         "Danmarks Statistik afviste forespørgslen på data for FOLK1A (HTTP 400): Der blev ikke fundet nogen data"),
    ],
)
def test_a_malformed_or_refused_statbank_answer_is_one_line(server, tmp_path, path, status, body, expected):
    server.expect_oneshot_request(path, method="POST").respond_with_data(body, status=status)
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path / "data", ["dst:FOLK1A"])
    assert expected in refusal.value.one_line()
    assert not (tmp_path / "data").exists()


def test_suppressed_ages_make_the_sum_missing(server, tmp_path):
    text = fixture("statbank_data_folk1a.csv").decode("utf-8-sig").replace("Randers;I alt;40 år;I alt;2025K1;2621", "Randers;I alt;40 år;I alt;2025K1;..")
    server.expect_oneshot_request("/v1/data", method="POST").respond_with_data(text)
    fetch(server, tmp_path, ["dst:FOLK1A"])
    lines = (tmp_path / "folk1a_2025-06-30.csv").read_text(encoding="utf-8").splitlines()
    assert "Randers;2025Q01;.." in lines
    assert any(line.startswith("Randers;2024Q04;") and not line.endswith("..") for line in lines)


# --------------------------------------------------------------------------- all or nothing


def test_one_failing_table_leaves_the_folder_as_it_was(server, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, folder)
    before = snapshot(folder)
    server.expect_request("/v1/data", method="POST").respond_with_data("garbage", status=200)
    server.expect_oneshot_request("/v1/data", method="POST").respond_with_data("garbage", status=200)
    with pytest.raises(SvarbrevError):
        fetch(server, folder, ["y07a02", "y60a02", "dst:FOLK1A"])
    assert snapshot(folder) == before


def test_an_interrupted_write_leaves_the_folder_as_it_was(server, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, folder)
    before = snapshot(folder)

    def interrupted(*args, **kwargs):  # the moment kilder.yaml would be swapped in: the extracts are in place
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.fetch.writer.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fetch(server, folder, ["y07a02", "y60a02"])
    assert snapshot(folder) == before  # no extract, no .kilde.json, no temporary file


def test_an_interrupted_download_leaves_the_folder_as_it_was(server, tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, folder)
    before = snapshot(folder)
    real = statbank.fetch_folk1a

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(statbank, "fetch_folk1a", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fetch(server, folder, ["y07a02", "dst:FOLK1A"])
    assert snapshot(folder) == before
    monkeypatch.setattr(statbank, "fetch_folk1a", real)


def test_an_extract_of_today_with_other_figures_is_not_replaced(server, tmp_path):
    (tmp_path / "y08a02_2025-06-30.csv").write_text("Område;Periode;Antal personer\nKøbenhavn;2025QMAT01;1\n", encoding="utf-8")
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path)
    assert "findes allerede med andre tal" in refusal.value.one_line()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["y08a02_2025-06-30.csv"]


# --------------------------------------------------------------------------- status


def test_status_tells_the_newest_extract_and_whether_the_service_has_newer_figures(server, tmp_path):
    folder = tmp_path / "data"
    fetch(server, folder, ["y08a02", "y60a02", "dst:FOLK1A"])
    lines, problem = data_status(folder, token=TOKEN, api_url=server.url_for("/v3"), dst_url=server.url_for("/v1"), service_options=FAST)
    assert problem is None
    by_table = {line.table: line for line in lines}
    assert (by_table["y08a02"].extract, by_table["y08a02"].newest_period) == ("y08a02_2025-06-30.csv", "2025QMAT01")
    assert by_table["y08a02"].newer == "nej (senest opdateret 20-06-2025)"
    assert by_table["y60a02"].newer == "nej (senest opdateret 20-06-2025)"  # recorded in its .kilde.json, not the extract date (2025-06-30)
    assert by_table["folk1a"].newest_period == "2025Q01"

    listing = table_list()
    listing[0]["table_groups"][0]["tables"][0]["update_latest"] = "2025-09-19"
    server.clear()
    server.expect_request("/v3/tables").respond_with_json(listing)
    server.expect_request("/v1/tableinfo", method="POST").respond_with_json({"id": "FOLK1A", "updated": "2025-08-11T08:00:00"})
    lines, problem = data_status(folder, token=TOKEN, api_url=server.url_for("/v3"), dst_url=server.url_for("/v1"), service_options=FAST)
    by_table = {line.table: line for line in lines}
    assert by_table["y08a02"].newer == "ja (opdateret 19-09-2025)"
    assert by_table["folk1a"].newer == "ja (opdateret 11-08-2025)"


def test_status_without_a_token_still_lists_the_extracts(server, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, folder)
    monkeypatch.delenv("JOBINDSATS_TOKEN", raising=False)
    code = cli.main(["data", "status", "--data", str(folder), "--api-url", server.url_for("/v3"), "--dst-url", server.url_for("/v1")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].split() == ["tabel", "nyeste", "udtræk", "nyeste", "periode", "nyere", "tal", "hos", "kilden"]
    row = next(line for line in out.splitlines() if line.startswith("y08a02 "))
    assert row.split()[:3] == ["y08a02", "y08a02_2025-06-30.csv", "2025QMAT01"]
    assert "ukendt (JOBINDSATS_TOKEN er ikke sat)" in row
    assert server.log == []


def test_status_says_when_the_service_cannot_be_asked(httpserver, tmp_path, capsys):
    shutil.copytree(EXAMPLE_DATA, tmp_path / "data")
    httpserver.expect_request("/v3/tables").respond_with_json({"code": 401, "cause": "Unauthorized"}, status=401)
    os.environ["JOBINDSATS_TOKEN"] = "forkert"
    try:
        code = cli.main(["data", "status", "--data", str(tmp_path / "data"), "--api-url", httpserver.url_for("/v3")])
    finally:
        del os.environ["JOBINDSATS_TOKEN"]
    printed = capsys.readouterr()
    assert code == 1
    assert printed.err.startswith("fejl: Jobindsats afviste nøglen")
    assert "ukendt (Jobindsats kunne ikke spørges)" in printed.out


# --------------------------------------------------------------------------- small parts


def test_danish_numbers():
    assert [danish_number(v) for v in (0, 7, 1234, 97443, 1234567, -305, 0.6, 3.0, 1234.5, 17569.6, None)] == [
        "0", "7", "1.234", "97.443", "1.234.567", "-305", "0,6", "3,0", "1.234,5", "17.569,6", "..",
    ]


def test_periods_option():
    assert parse_periods("latest:4") == 4
    for wrong in ("4", "latest:0", "latest:x", "sidste:4"):
        with pytest.raises(SvarbrevError):
            parse_periods(wrong)


def test_the_cli_defaults_are_the_real_services_and_httpx_is_a_dependency():
    assert (cli.JOBINDSATS_URL, cli.STATBANK_URL) == (jobindsats.DEFAULT_URL, statbank.DEFAULT_URL)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dependency.startswith("httpx") for dependency in project["dependencies"])
    assert any(dependency.startswith("pytest-httpserver") for dependency in project["optional-dependencies"]["test"])


@pytest.mark.parametrize("token", ["  ", "nøgle-med-æ", "to dele"])
def test_a_token_that_cannot_be_a_key_is_refused_without_quoting_it(server, tmp_path, token):
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path, token=token)
    assert "JOBINDSATS_TOKEN indeholder mellemrum eller tegn" in refusal.value.one_line()
    assert token.strip() not in refusal.value.one_line() or not token.strip()
    assert server.log == []


def test_a_kilder_yaml_in_flow_style_is_refused_not_broken(server, tmp_path):
    (tmp_path / "kilder.yaml").write_text("tabeller: {y09a02: {navn: Ledighedsydelse, kilde: Jobindsats.dk}}\n", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path)
    assert "'tabeller' skal være skrevet som en blok" in refusal.value.one_line()
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("url", ["api.jobindsats.dk/v3", "ftp://api.jobindsats.dk", "http://", "http://[::1"])
def test_an_address_that_is_no_web_address_is_refused_at_once(tmp_path, url):
    SLEEPS.clear()
    with pytest.raises(SvarbrevError) as refusal:
        fetch_data(tmp_path, ["y08a02"], token=TOKEN, api_url=url, service_options=FAST)
    assert refusal.value.one_line().startswith("adressen til Jobindsats skal begynde med https:// eller http://")
    assert SLEEPS == []


def test_a_disk_error_while_writing_is_one_line_and_takes_back_what_was_written(server, tmp_path, monkeypatch):
    import errno

    folder = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, folder)
    before = snapshot(folder)
    real_link = os.link
    calls = []

    def full_disk(source, target, *args, **kwargs):
        calls.append(target)
        if len(calls) == 3:  # the second table's extract: the first table's files are already in place
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_link(source, target, *args, **kwargs)

    monkeypatch.setattr("generator.fetch.writer.os.link", full_disk)
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, folder, ["y07a02", "y60a02"])
    assert refusal.value.one_line() == f"{folder / 'y60a02_2025-06-30.csv'}: kunne ikke skrive filen: No space left on device; intet er skrevet"
    assert snapshot(folder) == before


def test_an_entry_whose_dimensions_differ_from_what_is_sent_is_refused(server, tmp_path):
    (tmp_path / "kilder.yaml").write_text("tabeller:\n  y07a02:\n    navn: Sygedagpenge\n    kilde: Jobindsats.dk\n", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path, ["y07a02"])
    assert "er beskrevet med dimensionerne [], men Jobindsats.dk sender [Køn]; ret 'dimensioner' i posten" in refusal.value.one_line()
    assert snapshot(tmp_path) == before


def test_without_tables_every_catalogue_table_jobindsats_has_and_the_populations_are_fetched(server, tmp_path):
    outcomes = fetch(server, tmp_path, [])
    written = sorted(outcome.table for outcome in outcomes if outcome.written)
    assert written == ["folk1a", "folk1e", "ptv_a02", "y07a02", "y08a02", "y09a02", "y10f02", "y60a02"]
    skipped = [outcome.line for outcome in outcomes if not outcome.written]
    assert "y01a02: ikke en Jobindsats-tabel; sprunget over" in skipped  # not in this server's table list
    assert "kk_fleksjobansatte: ikke en Jobindsats-tabel; sprunget over" in skipped
    assert not any(request.path.startswith("/v3/table/y01a02") for request, _ in server.log)


def test_a_broken_compressed_answer_is_one_line(server, tmp_path):
    server.expect_oneshot_request("/v3/data/y08a02").respond_with_data(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path)
    assert refusal.value.one_line() == "Jobindsats sendte et svar på data for y08a02, der ikke kan pakkes ud (ødelagt komprimering)"
    assert sorted(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- hostile services (issue 22)


def test_a_service_s_own_words_lose_control_characters_and_never_show_the_key(server, tmp_path, capsys, monkeypatch):
    cause = f"bad request: Authorization: Bearer {TOKEN} \x1b[2J\x1b]0;owned\x07 \u202egnp.exe"
    server.expect_oneshot_request("/v3/data/y08a02").respond_with_json({"code": 422, "cause": cause, "request_id": "x"}, status=422)
    code, _, err = run_cli(server, tmp_path / "data", "y08a02", monkeypatch=monkeypatch)
    assert code == 1 and TOKEN not in err and "\x1b" not in err and "\u202e" not in err and "\x07" not in err
    assert "bad request: Authorization: *** [2J]0;owned gnp.exe" in err


def test_an_answer_nested_too_deep_is_one_line(server, tmp_path):
    server.expect_oneshot_request("/v3/data/y08a02").respond_with_data("[" * 200_000 + "]" * 200_000, content_type="application/json")
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path / "data")
    assert refusal.value.one_line() == "Jobindsats sendte et svar på data for y08a02, der er indlejret for dybt til at kunne læses"


def test_a_server_that_drips_its_answer_is_given_up_on(httpserver, tmp_path):
    def drip(request):
        def body():
            for _ in range(20):
                time.sleep(0.05)
                yield b" "
        return Response(body(), content_type="application/json")

    httpserver.expect_request("/v3/tables").respond_with_handler(drip)
    started = time.monotonic()
    with pytest.raises(SvarbrevError) as refusal:
        fetch_data(tmp_path, ["y08a02"], token=TOKEN, api_url=httpserver.url_for("/v3"), service_options={**FAST, "deadline": 0.2, "attempts": 2})
    assert refusal.value.one_line() == "Jobindsats sendte ikke hele svaret på tabellisten inden for 0,2 sekunder; opgav tabellisten efter 2 forsøg"
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ((-5, 4.0, 1.0), "negativt antal '-5' i kolonnen 'Antal personer'"),
        ((5, 4.0, 250.5), "andelen '250,5' i kolonnen 'Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år' ligger uden for 0-100 procent"),
        ((10**40, 4.0, 1.0), "er urimeligt stort"),
    ],
)
def test_figures_generate_would_refuse_are_refused_before_anything_is_written(server, tmp_path, monkeypatch, figures, expected):
    import jobindsats_v3

    table = jobindsats_v3.TABLES["y08a02"]
    monkeypatch.setitem(table.figures, ("København", "2025QMAT01"), figures)
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path / "data")
    assert refusal.value.one_line().startswith("Jobindsats.dk sendte tal for y08a02, som svarbrev ikke kan bruge, linje 3: ")
    assert expected in refusal.value.one_line() and refusal.value.one_line().endswith("; intet er skrevet")
    assert not (tmp_path / "data").exists()


# --------------------------------------------------------------------------- FOLK1E: a group's own population


def test_folk1e_is_written_one_group_a_row_with_the_ages_16_66_summed(server, statbank_api, tmp_path):
    folder = tmp_path / "data"
    (outcome,) = fetch(server, folder, ["dst:FOLK1E"])
    lines = (folder / "folk1e_2025-06-30.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Område;Periode;Køn;Alder;Herkomst;Indbyggere 16-66 år"

    def summed(sex: str, origin: str, ages: range = range(16, 67), area: str = "101") -> str:
        return danish_number(sum(inhabitants(area, sex, age, origin, "2025K1") for age in ages))

    rows = [line for line in lines if line.startswith("København;2025Q01;")]
    assert rows == [
        f"København;2025Q01;I alt;I alt;I alt;{summed('TOT', 'TOT')}",
        f"København;2025Q01;Mænd;I alt;I alt;{summed('1', 'TOT')}",
        f"København;2025Q01;Kvinder;I alt;I alt;{summed('2', 'TOT')}",
        f"København;2025Q01;I alt;16-24 år;I alt;{summed('TOT', 'TOT', range(16, 25))}",
        f"København;2025Q01;I alt;25-29 år;I alt;{summed('TOT', 'TOT', range(25, 30))}",
        f"København;2025Q01;I alt;30-39 år;I alt;{summed('TOT', 'TOT', range(30, 40))}",
        f"København;2025Q01;I alt;40-49 år;I alt;{summed('TOT', 'TOT', range(40, 50))}",
        f"København;2025Q01;I alt;50-59 år;I alt;{summed('TOT', 'TOT', range(50, 60))}",
        f"København;2025Q01;I alt;60 år og derover;I alt;{summed('TOT', 'TOT', range(60, 67))}",
        f"København;2025Q01;I alt;I alt;Personer med dansk oprindelse;{summed('TOT', 'D1')}",
        f"København;2025Q01;I alt;I alt;Indvandrere fra vestlige lande;{summed('TOT', 'IV')}",
        f"København;2025Q01;I alt;I alt;Indvandrere fra ikke-vestlige lande;{summed('TOT', 'IIV')}",
        f"København;2025Q01;I alt;I alt;Efterkommere fra vestlige lande;{summed('TOT', 'EV')}",
        f"København;2025Q01;I alt;I alt;Efterkommere fra ikke-vestlige lande;{summed('TOT', 'EIV')}",
    ]
    assert outcome.line.startswith("folk1e: skrev folk1e_2025-06-30.csv")
    # The groups were asked for by the codes the service listed under their labels, never by assumed codes.
    data = [request for request in statbank_api.requests if request["path"].endswith("/data")]
    asked = {variable["code"]: variable["values"] for variable in data[0]["variables"]}
    assert sorted(asked["HERKOMST"]) == sorted(["TOT", "D1", "IV", "IIV", "EV", "EIV"]) and asked["KØN"] == ["TOT"]
    assert asked["ALDER"] == [str(age) for age in range(16, 67)]
    sources = (folder / "kilder.yaml").read_text(encoding="utf-8")
    assert '    dimensioner: ["Køn", "Alder", "Herkomst"]' in sources and '"60 år og derover\\" er 60-66 år' in sources
    # A letter reads it: the fetched extract passes every check an extract meets.
    store = ExtractStore(folder)
    assert store.current("folk1e").dimensions == ("Køn", "Alder", "Herkomst")


def test_a_folk1e_request_over_the_cell_limit_is_split_by_quarters(server, statbank_api, tmp_path, monkeypatch):
    monkeypatch.setattr(statbank, "CELL_LIMIT", 51 * 6 * 7 * 2)  # two quarters' worth of the origin request (7 areas)
    fetch(server, tmp_path, ["dst:FOLK1E"])
    data = [request for request in statbank_api.requests if request["path"].endswith("/data")]
    quarters = [next(v["values"] for v in request["variables"] if v["code"] == "Tid") for request in data]
    assert len(data) == 3 and quarters[0] == ["2024K2", "2024K3"] and quarters[1] == ["2024K4", "2025K1"]  # by origin, then by sex
    lines = (tmp_path / "folk1e_2025-06-30.csv").read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if line.startswith("Aarhus;")]) == 4 * 14


def test_folk1e_without_an_origin_group_is_refused_and_nothing_is_written(server, tmp_path):
    info = statbank_v1_info_without("Efterkommere fra vestlige lande")
    server.expect_oneshot_request("/v1/tableinfo", method="POST").respond_with_json(info)
    with pytest.raises(SvarbrevError) as refusal:
        fetch(server, tmp_path / "data", ["dst:FOLK1E"])
    assert refusal.value.one_line().endswith("HERKOMST har ikke værdien 'Efterkommere fra vestlige lande'")
    assert not (tmp_path / "data").exists()


def statbank_v1_info_without(label: str) -> dict:
    from statbank_v1 import folk1e_tableinfo

    info = folk1e_tableinfo()
    for variable in info["variables"]:
        variable["values"] = [value for value in variable["values"] if value["text"] != label]
    return info
