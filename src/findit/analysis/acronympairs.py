"""Acronym pairs a text states, either way round: « Direction interministérielle du numérique (DINUM) »
or « DINUM (Direction …) », the acronym spelt by the long form's words; and whether a long form names an
organisation or a group of bodies."""

from __future__ import annotations

import re
from functools import lru_cache

from findit.analysis.french import WORD, tokenise
from findit.analysis.namewords import ORG_FIRST_WORDS, heads_no_body
from findit.text import fold, fold_word

# Words that may be skipped when spelling an acronym from a long name.
_ACRONYM_STOPS = frozenset("de du des la le les l d et en pour a au aux sur dans par".split())

_SPACES = re.compile(r"\s+")
_ACRONYM_AFTER = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]{1,11})\s*\)")
_ACRONYM_BEFORE = re.compile(r"(?<!\w)([A-Z][A-Z0-9&]{1,11})\s*\(([^()\n]{5,160})\)")


def clean_display(name: str) -> str:
    return _SPACES.sub(" ", name).strip(" ,;:.-–—")


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) * 2 > len(letters) and word[0].isupper()


@lru_cache(maxsize=4096)
def _spells(acronym: str, words: tuple[str, ...]) -> bool:
    """Whether the words spell the acronym: each significant word gives a prefix of itself (« DINUM » =
    Direction + Interministérielle + NUMérique), small words may give nothing."""

    def go(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(acronym)
        word = words[j]
        if word in _ACRONYM_STOPS and go(i, j + 1):
            return True
        for n in range(1, len(word) + 1):
            if i + n > len(acronym) or acronym[i : i + n] != word[:n]:
                break
            if go(i + n, j + 1):
                return True
        return False

    return bool(words) and words[0] not in _ACRONYM_STOPS and go(0, 0)


def find_acronyms(text: str) -> list[tuple[str, str]]:
    """(acronym, long form) pairs that `text` defines, either way round."""
    found = []
    for m in _ACRONYM_AFTER.finditer(text):
        acronym = m.group(1)
        if not _is_acronym(acronym):
            continue
        before = [w for w in tokenise(text[max(0, m.start() - 200) : m.start()]) if w.kind == WORD][-12:]
        target = fold(acronym)
        for k in range(1, len(before) + 1):
            span = before[-k:]
            if _spells(target, tuple(fold_word(w.text) for w in span)):
                offset = max(0, m.start() - 200)
                found.append((acronym, clean_display(text[offset + span[0].start : offset + span[-1].end])))
                break
    for m in _ACRONYM_BEFORE.finditer(text):
        acronym, inner = m.group(1), m.group(2)
        words = [w for w in tokenise(inner) if w.kind == WORD]
        if _is_acronym(acronym) and _spells(fold(acronym), tuple(fold_word(w.text) for w in words)):
            found.append((acronym, clean_display(inner)))
    return found


def is_organisation_name(long_form: str) -> bool:
    """Whether a written-out name starts like an organisation's (« Direction … », « Agences … »)."""
    first = next((fold_word(w.text) for w in tokenise(long_form) if w.kind == WORD), "")
    if heads_no_body(first):
        return False
    return first in ORG_FIRST_WORDS or first.rstrip("sx") in ORG_FIRST_WORDS


def is_group_name(long_form: str) -> bool:
    """Whether a written-out name, plural, names a group of bodies (« Services statistiques ministériels »,
    « Agences régionales de santé »), not one organisation; « Archives nationales » is one body."""
    first = next((fold_word(w.text) for w in tokenise(long_form) if w.kind == WORD), "")
    return first not in ORG_FIRST_WORDS and first.rstrip("sx") in ORG_FIRST_WORDS and first != "archives"


def canonical_org(acronym: str, long_form: str) -> str:
    return f"{long_form[:1].upper()}{long_form[1:]} ({acronym})"
