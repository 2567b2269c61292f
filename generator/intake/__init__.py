"""An incoming inquiry (.txt, .docx, .eml) → a drafted question file for the caseworker to review.

`svarbrev ny` reads the inquiry as received, finds who asked, when, about what and the questions,
lets the automatic matcher propose metrics for each question and writes a question file that
follows the README contract. Everything found is a proposal: the reasons are written as comments
next to each question, and whatever could not be found gets a marked placeholder and a warning.
Nothing the sender wrote is dropped without a trace: every sentence that did not become a question
(greetings, thanks and the signature aside) is listed as a comment at the end of the draft, and the
optional `brev` and `data` sections are shown as comments with the values used without them.

Reading is deliberately forgiving (greetings, signatures, disclaimers, quoted replies and
forwarded headers are skipped); the drafted file is always checked with the question-file parser
before it is handed back, so a draft that does not validate is a bug here, not a user error.

The package is split by job: readers (.txt, .docx, .eml → text and headers), thread (the sender's own
message: earlier and forwarded messages, signatures and disclaimers cut off), questions (items,
questions and requests), metadata (sender, date, subject, case number), drafting (the proposal and
the question file), with the Danish words they recognise in ordliste.yaml and the patterns that
put them together in vocabulary. A message is read once (thread.Message: cleaned, cut from the
earlier message, split into lines) and handed to the readers of questions and metadata.
"""

from generator.intake.drafting import Survey, draft_question_file, leaves_choice_to_matcher, proposal_lines, survey_inquiry
from generator.intake.metadata import find_case_number, find_date, find_sender, find_subject, normalise_subject
from generator.intake.model import NOT_TAKEN_HEADING, SUPPORTED_SUFFIXES, Draft, InquiryError, RawInquiry
from generator.intake.questions import extract_questions, split_sentences
from generator.intake.readers import html_to_text, read_inquiry
from generator.intake.thread import split_earlier_message

__all__ = [
    "NOT_TAKEN_HEADING",
    "SUPPORTED_SUFFIXES",
    "Draft",
    "InquiryError",
    "RawInquiry",
    "Survey",
    "draft_question_file",
    "extract_questions",
    "find_case_number",
    "find_date",
    "find_sender",
    "find_subject",
    "html_to_text",
    "leaves_choice_to_matcher",
    "normalise_subject",
    "proposal_lines",
    "read_inquiry",
    "split_earlier_message",
    "split_sentences",
    "survey_inquiry",
]
