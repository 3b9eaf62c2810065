"""A corpus folder to a Corpus: every file read, every failure reported, duplicates and junk flagged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from findit.documents import Corpus, Document, SkippedFile, content_hash
from findit.ingest import files, formats, reading
from findit.ingest.corpuswide import CorpusPasses, unique_ids
from findit.ingest.dupupdate import Kept
from findit.ingest.neardup import NearDuplicates
from findit.ingest.parsestore import ParseStore, decode, encode
from findit.settings import Settings

# Parsed files written to the store per transaction.
STORE_BATCH = 256
# A file's hash and what it gave: its documents as parsed, why it gave none, or None for documents that a
# restored state did not keep (read back from the parse store when needed)
Outcome = tuple[str, list[Document] | SkippedFile | None]


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
            hashes[item.source] = reading.file_hash(item.path, settings)
            stats[item.source] = stat
        except OSError:
            hashes[item.source] = "unreadable"
    return hashes, stats


def read_file(item: files.ContentFile, settings: Settings) -> list[Document] | SkippedFile:
    """One file's documents, or why it gave none. Never raises for bad content."""
    try:
        return formats.read(item.source, reading.read_bytes(item.path, settings), settings)
    except reading.UnreadableFile as exc:
        return exc.skipped(item.source)


@dataclass
class IngesterState:
    """What an Ingester knows after a run, for a new process to start from (findit.index.snapshot): each
    file's hash, with the SkippedFile of a file that gave nothing (a file's documents as parsed are not
    kept: they are read back from the parse store when a change needs them), the corpus-wide passes, each
    file's documents in their final form, and what near-duplicate grouping kept."""

    built: dict[str, tuple[str, SkippedFile | None]]
    passes: CorpusPasses
    final: dict[str, list[Document]]
    kept: Kept | None


