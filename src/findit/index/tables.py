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


def save_facets(ix, gen_path: Path, previous: int | None = None) -> None:
    """The facet tables of the commit just made, for readers to load rather than compute: from those of
    the `previous` commit when it only added segments and deleted documents (findit.index.facetupdate),
    else read from the index. Best effort: a reader without them reads the index as before."""
    from findit.index.facetstore import FacetTables
    from findit.index.facetupdate import updated

    try:
        with ix.reader() as reader:
            tables = updated(FacetTables.load(gen_path, previous, None), reader) if previous is not None else None
            (tables or FacetTables.read(reader)).save(gen_path, reader.generation(), reader.doc_count_all())
    except OSError:
        pass


def lemma_pairs(table: LemmaTable) -> int:
    """How many form → lemma pairs the table holds: it only grows, so equal counts mean no change."""
    return sum(map(len, table.forms.values()))
