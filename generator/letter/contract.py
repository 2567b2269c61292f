"""What a svarbrev letter is: the names and strings the writer puts in and every reader relies on.

The .docx side (template markers, style names, the "Ad N:" heading, the closing, document
properties) and the .tal.json side (file suffix, keys) are named here once. Style names can be
overridden per template in profil.yaml (`stilarter:`); see LetterStyles.from_mapping.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from generator.domain.places import PLACE_CAPTION, PLACE_TABLE, PLACE_TEXT  # noqa: F401  (the sidecar's names for them)

# -- the Word template's markers -----------------------------------------------------------------

QUESTIONS_MARKER = "[[spørgsmål]]"  # the paragraph replaced by the numbered questions
ANSWERS_MARKER = "[[svar]]"  # the paragraph replaced by the answers; the closing follows it
DRAFT_MARK = "UDKAST – ikke til underskrift"  # the red line in every page header of a draft

# -- the letter's text ----------------------------------------------------------------------------

HEADING_PATTERN = re.compile(r"^Ad (\d+):")  # "Ad 2: ”…”" (written from templates/tekster/ad_overskrift.j2)
CLOSING = "Med venlig hilsen"  # the template's closing line: answers end where it starts
TABLE_LABEL = "Tabel"  # "Tabel 1 - …": the caption's label and its SEQ field's name


def heading_number(text: str) -> int | None:
    """The question number of an "Ad N:" heading, None for any other text."""
    match = HEADING_PATTERN.match(text)
    return int(match.group(1)) if match else None


def is_closing(text: str) -> bool:
    return text.startswith(CLOSING)


@dataclass(frozen=True)
class LetterStyles:
    """The template's paragraph and table style names the letter is written in."""

    question: str = "Spørgsmål"
    heading: str = "Ad-overskrift"
    body: str = "Normal"
    caption: str = "Caption"
    table: str = "Table Grid"
    table_text: str = "Tabeltekst"
    table_note: str = "Tabelnote"
    source: str = "Kilde"
    signature: str = "Underskrift"
    letterhead: str = "Brevhoved"

    @classmethod
    def from_mapping(cls, names: Mapping[str, str] | None) -> LetterStyles:
        """Defaults, with the names profil.yaml's `stilarter:` gives (keys as the field names here)."""
        if not names:
            return cls()
        known = {field.name for field in fields(cls)}
        unknown = sorted(set(names) - known)
        if unknown:
            raise ValueError(f"ukendte stilarter: {', '.join(unknown)} (kendte: {', '.join(sorted(known))})")
        return replace(cls(), **{key: str(value) for key, value in names.items()})

    def not_answer_text(self) -> tuple[str, ...]:
        """Styles of paragraphs between the headings that are not answer prose."""
        return (self.caption, self.table_note, self.source, self.heading)


DEFAULT_STYLES = LetterStyles()
HEADING_STYLE_PREFIXES = ("Heading", "Overskrift", DEFAULT_STYLES.heading, "Title", "Titel")  # shown as headings

# -- document properties (docProps/core.xml and custom.xml) ----------------------------------------

CATEGORY = "Svar på politikerspørgsmål"
LANGUAGE = "da-DK"
EXAMPLE_DATA_COMMENT = "Bygger på eksempeldata: syntetiske tal, ikke officielle"


@dataclass(frozen=True)
class PropertyNames:
    """The custom document properties a svarbrev letter carries."""

    case_number: str = "Sagsnummer"
    recipient: str = "Modtager"
    letter_date: str = "Brevdato"
    deadline: str = "Svarfrist"  # a draft's answer deadline (issue 26); a final letter does not carry it
    subject: str = "Emne"
    generator: str = "Generator"  # "svarbrev <version>" in every letter svarbrev writes
    status: str = "Status"
    content_hash: str = "Indholdshash"  # sha256 of every part outside docProps/, to notice later edits
    example_data: str = "Eksempeldata"
    mark_as_final: str = "_MarkAsFinal"  # Word's "marked as final" flag


PROPERTIES = PropertyNames()
STATUS_DRAFT = "Udkast"
STATUS_FINAL = "Endelig"
EXAMPLE_DATA_VALUE = "ja (syntetiske tal, ikke officielle)"
GENERATOR_PREFIX = "svarbrev"

# -- the sidecar (.tal.json) -------------------------------------------------------------------------

SIDECAR_SUFFIX = ".tal.json"
EDITION_DRAFT = "udkast"
EDITION_FINAL = "endelig"
KIND_NUMBER = "tal"  # a figure's "art" when it is a number (not a period or an area)


def sidecar_name(letter_stem: str) -> str:
    """svar → svar.tal.json."""
    return letter_stem + SIDECAR_SUFFIX


@dataclass(frozen=True)
class SidecarKeys:
    """The sidecar's Danish keys (caseworkers open the file too), in the order they are written."""

    generator: str = "svarbrev"
    letter: str = "brev"
    sha256: str = "sha256"
    question_file: str = "spørgsmålsfil"
    edition: str = "udgave"
    letter_date: str = "brevdato"
    paragraphs: str = "afsnit"
    figures: str = "tal"
    accepted: str = "accepterede_ord"  # question number → the words its `accepter` accepted (only when any)
    # a paragraph
    number: str = "nr"
    question: str = "spørgsmål"
    text: str = "tekst"
    caseworker_numbers: str = "sagsbehandlerens_tal"
    # a figure ("tekst", "spørgsmål", "afsnit", "tabel" as above or below)
    value: str = "værdi"
    kind: str = "art"
    metric: str = "metrik"
    place: str = "sted"
    paragraph: str = "afsnit"
    table: str = "tabel"
    row: str = "række"
    column: str = "kolonne"
    sources: str = "kilde"
    computation: str = "beregning"
    # a read of an extract
    file: str = "fil"
    source: str = "kilde"
    extract_date: str = "udtræksdato"
    example_data: str = "eksempeldata"
    areas: str = "områder"
    periods: str = "perioder"
    measures: str = "mål"
    derived: str = "afledt"


KEYS = SidecarKeys()