class Ingester:
    """Ingests a corpus folder again and again (as `findit watch` does), parsing only the files whose
    bytes changed since the last run, and redoing the corpus-wide passes and the near-duplicate sketches
    only for the documents that changed (findit.ingest.corpuswide).

    The documents of a Corpus it returns are shared with the next runs (a document no change touched is
    the same object again, which is what keeps an update's work proportional to the change, and a later
    run may set its near-duplicate group): callers read them before the next run, and copy one
    (Document.copy) to change or keep it. A new process starts where another left off by restoring its
    state() (findit.index.snapshot keeps it beside the index)."""

    def __init__(self, settings: Settings, store: ParseStore | None = None) -> None:
        self.settings = settings
        # source -> (hash of the bytes, what they gave as parsed); never handed out
        self._built: dict[str, Outcome] = {}
        self._passes = CorpusPasses()
        self._final: dict[str, list[Document]] = {}  # each file's documents in their final form, as last given
        # near-duplicate groups: what each document gave them is kept beside the parsed files (in memory
        # without a store), so a run sketches only the documents that changed
        self.duplicates = NearDuplicates(store.path.parent if store is not None else None)
        # what earlier processes parsed (`findit index` runs once per process): read on the first ingest,
        # then forgotten (self._built holds what it said)
        self.store = store
        self._store_read = False
        self.parsed = 0  # files parsed by the last ingest (the others came from memory or the store)
        self.moved = 0  # files new, changed or gone at the last ingest
        self._restored = False  # started from a state (restore()): the store is read an entry at a time
        self._unbacked: set[str] = set()  # files of a restored state to read again (restore())

    def state(self) -> IngesterState:
        """What this ingester knows, for restore() in another process (shared, not copied: save it before
        the next ingest)."""
        built = {s: (h, r if isinstance(r, SkippedFile) else None) for s, (h, r) in self._built.items()}
        return IngesterState(built, self._passes, self._final, self.duplicates.kept)

    def restore(self, state: IngesterState) -> None:
        """Start from what another process's ingester knew (its state()), before the first ingest: that
        ingest then does what a kept ingester would, the work of the files that moved since."""
        self._built = dict(state.built)
        self._passes, self._final = state.passes, state.final
        self.duplicates.kept = state.kept
        self._store_read = self._restored = True
        if self.store is not None:
            # A file whose documents as parsed the store no longer holds (put back as it was after a run
            # saw it change): read again, as a changed file, rather than found missing when a change needs it.
            backed = self.store.hashes()
            self._unbacked = {s for s, (h, r) in self._built.items() if r is None and backed.get(s) != h}

    def ingest(self, root: Path, hashes: dict[str, str] | None = None, walked: files.Walk | None = None) -> Corpus:
        """`hashes` (from scan_stats, taken just before): a file whose hash it gives and whose result is
        known is not read again. `walked`: the listing scan_stats read (one walk of the folder per run).
        The Corpus's `changed` names the documents that may differ from the last run's."""
        root = Path(root)
        walk = walked or files.walk(root)
        corpus = Corpus(root=str(root), skipped=list(walk.skipped))
        corpus.files_seen = len(walk.files) + len(walk.skipped)
        built: dict[str, Outcome] = {}
        stored = self._load_store()
        # Entries are written as they are parsed, a batch at a time, not held for the whole archive.
        to_store: dict[str, tuple[str, bytes]] = {}
        changed: dict[str, list[Document]] = {}  # new or changed files: their documents as parsed
        self.parsed = 0
        known = hashes or {}
        for item in walk.files:
            previous = self._built.get(item.source) if item.source not in self._unbacked else None
            if previous is not None and previous[0] == known.get(item.source):
                # unchanged since the last run (most files, at every update): nothing else to do
                built[item.source] = previous
                if isinstance(previous[1], SkippedFile):
                    corpus.skipped.append(previous[1])
                continue
            result = self._known(item.source, known.get(item.source), stored)
            if result is None:
                try:
                    data = reading.read_bytes(item.path, self.settings)
                except reading.UnreadableFile as exc:
                    corpus.skipped.append(exc.skipped(item.source))
                    continue
                digest = reading.bytes_hash(data)
                result = self._known(item.source, digest, stored)
                if result is None:
                    result = (digest, formats.read(item.source, data, self.settings))
                    self.parsed += 1
                    if self.store is not None:
                        to_store[item.source] = (digest, encode(result[1]))
                        if len(to_store) >= STORE_BATCH:
                            self.store.save(to_store, [])
                            to_store.clear()
            built[item.source] = result
            if isinstance(result[1], SkippedFile):
                corpus.skipped.append(result[1])
            if result is not previous and result[1] is not None:  # None: only in an unchanged file's entry
                changed[item.source] = [] if isinstance(result[1], SkippedFile) else result[1]
        gone = [source for source in self._built if source not in built]
        if self.store is not None:
            # What the store holds of files that are gone: the entries of the first ingest that were not
            # used, and the files of the previous ingest.
            self.store.save(to_store, sorted({*stored, *gone} - built.keys()))
        self._built = built
        self._unbacked = set()
        self.moved = len(changed) + len(gone)
        corpus.skipped.sort(key=lambda s: s.source)
        self._settle(corpus, walk, changed, gone)
        return corpus

    def _settle(self, corpus: Corpus, walk: files.Walk, changed: dict[str, list[Document]], gone: list[str]) -> None:
        """The corpus's documents in their final form: the corpus-wide passes and near-duplicate groups
        redone for what changed, the other documents as the last run gave them."""
        fresh = self._passes.update(changed, gone, self._parsed)
        for source in (*gone, *changed):
            self._final.pop(source, None)
        for source, docs in changed.items():
            if docs:
                self._final[source] = [fresh[(source, rank)] for rank in range(len(docs))]
        for (source, rank), doc in fresh.items():
            doc.content_hash = content_hash(doc)
            self._final[source][rank] = doc  # in a changed file, or in another whose decisions moved
        corpus.documents = [doc for item in walk.files for doc in self._final.get(item.source, ())]
        # Ids still shared (a hashed id equal to another file's slug): numbered in the archive's order.
        renumbered = unique_ids(corpus.documents) if self._passes.clashes else []
        made = [*fresh.values(), *renumbered]
        corpus.changed = {doc.id for doc in made}
        corpus.changed.update(doc.id for doc in self.duplicates.assign(corpus.documents, made))

    def _parsed(self, source: str) -> list[Document]:
        digest, outcome = self._built[source]
        if outcome is None:
            outcome = self._read_back(source, digest)
            self._built[source] = (digest, outcome)
        return [] if isinstance(outcome, SkippedFile) else outcome

    def _read_back(self, source: str, digest: str) -> list[Document] | SkippedFile:
        """A file's documents as parsed, which a restored state did not keep, from the parse store (restore()
        made sure it holds them). Should another process have pruned that entry since, its final documents
        stand in: votes cast with the forms decided rather than those written, until the file changes."""
        found = _decoded(source, digest, self.store.get(source) if self.store is not None else None)
        if found is not None:
            return found
        return [doc.copy() for doc in self._final.get(source, ())]

    def _load_store(self) -> dict[str, tuple[str, bytes]]:
        """What earlier processes parsed, on the first ingest only: later ones find it in self._built.
        Each entry is taken out as it is used (_known), so that its text is not held twice."""
        if self.store is None or self._store_read:
            return {}
        self._store_read = True
        return self.store.load()

    def _known(self, source: str, digest: str | None, stored: dict) -> Outcome | None:
        """What the bytes of that hash gave, from memory or the store; None when they must be parsed."""
        if digest is None:
            return None
        previous = self._built.get(source)
        if previous is not None and previous[0] == digest and source not in self._unbacked:
            return previous
        entry = stored.pop(source, None)
        if entry is None and self._restored and self.store is not None:
            entry = self.store.get(source)  # a restored state reads the store an entry at a time
        found = _decoded(source, digest, entry)
        return (digest, found) if found is not None else None


def _decoded(source: str, digest: str, entry: tuple[str, bytes] | None) -> list[Document] | SkippedFile | None:
    """A parse store entry's result when it is of those bytes and readable; None when they must be parsed."""
    if entry is None or entry[0] != digest:
        return None
    try:
        return decode(source, entry[1])
    except (ValueError, TypeError, KeyError):
        return None  # unreadable entry: parsed again


def ingest_corpus(root: Path, settings: Settings) -> Corpus:
    """Every file under root as documents or a skipped file with its reason; flags and groups set."""
    return Ingester(settings).ingest(root)
