"""Ingestion figures over ../shared/corpora (or --corpus DIR): nothing is asserted.

    .venv/bin/python benchmarks/bench_ingest.py [--repeat 5] [--corpus DIR] [--sizes 1000,10000]

- baseline: reading and hashing every file with no parsing (the floor of any ingestion);
- `scan_files` (the indexer's "has anything changed?" step) next to that baseline;
- `ingest_corpus` in a warm process (imports done), and the cost of the first call (imports included);
- a kept-alive `Ingester` run again with no file changed (only duplicate grouping is redone);
- near-duplicate grouping alone at growing sizes (documents copied from the corpus with words dropped),
  to show it grows with the number of documents, not with its square.
Figures are medians over --repeat runs.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SHARED = ROOT.parent / "shared" / "corpora"


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def baseline_read(root: Path) -> int:
    count = 0
    for path in sorted(root.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
            hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=SHARED)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus} (nothing measured)")
        return

    start = time.perf_counter()
    from findit.ingest import ingest_corpus, scan_files
    from findit.settings import Settings

    settings = Settings(corpus=args.corpus)
    corpus = ingest_corpus(args.corpus, settings)
    first = time.perf_counter() - start
    print(
        f"corpus: {args.corpus} — {corpus.files_seen} files, {len(corpus.documents)} documents, "
        f"{len(corpus.skipped)} skipped"
    )
    print(f"first ingest_corpus in a fresh process (imports included): {first:.3f} s")

    base, files = timed(lambda: baseline_read(args.corpus), args.repeat)
    scan, hashes = timed(lambda: scan_files(args.corpus, settings), args.repeat)
    ingest, _ = timed(lambda: ingest_corpus(args.corpus, settings), args.repeat)
    from findit.ingest import Ingester

    ingester = Ingester(settings)
    ingester.ingest(args.corpus)
    again, _ = timed(lambda: ingester.ingest(args.corpus), args.repeat)
    print(f"baseline read+hash of {files} files:  {base * 1000:8.1f} ms")
    print(f"scan_files ({len(hashes)} content files):     {scan * 1000:8.1f} ms  ({scan / base:.2f}× baseline)")
    print(
        f"ingest_corpus (warm process):        {ingest * 1000:8.1f} ms  ({ingest / base:.1f}× baseline, "
        f"{ingest / len(corpus.documents) * 1000:.2f} ms per document)"
    )
    print(f"Ingester re-run, files unchanged:    {again * 1000:8.1f} ms  ({again / ingest:.2f}× ingest_corpus)")

    from findit.ingest import quality
    from findit.ingest.neardup import NearDuplicates

    rng = random.Random(7)
    sources = [doc for doc in corpus.documents if len(quality.shingles(doc)) >= quality.MIN_SHINGLES]
    for size in (int(s) for s in args.sizes.split(",") if s):
        docs = []
        for index in range(size):
            doc = copy.copy(sources[index % len(sources)])
            words = doc.body.split()
            doc.body = " ".join(w for w in words if rng.random() > 0.15)
            doc.id = f"synthetic-{index}"
            docs.append(doc)
        seconds, _ = timed(lambda docs=docs: NearDuplicates().assign(docs), 1 if size > 5000 else args.repeat)
        grouped = sum(1 for d in docs if d.duplicate_group)
        print(
            f"duplicate grouping of {size:>7} documents, from scratch: {seconds:7.2f} s "
            f"({seconds / size * 1000:.3f} ms per document; {grouped} in groups)"
        )


if __name__ == "__main__":
    main()
