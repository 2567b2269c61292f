"""The whole path: question file → mapping → metrics → text and tables → Word reply.

This is the library API the CLI is a thin shell over; tests call it directly.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.errors import DataError, MissingDataError
from generator.mapping import MappedQuestion, map_questions
from generator.metrics.catalogue import Catalogue, load_catalogue
from generator.metrics.extracts import ExtractStore
from generator.metrics.results import MetricResult
from generator.output import check_writable, write_atomically
from generator.profile import DEFAULT_DATA_DIR, DEFAULT_TEMPLATE, TEMPLATES_DIR, TEXTS_FOLDER, TemplateProfile, load_profile
from generator.questionfile import QuestionFile, load_question_file
from generator.rendering.blocks import AnswerSection, Block, TextBlock
from generator.rendering.formatting import format_long_date
from generator.rendering.text import TableNumbering, TextRenderer, split_paragraphs
from generator.rendering.word import open_template


@dataclass
class Reply:
    """A composed reply, before it becomes a Word file."""

    question_file: QuestionFile
    profile: TemplateProfile
    letter_date: date
    sections: list[AnswerSection]
    results: list[MetricResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mapped: list[MappedQuestion] = field(default_factory=list)

    @property
    def signer(self) -> str:
        return self.question_file.letter.signer or self.profile.signer

    @property
    def title(self) -> str:
        return self.question_file.letter.title or self.profile.title

    @property
    def table_count(self) -> int:
        return sum(len(section.tables) for section in self.sections)


def resolve_data_dir(question_file: QuestionFile, data_dir: Path | None) -> Path:
    """--data wins over the file's data.mappe, which wins over the examples."""
    folder = data_dir or question_file.data.folder or DEFAULT_DATA_DIR
    if not folder.is_dir():
        if data_dir is None and question_file.data.folder is not None:
            raise DataError(f"datamappen findes ikke: {folder}", file=question_file.display_name, line=question_file.data.folder_line, field="data.mappe")
        raise DataError(f"datamappen findes ikke: {folder}")
    return folder


def compose_reply(
    question_file: QuestionFile,
    data_dir: Path | None = None,
    templates_dir: Path = TEMPLATES_DIR,
    catalogue: Catalogue | None = None,
    today: date | None = None,
) -> Reply:
    catalogue = catalogue or load_catalogue()
    mapped = map_questions(question_file, catalogue)
    profile = load_profile(question_file.letter.template or DEFAULT_TEMPLATE, templates_dir)
    store = ExtractStore(resolve_data_dir(question_file, data_dir), cutoff=question_file.data.extract_date)
    texts = TextRenderer(templates_dir / TEXTS_FOLDER)
    reply = Reply(question_file, profile, question_file.letter.date or today or date.today(), [], mapped=mapped)
    numbering = TableNumbering()
    for item in mapped:
        section = AnswerSection(item.question.number, item.question.text)
        section.blocks = answer_blocks(item, store, profile, texts, numbering, reply)
        reply.sections.append(section)
    return reply


def answer_blocks(
    item: MappedQuestion,
    store: ExtractStore,
    profile: TemplateProfile,
    texts: TextRenderer,
    numbering: TableNumbering,
    reply: Reply,
) -> list[Block]:
    """The caseworker's text first, then each metric's text and tables; placeholders where missing."""
    blocks: list[Block] = [TextBlock(paragraph) for paragraph in split_paragraphs(item.question.answer or "")]
    for metric in item.metrics:
        try:
            result = metric.compute(store, profile.place)
        except MissingDataError as error:
            message = in_letter_terms(error)
            reply.warnings.append(f"spørgsmål {item.question.number}: {metric.id}: {message}")
            blocks.append(TextBlock(texts.render_text("data_mangler.j2", {"metric": metric.id, "message": message}), highlight=True))
            continue
        reply.results.append(result)
        blocks.extend(texts.render_blocks(metric.template, metric.template_context(result), numbering))
    if item.unanswered:
        reply.warnings.append(f"spørgsmål {item.question.number} er ikke besvaret")
        blocks.append(TextBlock(texts.render_text("svar_mangler.j2", {}), highlight=True))
    return blocks


def in_letter_terms(error: MissingDataError) -> str:
    """The message for a placeholder in the letter: the data file by name, not its server path."""
    where = Path(error.file).name if error.file else None
    return MissingDataError(error.message, file=where, line=error.line, field=error.field).one_line()


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


def render_docx(reply: Reply, templates_dir: Path = TEMPLATES_DIR) -> bytes:
    template = open_template(reply.profile.word_file)
    texts = TextRenderer(templates_dir / TEXTS_FOLDER)
    template.fill_placeholders(placeholder_values(reply))
    template.insert_questions([section.question for section in reply.sections])
    headings = [
        texts.render_text("ad_overskrift.j2", {"number": section.number, "question": section.question})
        for section in reply.sections
    ]
    template.insert_answers(reply.sections, headings)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def default_output(question_path: Path) -> Path:
    return question_path.with_suffix(".docx")


@dataclass(frozen=True)
class Generated:
    output: Path
    reply: Reply


def generate_reply(
    question_path: str | Path,
    output: Path | None = None,
    data_dir: Path | None = None,
    overwrite: bool = False,
    templates_dir: Path = TEMPLATES_DIR,
) -> Generated:
    """Read, compute, render and write one reply; nothing is written unless all of it succeeds."""
    question_file = load_question_file(question_path)
    output = output or default_output(question_file.path)
    check_writable(output, overwrite)
    reply = compose_reply(question_file, data_dir, templates_dir)
    write_atomically(output, render_docx(reply, templates_dir), overwrite)
    return Generated(output, reply)
