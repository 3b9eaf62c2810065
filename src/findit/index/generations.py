"""The index folder's generations: where the current one is, how readers open it, how a new one
replaces it.

    current -> gen-000N   relative symlink, replaced atomically (os.replace) after a full rebuild
    gen-000N/             the Whoosh index, lemmas.json (the lemma table), acronyms.json (the acronym
                          pairs the archive defines), facets-<toc>.json (the facet tables of each Whoosh
                          commit) and meta.json (the manifest, findit.index.manifest)
    cache/                analysis cache keyed by content hash (survives full rebuilds)
    .lock                 writer lock (findit.index.lock)
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from findit.settings import Settings

if TYPE_CHECKING:  # heavy imports stay out of the nothing-changed path
    from findit.analysis import AcronymTable, LemmaTable

CURRENT = "current"
CACHE = "cache"
LEMMAS = "lemmas.json"
ACRONYMS = "acronyms.json"
META = "meta.json"
_GEN = re.compile(r"^gen-(\d+)$")
_TOC = re.compile(r"^_MAIN_(\d+)\.toc$")
# The files of a generation checked against its manifest: Whoosh's TOC and segments. (The lemma and acronym
# tables are saved before a commit, so a run killed before it leaves them newer than the manifest, and
# harmless; reading them checks them.)
_CHECKED = re.compile(r"^(?:_MAIN_\d+\.toc|MAIN_\w+\.\w+)$")
# Tries to open the current generation before calling it damaged (a commit may be replacing its TOC).
OPEN_ATTEMPTS = 10


class NoIndexError(Exception):
    """There is no index in the folder yet."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        super().__init__(f"pas encore d'index dans {index_dir} : lancez d'abord `findit index`")


class DamagedIndexError(NoIndexError):
    """The current generation exists but cannot be read (files removed or altered by hand)."""

    def __init__(self, index_dir: Path, why: str):
        self.index_dir, self.why = index_dir, why
        Exception.__init__(
            self, f"l'index de {index_dir} ne peut pas être lu ({why}) : reconstruisez-le avec `findit index --full`"
        )


class OpenedIndex(NamedTuple):
    """The current generation, opened for reading: `ix, table, generation, acronyms = open_index(settings)`."""

    index: Any  # whoosh.index.FileIndex, opened with the generation's lemma table
    table: LemmaTable
    generation: str  # as current_generation() gives it: reopen when that changes
    acronyms: AcronymTable  # the acronym pairs, for the query reader


# --- reading -------------------------------------------------------------------------------------------


def current_path(settings: Settings) -> Path:
    """The folder of the current generation. Raises NoIndexError when there is none."""
    link = Path(settings.index) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        raise NoIndexError(Path(settings.index)) from None
    path = link.parent / target
    if not (path / META).is_file():
        raise NoIndexError(Path(settings.index))
    return path


def toc_generation(path: Path) -> int:
    try:
        names = os.listdir(path)
    except OSError:
        return -1
    return max((int(m.group(1)) for m in map(_TOC.match, names) if m), default=-1)


def current_generation(settings: Settings) -> str | None:
    """A cheap key naming what readers would open now: `gen-000N/<whoosh TOC generation>`. It changes
    with every commit and every swap, so a reader reopens when it differs from what it opened. None when
    there is no index."""
    link = Path(settings.index) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    toc = toc_generation(link.parent / target)
    return None if toc < 0 else f"{Path(target).name}/{toc}"


def storage(path: Path):
    """A generation's files for Whoosh, read on demand. Not memory-mapped: Whoosh's BufferFile copies a
    mapped compound segment whole into the process (BytesIO over the map) as soon as a reader opens it,
    1.9 GB and 0.8–4 s at 100,000 documents, where reading on demand opens in 0.03 s."""
    from whoosh.filedb.filestore import FileStorage

    return FileStorage(str(path), supports_mmap=False)


def open_index(settings: Settings) -> OpenedIndex:
    """Open the current generation for searching, with the schema rebuilt on its lemma table (query and
    highlight analysis then need no spaCy), and its acronym table. Never call Searcher.refresh() on it:
    open anew when current_generation() changes."""
    from whoosh.index import EmptyIndexError

    from findit.analysis import AcronymTable, LemmaTable
    from findit.index import safepickle
    from findit.index.schema import build_schema

    safepickle.install()
    for attempt in range(OPEN_ATTEMPTS):
        path = current_path(settings).resolve()  # resolved once: a swap meanwhile does not mix generations
        try:
            table = LemmaTable.load(path / LEMMAS)
            acronyms = AcronymTable.load(path / ACRONYMS)
            ix = storage(path).open_index(schema=build_schema(table))
            toc = ix.latest_generation()
        except (EmptyIndexError, OSError, ValueError) as exc:
            # A commit deletes the TOC it replaces: opening just then finds it gone. Whoosh's own reader()
            # retries for the same reason; only a failure that persists means a damaged index.
            if attempt + 1 == OPEN_ATTEMPTS:
                raise DamagedIndexError(Path(settings.index), str(exc) or type(exc).__name__) from None
            time.sleep(0.05)
            continue
        return OpenedIndex(ix, table, f"{path.name}/{toc}", acronyms)
    raise AssertionError("unreachable")


