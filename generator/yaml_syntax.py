"""Reading hand-edited YAML (question files, kilder.yaml): the node tree, or PyYAML's syntax error
as one Danish line with its line and column, for a caseworker who edits YAML by hand."""

from __future__ import annotations

import re

import yaml

from generator.domain.data import FAST_LOADER  # libyaml when present: same nodes and lines, 10× faster

# (pattern in PyYAML's context and problem, Danish message); {0} is the pattern's first group.
_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"mapping values are not allowed", "et kolon (': ') kan ikke stå her — sæt teksten i anførselstegn, hvis den indeholder ': '"),
    (r"found character '\\t' that cannot start any token|found a tab character", "tabulator kan ikke stå her — brug mellemrum, ikke tabulator, til indrykning"),
    (r"found character '(.+)' that cannot start any token", "tegnet '{0}' kan ikke stå først i en værdi — sæt teksten i anførselstegn"),
    (r"another document", "filen må kun indeholde ét dokument; fjern den ekstra '---'"),
    (r"expected ',' or '\]', but got '<stream end>'", "en liste i [ ] er ikke lukket med ']'"),
    (r"expected ',' or '\}', but got '<stream end>'", "felter i { } er ikke lukket med '}'"),
    (r"expected ',' or '\]', but got '(.+)'", "forventede ',' eller ']' i listen, men fandt '{0}'"),
    (r"expected ',' or '\}', but got '(.+)'", "forventede ',' eller '}', men fandt '{0}'"),
    (r"flow node expected the node content, but found '<stream end>'", "en liste i [ ] eller felter i { } er ikke lukket"),
    (r"expected the node content, but found '<stream end>'", "filen slutter, hvor der skulle stå en værdi"),
    (r"expected the node content, but found '(.+)'", "forventede en værdi, men fandt '{0}'"),
    (r"quoted scalar.*found unexpected end of stream", "et anførselstegn er ikke lukket"),
    (r"found unexpected end of stream", "filen slutter uventet"),
    (r"found unknown escape character '(.+)'", "ukendt tegn efter '\\' i tekst i dobbelte anførselstegn: '\\{0}' — brug enkelte anførselstegn"),
    (r"found undefined alias '(.+)'", "henvisningen *{0} peger på et anker &{0}, der ikke findes"),
    (r"found duplicate anchor '(.+)'", "ankeret &{0} er brugt to gange"),
    (r"could not find expected ':'", "forventede ':' efter et feltnavn"),
    (r"expected <block end>, but found '<scalar>'", "tekst efter en værdi i anførselstegn — sæt hele teksten i anførselstegn"),
    (r"expected <block end>", "indrykningen passer ikke med linjerne over"),
    (r"did not find expected key", "forventede et felt (navn: værdi) — tjek indrykningen"),
    (r"did not find expected '-' indicator", "forventede et listepunkt ('- ') — tjek indrykningen"),
    (r"expected '<document start>', but found '(.+)'", "'{0}' efter filens indhold, hvor intet mere kan stå"),
)


class YamlSyntaxError(Exception):
    """A file that is not valid YAML: a Danish message, and where (1-based) when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column




def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of `text` (None when empty); raises YamlSyntaxError in Danish."""
    try:
        try:
            return yaml.compose(text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            return yaml.compose(text, Loader=yaml.SafeLoader)  # PyYAML's own messages, which _PROBLEMS knows
    except yaml.MarkedYAMLError as error:
        raise described(error) from None
    except yaml.YAMLError:
        raise YamlSyntaxError("ugyldig YAML: filen kan ikke læses som YAML") from None
    except RecursionError:
        raise YamlSyntaxError("ugyldig YAML: for dybt indlejret") from None


def described(error: yaml.MarkedYAMLError) -> YamlSyntaxError:
    """PyYAML's English problem as one Danish line, and where it was found."""
    mark = error.problem_mark or error.context_mark
    return YamlSyntaxError(
        f"ugyldig YAML: {_danish(error)}",
        mark.line + 1 if mark else None,
        mark.column + 1 if mark else None,
    )


def _danish(error: yaml.MarkedYAMLError) -> str:
    english = " ".join(part for part in (error.context, error.problem) if part)
    for pattern, danish in _PROBLEMS:
        match = re.search(pattern, english)
        if match:
            return danish.replace("{0}", match.group(1)) if match.groups() else danish
    return "syntaksfejl"
