"""A corpus folder to a Corpus: every file read, every failure reported, duplicates and junk flagged."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from findit.documents import Corpus, Document, SkippedFile, content_hash
from findit.ingest import files, formats, names, profiles
from findit.ingest.ids import short_hash
from findit.ingest.neardup import NearDuplicates
from findit.ingest.parsestore import ParseStore, decode, encode
from findit.settings import Settings
from findit.text import fold_key

# Parsed files written to the store per transaction.
STORE_BATCH = 256


def scan_files(root: Path, settings: Settings) -> dict[str, str]:
    """Relative POSIX path → hash of the bytes, for every content file; no parsing (change detection)."""
    return scan_stats(root, settings)[0]


def scan_stats(
    root: Path,
    settings: Settings,
    known_hashes: dict | None = None,
    known_stats: dict | None = None,
    walked: files.Walk | None = None,
) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Like scan_files, and each file's [size, mtime in ns]. A file whose size and mtime equal
    `known_stats` keeps its hash from `known_hashes` without being read.

    The limit, as in rsync or git: a file rewritten with the same size and its mtime set back to the
    old value (`os.utime`, `touch -r`, a copy tool keeping times) is not read again. Any other change to
    the bytes moves the mtime (nanoseconds on the file systems findit runs on); a touch without change
    is read and hashed, and found unchanged. `walked`: the folder's listing, when the caller has it."""
    known_hashes = known_hashes or {}
    known_stats = known_stats or {}
    hashes: dict[str, str] = {}
    stats: dict[str, list[int]] = {}
    for item in (walked or files.walk(Path(root))).files:
        if item.stat is not None:
            stat = list(item.stat)
        else:
            try:
                st = item.path.stat()
            except OSError:
                hashes[item.source] = "unreadable"
                continue
            stat = [st.st_size, st.st_mtime_ns]
        old = known_hashes.get(item.source)
        if old is not None and old != "unreadable" and known_stats.get(item.source) == stat:
            hashes[item.source] = old
            stats[item.source] = stat
            continue
        try:
            hashes[item.source] = files.file_hash(item.path, settings)
            stats[item.source] = stat
        except OSError:
            hashes[item.source] = "unreadable"
    return hashes, stats


def read_file(item: files.ContentFile, settings: Settings) -> list[Document] | SkippedFile:
    """One file's documents, or why it gave none. Never raises for bad content."""
    try:
        return formats.read(item.source, files.read_bytes(item.path, settings), settings)
    except files.UnreadableFile as exc:
        return exc.skipped(item.source)


