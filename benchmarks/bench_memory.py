"""Peak memory of `findit index` on hostile files: figures printed, nothing asserted.

    .venv/bin/python benchmarks/bench_memory.py [--workers 0 2] [--size 1600000] [--copies 3]

Builds a corpus of pages the file-size limit accepts but that are as bad as it gets for spaCy and the
indexer: `--copies` single-paragraph scraped pages of `--size` bytes (French sentences, no line break), one
page of the same size without any punctuation or line break (no sentence to cut at), one of punctuation
signs only (a token per character), one of one- and two-letter words (the most words it can hold), beside the shipped corpus and `--filler` short pages (so that the
spaCy workers, used from Settings.parallel_min_documents documents on, run). Then runs `findit index --full` over it in
a fresh index (empty analysis cache: spaCy reads everything), once per `--workers` value, and prints the
wall time and the peak resident memory of the largest process (the kernel's ru_maxrss over the process
tree), and, sampled from /proc, of the indexing process and of its spaCy workers, against the ceiling
Settings.max_process_mb states. A run whose processes pass --abort-mb together is killed and says so.
--src measures other code, e.g. the previous commit's: git archive HEAD src | tar -x -C /tmp/before.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from findit.settings import Settings  # noqa: E402  (the file-size limit the pages are cut to)
from measure import FINDIT  # noqa: E402


def french_sentences() -> list[str]:
    """Sentences of the shipped corpus, one line each."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").iterdir()) if p.is_file())
    text = re.sub(r"\s+", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 4]


def fill(parts: list[str], size: int, sep: str = " ") -> str:
    """`parts` repeated until the text reaches `size` UTF-8 bytes."""
    out: list[str] = []
    used = 0
    i = 0
    while used < size:
        part = parts[i % len(parts)]
        out.append(part)
        used += len(part.encode("utf-8")) + len(sep)
        i += 1
    return sep.join(out)[: size // 2 * 2]


def hostile_corpus(folder: Path, size: int, copies: int, filler: int) -> list[tuple[str, int]]:
    """The shipped corpus, `filler` short event pages and the hostile pages; (file name, bytes) of each
    hostile page."""
    shutil.copytree(ROOT / "corpus", folder, copy_function=shutil.copyfile)
    sentences = french_sentences()
    for i in range(filler):
        body = " ".join(sentences[(i + k) % len(sentences)] for k in range(3))
        (folder / f"evenement-{i:04d}.md").write_text(
            f"---\ntitle: Atelier numéro {i}\ndate: 2021-03-04\n---\n\n{body}\n", encoding="utf-8"
        )
    pages = {}
    for i in range(copies):
        # Each copy differs (the analysis cache would otherwise read one and reuse it for the others).
        rotated = sentences[i * 7 :] + sentences[: i * 7]
        pages[f"page-unique-{i + 1}.txt"] = f"Titre de la page {i + 1}\n\n" + fill(rotated, size)
    words = re.sub(r"[^\w\s]", " ", " ".join(sentences)).split()
    pages["sans-ponctuation.txt"] = "Titre sans ponctuation\n\n" + fill(words, size)
    pages["signes.txt"] = "Titre des signes\n\n" + fill(["-", "+", "*", "=", "§"], size)
    # The most words a text of this size can hold: one or two letters each.
    pages["mots-courts.txt"] = "Titre des mots courts\n\n" + fill(["a", "le", "de", "la", "un", "et", "y", "en"], size)
    out = []
    limit = Settings().max_file_bytes
    for name, text in pages.items():
        data = text.encode("utf-8")[: min(size, limit)].decode("utf-8", "ignore")
        (folder / name).write_text(data, encoding="utf-8")
        out.append((name, len(data.encode("utf-8"))))
    return out


def _hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def run_index(corpus: Path, index: Path, workers: int, abort_mb: float, src: Path | None) -> dict:
    """`findit index --full` in a child: wall time, exit status, peak RSS (tree maximum, main, workers).
    A run whose processes pass `abort_mb` together is killed (the machine is shared)."""
    env = dict(os.environ, FINDIT_WORKERS=str(workers))
    command = [FINDIT]
    if src is not None:
        command = [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {str(src)!r}); import findit.cli as c; c.main()",
        ]
    args = [*command, "index", "--full", "--corpus", str(corpus), "--index", str(index)]
    peaks = {"main": 0.0, "workers": 0.0, "aborted": False}
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peaks["main"] = max(peaks["main"], _hwm_mb(proc.pid))
            now = _rss_mb(proc.pid)
            for child in _children(proc.pid):
                peaks["workers"] = max(peaks["workers"], _hwm_mb(child))
                now += _rss_mb(child)
            if now > abort_mb and not peaks["aborted"]:
                peaks["aborted"] = True
                for pid in [*_children(proc.pid), proc.pid]:
                    try:
                        os.kill(pid, 9)
                    except ProcessLookupError:
                        pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    assert proc.stdout is not None and proc.stderr is not None
    return {
        "seconds": seconds,
        "status": os.waitstatus_to_exitcode(status),
        "tree_peak_mb": usage.ru_maxrss / 1024,
        "main_peak_mb": peaks["main"],
        "workers_peak_mb": peaks["workers"],
        "aborted": peaks["aborted"],
        "out": proc.stdout.read().strip(),
        "err": proc.stderr.read().strip()[-600:],
    }


