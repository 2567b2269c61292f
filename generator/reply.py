"""The whole path: question file → mapping → metrics → text and tables → Word reply and sidecar.

This is the library API the CLI is a thin shell over; tests call it directly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator import __version__
from generator.domain.deadlines import deadline
from generator.domain.periods import parse_period
from generator.domain.results import MetricResult
from generator.errors import DataError, MissingDataError, QuestionFileError, SvarbrevError, TemplateError
from generator.letter.package import LetterProperties, set_properties
from generator.letter.sidecar import build_sidecar, describe, sidecar_path
from generator.letter.writer import FigureComments, open_template
from generator.mapping import MappedQuestion, map_questions
from generator.metrics.analyses import filter_facts
from generator.metrics.catalogue import Catalogue, load_catalogue
from generator.metrics.extracts import ExtractStore, MissingTableError
from generator.output import check_replaceable_letter, check_writable, make_folder_for, write_files_atomically
from generator.profile import DEFAULT_DATA_DIR, DEFAULT_TEMPLATE, EXAMPLE_DATA_DIR, TEMPLATES_DIR, TEXTS_FOLDER, TemplateProfile, load_profile
from generator.questionfile import PLACEHOLDER, MetricCall, QuestionFile, load_question_file
from generator.rendering.blocks import AnswerSection, Block, TableBlock, TextBlock
from generator.rendering.formatting import format_long_date, format_period_span
from generator.rendering.text import TableNumbering, TextRenderer, split_paragraphs, text_renderer
from generator.rendering.tracing import FigureLog, tracing

GENERATOR = f"svarbrev {__version__}"


class NotFinalError(SvarbrevError):
    """`--endelig` was asked for, but the reply is not ready for signature."""

    def __init__(self, problems: list[str], file: str | None = None) -> None:
        self.problems = problems
        super().__init__(f"kan ikke lave den endelige udgave; {len(problems)} ting mangler", file=file)


@dataclass
class Reply:
    """A composed reply, before it becomes a Word file."""

    question_file: QuestionFile
    profile: TemplateProfile
    letter_date: date
    sections: list[AnswerSection]
    results: list[MetricResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what stands in the way of a final version
    notes: list[str] = field(default_factory=list)  # what the caseworker should know, not a problem
    example_data_questions: list[int] = field(default_factory=list)  # answers that rest on synthetic figures
    mapped: list[MappedQuestion] = field(default_factory=list)
    figures: FigureLog = field(default_factory=FigureLog)
    readings: dict[tuple[int, str], tuple[str, ...]] = field(default_factory=dict)  # (question, metric) → how its words were read

    @property
    def signer(self) -> str:
        return self.question_file.letter.signer or self.profile.signer

    @property
    def title(self) -> str:
        return self.question_file.letter.title or self.profile.title

    @property
    def table_count(self) -> int:
        return sum(len(section.tables) for section in self.sections)

    def deadline(self) -> date | None:
        """The inquiry's answer deadline by the template's `svarfrist` (none without one)."""
        rule = self.profile.deadline_rule
        return deadline(self.question_file.inquiry.date, rule) if rule is not None else None


def resolve_data_dir(question_file: QuestionFile, data_dir: Path | None) -> Path:
    """--data wins over the file's data.mappe, which wins over the examples."""
    folder = data_dir or question_file.data.folder or DEFAULT_DATA_DIR
    if not folder.is_dir():
        tried = folder.resolve()
        if data_dir is None and question_file.data.folder is not None:
            raise DataError(
                f"datamappen findes ikke: {tried} (data.mappe læses i forhold til spørgsmålsfilens mappe)",
                file=question_file.display_name, line=question_file.data.folder_line, field="data.mappe",
            )
        if folder == DEFAULT_DATA_DIR:
            # An installed svarbrev has no examples/: the data folder must be named.
            raise DataError("ingen datamappe: angiv data.mappe i spørgsmålsfilen eller --data (eksempeldata følger med kildekoden i examples/data)")
        raise DataError(f"datamappen findes ikke: {tried}" + (" (--data læses i forhold til den mappe, kommandoen køres fra)" if data_dir else ""))
    return folder


