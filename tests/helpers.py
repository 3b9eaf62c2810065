"""What the tests share besides fixtures: where things are, copying a corpus, waiting for a condition,
and small real indexes for the search tests (Documents written with the schema's own fields into a
generation laid out as the indexer lays it out: current -> gen-0001, lemmas.json, meta.json)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from whoosh.index import create_in

from findit.analysis import Analyser, LemmaTable
from findit.documents import Document
from findit.index.schema import build_schema, index_fields
from findit.search.results import SearchRequest
from findit.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"
SHARED_EXTRA = ROOT.parent / "shared" / "corpora-extra"


def event_file(title: str, text: str, date: str = "2021-03-01", event_date: str = "2021-03-15", extra: str = "") -> str:
    """A Jekyll-style event file: front matter with a publication date and an event date, then the text."""
    return (
        f'---\ntitle: "{title}"\ndate: {date} 10:00:00 +01:00\nevent_start_date: {event_date} 18:00:00 +01:00\n'
        f"{extra}---\n\n{text}\n"
    )


def write_files(root: Path, files: dict[str, str]) -> None:
    """Each relative path of `files` written under `root` with its text (folders made as needed)."""
    for name, text in files.items():
        path = Path(root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def copy_tree(src: Path, dest: Path) -> Path:
    """A writable copy (the shipped files may be read-only: copy contents, not permissions)."""
    shutil.copytree(src, dest, copy_function=shutil.copyfile, dirs_exist_ok=True)
    return dest


def wait_until(predicate: Callable[[], object], timeout: float = 30.0, interval: float = 0.05) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds have passed; whether it became true."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


FINDIT = Path(sys.executable).with_name("findit")
# Marks every process the test run starts (inherited through the environment), so that a process left
# behind is found at the end even after its parent died (see conftest.pytest_sessionfinish).
RUN_MARK = "FINDIT_TEST_RUN"


# An indexing run as `findit index` does it, printing its progress and able to use spaCy workers:
#   python -c BUILD CORPUS INDEX full|incremental WORKERS
# WORKERS > 0: that many worker processes from the first document on; small chunks (8 documents), so that
# several are in flight at once and a test can stop the run between them. Exit status 3 on WorkerError.
BUILD = """
import sys
from pathlib import Path
from findit.analysis import WorkerError
from findit.index import Indexer
from findit.settings import Settings

corpus, index, mode, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
parallel = {"analysis_workers": workers, "parallel_min_documents": 1} if workers else {}
settings = Settings(corpus=Path(corpus), index=Path(index), chunk_documents=8, **parallel)

def progress(done, total):
    print(f"written {done}/{total}", flush=True)

try:
    Indexer(settings).update(full=mode == "full", progress=progress)
except WorkerError as exc:
    print(f"WorkerError: {exc}", flush=True)
    sys.exit(3)
print("done", flush=True)
"""


def build_command(corpus: Path, index: Path, full: bool = False, workers: int = 0) -> list[str]:
    return [sys.executable, "-c", BUILD, str(corpus), str(index), "full" if full else "incremental", str(workers)]


def written(lines: list[str]) -> int:
    """How many documents a BUILD run has written so far."""
    done = [int(line.split()[1].split("/")[0]) for line in lines if line.startswith("written ")]
    return max(done, default=0)


def marked_processes(token: str) -> list[int]:
    """Live processes (zombies aside) whose environment carries RUN_MARK=token, this one excepted."""
    needle = f"{RUN_MARK}={token}".encode()
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in Path(entry.path, "environ").read_bytes().split(b"\0") and alive(int(entry.name)):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie."""
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def gone(pids: list[int], timeout: float = 10.0) -> bool:
    """Wait until none of the processes is alive; whether that happened within `timeout`."""
    return wait_until(lambda: not any(map(alive, pids)), timeout)


