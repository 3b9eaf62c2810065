"""A language named among a query's words (« la note en anglais », « english version »): the documents in
that language come first, when the archive holds it beside a larger one.

The word also matches a document's language as text, like any other word (the `context` field of
findit.index.schema); but a page in English holds few of a French query's other words, and that one match
left it below French pages holding more of them."""

from __future__ import annotations

import re

from findit.search.results import VALUE_NAMES
from findit.text import fold

_WORD = re.compile(r"\w+")


def named_language(text: str, languages: dict[str, int]) -> int:
    """The documents (bits) of the languages the query's words name (`languages`: the `lang` facet's value
    -> its documents), leaving out the archive's largest language: naming it says nothing of the pages
    wanted. 0 when the query names none."""
    words = set(_WORD.findall(fold(text)))
    if not words or len(languages) < 2:
        return 0
    largest = max(bits.bit_count() for bits in languages.values())
    found = 0
    for code, bits in languages.items():
        # The names only, not the code: « en » is also a French word (« la note en anglais »).
        names = {fold(name) for name in VALUE_NAMES["lang"].get(code, [])}
        if code and bits.bit_count() < largest and names & words:
            found |= bits
    return found
