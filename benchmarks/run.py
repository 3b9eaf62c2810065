"""`make bench`: findit's speed and memory, each next to its baseline measured in the same run.

Over ../shared/corpora (skipped when absent) and over larger corpora made from it (benchmarks/scale.py):
full build vs spaCy alone, nothing-changed and one-file-changed updates (CLI and watch mode), cold
`findit query` vs a bare-Whoosh script, warm latency with facets vs plain Whoosh, peak RSS of a build, RSS
of the web server after 100 queries. Figures are medians over --repeat runs; nothing is asserted.

    .venv/bin/python benchmarks/run.py                 # shared corpora + 1k and 10k documents (~1 h here)
    .venv/bin/python benchmarks/run.py --quick         # one repeat, shared corpora + 1k documents
    .venv/bin/python benchmarks/run.py --sizes 1000,10000,100000 --record
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import fresh_process_load
from findit.settings import Settings
from measure import FINDIT, QUERIES, ROOT, check, machine, median, percentile, rss_mb, run_process

SHARED = ROOT.parent / "shared" / "corpora"
RESULTS = ROOT / "benchmarks" / "results"
OUT = ROOT / "benchmarks" / "out"
PY = sys.executable
HERE = Path(__file__).resolve().parent


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# spaCy processes of a full build (findit's analysis workers) and of its floor.
PROCESSES = max(1, Settings.from_env().analysis_workers)


def env_for(corpus: Path, index: Path) -> dict:
    return {"FINDIT_CORPUS": str(corpus), "FINDIT_INDEX": str(index)}


def attempt(figures: dict, name: str, fn, *args):
    """Run one measurement; a part that fails (or is not built yet) is reported, not fatal."""
    try:
        measured = fn(*args)
        figures.update(measured)
        log(
            "  "
            + ", ".join(
                f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}"
                for k, v in measured.items()
                if not isinstance(v, list)
            )
        )
    except Exception as exc:  # noqa: BLE001 - the run goes on and says what it could not measure
        figures.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}"[:400]
        log(f"  {name}: not measured ({type(exc).__name__}: {str(exc)[:200]})")


# --- measurements ----------------------------------------------------------------------------------


def full_build(corpus: Path, work: Path, repeat: int, floor_sample: int = 0) -> dict:
    """From nothing (no index, no analysis cache) vs spaCy alone on the same text, runs interleaved. With
    `floor_sample`, the floor is measured on that many documents and scaled by words (floor_spacy.py)."""
    builds, rss, floors, floor_walls, info = [], [], [], [], {}
    index = work / "index"
    for i in range(repeat):
        shutil.rmtree(index, ignore_errors=True)
        run = check(run_process([FINDIT, "index"], env_for(corpus, index)), "findit index (full)")
        builds.append(run.seconds)
        rss.append(run.peak_rss_mb)
        # The floor runs spaCy in as many processes as the build's analysis workers (both cores here).
        sampled = ["--sample", str(floor_sample)] if floor_sample else []
        floor = check(
            run_process([PY, str(HERE / "floor_spacy.py"), str(corpus), str(PROCESSES), *sampled]), "spaCy floor"
        )
        info = json.loads(floor.stdout.strip().splitlines()[-1])
        floors.append(info["seconds"])
        floor_walls.append(floor.seconds)
        log(
            f"  build {i + 1}/{repeat}: {run.seconds:.1f} s, {run.peak_rss_mb:.0f} MB; "
            f"spaCy alone {info['seconds']:.1f} s"
        )
    build = median(builds)
    sample = {"floor_sampled_documents": info["sampled_documents"]} if "sampled_documents" in info else {}
    return {
        **sample,
        "documents": info.get("documents"),
        "words": info.get("words"),
        "processes": PROCESSES,
        "build_s": build,
        "build_runs": builds,
        "build_peak_rss_mb": max(rss),
        "spacy_s": median(floors),
        "spacy_process_s": median(floor_walls),
        "build_vs_spacy": build / median(floors),
        "words_per_s": info.get("words", 0) / build,
    }


def rebuild_cached(corpus: Path, work: Path, repeat: int) -> dict:
    """`findit index --full` with the analysis cache warm: what a rebuild costs without spaCy."""
    env = env_for(corpus, work / "index")
    runs = [check(run_process([FINDIT, "index", "--full"], env), "findit index --full").seconds for _ in range(repeat)]
    return {"rebuild_cached_s": median(runs)}


def nothing_changed(corpus: Path, work: Path, repeat: int) -> dict:
    env = env_for(corpus, work / "index")
    runs = [check(run_process([FINDIT, "index"], env), "findit index").seconds for _ in range(repeat)]
    return {"nothing_changed_s": median(runs)}


@functools.cache
def editable_files(corpus: Path) -> list[Path]:
    """Files that give exactly one published document: an edit to one of them must reach the index.
    Kept for the run (reading 100k files takes minutes; the edits append to files, never add any)."""
    from collections import Counter

    from findit.ingest import ingest_corpus
    from findit.settings import Settings

    documents = ingest_corpus(corpus, Settings(corpus=corpus)).documents
    per_file = Counter(d.source for d in documents)
    return sorted(
        corpus / d.source for d in documents if per_file[d.source] == 1 and not (d.draft or d.junk or d.duplicate_group)
    )


def edit(files: list[Path], n: int, token: str) -> Path:
    """Append a paragraph carrying `token` to one of `files` (a real edit a user would make)."""
    path = files[(n * 7919) % len(files)]
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"\n\nParagraphe ajouté pendant la mesure : {token}.\n")
    return path


def one_file_cli(corpus: Path, work: Path, repeat: int) -> dict:
    """A paragraph appended to one file, then `findit index`, each run after a process that only loads
    the model (the target's baseline: the load + 2 s), alternating."""
    env = env_for(corpus, work / "index")
    files = editable_files(corpus)
    runs, loads = [], []
    for i in range(repeat):
        loads.append(fresh_process_load())
        edit(files, i, f"mesurecli{i}x{os.getpid()}")
        run = check(run_process([FINDIT, "index"], env), "findit index (one file)")
        if "1 mis à jour" not in run.stdout:
            raise RuntimeError(f"the edit did not reach the index: {run.stdout.strip()}")
        runs.append(run.seconds)
    return {
        "one_file_cli_s": median(runs),
        "model_load_s": median(loads),
        "one_file_over_load_s": median(runs) - median(loads),
    }


def one_file_watch(corpus: Path, work: Path, repeat: int) -> dict:
    """`findit watch` running: time from a file's write until findit's Searcher finds the new word."""
    from findit.search import Searcher
    from findit.search.results import SearchRequest
    from findit.settings import Settings

    settings = Settings(corpus=corpus, index=work / "index")
    searcher = Searcher(settings)
    files = editable_files(corpus)
    log_path = work / "watch.log"
    with log_path.open("w") as out:
        proc = subprocess.Popen(
            [FINDIT, "watch"],
            env=dict(os.environ, **env_for(corpus, work / "index")),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:

        def until_found(token: str, timeout: float) -> float:
            start = time.perf_counter()
            while time.perf_counter() - start < timeout:
                if proc.poll() is not None:
                    raise RuntimeError(f"findit watch exited: {log_path.read_text()[-500:]}")
                if searcher.search(SearchRequest(query=token, include_all=True)).total:
                    return time.perf_counter() - start
                time.sleep(0.01)
            raise TimeoutError(f"{token} not searchable after {timeout} s")

        # First edit also waits for the watcher to start (spaCy loaded once); not counted.
        token = f"mesurewatchinit{os.getpid()}"
        time.sleep(1.0)
        edit(files, 101, token)
        until_found(token, 3600)
        runs = []
        for i in range(repeat):
            token = f"mesurewatch{i}x{os.getpid()}"
            time.sleep(0.5)
            start = time.perf_counter()
            edit(files, 200 + i, token)
            until_found(token, 1800)
            runs.append(time.perf_counter() - start)
        return {"one_file_watch_s": median(runs), "watch_rss_mb": rss_mb(proc.pid)}
    finally:
        interrupt(proc)


def cold_query(corpus: Path, work: Path, repeat: int) -> dict:
    """`findit query` as a fresh process vs a fresh process opening the same index with bare Whoosh."""
    env = env_for(corpus, work / "index")
    ours, bare = [], []
    for _ in range(repeat):
        for q in QUERIES[:3]:
            ours.append(check(run_process([FINDIT, "query", q], env), "findit query").seconds)
            bare.append(
                check(run_process([PY, str(HERE / "bare_whoosh.py"), str(work / "index"), q]), "bare whoosh").seconds
            )
    return {
        "cold_query_s": median(ours),
        "cold_bare_whoosh_s": median(bare),
        "cold_vs_whoosh": median(ours) / median(bare),
    }


def warm_query(corpus: Path, work: Path, repeat: int) -> dict:
    """Latency in a warm process: findit's Searcher (facets, highlights, collapsing) vs plain Whoosh
    (parse, search, stored titles) on the same generation."""
    from whoosh.index import open_dir
    from whoosh.qparser import MultifieldParser

    from findit.index import current_path
    from findit.search import Searcher
    from findit.search.results import SearchRequest
    from findit.settings import Settings

    settings = Settings(corpus=corpus, index=work / "index")
    searcher = Searcher(settings)
    ix = open_dir(str(current_path(settings)))
    plain = ix.searcher()
    parser = MultifieldParser(["title", "summary", "body"], ix.schema)
    for q in QUERIES:  # warm both: files mapped, caches filled
        searcher.search(SearchRequest(query=q))
        [h.get("title") for h in plain.search(parser.parse(q), limit=10)]
    ours, first, theirs, facets = [], [], [], 0
    for _ in range(max(5, repeat * 5)):
        for q in QUERIES:
            # Asked for the first time: the scores a generation keeps for its recent queries forgotten.
            searcher.forget_queries()
            t = time.perf_counter()
            searcher.search(SearchRequest(query=q))
            first.append(time.perf_counter() - t)
            t = time.perf_counter()
            result = searcher.search(SearchRequest(query=q))
            ours.append(time.perf_counter() - t)
            facets = max(facets, len(result.facets))
            t = time.perf_counter()
            [h.get("title") for h in plain.search(parser.parse(q), limit=10)]
            theirs.append(time.perf_counter() - t)
    plain.close()
    ix.close()
    return {
        "warm_p50_ms": percentile(ours, 50) * 1000,
        "warm_p95_ms": percentile(ours, 95) * 1000,
        "warm_first_p50_ms": percentile(first, 50) * 1000,
        "warm_first_p95_ms": percentile(first, 95) * 1000,
        "warm_whoosh_p50_ms": percentile(theirs, 50) * 1000,
        "warm_whoosh_p95_ms": percentile(theirs, 95) * 1000,
        "warm_facets": facets,
    }


def interrupt(proc: subprocess.Popen) -> None:
    """Stop a findit process as Ctrl-C would; kill it if it does not end within 20 s."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def web_server(corpus: Path, work: Path, repeat: int, count: int = 100) -> dict:
    """RSS of `findit serve` (127.0.0.1 only) after `count` /api/search requests."""
    port = free_port()
    log_path = work / "serve.log"
    with log_path.open("w") as out:
        proc = subprocess.Popen(
            [FINDIT, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=dict(os.environ, **env_for(corpus, work / "index")),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 600
        while True:
            try:
                urllib.request.urlopen(base + "/api/search?q=", timeout=120).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"findit serve did not answer: {log_path.read_text()[-500:]}") from None
                time.sleep(0.2)
        started = rss_mb(proc.pid)
        times = []
        for i in range(count):
            q = urllib.parse.quote(QUERIES[i % len(QUERIES)])
            t = time.perf_counter()
            urllib.request.urlopen(f"{base}/api/search?q={q}&page={1 + i % 3}", timeout=120).read()
            times.append(time.perf_counter() - t)
        return {
            "server_rss_start_mb": started,
            "server_rss_mb": rss_mb(proc.pid),
            "server_p50_ms": percentile(times, 50) * 1000,
            "server_p95_ms": percentile(times, 95) * 1000,
        }
    finally:
        interrupt(proc)


# Measurements after the build, by the key --skip and --only name them.
MEASURES = [
    ("rebuild", rebuild_cached),
    ("nothing", nothing_changed),
    ("cold", cold_query),
    ("warm", warm_query),
    ("server", web_server),
    ("cli", one_file_cli),
    ("watch", one_file_watch),
]


def bench_corpus(
    label: str,
    source: Path,
    work: Path,
    repeat: int,
    build_repeat: int,
    skip: frozenset[str] = frozenset(),
    floor_sample: int = 0,
    only: frozenset[str] = frozenset(),
) -> dict:
    """Every figure over one corpus (copied first: the one-file measurements edit it). With `only`, just
    those measurements, on the corpus and index a previous run left in `work`, brought up to date first
    (an index written by another version of findit is rebuilt from its analysis cache)."""
    figures: dict = {"label": label}
    corpus = work / "corpus"
    if only:
        if not (work / "index" / "current").exists():
            raise RuntimeError(f"--only needs the corpus and index of an earlier run in {work}")
        check(run_process([FINDIT, "index"], env_for(corpus, work / "index")), "findit index (update)")
    else:
        log(f"{label}: copying {source}")
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.copytree(source, corpus)
        attempt(figures, "full build", full_build, corpus, work, build_repeat, floor_sample)
        if not (work / "index" / "current").exists():
            return figures
    for name, fn in MEASURES:
        if name in skip or (only and name not in only):
            continue
        log(f"{label}: {name}")
        attempt(figures, name, fn, corpus, work, repeat)
    return figures


# --- report ------------------------------------------------------------------------------------------

ROWS = [
    ("documents", "documents", "{:.0f}"),
    ("words", "words (titles, summaries, bodies)", "{:.0f}"),
    ("build_s", "full build from nothing, s", "{:.1f}"),
    ("processes", "spaCy processes (build's workers, and the floor's)", "{:.0f}"),
    ("spacy_s", "spaCy alone on the same text, s", "{:.1f}"),
    ("build_vs_spacy", "build / spaCy alone (target ≤ 1.3)", "{:.2f}"),
    ("words_per_s", "words per second (full build)", "{:.0f}"),
    ("build_peak_rss_mb", "peak RSS of the full build, MB", "{:.0f}"),
    ("rebuild_cached_s", "`index --full`, analysis cached, s", "{:.1f}"),
    ("nothing_changed_s", "`findit index`, nothing changed, s (target < 0.5)", "{:.2f}"),
    ("one_file_cli_s", "`findit index`, one file changed, s", "{:.2f}"),
    ("model_load_s", "spaCy model's load alone, s (alternating with the row above)", "{:.2f}"),
    ("one_file_over_load_s", "one file changed minus the model's load, s (target ≤ 2)", "{:.2f}"),
    ("one_file_watch_s", "watch mode: one file changed → searchable, s", "{:.2f}"),
    ("cold_query_s", "cold `findit query`, s", "{:.2f}"),
    ("cold_bare_whoosh_s", "cold bare-Whoosh script, s", "{:.2f}"),
    ("cold_vs_whoosh", "cold query / bare Whoosh (target ≤ 1.3)", "{:.2f}"),
    ("warm_p50_ms", "warm query p50 with facets, ms", "{:.1f}"),
    ("warm_p95_ms", "warm query p95 with facets, ms (target < 50 at 10k)", "{:.1f}"),
    ("warm_first_p50_ms", "warm query p50, asked for the first time (no kept scores), ms", "{:.1f}"),
    ("warm_first_p95_ms", "warm query p95, asked for the first time, ms", "{:.1f}"),
    ("warm_whoosh_p50_ms", "plain Whoosh warm p50, ms", "{:.1f}"),
    ("warm_whoosh_p95_ms", "plain Whoosh warm p95, ms", "{:.1f}"),
    ("server_rss_mb", "web server RSS after 100 queries, MB (target < 150)", "{:.0f}"),
    ("server_p95_ms", "web server /api/search p95, ms", "{:.1f}"),
]


def table(results: list[dict]) -> str:
    head = "| figure | " + " | ".join(r["label"] for r in results) + " |"
    lines = [
        head,
        "|---|" + "---:|" * len(results),
        "| measured (UTC @ commit) | " + " | ".join(r.get("measured", "") for r in results) + " |",
        "| repeats | " + " | ".join(r.get("repeats", "") for r in results) + " |",
    ]
    for key, label, fmt in ROWS:
        cells = [fmt.format(r[key]) if isinstance(r.get(key), (int, float)) else "–" for r in results]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    errors = [f"- {r['label']}, {name}: {msg}" for r in results for name, msg in r.get("errors", {}).items()]
    if errors:
        lines += ["", "Not measured:"] + errors
    return "\n".join(lines)


def plot(results: list[dict], path: Path) -> None:
    """Time and memory against size: lines over the scaled-up corpora, the real corpora as lone markers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measured = [r for r in results if r.get("documents") and r.get("build_s")]
    scaled = sorted((r for r in measured if not r["label"].startswith("shared")), key=lambda r: r["documents"])
    real = [r for r in measured if r["label"].startswith("shared")]
    if not scaled:
        return

    def series(ax, key, style, label, color):
        ax.plot(
            [r["documents"] for r in scaled],
            [r.get(key, float("nan")) for r in scaled],
            style,
            color=color,
            label=label,
        )
        if real:
            ax.plot(
                [r["documents"] for r in real], [r.get(key, float("nan")) for r in real], "x", color=color, markersize=9
            )

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    series(left, "build_s", "o-", "findit full build", "tab:blue")
    series(left, "spacy_s", "s--", "spaCy alone (floor)", "tab:orange")
    series(left, "rebuild_cached_s", "^-", "rebuild, analysis cached", "tab:green")
    left.set(
        xscale="log",
        yscale="log",
        xlabel="documents",
        ylabel="seconds",
        title="Build time (× = the real shared corpora)",
    )
    left.legend()
    left.grid(True, which="both", alpha=0.3)
    series(right, "build_peak_rss_mb", "o-", "build peak RSS", "tab:blue")
    series(right, "server_rss_mb", "s-", "web server RSS after 100 queries", "tab:orange")
    series(right, "watch_rss_mb", "v-", "findit watch RSS", "tab:purple")
    right.axhline(150, color="grey", linestyle=":", label="server target (150 MB)")
    right.set(xscale="log", xlabel="documents", ylabel="MB", title="Memory")
    right.legend(loc="upper left")
    right.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def record(results: list[dict], info: dict, args, path: Path) -> None:
    """Replace the figures between the markers of docs/PERFORMANCE.md with `results`."""
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = path.read_text(encoding="utf-8") if path.is_file() else f"# Performance\n\n{start}\n{end}\n"
    if start not in text:
        text += f"\n{start}\n{end}\n"
    block = (
        f"{start}\nMachine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB, {info['os']}, "
        f"Python {info['python']}, spaCy {info['spacy']}, Whoosh {info['whoosh']}. Each column names the run "
        f"it comes from (`benchmarks/run.py --record` replaces the columns it measures and keeps the "
        f"others); medians over the repeats shown.\n\n{table(results)}\n{end}"
    )
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1] if end in rest else ""
    path.write_text(before + block + after, encoding="utf-8")


def measured_label(old: str, new: str) -> str:
    """The `measured` line of a column after an --only run: the build's run, each earlier --only run for
    the measures this one did not take again, then this run (« nothing, cli: <stamp> »)."""
    base, *parts = old.split("; ")
    done = set(new.split(": ", 1)[0].split(", "))
    kept = []
    for part in parts:
        names, _, stamp = part.partition(": ")
        left = [n for n in names.split(", ") if n not in done]
        if left and stamp:
            kept.append(f"{', '.join(left)}: {stamp}")
    return "; ".join([base, *kept, new])


def merged_with_recorded(results: list[dict], into: bool = False) -> list[dict]:
    """The recorded columns (benchmarks/results/latest.json) with this run's replacing those it measured;
    with `into` (an --only run), this run's figures go into the recorded columns of the same corpora, whose
    `measured` line then names both runs."""
    try:
        data = json.loads((RESULTS / "latest.json").read_text())
    except (OSError, ValueError):
        return results
    kept = []
    for old in data.get("results", []):
        old.setdefault("measured", f"{data['machine']['date']} @ {data['machine'].get('commit', '?')}")
        new = next((r for r in results if r["label"] == old["label"]), None)
        if new is None:
            kept.append(old)
        elif into:
            kept.append({**old, **new, "measured": measured_label(old["measured"], new["measured"])})
    both = kept + ([] if into else results)
    return sorted(both, key=lambda r: (not r["label"].startswith("shared"), r.get("documents") or 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repeat; shared corpora and 1k documents")
    parser.add_argument(
        "--sizes", default=None, help="comma-separated sizes of scaled-up corpora (default 1000,10000; 0 for none)"
    )
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (default 3, quick 1)")
    parser.add_argument(
        "--build-repeat", type=int, default=None, help="full builds of the shared corpora (default 2, quick 1)"
    )
    parser.add_argument("--corpus", type=Path, default=SHARED, help="real corpora (default ../shared/corpora)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep corpora and indexes here")
    parser.add_argument("--record", action="store_true", help="write the figures into docs/PERFORMANCE.md")
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated measurements to leave out: rebuild, nothing, cold, warm, "
        "server, cli, watch (e.g. rebuild, ~20 min at 100k documents)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated measurements to run again on the corpora and indexes an "
        "earlier run left in --workdir (no copy, no build), e.g. cold,warm,server "
        "after a change to search; recorded into the existing columns",
    )
    parser.add_argument(
        "--floor-sample",
        type=int,
        default=0,
        metavar="N",
        help="measure the spaCy floor of the scaled corpora on N documents and scale it by "
        "words (the 100k point: the full floor takes as long again as the build)",
    )
    parser.add_argument(
        "--skip-real", action="store_true", help="measure only the scaled-up corpora (the real corpora still feed them)"
    )
    args = parser.parse_args()
    args.repeat = args.repeat or (1 if args.quick else 3)
    args.build_repeat = args.build_repeat or (1 if args.quick else 2)
    skip = frozenset(filter(None, (s.strip() for s in args.skip.split(","))))
    only = frozenset(filter(None, (s.strip() for s in args.only.split(","))))
    unknown = (skip | only) - {name for name, _ in MEASURES}
    if unknown:
        parser.error(f"unknown measurement {sorted(unknown)[0]!r}: one of {', '.join(n for n, _ in MEASURES)}")
    if only and args.workdir is None:
        parser.error("--only needs the --workdir of an earlier run")
    sizes = [int(s) for s in (args.sizes or ("1000" if args.quick else "1000,10000")).split(",") if int(s)]

    if not args.corpus.is_dir():
        print(f"benchmarks skipped: {args.corpus} not found (the figures need the real corpora)")
        return
    info = machine()
    log(f"machine: {info}")
    results = []
    tmp = tempfile.TemporaryDirectory(prefix="findit-bench-") if args.workdir is None else None
    work = Path(tmp.name) if tmp else args.workdir

    def save() -> None:
        # After each corpus: a long run stopped midway still leaves the figures it has.
        stamp = f"{info['date']} @ {info['commit']}"
        for r in results:
            if only:
                r["measured"] = f"{', '.join(n for n, _ in MEASURES if n in only)}: {stamp}"
                continue
            r.setdefault("measured", stamp)
            r.setdefault(
                "repeats", f"{args.repeat}, builds {args.build_repeat if r['label'].startswith('shared') else 1}"
            )
        shown = merged_with_recorded(results, into=bool(only)) if args.record else results
        # Tracked files change only with --record; a plain run leaves its figures in benchmarks/out/.
        results_dir, plot_path = (RESULTS, ROOT / "docs" / "growth.png") if args.record else (OUT, OUT / "growth.png")
        results_dir.mkdir(parents=True, exist_ok=True)
        (results_dir / "latest.json").write_text(
            json.dumps({"machine": info, "argv": sys.argv[1:], "results": shown}, indent=2, ensure_ascii=False)
        )
        plot(shown, plot_path)
        if args.record:
            record(shown, info, args, ROOT / "docs" / "PERFORMANCE.md")

    try:
        if not args.skip_real:
            results.append(
                bench_corpus(
                    f"shared corpora ({args.corpus.name})",
                    args.corpus,
                    work / "shared",
                    args.repeat,
                    args.build_repeat,
                    skip,
                    only=only,
                )
            )
            save()
        from scale import make_corpus

        for size in sizes:
            if not only:
                log(f"making a corpus of {size} documents")
            scaled = None if only else make_corpus(args.corpus, work / "scaled-src" / str(size), size)
            results.append(
                bench_corpus(
                    f"{size // 1000}k documents",
                    scaled,
                    work / f"scaled-{size}",
                    args.repeat,
                    1,
                    skip,
                    args.floor_sample,
                    only,
                )
            )
            save()
    finally:
        if tmp:
            tmp.cleanup()
    print(table(results))


if __name__ == "__main__":
    main()
