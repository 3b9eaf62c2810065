"""The query log and `findit stats`: what is logged (and what is not), the figures a curator reads,
the bound on its size, the opt-out, and a log that cannot be written never failing a search."""

from __future__ import annotations

import dataclasses
import json
import sqlite3

from findit.cli import cli
from findit.querylog import FILE_NAME, record, stats
from findit.search.results import SearchRequest
from findit.settings import Settings


def _query(runner, index, *args, env=None):
    result = runner.invoke(cli, ["query", "--index", str(index), *args], env=env)
    assert result.exit_code == 0, result.output
    return result


def _stats(runner, index, *args) -> dict:
    result = runner.invoke(cli, ["stats", "--index", str(index), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_stats_lists_frequent_queries_and_those_without_result(runner, own_index):
    # « cnl »: too short for typo tolerance, so nothing is found, but the suggestion (CNIL) is recorded.
    for query in ("eig", "EIG", "Éig", "algorithmes publics", "zzzqqq", "zzzqqq", "cnl"):
        _query(runner, own_index, "--json", query)
    _query(runner, own_index, "--year", "1999", "eig")  # nothing in 1999: the query is not to blame
    _query(runner, own_index, "--page", "2", "eig")  # the same search read on: not asked again
    _query(runner, own_index)  # a listing without words: nothing asked
    data = _stats(runner, own_index)
    assert data["searches"] == 8
    assert data["top"][0]["query"] in ("eig", "EIG") and data["top"][0]["count"] == 4  # case and accents aside
    assert data["top"][0]["last_total"] > 0
    no_result = {f["query"]: f for f in data["no_result"]}
    assert set(no_result) == {"zzzqqq", "cnl"}
    assert no_result["zzzqqq"]["count"] == 2
    assert (no_result["cnl"]["suggestion"] or "").lower() == "cnil"
    text = runner.invoke(cli, ["stats", "--index", str(own_index)]).output
    assert "Requêtes les plus fréquentes :" in text and "Requêtes sans résultat :" in text
    assert "suggestion proposée" in text and "8 recherches enregistrées" in text


def test_the_log_holds_no_ip_no_user_no_time_of_day(runner, own_index):
    _query(runner, own_index, "eig")
    with sqlite3.connect(own_index / FILE_NAME) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(queries)")]
        (day,) = db.execute("SELECT day FROM queries").fetchone()
    assert columns == ["id", "day", "source", "query", "folded", "filters", "total", "suggestion"]
    assert len(day) == 10  # YYYY-MM-DD


def test_the_log_keeps_only_its_newest_entries(own_index):
    settings = dataclasses.replace(Settings(index=own_index), query_log=True, query_log_max_entries=5)
    for n in range(12):
        assert record(settings, SearchRequest(query=f"requête {n}"), total=n)
    with sqlite3.connect(own_index / FILE_NAME) as db:
        kept = [q for (q,) in db.execute("SELECT query FROM queries ORDER BY id")]
    assert kept == [f"requête {n}" for n in range(7, 12)]
    assert stats(settings).searches == 5


def test_the_log_can_be_turned_off(runner, own_index):
    _query(runner, own_index, "eig", env={"FINDIT_QUERY_LOG": "0"})
    assert not (own_index / FILE_NAME).exists()
    out = runner.invoke(cli, ["stats", "--index", str(own_index)], env={"FINDIT_QUERY_LOG": "0"}).output
    assert "désactivé" in out and "Aucune recherche enregistrée" in out


def test_a_log_that_cannot_be_written_never_fails_a_search(runner, own_index):
    (own_index / FILE_NAME).write_bytes(b"this is not an SQLite database, " * 100)
    result = _query(runner, own_index, "--json", "eig")
    assert json.loads(result.stdout)["total"] > 0
    # What cannot be read is said, not a traceback.
    broken = runner.invoke(cli, ["stats", "--index", str(own_index)])
    assert broken.exit_code == 1 and "ne peut pas être lu" in broken.stderr and "Traceback" not in broken.output
    (own_index / FILE_NAME).unlink()
    (own_index / FILE_NAME).mkdir()  # not even a file
    assert "résultat" in _query(runner, own_index, "eig").stdout


def test_a_log_another_writer_holds_is_skipped_and_left_closed(own_index):
    """A busy log (another writer in the middle of a write) drops the entry after a short wait, and leaves
    no connection behind it: a page serving for months must not gather open files."""
    import gc
    import os
    from pathlib import Path

    path = (own_index / FILE_NAME).resolve()
    holder = sqlite3.connect(path, isolation_level=None)  # a rollback journal: switching to WAL needs the lock
    holder.execute("CREATE TABLE IF NOT EXISTS other (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert not record(Settings(index=own_index), SearchRequest(query="eig"), 3)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    gc.collect()
    # SQLite keeps a closed connection's file open while another connection of the process holds a lock
    # on it; once the other writer is done, nothing of the log stays open.
    assert not [fd for fd in Path("/proc/self/fd").iterdir() if os.path.realpath(fd) == str(path)]
    assert record(Settings(index=own_index), SearchRequest(query="eig"), 3)  # free again: written
