"""A read inquiry → the matcher's proposal for each question → a question file (`svarbrev ny`)."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import limits
from generator.errors import QuestionFileError, SvarbrevError
from generator.intake.model import NOT_TAKEN_HEADING, Draft, InquiryError
from generator.intake.readers import read_inquiry
from generator.intake.thread import _collapse
from generator.profile import DEFAULT_DATA_DIR, DEFAULT_TEMPLATE, load_profile
from generator.questionfile import UNKNOWN_SENDER, UNKNOWN_SUBJECT, clean_text, parse_question_file
from generator.questionfile.writer import double_quoted as _double_quoted
from generator.questionfile.writer import metrics_value
from generator.questionfile.writer import yaml_scalar as _scalar
from generator.rendering.formatting import format_long_date, format_score

if TYPE_CHECKING:
    from generator.mapping.matcher import MappingResult

HEADER_LIMIT = 300  # a name, subject or case number longer than this was not read right


def _header_value(text: str | None) -> str | None:
    """A header field on one line; one too long to be a name or a subject counts as not found."""
    value = _single_line(text) if text else None
    return value if value and len(value) <= HEADER_LIMIT else None


def _check_sizes(questions: Sequence[str], path: Path) -> None:
    """The limits a question file has (README: "Grænser"), said before any mapping is done."""
    if len(questions) > limits.QUESTIONS:
        raise InquiryError(f"henvendelsen har {len(questions)} spørgsmål; grænsen er {limits.QUESTIONS} — del den op", file=path)
    for number, question in enumerate(questions, start=1):
        if len(question) > limits.TEXT_FIELD:
            raise InquiryError(
                f"spørgsmål {number} er for langt ({len(question):,} tegn; grænsen er {limits.TEXT_FIELD:,}) — "
                "står spørgsmålene som én lang tekst eller med over 99 numre?".replace(",", "."),
                file=path,
            )


@dataclass(frozen=True)
class Survey:
    """What an inquiry yields before anything is written: the fields found (None where nothing was
    found), the questions with the matcher's proposal for each, and Danish warnings. `svarbrev ny`
    writes it as a question file; the page (`svarbrev web`) shows it for review."""

    source: Path
    sender: str | None
    subject: str | None
    date: datetime.date
    date_found: bool
    case_number: str | None
    questions: list[str]
    results: list[MappingResult]  # the matcher's proposal, per question
    threshold: float
    not_taken: list[str]
    text: str  # the message as read
    warnings: list[str]  # about the inquiry as a whole
    question_warnings: list[str]  # per question: no metric, or words the figures cannot answer

    @property
    def all_warnings(self) -> list[str]:
        return self.warnings + self.question_warnings


def survey_inquiry(path: Path) -> Survey:
    """Read the inquiry at `path`: who asked, when, about what, the questions and the proposed metrics."""
    from generator.mapping import matcher_for
    from generator.mapping.matcher import Context
    from generator.metrics.catalogue import load_catalogue

    path = Path(path)
    inquiry = read_inquiry(path)
    if not inquiry.questions:
        raise InquiryError(
            "fandt ingen spørgsmål i henvendelsen; spørgsmål skal stå som nummererede punkter, "
            "som punktopstilling eller som sætninger, der slutter med '?'",
            file=path,
        )
    _check_sizes(inquiry.questions, path)
    warnings: list[str] = []
    sender = _header_value(inquiry.sender)
    subject = _header_value(inquiry.subject)
    if not sender:
        warnings.append("fandt ingen afsender; udfyld henvendelse.modtager")
    if not subject:
        warnings.append("fandt intet emne; udfyld henvendelse.emne")
    date = inquiry.date
    if date is not None and not limits.EARLIEST_DATE <= date <= limits.LATEST_DATE:
        # "1. januar 1989", "3. marts 2100": a typing error or a quoted date, never the inquiry's date
        fallback, where = _fallback_date(path)
        warnings.append(
            f"henvendelsens dato {date.isoformat()} ligger uden for {limits.EARLIEST_DATE.year}-{limits.LATEST_DATE.year} og er ikke brugt; "
            f"henvendelse.dato er sat til {where} ({fallback.isoformat()}); ret den"
        )
        date = fallback
    elif date is None:
        date, where = _fallback_date(path)
        warnings.append(f"fandt ingen dato i henvendelsen; henvendelse.dato er sat til {where} ({date.isoformat()}); ret den")
    if inquiry.not_taken:
        count = len(inquiry.not_taken)
        what = (
            "1 sætning fra henvendelsen blev ikke til et spørgsmål"
            if count == 1
            else f"{count} sætninger fra henvendelsen blev ikke til spørgsmål"
        )
        warnings.append(f"{what}; se listen »{NOT_TAKEN_HEADING}«, og flyt det, der skal besvares, op under spørgsmål")

    matcher = matcher_for(load_catalogue())
    questions = [_single_line(q) for q in inquiry.questions]
    results = []
    question_warnings: list[str] = []
    for number, question in enumerate(questions, start=1):
        result = matcher.match(question, Context(subject or "", tuple(questions[: number - 1]), date))
        results.append(result)
        unknown = [phrase.text for phrase in result.unhonoured if phrase.unknown]
        if unknown:
            words = ", ".join(f"»{text}«" for text in unknown)
            question_warnings.append(f"spørgsmål {number}: {words} er ikke forstået; skriv et svar eller metrikker, eller accepter ordene")
        elif result.unhonoured:
            words = ", ".join(f"»{phrase.text}«" for phrase in result.unhonoured)
            question_warnings.append(f"spørgsmål {number}: {words} kan ikke besvares med tallene; skriv et svar eller metrikker")
        elif not result.chosen:
            question_warnings.append(f"spørgsmål {number} fik ingen metrik; skriv et svar, ellers står der [Svar mangler] i brevet")
    return Survey(
        source=path, sender=sender, subject=subject, date=date, date_found=inquiry.date is not None,
        case_number=_header_value(inquiry.case_number), questions=questions, results=results,
        threshold=matcher.threshold, not_taken=list(inquiry.not_taken), text=inquiry.text, warnings=warnings,
        question_warnings=question_warnings,
    )


def leaves_choice_to_matcher(result) -> bool:
    """A proposal the question file leaves to the automatic mapping (no `metrikker`): nothing was
    chosen, or some of the question's words are not answered, so the letter marks them and the final
    version is refused until the caseworker decides."""
    return not result.chosen or bool(result.unhonoured)


def draft_question_file(path: Path) -> Draft:
    """Read the inquiry at `path` and draft a question file that passes the question-file parser."""
    survey = survey_inquiry(path)
    path = survey.source
    today = datetime.date.today()
    lines = [
        f"# Udkast lavet af `svarbrev ny` ud fra {_comment(path.name)} den {format_long_date(today)}. "
        "Gennemgå felterne og metrikkerne.",
    ]
    lines += [f"# OBS: {_comment(warning)}" for warning in survey.warnings]
    sender, subject = survey.sender, survey.subject
    lines += [
        "henvendelse:",
        f"  modtager: {_scalar(sender or UNKNOWN_SENDER)}" + ("" if sender else "  # UDFYLD: afsenderens navn"),
        f"  dato: {survey.date.isoformat()}" + ("" if survey.date_found else "  # RET: henvendelsens dato"),
        f"  emne: {_scalar(subject or UNKNOWN_SUBJECT)}" + ("" if subject else "  # UDFYLD: \"... vedrørende <emne>.\""),
        f"  sagsnummer: {_scalar(survey.case_number)}" if survey.case_number else "  # sagsnummer:  # valgfri; vises i brevhovedet",
        *_settings_stubs(today),
        "spørgsmål:",
    ]
    for question, result in zip(survey.questions, survey.results):
        lines.append(f"  - tekst: {_double_quoted(question)}")
        lines += _mapping_lines(result, survey.threshold)
    lines += _not_taken_lines(survey.not_taken)
    text = "\n".join(lines) + "\n"
    _check_draft(text, path)
    return Draft(text=text, questions=survey.questions, warnings=survey.all_warnings)


def _settings_stubs(today: datetime.date) -> list[str]:
    """The optional `brev` and `data` sections as comments, with the values used when they are left out."""
    try:
        profile = load_profile(DEFAULT_TEMPLATE)
        defaults = [("underskriver", profile.signer), ("titel", profile.title)]
    except SvarbrevError:  # a broken template is reported by `generate`; the draft only shows the keys
        defaults = []
    stubs = [
        ("brev:", "valgfri; fjern '# ' foran de linjer, der skal gælde"),
        (f"  dato: {today.isoformat()}", "brevets dato; standard er den dag, brevet laves"),
        (f"  skabelon: {DEFAULT_TEMPLATE}", "mappe under templates/"),
        *[(f"  {key}: {_scalar(value)}", "standard fra skabelonen") for key, value in defaults],
        ("data:", "valgfri"),
        (f"  mappe: {_scalar(str(DEFAULT_DATA_DIR))}", "datamappen, i forhold til denne fil; standard --data, ellers denne"),
        (f"  udtræk: {today.isoformat()}", "brug udtræk dateret denne dag eller før; standard det nyeste"),
    ]
    width = max(len(stub) for stub, _ in stubs) + 2
    return [f"# {stub:<{width}}# {_comment(note)}" for stub, note in stubs]


def _not_taken_lines(sentences: Sequence[str]) -> list[str]:
    """The sentences that did not become questions, as comments at the end of the draft."""
    if not sentences:
        return []
    return [
        f"# {NOT_TAKEN_HEADING}:",
        "#   (tekst fra henvendelsen, der ikke blev til et spørgsmål; skal noget af den besvares, så skriv den",
        "#   som et punkt under spørgsmål med `- tekst: \"…\"`)",
        *[f"#   - {_comment(sentence)}" for sentence in sentences],
    ]


def proposal_lines(result, threshold: float) -> list[str]:
    """The matcher's proposal for one question in words, one line each: why no metric, each
    suggestion with its score and reason, the parameters read, what is not answered, notes."""
    lines: list[str] = []
    chosen = set(result.chosen)
    if not chosen:
        if result.notes:
            lines += [f"ingen metrik: {_comment(note)}" for note in result.notes]
        elif result.suggestions and all(suggestion.score < threshold for suggestion in result.suggestions):
            lines.append(f"ingen metrik: intet forslag nåede tærsklen ({format_score(threshold)})")
        elif any(phrase.unknown for phrase in result.unhonoured):
            lines.append("ingen metrik: spørgsmålet har ord, svarbrev ikke kender, og som kan ændre, hvad der spørges om (se »ikke forstået«)")
        elif result.unhonoured:
            lines.append("ingen metrik: tallene ville svare på noget andet end det, der spørges om (se »ikke besvaret«)")
        else:
            lines.append("ingen metrik: svarbrev genkendte hverken ordning eller analyse i spørgsmålet")
    for suggestion in result.suggestions:
        # a suggestion over the threshold gets no figures when they would answer something else than asked
        below = "" if suggestion.metric in chosen else " (holdt tilbage)" if suggestion.score >= threshold else " (under tærsklen)"
        lines.append(f"{suggestion.metric} ({format_score(suggestion.score)}): {_comment(suggestion.reason)}{below}")
    lines += [f"parametre: {_comment('; '.join(call.reasons[1:]))}" for call in result.calls if len(call.reasons) > 1]
    lines += [
        f"{'ikke forstået' if phrase.unknown else 'ikke besvaret'}: »{_comment(phrase.text)}« — {_comment(phrase.reason)}"
        for phrase in result.unhonoured
    ]
    if chosen:
        lines += [f"bemærk: {_comment(note)}" for note in result.notes]
    return lines


def _mapping_lines(result, threshold: float) -> list[str]:
    lines = [f"    # {line}" for line in proposal_lines(result, threshold)]
    calls = metrics_value(result.calls)
    if not result.chosen:
        lines += ["    # svar: |", "    #   (sagsbehandlerens svar)"]
    elif leaves_choice_to_matcher(result):
        # Left to the automatic mapping, so the letter marks what is not answered and the final
        # version is refused until the caseworker writes `svar` or decides on `metrikker`.
        lines.append(f"    # forslag, når det ubesvarede er afklaret: metrikker: {calls}")
    else:
        lines.append(f"    metrikker: {calls}")
    unknown = [phrase.text for phrase in result.unhonoured if phrase.unknown]
    if unknown:
        # The caseworker accepts what does not change the question by removing '# ' (and the words that do).
        words = ", ".join(_double_quoted(_comment(text)) for text in unknown)
        lines.append(f"    # accepter: [{words}]  # fjern '# ', hvis ordene ikke ændrer, hvad der spørges om")
    return lines


def _check_draft(text: str, path: Path) -> None:
    try:
        parse_question_file(text, path.with_suffix(".yaml").name, path.parent)
    except QuestionFileError as error:  # the draft is ours: a refusal here is a bug in this module
        raise RuntimeError(f"udkastet til spørgsmålsfil er ugyldigt: {error}") from error


def _fallback_date(path: Path) -> tuple[datetime.date, str]:
    try:
        changed = datetime.date.fromtimestamp(path.stat().st_mtime)
    except (OSError, ValueError, OverflowError):
        return datetime.date.today(), "dags dato"
    if limits.EARLIEST_DATE <= changed <= limits.LATEST_DATE:
        return changed, "filens dato"
    return datetime.date.today(), "dags dato"  # a file dated 1970 by a copy tool is no inquiry's date


def _single_line(text: str) -> str:
    return _collapse(clean_text(text))


def _comment(text: str) -> str:
    """Text that can stand after '#' on one line."""
    return _collapse("".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in clean_text(text)))
