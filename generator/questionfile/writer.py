"""Writes question files: the one place that quotes their values, so what is written reads back as
the same text (`svarbrev ny`'s draft, the page's plan, `svarbrev match`'s calls all come through here).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import yaml

from generator.questionfile.model import AnswerPlan, CallSpec, MetricCall

_PLAIN_IN_FLOW = re.compile(r"[A-Za-zÆØÅæøåÉé][\wÆØÅæøåÉé .-]*")


def yaml_scalar(text: str) -> str:
    """A one-line YAML scalar for `text`: plain where YAML reads it back unchanged, else quoted."""
    dumped = yaml.safe_dump(text, allow_unicode=True, default_flow_style=True, width=1_000_000)
    dumped = dumped.removesuffix("\n").removesuffix("\n...").removesuffix("...").rstrip("\n")
    if "\n" in dumped or dumped.startswith(("'", '"')) or yaml.safe_load(dumped) != text:
        return double_quoted(text)
    return dumped


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar; `: `, `#`, quotes and `{{ … }}` come back exactly."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in "\x85\ufeff\ufffe\uffff":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def flow_scalar(text: str) -> str:
    """Plain where YAML reads it back as the same text inside [ ] and { }, else double-quoted."""
    if _PLAIN_IN_FLOW.fullmatch(text) and not text.endswith(" ") and yaml.safe_load(text) == text:
        return text
    return double_quoted(text)


def flow_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(flow_scalar(item) for item in items) + "]"


def flow_call(call: CallSpec | MetricCall) -> str:
    """One item of `metrikker`: the bare id, or `{id: …, område: [Vejle], periode: "2022"}`."""
    spec = CallSpec.of(call) if isinstance(call, MetricCall) else call
    if not spec.parameters:
        return flow_scalar(spec.metric_id)
    # An empty list stays, so the reader refuses it: left out, it would silently mean the default.
    parameters = [(key, value) for key, value in spec.ordered_parameters() if isinstance(value, list) or value]
    parts = [f"id: {flow_scalar(spec.metric_id)}"]
    parts += [f"{key}: {flow_list(value) if isinstance(value, list) else flow_scalar(value)}" for key, value in parameters]
    return "{" + ", ".join(parts) + "}"


def metrics_value(calls: Iterable[CallSpec | MetricCall]) -> str:
    """The value of `metrikker:`."""
    return "[" + ", ".join(flow_call(call) for call in calls) + "]"


def question_file_text(plan: AnswerPlan, made: str = "", default_template: str = "") -> str:
    """The plan as a question file (the README contract); `made` is a first comment line; a template
    equal to `default_template` is left out."""
    lines = [f"# {line}" for line in made.splitlines()]
    lines += [
        "henvendelse:",
        f"  modtager: {yaml_scalar(plan.recipient)}",
        f"  dato: {plan.date.isoformat()}",
        f"  emne: {yaml_scalar(plan.subject)}",
    ]
    if plan.case_number:
        lines.append(f"  sagsnummer: {yaml_scalar(plan.case_number)}")
    letter = [
        ("dato", plan.letter_date.isoformat() if plan.letter_date else ""),
        ("skabelon", plan.template if plan.template != default_template else ""),
        ("underskriver", yaml_scalar(plan.signer) if plan.signer else ""),
        ("titel", yaml_scalar(plan.title) if plan.title else ""),
    ]
    if any(value for _, value in letter):
        lines += ["brev:", *[f"  {key}: {value}" for key, value in letter if value]]
    data = [("mappe", yaml_scalar(plan.data_folder) if plan.data_folder else ""), ("udtræk", plan.extract_date.isoformat() if plan.extract_date else "")]
    if any(value for _, value in data):
        lines += ["data:", *[f"  {key}: {value}" for key, value in data if value]]
    lines.append("spørgsmål:")
    for question in plan.questions:
        lines.append(f"  - tekst: {double_quoted(question.text)}")
        if question.answer:
            lines.append(f"    svar: {double_quoted(question.answer)}")
        if not question.automatic:
            lines.append(f"    metrikker: {metrics_value(question.calls)}")
        if question.accepted:
            lines.append(f"    accepter: {flow_list(question.accepted)}")
    return "\n".join(lines) + "\n"
