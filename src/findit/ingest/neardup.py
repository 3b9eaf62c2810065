"""Near-duplicate groups worked out from what changed, not from the whole archive.

Each document's word 3-shingles (folded) go into a MinHash; MinHash LSH bands (datasketch) propose
candidate pairs without comparing all pairs; each pair is confirmed by the rules of findit.ingest.quality
(exact shingle overlap, titles, dates, kinds), so different people sharing a placeholder profile text
stay apart. What a document gives is kept in `neardup.sqlite3` beside the index, under a sketch key
covering every field the decision reads: its band keys, and the confirmed pairs (edges) between keys.
A run sketches only the documents whose key is new, looks up their candidates by band (indexed), forgets
the keys that are gone with their edges; groups are the connected components of the edges. Best effort:
a store that cannot be opened or written behaves as an empty one in memory."""

from __future__ import annotations

import sqlite3
import zlib
from collections import defaultdict
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from findit.documents import Document, content_hash, file_format
from findit.ingest.dupcompare import candidate_pairs, confirmed, hashed
from findit.ingest.dupupdate import Kept, new_token
from findit.ingest.quality import LSH_THRESHOLD, MIN_SHINGLES, NUM_PERM, shingles
from findit.text import digest

if TYPE_CHECKING:  # imported with datasketch, only when something is new
    import numpy as np

FILENAME = "neardup.sqlite3"
MEMORY = ":memory:"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
    # buckets: the band keys end to end, `width` bytes each (what forgetting the key deletes from `band`)
    "CREATE TABLE IF NOT EXISTS sketch (id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, buckets BLOB, width INT)",
    # the primary key is the (band, bucket) index: a new document's candidates are one lookup per band
    "CREATE TABLE IF NOT EXISTS band (band INT, bucket BLOB, sketch INT, PRIMARY KEY (band, bucket, sketch))"
    " WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS edge (a INT, b INT, PRIMARY KEY (a, b)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS edge_b ON edge (b)",
    # each run's token, the one before it, and the keys whose sketch it added or forgot (findit.ingest.dupupdate)
    "CREATE TABLE IF NOT EXISTS journal (run TEXT PRIMARY KEY, prev TEXT, keys TEXT)",
)
_TABLES = ("sketch", "band", "edge", "journal")


def sketch_key(doc: Document) -> str:
    """What the grouping reads of a document: its text and title (content hash), the fields the
    confirmations compare (kind, file format, dates) and the id the group is named after. None of these
    can hold a "|" (hex, [a-z0-9-] ids, fixed names, ISO dates): joined, they stay apart."""
    dates = [d.isoformat() if d else "" for d in (doc.date, doc.event_date)]
    return digest("|".join([doc.content_hash or content_hash(doc), doc.id, doc.kind, file_format(doc), *dates]))


def code_fingerprint() -> str:
    """The code the stored bands and edges come from (folding, shingles, parameters, confirmations, and
    datasketch's MinHash and banding, read without importing it): other code empties the store. Narrower
    than the index's program fingerprint, which also covers parsing and analysis."""
    package = Path(__file__).resolve().parents[1]
    paths = [
        package / "text.py",
        package / "documents.py",  # file_format, in every sketch key
        package / "ingest" / "quality.py",
        package / "ingest" / "dupcompare.py",
        package / "ingest" / "dupupdate.py",  # the journal
        Path(__file__).resolve(),
    ]
    spec = find_spec("datasketch")
    if spec is not None and spec.submodule_search_locations:
        paths += [Path(list(spec.submodule_search_locations)[0]) / name for name in ("minhash.py", "lsh.py")]
    return digest(b"\0".join(path.read_bytes() if path.is_file() else b"" for path in paths))


