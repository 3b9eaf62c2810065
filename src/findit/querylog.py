"""What the archive is asked: a local log of queries, and the figures a curator reads from it
(`findit stats`): the most frequent queries, and those that find nothing (a missing document, a synonym
to add, a spelling the archive does not know).

The log holds the query, its filters, how many results it found, the suggestion offered, where it was
asked (terminal, page, API) and the day: no IP, no user, no time of day. It is an SQLite file beside the
index (`querylog.sqlite3`), bounded to Settings.query_log_max_entries rows (the oldest dropped);
FINDIT_QUERY_LOG=0 (Settings.query_log) turns it off. Writing it never fails a search: an error is
logged once and the search goes on."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from findit.search.results import SearchRequest
from findit.settings import Settings
from findit.text import fold_key

FILE_NAME = "querylog.sqlite3"
SOURCES = ("cli", "web", "api")
# A busy log (another process writing) is waited for this long, then the entry is dropped.
BUSY_SECONDS = 0.5
_SCHEMA = """
CREATE TABLE IF NOT EXISTS queries (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    source TEXT NOT NULL,
    query TEXT NOT NULL,
    folded TEXT NOT NULL,
    filters TEXT NOT NULL,
    total INTEGER NOT NULL,
    suggestion TEXT
)
"""
log = logging.getLogger(__name__)
_warned: set[str] = set()


def log_path(settings: Settings) -> Path:
    return Path(settings.index) / FILE_NAME


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        # WAL: readers (`findit stats`) never block the page's writes; NORMAL: no fsync at each search.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
    except BaseException:
        # Another writer holds the file (« database is locked »): the connection is closed here, not left
        # open to the collector, which an error kept with its traceback would delay.
        db.close()
        raise
    return db


def record(
    settings: Settings, request: SearchRequest, total: int, suggestion: str | None = None, source: str = "cli"
) -> bool:
    """Log one search, once per search asked: its first page with a query (later pages and listings
    without words are the same search read on). Whether it was written; never raises."""
    if not settings.query_log or request.page != 1 or not request.query.strip():
        return False
    path = log_path(settings)
    if not path.parent.is_dir():
        return False
    query = " ".join(request.query.split())
    filters = {name: list(values) for name, values in sorted(request.filters.items()) if values}
    try:
        db = _connect(path)
        try:
            with db:  # one transaction: the entry and the trim
                db.execute("BEGIN IMMEDIATE")
                db.execute(_SCHEMA)
                db.execute(
                    "INSERT INTO queries (day, source, query, folded, filters, total, suggestion)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        dt.date.today().isoformat(),
                        source,
                        query,
                        fold_key(query),
                        json.dumps(filters, ensure_ascii=False) if filters else "",
                        int(total),
                        suggestion,
                    ),
                )
                # Row ids only grow: everything more than the limit below the newest goes.
                db.execute(
                    "DELETE FROM queries WHERE id <= (SELECT MAX(id) FROM queries) - ?",
                    (max(settings.query_log_max_entries, 1),),
                )
        finally:
            db.close()
    except (sqlite3.Error, OSError) as exc:
        _warn_once(path, str(exc))
        return False
    return True


def _warn_once(path: Path, reason: str) -> None:
    if str(path) not in _warned:
        _warned.add(str(path))
        log.warning(
            "findit : le journal des recherches %s ne peut pas être écrit (%s) ; les recherches continuent "
            "sans lui (FINDIT_QUERY_LOG=0 l'arrête).",
            path,
            reason,
        )


@dataclass
class QueryFigure:
    """One query as asked (its most frequent spelling), how often, and what it found the last time."""

    query: str
    count: int
    last_day: str
    last_total: int
    suggestion: str | None = None


@dataclass
class Stats:
    enabled: bool
    path: str
    searches: int = 0
    first_day: str | None = None
    last_day: str | None = None
    top: list[QueryFigure] = field(default_factory=list)
    no_result: list[QueryFigure] = field(default_factory=list)

    def to_json(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def stats(settings: Settings, limit: int = 20, days: int | None = None) -> Stats:
    """The most frequent queries and those without result (asked without filters: a filter that leaves
    nothing says nothing about the query), over the last `days` days or the whole log. Queries are
    counted together whatever their case or accents. Raises sqlite3.Error for an unreadable log."""
    path = log_path(settings)
    out = Stats(enabled=settings.query_log, path=str(path))
    if not path.is_file():
        return out
    since = (dt.date.today() - dt.timedelta(days=days - 1)).isoformat() if days else ""
    db = sqlite3.connect(path, timeout=BUSY_SECONDS)
    try:
        rows = db.execute(
            "SELECT day, query, folded, filters, total, suggestion FROM queries WHERE day >= ? ORDER BY id",
            (since,),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return out
        raise
    finally:
        db.close()
    if not rows:
        return out
    out.searches, out.first_day, out.last_day = len(rows), rows[0][0], rows[-1][0]
    out.top = _figures(rows, limit)
    out.no_result = [f for f in _figures([r for r in rows if not r[3]], None) if f.last_total == 0][:limit]
    return out


def _figures(rows: list[tuple], limit: int | None) -> list[QueryFigure]:
    """Queries grouped by folded form, most frequent first (then the most recent); what each found the
    last time it was asked without filters (else with)."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    last: dict[str, tuple] = {}
    order: dict[str, int] = {}
    plain: set[str] = set()  # queries last seen without filters: their count is the query's own
    for i, (day, query, folded, filters, total, suggestion) in enumerate(rows):
        counts[folded] += 1
        spellings.setdefault(folded, Counter())[query] += 1
        if not filters or folded not in plain:
            last[folded] = (day, total, suggestion)
        if not filters:
            plain.add(folded)
        order[folded] = i
    ranked = sorted(counts, key=lambda f: (-counts[f], -order[f]))
    figures = []
    for folded in ranked[:limit] if limit is not None else ranked:
        day, total, suggestion = last[folded]
        figures.append(QueryFigure(spellings[folded].most_common(1)[0][0], counts[folded], day, total, suggestion))
    return figures