# --- checking -------------------------------------------------------------------------------------------


def generation_record(path: Path, toc: int) -> dict:
    """What check_generation() compares a generation with later, saved in its manifest after each commit:
    the size of each of Whoosh's files and a digest of the TOC. Cheap (a directory listing and one small
    file), so that `findit index` can check the index on every run, even when nothing changed."""
    from findit.text import digest

    sizes = {e.name: e.stat().st_size for e in os.scandir(path) if _CHECKED.match(e.name) and e.is_file()}
    return {"toc": digest((Path(path) / f"_MAIN_{toc}.toc").read_bytes()), "sizes": sizes}


def check_generation(path: Path, meta: dict) -> str | None:
    """Why the generation cannot be read as its manifest describes it (a file truncated, altered or
    removed); None when it matches, or when there is nothing to compare (an index written before such
    records, or a commit newer than its manifest: a run killed between the two)."""
    record = meta.get("check")
    toc = meta.get("whoosh_generation")
    if not isinstance(record, dict) or not isinstance(toc, int) or toc_generation(path) != toc:
        return None
    from findit.text import digest

    for name, size in sorted(record.get("sizes", {}).items()):
        try:
            actual = os.stat(Path(path) / name).st_size
        except FileNotFoundError:
            return f"{name} manque"
        except OSError as exc:
            return f"{name} : {exc.strerror or exc}"
        if actual != size:
            return f"{name} a {actual} octets au lieu de {size}"
    try:
        if digest((Path(path) / f"_MAIN_{toc}.toc").read_bytes()) != record.get("toc"):
            return f"_MAIN_{toc}.toc a été modifié"
    except OSError as exc:
        return f"_MAIN_{toc}.toc : {exc.strerror or exc}"
    return None


def damage(settings: Settings) -> str | None:
    """Why the current generation is damaged (see check_generation), or None: for a reader that met an
    error it cannot explain (the page), to tell a damaged index from a bug."""
    from findit.index.manifest import read_manifest

    try:
        path = current_path(settings)
    except NoIndexError:
        return None
    if toc_generation(path) < 0:
        return "sa table des matières (_MAIN_*.toc) manque"
    meta = read_manifest(path)
    return check_generation(path, meta) if meta is not None else "son manifeste (meta.json) ne peut pas être lu"


# --- writing -------------------------------------------------------------------------------------------


def generations(index_dir: Path) -> dict[int, Path]:
    """Generation number -> folder, for every generation in the index folder."""
    try:
        entries = list(Path(index_dir).iterdir())
    except OSError:
        return {}
    return {int(m.group(1)): p for p in entries if (m := _GEN.match(p.name)) and p.is_dir()}


def new_generation(index_dir: Path) -> Path:
    """The folder of a new generation, numbered after every existing one (created)."""
    path = Path(index_dir) / f"gen-{max(generations(index_dir), default=0) + 1:04d}"
    path.mkdir(parents=True)
    return path


def remove_stale_generations(index_dir: Path, keep_previous: bool = True) -> None:
    """Remove generations no reader will open: all but the current one and, so that a reader that
    resolved `current` just before the last swap can finish, the one before it. A generation newer
    than the current one is what a killed full rebuild left behind."""
    gens = generations(index_dir)
    try:
        found = _GEN.match(Path(os.readlink(Path(index_dir) / CURRENT)).name)
    except OSError:
        found = None
    current = int(found.group(1)) if found else None
    keep = set()
    if current is not None:
        keep.add(current)
        older = [n for n in gens if n < current]
        if keep_previous and older:
            keep.add(max(older))
    for n, path in gens.items():
        if n not in keep:
            shutil.rmtree(path, ignore_errors=True)
    for entry in Path(index_dir).glob(f".{CURRENT}-*"):  # a swap's temporary link, left by a killed run
        entry.unlink(missing_ok=True)


def swap_current(index_dir: Path, gen_path: Path) -> None:
    """Point `current` at the generation, atomically: a reader resolves the old one or the new one."""
    tmp = Path(index_dir) / f".{CURRENT}-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    try:
        os.symlink(gen_path.name, tmp)
        os.replace(tmp, Path(index_dir) / CURRENT)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
