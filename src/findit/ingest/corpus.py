"""A corpus folder to a Corpus: every file read, every failure reported, duplicates and junk flagged."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from findit.documents import Corpus, Document, SkippedFile
from findit.ingest import files, quality
from findit.ingest.assemble import build
from findit.ingest.frontmatter import FrontMatterError
from findit.ingest.ids import short_hash
from findit.settings import Settings


def scan_files(root: Path, settings: Settings) -> dict[str, str]:
    """Relative POSIX path → hash of the bytes, for every content file; no parsing (change detection)."""
    hashes: dict[str, str] = {}
    for item in files.walk(Path(root)).files:
        try:
            hashes[item.source] = files.file_hash(item.path, settings)
        except OSError:
            hashes[item.source] = "unreadable"
    return hashes


def content_hash(doc: Document) -> str:
    """Hash of every field analysis reads: an unchanged hash means the cached analysis still holds."""
    payload = json.dumps([doc.title, doc.summary, doc.body, doc.speakers, doc.organisations],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def read_file(item: files.ContentFile, settings: Settings) -> list[Document] | SkippedFile:
    """One file's documents, or why it gave none. Never raises for bad content."""
    try:
        text = files.read_text(item.path, settings)
        documents = build(item.source, text)
    except files.UnreadableFile as exc:
        return SkippedFile(item.source, str(exc))
    except FrontMatterError as exc:
        return SkippedFile(item.source, str(exc))
    except RecursionError:
        return SkippedFile(item.source, "markup nested too deeply to read")
    if not documents:
        return SkippedFile(item.source, "no document in the file")
    return documents


def ingest_corpus(root: Path, settings: Settings) -> Corpus:
    """Every file under root as documents or a skipped file with its reason; flags and groups set."""
    root = Path(root)
    walk = files.walk(root)
    corpus = Corpus(root=str(root), skipped=list(walk.skipped))
    corpus.files_seen = len(walk.files) + len(walk.skipped)
    for item in walk.files:
        result = read_file(item, settings)
        if isinstance(result, SkippedFile):
            corpus.skipped.append(result)
        else:
            corpus.documents.extend(result)
    corpus.skipped.sort(key=lambda s: s.source)
    _make_ids_unique(corpus.documents)
    for doc in corpus.documents:
        doc.content_hash = content_hash(doc)
    quality.assign_duplicate_groups(corpus.documents)
    return corpus


def _make_ids_unique(documents: list[Document]) -> None:
    """Two sources can slug alike ("a.md" and "a.markdown"): give each such document a hash of its
    source (and position) so ids stay unique and still stable across runs."""
    counts = Counter(doc.id for doc in documents)
    for index, doc in enumerate(documents):
        if counts[doc.id] > 1:
            doc.id = f"{doc.id}-{short_hash(doc.source + '#' + doc.title + '#' + doc.url, 6)}"
    counts = Counter(doc.id for doc in documents)
    seen: Counter = Counter()
    for doc in documents:
        if counts[doc.id] > 1:
            seen[doc.id] += 1
            doc.id = f"{doc.id}-{seen[doc.id]}"
