"""A parallel build whose spaCy worker (or the build itself) is killed at random moments, many times: how
long the build takes to stop, how it ends, and whether any process is left behind.

    .venv/bin/python benchmarks/kill_workers.py [--runs 40] [--what worker|indexer|sigint|sigterm] [--seed 1]

Each run copies the corpus (default: the shipped corpus/), starts a build with two workers and chunks of
8 documents, waits until a random number of documents has been written (or the workers have just
started), kills, and measures. Nothing is asserted: the figures are printed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from helpers import Child, alive, build_command, wait_until, written  # noqa: E402 - the tests' process helpers


def one_run(corpus: Path, what: str, rng: random.Random) -> dict:
    work = Path(tempfile.mkdtemp(prefix="findit-kill-"))
    try:
        shutil.copytree(corpus, work / "corpus")
        build = Child(build_command(work / "corpus", work / "index", full=True, workers=2), new_session=True)
        wait_until(lambda: build.workers() or not build.running(), 60)
        total = len([p for p in (work / "corpus").rglob("*") if p.is_file()])
        target = rng.choice([0, 0, *range(8, 64, 8)])  # 0: while the workers load their model
        wait_until(lambda: written(build.lines()) >= target or not build.running(), 120)
        workers = build.workers()
        started = time.monotonic()
        if not build.running():
            outcome = "finished before the kill"
        else:
            if what == "worker" and workers:
                os.kill(rng.choice(workers), signal.SIGKILL)
            elif what == "indexer":
                os.kill(build.pid, signal.SIGKILL)
            elif what == "sigint":
                os.killpg(build.pid, signal.SIGINT)
            else:
                os.kill(build.pid, signal.SIGTERM)
            outcome = ""
        stopped = wait_until(lambda: not build.running(), 60)
        seconds = time.monotonic() - started
        if not stopped:
            build.kill()
            outcome = "HUNG (killed after 60 s)"
        left_in = wait_until(lambda: not build.children_left(), 10)
        left = build.children_left()
        for pid in left:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        status = build.process.returncode
        outcome = outcome or {0: "completed", 3: "WorkerError"}.get(status, f"exit {status}")
        return {
            "target": target,
            "files": total,
            "seconds": seconds,
            "outcome": outcome,
            "left": len(left) if not left_in else 0,
            "swapped": (work / "index" / "current").exists(),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--what", choices=["worker", "indexer", "sigint", "sigterm"], default="worker")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    runs = []
    for i in range(args.runs):
        run = one_run(args.corpus, args.what, rng)
        runs.append(run)
        print(
            f"{i + 1:3d}. killed ({args.what}) after {run['target']:3d} written: {run['outcome']}, "
            f"stopped in {run['seconds']:.2f} s, processes left {run['left']}, index swapped {run['swapped']}",
            flush=True,
        )
    times = [r["seconds"] for r in runs if r["outcome"] != "finished before the kill"]
    outcomes: dict[str, int] = {}
    for r in runs:
        outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
    print(f"\n{len(runs)} runs, killing the {args.what}: {outcomes}")
    if times:
        print(f"time to stop: median {statistics.median(times):.2f} s, max {max(times):.2f} s")
    print(
        f"runs that left a process behind: {sum(1 for r in runs if r['left'])}; hung: "
        f"{sum(1 for r in runs if r['outcome'].startswith('HUNG'))}"
    )


if __name__ == "__main__":
    main()
