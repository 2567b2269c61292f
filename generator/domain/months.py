"""Month names, read from one data file (generator/domain/maaneder.yaml) by every part of svarbrev:
the intake's dates, the mapping's periods and the letter's typography."""

from __future__ import annotations

from pathlib import Path

from generator.domain.data import load_package_yaml

MONTHS_FILE = Path(__file__).with_name("maaneder.yaml")
_DATA = load_package_yaml(MONTHS_FILE)

MONTHS: tuple[str, ...] = tuple(_DATA["navne"])  # "januar" … "december"
MONTH_NUMBERS: dict[str, int] = dict(_DATA["skrivemåder"])  # every spelling, abbreviations and English too
MONTH_PATTERN = "|".join(MONTHS)  # the Danish names as regex alternatives