def compose_reply(
    question_file: QuestionFile,
    data_dir: Path | None = None,
    templates_dir: Path = TEMPLATES_DIR,
    catalogue: Catalogue | None = None,
    today: date | None = None,
    extract_date: date | None = None,
) -> Reply:
    catalogue = catalogue or load_catalogue()
    mapped = map_questions(question_file, catalogue)
    profile = profile_for(question_file, templates_dir)
    cutoff = extract_date or question_file.data.extract_date
    store = ExtractStore(resolve_data_dir(question_file, data_dir), cutoff=cutoff)
    texts = text_renderer(templates_dir / TEXTS_FOLDER)
    reply = Reply(question_file, profile, question_file.letter.date or today or date.today(), [], mapped=mapped)
    reply.warnings += [f"datamappen: {path.name} bruges ikke: {reason}" for path, reason in store.ignored]
    numbering = TableNumbering()
    answered: dict[tuple[str, MetricCall], Answered] = {}
    with tracing(reply.figures):
        for item in mapped:
            section = AnswerSection(item.question.number, item.question.text)
            section.blocks = answer_blocks(item, store, profile, texts, numbering, reply, answered)
            reply.sections.append(section)
    return reply


@dataclass(frozen=True)
class Answered:
    """Where a call was answered first: its question and the numbers of its tables."""

    question: int
    tables: tuple[int, ...]


def profile_for(question_file: QuestionFile, templates_dir: Path) -> TemplateProfile:
    """The template profile the file names (or the default); an unknown one is refused at its line."""
    try:
        return load_profile(question_file.letter.template or DEFAULT_TEMPLATE, templates_dir)
    except TemplateError as error:
        if question_file.letter.template is None or error.file is not None:
            raise  # the default template, or a fault inside the template's own files (profil.yaml)
        raise TemplateError(error.message, file=question_file.display_name, line=question_file.letter.template_line, field="brev.skabelon") from None


def answer_blocks(
    item: MappedQuestion,
    store: ExtractStore,
    profile: TemplateProfile,
    texts: TextRenderer,
    numbering: TableNumbering,
    reply: Reply,
    answered: dict[tuple[str, MetricCall], Answered] | None = None,
) -> list[Block]:
    """The caseworker's text first, then each metric's text and tables; placeholders where missing.
    A call an earlier question already answered gets a reference to that answer, not a copy."""
    answered = {} if answered is None else answered
    number = item.question.number
    blocks: list[Block] = [TextBlock(paragraph, caseworker=True) for paragraph in split_paragraphs(item.question.answer or "")]
    if item.own_answer_only:
        reply.notes.append(f"spørgsmål {number}: har sit eget svar; ingen tal tilføjet automatisk (skriv metrikker for at få tal)")
    for planned in item.calls:
        metric = planned.metric
        key = (metric.id, planned.call.with_defaults(profile.place.area))
        if key in answered:
            earlier = answered[key]
            blocks.append(TextBlock(texts.render_text("se_svaret.j2", {"number": earlier.question, "tables": list(earlier.tables)})))
            continue
        reply.figures.question, reply.figures.metric = number, metric.id
        if item.automatic is not None and len(planned.call.reasons) > 1:
            reply.readings[(number, metric.id)] = planned.call.reasons[1:]
        try:
            result = metric.compute(store, profile.place, planned.call)
        except MissingDataError as error:
            message = in_letter_terms(error)
            reply.warnings.append(f"spørgsmål {number}: {metric.id}: {message}")
            if isinstance(error, MissingTableError):
                reply.warnings.append(f"spørgsmål {number}: {where_tables_are(store, metric.tables)}")
            reply.problems.append(f"spørgsmål {number}: {metric.id} mangler data: {message}")
            blocks.append(TextBlock(texts.render_text("data_mangler.j2", {"metric": metric.id, "message": message}), highlight=True))
            continue
        reply.results.append(result)
        reply.warnings += [f"spørgsmål {number}: {metric.id}: {named_periods(warning)}" for warning in result.warnings]
        reply.warnings += [
            f"spørgsmål {number}: {metric.id}: {entry.file.name} er dateret {entry.extract_date:%d-%m-%Y}, efter brevdatoen {reply.letter_date:%d-%m-%Y}"
            for entry in {entry.file: entry for entry in result.provenance}.values()
            if entry.extract_date > reply.letter_date
        ]
        rendered = texts.render_blocks(metric.template, metric.template_context(result), numbering)
        tables = tuple(block.number for block in rendered if isinstance(block, TableBlock))
        answered[key] = Answered(number, tables)
        blocks.extend(rendered)
        if result.summed_groups:  # a figure added up from published groups is said to be computed
            facts = [{**fact, "bands": result.summed_groups[fact["key"]]} for fact in filter_facts(planned.call) if fact["key"] in result.summed_groups]
            blocks.append(TextBlock(texts.render_text("sammenlagte_grupper.j2", {"facts": facts})))
        synthetic = [entry for entry in result.provenance if entry.example_data]
        if synthetic:
            reply.example_data_questions.append(number)
            if not tables:  # a table's own Kilde line says it; a paragraph alone needs one too
                blocks.append(TextBlock(texts.render_text("kildelinje.j2", {"provenance": synthetic})))
    unknown = [phrase.text for phrase in item.unhonoured if phrase.unknown]
    if unknown:
        words = ", ".join(f"»{text}«" for text in unknown)
        reply.warnings.append(f"spørgsmål {number}: ikke forstået: {words}")
        reply.problems.append(f"spørgsmål {number}: {words} er ikke forstået (skriv svar eller metrikker, eller accepter ordene)")
        blocks.append(TextBlock(texts.render_text("ikke_forstaaet.j2", {"phrases": unknown}), highlight=True))
    unanswerable = [phrase for phrase in item.unhonoured if not phrase.unknown]
    if unanswerable:
        words = ", ".join(f"»{phrase.text}«" for phrase in unanswerable)
        reply.warnings.append(f"spørgsmål {number}: ikke besvaret: {words}")
        reply.problems.append(f"spørgsmål {number}: {words} er ikke besvaret (skriv svar eller metrikker)")
        for phrase in unanswerable:
            blocks.append(TextBlock(texts.render_text("ikke_besvaret.j2", {"phrase": phrase.text, "reason": phrase.reason}), highlight=True))
    if item.unanswered and not item.unhonoured:
        suggestions = item.automatic.suggestions if item.automatic else ()
        reply.warnings.append(f"spørgsmål {number} er ikke besvaret")
        reply.problems.append(f"spørgsmål {number} er ikke besvaret")
        blocks.append(TextBlock(texts.render_text("svar_mangler.j2", {"suggestions": suggestions}), highlight=True))
    return blocks


