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
from functools import lru_cache
from typing import TYPE_CHECKING

from findit.analysis.lemmatizer import Lemmatizer
from findit.text import fold_word

if TYPE_CHECKING:  # the query side imports this module: concurrent.futures only when a pool starts
    from concurrent.futures import Future

# One text to parse: (document id, field name, text).
Item = tuple[str, str, str]


def parse_items(lemmatizer: Lemmatizer, items: list[Item], ner: bool) -> tuple[dict[str, dict], int]:
    """The cache records of the documents these texts belong to, and how many words spaCy read."""
    out: dict[str, dict] = {}
    words = 0
    # One string per distinct form, lemma and part of speech, each folded once: a long text repeats the
    # same few thousand words, and a record per word would otherwise hold four strings of its own.
    shared: dict[str, str] = {}
    folded: dict[str, str] = {}

    def fold(text: str) -> str:
        if (found := folded.get(text)) is None:
            found = fold_word(text)
            found = folded[text] = shared.setdefault(found, found)
        return found

    for (doc_id, name, _text), parsed in zip(items, lemmatizer.parse([t for _, _, t in items], ner=ner), strict=True):
        out.setdefault(doc_id, {"f": {}})["f"][name] = {
            # Per word: as written, folded, folded lemma, part of speech, offsets.
            "w": [
                [
                    shared.setdefault(w.text, w.text),
                    fold(w.text),
                    fold(w.lemma),
                    shared.setdefault(w.pos, w.pos),
                    w.start,
                    w.end,
                ]
                for w in parsed.words
            ],
            "e": [list(e) for e in parsed.entities],
        }
        words += parsed.word_count
    return out, words


@lru_cache(maxsize=1)
def _worker_lemmatizer(model: str, batch_size: int, piece_chars: int, batch_chars: int) -> Lemmatizer:
    """A worker process keeps its model between tasks: loading it costs seconds, a task a fraction of that."""
    return Lemmatizer(batch_size=batch_size, model=model, piece_chars=piece_chars, batch_chars=batch_chars)


def _parse_in_worker(
    lemmatizer: tuple[str, int, int, int], ner: bool, items: list[Item]
) -> tuple[dict[str, dict], int]:
    return parse_items(_worker_lemmatizer(*lemmatizer), items, ner)


def _load_in_worker(lemmatizer: tuple[str, int, int, int]) -> None:
    _worker_lemmatizer(*lemmatizer).load()


def _start_worker(parent: int) -> None:
    """Ctrl-C is the indexer's to handle (it stops the pool); and a worker whose indexer died (kill -9)
    exits instead of lemmatising on for nobody."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="findit-parent-watch", daemon=True).start()


WORKER_DIED = (
    "un processus spaCy s'est arrêté pendant l'analyse (tué, ou à court de mémoire ?) ; l'index est laissé tel quel"
)


class WorkerError(RuntimeError):
    """A spaCy worker process died while parsing (killed, out of memory): the run stops."""


class ParsePool:
    """`workers` processes, each loading the model on its first task, on loky's process pool. The standard
    library's pools share one queue lock among their workers, and a worker killed while holding it (an
    idle worker waits for work with it held) deadlocks them: multiprocessing.Pool.terminate() and
    ProcessPoolExecutor.shutdown() both waited for ever here. loky detects a dead worker, fails the
    tasks it leaves (TerminatedWorkerError) and can kill its workers without waiting on them."""

    def __init__(self, workers: int, lemmatizer: Lemmatizer, ner: bool):
        from loky import ProcessPoolExecutor  # here: the query side imports this module, never a pool

        self._args = ((lemmatizer.model, lemmatizer.batch_size, lemmatizer.piece_chars, lemmatizer.batch_chars), ner)
        self.workers = workers
        self._executor = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(os.getpid(),))

    def submit(self, items: list[Item]) -> Future:
        """The parse of these texts, running: `result()` waits for it."""
        return self._submit(_parse_in_worker, *self._args, items)

    def load(self) -> list[Future]:
        """Each worker loading its model now, ahead of its first parse (a load takes seconds: while the first
        worker is busy with its own, the next task goes to the next worker)."""
        return [self._submit(_load_in_worker, self._args[0]) for _ in range(self.workers)]

    def _submit(self, function, *args) -> Future:
        # The pool starts its processes on demand, in submit(). They start with Ctrl-C ignored (an
        # ignored signal stays ignored across exec): one interrupted while importing would print a
        # traceback; the indexer's Ctrl-C stops the pool instead. Only the main thread may change the
        # handler (else, in `findit serve --watch`, Ctrl-C is the server's anyway).
        from concurrent.futures.process import BrokenProcessPool

        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main_thread else None
        try:
            return self._executor.submit(function, *args)
        except BrokenProcessPool:  # a worker died before this chunk was handed out
            raise WorkerError(WORKER_DIED) from None
        finally:
            if main_thread:
                signal.signal(signal.SIGINT, previous)

    def result(self, pending: Future) -> tuple[dict[str, dict], int]:
        """What the parse gave (its error re-raised); WorkerError when a worker died before answering."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return pending.result()
        except BrokenProcessPool:
            raise WorkerError(WORKER_DIED) from None

    def close(self, stop: bool = False) -> None:
        """End the workers. Every result the caller wants was read by now, or will be thrown away (Ctrl-C, a
        failed write, a dead worker): the workers hold nothing worth a graceful exit, and waiting on one
        is what can hang. Killed, they are then reaped here (a dead process is joined at once; the bound only
        guards a kill that is late): none is left a zombie for init to collect after the indexer exits."""
        processes = list(getattr(self._executor, "_processes", {}).values())  # loky keeps no public list
        self._executor.shutdown(wait=True, kill_workers=True)
        for process in processes:
            process.join(timeout=5)
