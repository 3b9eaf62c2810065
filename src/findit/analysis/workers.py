"""spaCy in worker processes, for large batches: while the main process writes one chunk of documents into
the index, the workers lemmatise the next chunks, so a full build keeps both cores busy instead of
alternating between spaCy and Whoosh on one.

Only text goes to a worker and only the per-word records (the analysis cache's format) come back: the
names, the gazetteer and the index stay in the main process.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from findit.analysis.french import fold_word
from findit.analysis.lemmatizer import Lemmatizer

# One text to parse: (document id, field name, text).
Item = tuple[str, str, str]

# A worker process keeps its model between tasks: loading it costs seconds, a task a fraction of that.
_WORKER_LEMMATIZERS: dict[tuple[str, int], Lemmatizer] = {}


def parse_items(lemmatizer: Lemmatizer, items: list[Item], ner: bool) -> tuple[dict[str, dict], int]:
    """The cache records of the documents these texts belong to, and how many words spaCy read."""
    out: dict[str, dict] = {}
    words = 0
    for (doc_id, name, _text), parsed in zip(items, lemmatizer.parse([t for _, _, t in items], ner=ner)):
        out.setdefault(doc_id, {"f": {}})["f"][name] = {
            # Per word: as written, folded, folded lemma, part of speech, offsets.
            "w": [[w.text, fold_word(w.text), fold_word(w.lemma), w.pos, w.start, w.end] for w in parsed.words],
            "e": [list(e) for e in parsed.entities],
        }
        words += parsed.word_count
    return out, words


def _parse_in_worker(model: str, batch_size: int, ner: bool, items: list[Item]) -> tuple[dict[str, dict], int]:
    key = (model, batch_size)
    lemmatizer = _WORKER_LEMMATIZERS.get(key)
    if lemmatizer is None:
        lemmatizer = _WORKER_LEMMATIZERS[key] = Lemmatizer(batch_size=batch_size, model=model)
    return parse_items(lemmatizer, items, ner)


class ParsePool:
    """`workers` processes, each loading the model on its first task. Processes are started by spawn, not
    fork: the indexer may run beside threads (`findit serve --watch`) that a fork would copy mid-step."""

    def __init__(self, workers: int, lemmatizer: Lemmatizer, ner: bool):
        self.workers = workers
        self._args = (lemmatizer.model, lemmatizer.batch_size, ner)
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, items: list[Item]) -> Future:
        return self._pool.submit(_parse_in_worker, *self._args, items)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "ParsePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
