"""The seeded fuzz of malformed and hostile input (issues 10 and 22), shared by tests/test_fuzz.py (a
few hundred cases in about a minute) and a full run from the command line:

    python tests/fuzzing.py --alle 4200

Every case runs a command through the command line's `main` in this process (the page's cases post
to the real threaded server). Whatever the input: exit 0, 1 or 2 only (3 is an uncaught exception);
a refusal is one `fejl:` line; no traceback; a refused command leaves no file and changes nothing
that existed; every command finishes within SECONDS_PER_COMMAND; nothing planted as a secret is
printed or written; and where the right outcome is known (an ambiguous decimal, a deadline), it is
that outcome — a letter that silently uses a wrong figure counts as a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import string
import sys
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from svarbrev_runner import run_svarbrev  # noqa: E402

from generator.metrics.cellindex import CACHE_FOLDER  # noqa: E402

REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
DATA = ROOT / "examples" / "data"
SEED = 20261130
SECONDS_PER_COMMAND = 10
SECRET = "HEMMELIG-7f3a9"  # planted where nothing may echo it
TOKEN = "t0ken-S3CRET-9f8e7d6c5b4a"

# Bits malformed input is made of: YAML structure, Danish text, numbers, control and odd characters.
NASTY = [
    "", " ", "\t", "\n", ":", ": :", "- ", "[", "]", "{", "}", "&a", "*a", "!!python/object:os.system", "!eget",
    "~", "null", "'", '"', "\\", "%", "@", "`", "|", ">", "#", "---", "...", "\x00", "\x07", "\x0b", "\ufeff",
    "\ud7ff", "\u202e", "é", "ÆØÅ", "𝔘", "{{ 7*7 }}", "{% raw %}", "<w:p>", "&amp;", "9" * 40, "-0", "1e309",
    "2025-02-30", "0000-01-01", "9999-12-31", "2025QMAT09", "0000M04", "..", ";;;", "København", "Aarhus",
    "fleksjob.antal", "{id: fleksjob.antal, område: Vejel}", "[fleksjob.antal, fleksjob.antal]", "＝1+1", "1989-01-01", "2100-01-01",
]


def nasty(rng: random.Random) -> str:
    pieces = [rng.choice(NASTY) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.2:
        pieces.append("".join(rng.choice(string.printable) for _ in range(rng.randint(1, 40))))
    if rng.random() < 0.05:
        pieces.append("x" * rng.randint(1_000, 200_000))
    return "".join(pieces)


def mutate_lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        if not lines:
            lines = [""]
        at = rng.randrange(len(lines))
        action = rng.randrange(7)
        if action == 0:
            del lines[at]
        elif action == 1:
            lines.insert(at, lines[at])
        elif action == 2:
            lines[at] = lines[at][: rng.randint(0, len(lines[at]))]
        elif action == 3:
            lines[at] = lines[at] + nasty(rng)
        elif action == 4:
            cut = rng.randint(0, len(lines[at]))
            lines[at] = lines[at][:cut] + nasty(rng) + lines[at][cut:]
        elif action == 5:
            lines[at] = " " * rng.randint(0, 6) + lines[at].lstrip()
        else:
            lines = lines[: rng.randint(0, len(lines))]
    return "\n".join(lines)


@dataclass
class Case:
    name: str
    argv: list[str]
    expect_output: list[Path] = field(default_factory=list)  # files the command writes when it succeeds
    codes: frozenset[int] = frozenset({0, 1, 2})  # the exits that are right for this input
    secrets: tuple[str, ...] = ()  # what must appear nowhere in the output or the files written


@dataclass
class Context:
    """What the cases share: a letter to check, a local Jobindsats, a live page."""

    letter: Path
    jobindsats: str | None = None
    page: str | None = None


def reference(folder: Path, data: object = DATA) -> Path:
    path = folder / "spm.yaml"
    path.write_text(REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: '{data}'"), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the classes of round 1


def question_file_case(rng: random.Random, folder: Path, context: Context) -> Case:
    path = folder / "spm.yaml"
    if rng.random() < 0.1:
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randint(0, 300))))
    else:
        text = REFERENCE.read_text(encoding="utf-8").replace("mappe: ../data", f"mappe: {DATA}")
        path.write_text(mutate_lines(text, rng), encoding="utf-8", errors="surrogatepass")
    output = folder / "svar.docx"
    argv = ["generate", str(path), "-o", str(output)] + (["--endelig"] if rng.random() < 0.3 else [])
    return Case("spørgsmålsfil", argv, [output, folder / "svar.tal.json"])


def data_case(rng: random.Random, folder: Path, context: Context) -> Case:
    data = folder / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("eksempeldata"))
    target = rng.choice(sorted(data.glob("*.csv")) + [data / "kilder.yaml"])
    target.write_text(mutate_lines(target.read_text(encoding="utf-8"), rng), encoding="utf-8", errors="surrogatepass")
    output = folder / "svar.docx"
    return Case("dataudtræk", ["generate", str(REFERENCE), "--data", str(data), "-o", str(output)], [output, folder / "svar.tal.json"])


def recipients_case(rng: random.Random, folder: Path, context: Context) -> Case:
    listing = folder / "modtagere.csv"
    if rng.random() < 0.3:  # no recipient list at all, with a first line that looks like column names
        rows = [f"Kodeord;{SECRET};Brugernavn", "x;y;z"]
        secrets: tuple[str, ...] = (SECRET,)
    else:
        rows = ["modtager;parti"] + [f"{nasty(rng) if rng.random() < 0.5 else 'Sara Andersen'};{nasty(rng)}" for _ in range(rng.randint(0, 4))]
        secrets = ()
    listing.write_text(mutate_lines("\n".join(rows), rng) if not secrets else "\n".join(rows), encoding="utf-8", errors="surrogatepass")
    path = reference(folder)
    path.write_text(path.read_text(encoding="utf-8").replace("  modtager: Hassan Nur Wardere", f"  modtagere: '{listing}'"), encoding="utf-8")
    return Case("modtagerliste", ["batch", str(path), "-o", str(folder / "ud"), "--jobs", "1"], secrets=secrets)


def check_case(rng: random.Random, folder: Path, context: Context) -> Case:
    reply, sidecar = folder / "svar.docx", folder / "svar.tal.json"
    shutil.copy(context.letter, reply)
    shutil.copy(context.letter.with_name("svar.tal.json"), sidecar)
    if rng.random() < 0.5:
        content = json.loads(sidecar.read_text(encoding="utf-8"))
        for _ in range(rng.randint(1, 3)):
            _mutate_json(content, rng)
        sidecar.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    else:
        raw = bytearray(reply.read_bytes())
        for _ in range(rng.randint(1, 5)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        if rng.random() < 0.3:
            raw = raw[: rng.randrange(len(raw))]
        reply.write_bytes(bytes(raw))
    return Case("tjek", ["tjek", str(reply), "--tal", str(sidecar)])


def _mutate_json(node: object, rng: random.Random) -> None:
    while isinstance(node, (dict, list)) and node and rng.random() < 0.7:
        key = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
        child = node[key]
        if not isinstance(child, (dict, list)) or rng.random() < 0.3:
            if rng.randrange(4) == 0 and isinstance(node, dict):
                del node[key]
            else:
                node[key] = [None, 0, "", [], {}, nasty(rng), -1, 1e300][rng.randrange(8)]
            return
        node = child


def inquiry_case(rng: random.Random, folder: Path, context: Context) -> Case:
    words = ["Hvor", "mange", "er", "på", "fleksjob", "kontanthjælp", "i", "Aarhus", "?", "1.", "2)", "-", "vedr.",
             "Sagsnr.", "Med venlig hilsen", "\n", "\n\n", "Kære", "jeg", "vil", "gerne", "vide", "2025", ".", "Dato: 1. januar 1989",
             "Dato: 3. marts 2100", "?" * 500, "1" * 300]
    text = " ".join(rng.choice(words) if rng.random() < 0.9 else nasty(rng) for _ in range(rng.randint(0, 400)))
    inquiry = folder / rng.choice(["henvendelse.txt", "henvendelse.eml", "henvendelse.docx"])
    if inquiry.suffix == ".docx" or rng.random() < 0.1:
        inquiry.write_bytes(text.encode("utf-8", errors="surrogatepass")[: rng.randint(0, 2000)])
    else:
        inquiry.write_text(text, encoding=rng.choice(["utf-8", "cp1252"]), errors="replace")
    output = folder / "spm.yaml"
    return Case("ny", ["ny", str(inquiry), "-o", str(output)], [output])


# --------------------------------------------------------------------------- the classes of round 2 (issue 22)


def _loop(folder: Path) -> Path:
    (folder / "b").symlink_to(folder / "a")
    (folder / "a").symlink_to(folder / "b")
    return folder / "a"


def path_case(rng: random.Random, folder: Path, context: Context) -> Case:
    """Symlink loops and names too long for the file system, wherever a path is given."""
    bad = _loop(folder) if rng.random() < 0.6 else folder / ("n" * rng.choice([256, 300, 5000]))
    output = folder / "svar.docx"
    where = rng.randrange(6)
    if where == 0:
        argv = ["generate", str(reference(folder)), "--data", str(bad), "-o", str(output)]
    elif where == 1:
        argv = ["generate", str(reference(folder, bad)), "-o", str(output)]
    elif where == 2:
        path = reference(folder)
        path.write_text(path.read_text(encoding="utf-8").replace("  underskriver: Henrik Lund\n", f"  underskriver: Henrik Lund\n  underskrift: '{bad}'\n"), encoding="utf-8")
        argv = ["generate", str(path), "-o", str(output), "--endelig"]
    elif where == 3:
        path = reference(folder)
        path.write_text(path.read_text(encoding="utf-8").replace("  modtager: Hassan Nur Wardere", f"  modtagere: '{bad}'"), encoding="utf-8")
        argv = ["batch", str(path), "-o", str(folder / "ud"), "--jobs", "1"]
    elif where == 4:
        argv = ["generate", str(reference(folder)), "-o", str(bad)] + (["--overskriv"] if rng.random() < 0.5 else [])
    else:
        argv = ["tjek", str(bad)]
    return Case("stier", argv, [output, folder / "svar.tal.json"], codes=frozenset({1, 2}))


def docx_part_case(rng: random.Random, folder: Path, context: Context) -> Case:
    """A letter for tjek with a part of another kind, a part missing, a flood of paragraphs or a bomb."""
    with zipfile.ZipFile(context.letter) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    names = sorted(parts)
    kind = rng.randrange(5)
    if kind == 0:
        parts[rng.choice(names)] = parts[rng.choice(names)]
    elif kind == 1:
        parts.pop(rng.choice(names))
    elif kind == 2:
        parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * rng.choice([20_001, 300_000]))
    elif kind == 3:
        parts[rng.choice(names)] = nasty(rng).encode("utf-8", errors="replace")
    reply = folder / "svar.docx"
    with zipfile.ZipFile(reply, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
        if kind == 4:  # unpacks beyond the limit: written in chunks, so the case itself stays small in memory
            with out.open("docProps/bomb.xml", "w") as stream:
                for _ in range(210):
                    stream.write(b" " * (1 << 20))
    shutil.copy(context.letter.with_name("svar.tal.json"), folder / "svar.tal.json")
    if rng.random() < 0.2:
        (folder / "svar.tal.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    return Case("docx-dele", ["tjek", str(reply)], codes=frozenset({0, 1}) if kind in (0, 1, 3) else frozenset({1}))


def decimal_case(rng: random.Random, folder: Path, context: Context) -> Case:
    """An extract with a cell the other decimal mark could make another number: refused, never printed."""
    data = folder / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("eksempeldata"))
    target = data / rng.choice(["fleksjobordningen_2025-06-30.csv", "y08a02_2025-06-30.csv", "y09a02_2025-06-30.csv"])
    lines = target.read_text(encoding="utf-8").splitlines()
    at = rng.randrange(1, len(lines))
    cells = lines[at].split(";")
    column = rng.randrange(2, len(cells))
    cells[column] = f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}"  # "2,787": Danish decimals or an English thousand
    lines[at] = ";".join(cells)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = folder / "svar.docx"
    return Case("decimaltegn", ["generate", str(REFERENCE), "--data", str(data), "-o", str(output)], [output], codes=frozenset({1}))


def date_case(rng: random.Random, folder: Path, context: Context) -> Case:
    """Dates outside 1990-2099 in an inquiry (a warning) or a question file (refused at its line)."""
    day = rng.choice(["1. januar 1989", "31-12-1989", "3. marts 2100", "1. januar 1900", "29. februar 2023", "1. januar 0001"])
    if rng.random() < 0.5:
        inquiry = folder / "henvendelse.txt"
        inquiry.write_text(f"Kære forvaltning\n\nDato: {day}\n\nHvor mange er i fleksjob i Odense?\n\nMvh Anna Hansen\n", encoding="utf-8")
        return Case("datoer", ["ny", str(inquiry), "-o", str(folder / "spm.yaml")], [folder / "spm.yaml"], codes=frozenset({0}))
    path = reference(folder)
    written = rng.choice(["1989-12-31", "2100-01-01", "0001-01-01", "9999-12-31"])
    path.write_text(path.read_text(encoding="utf-8").replace("dato: 2025-06-25", f"dato: {written}", 1), encoding="utf-8")
    return Case("datoer", ["generate", str(path), "-o", str(folder / "svar.docx")], [folder / "svar.docx"], codes=frozenset({1}))


def service_case(rng: random.Random, folder: Path, context: Context) -> Case:
    """`data hent` against a hostile local Jobindsats: nested JSON, a cause quoting the key with escape
    sequences, figures no letter may use, a drip, garbage."""
    assert context.jobindsats is not None
    kind = rng.choice(["nested", "cause", "negative", "share", "huge", "drip", "garbage", "duplicate"])
    os.environ["JOBINDSATS_TOKEN"] = TOKEN
    argv = ["data", "hent", "y08a02", "--til", str(folder / "data"), "--api-url", f"{context.jobindsats}/{kind}/v3"]
    return Case("tjenester", argv, codes=frozenset({1}), secrets=(TOKEN, "\x1b"))


def page_case(rng: random.Random, folder: Path, context: Context) -> Case:
    """Two posts at once in one page session: they take turns, never mix, never a 500."""
    return Case("siden", ["(siden)", str(rng.random())])


ROUND_ONE = {"spørgsmålsfil": question_file_case, "dataudtræk": data_case, "modtagerliste": recipients_case, "tjek": check_case, "ny": inquiry_case}
ROUND_TWO = {"stier": path_case, "docx-dele": docx_part_case, "decimaltegn": decimal_case, "datoer": date_case, "tjenester": service_case, "siden": page_case}


# --------------------------------------------------------------------------- running


def run(argv: list[str]) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    result = run_svarbrev(*argv)
    return result.returncode, result.stdout, result.stderr, time.perf_counter() - started


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file, but svarbrev's own cache of checked extracts (cellindex.CACHE_FOLDER), which is its to rebuild."""
    return {
        path: path.read_bytes() for path in folder.rglob("*") if path.is_file() and not path.is_symlink() and CACHE_FOLDER not in path.parts
    }


