"""Concurrent searches on the page's server: `findit serve` on 127.0.0.1, 1, 4 and 8 clients on /api/search
(keep-alive connections, a varied list of queries, pages and sorts): throughput, p50/p95/p99, the server's CPU
time per request and the cores it kept busy (CPU time / wall time: above 1 only when it searches on two cores at
once; steadier than throughput when other work shares the machine). Then 8 clients while `findit index --full`
rebuilds the index in another process (errors, empty answers, whether the new generation was seen), and the
server's memory (VmRSS and PSS of the server and its search processes together). Figures only, nothing asserted.

Each corpus is served in each mode per repeat, runs interleaved (the rebuild in the first repeat only):
`lock`, one searcher shared under a lock (FINDIT_SERVER_READERS=0); `reader`, the default (one reader,
a new generation opened without stopping searches); `processes`, two search processes
(FINDIT_SEARCH_PROCESSES=2); and, when named in --modes, `two-readers` and `threads` (four readers, one
per server thread on two cores). Medians over --repeat, and each mode against the first. The query log is off unless --query-log (a SQLite write per search).

    .venv/bin/python benchmarks/bench_concurrency.py                             # shipped corpus + ../shared/corpora
    .venv/bin/python benchmarks/bench_concurrency.py --sizes 10000 --workdir W   # + a scaled corpus (scale.py)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import FINDIT, ROOT, machine, median, percentile, run_process
from measure import QUERIES as STAFF_QUERIES

SHARED = ROOT.parent / "shared" / "corpora"
# The benchmarks' queries, two more, and browsing (every document, newest first).
QUERIES = [*STAFF_QUERIES, "cartographie", "logiciel libre", ""]
# The modes compared, and the environment that selects them (see the module docstring).
MODES = {
    "lock": {"FINDIT_SERVER_READERS": "0"},
    "reader": {},
    "processes": {"FINDIT_SEARCH_PROCESSES": "2"},
    "two-readers": {"FINDIT_SERVER_READERS": "2"},
    "threads": {"FINDIT_SERVER_READERS": "4"},
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def urls() -> list[str]:
    """Every query on its first and second page, by relevance and by date."""
    out = []
    for q in QUERIES:
        for page in (1, 2):
            for sort in ("relevance", "date"):
                out.append("/api/search?" + urllib.parse.urlencode({"q": q, "page": page, "sort": sort}))
    return out


def tree(pid: int) -> list[int]:
    """The process and its descendants (the search processes, their resource tracker)."""
    out = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                out.extend(tree(int(child)))
    except OSError:
        pass
    return out


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the process and its children so far."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def measured(pid: int, port: int, clients: int, until, expected: dict[str, int]) -> dict:
    """load(), with the server's CPU time per request and the cores it kept busy (CPU time / wall time): a
    figure less sensitive than throughput to what else the machine runs."""
    cpu = cpu_seconds(pid)
    figures = load(port, clients, until, expected)
    used = cpu_seconds(pid) - cpu
    figures["cpu_ms_per_request"] = used / max(1, figures["requests"]) * 1000
    figures["cores_used"] = used / figures["seconds"]
    return figures


def memory_mb(pid: int, key: str) -> float:
    """VmRSS (key "VmRSS:", from status) or Pss ("Pss:", from smaps_rollup) of the process and its children."""
    total = 0.0
    for p in tree(pid):
        name = "status" if key == "VmRSS:" else "smaps_rollup"
        try:
            for line in Path(f"/proc/{p}/{name}").read_text().splitlines():
                if line.startswith(key):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


class Server:
    """`findit serve` on a free port of 127.0.0.1, stopped on exit."""

    def __init__(self, corpus: Path, index: Path, env: dict, log_path: Path):
        self.port = _free_port()
        self.out = log_path.open("w")
        self.proc = subprocess.Popen(
            [FINDIT, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=dict(os.environ, FINDIT_CORPUS=str(corpus), FINDIT_INDEX=str(index), **env),
            stdout=self.out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 300
        while True:
            try:
                status, _ = fetch(self.port, "/api/search?q=")
                if status == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"findit serve did not answer: {log_path.read_text()[-500:]}")
            time.sleep(0.1)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.out.close()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, url: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", url)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def load(port: int, clients: int, until, expected: dict[str, int]) -> dict:
    """`clients` threads, each on its own keep-alive connection, asking the URLs in turn (each from its own
    place in the list) until `until()` is true. Latencies, errors (not 200) and empty answers (no result
    where the index has some)."""
    targets = urls()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    empty = [0] * clients
    start = threading.Barrier(clients + 1)

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start.wait()
        i = n * 7
        while not until():
            url = targets[i % len(targets)]
            i += 1
            t = time.perf_counter()
            try:
                status, body = fetch(port, url, conn)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                errors[n] += 1
                continue
            latencies[n].append(time.perf_counter() - t)
            if status != 200:
                errors[n] += 1
            elif expected.get(url, 0) > 0 and json.loads(body)["total"] == 0:
                empty[n] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - began
    flat = [x for per in latencies for x in per]
    return {
        "requests": len(flat),
        "per_s": len(flat) / seconds,
        "p50_ms": percentile(flat, 50) * 1000,
        "p95_ms": percentile(flat, 95) * 1000,
        "p99_ms": percentile(flat, 99) * 1000,
        "errors": sum(errors),
        "empty": sum(empty),
        "seconds": seconds,
    }


def for_seconds(seconds: float):
    end = time.monotonic() + seconds

    def done() -> bool:
        return time.monotonic() >= end

    return done


def current_target(index: Path) -> str:
    try:
        return os.readlink(index / "current")
    except OSError:
        return ""


def one_mode(
    corpus: Path, index: Path, mode: str, work: Path, clients: list[int], seconds: float, rebuild_too: bool
) -> dict:
    figures: dict = {}
    with Server(corpus, index, MODES[mode], work / f"serve-{mode}.log") as server:
        expected = {}
        for url in urls():  # warm-up, and the totals an answer must not lose during a rebuild
            status, body = fetch(server.port, url)
            expected[url] = json.loads(body)["total"] if status == 200 else 0
        figures["rss_start_mb"] = memory_mb(server.proc.pid, "VmRSS:")
        load(server.port, max(clients), for_seconds(2), expected)  # every reader or process opened
        for n in clients:
            figures[n] = measured(server.proc.pid, server.port, n, for_seconds(seconds), expected)
            log(f"    {mode} {n} clients: {figures[n]['per_s']:.1f}/s p95 {figures[n]['p95_ms']:.1f} ms")
        figures["rss_mb"] = memory_mb(server.proc.pid, "VmRSS:")
        figures["pss_mb"] = memory_mb(server.proc.pid, "Pss:")
        if not rebuild_too:
            return figures
        # During a full rebuild in another process: 8 clients for as long as it runs.
        before = current_target(index)
        env = dict(os.environ, FINDIT_CORPUS=str(corpus), FINDIT_INDEX=str(index))
        rebuild = subprocess.Popen(
            [FINDIT, "index", "--full"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            figures["rebuild"] = measured(
                server.proc.pid, server.port, max(clients), lambda: rebuild.poll() is not None, expected
            )
        finally:
            rebuild.wait()
        after = current_target(index)
        status, body = fetch(server.port, "/api/search?q=")
        figures["rebuild"]["swapped"] = before != after and rebuild.returncode == 0
        figures["rebuild"]["served_after"] = status == 200 and json.loads(body)["total"] > 0
        figures["rss_after_rebuild_mb"] = memory_mb(server.proc.pid, "VmRSS:")
        log(
            f"    {mode} during rebuild: {figures['rebuild']['per_s']:.1f}/s, {figures['rebuild']['errors']} errors, "
            f"{figures['rebuild']['empty']} empty, RSS {figures['rss_mb']:.0f} MB"
        )
    return figures


def corpora(args, work: Path) -> list[tuple[str, Path]]:
    out = [("shipped", ROOT / "corpus")]
    if SHARED.is_dir():
        out.append(("shared corpora", SHARED))
        from scale import make_corpus

        for size in args.sizes:
            out.append((f"{size} documents", make_corpus(SHARED, work / f"scaled-{size}" / "corpus", size)))
    else:
        log(f"{SHARED} is absent: the shipped corpus only")
    return out


def summary(label: str, runs: dict[str, list[dict]], clients: list[int]) -> str:
    modes = list(runs)
    ratios = [f"{m} / {modes[0]}" for m in modes[1:]]
    lines = [
        f"\n## {label}\n",
        "| figure | " + " | ".join(modes + ratios) + " |",
        "|---|" + "---:|" * (len(modes) + len(ratios)),
    ]

    def row(name: str, get, fmt: str = "{:.1f}") -> None:
        values = [median([get(r) for r in rs if "rebuild" in r or "rebuild" not in name]) for rs in runs.values()]
        cells = [fmt.format(v) for v in values]
        cells += [f"{v / values[0]:.2f}" if values[0] else "–" for v in values[1:]]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    for n in clients:
        row(f"{n} clients, requests/s", lambda r, n=n: r[n]["per_s"])
        for p in ("p50", "p95", "p99"):
            row(f"{n} clients, {p} ms", lambda r, n=n, p=p: r[n][f"{p}_ms"])
        row(f"{n} clients, server CPU ms per request", lambda r, n=n: r[n]["cpu_ms_per_request"])
        row(f"{n} clients, server cores used", lambda r, n=n: r[n]["cores_used"], "{:.2f}")
    row(
        f"{max(clients)} / 1 clients, throughput", lambda r: r[max(clients)]["per_s"] / r[clients[0]]["per_s"], "{:.2f}"
    )
    row("during a full rebuild, requests/s", lambda r: r["rebuild"]["per_s"])
    for p in ("p50", "p95", "p99"):
        row(f"during a full rebuild, {p} ms", lambda r, p=p: r["rebuild"][f"{p}_ms"])
    row("during a full rebuild, errors", lambda r: r["rebuild"]["errors"], "{:.0f}")
    row("during a full rebuild, empty answers", lambda r: r["rebuild"]["empty"], "{:.0f}")
    row(
        "after the rebuild, its new generation served (1 = yes)",
        lambda r: float(r["rebuild"]["swapped"] and r["rebuild"]["served_after"]),
        "{:.0f}",
    )
    row("server RSS once started, MB", lambda r: r["rss_start_mb"], "{:.0f}")
    row("server RSS after the load, MB", lambda r: r["rss_mb"], "{:.0f}")
    row("server PSS after the load, MB", lambda r: r["pss_mb"], "{:.0f}")
    row("server RSS after the rebuild, MB", lambda r: r["rss_after_rebuild_mb"], "{:.0f}")
    lines.append(
        f"\n(rebuild figures: first repeat only; the others: medians of {len(next(iter(runs.values())))} repeats)"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, help="corpora and indexes kept here between runs")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=[])
    parser.add_argument("--clients", type=lambda s: [int(x) for x in s.split(",")], default=[1, 4, 8])
    parser.add_argument("--seconds", type=float, default=8.0, help="per client count")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modes", default="lock,reader,processes")
    parser.add_argument("--only", help="corpus labels to run, comma-separated (e.g. shipped)")
    parser.add_argument(
        "--query-log",
        action="store_true",
        help="keep the server's query log on (a SQLite write per search, I/O that overlaps between requests)",
    )
    args = parser.parse_args()
    if not args.query_log:
        os.environ["FINDIT_QUERY_LOG"] = "0"  # the searches alone
    work = args.workdir or Path(tempfile.mkdtemp(prefix="findit-bench-concurrency-"))
    work.mkdir(parents=True, exist_ok=True)
    modes = [m for m in args.modes.split(",") if m]
    info = machine()
    print(
        f"Machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, commit {info['commit']}, {info['date']}"
    )
    print(f"{args.seconds:.0f} s per client count, {args.repeat} repeats, modes interleaved; medians.")
    for label, corpus in corpora(args, work):
        if args.only and label not in args.only.split(","):
            continue
        index = work / label.replace(" ", "-") / "index"
        log(f"{label}: indexing {corpus}")
        run = run_process([FINDIT, "index"], {"FINDIT_CORPUS": str(corpus), "FINDIT_INDEX": str(index)})
        if run.returncode != 0:
            log(f"  findit index failed: {run.stderr[-500:]}")
            continue
        runs: dict[str, list[dict]] = {m: [] for m in modes}
        for i in range(args.repeat):
            for mode in modes:
                log(f"  {label}, run {i + 1}/{args.repeat}, {mode}")
                # The rebuild, long on a large corpus, in the first repeat only.
                runs[mode].append(one_mode(corpus, index, mode, index.parent, args.clients, args.seconds, i == 0))
        (index.parent / "concurrency.json").write_text(json.dumps(runs, default=str))
        print(summary(label, runs, args.clients), flush=True)


if __name__ == "__main__":
    main()
