"""The `svarbrev` command: a thin Danish shell over generator.reply and the metric catalogue."""

from __future__ import annotations

import argparse
import gc
import gettext
import os
import re
import signal
import socket
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.caching import Cache
from generator.errors import RegisterError, SvarbrevError, path_problem
from generator.letter.contract import sidecar_name
from generator.register.store import REGISTER_FILE, REGISTER_VARIABLE, register_path

if TYPE_CHECKING:
    from tqdm import tqdm  # imported where it is used, so `--help` stays fast

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

_DATE_FORMATS = "ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ"
# Kept here (not imported from generator.fetch) so `--help` stays fast and needs no httpx.
JOBINDSATS_URL = "https://api.jobindsats.dk/v3"
STATBANK_URL = "https://api.statbank.dk/v1"
DEFAULT_LATEST = 12
PASSWORD_VARIABLE = "SVARBREV_ADGANGSKODE"  # kept here (not imported from generator.web) so `--help` needs no Flask
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# `svarbrev batch` on a terminal: " 40% |████▌      | 20/50 [00:12, 00:18 tilbage] henvendelse.yaml (Navn)"
PROGRESS_FORMAT = "{percentage:3.0f}% |{bar}| {n_fmt}/{total_fmt} [{elapsed}, {remaining} tilbage] {desc}"
_DANISH_DATE = re.compile(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})")


class DanishParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"fejl: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


_ARGPARSE_CATALOGUE: Cache[gettext.GNUTranslations] = Cache("argparse_oversættelse")


def argparse_catalogue() -> gettext.GNUTranslations:
    return _ARGPARSE_CATALOGUE.get(None, _make_argparse_catalogue)


def _make_argparse_catalogue() -> gettext.GNUTranslations:
    """argparse's own messages in Danish: generator/locale/da/LC_MESSAGES/argparse.mo (from argparse.po
    beside it; scripts/compile_catalogue.py). Read through importlib.resources, so it works from a wheel."""
    with files("generator").joinpath("locale", "da", "LC_MESSAGES", "argparse.mo").open("rb") as stream:
        return gettext.GNUTranslations(stream)


@contextmanager
def danish_argparse() -> Iterator[None]:
    """argparse speaks Danish inside this block, and as before outside it.

    argparse does `from gettext import gettext as _, ngettext` and calls those module globals when it
    builds a parser and when it parses, so its words can only come from gettext's process-wide state:
    gettext.textdomain("argparse") with bindtextdomain would turn every gettext.gettext() call in the
    process to that domain, and the language would still come from LANGUAGE/LC_ALL/LANG, not Danish for
    everyone. So the two names are pointed at the catalogue here and put back on the way out (also on
    SystemExit from --help or a refusal). While the block runs, another thread's argparse is Danish too."""
    catalogue = argparse_catalogue()
    before = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = catalogue.gettext, catalogue.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = before  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    """The parser, with argparse's own words (help headings, -h) in Danish; parse with it inside
    danish_argparse() too, as main() does, so its refusals are Danish."""
    with danish_argparse():
        return _build_parser()