def problems_of(case: Case, folder: Path, context: Context) -> list[str]:
    if case.argv[0] == "(siden)":
        return _page_problems(context)
    before = snapshot(folder)
    code, out, err, seconds = run(case.argv)
    lines = [line for line in err.splitlines() if line.startswith("fejl:")]
    problems = []
    if code not in (0, 1, 2):
        problems.append(f"exit {code}")
    elif code not in case.codes:
        problems.append(f"exit {code}, ventet {sorted(case.codes)}")
    if "Traceback" in err or "uventet fejl" in err:
        problems.append("et nedbrud")
    if code in (1, 2) and case.argv[0] not in ("batch", "tjek") and len(lines) != 1:
        problems.append(f"{len(lines)} fejl-linjer")
    if seconds > SECONDS_PER_COMMAND:
        problems.append(f"tog {seconds:.1f} s")
    after = snapshot(folder)
    changed = [p.name for p, content in before.items() if after.get(p) != content]
    if changed:
        problems.append(f"ændrede {changed}")
    if code != 0 and case.argv[0] in ("generate", "ny"):
        left = [p.name for p in case.expect_output if p.exists()]
        if left:
            problems.append(f"efterlod {left}")
    written = b"".join(content for path, content in after.items() if path not in before)
    for secret in case.secrets:
        if secret in out + err or secret.encode() in written:
            problems.append(f"lækkede {secret!r}")
    return [f"{problem}: {err.strip()[:160]!r}" for problem in problems]


