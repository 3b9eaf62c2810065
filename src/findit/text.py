"""Text normalisation and hashing: one definition of each, used by every stage, so that what ingestion
compares, what the index holds and what a query looks for are folded the same way.

- `composed`: accented letters as one character each (Unicode NFC), whichever way the text was saved.
- `typed`: a query or filter value as typed: composed, control characters made blanks, invisible ones
  (soft hyphens, zero-width spaces) removed.
- `normalise_apostrophes`: typographic apostrophes to ASCII, one character for one (offsets kept).
- `fold`: lower case, accents and ligatures to ASCII with unidecode (é → e, œ → oe, 𝗟 → L). The form
  of every indexed word and every query word (after lemmatising: the model needs the accents).
- `fold_word`: `fold` for one word, which stays one word.
- `fold_key`: `fold` with blanks collapsed: the key comparing display values (facet values, names, titles).
- `fast_fold`: lower case without accents, the same length as the text (offsets in it are offsets in the
  text): one `str.translate` to scan or sort long texts, where unidecode's per-character work is too slow.
- `digest`: the hash of a text or bytes (content hashes, fingerprints, ids).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Typographic apostrophes → ASCII.
_APOSTROPHES = {0x2019: "'", 0x02BC: "'", 0x2018: "'", 0x60: "'", 0xB4: "'", 0x2032: "'"}
_APOSTROPHE_TABLE = str.maketrans(_APOSTROPHES)
_NOT_WORD = re.compile(r"[^\w']+")
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
DIGEST_BYTES = 16


def composed(text: str) -> str:
    """The text in Unicode's composed form (NFC): « é » saved or typed as « e » and a combining accent
    (macOS keyboards and file names, text copied out of a PDF) is the word the rest of the archive writes
    with one character; spaCy and the index would otherwise see another word."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def typed(text: str) -> str:
    """What a user typed or pasted, as a search reads it: composed; control characters (a terminal's
    escapes, a bell) are blanks; format characters, invisible (soft hyphen, zero-width space, BOM), go."""
    text = composed(text)
    if text.isprintable():
        return text
    text = _TERMINAL_ESCAPE.sub("", text)  # a colour or cursor code pasted from a terminal, whole
    return "".join(" " if (cat := unicodedata.category(c)) == "Cc" else "" if cat == "Cf" else c for c in text)


def normalise_apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHE_TABLE)


def fold(text: str) -> str:
    """Lower case, then accents and ligatures to ASCII."""
    if text.isascii():
        return text.lower()
    return text.translate(_fold_table()).lower()


class _UnidecodeTable(dict):
    """Code point -> what unidecode writes for that character, filled as characters are met. unidecode
    reads a text one character at a time, each on its own, so translating through this table gives its
    result; `str.translate` does it in C, where unidecode's loop makes Python calls for every character
    (8 % of a full build's main process under the profiler, three times what the table takes)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = unidecode(chr(code))
        return folded


@lru_cache(maxsize=1)
def _fold_table() -> _UnidecodeTable:
    return _UnidecodeTable()


def fold_word(word: str) -> str:
    """fold() for one word: the result stays one word (unidecode spells « ⅓ » as " 1/3 ")."""
    return _NOT_WORD.sub("", fold(word)) or word.lower()


def fold_key(text: str) -> str:
    """The comparison key of a display value: folded, blanks collapsed and trimmed."""
    return " ".join(fold(text).split())


@lru_cache(maxsize=1)
def _fast_fold_table() -> dict[int, str]:
    # Latin letters that unidecode folds to one ASCII letter; the rest (œ, æ, ß…, two letters) stay, so
    # that the folded text keeps the original's length.
    table = {code: folded for code in range(0xC0, 0x250) if len(folded := unidecode(chr(code))) == 1}
    table.update(_APOSTROPHES)
    return table


def fast_fold(text: str) -> str:
    """Lower case without accents, same length as `text`."""
    return text.translate(_fast_fold_table()).lower()


def digest(data: str | bytes) -> str:
    """A 128-bit BLAKE2b hex digest: collisions are not a concern at any archive's size."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=DIGEST_BYTES).hexdigest()


# French month names, in order: dates written in queries, and dates shown (« mai 2022 »).
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def thousands(n: int) -> str:
    """A count as French writes it: thousands apart by a narrow no-break space (« 10 000 »)."""
    return f"{n:,}".replace(",", "\u202f")


def decimal(x: float, places: int = 2) -> str:
    """A number as French writes it: a decimal comma (« 8,95 »)."""
    return f"{x:.{places}f}".replace(".", ",")
