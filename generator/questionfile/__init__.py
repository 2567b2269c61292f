"""The question file, the contract between the caseworker and svarbrev: its model, its one table of
metric-call parameters, its reader and its writer."""

from generator.questionfile import writer  # noqa: F401  (questionfile.writer)
from generator.questionfile.model import (
    AnswerPlan,
    CallSpec,
    DataSettings,
    Inquiry,
    LetterSettings,
    MetricCall,
    Question,
    QuestionFile,
    QuestionPlan,
)
from generator.questionfile.parameters import FILTERS, KEYS, LIST_KEYS, NO, PARAMETERS, YES, CallError, Parameter
from generator.questionfile.reader import (
    PLACEHOLDER,
    UNKNOWN_SENDER,
    UNKNOWN_SUBJECT,
    build_call,
    load_question_file,
    parse_question_file,
    question_file_source,
)
from generator.yaml_schema import clean_text

__all__ = [
    "FILTERS",
    "KEYS",
    "LIST_KEYS",
    "NO",
    "PARAMETERS",
    "PLACEHOLDER",
    "UNKNOWN_SENDER",
    "UNKNOWN_SUBJECT",
    "YES",
    "AnswerPlan",
    "CallError",
    "CallSpec",
    "DataSettings",
    "Inquiry",
    "LetterSettings",
    "MetricCall",
    "Parameter",
    "Question",
    "QuestionFile",
    "QuestionPlan",
    "build_call",
    "clean_text",
    "load_question_file",
    "parse_question_file",
    "question_file_source",
]
