"""Near-duplicate grouping figures over a corpus folder: nothing is asserted.

    .venv/bin/python benchmarks/bench_neardup.py [--repeat 3] [--corpus DIR]

The corpus is ingested once; then, on its documents, medians over --repeat runs of:
- NearDuplicates from scratch (an empty store folder);
- NearDuplicates in a new instance over the stored sketches and edges (what a new `findit index`
  process does), nothing changed, and one document changed (its text edited in memory);
- NearDuplicates restored from a state kept at an earlier run (what `findit index` restores), one
  document changed, after another process's run changed another: the store's journal lets it catch up
  with that run instead of a pass over every document as above;
- `import datasketch` in a new process: what a process pays on top when something is new.
"""

from __future__ import annotations

import copy
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from findit.documents import content_hash  # noqa: E402
from findit.ingest import ingest_corpus  # noqa: E402
from findit.ingest.neardup import FILENAME, NearDuplicates  # noqa: E402
from findit.settings import Settings  # noqa: E402
from measure import corpus_arguments, timed  # noqa: E402


def grouped(folder: Path | None, documents: list) -> NearDuplicates:
    grouper = NearDuplicates(folder)
    grouper.assign(documents)
    grouper.close()
    return grouper


def catch_up(store: Path, documents: list, repeat: int) -> float:
    """Median seconds of a run restored from a kept state, after another run since it (see the docstring)."""
    kept = NearDuplicates(store)
    kept.assign(documents, documents)
    state = pickle.dumps((documents, kept.kept))
    kept.close()
    runs = []
    for i in range(repeat):
        for last in (False, True):
            docs, record = pickle.loads(state)
            made = [docs[(i * 7919 + j * 104729) % len(docs)] for j in range(2 if last else 1)]
            for j, doc in enumerate(made):
                doc.body += f"\n\nMise à jour {i}.{j} : un paragraphe ajouté pour la mesure."
                doc.content_hash = content_hash(doc)
            grouper = NearDuplicates(store)
            grouper.kept = record
            seconds, _ = timed(lambda grouper=grouper, docs=docs, made=made: grouper.assign(docs, made))
            grouper.close()
        runs.append(seconds)
    return statistics.median(runs)


def main() -> None:
    args = corpus_arguments(__doc__, repeat=3)
    if args is None:
        return
    documents = ingest_corpus(args.corpus, Settings(corpus=args.corpus)).documents
    expected = {doc.id: doc.duplicate_group for doc in documents}
    figures = {"documents": f"{len(documents)} ({len(set(expected.values()) - {''})} groups)"}

    with tempfile.TemporaryDirectory(prefix="findit-bench-") as tmp:
        runs = [timed(lambda i=i: grouped(Path(tmp) / f"scratch-{i}", documents))[0] for i in range(args.repeat)]
        figures["NearDuplicates, from scratch"] = f"{statistics.median(runs):.2f} s"
        store = Path(tmp) / "scratch-0"
        size = (store / FILENAME).stat().st_size
        figures["store size"] = f"{size / 1e6:.1f} MB ({size / len(documents):.0f} bytes a document)"

        runs = [timed(lambda: grouped(store, documents))[0] for _ in range(args.repeat)]
        figures["new instance, nothing changed"] = f"{statistics.median(runs) * 1000:.0f} ms"
        same = {doc.id: doc.duplicate_group for doc in documents} == expected
        figures["same groups as from scratch"] = "yes" if same else "NO"

        edited = copy.deepcopy(documents)
        runs, sketched = [], []
        for i in range(args.repeat):
            doc = edited[(i * 7919) % len(edited)]
            doc.body += f"\n\nMise à jour {i} : un paragraphe ajouté pour la mesure."
            doc.content_hash = content_hash(doc)
            runs.append(timed(lambda: sketched.append(grouped(store, edited).sketched))[0])
        figures["new instance, one document changed"] = (
            f"{statistics.median(runs) * 1000:.0f} ms ({max(sketched)} sketched; datasketch already imported)"
        )

        figures["restored state, one changed, one run since"] = (
            f"{catch_up(store, documents, args.repeat) * 1000:.0f} ms"
        )

    imports = [
        timed(lambda: subprocess.run([sys.executable, "-c", "import datasketch"], check=True))[0]
        - timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))[0]
        for _ in range(args.repeat)
    ]
    figures["`import datasketch`, new process"] = f"{statistics.median(imports):.2f} s"
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