def _page_problems(context: Context) -> list[str]:
    import concurrent.futures

    import httpx
    from test_web_routes import FLEKSJOB, csrf_of, form_of

    assert context.page is not None
    with httpx.Client(follow_redirects=False, timeout=60) as session:
        token = csrf_of(session.get(f"{context.page}/").text)
        review = session.post(f"{context.page}/", data={"csrf": token, "henvendelse": FLEKSJOB}).headers["Location"]
        page = session.get(f"{context.page}{review}").text
        forms = [form_of(page, action=review, handling="udkast", modtager=name) for name in ("Gamma", "Delta")]
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda form: session.post(f"{context.page}{review}", data=form), forms))
        codes = sorted(answer.status_code for answer in answers)
        problems = [] if codes == [303, 409] else [f"svar {codes}"]
        if 303 in codes:
            winner = ("Gamma", "Delta")[[a.status_code for a in answers].index(303)]
            if f"modtager: {winner}" not in session.get(f"{context.page}{review}hent/yaml").text:
                problems.append("udkast og spørgsmålsfil blandet")
    return problems


# --------------------------------------------------------------------------- hostile services and the page


def hostile_jobindsats(request):
    """A local Jobindsats that answers y08a02's data the hostile way the path names."""
    from jobindsats_v3 import Jobindsats
    from werkzeug import Request, Response

    kind, _, rest = request.path.lstrip("/").partition("/")
    if not rest.startswith("v3/data/"):  # tables and metadata as the evidence shows them
        return Jobindsats()(Request(dict(request.environ, PATH_INFO="/" + rest)))
    if kind == "nested":
        return Response("[" * 200_000 + "]" * 200_000, content_type="application/json")
    if kind == "cause":
        cause = f"Authorization: Bearer {TOKEN} \x1b[2J\x1b]0;ejet\x07"
        return Response(json.dumps({"code": 422, "cause": cause}), 422, content_type="application/json")
    if kind == "drip":  # three seconds for two bytes of nothing
        def body():
            for _ in range(30):
                time.sleep(0.1)
                yield b" "
        return Response(body(), content_type="application/json")
    if kind == "garbage":
        return Response(bytes(random.Random(len(rest)).randrange(256) for _ in range(500)), content_type="application/json")
    value = {"negative": -5, "share": 250.5, "huge": 1e40, "duplicate": 5}[kind]
    rows = [["2025QMAT01", "København", value, 1.0, 50.0 if kind != "share" else value]]
    if kind == "duplicate":
        rows.append(["2025QMAT01", "København", 6, 1.0, 1.0])
    columns = ["Periode", "Område", "Antal personer", "Antal fuldtidspersoner", "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"]
    return Response(json.dumps({"columns": columns, "rows": rows}), content_type="application/json")