def _build_parser() -> argparse.ArgumentParser:
    parser = DanishParser(prog="svarbrev", description="Svar på politikerspørgsmål som færdige Word-breve.")
    parser.add_argument("--version", action="version", version=f"svarbrev {__version__}", help="vis versionen og afslut")
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=DanishParser)
    commands.required = True

    generate = commands.add_parser("generate", aliases=["generer"], help="lav et svarbrev (.docx) ud fra en spørgsmålsfil")
    generate.add_argument("question_file", metavar="SPØRGSMÅLSFIL", type=path_argument, help="spørgsmålsfilen (YAML)")
    generate.add_argument("-o", dest="output", metavar="UD.docx", type=letter_argument, help="hvor brevet skrives (standard: ved siden af spørgsmålsfilen)")
    generate.add_argument("--data", metavar="MAPPE", type=path_argument, help="datamappe; går forud for spørgsmålsfilens data.mappe")
    generate.add_argument("--overskriv", action="store_true", help="erstat en eksisterende fil")
    generate.add_argument("--endelig", action="store_true", help="lav udgaven til underskrift: uden kommentarer, og kun hvis alt er besvaret")
    generate.add_argument("--tillad-eksempeldata", dest="allow_example_data", action="store_true", help="tillad en endelig udgave med eksempeldata (fx til en demonstration); kildelinjerne siger det")
    generate.add_argument("--udtræk", dest="extract_date", metavar="DATO", type=option_date, help=f"brug udtræk dateret denne dag eller før ({_DATE_FORMATS})")
    generate.add_argument("--åbn", dest="open_after", action="store_true", help="åbn brevet bagefter i standardprogrammet (fx Word)")
    add_register_option(generate)
    generate.set_defaults(handler=run_generate)

    check = commands.add_parser("tjek", help="sammenlign et (rettet) svarbrev med tallene, det blev lavet med")
    check.add_argument("reply", metavar="SVAR.docx", type=path_argument, help="svarbrevet")
    check.add_argument("--tal", dest="sidecar", metavar=sidecar_name("SVAR"), type=path_argument, help="sidefilen (standard: ved siden af brevet)")
    check.set_defaults(handler=run_check)

    batch = commands.add_parser("batch", help="lav mange svarbreve på én gang, parallelt, med en rapport")
    batch.add_argument("sources", metavar="KILDE", nargs="+", help="spørgsmålsfiler, mapper (alle *.yaml) eller mønstre som 'henvendelser/*.yaml'")
    batch.add_argument("-o", dest="output", metavar="UDMAPPE", type=path_argument, required=True, help="mappen, brevene og rapport.csv skrives i")
    batch.add_argument("--udtræk", dest="extract_date", metavar="DATO", type=option_date, help=f"brug udtræk dateret denne dag eller før ({_DATE_FORMATS})")
    batch.add_argument("--endelig", action="store_true", help="lav udgaverne til underskrift (NAVN-endelig.docx)")
    batch.add_argument("--data", metavar="MAPPE", type=path_argument, help="datamappe til alle brevene; går forud for filernes data.mappe")
    batch.add_argument("--tillad-eksempeldata", dest="allow_example_data", action="store_true", help="tillad endelige udgaver med eksempeldata")
    batch.add_argument("--jobs", type=positive_int, metavar="N", help="antal samtidige processer (standard: antal kerner)")
    batch.add_argument("--overskriv", action="store_true", help="erstat også breve, der er rettet efter generering")
    add_register_option(batch)
    batch.set_defaults(handler=run_batch_command)

    show = commands.add_parser("forhåndsvis", help="lav en PDF og et billede af hver side ved siden af brevet (kræver LibreOffice)")
    show.add_argument("reply", metavar="SVAR.docx", type=path_argument, help="svarbrevet")
    show.add_argument("--pdf-til-offentliggørelse", dest="publish", action="store_true", help="skriv i stedet en tilgængelig (tagget) PDF uden kommentarer: SVAR.tilgængelig.pdf")
    show.set_defaults(handler=run_preview)

    data = commands.add_parser("data", help="hent nye udtræk fra Jobindsats og Danmarks Statistik, eller se deres status")
    data_commands = data.add_subparsers(dest="data_command", metavar="KOMMANDO", parser_class=DanishParser)
    data_commands.required = True
    fetch = data_commands.add_parser("hent", help="hent tabeller som nye udtræk i datamappen (Jobindsats kræver JOBINDSATS_TOKEN)")
    fetch.add_argument("tables", metavar="TABEL", nargs="*", help="fx y08a02, jobindsats:y08a02, dst:FOLK1A eller dst:FOLK1E (standard: alle katalogets tabeller, FOLK1A og FOLK1E)")
    fetch.add_argument("--til", dest="folder", metavar="MAPPE", type=path_argument, default=Path("data"), help="datamappen (standard: data)")
    fetch.add_argument("--perioder", metavar="latest:N", default=f"latest:{DEFAULT_LATEST}", help=f"de nyeste N perioder af hver periodetype (standard: latest:{DEFAULT_LATEST})")
    fetch.add_argument("--alle-kommuner", dest="all_municipalities", action="store_true", help="alle kommuner, regioner og hele landet (standard: 6-byerne og hele landet)")
    fetch.add_argument("--api-url", metavar="URL", default=JOBINDSATS_URL, help=f"Jobindsats' API (standard: {JOBINDSATS_URL})")
    fetch.add_argument("--dst-url", metavar="URL", default=STATBANK_URL, help=f"Danmarks Statistiks API (standard: {STATBANK_URL})")
    fetch.add_argument("--gem-svar", dest="record_to", metavar="MAPPE", type=path_argument, help="gem hvert svar fra tjenesterne, som det kom (uden nøglen), i en ny mappe")
    fetch.set_defaults(handler=run_data_fetch)
    status = data_commands.add_parser("status", help="vis for hver tabel det nyeste udtræk, dets nyeste periode, og om der er nyere tal")
    status.add_argument("--data", dest="folder", metavar="MAPPE", type=path_argument, default=Path("data"), help="datamappen (standard: data)")
    status.add_argument("--api-url", metavar="URL", default=JOBINDSATS_URL, help=f"Jobindsats' API (standard: {JOBINDSATS_URL})")
    status.add_argument("--dst-url", metavar="URL", default=STATBANK_URL, help=f"Danmarks Statistiks API (standard: {STATBANK_URL})")
    status.set_defaults(handler=run_data_status)

    metrics = commands.add_parser("metrikker", help="vis metrikkataloget")
    metrics.set_defaults(handler=run_metrics)

    match = commands.add_parser("match", help="vis hvilke metrikker et spørgsmål peger på, og hvorfor")
    match.add_argument("question", metavar="SPØRGSMÅL", help="spørgsmålet i anførselstegn")
    match.add_argument("--emne", default="", help="henvendelsens emne, hvis spørgsmålet ikke selv nævner ordningen")
    match.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    match.set_defaults(handler=run_match)

    new = commands.add_parser("ny", help="lav en spørgsmålsfil ud fra en indkommen henvendelse (.txt, .docx, .eml)")
    new.add_argument("inquiry", metavar="INDGÅENDE", type=path_argument, help="henvendelsen som modtaget")
    new.add_argument("-o", dest="output", metavar="henvendelse.yaml", type=path_argument, help="hvor spørgsmålsfilen skrives (standard: ved siden af, med .yaml)")
    new.add_argument("--overskriv", action="store_true", help="erstat en eksisterende fil")
    add_register_option(new)
    new.set_defaults(handler=run_new)

    cases = commands.add_parser("sager", help="vis sagerne i registret efter svarfrist")
    cases.add_argument("--åbne", dest="open_only", action="store_true", help="kun sager, der ikke er sendt")
    cases.add_argument("--søg", dest="search", metavar="TEKST", help="kun sager, hvis emne, afsender, sagsnummer eller spørgsmål indeholder TEKST")
    cases.add_argument("--csv", dest="as_csv", action="store_true", help="skriv listen som CSV (semikolon) til sagssystemet")
    add_register_option(cases)
    cases.set_defaults(handler=run_cases)

    case = commands.add_parser("sag", help="vis en sags historik, eller markér den som sendt")
    case.add_argument("label", metavar="SAG", help="sagsnummeret (eller #N, sagens nummer i registret)")
    case.add_argument("--sendt", dest="sent", action="store_true", help="markér svaret som sendt (kræver et endeligt brev)")
    case.add_argument("--ansvarlig", dest="holder", metavar="NAVN", help="hvem der har sagen")
    add_register_option(case)
    case.set_defaults(handler=run_case)

    reuse = commands.add_parser("genbrug", help="lav et nyt udkast af en tidligere sag på de nyeste udtræk, med hvad der har ændret sig")
    reuse.add_argument("label", metavar="SAG", help="sagsnummeret (eller #N)")
    reuse.add_argument("-o", dest="output", metavar="UD.docx", type=letter_argument, help="hvor udkastet skrives (standard: NAVN.genbrug-DATO.svar.docx ved siden af sagens spørgsmålsfil)")
    reuse.add_argument("--data", metavar="MAPPE", type=path_argument, help="datamappe; går forud for spørgsmålsfilens data.mappe")
    reuse.add_argument("--overskriv", action="store_true", help="erstat en eksisterende fil")
    add_register_option(reuse)
    reuse.set_defaults(handler=run_reuse)

    web = commands.add_parser("web", help="start siden for sagsbehandlere: fra indsat henvendelse til gennemset Word-svar")
    web.add_argument("--data", metavar="MAPPE", type=path_argument, help="datamappen, tallene hentes fra (standard: examples/data i kildekoden)")
    web.add_argument("--port", type=port_number, default=8000, help="porten (standard: 8000)")
    web.add_argument("--host", default="127.0.0.1", help="adressen, siden lytter på (standard: 127.0.0.1, kun denne maskine)")
    web.add_argument("--adgangskode", dest="password", metavar="KODE", help=f"kræv denne adgangskode (eller sæt {PASSWORD_VARIABLE}); påkrævet, når --host ikke er 127.0.0.1")
    web.add_argument("--behold", dest="keep_minutes", type=positive_int, default=120, metavar="MINUTTER", help="slet et arbejde, der ikke er brugt i så mange minutter (standard: 120)")
    add_register_option(web)
    web.set_defaults(handler=run_web)
    return parser


