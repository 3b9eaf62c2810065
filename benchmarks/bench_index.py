"""Index build figures over ../shared/corpora (a copy in a temporary folder): nothing is asserted.

    .venv/bin/python benchmarks/bench_index.py [--repeat 5] [--corpus DIR]

- full build from nothing (empty analysis cache: spaCy runs on every document);
- full rebuild with a warm analysis cache (`findit index --full` after a first build: no spaCy);
- nothing-changed run, in-process and as `findit index`, next to `findit --version` (the CLI's floor)
  measured in the same run;
- one file changed, as `findit index` (a fresh process: includes the model load) and with the Indexer
  kept alive as `findit watch` keeps it (files parsed once, model loaded).
Figures are medians over --repeat runs.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from findit.index import Indexer  # noqa: E402
from findit.settings import Settings  # noqa: E402
from measure import corpus_arguments, timed  # noqa: E402

FINDIT = str(Path(sys.executable).parent / "findit")


def cli_seconds(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run([FINDIT, *args], env=dict(os.environ, **env), check=True, capture_output=True)
    return time.perf_counter() - start


def median_of(n: int, fn) -> float:
    return statistics.median(fn() for _ in range(n))


def change_one(corpus: Path, files: list[Path], i: int) -> Path:
    path = files[i % len(files)]
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\n\nMise à jour {i} : un paragraphe ajouté pour la mesure.\n")
    return path


def main() -> None:
    args = corpus_arguments(__doc__, repeat=5)
    if args is None:
        return
    with tempfile.TemporaryDirectory(prefix="findit-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(args.corpus, corpus)
        settings = Settings(corpus=corpus, index=Path(tmp) / "index")
        env = {"FINDIT_CORPUS": str(corpus), "FINDIT_INDEX": str(settings.index)}
        figures = {}

        seconds, summary = timed(lambda: Indexer(settings).update())
        figures["full build, cold cache"] = (
            f"{seconds:.1f} s ({summary.documents} documents, {summary.files} files, {len(summary.skipped)} skipped)"
        )
        seconds, summary = timed(lambda: Indexer(settings).update(full=True))
        figures["full rebuild, warm cache"] = f"{seconds:.1f} s"

        floor = median_of(args.repeat, lambda: cli_seconds(["--version"], env))
        nothing = median_of(args.repeat, lambda: timed(lambda: Indexer(settings).update())[0])
        nothing_cli = median_of(args.repeat, lambda: cli_seconds(["index"], env))
        figures["nothing changed, in-process"] = f"{nothing * 1000:.0f} ms"
        figures["nothing changed, `findit index`"] = (
            f"{nothing_cli * 1000:.0f} ms (`findit --version`: {floor * 1000:.0f} ms, ratio {nothing_cli / floor:.1f})"
        )

        files = sorted(p for p in corpus.rglob("*.md") if p.is_file())
        runs = []
        for i in range(args.repeat):
            change_one(corpus, files, i)
            runs.append(cli_seconds(["index"], env))
        figures["one file changed, `findit index`"] = f"{statistics.median(runs):.2f} s (loads the model)"

        indexer = Indexer(settings)
        indexer.warm_up()
        runs, analysed = [], []
        for i in range(args.repeat):
            change_one(corpus, files, 100 + i)
            seconds, summary = timed(indexer.update)
            runs.append(seconds)
            analysed.append(summary.analysed)
        figures["one file changed, warm (watch)"] = (
            f"{statistics.median(runs):.2f} s ({statistics.median(analysed):.0f} documents analysed)"
        )
        width = max(map(len, figures))
        for name, value in figures.items():
            print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
