"""French function words: spaCy's list, folded, read without importing spaCy (the query side must not load
it). A query makes them optional, and does not search the stems field for a word cut to one of their stems
(findit.analysis.french)."""

from __future__ import annotations

import importlib.util
import runpy
from functools import lru_cache
from pathlib import Path

from findit.text import fold

# Words of spaCy's list that name the subject of a search rather than tie its words together: « données
# ouvertes », « retour d'expérience », « nouveau site », « parler en public » need them. (Numbers and
# ordinals but « premier » stay optional: « dix ans » and « 2e promotion » are also written in digits.)
MEANINGFUL = frozenset(
    """
ouvert ouverte ouverts retour personne nouveau premier premiere possible possibles proche specifique
specifiques relative directe rendre parler parle parlent suivre laisser different differente differentes
differents divers diverse diverses nombreux nombreuses prealable anterieur anterieure anterieures semblable
suffisant suffisante gens effet facon merci stop juste tenir pense tente basee debout attendu
""".split()
)


@lru_cache(maxsize=1)
def spacy_stop_words() -> frozenset[str]:
    """spaCy's list of French function words as it writes them (lower case, accented), MEANINGFUL ones
    included. Read from its data file without importing spaCy, which the query path must not load."""
    try:
        spec = importlib.util.find_spec("spacy")
        locations = spec.submodule_search_locations if spec is not None else None
        if not locations:
            return frozenset()
        path = Path(next(iter(locations))) / "lang" / "fr" / "stop_words.py"
        words = runpy.run_path(str(path))["STOP_WORDS"]
    except Exception:  # noqa: BLE001 - without the list every word is required, which still works
        return frozenset()
    return frozenset(words)


@lru_cache(maxsize=1)
def meaningful_words() -> frozenset[str]:
    """The MEANINGFUL words as spaCy's list writes them (« première », « différentes »)."""
    return frozenset(w for w in spacy_stop_words() if fold(w) in MEANINGFUL)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """French function words as spaCy's list writes them, less the MEANINGFUL ones."""
    return spacy_stop_words() - meaningful_words()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """French function words, folded: not required in a query of plain words, though they still score
    where present."""
    return frozenset(fold(w) for w in function_words())