def add_register_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--register", metavar="FIL", type=path_argument, help=f"sagsregistret (standard: ${REGISTER_VARIABLE} eller {REGISTER_FILE} i den aktuelle mappe)")


def option_date(text: str) -> date:
    """2024-12-31, or the Danish way round: 31-12-2024 (also 31.12.2024)."""
    danish = _DANISH_DATE.fullmatch(text.strip())
    try:
        if danish:
            day, month, year = map(int, danish.groups())
            return date(year, month, day)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"ugyldig dato '{text}' (forventede {_DATE_FORMATS})") from None


def run_generate(args: argparse.Namespace) -> int:
    from generator.register import Register, check_register, current_user, record_generated, repeated_questions
    from generator.rendering.formatting import format_score
    from generator.reply import generate_reply  # imported here so `--help` stays fast

    check_register(args.register)  # a register that cannot be used is said before any letter is written
    generated = generate_reply(
        args.question_file, args.output, args.data, args.overskriv, final=args.endelig, extract_date=args.extract_date,
        allow_example_data=args.allow_example_data,
    )
    try:
        with Register.open(args.register) as register:
            case = record_generated(register, generated, args.endelig, holder=current_user())
            repeats = repeated_questions(register, generated.reply, case)
    except RegisterError as error:  # the letter stands: say so, and how to register it
        print(f"skrev {generated.output} og {generated.sidecar.name}", file=sys.stderr)
        print(f"fejl: brevet er ikke skrevet i sagsregistret: {error.one_line()}; kør kommandoen igen med --overskriv", file=sys.stderr)
        return EXIT_REFUSED
    for warning in generated.reply.warnings:
        print(f"advarsel: {warning}", file=sys.stderr)
    reply = generated.reply
    for note in reply.notes:
        print(note)
    for item in reply.mapped:
        if item.automatic is not None:
            chosen = ", ".join(f"{s.metric} ({format_score(s.score)})" for s in item.automatic.suggestions if s.metric in item.automatic.chosen)
            print(f"spørgsmål {item.question.number}: automatisk valgt: {chosen or 'ingen metrik'}")
    edition = "endelig udgave" if args.endelig else "udkast"
    print(f"skrev {generated.output} ({edition}; {len(reply.sections)} spørgsmål, {counted(reply.table_count, 'tabel', 'tabeller')}) og {generated.sidecar.name}")
    print(f"sag {case.label}: {case.status}{deadline_text(case)}")
    for repeat in repeats:
        print(repeat.describe())
    if args.open_after:
        from generator.preview import open_in_default_program

        if (problem := open_in_default_program(generated.output)) is not None:
            print(f"advarsel: {problem}", file=sys.stderr)
    return EXIT_OK


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"skal være et helt tal større end 0, ikke '{text}'")
    return int(text)


