"""The layers of svarbrev (docs/arkitektur.md): data flows one way, question file → mapping → metrics →
rendering → letter → the commands, and no package imports one above it. Function-level imports
count too: a late import is still a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"

# Bottom first. A package may import its own layer and those below; never one above.
LAYERS: list[set[str]] = [
    {"domain"},  # the shared words: periods, areas, dimensions, results, rounding, months, places
    {"errors", "limits", "lazy", "versions", "caching", "yaml_syntax", "yaml_schema"},  # errors, limits, caches, safe reading
    {"questionfile"},  # the contract: the question file, its parameters, reading and writing it
    {"metrics"},  # extracts and the computation over them
    {"mapping"},  # free text → metric calls
    {"rendering"},  # Danish text and tables from results
    {"letter"},  # the .docx and its sidecar
    {"output", "profile", "preview", "review"},  # writing files, templates' profiles, page images, tjek
    {"intake", "fetch"},  # svarbrev ny, svarbrev data
    {"reply"},  # one letter, end to end
    {"plan", "batch", "register"},  # the page's plan, many letters, the case register
    {"web"},  # the page
    {"cli", "__main__"},  # the commands
]
# Known exceptions, to be removed; none now (rendering took the place constants from letter/contract.py).
KNOWN_UPWARD: set[tuple[str, str]] = set()


def layer_of(package: str) -> int:
    return next(index for index, names in enumerate(LAYERS) if package in names)


def imports() -> list[tuple[str, str, str]]:
    """(file, importing package, imported package) for every import of svarbrev's own packages."""
    found = []
    for path in GENERATOR.rglob("*.py"):
        relative = path.relative_to(GENERATOR)
        if relative.parts == ("__init__.py",):
            continue
        source = relative.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator."):
                names = [node.module]
            elif isinstance(node, ast.ImportFrom) and node.module == "generator":
                names = [f"generator.{alias.name}" for alias in node.names if alias.name in packages()]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names if alias.name.startswith("generator.")]
            for name in names:
                target = name.split(".")[1]
                if target != source:
                    found.append((str(relative), source, target))
    return found


def packages() -> set[str]:
    """svarbrev's top-level modules and packages (`from generator import __version__` names neither)."""
    return {path.name.removesuffix(".py") for path in GENERATOR.iterdir() if (path.suffix == ".py" or (path / "__init__.py").exists()) and path.name != "__init__.py"}


def test_every_package_has_a_layer() -> None:
    assert packages() - {name for names in LAYERS for name in names} == set()


def test_no_package_imports_one_above_it() -> None:
    upward = [
        f"{file}: {source} → {target}"
        for file, source, target in imports()
        if layer_of(target) > layer_of(source) and (source, target) not in KNOWN_UPWARD
    ]
    assert upward == []


def test_the_known_exceptions_still_exist() -> None:
    """An exception that is gone is taken off the list, so it cannot come back unnoticed."""
    present = {(source, target) for _, source, target in imports()}
    assert present >= KNOWN_UPWARD


def test_the_domain_imports_nothing_of_svarbrev() -> None:
    assert [f"{file}: {target}" for file, source, target in imports() if source == "domain"] == []


def test_caches_are_named_objects_not_decorators_outside_the_domain() -> None:
    """What a process keeps between letters is a `caching.Cache` a server or a test can list and clear;
    only the domain's loaders of its own package files keep theirs in functools."""
    decorated = []
    for path in GENERATOR.rglob("*.py"):
        if path.relative_to(GENERATOR).parts[0] == "domain":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.col_offset == 0:
                names = [ast.unparse(decorator) for decorator in node.decorator_list]
                if any("cache" in name for name in names):
                    decorated.append(f"{path.relative_to(GENERATOR)}: {node.name}")
    assert decorated == []


def test_every_cache_is_listed_and_cleared_together(tmp_path) -> None:
    from generator.caching import CACHES, clear_caches
    from generator.reply import generate_reply

    generate_reply(ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml", tmp_path / "svar.docx")
    assert {"katalog", "skabelonprofiler", "word_skabeloner", "udtræk", "metrikresultater"} <= {name for name, cache in CACHES.items() if len(cache)}
    clear_caches()
    assert {name: len(cache) for name, cache in CACHES.items() if len(cache)} == {}