def where_tables_are(store: ExtractStore, tables: Sequence[str]) -> str:
    """Which data folder was searched, and where example data with these tables lies — only when
    that is another folder that has every one of them."""
    searched = f"søgte i datamappen {store.folder.resolve()}"
    if not EXAMPLE_DATA_DIR.is_dir() or EXAMPLE_DATA_DIR.resolve() == store.folder.resolve():
        return searched
    examples = ExtractStore(EXAMPLE_DATA_DIR)
    if not all(examples.has(table) for table in tables):
        return searched
    named = f"tabellen {tables[0]}" if len(tables) == 1 else f"tabellerne {', '.join(tables[:-1])} og {tables[-1]}"
    return f"{searched}; eksempeldata med {named} ligger i {EXAMPLE_DATA_DIR}"


def in_letter_terms(error: MissingDataError) -> str:
    """The message for a placeholder in the letter: the data file by name, not its server path,
    and periods in words ("2. kvartal 2024 – 1. kvartal 2025"), not Jobindsats' codes."""
    where = Path(error.file).name if error.file else None
    return MissingDataError(named_periods(error.message), file=where, line=error.line, field=error.field).one_line()


_PERIOD_CODE = r"\b\d{4}(?:QMAT|MMAT|M|Q|Y)\d{2}\b"


def named_periods(message: str) -> str:
    """'2019QMAT01–2025QMAT01' → 'fra 2. kvartal 2018 – 1. kvartal 2019 til 2. kvartal 2024 – 1. kvartal 2025'."""
    def name(code: str) -> str:
        return format_period_span(parse_period(code), " – ")

    message = re.sub(f"({_PERIOD_CODE})–({_PERIOD_CODE})", lambda m: f"fra {name(m.group(1))} til {name(m.group(2))}", message)
    return re.sub(_PERIOD_CODE, lambda m: name(m.group(0)), message)


