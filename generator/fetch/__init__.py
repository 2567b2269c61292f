"""Fetching real data into versioned extracts: Jobindsats API v3 and Danmarks Statistik's Statbank.

- `http` talks to a service: timeouts, bounded retries with backoff on 429/5xx and network
  failures, every failure a one-line Danish `FetchError` (never the token, never a traceback);
- `jobindsats` and `statbank` know each service's requests and response shapes and turn a
  response into a `Fetched` table (rows in today's extract layout);
- `writer` renders an extract (`Område;Periode;<dimensioner>;<mål>`, Danish numbers, `..` for
  missing), its `.kilde.json` and the `kilder.yaml` entry, and writes them all or nothing;
- `commands` is the library API behind `svarbrev data hent` and `svarbrev data status`.
"""
