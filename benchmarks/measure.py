"""Measuring helpers: wall time and peak RSS of a child process, statistics over repeated runs."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FINDIT = str(BIN / "findit")
# Queries as staff type them: used for cold, warm, web-server and concurrency figures alike.
QUERIES = [
    "données publiques",
    "algorithme",
    "accessibilité numérique",
    "entrepreneurs d'intérêt général",
    "Etalab",
    "design des services publics",
    "formation",
    "intelligence artificielle",
    "open data",
    "recrutement développeurs",
    "santé",
    "numerique responsable",
]


@dataclass
class ProcessRun:
    seconds: float
    peak_rss_mb: float  # ru_maxrss of the child (largest single process among it and its children)
    returncode: int
    stdout: str
    stderr: str


def run_process(args: list[str], env: dict | None = None, timeout: float = 4 * 3600) -> ProcessRun:
    """Run a command to completion; its wall time and peak resident memory (from wait4)."""
    full_env = dict(os.environ, **(env or {}))
    out_path, err_path = _tmpfile("out"), _tmpfile("err")
    with open(out_path, "w+") as out, open(err_path, "w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=full_env)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = ProcessRun(seconds, usage.ru_maxrss / 1024, proc.returncode, out.read(), err.read())
    os.unlink(out_path)
    os.unlink(err_path)
    return result


def check(run: ProcessRun, what: str) -> ProcessRun:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {run.returncode}):\n{run.stderr[-2000:]}{run.stdout[-1000:]}")
    return run


def _tmpfile(kind: str) -> str:
    import tempfile

    fd, path = tempfile.mkstemp(prefix=f"findit-bench-{kind}-")
    os.close(fd)
    return path


def rss_mb(pid: int) -> float:
    """Current resident memory of a running process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def machine() -> dict:
    """What the figures ran on."""
    import platform

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = float("nan")
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    from importlib.metadata import version

    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "commit": commit,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_gb, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "spacy": version("spacy"),
        "whoosh": version("whoosh-reloaded"),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def timed(fn) -> tuple[float, object]:
    """Seconds one call of `fn` takes, and what it returned."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def corpus_arguments(doc: str, repeat: int) -> argparse.Namespace | None:
    """--corpus (default ../shared/corpora) and --repeat for a benchmark over a real corpus; None, after
    saying so, when the corpus is absent."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus} is absent: nothing measured")
        return None
    return args