def placeholder_values(reply: Reply) -> dict[str, str]:
    """The values the Word template's `{{ … }}` placeholders can use."""
    inquiry = reply.question_file.inquiry
    return {
        "modtager": inquiry.recipient,
        "henvendelsesdato": format_long_date(inquiry.date),
        "emne": inquiry.subject,
        "sagsnummer": inquiry.case_number or "",
        "brevdato": format_long_date(reply.letter_date),
        "underskriver": reply.signer,
        "titel": reply.title,
    }


def letter_properties(reply: Reply, final: bool) -> LetterProperties:
    inquiry = reply.question_file.inquiry
    return LetterProperties(
        title=f"Svar til {inquiry.recipient} vedrørende {inquiry.subject}",
        subject=inquiry.subject,
        author=f"{reply.signer}, {reply.title}",
        case_number=inquiry.case_number or "",
        recipient=inquiry.recipient,
        letter_date=reply.letter_date,
        generator=GENERATOR,
        final=final,
        example_data=bool(reply.example_data_questions),
        deadline=None if final else reply.deadline(),  # a draft says its deadline; a sent letter need not
    )


@dataclass(frozen=True)
class Rendered:
    docx: bytes
    sidecar: bytes


def check_final(reply: Reply, allow_example_data: bool = False) -> None:
    """Refuse a final version while anything is unanswered, missing or a placeholder, or while
    figures are synthetic example data (unless the caseworker allows it, e.g. for a demonstration)."""
    problems = reply.problems + [f"{where} er stadig en pladsholder fra svarbrev ny: »{value}«" for where, value in placeholders_left(reply.question_file)]
    if not allow_example_data:
        problems += [
            f"spørgsmål {number}: tallene er eksempeldata (syntetiske, ikke officielle); brug rigtige data eller --tillad-eksempeldata"
            for number in dict.fromkeys(reply.example_data_questions)
        ]
    if problems:
        raise NotFinalError(problems, file=reply.question_file.display_name)


def placeholders_left(question_file: QuestionFile) -> list[tuple[str, str]]:
    """Fields still holding what `svarbrev ny` writes where it could not tell ("[emne]")."""
    inquiry, letter = question_file.inquiry, question_file.letter
    fields = [
        ("henvendelse.modtager", inquiry.recipient),
        ("henvendelse.emne", inquiry.subject),
        ("henvendelse.sagsnummer", inquiry.case_number),
        ("brev.underskriver", letter.signer),
        ("brev.titel", letter.title),
    ]
    fields += [(f"{q.field}.tekst", q.text) for q in question_file.questions]
    fields += [(f"{q.field}.svar", q.answer) for q in question_file.questions]
    return [(where, match.group(0)) for where, value in fields if value for match in [PLACEHOLDER.search(value)] if match]


def render_letter(
    reply: Reply, letter_name: str, final: bool = False, templates_dir: Path = TEMPLATES_DIR, allow_example_data: bool = False
) -> Rendered:
    """The Word file and its sidecar. A draft carries a provenance comment on every figure in the
    text; a final version has none, and carries the signature image and Word's final flag."""
    if final:
        check_final(reply, allow_example_data)
    template = open_template(reply.profile.word_file, reply.profile.styles)
    texts = text_renderer(templates_dir / TEXTS_FOLDER)
    template.fill_placeholders(placeholder_values(reply))
    template.insert_questions([section.question for section in reply.sections])
    headings = [texts.render_text("ad_overskrift.j2", {"number": s.number, "question": s.question}) for s in reply.sections]

    def comment_lines(index: int) -> list[str]:
        figure = reply.figures[index]
        reading = reply.readings.get((figure.question, figure.metric), ()) if figure.question is not None and figure.metric else ()
        return split_paragraphs(texts.render_text_block("kildekommentar.j2", {**describe(figure), "reading": reading}))

    paragraphs = template.insert_answers(reply.sections, headings, None if final else FigureComments(comment_lines, reply.letter_date))
    for number, paragraph in enumerate(paragraphs):
        for index in paragraph.figures:
            reply.figures[index].paragraph = number
    signature = reply.question_file.letter.signature
    if final and signature is not None:
        if not signature.is_file():
            raise DataError(f"billedet findes ikke: {signature}", file=reply.question_file.display_name, line=reply.question_file.letter.signature_line, field="brev.underskrift")
        template.insert_signature(signature)
    if not final:
        template.mark_as_draft()
    set_properties(template.document, letter_properties(reply, final))
    docx = template.to_bytes(reply.letter_date)
    sidecar = build_sidecar(
        letter_name=letter_name,
        question_file=Path(reply.question_file.display_name).name,
        final=final,
        letter_date=reply.letter_date,
        generator=GENERATOR,
        docx=docx,
        paragraphs=paragraphs,
        log=reply.figures,
        sections=reply.sections,
        accepted=[(q.number, q.accepted) for q in reply.question_file.questions if q.accepted],
    )
    return Rendered(docx, sidecar)


