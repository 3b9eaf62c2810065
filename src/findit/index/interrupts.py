"""Ctrl-C during an update, recorded as well as raised.

Python raises KeyboardInterrupt wherever the main thread happens to be, and drops one raised inside a
weakref callback or a __del__ (it prints « Exception ignored in … » and goes on): a build interrupted
while an import released its module lock went on to swap its generation in. While an update runs, the
signal is also recorded, and the update asks at its safe points (between chunks, before it commits)."""

from __future__ import annotations

import signal
import threading

# SIGTERM too: findit's CLI turns it into KeyboardInterrupt (a handler of its own, wrapped here likewise).
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupts:
    """A context in which the Python handlers of SIGINT and SIGTERM also record that they ran. Outside
    the main thread (an update run by the page server's watcher) signals are not its to handle: nothing
    is wrapped and `asked` stays false."""

    def __init__(self) -> None:
        self.asked = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> Interrupts:
        if threading.current_thread() is threading.main_thread():
            for signum in _SIGNALS:
                handler = signal.getsignal(signum)
                if callable(handler):  # ignored or default: nothing of Python's runs, nothing to record
                    self._previous[signum] = handler
                    signal.signal(signum, self._record)
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        self._previous = {}

    def _record(self, signum, frame) -> None:
        self.asked = True
        self._previous[signum](signum, frame)  # type: ignore[operator]

    def check(self) -> None:
        """Raise the interrupt again if one was asked for and swallowed on its way."""
        if self.asked:
            raise KeyboardInterrupt