def limits(src: Path | None) -> str:
    """The limits (and stated ceiling) of the code measured: read in a child, since --src may name other code."""
    names = (
        "max_file_bytes",
        "analysis_piece_chars",
        "analysis_batch_chars",
        "chunk_documents",
        "chunk_chars",
        "max_process_mb",
    )
    code = (
        f"import sys; sys.path.insert(0, {str(src or ROOT / 'src')!r}); from findit.settings import Settings; "
        f"s = Settings(); print(', '.join(f'{{n}} {{getattr(s, n, None)}}' for n in {names!r}))"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2], help="FINDIT_WORKERS values to run")
    parser.add_argument("--size", type=int, default=1_600_000, help="bytes of each hostile page")
    parser.add_argument("--copies", type=int, default=3, help="single-paragraph pages of French sentences")
    parser.add_argument(
        "--filler", type=int, default=600, help="short pages beside them (spaCy workers start from 512 documents)"
    )
    parser.add_argument(
        "--abort-mb", type=float, default=6000, help="kill a run whose processes pass this much memory together"
    )
    parser.add_argument(
        "--src", type=Path, help="measure the findit package under this folder (e.g. an earlier commit's src/)"
    )
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="findit-bench-memory-"))
    try:
        corpus = work / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        pages = hostile_corpus(corpus, args.size, args.copies, args.filler)
        print(f"hostile pages: {', '.join(f'{name} ({size / 1e6:.2f} MB)' for name, size in pages)}")
        print(f"limits of the code measured: {limits(args.src)}")
        print(f"{'workers':>7}  {'time s':>7}  {'peak MB (largest process)':>25}  {'indexer MB':>10}  {'worker MB':>9}")
        for workers in args.workers:
            index = work / f"index-{workers}"
            shutil.rmtree(index, ignore_errors=True)
            run = run_index(corpus, index, workers, args.abort_mb, args.src)
            print(
                f"{workers:>7}  {run['seconds']:>7.1f}  {run['tree_peak_mb']:>25.0f}  {run['main_peak_mb']:>10.0f}  "
                f"{run['workers_peak_mb'] if workers else float('nan'):>9.0f}"
                + (f"  KILLED past {args.abort_mb:.0f} MB" if run["aborted"] else "")
                + ("" if run["status"] == 0 or run["aborted"] else f"  FAILED (exit {run['status']})")
            )
            if run["aborted"]:
                pass
            elif run["status"] != 0:
                print(run["err"])
            else:
                print(f"         {run['out']}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
