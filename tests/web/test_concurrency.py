"""Concurrent searches on the page: answers from several threads equal the serial ones, whatever serves them
(one searcher under a lock, a reader per thread, search processes); a full rebuild's swap while requests are
in flight loses no request and its new documents become visible; no reader stays open on an old generation;
nothing is left running."""

from __future__ import annotations

import gc
import json
import os
import threading
from pathlib import Path

import pytest

from findit.index.generations import current_generation
from findit.webapp import create_app
from findit.webapp.server import MAX_THREADS, server_threads
from findit.webapp.service import SearchService
from helpers import alive, wait_until

QUERIES = ["algorithme", "Etalab", "semaine innovation publique", "données", "atelier", ""]
# The ways the page can serve searches: (readers, processes).
MODES = {"one locked searcher": (0, 0), "a reader per thread": (4, 0), "search processes": (4, 2)}
NEW_DOC = """---
title: Réunion des xylographes
date: 2024-05-06
---

Les xylographes se réunissent pour parler de gravure sur bois.
"""


def _app(settings, readers: int, processes: int):
    app = create_app({"FINDIT_SETTINGS": settings, "TESTING": True})
    app.extensions["findit"] = SearchService(app.extensions["findit"].settings, readers=readers, processes=processes)
    return app


def _hammer(app, queries: list[str], rounds: int, threads: int) -> tuple[dict[str, set[bytes]], list[str]]:
    """Every thread asks every query `rounds` times (each from its own place in the list): the bodies seen per
    query, and what went wrong."""
    seen: dict[str, set[bytes]] = {q: set() for q in queries}
    problems: list[str] = []
    start = threading.Barrier(threads, timeout=60)  # a client that never comes fails the test, not hangs it

    def client(n: int) -> None:
        try:
            c = app.test_client()
            start.wait()
            for i in range(rounds * len(queries)):
                q = queries[(n + i) % len(queries)]
                r = c.get("/api/search", query_string={"q": q})
                if r.status_code != 200:
                    problems.append(f"{q!r}: {r.status_code}")
                seen[q].add(r.get_data())
        except Exception as exc:  # noqa: BLE001 - a client's failure is a problem the test reports
            problems.append(f"client {n}: {exc!r}")

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=90)
    assert not any(w.is_alive() for w in workers), "a client is still waiting for an answer"
    return seen, problems


@pytest.mark.parametrize("mode", list(MODES))
def test_concurrent_answers_equal_serial_ones(settings, mode):
    readers, processes = MODES[mode]
    app = _app(settings, readers, processes)
    service = app.extensions["findit"]
    try:
        serial = {q: app.test_client().get("/api/search", query_string={"q": q}).get_data() for q in QUERIES}
        assert json.loads(serial["algorithme"])["total"] > 0
        seen, problems = _hammer(app, QUERIES, rounds=3, threads=6)
        assert problems == []
        assert seen == {q: {body} for q, body in serial.items()}
        if readers and not processes:
            # Readers were opened for the concurrent requests, all on the current generation, at most `readers`.
            assert 1 <= len(service.open_readers()) <= readers
            assert set(service.open_readers()) == {current_generation(settings)}
    finally:
        service.close()
    assert service.open_readers() == []
    # This service's janitor stopped (other tests' apps may keep theirs: they are daemon threads).
    janitor = service._janitor
    assert janitor is None or not janitor.is_alive()


def test_search_processes_stop_with_the_service(settings):
    app = _app(settings, 4, 2)
    service = app.extensions["findit"]
    try:
        _, problems = _hammer(app, QUERIES[:3], rounds=2, threads=4)
        assert problems == []
        pids = service._pool.pids()
        assert 1 <= len(pids) <= 2 and all(alive(p) for p in pids)
    finally:
        service.close()
    assert wait_until(lambda: not any(alive(p) for p in pids), timeout=30)


def _fds_under(folder: Path) -> list[str]:
    """Files of `folder` this process has open."""
    out = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(folder)):
            out.append(target)
    return out