def run_batch_command(args: argparse.Namespace) -> int:
    from generator.batch import REPORT_NAME, Options, run_batch

    on_terminal = sys.stderr.isatty()
    bar: tqdm | None = None  # on a terminal: a progress bar, made when the number of replies is known

    def progress(done: int, total: int, outcome) -> None:
        nonlocal bar
        if on_terminal:
            if bar is None:
                from tqdm import tqdm

                bar = tqdm(total=total, file=sys.stderr, dynamic_ncols=True, bar_format=PROGRESS_FORMAT)
            bar.set_description_str(reply_name(outcome)[:40], refresh=False)
            bar.update(done - bar.n)
        else:
            print(f"{done}/{total} {outcome.status}: {reply_name(outcome, full=True)}{' → ' + outcome.output if outcome.output else ''}", file=sys.stderr)

    options = Options(
        extract_date=args.extract_date, final=args.endelig, overwrite=args.overskriv, data_dir=args.data, allow_example_data=args.allow_example_data,
        register=register_path(args.register),
    )
    try:
        report = run_batch(args.sources, args.output, options, args.jobs, progress)
    finally:
        if bar is not None:
            bar.close()  # leaves the full bar and ends its line
    print(summary_table(report))
    if report.report_error:
        print(f"fejl: rapporten kunne ikke skrives: {report.report_error}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"rapport: {args.output / REPORT_NAME}")
    if report.interrupted:
        print("afbrudt: de påbegyndte breve er ikke skrevet halvt; kør igen for at lave resten", file=sys.stderr)
        return 130
    return EXIT_REFUSED if report.failed else EXIT_OK


def reply_name(outcome, full: bool = False) -> str:
    """'henvendelse.yaml (Hassan Nur Wardere)': the question file, and whom the letter is to."""
    name = outcome.source if full else Path(outcome.source).name
    return name + (f" ({outcome.recipient})" if outcome.recipient else "")


def summary_table(report) -> str:
    """The run in a few lines: counts (letters needing a look apart from clean ones), then every
    reply that was not simply written, in input order."""
    from generator.batch import FAILED, OK, SKIPPED

    flagged = report.flagged
    lines = [
        f"{report.count(OK) - flagged} ok, {flagged} med advarsler eller markeringer, "
        f"{report.count(SKIPPED)} sprunget over, {report.count(FAILED)} fejl ({len(report.outcomes)} i alt)"
    ]
    rows = [o for o in report.in_input_order() if o.status != OK or o.flagged]
    if rows:
        width = max(len(reply_name(o)) for o in rows)
        lines.append(f"{'fil':<{width}}  {'status':<14}  besked")
        for o in rows:
            status = "advarsler" if o.status == OK else o.status
            lines.append(f"{reply_name(o):<{width}}  {status:<14}  {o.message}")
    return "\n".join(lines)


def run_check(args: argparse.Namespace) -> int:
    from generator.review import check_reply, report_lines

    findings = check_reply(args.reply, args.sidecar)
    print("\n".join(report_lines(args.reply, findings)))
    return EXIT_REFUSED if any(finding.checked for finding in findings) else EXIT_OK


def run_preview(args: argparse.Namespace) -> int:
    from generator.preview import is_draft, preview, publication_pdf

    if args.publish:
        print(f"skrev {publication_pdf(args.reply)}")
        if is_draft(args.reply):
            print("advarsel: brevet er et udkast (med UDKAST i sidehovedet); offentliggør den endelige udgave (--endelig)", file=sys.stderr)
        return EXIT_OK
    result = preview(args.reply)
    print(f"skrev {result.pdf} og {counted(len(result.pages), 'sidebillede', 'sidebilleder')}: {', '.join(page.name for page in result.pages)}")
    return EXIT_OK


def run_match(args: argparse.Namespace) -> int:
    import json

    from generator.mapping import matcher_for
    from generator.mapping.matcher import Context
    from generator.metrics.catalogue import load_catalogue
    from generator.rendering.formatting import format_score

    result = matcher_for(load_catalogue()).match(args.question, Context(subject=args.emne))
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return EXIT_OK
    unknown = [phrase for phrase in result.unhonoured if phrase.unknown]
    placeholder = "[Ikke forstået: …]" if unknown else "[Ikke besvaret: …]" if result.unhonoured else "[Svar mangler]"
    print(f"valgt: {', '.join(result.chosen) if result.chosen else f'ingen metrik (brevet får {placeholder})'}")
    if result.suggestions:
        print("forslag:")
        for suggestion in result.suggestions:
            mark = "*" if suggestion.metric in result.chosen else " "
            print(f" {mark} {format_score(suggestion.score)}  {suggestion.metric}: {suggestion.reason}")
    for phrase in result.unhonoured:
        print(f"{'ikke forstået' if phrase.unknown else 'ikke besvaret'}: »{phrase.text}« — {phrase.reason}")
    for note in result.notes:
        print(f"bemærk: {note}")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from generator.intake import draft_question_file
    from generator.output import write_atomically
    from generator.questionfile import parse_question_file
    from generator.register import Register, check_register, current_user, record_new

    output = args.output or args.inquiry.with_suffix(".yaml")
    check_register(args.register)
    draft = draft_question_file(args.inquiry)
    write_atomically(output, draft.text.encode("utf-8"), args.overskriv)
    question_file = parse_question_file(draft.text, str(output), output.parent)
    with Register.open(args.register) as register:
        case = record_new(register, question_file, holder=current_user())
        repeats = repeats_of(register, question_file, case)
    print(f"skrev {output} ({len(draft.questions)} spørgsmål; gennemgå metrikkerne, og kør så `svarbrev generate {output}`)")
    print(f"sag {case.label} registreret: {case.status}{deadline_text(case)}")
    for repeat in repeats:
        print(repeat.describe())
    for warning in draft.warnings:
        print(f"advarsel: {warning}", file=sys.stderr)
    return EXIT_OK


def repeats_of(register, question_file, case) -> list:
    """The inquiry's questions answered before, with their figures then and now; none when the figures cannot
    be computed yet (the draft still needs the caseworker: `generate` says why)."""
    from generator.register import repeated_questions
    from generator.reply import make_reply

    try:
        return repeated_questions(register, make_reply(question_file), case)
    except SvarbrevError:
        return []


def deadline_text(case) -> str:
    """', frist 09-01-2026 (3 dage tilbage)' for a case with a deadline, as `svarbrev sager` shows it."""
    if case.deadline is None:
        return ""
    return f", frist {case.deadline:%d-%m-%Y} ({case.days_left_words(date.today())})"


CASE_COLUMNS = ("sag", "frist", "dage", "status", "ansvarlig", "fra", "emne")


def run_cases(args: argparse.Namespace) -> int:
    import csv

    from generator.register import Register

    with Register.open(args.register) as register:
        cases = register.cases(open_only=args.open_only, search=args.search)
    today = date.today()
    rows = [
        (case.label, f"{case.deadline:%d-%m-%Y}" if case.deadline else "", "" if case.deadline is None else str(case.days_left(today)),
         case.status, case.holder, case.sender, case.subject)
        for case in cases
    ]
    if args.as_csv:
        writer = csv.writer(sys.stdout, delimiter=";", lineterminator="\n")
        writer.writerow(CASE_COLUMNS)
        writer.writerows(rows)
        return EXIT_OK
    if not rows:
        print("ingen sager" + (" der matcher" if args.search else "") + " i registret")
        return EXIT_OK
    widths = [max(len(str(value)) for value in column) for column in zip(CASE_COLUMNS, *rows)]
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    print("  ".join(name.ljust(width) for name, width in zip(CASE_COLUMNS, widths)).rstrip())
    for case, row in zip(cases, rows):
        line = "  ".join(str(value).ljust(width) for value, width in zip(row, widths)).rstrip()
        overdue = case.is_open and case.deadline is not None and case.deadline < today
        print(f"\x1b[31m{line}\x1b[0m" if overdue and colour else line + ("  (over fristen)" if overdue else ""))
    return EXIT_OK


def run_case(args: argparse.Namespace) -> int:
    from generator.register import Register

    with Register.open(args.register) as register:
        case = register.case(args.label)
        if args.holder is not None:
            case = register.set_holder(args.label, args.holder)
        if args.sent:
            case = register.mark_sent(args.label)
        questions, letters, events = register.questions(case), register.letters(case), register.history(case)
    print(f"sag {case.label}: {case.subject}")
    print(f"fra {case.sender}, modtaget {case.received:%d-%m-%Y}{deadline_text(case) if case.is_open else ''}")
    print(f"status: {case.status}" + (f"; ansvarlig: {case.holder}" if case.holder else ""))
    print(f"spørgsmålsfil: {case.question_file}")
    for number, text in enumerate(questions, start=1):
        print(f"  {number}. {text}")
    print("breve:" if letters else "breve: ingen endnu")
    for letter in letters:
        print(f"  {letter.made[:10]}  {'endelig' if letter.final else 'udkast '}  {letter.path}")
    print("historik:")
    for event in events:
        print(f"  {event.at.replace('T', ' ')[:16]}  {event.what}" + (f": {event.detail}" if event.detail else ""))
    return EXIT_OK


def run_reuse(args: argparse.Namespace) -> int:
    from generator.register import Register
    from generator.register.reuse import reuse_case

    with Register.open(args.register) as register:
        generated, case = reuse_case(register, args.label, args.data, args.output, args.overskriv)
    for warning in generated.reply.warnings:
        print(f"advarsel: {warning}", file=sys.stderr)
    print(f"skrev {generated.output} (udkast på de nyeste udtræk; hvert svar begynder med, hvad der har ændret sig) og {generated.sidecar.name}")
    print(f"sag {case.label}: {case.status}{deadline_text(case) if case.is_open else ''}")
    return EXIT_OK


def port_number(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"skal være et portnummer (1-65535), ikke '{text}'")
    return int(text)


WEB_THREADS = 8  # requests answered at once by svarbrev web


def run_web(args: argparse.Namespace) -> int:
    from generator.web import WebSettings, create_app

    password = args.password or os.environ.get(PASSWORD_VARIABLE) or None
    if args.host not in LOOPBACK and password is None:
        raise SvarbrevError(f"--host {args.host} gør siden synlig for andre maskiner; angiv --adgangskode eller {PASSWORD_VARIABLE}")
    if args.data is not None and not args.data.is_dir():
        raise SvarbrevError(f"datamappen findes ikke: {args.data}")
    # On loopback the Host header must be a loopback name (DNS rebinding); elsewhere the names the page is
    # reached by are the network's business, and the password (required there) guards it.
    hosts = LOOPBACK if args.host in LOOPBACK else ()
    from generator.register import check_register

    check_register(args.register)  # said now, not on the first letter
    register = register_path(args.register).resolve()  # the page's letters go in this file, wherever it was started
    app = create_app(WebSettings(data_dir=args.data, password=password, keep_minutes=args.keep_minutes, hosts=hosts, register=register))
    from waitress.server import create_server

    try:
        # The socket is bound here, not by the server, so a port in use is one Danish line.
        try:
            listening = socket.create_server((args.host, args.port), family=socket.AF_INET6 if ":" in args.host else socket.AF_INET)
        except OSError as error:
            raise SvarbrevError(f"kan ikke lytte på {args.host}:{args.port} ({error.strerror or error})") from None
        # waitress: a production WSGI server (werkzeug's is for development); its threads answer while the page
        # images are drawn in the background (generator/web/pages.py).
        server = create_server(app, sockets=[listening], threads=WEB_THREADS, ident="svarbrev")
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(f"svarbrev web kører på http://{host}:{args.port}/ — stop med Ctrl+C", flush=True)
        signal.signal(signal.SIGTERM, _stop_on_sigterm)  # a service manager stops it as Ctrl+C does
        server.run()  # returns on Ctrl+C (waitress takes the KeyboardInterrupt and stops its threads)
        server.close()
    finally:
        app.extensions["svarbrev_sidebilleder"].stop()  # the LibreOffice workers and their profiles
        app.extensions["svarbrev"].remove_all()  # the workspaces hold inquiries: never left behind
    print("svarbrev web er stoppet; arbejdet er slettet")
    return EXIT_OK


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_data_fetch(args: argparse.Namespace) -> int:
    from generator.fetch.commands import fetch_data, parse_periods

    on_terminal = sys.stderr.isatty()

    def progress(text: str) -> None:
        if on_terminal:
            print(text, file=sys.stderr)

    outcomes = fetch_data(
        args.folder, args.tables, token=os.environ.get("JOBINDSATS_TOKEN") or None, api_url=args.api_url, dst_url=args.dst_url,
        latest=parse_periods(args.perioder), all_municipalities=args.all_municipalities, progress=progress, record_to=args.record_to,
    )
    for outcome in outcomes:
        print(outcome.line)
    return EXIT_OK


def run_data_status(args: argparse.Namespace) -> int:
    from generator.fetch.commands import data_status

    lines, problem = data_status(args.folder, token=os.environ.get("JOBINDSATS_TOKEN") or None, api_url=args.api_url, dst_url=args.dst_url)
    rows = [("tabel", "nyeste udtræk", "nyeste periode", "nyere tal hos kilden")]
    rows += [(s.table, s.extract or "-", s.newest_period or "-", s.newer) for s in lines]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
    if problem:
        print(f"fejl: {problem}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def run_metrics(args: argparse.Namespace) -> int:
    from generator.metrics.catalogue import load_catalogue

    for metric in load_catalogue():
        print(f"{metric.id} — {metric.title}\n  {metric.description}\n  data: {', '.join(metric.tables)}")
    return EXIT_OK


def path_argument(text: str) -> Path:
    """A path option; an empty one ("-o ''") is refused, never read as the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("tom sti")
    return Path(text)


def letter_argument(text: str) -> Path:
    """Where a letter goes: a file, never a folder ("ud/") or the letter's own sidecar ("svar.tal.json")."""
    path = path_argument(text)
    if text.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"'{text}' er en mappe; skriv brevets filnavn, fx {text}svar.docx")
    if path.name.casefold().endswith(".tal.json"):
        raise argparse.ArgumentTypeError(f"'{text}' er navnet på en sidefil; skriv brevets navn, fx {path.name[: -len('.tal.json')]}.docx")
    return path


def counted(count: int, singular: str, plural: str) -> str:
    """'1 tabel', '2 tabeller', '0 tabeller'."""
    return f"{count} {singular if count == 1 else plural}"


def run() -> int:
    """The `svarbrev` command: `main`, then leave what the process is about to discard uncollected."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        code = reader_gone()
    # Shutdown would otherwise walk every object pandas and numpy made (~0,1 s of a cold run).
    gc.freeze()
    return code


EXIT_READER_GONE = 141  # as a shell reports a command stopped by SIGPIPE


def reader_gone() -> int:
    """The output's reader went away (`svarbrev metrikker | head`): stop without a word. What is
    still buffered goes nowhere, so the interpreter's last flush does not fail again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_READER_GONE


def main(argv: Sequence[str] | None = None) -> int:
    with danish_argparse():  # argparse's words in Danish while it builds, parses and helps; not in the handler
        parser = build_parser()
        if not (sys.argv[1:] if argv is None else argv):
            parser.print_help()  # `svarbrev` alone: what can it do? Not an error.
            return EXIT_OK
        args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except SvarbrevError as error:
        print(f"fejl: {error.one_line()}", file=sys.stderr)
        for problem in getattr(error, "problems", ()):  # --endelig lists what is missing
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("afbrudt", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise  # not a bug: the reader of the output went away (see run)
    except Exception as error:  # a bug, not bad input: one line, traceback only on request
        refusal = path_problem(error)
        if refusal is not None:  # a symlink loop, a name too long: bad input wherever it was opened
            print(f"fejl: {refusal.one_line()}", file=sys.stderr)
            return EXIT_REFUSED
        if os.environ.get("SVARBREV_DEBUG"):
            raise
        print(f"fejl: uventet fejl ({error.__class__.__name__}: {error}); kør med SVARBREV_DEBUG=1 for detaljer", file=sys.stderr)
        return EXIT_BUG
