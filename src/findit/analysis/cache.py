"""The per-document analysis cache: spaCy's results keyed by content hash, in one sqlite3 file.

Only what spaCy computed is kept here (lemmas, parts of speech, entity spans); everything that depends on
the rest of the archive (the gazetteer of known names, acronyms) is recomputed at each run, cheaply.
The cache also keeps every name and acronym the archive has shown, so that analysing a few changed
documents still knows the names of all the others.
"""

from __future__ import annotations

import errno
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from findit.jsonfile import dumps, loads

T = TypeVar("T")

FILENAME = "analysis.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS known_names (kind TEXT NOT NULL, name TEXT NOT NULL, extra TEXT NOT NULL,
                                        seen INTEGER NOT NULL, PRIMARY KEY (kind, name, extra));
"""


# sqlite's result codes for a damaged file, and the errno of those that are the disk's or the folder's.
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_ERRNO = {
    sqlite3.SQLITE_FULL: errno.ENOSPC,
    sqlite3.SQLITE_READONLY: errno.EACCES,
    sqlite3.SQLITE_CANTOPEN: errno.EACCES,
    sqlite3.SQLITE_PERM: errno.EACCES,
    sqlite3.SQLITE_IOERR: errno.EIO,
    sqlite3.SQLITE_BUSY: errno.EBUSY,  # another process kept it locked past the timeout
    sqlite3.SQLITE_LOCKED: errno.EBUSY,
}


class AnalysisCache:
    """sqlite3 file under `cache_dir` (or in memory when cache_dir is None). Safe for several processes:
    sqlite serialises writers; a damaged file is set aside and rebuilt, since it only holds what can be
    recomputed. A full disk or a file that may not be written is an OSError naming the file, as for
    any other file the indexer writes."""

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
        conn = sqlite3.connect(self.path, timeout=60)
        try:
            conn.executescript(_SCHEMA)
        except BaseException:
            conn.close()
            raise
        return conn

    def _close(self, conn: sqlite3.Connection) -> None:
        if conn is not self._memory:
            conn.close()

    def _run(self, op: Callable[[sqlite3.Connection], T]) -> T:
        """`op` on a connection. A damaged file is set aside and `op` runs again on a new one; a failure of
        the disk (full, read-only, I/O) becomes an OSError naming the file."""
        for attempt in (1, 2):
            try:
                conn = self._connect()
                try:
                    return op(conn)
                finally:
                    self._close(conn)
            except sqlite3.DatabaseError as exc:
                code = getattr(exc, "sqlite_errorcode", None)
                if code in _DAMAGED and self.path is not None and attempt == 1:
                    damaged = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
                    self.path.replace(damaged)
                    continue
                if not isinstance(exc, sqlite3.OperationalError) and code not in _DAMAGED:
                    raise  # not the file's or the disk's doing
                number = _ERRNO.get((code or 0) & 0xFF, errno.EIO)  # extended codes keep the primary in the low byte
                raise OSError(number, f"{exc} (analysis cache)", str(self.path or ":memory:")) from None
        raise AssertionError("unreachable")

    def _key(self, content_hash: str) -> str:
        return f"{self.version}:{content_hash}"

    def get_many(self, hashes: Iterable[str]) -> dict[str, dict]:
        hashes = list(dict.fromkeys(hashes))

        def get(conn: sqlite3.Connection) -> dict[str, dict]:
            out: dict[str, dict] = {}
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                keys = {self._key(h): h for h in chunk}
                rows = conn.execute(
                    f"SELECT key, data FROM docs WHERE key IN ({','.join('?' * len(keys))})", list(keys)
                ).fetchall()
                for key, data in rows:
                    out[keys[key]] = loads(data)
            return out

        return self._run(get)

    def put_many(self, records: dict[str, dict]) -> None:
        rows = [(self._key(h), dumps(r).decode("utf-8")) for h, r in records.items()]

        def put(conn: sqlite3.Connection) -> None:
            with conn:
                conn.executemany("INSERT OR REPLACE INTO docs (key, data) VALUES (?, ?)", rows)

        self._run(put)

    def add_names(self, rows: Mapping[tuple[str, str, str], int]) -> None:
        """(kind, name, extra) → how often it was stated: 'person'/'org' names, and 'acronym' rows
        (acronym, long form). The largest count seen in one call is kept (an indexer states the whole
        archive's names once per run)."""
        if not rows:
            return
        values = [(*row, n) for row, n in rows.items()]

        def add(conn: sqlite3.Connection) -> None:
            with conn:
                conn.executemany(
                    "INSERT INTO known_names (kind, name, extra, seen) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (kind, name, extra) DO UPDATE SET seen = max(seen, excluded.seen)",
                    values,
                )

        self._run(add)

    def names(self) -> list[tuple[str, str, str]]:
        """Every name row, the most stated first."""
        return self._run(
            lambda conn: [
                tuple(r) for r in conn.execute("SELECT kind, name, extra FROM known_names ORDER BY seen DESC, rowid")
            ]
        )
