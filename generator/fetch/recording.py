"""`svarbrev data hent --gem-svar MAPPE`: every answer the services gave, as it came.

The first run with a real key is the first evidence of how Jobindsats really answers; kept, it
becomes fixtures a test can replay. One JSON file per answer, numbered in the order received: the
request (service, method, address, parameters, the body sent) and the answer (status, headers,
body). The key travels in a request header, which is never written; an answer that holds the key
anyway is refused rather than written.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import OutputError
from generator.fetch.http import Exchange, FetchError
from generator.output import write_atomically

_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class Recorder:
    folder: Path
    secret: str | None = None  # the key, which must never reach the disk
    count: int = 0

    def prepare(self) -> None:
        """The folder must be new or empty: a recording is never mixed with, or written over, another."""
        if self.folder.exists() and (not self.folder.is_dir() or any(self.folder.iterdir())):
            raise OutputError("findes allerede og er ikke en tom mappe; vælg en ny mappe til --gem-svar", file=self.folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"kunne ikke lave mappen: {error.strerror or error}", file=self.folder) from None

    def __call__(self, exchange: Exchange) -> None:
        self.count += 1
        record: dict[str, Any] = {
            "tjeneste": exchange.service,
            "metode": exchange.method,
            "url": exchange.url,
            "parametre": _params(exchange.params),
            "sendt": exchange.json_body,
            "status": exchange.status,
            "overskrifter": dict(exchange.headers),
        }
        try:
            record["svar"] = exchange.body.decode("utf-8")
        except UnicodeDecodeError:
            record["svar_base64"] = base64.b64encode(exchange.body).decode("ascii")
        text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        if self.secret and self.secret in text:
            raise FetchError(f"{exchange.service}s svar indeholder nøglen; det gemmes ikke")
        name = f"{self.count:03d}-{_SLUG.sub('-', (exchange.service + ' ' + exchange.url.rsplit('/v', 1)[-1]).lower()).strip('-')}.json"
        write_atomically(self.folder / name, text.encode("utf-8"))


def _params(params: Any) -> list[list[str]] | None:
    if params is None:
        return None
    items = params.items() if isinstance(params, dict) else params
    return [[str(key), str(value)] for key, value in items]

