"""French analysis for findit.

PROVISIONAL FIRST CUT: this module keeps the contract of docs/DESIGN.md working with a plain
regex + accent-folding chain so that the index and search can be built against it. The French chain
(elisions, spaCy lemmas in context, NER, lemma table, per-document cache) replaces it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from unidecode import unidecode
from whoosh.analysis import LowercaseFilter, RegexTokenizer, Token, Tokenizer

from findit.documents import Document

_WORD = re.compile(r"\w+(?:[-.]\w+)*")
TEXT_FIELDS = ("title", "summary", "body")


@dataclass
class AnalysedToken:
    text: str        # folded lemma: what the index stores
    surface: str     # folded word form as written
    start: int       # character offsets in the original field text
    end: int
    pos: str = ""


@dataclass
class AnalysedDoc:
    content_hash: str
    fields: dict[str, list[AnalysedToken]] = field(default_factory=dict)
    speakers: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)


class PreAnalysed(str):
    """A field's text with its tokens analysed beforehand (in context, in batches); the text analyser
    replays the tokens. A str, not a list: Whoosh turns list values into tokens itself, bypassing the
    analyser."""

    tokens: list[AnalysedToken]

    def __new__(cls, text: str, tokens: list[AnalysedToken]):
        obj = super().__new__(cls, text)
        obj.tokens = tokens
        return obj


def fold(text: str) -> str:
    return unidecode(text).lower()


class Analyser:
    def __init__(self, settings=None, cache_dir: Path | None = None):
        self.settings = settings
        self.cache_dir = cache_dir
        self.model_loaded = False

    def analyse(self, documents: Iterable[Document]) -> dict[str, AnalysedDoc]:
        out = {}
        for doc in documents:
            fields = {}
            for name in TEXT_FIELDS:
                text = getattr(doc, name) or ""
                fields[name] = [AnalysedToken(fold(m.group()), fold(m.group()), m.start(), m.end())
                                for m in _WORD.finditer(text)]
            out[doc.id] = AnalysedDoc(doc.content_hash, fields, list(doc.speakers), list(doc.organisations))
        return out


class LemmaTable:
    def __init__(self, forms: dict[str, set[str]] | None = None):
        self.forms = forms or {}

    @classmethod
    def load(cls, path: Path) -> "LemmaTable":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        return cls({k: set(v) for k, v in data.items()})

    def save(self, path: Path) -> None:
        path = Path(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lemmas-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({k: sorted(v) for k, v in self.forms.items()}, fh, ensure_ascii=False)
        os.replace(tmp, path)

    def update(self, analysed: Iterable[AnalysedDoc]) -> None:
        for doc in analysed:
            for tokens in doc.fields.values():
                for tok in tokens:
                    self.forms.setdefault(tok.surface, set()).add(tok.text)

    def lookup(self, form: str) -> list[str]:
        return sorted(self.forms.get(form, {form}))


class _TextTokenizer(Tokenizer):
    def __init__(self, table: LemmaTable | None = None):
        self.table = table

    def __getstate__(self):
        return {"table": None}

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if isinstance(value, PreAnalysed):
            tokens = value.tokens
        else:
            tokens = []
            for m in _WORD.finditer(value):
                form = fold(m.group())
                for lemma in (self.table.lookup(form) if self.table else [form]):
                    tokens.append(AnalysedToken(lemma, form, m.start(), m.end()))
        for i, tok in enumerate(tokens):
            t.text = tok.text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = tok.surface
            if positions:
                t.pos = start_pos + i
            if chars:
                t.startchar = start_char + tok.start
                t.endchar = start_char + tok.end
            yield t


def text_analyzer(table: LemmaTable | None = None):
    return _TextTokenizer(table)


def exact_analyzer():
    return RegexTokenizer(_WORD.pattern) | LowercaseFilter()


def name_analyzer():
    return RegexTokenizer(_WORD.pattern) | LowercaseFilter()
