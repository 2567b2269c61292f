"""The letter package (generator/letter): python-docx internals it needs, per-template style names,
and the sidecar schema read back as written."""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.errors import TemplateError
from generator.letter import oxml
from generator.letter.contract import DEFAULT_STYLES, LetterStyles
from generator.letter.package import _StableZipWriter
from generator.letter.sidecar import Sidecar, load_sidecar
from generator.profile import TEMPLATES_DIR, load_profile

REPO = Path(__file__).resolve().parent.parent


def test_the_installed_python_docx_has_every_internal_the_letter_relies_on() -> None:
    """Fails loudly on a python-docx whose internals moved (the declared minimum is 1.2)."""
    missing = oxml.missing_internals()
    assert not missing, f"python-docx lacks what generator/letter/oxml.py uses: {', '.join(missing)}; svarbrev supports python-docx 1.2 and later with these internals"


def test_style_names_default_to_the_template_s_usual_ones() -> None:
    assert LetterStyles.from_mapping(None) == DEFAULT_STYLES
    assert load_profile("direktionen").styles == DEFAULT_STYLES


def template_with_styles(tmp_path: Path, styles: dict[str, str]) -> str:
    """A copy of the direktionen template named "egen", its profil.yaml with `stilarter: styles`."""
    shutil.copytree(TEMPLATES_DIR / "direktionen", tmp_path / "egen")
    profile_path = tmp_path / "egen" / "profil.yaml"
    raw = yaml.safe_load(profile_path.read_text(encoding="utf-8"))
    raw["stilarter"] = styles
    profile_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return "egen"


def test_a_profile_can_rename_a_style(tmp_path: Path) -> None:
    styles = load_profile(template_with_styles(tmp_path, {"source": "Kildeangivelse"}), tmp_path).styles
    assert styles.source == "Kildeangivelse" and styles.caption == DEFAULT_STYLES.caption


def test_an_unknown_style_key_is_refused(tmp_path: Path) -> None:
    name = template_with_styles(tmp_path, {"fodnote": "Fodnote"})
    with pytest.raises(TemplateError, match="ukendte stilarter: fodnote"):
        load_profile(name, tmp_path)


def test_a_sidecar_reads_back_to_the_bytes_it_was_written_as(tmp_path: Path) -> None:
    from generator.reply import generate_reply

    letter = tmp_path / "svar.docx"
    generated = generate_reply(REPO / "examples" / "henvendelser" / "fleksjob-2025-06-25.yaml", letter)
    written = generated.sidecar.read_bytes()
    sidecar = load_sidecar(generated.sidecar)
    assert isinstance(sidecar, Sidecar) and sidecar.figures and sidecar.paragraphs
    assert sidecar.to_bytes() == written


def zipfile_bytes(members: list[tuple[str, bytes]], moment: date) -> bytes:
    """The zip the standard library writes for the same members, settings and timestamp."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, blob in members:
            info = zipfile.ZipInfo(name, date_time=(max(moment.year, 1980), moment.month, moment.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, blob, compresslevel=1)
    return stream.getvalue()


def letter_zip_bytes(members: list[tuple[str, bytes]], moment: date) -> bytes:
    stream = io.BytesIO()
    writer = _StableZipWriter(stream, moment)
    for name, blob in members:
        writer.write_member(name, blob)
    writer.close()
    return stream.getvalue()


@pytest.mark.parametrize("seed", range(40))
def test_the_letter_zip_is_byte_for_byte_what_zipfile_writes(seed: int) -> None:
    """The hand-written zip (so recurring members are compressed once) equals zipfile's bytes:
    empty, tiny and large members, Danish and other non-ASCII names, a member seen twice."""
    rng = random.Random(seed)
    alphabet = "abcæøå<>/=\" \n" + "".join(map(chr, range(0x20, 0x7F)))
    members = []
    for number in range(rng.randint(0, 12)):
        name = rng.choice([f"word/part{number}.xml", f"word/særlig-del{number}.xml", f"media/billede{number}.png", f"customXml/ítem{number}.xml"])
        size = rng.choice([0, 1, 50, 5_000, 200_000])
        blob = "".join(rng.choice(alphabet) for _ in range(size)).encode("utf-8") if rng.random() < 0.8 else rng.randbytes(size)
        members.append((name, blob))
    if members:
        members.append((members[0][0] + ".kopi", members[0][1]))  # the same bytes again: compressed once, written twice
    moment = rng.choice([date(2025, 7, 8), date(1979, 12, 31), date(2107, 12, 31), date(2024, 2, 29)])
    ours = letter_zip_bytes(members, moment)
    assert ours == zipfile_bytes(members, moment)
    with zipfile.ZipFile(io.BytesIO(ours)) as archive:
        assert archive.testzip() is None
        assert [(info.filename, archive.read(info)) for info in archive.infolist()] == members