@pytest.mark.parametrize("mode", ["a reader per thread", "search processes"])
def test_swap_during_requests_serves_the_new_generation(fresh_settings, make_indexer, mode):
    """While threads search, an update commits a new document, then full rebuilds swap generations (and
    remove the ones before the previous): no request fails or comes back empty, the new document is found
    without a restart, and no reader keeps an old generation open."""
    settings = fresh_settings
    make_indexer(settings).update()
    readers, processes = MODES[mode]
    app = _app(settings, readers, processes)
    service = app.extensions["findit"]
    stop = threading.Event()
    problems: list[str] = []
    counts = [0] * 4

    def client(n: int) -> None:
        c = app.test_client()
        while not stop.is_set():
            q = QUERIES[(n + counts[n]) % len(QUERIES)]
            try:
                r = c.get("/api/search", query_string={"q": q})
                if r.status_code != 200:
                    problems.append(f"{q!r}: {r.status_code} {r.get_data()[:200]!r}")
                elif q == "algorithme" and r.get_json()["total"] == 0:
                    problems.append("algorithme: no result")
            except Exception as exc:  # noqa: BLE001 - said by the test, not lost with the thread
                problems.append(f"{q!r}: {exc!r}")
            counts[n] += 1

    threads = [threading.Thread(target=client, args=(n,), name=f"client-{n}") for n in range(4)]
    try:
        for t in threads:
            t.start()
        assert wait_until(lambda: min(counts) >= 2, timeout=60), problems
        # An update commits into the current generation (new document numbers under the same folder)...
        (settings.corpus / "xylographes.md").write_text(NEW_DOC, encoding="utf-8")
        make_indexer(settings).update()
        seen = app.test_client().get("/api/search", query_string={"q": "xylographes"}).get_json()
        assert seen["total"] == 1
        before = list(counts)
        assert wait_until(lambda: all(c > b + 2 for c, b in zip(counts, before, strict=True)), timeout=60), problems
        # ... a full rebuild swaps generations...
        first = current_generation(settings)
        make_indexer(settings).update(full=True)
        assert current_generation(settings).split("/")[0] != first.split("/")[0]
        before = list(counts)
        # Requests kept coming during and after the swap...
        assert wait_until(lambda: all(c > b + 2 for c, b in zip(counts, before, strict=True)), timeout=60), problems
        # ... and a second rebuild removes the first generation while readers may still hold it.
        make_indexer(settings).update(full=True)
        before = list(counts)
        assert wait_until(lambda: all(c > b + 2 for c, b in zip(counts, before, strict=True)), timeout=60), problems
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert problems == []
    found = app.test_client().get("/api/search", query_string={"q": "xylographes"}).get_json()
    assert found["total"] == 1
    if not processes:
        assert set(service.open_readers()) == {current_generation(settings)}
    service.close()
    gc.collect()  # what the indexer opened and dropped is closed by the collector (Whoosh's readers hold cycles)
    assert _fds_under(Path(settings.index)) == []


def test_idle_readers_of_an_old_generation_are_closed(fresh_settings, make_indexer):
    """No request after a rebuild: the readers of the replaced generation are still closed (the janitor)."""
    settings = fresh_settings
    make_indexer(settings).update()
    app = _app(settings, 4, 0)
    service = app.extensions["findit"]
    try:
        _, problems = _hammer(app, QUERIES[:2], rounds=2, threads=3)
        assert problems == []
        old = current_generation(settings)
        old_folder = Path(settings.index) / old.split("/")[0]
        assert service.open_readers() and _fds_under(old_folder)
        make_indexer(settings).update(full=True)
        assert wait_until(lambda: service.open_readers() == [], timeout=30)
        assert _fds_under(old_folder) == []
    finally:
        service.close()


def test_server_threads_follow_the_cores():
    cores = len(os.sched_getaffinity(0))
    assert server_threads() == max(2, min(MAX_THREADS, 2 * cores))