class Ingester:
    """Ingests a corpus folder again and again (as `findit watch` does), parsing only the files whose
    bytes changed since the last run, and sketching for near-duplicates only the documents that changed."""

    def __init__(self, settings: Settings, store: ParseStore | None = None) -> None:
        self.settings = settings
        # source -> (hash of the bytes, what they gave); pristine copies, never handed out
        self._built: dict[str, tuple[str, list[Document] | SkippedFile]] = {}
        # (source, hash of its bytes, rank in the file) -> (speakers, organisations, content hash) of the
        # last ingest: an unchanged file's texts are hashed again only when unification changed its names
        self._hashes: dict[tuple[str, str, int], tuple[tuple[str, ...], tuple[str, ...], str]] = {}
        # near-duplicate groups: what each document gave them is kept beside the parsed files (in memory
        # without a store), so a run sketches only the documents that changed
        self.duplicates = NearDuplicates(store.path.parent if store is not None else None)
        # what earlier processes parsed (`findit index` runs once per process): read on the first ingest,
        # then forgotten (self._built holds what it said)
        self.store = store
        self._store_read = False
        self.parsed = 0  # files parsed by the last ingest (the others came from memory or the store)

    def ingest(self, root: Path, hashes: dict[str, str] | None = None, walked: files.Walk | None = None) -> Corpus:
        """`hashes` (from scan_stats, taken just before): a file whose hash it gives and whose result is
        known is not read again. `walked`: the listing scan_stats read (one walk of the folder per run)."""
        root = Path(root)
        walk = walked or files.walk(root)
        corpus = Corpus(root=str(root), skipped=list(walk.skipped))
        corpus.files_seen = len(walk.files) + len(walk.skipped)
        built: dict[str, tuple[str, list[Document] | SkippedFile]] = {}
        stored = self._load_store()
        # Entries are written as they are parsed, a batch at a time, not held for the whole archive.
        changed: dict[str, tuple[str, str]] = {}
        origins: list[tuple[str, str, int]] = []  # each document's file, its hash and the document's rank
        self.parsed = 0
        for item in walk.files:
            result = self._known(item.source, (hashes or {}).get(item.source), stored)
            if result is not None:
                digest = result[0]
                built[item.source] = result
                outcome = result[1]
            else:
                try:
                    data = files.read_bytes(item.path, self.settings)
                except files.UnreadableFile as exc:
                    corpus.skipped.append(exc.skipped(item.source))
                    continue
                digest = files.bytes_hash(data)
                known = self._known(item.source, digest, stored)
                if known is not None:
                    outcome = known[1]
                else:
                    outcome = formats.read(item.source, data, self.settings)
                    self.parsed += 1
                    if self.store is not None:
                        changed[item.source] = (digest, encode(outcome))
                        if len(changed) >= STORE_BATCH:
                            self.store.save(changed, [])
                            changed.clear()
                built[item.source] = (digest, outcome)
            if isinstance(outcome, SkippedFile):
                corpus.skipped.append(outcome)
            else:
                corpus.documents.extend(doc.copy() for doc in outcome)
                origins.extend((item.source, digest, rank) for rank in range(len(outcome)))
        if self.store is not None:
            # What the store holds of files that are gone: the entries of the first ingest that were not
            # used, and the files of the previous ingest.
            gone = {source for source in (*stored, *self._built) if source not in built}
            self.store.save(changed, sorted(gone))
        self._built = built
        corpus.skipped.sort(key=lambda s: s.source)
        _make_ids_unique(corpus.documents)
        for name in ("tags", "organisations"):
            _unify_spellings(corpus.documents, name)
        profiles.resolve_author_slugs(corpus.documents)
        names.unify_people(corpus.documents)
        _fill_languages(corpus.documents)
        by_origin: dict[tuple[str, str, int], tuple[tuple[str, ...], tuple[str, ...], str]] = {}
        for doc, origin in zip(corpus.documents, origins, strict=True):
            stated = (tuple(doc.speakers), tuple(doc.organisations))
            before = self._hashes.get(origin)
            # The file's bytes give its texts: only the names unification settles can differ since.
            doc.content_hash = before[2] if before is not None and before[:2] == stated else content_hash(doc)
            by_origin[origin] = (*stated, doc.content_hash)
        self._hashes = by_origin
        self.duplicates.assign(corpus.documents)
        return corpus

    def _load_store(self) -> dict[str, tuple[str, str]]:
        """What earlier processes parsed, on the first ingest only: later ones find it in self._built.
        Each entry is taken out as it is used (_known), so that its text is not held twice."""
        if self.store is None or self._store_read:
            return {}
        self._store_read = True
        return self.store.load()

    def _known(self, source: str, digest: str | None, stored: dict) -> tuple[str, list[Document] | SkippedFile] | None:
        """What the bytes of that hash gave, from memory or the store; None when they must be parsed."""
        if digest is None:
            return None
        previous = self._built.get(source)
        if previous is not None and previous[0] == digest:
            return previous
        entry = stored.pop(source, None)
        if entry is not None and entry[0] == digest:
            try:
                return digest, decode(source, entry[1])
            except (ValueError, TypeError, KeyError):
                return None  # unreadable entry: parsed again
        return None


def ingest_corpus(root: Path, settings: Settings) -> Corpus:
    """Every file under root as documents or a skipped file with its reason; flags and groups set."""
    return Ingester(settings).ingest(root)


def _unify_spellings(documents: list[Document], name: str) -> None:
    """One spelling per value across the corpus ("Évènement" / "Evénement" / "Événement", "INSEE" /
    "Insee"): the most used one, so facets and entity pages do not split a value in two."""
    keys: dict[str, str] = {}  # the same values recur across the archive: each folded once

    def key(value: str) -> str:
        folded = keys.get(value)
        if folded is None:
            folded = keys[value] = fold_key(value)
        return folded

    counts: dict[str, Counter] = defaultdict(Counter)
    for doc in documents:
        for value in getattr(doc, name):
            counts[key(value)][value] += 1
    best = {key: max(sorted(forms), key=lambda form: forms[form]) for key, forms in counts.items() if len(forms) > 1}
    if not best:
        return
    for doc in documents:
        values: list[str] = []
        for value in getattr(doc, name):
            value = best.get(key(value), value)
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
