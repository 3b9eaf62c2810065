"""What searching the other forms of a query's words costs: warm latency of findit's Searcher (facets,
highlights) with typo tolerance and joined/apart spellings on (the default) and off
(Settings.other_forms), on the same index, queries with and without typos. Nothing is asserted.

    .venv/bin/python benchmarks/bench_query_forms.py --corpus ../shared/corpora --index /tmp/bench-index
    .venv/bin/python benchmarks/bench_query_forms.py --corpus DIR --index DIR --no-build   # index kept

The index is built (`findit index`) unless --no-build; medians and 95th percentiles are printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import percentile

# Queries as typed, half of them with a typo or a joined spelling the archive may not hold.
TYPED = ["données publiques", "intelligence artificielle", "entrepreneurs d'intérêt général", "open data", "santé"]
MISTYPED = ["donées publiques", "inteligence artificielle", "entrepreneurs d'interet generale", "opendata", "santee"]


def latencies(settings, queries: list[str], rounds: int) -> list[float]:
    from findit.search import Searcher
    from findit.search.results import SearchRequest

    out = []
    with Searcher(settings) as searcher:
        for q in queries:  # warm: files mapped, caches filled
            searcher.search(SearchRequest(query=q))
        for _ in range(rounds):
            for q in queries:
                started = time.perf_counter()
                searcher.search(SearchRequest(query=q))
                out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    from dataclasses import replace

    from findit.index import Indexer
    from findit.settings import Settings

    settings = Settings(corpus=args.corpus, index=args.index)
    if not args.no_build:
        Indexer(settings).update()
    print(f"{'queries':<10} {'other forms':<12} {'p50 ms':>8} {'p95 ms':>8}")
    for name, queries in (("typed", TYPED), ("mistyped", MISTYPED)):
        for on in (False, True):
            # A cache of answers is kept per searcher: a new searcher per run, the same rounds each.
            times = latencies(replace(settings, other_forms=on), queries, args.rounds)
            p50, p95 = percentile(times, 50) * 1000, percentile(times, 95) * 1000
            print(f"{name:<10} {'on' if on else 'off':<12} {p50:8.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
