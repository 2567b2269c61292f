"""A normal install works (issue 13, item 1): the wheel carries the templates, and an installed
svarbrev makes the reference letter from a folder outside the source tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# One worker under pytest-xdist: the wheel is built once (from a copy of the tree, see `installed`).
pytestmark = pytest.mark.xdist_group("wheel")


def test_every_package_under_generator_is_in_the_wheel() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "generator").rglob("__init__.py")}
    assert found - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"
    assert "generator.templates" in listed


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """svarbrev built as a wheel and installed (not editable) in a fresh virtual environment; its
    dependencies are the ones of the interpreter running the tests (so no network is needed, and
    in CI's minimum-versions pass they are the minimums), however that interpreter was installed."""
    folder = tmp_path_factory.mktemp("wheel")
    # Built from a clean copy of the tree: a build/ left by another setuptools or an earlier run ("File exists:
    # build/bdist…/svarbrev-0.1.0.dist-info") must not decide whether the wheel builds.
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"))
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(folder / "dist"), str(source)],
        capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = (folder / "dist").glob("svarbrev-*.whl")
    environment = folder / "venv"
    # Not system_site_packages: that is the *base* interpreter's, which in a venv is another set of
    # packages (or none). The running interpreter's own site-packages are named in a .pth file
    # instead, as plain paths, so their .pth files (the editable svarbrev among them) are not run.
    venv.create(environment, system_site_packages=False, with_pip=True)
    python = environment / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True)
    dependencies = dict.fromkeys(sysconfig.get_paths()[kind] for kind in ("purelib", "platlib"))
    (Path(own.stdout.strip()) / "svarbrev_test_dependencies.pth").write_text("\n".join(dependencies) + "\n", encoding="utf-8")
    # --ignore-installed: the editable svarbrev in the system site-packages must not count as installed here
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    return environment


def run_installed(environment: Path, *args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    # -I: isolated, so neither the source tree on the current path nor PYTHONPATH can stand in for the wheel.
    return subprocess.run([str(environment / "bin" / "python"), "-I", "-m", "generator", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_the_installed_wheel_makes_the_reference_letter_outside_the_source_tree(installed: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples" / "henvendelser", tmp_path / "henvendelser")
    shutil.copytree(ROOT / "examples" / "data", tmp_path / "data", ignore=shutil.ignore_patterns("eksempeldata"))

    result = run_installed(installed, "generate", "henvendelser/fleksjob-2025-06-25.yaml", "-o", "svar.docx", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    where = run_installed(installed, "-c", "0", cwd=tmp_path)  # nothing: just make sure python -I runs
    assert where.returncode in (0, 2)
    located = subprocess.run(
        [str(installed / "bin" / "python"), "-I", "-c", "import generator.profile as p; print(p.TEMPLATES_DIR)"], capture_output=True, text=True, cwd=tmp_path
    )
    assert str(installed) in located.stdout and str(ROOT) not in located.stdout
    sys.path.insert(0, str(ROOT / "tests"))
    from readback import body_text

    assert "5.192 københavnere ansat i fleksjob" in body_text(tmp_path / "svar.docx").replace("\u00a0", " ")


def test_an_installed_svarbrev_without_a_data_folder_says_which_to_name(installed: Path, tmp_path: Path) -> None:
    text = (ROOT / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml").read_text(encoding="utf-8")
    (tmp_path / "spm.yaml").write_text(text.replace("  mappe: ../data\n", ""), encoding="utf-8")

    result = run_installed(installed, "generate", "spm.yaml", cwd=tmp_path)

    assert result.returncode == 1
    assert result.stderr.strip() == "fejl: ingen datamappe: angiv data.mappe i spørgsmålsfilen eller --data (eksempeldata følger med kildekoden i examples/data)"


def test_the_installed_wheel_drafts_a_question_file_from_an_inquiry(installed: Path, tmp_path: Path) -> None:
    """`ny` reads its Danish vocabulary (generator/intake/ordliste.yaml) and the catalogue from the wheel."""
    shutil.copy(ROOT / "tests" / "fixtures" / "indgaaende" / "fleksjob.txt", tmp_path)

    result = run_installed(installed, "ny", "fleksjob.txt", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    drafted = (tmp_path / "fleksjob.yaml").read_text(encoding="utf-8")
    assert "  modtager: Hassan Nur Wardere\n  dato: 2025-06-25\n  emne: data på fleksjob\n" in drafted
