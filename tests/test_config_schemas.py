"""kilder.yaml, katalog.yaml and profil.yaml are read by the same schema layer as the question file
(generator/yaml_schema.py): through `svarbrev generate`, every mistake is one `fejl:` line naming the
file, the line and the field path — unknown keys with "mente du …?", wrong types, missing fields,
YAML syntax (with the column) and YAML tags — with exit 1 and no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import yaml_schema as schema

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml"
CATALOGUE = ROOT / "generator" / "metrics" / "katalog.yaml"

# `svarbrev generate` with katalog.yaml read from argv[1] (the package's own file otherwise).
CLI_WITH_CATALOGUE = (
    "import sys; from pathlib import Path; import generator.metrics.catalogue as c; "
    "c.CATALOGUE_FILE = Path(sys.argv[1]); from generator.cli import main; sys.exit(main(sys.argv[2:]))"
)


@pytest.fixture
def workspace(workspace: Path) -> Path:
    """The shared workspace with the reference question file, templates/ and katalog.yaml beside it."""
    shutil.copytree(ROOT / "templates", workspace / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REFERENCE, workspace / "henvendelser" / "henvendelse.yaml")
    shutil.copy(CATALOGUE, workspace / "katalog.yaml")
    return workspace


def generate(workspace: Path) -> subprocess.CompletedProcess[str]:
    args = ["generate", str(workspace / "henvendelser" / "henvendelse.yaml"), "-o", str(workspace / "ud.docx")]
    return subprocess.run(
        [sys.executable, "-c", CLI_WITH_CATALOGUE, str(workspace / "katalog.yaml"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SVARBREV_SKABELONER": str(workspace / "templates")},
    )


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def refusal(workspace: Path) -> str:
    """The one `fejl:` line, after checking exit 1, no traceback and no letter written."""
    result = generate(workspace)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("fejl: ")
    assert "Traceback" not in result.stderr
    assert not (workspace / "ud.docx").exists()
    return lines[0]


# (file under the workspace, old text, new text, fragment of the line the error names, expected message)
SOURCES = "data/kilder.yaml"
PROFILE = "templates/direktionen/profil.yaml"
CASES = {
    # kilder.yaml
    "kilder-ukendt-felt": (SOURCES, "    kilde: Jobindsats.dk\n    afledte", "    kidle: Jobindsats.dk\n    afledte", "kidle:", "tabeller.y08a02.kidle: ukendt felt — mente du 'kilde'?"),
    "kilder-forkert-type": (SOURCES, "navn: Fleksjob (bestand)", "navn: [Fleksjob, bestand]", "navn: [Fleksjob", "tabeller.y08a02.navn: skal være en tekst, men er en liste"),
    "kilder-mangler": (SOURCES, "    navn: Fleksjob (bestand)\n", "", "  y08a02:", "tabeller.y08a02.navn: mangler"),
    "kilder-periodekode": (SOURCES, "periode: 2024QMAT02", "periode: 2024Q9", "periode: 2024Q9", "tabeller.y08a02.afledte_celler[1].periode: ukendt periodekode '2024Q9'"),
    "kilder-sandhedsværdi": (SOURCES, "    kilde: Jobindsats.dk\n    afledte", "    kilde: Jobindsats.dk\n    eksempeldata: måske\n    afledte", "eksempeldata: måske", "tabeller.y08a02.eksempeldata: skal være true eller false"),
    "kilder-mærke": (SOURCES, "navn: Fleksjob (bestand)", "navn: !!python/object:os.system ls", "navn: !!python", "tabeller.y08a02.navn: YAML-mærket '!!python/object:os.system' understøttes ikke"),
    # profil.yaml
    "profil-ukendt-felt": (PROFILE, "underskriver: Henrik Lund", "underskrivr: Henrik Lund", "underskrivr:", "underskrivr: ukendt felt — mente du 'underskriver'?"),
    "profil-forkert-type": (PROFILE, "områder: [København, Aarhus, Odense, Aalborg, Esbjerg, Randers]", "områder: København", "områder:", "sammenligning.områder: skal være en liste, men er en tekst"),
    "profil-mangler": (PROFILE, "  landsplan: Hele landet\n", "", "sammenligning:", "sammenligning.landsplan: mangler"),
    "profil-tom": (PROFILE, "titel: Administrerende direktør", "titel:", "titel:", "titel: må ikke være tom"),
    "profil-tal": (PROFILE, "kommune: Københavns Kommune", "kommune: 101", "kommune: 101", "kommune: skal være en tekst, men er et tal (sæt den i anførselstegn)"),
    "profil-mærke": (PROFILE, "kommune: Københavns Kommune", "kommune: !eget Københavns Kommune", "kommune:", "kommune: YAML-mærket '!eget' understøttes ikke"),
    # katalog.yaml
    "katalog-ukendt-felt": ("katalog.yaml", "    tabel: y08a02", "    tabell: y08a02", "tabell:", "ordninger.fleksjob.tabell: ukendt felt — mente du 'tabel'?"),
    "katalog-forkert-type": ("katalog.yaml", "    navn: fleksjob\n", "    navn: {fleksjob: ja}\n", "navn: {fleksjob", "ordninger.fleksjob.navn: skal være en tekst, men er en sektion med felter"),
    "katalog-mangler": ("katalog.yaml", "    modtagere: fleksjobansatte             # \"Fleksjobansatte i pct. af arbejdsstyrken\"\n", "", "  fleksjob:", "ordninger.fleksjob.modtagere: mangler"),
    "katalog-beregning": ("katalog.yaml", "beregning: stock_count", "beregning: stock_cout", "beregning: stock_cout", "analyser.antal.beregning: ukendt beregning 'stock_cout' — mente du 'stock_count'?"),
    "katalog-liste": ("katalog.yaml", "  - grund: satser og beløb står ikke i udtrækkene\n", "  - grund: satser og beløb står ikke i udtrækkene\n    erstatter: måske\n", "erstatter: måske", "ikke_muligt[2].erstatter: skal være ja eller nej"),
    "katalog-indsæt": ("katalog.yaml", 'titel: "Udviklingen i {navn}"', 'titel: "Udviklingen i {nav}"', "Udviklingen i {nav}", "analyser.udvikling.titel: kan kun indsætte {navn}, {Navn} og {i_tekst} (skriv {{ og }} for klammer)"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_config_mistake_is_one_line_with_file_line_and_field(workspace: Path, case: str) -> None:
    name, old, new, fragment, message = CASES[case]
    path = workspace / name
    text = edit(path, old, new)
    shown = str(path) if name != "katalog.yaml" else "katalog.yaml"
    assert refusal(workspace) == f"fejl: {shown} linje {line_of(text, fragment)}: {message}"


@pytest.mark.parametrize(
    ("name", "old", "new", "fragment"),
    [
        (SOURCES, "    kilde: Jobindsats.dk\n    afledte", "    kilde: Jobindsats.dk: forkert\n    afledte", "Jobindsats.dk: forkert"),
        (PROFILE, "titel: Administrerende direktør", "titel: Administrerende: direktør", "titel: Administrerende:"),
        ("katalog.yaml", "    tabel: y08a02", "    tabel: y08a02: forkert", "y08a02: forkert"),
    ],
)
def test_a_syntax_error_names_line_and_column(workspace: Path, name: str, old: str, new: str, fragment: str) -> None:
    path = workspace / name
    text = edit(path, old, new)
    line = line_of(text, fragment)
    column = text.splitlines()[line - 1].rindex(": ") + 1  # the second colon, 1-based
    shown = str(path) if name != "katalog.yaml" else "katalog.yaml"
    assert refusal(workspace) == (
        f"fejl: {shown} linje {line}, kolonne {column}: ugyldig YAML: et kolon (': ') kan ikke stå her"
        " — sæt teksten i anførselstegn, hvis den indeholder ': '"
    )


def test_an_unknown_style_role_is_refused_at_its_line(workspace: Path) -> None:
    path = workspace / PROFILE
    text = edit(path, "titel: Administrerende direktør\n", "titel: Administrerende direktør\nstilarter: {fodnote: Fodnote}\n")
    line = refusal(workspace)
    assert line.startswith(f"fejl: {path} linje {line_of(text, 'stilarter:')}: stilarter: ukendte stilarter: fodnote (kendte: ")


def test_the_unchanged_workspace_generates(workspace: Path) -> None:
    """The copies the tests above break are themselves fine."""
    result = generate(workspace)
    assert result.returncode == 0, result.stderr
    assert (workspace / "ud.docx").is_file()


# --- the schema layer itself: the kinds no config file uses yet ---------------------------------


SPEC = {"dato": schema.Field("date", required=True), "antal": schema.Field("int"), "ja": schema.Field("bool")}


def read(text: str) -> dict[str, object]:
    root = schema.compose(text)
    assert root is not None
    section = schema.top_section(root, {name: f.required for name, f in SPEC.items()}, "dato: ...")
    return schema.read_fields(section, SPEC)


def test_typed_fields() -> None:
    import datetime

    assert read("dato: 2025-06-25\nantal: 1_000\nja: false\n") == {"dato": datetime.date(2025, 6, 25), "antal": 1000, "ja": False}


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("antal: 1\ndato: 2025-02-30\n", 2, "dato", "ugyldig dato '2025-02-30' (forventede ÅÅÅÅ-MM-DD)"),
        ("antal: 1\ndato: 25-06-2025\n", 2, "dato", "ugyldig dato '25-06-2025' (forventede ÅÅÅÅ-MM-DD)"),
        ("dato: 2025-06-25\nantal: mange\n", 2, "antal", "skal være et helt tal, men er en tekst"),
        ("antal: 1\n", 1, "dato", "mangler"),
        ("dato: 2025-06-25\ndatoo: 2025-06-25\n", 2, "datoo", "ukendt felt — mente du 'dato'?"),
        ("dato: 2025-06-25\nx: 1\n", 2, "x", "ukendt felt; tilladte felter: dato, antal, ja"),
        ("dato: 2025-06-25\ndato: 2025-06-26\n", 2, "dato", "står to gange (også i linje 1)"),
    ],
)
def test_typed_field_refusals(text: str, line: int, field: str, message: str) -> None:
    with pytest.raises(schema.Refusal) as refused:
        read(text)
    assert (refused.value.line, refused.value.field, refused.value.message) == (line, field, message)


def test_plain_values_are_built_as_the_safe_loader_builds_them() -> None:
    text = "a: {b: [1, x, 2.5, true, null], c: 'y'}\n"
    root = schema.compose(text)
    assert root is not None
    assert schema.plain(root, "") == yaml.safe_load(text)
    with pytest.raises(schema.Refusal, match="YAML-mærket"):
        schema.plain(schema.compose("a: {b: !!python/name:os.system x}\n"), "")  # type: ignore[arg-type]