def ignores_sigint(pid: int) -> bool:
    """Whether the process ignores Ctrl-C right now (bit 2 of SigIgn in /proc/PID/status)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("SigIgn:"):
                return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    except OSError:
        pass
    return False


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _session(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[4])
    except (OSError, IndexError, ValueError):
        return None


class Child:
    """A command run as a user runs it, its output (stdout and stderr, merged) collected line by line as it
    comes, so a test waits for what the program says rather than for a time."""

    def __init__(
        self, args: list[str], env: dict[str, str] | None = None, new_session: bool = False, cwd: Path | None = None
    ):
        # Ctrl-C back to its default in the child: a test run started in the background (CI) ignores it,
        # and an ignored signal stays ignored across exec.
        self.process = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            start_new_session=new_session,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.pid = self.process.pid
        self.new_session = new_session
        self._lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.append(line.rstrip("\n"))

    def lines(self) -> list[str]:
        return list(self._lines)

    def output(self) -> str:
        return "\n".join(self._lines)

    def wait_for_line(self, predicate: Callable[[str], object], timeout: float = 60.0) -> str | None:
        """The first line (already printed or to come) for which `predicate` is true; None when the
        process ended or `timeout` passed without one."""
        found: list[str] = []

        def seen() -> bool:
            found[:] = [line for line in self.lines() if predicate(line)][:1]
            return bool(found) or (not self.running() and not self._reader.is_alive())

        wait_until(seen, timeout)
        return found[0] if found else None

    def running(self) -> bool:
        return self.process.poll() is None

    def workers(self) -> list[int]:
        """The worker processes (spaCy's, in a process pool) it started and that are still alive."""
        out = subprocess.run(["pgrep", "-P", str(self.pid)], capture_output=True, text=True).stdout
        commands = {int(p): _cmdline(int(p)) for p in out.split()}
        return [
            pid
            for pid, command in commands.items()
            if ("popen_loky" in command or "spawn_main" in command) and "resource_tracker" not in command
        ]

    def wait(self, timeout: float) -> int:
        """Its exit status; a process still running after `timeout` is killed and the test fails."""
        try:
            status = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"still running after {timeout} s:\n{self.output()}") from None
        self._reader.join(timeout=5)
        return status

    def children_left(self) -> list[int]:
        """Processes of its session still alive (its workers, even orphaned); needs new_session."""
        assert self.new_session, "children_left() needs the command started in a new session"
        found = []
        for entry in os.scandir("/proc"):
            if entry.name.isdigit() and int(entry.name) != self.pid and _session(int(entry.name)) == self.pid:
                if alive(int(entry.name)):
                    found.append(int(entry.name))
        return found

    def kill(self) -> None:
        """End it (and, in its own session, everything it started) now."""
        try:
            if self.new_session:
                os.killpg(self.pid, signal.SIGKILL)
            else:
                self.process.kill()
        except ProcessLookupError:
            pass
        self.process.wait()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc) -> None:
        if self.running():
            self.kill()


def doc(id: str, title: str, body: str = "", kind: str = "article", **kw) -> Document:
    when = kw.pop("date", None)
    if isinstance(when, str):
        when = dt.date.fromisoformat(when)
    year = kw.pop("year", when.year if when else None)
    d = Document(id=id, kind=kind, title=title, body=body, source=f"{id}.md", date=when, year=year, **kw)
    d.content_hash = id + str(hash((title, body, d.summary)))
    return d


def build_index(root: Path, documents: list[Document], analyser: Analyser, generation: str = "gen-0001") -> Settings:
    index = Path(root) / "index"
    gen = index / generation
    gen.mkdir(parents=True)
    analysed = analyser.analyse(documents)
    table = LemmaTable()
    table.update(analysed.values())
    table.save(gen / "lemmas.json")
    ix = create_in(str(gen), build_schema(table))
    with ix.writer() as writer:
        for d in documents:
            writer.update_document(**index_fields(d, analysed[d.id]))
    (gen / "meta.json").write_text(json.dumps({"files": {}}), encoding="utf-8")
    tmp = index / ".current-tmp"
    os.symlink(generation, tmp)
    os.replace(tmp, index / "current")
    return Settings(corpus=Path(root) / "corpus", index=index)


