"""Near-duplicate groups of a run worked out from the last run's, for the documents that changed only.

A run of findit.ingest.neardup over the whole archive reads every sketch key and every edge of its store and
names every group: at 100,000 documents, half a second for an update of one file. A NearDuplicates kept
alive (`findit watch`) keeps what its last run knew (`Kept`): which documents hold which key, and the
store's ids of the keys. The next run is handed the documents that are new objects since (an Ingester knows
them); the documents gone since are those no longer given. Their keys are sketched or forgotten as in a
full run, and only the connected components of the edges that hold one of them, or held a forgotten one,
are named again. A token written by each run tells whether the store is still as this one left it
(another process may have run on it since): when not, the run is a full one.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from findit.documents import Document


def token(db: sqlite3.Connection) -> str | None:
    """The token of the last run on the store."""
    row = db.execute("SELECT value FROM meta WHERE key = 'run'").fetchone()
    return row[0] if row else None


def new_token(db: sqlite3.Connection) -> str:
    """A token for this run, written in its transaction."""
    value = os.urandom(8).hex()
    db.execute("INSERT OR REPLACE INTO meta VALUES ('run', ?)", (value,))
    return value


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
        when another run wrote the store since (the caller then does a full run, and drops this)."""
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
            if token(db) != self.token:
                return None
            gone = [self.ids.pop(k) for k in touched if k not in self.by_key and k in self.ids]
            starts = {n for sketch in gone for n in _neighbours(db, sketch)}
            for sketch in gone:
                del self.key_of[sketch]
            store._forget(db, gone)
            new = [k for k in touched if k in self.by_key and k not in self.ids]
            if new:
                store._add(db, new, self.by_key, self.ids, self.key_of)
            starts = {s for s in starts if s in self.key_of} | {self.ids[k] for k in touched if k in self.ids}
            moved = self._name(db, starts)
            self.token = new_token(db)
        return moved

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
