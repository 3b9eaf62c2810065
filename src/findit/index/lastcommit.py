"""What an indexer keeps of its last commit, so that its next update (a watcher's) does not read it back.

At 100,000 documents the manifest is 20 MB of JSON, the facet tables a bit set per value, the lemma table
two megabytes, and fingerprinting every document took a second: each was read or computed whole at
every update. Each is kept with the stat of its file (or the generation it belongs to) and used only
while that still holds: another process's commit is read as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from findit.index.generations import LEMMAS, META
from findit.index.manifest import read_manifest

if TYPE_CHECKING:
    from findit.analysis import LemmaTable
    from findit.index.facetstore import FacetTables


def _stat_key(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size, stat.st_ino


class LastCommit:
    """An indexer's memory of its last commit."""

    def __init__(self) -> None:
        # The manifest's documents of the last update, when it committed what its ingestion gave: the next
        # update takes the fingerprints of the documents its ingestion did not change from it.
        self.fingerprints: dict[str, list[str]] | None = None
        self._manifest: tuple[tuple, dict] | None = None
        self._facets: tuple[str, FacetTables] | None = None
        self._lemmas: tuple[tuple, LemmaTable] | None = None

    def forget(self) -> None:
        """A run failed: what it may have changed is read again."""
        self.fingerprints = None
        self._lemmas = None

    def manifest(self, gen_path: Path) -> dict | None:
        """The generation's manifest: the one written last when the file is still that one, else read."""
        key = _stat_key(gen_path / META)
        if key is not None and self._manifest is not None and self._manifest[0] == key:
            return self._manifest[1]
        return read_manifest(gen_path)

    def wrote_manifest(self, gen_path: Path, meta: dict) -> None:
        key = _stat_key(gen_path / META)
        self._manifest = (key, meta) if key is not None else None

    def facets(self, gen_path: Path) -> FacetTables | None:
        """The facet tables of the last commit into this generation, if kept."""
        if self._facets is not None and self._facets[0] == str(gen_path.resolve()):
            return self._facets[1]
        return None

    def saved_facets(self, gen_path: Path, tables: FacetTables | None) -> None:
        self._facets = (str(gen_path.resolve()), tables) if tables is not None else None

    def lemmas(self, gen_path: Path) -> LemmaTable:
        """The generation's lemma table, read again only when its file changed."""
        from findit.analysis import LemmaTable

        key = _stat_key(gen_path / LEMMAS)
        if key is not None and self._lemmas is not None and self._lemmas[0] == key:
            return self._lemmas[1]
        table = LemmaTable.load(gen_path / LEMMAS)
        self._lemmas = (key, table) if key is not None else None
        return table

    def saved_lemmas(self, gen_path: Path, table: LemmaTable) -> None:
        key = _stat_key(gen_path / LEMMAS)
        self._lemmas = (key, table) if key is not None else None
