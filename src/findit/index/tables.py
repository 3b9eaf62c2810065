"""The tables saved beside each commit of a generation, for readers: the lemma table (lemmas.json, saved
by findit.analysis.LemmaTable), the acronym table (acronyms.json) and the facet tables
(findit.index.facetstore)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from findit.index.generations import ACRONYMS
from findit.jsonfile import write_json

if TYPE_CHECKING:
    from findit.analysis import AcronymTable, LemmaTable
    from findit.index.facetstore import FacetTables


def save_acronyms(acronyms: AcronymTable, gen_path: Path) -> bool:
    """Save the generation's acronym table unless it already holds the same pairs; whether it wrote."""
    from findit.analysis import AcronymTable, AcronymTableError

    path = gen_path / ACRONYMS
    try:
        if path.is_file() and AcronymTable.load(path) == acronyms:
            return False
    except AcronymTableError:
        pass  # unreadable: written anew
    write_json(path, acronyms.to_json())
    return True


def save_facets(ix, gen_path: Path, previous: int | None = None, kept: FacetTables | None = None) -> FacetTables | None:
    """The facet tables of the commit just made, for readers to load rather than compute: from those of
    the `previous` commit when it only added segments and deleted documents (findit.index.facetupdate),
    else read from the index. `kept`: the previous commit's tables, when the caller holds them (a
    watcher: not loaded again). Returns the tables saved; best effort: a reader without them reads the
    index as before."""
    from findit.index.facetstore import FacetTables
    from findit.index.facetupdate import updated

    try:
        with ix.reader() as reader:
            tables = None
            if previous is not None:
                before = (
                    kept if kept is not None and kept.toc == previous else FacetTables.load(gen_path, previous, None)
                )
                tables = updated(before, reader)
            tables = tables or FacetTables.read(reader)
            tables.save(gen_path, reader.generation(), reader.doc_count_all())
            return tables
    except OSError:
        return None


def lemma_pairs(table: LemmaTable) -> int:
    """How many form → lemma pairs the table holds: it only grows, so equal counts mean no change."""
    return sum(map(len, table.forms.values()))
