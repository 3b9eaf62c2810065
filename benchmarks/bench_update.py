"""Update figures: how long `findit index` takes when little changed, next to a baseline copy of findit
measured in the same run (nothing is asserted).

    .venv/bin/python benchmarks/bench_update.py --sizes 1000,10000 --base /path/to/baseline/src \\
        [--repeat 3] [--workdir W]

For each size, a corpus made from ../shared/corpora (benchmarks/scale.py) is indexed once per version
(the second build reuses the first's analysis cache), then, each as a fresh `findit index` process,
median of --repeat runs:
- nothing changed;
- one file changed (a paragraph appended);
- 20 files changed at once.
Each line prints the baseline's median, this tree's, and their ratio (baseline / this tree).
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

FINDIT = [sys.executable, "-c", "import sys; from findit.cli import main; sys.exit(main())"]


def run_index(src: Path, corpus: Path, index: Path, *extra: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(src), FINDIT_CORPUS=str(corpus), FINDIT_INDEX=str(index))
    start = time.perf_counter()
    subprocess.run([*FINDIT, "index", *extra], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def touch_files(files: list[Path], start: int, count: int, round_: int) -> None:
    for path in files[start : start + count]:
        with path.open("a", encoding="utf-8") as fh:
            # a text never seen: the analysis cache cannot spare the model load
            fh.write(f"\n\nMise à jour {round_} ({time.time_ns()}) : un paragraphe ajouté pour la mesure.\n")


def measure(runs: dict[str, tuple[Path, Path, Path]], repeat: int) -> dict[str, dict[str, list[float]]]:
    """runs: version -> (src, corpus, index). The versions take turns within each repetition, so that a
    machine shared with other work slows both alike."""
    times: dict[str, dict[str, list[float]]] = {name: {} for name in runs}
    scenarios = [("nothing changed", None, 0), ("one file changed", 0, 1), ("20 files changed", 100, 20)]
    for scenario, first, count in scenarios:
        for r in range(repeat):
            for name, (src, corpus, index) in runs.items():
                if first is not None:
                    files = sorted(corpus.rglob("*.md"))
                    touch_files(files, first + r * count, count, r)
                times[name].setdefault(scenario, []).append(run_index(src, corpus, index))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--base", type=Path, required=True, help="the baseline's src folder")
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None, help="keep corpora and indexes here")
    args = parser.parse_args()
    if not args.source.is_dir():
        sys.exit(f"{args.source} is missing: these figures need the shared corpora")
    from scale import make_corpus

    tmp = tempfile.TemporaryDirectory(prefix="findit-update-") if args.workdir is None else None
    work = Path(tmp.name) if tmp else args.workdir
    versions = {"baseline": args.base, "this tree": ROOT / "src"}
    for size in [int(s) for s in args.sizes.split(",")]:
        source = make_corpus(args.source, work / f"scaled-src-{size}", size)
        for name, src in versions.items():
            corpus = work / f"corpus-{size}-{name.replace(' ', '-')}"
            index = work / f"index-{size}-{name.replace(' ', '-')}"
            if not corpus.is_dir():
                shutil.copytree(source, corpus)
            if not index.is_dir():
                cache = next((p / "cache" for p in work.glob(f"index-{size}-*") if (p / "cache").is_dir()), None)
                if cache is not None:
                    shutil.copytree(cache, index / "cache")  # same analysis code: spaCy is not measured here
                print(f"{size}: building with {name}…", flush=True)
                run_index(src, corpus, index)
        runs = {}
        for name, src in versions.items():
            tag = name.replace(" ", "-")
            runs[name] = (src, work / f"corpus-{size}-{tag}", work / f"index-{size}-{tag}")
        times = measure(runs, args.repeat)
        print(f"\n{size} documents, median of {args.repeat} (s)      baseline  this tree  ratio")
        for scenario, base_runs in times["baseline"].items():
            before, after = statistics.median(base_runs), statistics.median(times["this tree"][scenario])
            print(f"  {scenario:<34}{before:9.2f}{after:11.2f}{before / after:7.1f}×", flush=True)
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