REPLY_SUFFIX = ".svar.docx"


def default_output(question_path: Path, final: bool = False) -> Path:
    """adagpenge.yaml → adagpenge.svar.docx: never the name of the inquiry the file was made from
    (`svarbrev ny adagpenge.docx` writes adagpenge.yaml); the final edition is adagpenge.svar-endelig.docx,
    so it stands beside the draft instead of replacing it."""
    suffix = REPLY_SUFFIX.replace(".docx", "-endelig.docx") if final else REPLY_SUFFIX
    return question_path.with_name(question_path.stem + suffix)


@dataclass(frozen=True)
class ReplySettings:
    """How a letter is made, whoever asks for it (the CLI, batch, the page)."""

    data_dir: Path | None = None  # --data; else the file's data.mappe; else the examples
    templates_dir: Path = TEMPLATES_DIR
    final: bool = False
    extract_date: date | None = None  # use extracts dated this day or before
    allow_example_data: bool = False  # a final letter on synthetic figures (a demonstration)


@dataclass(frozen=True)
class Generated:
    output: Path
    sidecar: Path
    reply: Reply


def make_reply(question_file: QuestionFile, settings: ReplySettings = ReplySettings()) -> Reply:
    """The one way a letter is made: the questions mapped, the figures computed, the text composed.
    A question file with a list of recipients makes one letter per row, in batch."""
    refuse_recipient_list(question_file)
    return compose_reply(question_file, settings.data_dir, settings.templates_dir, extract_date=settings.extract_date)


def refuse_recipient_list(question_file: QuestionFile) -> None:
    if question_file.inquiry.recipients is not None:
        raise QuestionFileError(
            "filen har en modtagerliste; lav et brev pr. modtager med svarbrev batch",
            file=question_file.display_name,
            line=question_file.inquiry.recipients_line,
            field="henvendelse.modtagere",
        )


def save_reply(reply: Reply, output: Path, settings: ReplySettings = ReplySettings(), overwrite: bool = False, sync_folder: bool = True) -> Generated:
    """The letter and its sidecar rendered and written side by side, atomically: both or neither.
    A final letter is refused (NotFinalError) while anything is missing; `overwrite` replaces files.

    The letter is synced to disk before it takes its name, and takes it after its sidecar, so a letter
    is never there in part or without its sidecar; the folder is synced after (batch: once, at the end)."""
    rendered = render_letter(reply, output.name, settings.final, settings.templates_dir, settings.allow_example_data)
    sidecar = sidecar_path(output)
    make_folder_for(output)
    write_files_atomically({sidecar: rendered.sidecar, output: rendered.docx}, overwrite, synced=(output,), sync_folder=sync_folder)
    return Generated(output, sidecar, reply)


def generate_reply(
    question_path: str | Path,
    output: Path | None = None,
    data_dir: Path | None = None,
    overwrite: bool = False,
    templates_dir: Path = TEMPLATES_DIR,
    final: bool = False,
    extract_date: date | None = None,
    allow_example_data: bool = False,
) -> Generated:
    """`svarbrev generate`: read the question file, refuse an output that may not be replaced before
    any figure is computed, then make and save the reply; nothing is written unless all of it succeeds."""
    question_file = load_question_file(question_path)
    refuse_recipient_list(question_file)  # before the output is looked at: the file is the problem, not the output
    settings = ReplySettings(data_dir, templates_dir, final, extract_date, allow_example_data)
    output = output or default_output(question_file.path, final)
    check_replaceable_letter(output)
    for path in (output, sidecar_path(output)):
        check_writable(path, overwrite, create_folder=True)
    return save_reply(make_reply(question_file, settings), output, settings, overwrite)
