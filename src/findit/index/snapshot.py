"""An ingester's state kept beside the index (`ingest-state.pickle`), so that a new process (`findit index`
after one edit) starts where an earlier one left off, instead of casting every document's votes and
grouping every near-duplicate again: at 100,000 documents, most of a one-file update.

A cache, like the parse store: never required (missing, of another program or corpus, unreadable: the
process ingests as before). It is not tied to the index's commits: a state is true of the files whose
hashes it holds, and the ingest that restores it redoes the files that moved since (their documents as
parsed come from the parse store); the fingerprints of its documents let the writer rewrite only the
entries that differ from the index's. It is not written at every update either: the files moved since are
redone each time, and once they are many (Settings.snapshot_after_files) the state is written again.

A pickle, read with an unpickler that builds only the types a state holds (findit.index.safepickle): a
crafted file in the index folder runs no code. JSON would rebuild the same objects at several times the
cost, which is what the state is there to save.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from findit.index.safepickle import RestrictedUnpickler
from findit.ingest.corpus import IngesterState
from findit.ingest.corpuswide import CorpusPasses
from findit.ingest.dupupdate import Kept

FILENAME = "ingest-state.pickle"
FORMAT = 1
# What a state is made of (findit.ingest.corpus.IngesterState, findit.ingest.corpuswide.CorpusPasses,
# findit.ingest.dupupdate.Kept), beside the containers pickle writes without naming them.
ALLOWED = frozenset(
    {
        ("findit.index.snapshot", "Snapshot"),
        ("findit.ingest.corpus", "IngesterState"),
        ("findit.ingest.corpuswide", "CorpusPasses"),
        ("findit.ingest.corpuswide", "_Keys"),
        ("findit.ingest.dupupdate", "Kept"),
        ("findit.documents", "Document"),
        ("findit.documents", "SkippedFile"),
        ("collections", "Counter"),
        ("collections", "defaultdict"),
        ("builtins", "set"),
        ("builtins", "list"),
        ("datetime", "date"),
    }
)


@dataclass
class Snapshot:
    state: IngesterState
    # id -> [source, fingerprint] of the state's documents (findit.index.manifest.plan_update's `known`)
    fingerprints: dict[str, list[str]]


def _header(program: str, corpus: Path) -> dict:
    return {"format": FORMAT, "program": program, "corpus": str(Path(corpus).resolve())}


def save(index_dir: Path, program: str, corpus: Path, snapshot: Snapshot) -> bool:
    """Write the state whole, or leave the previous one (a temporary file renamed over it); False when
    it could not be written. Called under the index's writer lock: one writer at a time."""
    path = Path(index_dir) / FILENAME
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "wb") as fh:
            pickle.dump(_header(program, corpus), fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(snapshot, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # noqa: BLE001 - a full disk, memory short: a cache not written fails no update
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True


def load(index_dir: Path, program: str, corpus: Path) -> Snapshot | None:
    """The state kept for this program and corpus; None when there is none or it cannot be read."""
    try:
        with open(Path(index_dir) / FILENAME, "rb") as fh:
            if RestrictedUnpickler(fh, frozenset()).load() != _header(program, corpus):
                return None
            snapshot = RestrictedUnpickler(fh, ALLOWED).load()
    except Exception:  # noqa: BLE001 - a cache: a damaged file (a length beyond memory, a date out of range) is none
        return None
    return snapshot if _whole(snapshot) else None


def _whole(snapshot: object) -> bool:
    """Whether a state read back has the shape this code writes (the file may be of another layout)."""
    if not isinstance(snapshot, Snapshot) or not isinstance(snapshot.fingerprints, dict):
        return False
    state = snapshot.state
    return (
        isinstance(state, IngesterState)
        and isinstance(state.built, dict)
        and isinstance(state.passes, CorpusPasses)
        and isinstance(state.final, dict)
        and (state.kept is None or isinstance(state.kept, Kept))
    )
