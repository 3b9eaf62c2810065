"""spaCy in worker processes, for large batches: while the main process writes one chunk of documents into
the index, the workers lemmatise the next chunks, so a full build keeps both cores busy instead of
alternating between spaCy and Whoosh on one.

Only text goes to a worker and only the per-word records (the analysis cache's format) come back: the
names, the gazetteer and the index stay in the main process.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import TYPE_CHECKING

from findit.analysis.french import fold_word
from findit.analysis.lemmatizer import Lemmatizer

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

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


def _start_worker(parent: int) -> None:
    """Ctrl-C is the indexer's to handle (it stops the pool); and a worker whose indexer died (kill -9)
    exits instead of lemmatising on for nobody."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="findit-parent-watch", daemon=True).start()


class WorkerError(RuntimeError):
    """A spaCy worker process died while parsing (killed, out of memory): the run stops."""


class ParsePool:
    """`workers` processes, each loading the model on its first task. Processes are started by spawn, not
    fork: the indexer may run beside threads (`findit serve --watch`) that a fork would copy mid-step."""

    def __init__(self, workers: int, lemmatizer: Lemmatizer, ner: bool):
        self._args = (lemmatizer.model, lemmatizer.batch_size, ner)
        import multiprocessing   # here: the query side imports this module, never a pool

        # The workers start with Ctrl-C ignored (an ignored signal stays ignored across exec): one
        # interrupted while importing would print a traceback. The indexer's Ctrl-C stops the pool instead.
        # Only the main thread may change the handler; a Ctrl-C during these few milliseconds is lost.
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main_thread else None
        before = {p.pid for p in multiprocessing.active_children()}
        try:
            self._pool = multiprocessing.get_context("spawn").Pool(
                processes=workers, initializer=_start_worker, initargs=(os.getpid(),))
        finally:
            if main_thread:   # else (`findit serve --watch`) Ctrl-C is the server's anyway
                signal.signal(signal.SIGINT, previous)
        self._workers = {p.pid for p in multiprocessing.active_children()} - before

    def submit(self, items: list[Item]) -> AsyncResult:
        """The parse of these texts, running: `result()` waits for it."""
        return self._pool.apply_async(_parse_in_worker, (*self._args, items))

    def result(self, pending: AsyncResult) -> tuple[dict[str, dict], int]:
        """What the parse gave (its error re-raised). A pool whose worker died replaces the worker but
        never answers for the task it held: WorkerError then, instead of waiting for ever."""
        import multiprocessing

        while True:
            try:
                return pending.get(timeout=1.0)
            except multiprocessing.TimeoutError:
                if not self._workers <= {p.pid for p in multiprocessing.active_children()}:
                    raise WorkerError("a spaCy worker process died while parsing (killed, or out of memory?); "
                                      "the index was left as it was") from None

    def close(self, stop: bool = False) -> None:
        """Wait for the workers to finish, or with `stop` end them at once (Ctrl-C, a failed write: what
        they are parsing would be thrown away)."""
        if stop:
            self._pool.terminate()
        else:
            self._pool.close()
        self._pool.join()
