"""Near-duplicate groups of a run worked out from the last run's, for the documents that changed only.

A run of findit.ingest.neardup over the whole archive reads every sketch key and every edge of its store and
names every group: at 100,000 documents, half a second for an update of one file. A NearDuplicates kept
alive (`findit watch`) keeps what its last run knew (`Kept`): which documents hold which key, and the
store's ids of the keys. The next run is handed the documents that are new objects since (an Ingester knows
them); the documents gone since are those no longer given. Their keys are sketched or forgotten as in a
full run, and only the connected components of the edges that hold one of them, or held a forgotten one,
are named again. A token written by each run tells whether the store is still as this one left it.
Another process may have run on it since (a `findit index` after the one whose state a new process
restored): each run also writes which keys it sketched or forgot (the journal; a full run's too), so a
run catches up with the runs since its own by working those keys out again too; when the journal no longer
reaches back that far, the run is a full one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from findit.documents import Document


def token(db: sqlite3.Connection) -> str | None:
    """The token of the last run on the store."""
    row = db.execute("SELECT value FROM meta WHERE key = 'run'").fetchone()
    return row[0] if row else None


# Runs the journal remembers: a kept state older than this many runs on the store catches up by a full run.
JOURNAL_RUNS = 1000


def new_token(db: sqlite3.Connection, keys: Iterable[str]) -> str:
    """A token for this run, written in its transaction with the keys whose sketch it added or forgot."""
    value = os.urandom(8).hex()
    db.execute("INSERT INTO journal (run, prev, keys) VALUES (?, ?, ?)", (value, token(db), "\n".join(sorted(keys))))
    db.execute("DELETE FROM journal WHERE rowid <= (SELECT max(rowid) FROM journal) - ?", (JOURNAL_RUNS,))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('run', ?)", (value,))
    return value


def touched_since(db: sqlite3.Connection, run: str) -> set[str] | None:
    """The keys the runs after `run` sketched or forgot (none when it is the last); None when the journal
    does not reach back to `run`."""
    last = token(db)
    if last == run:
        return set()
    # The chain first, then the keys of its runs alone: a build's row holds every key of the archive.
    prev_of = dict(db.execute("SELECT run, prev FROM journal").fetchall())
    chain: list[str] = []
    at = last
    while at != run:
        if at is None or at not in prev_of or len(chain) > len(prev_of):
            return None
        chain.append(at)
        at = prev_of[at]
    keys: set[str] = set()
    for step in chain:
        (joined,) = db.execute("SELECT keys FROM journal WHERE run = ?", (step,)).fetchone()
        keys.update(joined.split("\n") if joined else ())
    return keys


@dataclass
class Kept:
    """What a run leaves for the next: each key's documents, and the store's id of each key (both ways)."""

    by_key: dict[str, list[Document]]
    ids: dict[str, int]
    key_of: dict[int, str]
    token: str
    keys: dict[int, tuple[Document, str]] = field(default_factory=dict)  # id() -> document and its key

    def __post_init__(self) -> None:
        if not self.keys:
            self.keys = {id(doc): (doc, key) for key, docs in self.by_key.items() for doc in docs}

    def __getstate__(self) -> dict:
        # keyed by id(): another process's objects have other ids, so the index is made again on load
        return {**vars(self), "keys": {}}

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        self.__post_init__()

    def update(
        self, db: sqlite3.Connection, documents: list[Document], made: list[Document], store: Any, key: Callable
    ) -> list[Document] | None:
        """Set the groups the change touches (`store`: the NearDuplicates whose store `db` is; `key`: a
        document's sketch key); returns the documents whose group changed. None, with no group changed,
        when other runs wrote the store since and its journal cannot tell what they changed (the caller
        then does a full run, and drops this)."""
        present = {id(doc) for doc in documents}
        left = [entry for i, entry in self.keys.items() if i not in present]
        touched: set[str] = set()
        for doc, doc_key in left:
            del self.keys[id(doc)]
            docs = [d for d in self.by_key.get(doc_key, ()) if d is not doc]
            if docs:
                self.by_key[doc_key] = docs
            else:
                self.by_key.pop(doc_key, None)
            touched.add(doc_key)
        for doc in made:
            if id(doc) not in present or id(doc) in self.keys:
                continue
            doc_key = key(doc)
            self.keys[id(doc)] = (doc, doc_key)
            self.by_key.setdefault(doc_key, []).append(doc)
            touched.add(doc_key)
        store.sketched = 0
        with db:
            db.execute("BEGIN IMMEDIATE")
            since = touched_since(db, self.token)
            if since is None:
                return None
            regroup = self._catch_up(db, since, [doc for doc, _ in left]) if since else set()
            touched |= since
            gone_keys = [k for k in touched if k not in self.by_key and k in self.ids]
            gone = [self.ids.pop(k) for k in gone_keys]
            starts = {n for sketch in gone for n in _neighbours(db, sketch)}
            for sketch in gone:
                del self.key_of[sketch]
            store._forget(db, gone)
            new = [k for k in touched if k in self.by_key and k not in self.ids]
            if new:
                store._add(db, new, self.by_key, self.ids, self.key_of)
            starts = {s for s in starts if s in self.key_of} | {self.ids[k] for k in touched | regroup if k in self.ids}
            moved = self._name(db, starts)
            self.token = new_token(db, [*gone_keys, *new])
        return moved

    def _catch_up(self, db: sqlite3.Connection, since: set[str], left: list[Document]) -> set[str]:
        """Read again the store's ids of the keys other runs touched since this one's (they sketched or
        forgot them); returns the keys whose groups to name again besides: those of every group that a
        document gone or a touched key belonged to here, since a member another run forgot took its edges
        with it (the group « dup-x » of a copy removed is named again from its other members)."""
        for k in since:
            sketch = self.ids.pop(k, None)
            if sketch is not None:
                del self.key_of[sketch]
        wanted = sorted(since)
        for at in range(0, len(wanted), 500):  # SQLite's limit on parameters
            part = wanted[at : at + 500]
            marks = ",".join("?" * len(part))
            for k, sketch in db.execute(f"SELECT key, id FROM sketch WHERE key IN ({marks})", part):
                self.ids[k], self.key_of[sketch] = sketch, k
        groups = {doc.duplicate_group for doc in left} | {
            doc.duplicate_group for k in since for doc in self.by_key.get(k, ())
        }
        groups.discard("")
        if not groups:
            return set()
        return {k for doc, k in self.keys.values() if doc.duplicate_group in groups}

    def _name(self, db: sqlite3.Connection, starts: set[int]) -> list[Document]:
        """Name the groups of the components holding `starts` (as NearDuplicates._name_groups does)."""
        moved = []
        seen: set[int] = set()
        for start in starts:
            if start in seen:
                continue
            component, todo = [], [start]
            seen.add(start)
            while todo:
                sketch = todo.pop()
                component.append(sketch)
                for other in _neighbours(db, sketch):
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
            docs = [doc for sketch in component for doc in self.by_key[self.key_of[sketch]]]
            grouped = len(docs) > 1 and (len(component) > 1 or _has_bands(db, component[0]))
            group = "dup-" + min(doc.id for doc in docs) if grouped else ""
            for doc in docs:
                if doc.duplicate_group != group:
                    doc.duplicate_group = group
                    moved.append(doc)
        return moved


def _neighbours(db: sqlite3.Connection, sketch: int) -> list[int]:
    rows = db.execute("SELECT b FROM edge WHERE a = ? UNION SELECT a FROM edge WHERE b = ?", (sketch, sketch))
    return [row[0] for row in rows]


def _has_bands(db: sqlite3.Connection, sketch: int) -> bool:
    """Documents sharing one key are duplicates of each other when it has bands (as the LSH would pair them)."""
    row = db.execute("SELECT buckets IS NOT NULL FROM sketch WHERE id = ?", (sketch,)).fetchone()
    return bool(row and row[0])
