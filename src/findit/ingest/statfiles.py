"""The size and modification time of many files at once, on two cores when there are many.

At 100,000 files, a run that finds nothing changed is mostly these system calls (one `stat` per file,
0.3 s in all on a 2-core machine). Threads do not share that work: each call holds the interpreter's
lock between two short system calls, and two threads took longer than one. A forked child takes half of
the files and sends its figures back through a pipe, which halves the time. The child is forked only
from a process with one thread, native ones included (forking beside threads can copy a lock another
thread holds), and only where the saving outweighs the fork; anything it could not send is stated again
here.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from array import array
from collections.abc import Sequence
from typing import NoReturn

# Below this many files, a fork (a few milliseconds) costs about what it saves.
PARALLEL_FROM = 8_000
FAILED = -1  # the size of a file that could not be stated
# Held back while the child starts, so that an interrupt never leaves it or its pipe behind.
_INTERRUPTS = frozenset({signal.SIGINT, signal.SIGTERM})


def stat_figures(paths: Sequence[str], parallel_from: int = PARALLEL_FROM) -> array:
    """Each file's size and mtime in ns, not following links, as pairs of 64-bit integers in the paths'
    order (packed: hashed whole, findit.index.quick); a size of FAILED where the file cannot be stated
    (removed since it was listed, no permission)."""
    if not shares_work(len(paths), parallel_from):
        return _packed(paths)
    half = len(paths) // 2
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTS)
    try:
        read_end, write_end = os.pipe()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return _packed(paths)
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return _packed(paths)
    if pid == 0:
        _child(paths[half:], read_end, write_end)
    os.close(write_end)
    pipe = os.fdopen(read_end, "rb")
    try:
        with pipe:  # closed on the way out: a child still writing then ends
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # an interrupt held back arrives here
            figures = _packed(paths[:half])
            data = pipe.read()
    finally:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass  # reaped elsewhere (SIGCHLD ignored): what it sent is all in `data`
    figures.frombytes(data[: len(data) - len(data) % (2 * figures.itemsize)])
    # a child that died early sent fewer: the rest is stated here
    figures.extend(_packed(paths[len(figures) // 2 :]))
    return figures


def as_pairs(figures: array) -> list[tuple[int, int] | None]:
    """stat_figures()' pairs as tuples, None for a file not stated."""
    sizes = figures[::2]
    pairs: list[tuple[int, int] | None] = list(zip(sizes, figures[1::2], strict=True))
    if FAILED in sizes:
        pairs = [None if pair is not None and pair[0] == FAILED else pair for pair in pairs]
    return pairs


def shares_work(count: int, parallel_from: int = PARALLEL_FROM) -> bool:
    """Whether stat_figures() gives half of `count` files to a child process, here and now."""
    if count < parallel_from or not hasattr(os, "fork") or _threads() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:
        return (os.cpu_count() or 1) > 1


def _threads() -> int:
    """The process's threads, native ones too (a file watcher's notifier is not a Python thread)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _child(paths: Sequence[str], read_end: int, write_end: int) -> NoReturn:
    """The forked child's whole life: its share as pairs of 64-bit integers, then gone without cleanup
    (the parent's buffers, locks and exit handlers are not its own). Interrupts stay held back."""
    code = 1
    try:
        gc.disable()  # a collection would touch every object, copying the parent's memory page by page
        os.close(read_end)
        with os.fdopen(write_end, "wb") as out:
            out.write(_packed(paths).tobytes())
        code = 0
    finally:
        os._exit(code)


def _packed(paths: Sequence[str]) -> array:
    figures = array("q")
    lstat = os.lstat
    for path in paths:
        try:
            st = lstat(path)
        except OSError:
            figures.extend((FAILED, FAILED))
            continue
        figures.extend((st.st_size, st.st_mtime_ns))
    return figures
