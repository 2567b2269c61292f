"""Compile generator/locale/*/LC_MESSAGES/*.po to the .mo files shipped next to them.

    python scripts/compile_catalogue.py          # write the .mo files
    python scripts/compile_catalogue.py --check  # exit 1 if a committed .mo is not what this makes

The same byte layout as GNU msgfmt and CPython's Tools/i18n/msgfmt.py (no hash table), with the
messages sorted and the header copied verbatim from the .po, so the output depends on the .po alone:
no dates, no tool version (babel's write_mo adds "Generated-By: Babel x.y"). It reads the subset of
the .po format the catalogue uses: comments, msgid, msgid_plural, msgstr, msgstr[N], continued strings.
"""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "generator" / "locale"


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr; a plural entry is 'singular\\0plural' -> 'form0\\0form1'."""
    messages: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    current: list[str] | None = None

    def finish() -> None:
        if "msgid" in entry:
            msgid = "".join(entry["msgid"])
            if "msgid_plural" in entry:
                msgid += "\0" + "".join(entry["msgid_plural"])
                forms = sorted(key for key in entry if key.startswith("msgstr["))
                msgstr = "\0".join("".join(entry[key]) for key in forms)
            else:
                msgstr = "".join(entry.get("msgstr", []))
            if msgid in messages:
                raise ValueError(f"{path}: msgid {msgid!r} appears twice")
            messages[msgid] = msgstr
        entry.clear()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"{path} linje {number}: a string outside an entry")
            current.append(ast.literal_eval(line))
            continue
        keyword, _, text = line.partition(" ")
        if keyword == "msgid":
            finish()
        if keyword not in ("msgid", "msgid_plural", "msgstr") and not keyword.startswith("msgstr["):
            raise ValueError(f"{path} linje {number}: unknown keyword {keyword!r}")
        current = entry.setdefault(keyword, [])
        current.append(ast.literal_eval(text))
    finish()
    return messages


def mo_bytes(messages: dict[str, str]) -> bytes:
    """GNU .mo, little-endian, revision 0, without the optional hash table."""
    keys = sorted(messages)
    ids = b""
    strs = b""
    offsets = []
    for key in keys:
        msgid, msgstr = key.encode("utf-8"), messages[key].encode("utf-8")
        offsets.append((len(ids), len(msgid), len(strs), len(msgstr)))
        ids += msgid + b"\0"
        strs += msgstr + b"\0"
    count = len(keys)
    key_table = 7 * 4
    value_table = key_table + count * 8
    ids_start = value_table + count * 8
    strs_start = ids_start + len(ids)
    key_entries, value_entries = [], []
    for id_offset, id_length, str_offset, str_length in offsets:
        key_entries += [id_length, ids_start + id_offset]
        value_entries += [str_length, strs_start + str_offset]
    header = struct.pack("<7I", 0x950412DE, 0, count, key_table, value_table, 0, 0)
    return header + struct.pack(f"<{2 * count}I", *key_entries) + struct.pack(f"<{2 * count}I", *value_entries) + ids + strs


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def main(argv: list[str]) -> int:
    check = argv == ["--check"]
    if argv and not check:
        print(__doc__, file=sys.stderr)
        return 2
    stale = []
    for po in catalogues():
        mo = po.with_suffix(".mo")
        compiled = mo_bytes(read_po(po))
        if check:
            if not mo.is_file() or mo.read_bytes() != compiled:
                stale.append(mo)
        else:
            mo.write_bytes(compiled)
            print(f"skrev {mo.relative_to(ROOT)}")
    for mo in stale:
        print(f"{mo.relative_to(ROOT)} passer ikke til sin .po; kør python scripts/compile_catalogue.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
