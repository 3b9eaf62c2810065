"""What analysis hands the indexer: tokens with their lemma, form and offsets, and the names found."""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT_FIELDS = ("title", "summary", "body")


@dataclass(slots=True)  # one per word of the archive, held a chunk at a time
class AnalysedToken:
    text: str  # folded lemma (folded form for names): what the index stores
    surface: str  # folded word form as written
    start: int  # character offsets in the original field text
    end: int
    pos: str = ""  # spaCy's part of speech


@dataclass
class AnalysedDoc:
    content_hash: str
    fields: dict[str, list[AnalysedToken]] = field(default_factory=dict)
    speakers: list[str] = field(default_factory=list)  # display forms, deduplicated
    organisations: list[str] = field(default_factory=list)  # "Long name (ACRONYM)" when one is known

    def lemma_pairs(self) -> set[tuple[str, str]]:
        """The (folded form, folded lemma) pairs this document's text fields used."""
        return {(tok.surface, tok.text) for tokens in self.fields.values() for tok in tokens}


# Positions left between the parts of one field's text (title, summary and body as written): more than a
# phrase or a proximity window spans, so that a title's last word and the body's first are not together.
PART_GAP = 100


class PreAnalysed(str):
    """A field's text with its tokens analysed beforehand (in context, in batches); the text analyser
    replays the tokens. A str, not a list: Whoosh turns list values into tokens itself, bypassing the
    analyser. `parts`: for a text made of several (title, summary, body), the index of the first token
    of each part after the first; the analyser leaves PART_GAP positions before it."""

    tokens: list[AnalysedToken]
    parts: tuple[int, ...]

    def __new__(cls, text: str, tokens: list[AnalysedToken], parts: tuple[int, ...] = ()):
        obj = super().__new__(cls, text)
        obj.tokens = tokens
        obj.parts = parts
        return obj

    def __reduce__(self):
        return (PreAnalysed, (str(self), self.tokens, self.parts))

    def positions(self) -> list[int]:
        """Each token's position: its rank, plus PART_GAP for every part begun at or before it."""
        if not self.parts:
            return list(range(len(self.tokens)))
        out, gap, starts = [], 0, set(self.parts)
        for i in range(len(self.tokens)):
            if i in starts:
                gap += PART_GAP
            out.append(i + gap)
        return out
