"""What each file gave when it was last parsed, kept on disk beside the index (`ingest.sqlite3`), so that
a fresh process (`findit index` after one edit) parses only the files whose bytes changed.

Keyed by the hash of the bytes: an entry is true for those bytes whatever run wrote it, so writing it
before the index commits is safe, and a stale entry is only unused. Stored as JSON (a data format:
nothing read from the index folder runs code). Tied to the code that parsed: another program
fingerprint empties the store."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from findit.documents import Document, SkippedFile
from findit.jsonfile import dumps, loads

FILENAME = "ingest.sqlite3"
_DATES = ("date", "event_date", "event_end")


def encode(result: list[Document] | SkippedFile) -> bytes:
    """JSON as UTF-8 bytes, stored as a blob: a new process reads every entry, and parsing the bytes
    skips decoding them to text first (100,000 entries, ~300 MB, at every `findit index`)."""
    if isinstance(result, SkippedFile):
        return dumps({"skipped": result.reason, "code": result.code})
    return dumps({"documents": [doc.to_dict() for doc in result]})


def decode(source: str, data: bytes) -> list[Document] | SkippedFile:
    """An entry as encode() wrote it."""
    record = loads(data)
    if "skipped" in record:
        return SkippedFile(source, record["skipped"], record["code"])  # no code: an older entry, parsed again
    documents = []
    for item in record["documents"]:
        for key in _DATES:
            if item.get(key) is not None:
                item[key] = dt.date.fromisoformat(item[key])
        documents.append(Document(**item))
    return documents


class ParseStore:
    """source -> (hash of the bytes, what they gave). Best effort: a store that cannot be opened or read
    behaves as an empty one (the files are parsed again)."""

    def __init__(self, folder: Path, program: str) -> None:
        self.path = Path(folder) / FILENAME
        self.program = program
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            db = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(str(self.path), timeout=30.0)
                db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
                db.execute("CREATE TABLE IF NOT EXISTS parsed (source TEXT PRIMARY KEY, hash TEXT, result TEXT)")
                # hashes() reads this index alone, not the table's pages of results (at 100,000 files, from a
                # cold disk: 0.08 s against 6.6 s)
                db.execute("CREATE INDEX IF NOT EXISTS parsed_hashes ON parsed (source, hash)")
                row = db.execute("SELECT value FROM meta WHERE key = 'program'").fetchone()
                if row is None or row[0] != self.program:
                    with db:
                        db.execute("DELETE FROM parsed")
                        db.execute("INSERT OR REPLACE INTO meta VALUES ('program', ?)", (self.program,))
                self._db = db
            except sqlite3.Error:
                if db is not None:
                    db.close()  # opened, then failed: not left open for the collector
                return None
        return self._db

    def load(self) -> dict[str, tuple[str, bytes]]:
        """source -> (hash, encoded result), decoded lazily by the caller (most entries go unused when the
        in-memory copy is warm)."""
        db = self._connect()
        if db is None:
            return {}
        try:
            return {
                source: (digest, result)
                for source, digest, result in db.execute("SELECT source, hash, result FROM parsed")
            }
        except sqlite3.Error:
            return {}

    def hashes(self) -> dict[str, str]:
        """source -> hash of every entry, without their results."""
        db = self._connect()
        if db is None:
            return {}
        try:
            return dict(db.execute("SELECT source, hash FROM parsed").fetchall())
        except sqlite3.Error:
            return {}

    def get(self, source: str) -> tuple[str, bytes] | None:
        """One file's entry (hash, encoded result), or None."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute("SELECT hash, result FROM parsed WHERE source = ?", (source,)).fetchone()
        except sqlite3.Error:
            return None
        return (row[0], row[1]) if row is not None else None

    def save(self, changed: dict[str, tuple[str, bytes]], removed: list[str]) -> None:
        """Write what was parsed this run and forget the files that are gone, in one transaction."""
        if not changed and not removed:
            return
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.executemany("DELETE FROM parsed WHERE source = ?", [(s,) for s in removed])
                db.executemany(
                    "INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)",
                    [(s, h, r) for s, (h, r) in changed.items()],
                )
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
