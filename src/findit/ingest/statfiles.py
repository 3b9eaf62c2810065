"""The size and modification time of many files at once, on two cores when there are many.

At 100,000 files, a run that finds nothing changed is mostly these system calls (one `stat` per file,
0.3 s in all on a 2-core machine). Threads do not share that work: each call holds the interpreter's
lock between two short system calls, and two threads took longer than one. A forked child takes half of
the files and sends its figures back through a pipe, which halves the time. The child is forked only
from a process with one thread (forking beside threads can copy a lock another thread holds) and only
where the saving outweighs the fork; anything it could not send is stated again here.
"""

from __future__ import annotations

import gc
import os
import threading
from array import array
from collections.abc import Sequence

# Below this many files, a fork (a few milliseconds) costs about what it saves.
PARALLEL_FROM = 8_000
_FAILED = -1


def stat_paths(paths: Sequence[str], parallel_from: int = PARALLEL_FROM) -> list[tuple[int, int] | None]:
    """(size, mtime in ns) of each file, not following links; None where it cannot be stated (removed
    since it was listed, no permission)."""
    half = len(paths) // 2
    if not shares_work(len(paths), parallel_from):
        return _stats(paths)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return _stats(paths)
    if pid == 0:  # the child: the second half, as pairs of 64-bit integers, then gone without cleanup
        code = 1
        try:
            gc.disable()  # a collection would touch every object, copying the parent's memory page by page
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                out.write(_packed(paths[half:]).tobytes())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:  # closed on the way out: a child still writing then ends
            first = _stats(paths[:half])
            data = pipe.read()
    finally:
        os.waitpid(pid, 0)
    figures = array("q")
    figures.frombytes(data[: len(data) - len(data) % (2 * figures.itemsize)])
    second: list[tuple[int, int] | None] = [
        None if size == _FAILED else (size, mtime) for size, mtime in zip(figures[::2], figures[1::2], strict=True)
    ]
    # a child that died early sent fewer: the rest is stated here
    return first + second + _stats(paths[half + len(second) :])


def shares_work(count: int, parallel_from: int = PARALLEL_FROM) -> bool:
    """Whether stat_paths() gives half of `count` files to a child process, here and now."""
    if count < parallel_from or not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:
        return (os.cpu_count() or 1) > 1


def _stats(paths: Sequence[str]) -> list[tuple[int, int] | None]:
    out: list[tuple[int, int] | None] = []
    lstat = os.lstat
    for path in paths:
        try:
            st = lstat(path)
        except OSError:
            out.append(None)
            continue
        out.append((st.st_size, st.st_mtime_ns))
    return out


def _packed(paths: Sequence[str]) -> array:
    figures = array("q")
    lstat = os.lstat
    for path in paths:
        try:
            st = lstat(path)
        except OSError:
            figures.extend((_FAILED, _FAILED))
            continue
        figures.extend((st.st_size, st.st_mtime_ns))
    return figures
