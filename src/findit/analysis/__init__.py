"""French analysis for findit: the same words at index and at query time.

Index time (`Analyser`): apostrophes normalised, elisions split off, words lemmatised by spaCy in context,
then folded (lemmatise first, fold after: the model needs the accents); names folded, never lemmatised;
people and organisations from structure, corrected NER and a gazetteer; results cached per content hash.
Query time (`text_analyzer(table)`): the same tokeniser and folding, and the `LemmaTable` the index saved
instead of spaCy, and the `AcronymTable` of the acronyms the archive defines.
"""

from typing import TYPE_CHECKING

from findit.lazy import exports

if TYPE_CHECKING:
    from findit.analysis.acronympairs import find_acronyms
    from findit.analysis.acronyms import Acronym, AcronymTable, AcronymTableError
    from findit.analysis.analysed import TEXT_FIELDS, AnalysedDoc, AnalysedToken, PreAnalysed
    from findit.analysis.analyser import Analyser, AnalysisStats
    from findit.analysis.french import (
        compound_analyzer,
        exact_analyzer,
        hyphenated,
        name_analyzer,
        stem_analyzer,
        tokenise,
        words,
    )
    from findit.analysis.gazetteer import Gazetteer
    from findit.analysis.lemmas import LemmaFilter, LemmaTable, LemmaTableError, text_analyzer
    from findit.analysis.lemmatizer import Lemmatizer, ModelError
    from findit.analysis.workers import WorkerError

_WHERE = {
    "find_acronyms": "acronympairs",
    "Acronym": "acronyms",
    "AcronymTable": "acronyms",
    "AcronymTableError": "acronyms",
    "TEXT_FIELDS": "analysed",
    "AnalysedDoc": "analysed",
    "AnalysedToken": "analysed",
    "PreAnalysed": "analysed",
    "Analyser": "analyser",
    "AnalysisStats": "analyser",
    "Gazetteer": "gazetteer",
    "compound_analyzer": "french",
    "exact_analyzer": "french",
    "hyphenated": "french",
    "name_analyzer": "french",
    "stem_analyzer": "french",
    "tokenise": "french",
    "words": "french",
    "LemmaFilter": "lemmas",
    "LemmaTable": "lemmas",
    "LemmaTableError": "lemmas",
    "text_analyzer": "lemmas",
    "Lemmatizer": "lemmatizer",
    "ModelError": "lemmatizer",
    "WorkerError": "workers",
}
__getattr__ = exports(__name__, _WHERE, globals())
__all__ = [
    "Acronym",
    "AcronymTable",
    "AcronymTableError",
    "TEXT_FIELDS",
    "AnalysedDoc",
    "AnalysedToken",
    "PreAnalysed",
    "Analyser",
    "AnalysisStats",
    "Gazetteer",
    "find_acronyms",
    "exact_analyzer",
    "name_analyzer",
    "compound_analyzer",
    "hyphenated",
    "stem_analyzer",
    "tokenise",
    "words",
    "LemmaFilter",
    "LemmaTable",
    "LemmaTableError",
    "text_analyzer",
    "Lemmatizer",
    "ModelError",
    "WorkerError",
]