def _busy(exc: sqlite3.Error) -> bool:
    """Another connection holds the store (not a damaged one)."""
    return getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class NearDuplicates:
    """`NearDuplicates(folder).assign(documents)` sets each document's duplicate_group. Keep one
    instance alive (`findit watch`) or make one per process over the same folder: both sketch only the
    documents that changed. No folder: the same tables in memory, kept by the instance."""

    def __init__(self, folder: Path | None = None, wait: float = 30.0) -> None:
        self.path: Path | None = Path(folder) / FILENAME if folder is not None else None
        self.wait = wait  # seconds to wait for another process's run on the same store
        self._db: sqlite3.Connection | None = None
        self.sketched = 0  # documents the last run sketched: shingles, and a MinHash when long enough
        # What the last run left, for the next to start from (findit.ingest.dupupdate.Kept), when that
        # run's store is still as it left it; a new process restores it (findit.index.snapshot)
        self.kept: Kept | None = None

    def assign(self, documents: list[Document], made: list[Document] | None = None) -> list[Document]:
        """Set every document's duplicate_group; returns the documents whose group it changed. `made`: the
        documents that are not the same unchanged objects as in this instance's last run (an Ingester
        knows them): then only the groups those touch, and those of the documents gone since, are worked
        out again. None: all of them."""
        # A store found damaged, of another layout, or unwritable midway is a cache: rolled back, replaced by
        # an empty one, and the run done again; in memory when even that fails.
        kept, self.kept = self.kept, None
        for last in (False, True):
            try:
                db = self._connect()
                if made is not None and kept is not None:
                    tried, kept = kept, None  # whatever happens, not again
                    moved = tried.update(db, documents, made, self, sketch_key)
                    if moved is not None:
                        self.kept = tried
                        return moved
                return self._assign(db, documents)
            except sqlite3.Error as exc:
                self.close()
                if _busy(exc):
                    # Another process held the store past the wait: this run in memory, the store kept.
                    in_memory = NearDuplicates(None)
                    moved = in_memory.assign(documents)
                    self.sketched = in_memory.sketched
                    return moved
                if last or not self._discard():
                    self.path = None
        return self._assign(self._connect(), documents)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _discard(self) -> bool:
        """Remove the store's file (it is rebuilt from the documents); False when it cannot be."""
        if self.path is None:
            return False
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def _connect(self) -> sqlite3.Connection:
        for attempt in (1, 2):
            if self._db is not None or self.path is None:
                break
            db = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(str(self.path), timeout=self.wait)
                self._prepare(db)
                self._db = db
            except (OSError, sqlite3.Error) as exc:
                if db is not None:
                    db.close()
                if isinstance(exc, sqlite3.Error) and _busy(exc):
                    raise  # not damage: assign() does this run in memory
                if attempt == 2 or not self._discard():
                    self.path = None  # behaves as an empty store, in memory
        if self._db is None:
            self._db = sqlite3.connect(MEMORY)
            self._prepare(self._db)
        return self._db

    @staticmethod
    def _prepare(db: sqlite3.Connection) -> None:
        with db:
            db.execute(_SCHEMA[0])
            row = db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
            code = code_fingerprint()
            if row is None or row[0] != code:
                # Other code wrote it: its tables may not even have this layout.
                for table in _TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                # and the last run's token: what any process kept of that run (dupupdate.Kept) is void
                db.execute("DELETE FROM meta WHERE key = 'run'")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (code,))
            for statement in _SCHEMA[1:]:
                db.execute(statement)

    def _assign(self, db: sqlite3.Connection, documents: list[Document]) -> list[Document]:
        self.sketched = 0
        by_key: dict[str, list[Document]] = defaultdict(list)
        before = [doc.duplicate_group for doc in documents]
        for doc in documents:
            doc.duplicate_group = ""
            by_key[sketch_key(doc)].append(doc)
        # One write transaction from the first read to the groups: the store never holds half a run, and
        # another process on the same folder (findit watch warming up beside findit index) waits for it.
        with db:
            db.execute("BEGIN IMMEDIATE")
            ids: dict[str, int] = dict(db.execute("SELECT key, id FROM sketch").fetchall())
            gone_keys = [key for key in ids if key not in by_key]
            gone = [ids.pop(key) for key in gone_keys]
            new = [key for key in by_key if key not in ids]
            self._forget(db, gone)
            key_of = {sketch: key for key, sketch in ids.items()}
            if new:
                self._add(db, new, by_key, ids, key_of)
            self._name_groups(db, by_key, ids, key_of)
            # the store changed at these keys alone: a record kept from before catches up through this run too
            run = new_token(db, [*gone_keys, *new])
        self.kept = Kept(by_key, ids, key_of, run)
        return [doc for doc, group in zip(documents, before, strict=True) if doc.duplicate_group != group]

    @staticmethod
    def _forget(db: sqlite3.Connection, gone: list[int]) -> None:
        for sketch in gone:
            row = db.execute("SELECT buckets, width FROM sketch WHERE id = ?", (sketch,)).fetchone()
            buckets, width = row if row is not None else (None, 0)
            if buckets:
                db.executemany(
                    "DELETE FROM band WHERE band = ? AND bucket = ? AND sketch = ?",
                    [(i, buckets[s : s + width], sketch) for i, s in enumerate(range(0, len(buckets), width))],
                )
            db.execute("DELETE FROM edge WHERE a = ? OR b = ?", (sketch, sketch))
            db.execute("DELETE FROM sketch WHERE id = ?", (sketch,))

    def _add(
        self, db: sqlite3.Connection, new: list[str], by_key: dict[str, list[Document]], ids: dict, key_of: dict
    ) -> None:
        """Sketch the new keys, store their band keys, and confirm their candidates (old or new)."""
        # datasketch (which imports scipy: a second or two) is imported only when something is new. Its
        # MinHash, with the parameters and seed of quality.py, gives the same hash values; its MinHashLSH
        # gives the banding (b, r and `hashranges`, public, chosen for the threshold). A band's key is
        # its slice of hash values as bytes: equal exactly when datasketch's own (private) band key is
        # equal, so the same pairs share a bucket.
        from datasketch import MinHash, MinHashLSH

        ranges = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM).hashranges
        template = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)
        # the new band keys, also in a temporary table: joined with `band`, it gives the candidate pairs
        # of the new keys (old or new) in one indexed lookup per band key, and in SQLite's memory
        db.execute("CREATE TEMP TABLE IF NOT EXISTS fresh (band INT, bucket BLOB, sketch INT)")
        db.execute("DELETE FROM fresh")
        for key in new:
            # Not kept: at 100,000 new documents their shingles would hold gigabytes; the few documents
            # that have candidates are shingled again below.
            found = shingles(by_key[key][0])
            self.sketched += 1
            buckets: list[bytes] = []
            if len(found) >= MIN_SHINGLES:
                minhash = MinHash(
                    num_perm=NUM_PERM,
                    seed=1,
                    hashfunc=zlib.crc32,
                    permutations=template.permutations,
                    scheme=template.scheme,
                )
                minhash.update_batch([s.encode("utf-8") for s in found])
                buckets = [minhash.hashvalues[start:end].tobytes() for start, end in ranges]
            cursor = db.execute(
                "INSERT INTO sketch (key, buckets, width) VALUES (?, ?, ?)",
                (key, b"".join(buckets) or None, len(buckets[0]) if buckets else 0),
            )
            ids[key] = int(cursor.lastrowid or 0)
            key_of[ids[key]] = key
            db.executemany("INSERT INTO fresh VALUES (?, ?, ?)", [(i, b, ids[key]) for i, b in enumerate(buckets)])
        db.execute("INSERT INTO band SELECT * FROM fresh ORDER BY band, bucket, sketch")  # in key order: faster
        candidates = db.execute(
            "SELECT DISTINCT min(f.sketch, o.sketch), max(f.sketch, o.sketch) FROM fresh AS f"
            " JOIN band AS o ON o.band = f.band AND o.bucket = f.bucket AND o.sketch != f.sketch"
        )
        items: dict[int, np.ndarray] = {}  # hashed shingles of the documents whose pairs are not all seen
        edges = []
        for (a, b), (last_a, last_b) in candidate_pairs(candidates):
            for sketch in (a, b):
                if sketch not in items:
                    items[sketch] = hashed(shingles(by_key[key_of[sketch]][0]))
            if confirmed(by_key[key_of[a]][0], by_key[key_of[b]][0], items[a], items[b]):
                edges.append((a, b))
            if last_a:
                del items[a]
            if last_b:
                del items[b]
        db.execute("DELETE FROM fresh")
        db.executemany("INSERT OR IGNORE INTO edge VALUES (?, ?)", edges)

    @staticmethod
    def _name_groups(db: sqlite3.Connection, by_key: dict[str, list[Document]], ids: dict[str, int], key_of) -> None:
        """Groups = connected components of the edges, named "dup-<smallest member id>" as in quality.py.
        Documents sharing one sketch key (the same id twice, outside a Corpus) are duplicates of each
        other when they have bands, as the LSH would have paired them."""
        parent: dict[int, int] = {}

        def find(i: int) -> int:
            parent.setdefault(i, i)
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for a, b in db.execute("SELECT a, b FROM edge").fetchall():
            parent[find(b)] = find(a)
        members: dict[int, list[Document]] = defaultdict(list)
        for sketch in list(parent):
            members[find(sketch)].extend(by_key[key_of[sketch]])
        for key, docs in by_key.items():
            if len(docs) > 1 and ids[key] not in parent:
                row = db.execute("SELECT buckets IS NOT NULL FROM sketch WHERE id = ?", (ids[key],)).fetchone()
                if row and row[0]:
                    members[ids[key]].extend(docs)
        for docs in members.values():
            if len(docs) > 1:
                group = "dup-" + min(doc.id for doc in docs)
                for doc in docs:
                    doc.duplicate_group = group
