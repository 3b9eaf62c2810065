"""Ctrl-C that Python swallows on its way still stops an update.

Python drops an exception raised in a `__del__` or a weakref callback, printing « Exception ignored in … »:
a Ctrl-C landing there (a build once took it inside an import's lock cleanup) went unseen, and the build
went on to swap its generation in. Here the Ctrl-C is raised inside a `__del__` at a chosen moment of a
real update, and the update must stop all the same, leaving the index as it was."""

from __future__ import annotations

import signal
import sys

import pytest
from test_writer import NEW_EVENT, sources

from findit.index import current_generation


class _CtrlCInDel:
    """Ctrl-C delivered while Python runs this object's `__del__`, where Python swallows it."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)  # the handler runs before raise_signal returns


class _Swallowed:
    """Collects the exceptions Python reported as ignored."""

    def __init__(self, monkeypatch) -> None:
        self.interrupts = 0
        monkeypatch.setattr(sys, "unraisablehook", self._hook)

    def _hook(self, unraisable) -> None:
        self.interrupts += isinstance(unraisable.exc_value, KeyboardInterrupt)


@pytest.fixture(autouse=True)
def ctrl_c_raises():
    """Python's own Ctrl-C handler, as in a terminal: a test runner's worker process may ignore SIGINT."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def ctrl_c_at(moment: str, swallowed: _Swallowed):
    """A progress callback that takes a swallowed Ctrl-C before the first chunk or after the last."""

    def progress(done: int, total: int) -> None:
        if (moment == "first" and done == 0) or (moment == "last" and done == total > 0):
            before = swallowed.interrupts
            _CtrlCInDel()  # made and dropped at once: its __del__ runs here
            assert swallowed.interrupts == before + 1, "the Ctrl-C was not swallowed: this test tests nothing"

    return progress


@pytest.mark.parametrize("moment", ["first", "last"])
def test_a_swallowed_ctrl_c_stops_a_first_build(corpus_copy, make_settings, make_indexer, monkeypatch, moment):
    settings = make_settings(corpus_copy)
    swallowed = _Swallowed(monkeypatch)
    handler = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        make_indexer(settings).update(progress=ctrl_c_at(moment, swallowed))
    assert current_generation(settings) is None
    assert signal.getsignal(signal.SIGINT) is handler  # the update's recording handler is gone
    assert make_indexer(settings).update().added > 0


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("moment", ["first", "last"])
def test_a_swallowed_ctrl_c_stops_an_update(corpus_copy, make_settings, make_indexer, monkeypatch, moment, full):
    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    before = sources(settings)
    generation = current_generation(settings)  # what readers open: the generation and its commit
    (corpus_copy / "quimper.md").write_text(NEW_EVENT, encoding="utf-8")
    swallowed = _Swallowed(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        make_indexer(settings).update(full=full, progress=ctrl_c_at(moment, swallowed))
    assert sources(settings) == before
    assert current_generation(settings) == generation
    assert make_indexer(settings).update().added == 1


def test_an_interrupt_outside_an_update_is_not_kept(corpus_copy, make_settings, make_indexer, monkeypatch):
    """The recording lasts one update: a Ctrl-C swallowed between two updates stops neither."""
    settings = make_settings(corpus_copy)
    indexer = make_indexer(settings)
    indexer.update()
    swallowed = _Swallowed(monkeypatch)
    _CtrlCInDel()
    assert swallowed.interrupts == 1
    (corpus_copy / "quimper.md").write_text(NEW_EVENT, encoding="utf-8")
    assert indexer.update().added == 1
