"""French function words, for the query side: spaCy's list, folded, read without importing spaCy."""

from __future__ import annotations

import importlib.util
import runpy
from functools import lru_cache
from pathlib import Path

from findit.text import fold


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """French function words (spaCy's list, folded): not required in a query of plain words, though they
    still score where present. Read from spaCy's data file without importing spaCy, which the query path
    must not load."""
    try:
        spec = importlib.util.find_spec("spacy")
        locations = spec.submodule_search_locations if spec is not None else None
        if not locations:
            return frozenset()
        path = Path(next(iter(locations))) / "lang" / "fr" / "stop_words.py"
        words = runpy.run_path(str(path))["STOP_WORDS"]
    except Exception:  # noqa: BLE001 - without the list every word is required, which still works
        return frozenset()
    return frozenset(fold(w) for w in words)
