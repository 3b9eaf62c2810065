"""`IndexSummary`: what one indexing run did, and the line that ends it."""

from __future__ import annotations

from dataclasses import dataclass, field

from findit.documents import SkippedFile
from findit.text import decimal


@dataclass
class IndexSummary:
    """What one run did. Counts are of documents (a press page gives one document per item)."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0  # documents in the index after the run
    files: int = 0  # content files seen
    analysed: int = 0  # documents handed to the analyser (its cache spares spaCy the known ones)
    parsed: int = 0  # files read and parsed (the others: known from their size and mtime, or their hash)
    generation: str = ""  # e.g. "gen-0003"
    full: bool = False  # a full rebuild into a new generation
    repaired: str = ""  # why the current generation could not be read (then rebuilt in full)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.full)

    def line(self) -> str:
        """The one-line summary that ends every run."""
        how = "reconstruit" if self.full else "indexé"
        return (
            f"{how} : {_count(self.documents, 'document')} de {_count(self.files, 'fichier')} : "
            f"{_count(self.added, 'ajouté')}, {self.updated} mis à jour, {_count(self.removed, 'retiré')}, "
            f"{_count(len(self.skipped), 'ignoré')} ({decimal(self.seconds)} s)"
        )


def _count(n: int, word: str) -> str:
    """« 1 ajouté », « 0 ajouté », « 2 ajoutés »: French plural from 2 on."""
    return f"{n} {word}{'s' if n > 1 else ''}"
