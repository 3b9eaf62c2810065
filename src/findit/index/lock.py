"""The index's writer lock: one indexer at a time per index folder.

An advisory `flock` on `index/.lock`: the kernel releases it when the holder dies, even by kill -9, so a
crashed indexer never leaves a stale lock behind. Whoosh's own write lock would make a second writer fail
at once (LockError); this lock covers the whole update (ingest, analysis, commit, generation swap) and
lets a second indexer wait a bounded time before saying clearly that one is running."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path


class IndexBusyError(Exception):
    """Another indexer holds the index folder's lock."""

    def __init__(self, index_dir: Path, holder: str, waited: float):
        self.index_dir, self.holder, self.waited = index_dir, holder, waited
        who = f" (pid {holder})" if holder else ""
        super().__init__(
            f"un autre indexeur travaille sur {index_dir}{who} ; attendu {waited:.0f} s. Réessayez quand il aura fini."
        )


class WriterLock:
    """Context manager: `with WriterLock(index_dir, wait=30): ...`."""

    POLL_SECONDS = 0.1

    def __init__(self, index_dir: Path, wait: float = 30.0, on_wait: Callable[[str], None] | None = None):
        self.index_dir = Path(index_dir)
        self.path = self.index_dir / ".lock"
        self.wait = wait
        self.on_wait = on_wait
        self._fd: int | None = None

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return ""

    def acquire(self) -> None:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._wait_for(fd)
        except BaseException:
            os.close(fd)  # closing releases the flock too: a failed acquire never keeps the lock
            raise
        # The pid is only for the message a waiting indexer prints; the flock is what locks. Best effort: a
        # full disk must not stop the run that would clean up what a failed one left behind.
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        except OSError:
            pass
        self._fd = fd

    def _wait_for(self, fd: int) -> None:
        start = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                waited = time.monotonic() - start
                if waited >= self.wait:
                    raise IndexBusyError(self.index_dir, self.holder(), waited) from None
                if not told and self.on_wait is not None:
                    holder = self.holder()
                    self.on_wait(
                        f"un autre indexeur travaille sur {self.index_dir}"
                        f"{f' (pid {holder})' if holder else ''} ; attente de {self.wait:.0f} s au plus…"
                    )
                    told = True
                time.sleep(self.POLL_SECONDS)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass  # only the pid for messages
        finally:
            os.close(fd)  # releases the flock, whatever happened before

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