FILLER = (
    "Le service public numérique avance par étapes, avec les agents et les usagers, "
    "dans chaque administration qui le souhaite. "
)

DOCS = [
    # title above body
    doc("carto-title", "Cartographie des usages", FILLER * 3, date="2021-03-01"),
    doc(
        "carto-body", "Un atelier de plus", FILLER + "Nous parlerons de cartographie. " + FILLER * 2, date="2021-03-02"
    ),
    # phrase and proximity
    doc(
        "near", "Webinaire", FILLER + "Les données publiques ouvertes sont un bien commun. " + FILLER, date="2020-05-01"
    ),
    doc(
        "far",
        "Webinaire bis",
        FILLER + "Les données sont là. " + FILLER + "Les politiques publiques aussi. ",
        date="2020-05-02",
    ),
    # exact word form above other forms of the same lemma
    doc("form-exact", "Note", FILLER + "Les algorithmes décident. " + FILLER, date="2018-01-01"),
    doc("form-other", "Note bis", FILLER + "Un algorithme décide. " + FILLER, date="2018-01-02"),
    # names weighted
    doc(
        "speaker",
        "Table ronde sur la sociologie",
        FILLER * 2,
        kind="event",
        date="2019-11-29",
        speakers=["Dominique Cardon"],
        organisations=["SciencesPo"],
    ),
    doc("mention", "Compte rendu", FILLER * 2 + "Un livre de Cardon était cité. " + FILLER * 2, date="2019-12-10"),
    # a duplicate group: the original and its re-post
    doc(
        "histoire",
        "Atelier « Histoire(s) d’algorithmes »",
        "Un atelier-débat autour des algorithmes publics. " + FILLER,
        kind="event",
        date="2019-11-25",
        duplicate_group="dup-histoire",
        tags=["algorithme"],
        outlet="Etalab",
    ),
    doc(
        "histoire-repost",
        "Atelier « Histoire(s) d’algorithmes » dans le cadre de la Semaine de l’innovation publique",
        "Un atelier-débat autour des algorithmes publics. " + FILLER,
        kind="event",
        date="2020-01-15",
        duplicate_group="dup-histoire",
        tags=["algorithme", "Semaine de l'innovation"],
    ),
    # press coverage
    doc(
        "eig-1",
        "Le programme EIG recrute",
        "Des entrepreneurs d’intérêt général rejoignent l’État.",
        kind="coverage",
        date="2022-03-01",
        outlet="Acteurs publics",
        tags=["Le programme EIG"],
        url="https://acteurspublics.fr/eig-1",
    ),
    doc(
        "eig-2",
        "Bilan de promotion",
        "Les entrepreneurs d’intérêt général présentent leurs défis.",
        kind="coverage",
        date="2022-06-01",
        outlet="Acteurs publics",
        tags=["Le programme EIG"],
    ),
    doc(
        "eig-3",
        "Une promotion de plus",
        "Les défis de la promotion.",
        kind="coverage",
        date="2021-06-01",
        outlet="Le Monde",
        tags=["Le programme EIG"],
    ),
    # undated page
    doc("undated", "Mentions légales", FILLER * 2 + "Cartographie du site et mentions légales. " + FILLER),
    # left out unless asked
    doc("draft", "Brouillon cartographie", FILLER + "cartographie", date="2023-01-01", draft=True),
    doc("junk", "TEST cartographie", "lorem ipsum cartographie", date="2023-01-02", junk=True),
]


def ids(result):
    return [h.id for h in result.hits]


def search(searcher, query="", **kw):
    return searcher.search(SearchRequest(query=query, limit=kw.pop("limit", 50), **kw))
