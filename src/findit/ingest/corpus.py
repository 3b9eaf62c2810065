"""A corpus folder to a Corpus: every file read, every failure reported, duplicates and junk flagged."""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from pathlib import Path

from findit.documents import Corpus, Document, SkippedFile, content_hash
from findit.ingest import files, formats, names, quality
from findit.ingest.ids import short_hash
from findit.settings import Settings
from findit.text import fold_key


def scan_files(root: Path, settings: Settings) -> dict[str, str]:
    """Relative POSIX path → hash of the bytes, for every content file; no parsing (change detection)."""
    hashes: dict[str, str] = {}
    for item in files.walk(Path(root)).files:
        try:
            hashes[item.source] = files.file_hash(item.path, settings)
        except OSError:
            hashes[item.source] = "unreadable"
    return hashes


def read_file(item: files.ContentFile, settings: Settings) -> list[Document] | SkippedFile:
    """One file's documents, or why it gave none. Never raises for bad content."""
    try:
        return formats.read(item.source, files.read_bytes(item.path, settings), settings)
    except files.UnreadableFile as exc:
        return SkippedFile(item.source, str(exc))


class Ingester:
    """Ingests a corpus folder again and again (as `findit watch` does), parsing only the files whose
    bytes changed since the last run; duplicate groups are always worked out over the whole corpus."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # source -> (hash of the bytes, what they gave); pristine copies, never handed out
        self._built: dict[str, tuple[str, list[Document] | SkippedFile]] = {}
        # content_hash -> shingles and MinHash of a document, for duplicate grouping
        self._sketches: dict = {}

    def ingest(self, root: Path) -> Corpus:
        root = Path(root)
        walk = files.walk(root)
        corpus = Corpus(root=str(root), skipped=list(walk.skipped))
        corpus.files_seen = len(walk.files) + len(walk.skipped)
        built: dict[str, tuple[str, list[Document] | SkippedFile]] = {}
        for item in walk.files:
            try:
                data = files.read_bytes(item.path, self.settings)
            except files.UnreadableFile as exc:
                corpus.skipped.append(SkippedFile(item.source, str(exc)))
                continue
            digest = files.bytes_hash(data)
            previous = self._built.get(item.source)
            result = (
                previous[1] if previous and previous[0] == digest else formats.read(item.source, data, self.settings)
            )
            built[item.source] = (digest, result)
            if isinstance(result, SkippedFile):
                corpus.skipped.append(result)
            else:
                corpus.documents.extend(copy.deepcopy(result))
        self._built = built
        corpus.skipped.sort(key=lambda s: s.source)
        _make_ids_unique(corpus.documents)
        for name in ("tags", "organisations"):
            _unify_spellings(corpus.documents, name)
        names.unify_people(corpus.documents)
        _fill_languages(corpus.documents)
        for doc in corpus.documents:
            doc.content_hash = content_hash(doc)
        quality.assign_duplicate_groups(corpus.documents, self._sketches)
        return corpus


def ingest_corpus(root: Path, settings: Settings) -> Corpus:
    """Every file under root as documents or a skipped file with its reason; flags and groups set."""
    return Ingester(settings).ingest(root)


def _unify_spellings(documents: list[Document], name: str) -> None:
    """One spelling per value across the corpus ("Évènement" / "Evénement" / "Événement", "INSEE" /
    "Insee"): the most used one, so facets and entity pages do not split a value in two."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for doc in documents:
        for value in getattr(doc, name):
            counts[fold_key(value)][value] += 1
    best = {key: max(sorted(forms), key=lambda form: forms[form]) for key, forms in counts.items() if len(forms) > 1}
    if not best:
        return
    for doc in documents:
        values: list[str] = []
        for value in getattr(doc, name):
            value = best.get(fold_key(value), value)
            if value not in values:
                values.append(value)
        setattr(doc, name, values)


def _fill_languages(documents: list[Document]) -> None:
    """A page too short to tell its language ("Contact", a link card) is in its site's language: the one
    most of the documents of its top folder (else of the corpus) are in."""
    by_site: dict[str, Counter] = defaultdict(Counter)
    for doc in documents:
        if doc.lang:
            by_site[_site(doc.source)][doc.lang] += 1
            by_site[""][doc.lang] += 1
    for doc in documents:
        if not doc.lang:
            counts = by_site.get(_site(doc.source)) or by_site.get("")
            if counts:
                doc.lang = counts.most_common(1)[0][0]


def _site(source: str) -> str:
    return source.split("/", 1)[0] if "/" in source else ""


def _make_ids_unique(documents: list[Document]) -> None:
    """Two sources can slug alike ("a.md" and "a.markdown"): give each such document a hash of its
    source (and position) so ids stay unique and still stable across runs."""
    counts = Counter(doc.id for doc in documents)
    for doc in documents:
        if counts[doc.id] > 1:
            doc.id = f"{doc.id}-{short_hash(doc.source + '#' + doc.title + '#' + doc.url, 6)}"
    counts = Counter(doc.id for doc in documents)
    seen: Counter = Counter()
    for doc in documents:
        if counts[doc.id] > 1:
            seen[doc.id] += 1
            doc.id = f"{doc.id}-{seen[doc.id]}"
