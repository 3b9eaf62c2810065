"""The per-document analysis cache: spaCy's results keyed by content hash, in one sqlite3 file.

Only what spaCy computed is kept here (lemmas, parts of speech, entity spans); everything that depends on
the rest of the archive (the gazetteer of known names, acronyms) is recomputed at each run, cheaply.
The cache also keeps every name and acronym the archive has shown, so that analysing a few changed
documents still knows the names of all the others.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

FILENAME = "analysis.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS known_names (kind TEXT NOT NULL, name TEXT NOT NULL, extra TEXT NOT NULL,
                                        seen INTEGER NOT NULL, PRIMARY KEY (kind, name, extra));
"""


class AnalysisCache:
    """sqlite3 file under `cache_dir` (or in memory when cache_dir is None). Safe for several processes:
    sqlite serialises writers; a damaged file is set aside and rebuilt, since it only holds what can be
    recomputed."""

    def __init__(self, cache_dir: Path | None, version: str):
        self.version = version
        self.path = Path(cache_dir) / FILENAME if cache_dir is not None else None
        self._memory: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            if self._memory is None:
                self._memory = sqlite3.connect(":memory:")
                self._memory.executescript(_SCHEMA)
            return self._memory
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(self.path, timeout=60)
            conn.executescript(_SCHEMA)
            return conn
        except sqlite3.DatabaseError:
            damaged = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            self.path.replace(damaged)
            conn = sqlite3.connect(self.path, timeout=60)
            conn.executescript(_SCHEMA)
            return conn

    def _close(self, conn: sqlite3.Connection) -> None:
        if conn is not self._memory:
            conn.close()

    def _key(self, content_hash: str) -> str:
        return f"{self.version}:{content_hash}"

    def get_many(self, hashes: Iterable[str]) -> dict[str, dict]:
        hashes = list(dict.fromkeys(hashes))
        out: dict[str, dict] = {}
        conn = self._connect()
        try:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                keys = {self._key(h): h for h in chunk}
                rows = conn.execute(
                    f"SELECT key, data FROM docs WHERE key IN ({','.join('?' * len(keys))})", list(keys)
                ).fetchall()
                for key, data in rows:
                    out[keys[key]] = json.loads(data)
        finally:
            self._close(conn)
        return out

    def put_many(self, records: dict[str, dict]) -> None:
        conn = self._connect()
        try:
            with conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO docs (key, data) VALUES (?, ?)",
                    [
                        (self._key(h), json.dumps(r, ensure_ascii=False, separators=(",", ":")))
                        for h, r in records.items()
                    ],
                )
        finally:
            self._close(conn)

    def add_names(self, rows: Mapping[tuple[str, str, str], int]) -> None:
        """(kind, name, extra) → how often it was stated: 'person'/'org' names, and 'acronym' rows
        (acronym, long form). The largest count seen in one call is kept (an indexer states the whole
        archive's names once per run)."""
        if not rows:
            return
        conn = self._connect()
        try:
            with conn:
                conn.executemany(
                    "INSERT INTO known_names (kind, name, extra, seen) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (kind, name, extra) DO UPDATE SET seen = max(seen, excluded.seen)",
                    [(*row, n) for row, n in rows.items()],
                )
        finally:
            self._close(conn)

    def names(self) -> list[tuple[str, str, str]]:
        """Every name row, the most stated first."""
        conn = self._connect()
        try:
            return [
                tuple(r) for r in conn.execute("SELECT kind, name, extra FROM known_names ORDER BY seen DESC, rowid")
            ]
        finally:
            self._close(conn)