@contextlib.contextmanager
def servers(tmp: Path):
    """A hostile Jobindsats and the page, each under werkzeug's threaded server on 127.0.0.1."""
    import logging

    from werkzeug.serving import make_server

    from generator.web import WebSettings, create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the servers' request lines are not the commands' output
    from werkzeug import Request

    service = make_server("127.0.0.1", 0, Request.application(hostile_jobindsats), threaded=True)
    page_app = create_app(WebSettings(data_dir=DATA, work_root=tmp, image_workers=0))  # page images are not the point
    page = make_server("127.0.0.1", 0, page_app, threaded=True)
    for server in (service, page):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{service.server_port}", f"http://127.0.0.1:{page.server_port}"
    finally:
        service.shutdown()
        page.shutdown()


def letter_for_checks(folder: Path) -> Path:
    code, _, err, _ = run(["generate", str(REFERENCE), "--data", str(DATA), "-o", str(folder / "svar.docx")])
    assert code == 0, err
    return folder / "svar.docx"


def fuzz(counts: dict[str, int], tmp: Path, seed: int = SEED) -> tuple[Counter[str], list[str]]:
    """Runs `counts` cases of each class; the cases run per class and the failures."""
    makers = {**ROUND_ONE, **ROUND_TWO}
    rng = random.Random(seed)
    ran: Counter[str] = Counter()
    failures: list[str] = []
    reference_before = REFERENCE.read_bytes()
    token_before = os.environ.get("JOBINDSATS_TOKEN")
    with servers(tmp) as (jobindsats, page):
        context = Context(letter_for_checks(tmp), jobindsats, page)
        for name, how_many in counts.items():
            for index in range(how_many):
                folder = tmp / f"{name}-{index}"
                folder.mkdir()
                case = makers[name](rng, folder, context)
                ran[name] += 1
                failures += [f"{name} {index}: {problem}" for problem in problems_of(case, folder, context)]
                shutil.rmtree(folder, ignore_errors=True)
    if token_before is None:
        os.environ.pop("JOBINDSATS_TOKEN", None)
    else:
        os.environ["JOBINDSATS_TOKEN"] = token_before
    if REFERENCE.read_bytes() != reference_before:
        failures.append("referencens spørgsmålsfil blev ændret")
    return ran, failures


if __name__ == "__main__":
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description="Kør fuzzen med mange tilfælde og skriv tallene pr. klasse")
    parser.add_argument("--alle", type=int, default=4200, help="antal tilfælde i alt (fordelt på klasserne)")
    parser.add_argument("--frø", type=int, default=SEED)
    args = parser.parse_args()
    weights = {"spørgsmålsfil": 6, "dataudtræk": 5, "modtagerliste": 3, "tjek": 3, "ny": 4, "stier": 3, "docx-dele": 2,
               "decimaltegn": 3, "datoer": 2, "tjenester": 2, "siden": 1}
    total = sum(weights.values())
    counts = {name: max(1, round(args.alle * weight / total)) for name, weight in weights.items()}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        ran, failures = fuzz(counts, Path(folder), args.frø)
    print(f"{sum(ran.values())} tilfælde på {time.perf_counter() - started:.0f} s, frø {args.frø}")
    for name, count in ran.items():
        failed = sum(1 for failure in failures if failure.startswith(f"{name} "))
        print(f"  {name:14} {count:5} tilfælde, {failed} fejl")
    for failure in failures[:50]:
        print("  ✗", failure)
    sys.exit(1 if failures else 0)
