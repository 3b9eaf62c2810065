"""BM25F as findit scores: the name fields normalised against the documents that name someone.

BM25 weighs a match less in a longer field, measured against the field's average length. Most documents
name nobody, so over every document the speakers and organisations fields average a fraction of a name:
any document naming two people looked very long, and a name field was better left unnormalised. Then a
report listing forty ministries matched « éducation nationale » as strongly as the project whose one
organisation it is. The name fields are now normalised (at NAMES_B, below the text's 0.75) against their
average among the documents that name someone."""

from __future__ import annotations

from whoosh import scoring

from findit.index.lengths import length_codes

NAME_FIELDS = ("speakers", "organisations")
NAMES_B = 0.5


class Weighting(scoring.BM25F):
    """The averages are kept by the commit they were computed on (a searcher is one per generation in
    findit, but a reader refreshed in place would be another commit)."""

    def __init__(self) -> None:
        super().__init__(**{f"{name}_B": NAMES_B for name in NAME_FIELDS})
        self._averages: dict[tuple[int, str], float] = {}

    def scorer(self, searcher, fieldname, text, qf=1):
        if fieldname not in NAME_FIELDS or not searcher.schema[fieldname].scorable:
            return super().scorer(searcher, fieldname, text, qf)
        parent = searcher.get_parent()
        key = (parent.reader().generation(), fieldname)
        average = self._averages.get(key)
        if average is None:
            average = self._averages[key] = named_average(parent, fieldname)
        return _Scorer(searcher, fieldname, text, self._field_B[fieldname], self.K1, qf, average)


class _Scorer(scoring.BM25FScorer):
    """Whoosh's BM25F scorer with the average length given (set before setup(), which computes the
    best score a block can reach from it)."""

    def __init__(self, searcher, fieldname, text, B, K1, qf, average: float) -> None:
        self.idf = searcher.get_parent().idf(fieldname, text)
        self.avgfl = average
        self.B, self.K1, self.qf = B, K1, qf
        self.setup(searcher, fieldname, text)


def named_average(searcher, fieldname: str) -> float:
    """The field's average length among the documents where it is not empty (deleted ones counted, as
    Whoosh counts them in its own average); 1 when none is."""
    reader = searcher.reader()
    named = 0
    for segment, _ in reader.leaf_readers():
        codes = length_codes(segment._perdoc, fieldname)
        named += len(codes) - codes.count(0)
    return reader.field_length(fieldname) / named if named else 1.0
