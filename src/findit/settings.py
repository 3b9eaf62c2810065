"""The one place for findit's settings: paths, limits and their environment overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

# The project root when running from a checkout (src/findit/settings.py -> root).
_CHECKOUT_ROOT = Path(__file__).resolve().parents[2]


def _default_corpus() -> Path:
    """The embedded sample archive: corpus/ of the checkout, else the copy shipped in the package."""
    checkout = _CHECKOUT_ROOT / "corpus"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / "corpus"


def project_root() -> Path:
    """The checkout findit runs from, else the current folder: where `index/` goes by default and what
    the judged query sets' corpus paths are relative to."""
    if (_CHECKOUT_ROOT / "pyproject.toml").is_file():
        return _CHECKOUT_ROOT
    return Path.cwd()


def _default_index() -> Path:
    return project_root() / "index"


def default_web_dir() -> Path:
    """Templates and static files: inside the installed package, else the checkout's web/."""
    packaged = Path(__file__).resolve().parent / "web"
    if packaged.is_dir():
        return packaged
    return _CHECKOUT_ROOT / "web"


# The synonyms file's name in the corpus folder, when Settings.synonyms does not name another.
SYNONYMS_FILE = ".findit-synonymes.txt"


def _whole_or_none(name: str) -> int | None:
    """A whole number from the environment variable `name`, None when unset or not one."""
    raw = os.environ.get(name, "").strip()
    return max(0, int(raw)) if raw.isdigit() else None


class SettingsError(ValueError):
    """A setting given in the environment cannot be read."""


@dataclass(frozen=True)
class Settings:
    corpus: Path = field(default_factory=_default_corpus)
    index: Path = field(default_factory=_default_index)
    # Files larger than this are reported and skipped: no archive page is this big.
    max_file_bytes: int = 2_000_000
    # PDFs carry images and fonts beside their text (a 2-page newsletter can weigh 3 MB).
    max_pdf_bytes: int = 50_000_000
    # A PDF is read in a child process stopped after this long or at this much memory (a bomb, a
    # 500-page report), keeping the pages read so far; pages after max_pdf_pages are left out.
    max_seconds_per_file: float = 60.0
    max_parse_memory_mb: int = 1024
    max_pdf_pages: int = 300
    # spaCy batch size for nlp.pipe (pieces of text, at most).
    batch_size: int = 64
    # spaCy reads a long text in pieces of at most this many characters, cut at a paragraph or sentence end,
    # and at most this many characters at once: its memory grows with what it reads at once (a 1.6 MB
    # paragraph took 2.7 GB; a batch of 100,000 characters 300 MB, of 20,000 70 MB, as fast).
    analysis_piece_chars: int = 5_000
    analysis_batch_chars: int = 20_000
    # spaCy worker processes for large batches (0: spaCy in the indexing process), and the batch size from
    # which they are used: a worker loads its own model (~3 s), which only a large batch pays back.
    analysis_workers: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    parallel_min_documents: int = 512
    # Documents analysed and written per step: the progress bar moves, memory stays flat. A step also ends
    # at this many characters of text (128 large scraped pages would not fit in memory at once).
    chunk_documents: int = 128
    chunk_chars: int = 1_000_000
    # A chunk's texts go to the workers as tasks of at most this many characters (a text longer than that is
    # a task of its own), shared out as the workers free: a chunk of long pages is parsed by every worker
    # at once, not by one while the others, done with the short chunks behind it, wait for it to be written.
    analysis_task_chars: int = 100_000
    # A new process starts from the last ingester state kept beside the index (findit.index.snapshot) and
    # redoes the files that moved since; the state is written again once this many have (at 100,000
    # documents, writing it takes a few seconds: not at every one-file update).
    snapshot_after_files: int = 500
    # The peak memory of one indexing process or spaCy worker on any input the limits above accept (measured
    # by benchmarks/bench_memory.py); what a machine running findit index should have per process.
    max_process_mb: int = 1500
    # Bounds on what a request may ask for (web and CLI alike).
    max_query_chars: int = 500
    # A search taking longer stops and answers with what it found, saying so (findit.search.budget).
    query_seconds: float = 2.0
    # A query whose terms hold at least this many postings is matched a posting list at a time
    # (findit.search.vectorscore, ~1.3 µs per posting against ~6 µs through Whoosh's matchers): from there
    # it pays for numpy's import (~0.1 s) in a one-shot `findit query`. None: Whoosh's matchers only.
    vector_postings: int | None = 20_000
    max_page: int = 1000
    max_limit: int = 100
    default_limit: int = 10
    # Debounce for `findit watch`, milliseconds.
    watch_debounce_ms: int = 200
    # A failed update or watcher is tried again after this pause, doubled at each failure in a row up to the
    # longest: a full disk or an odd file name must not stop watching for good, nor retry in a tight loop.
    watch_retry_seconds: float = 1.0
    watch_retry_max_seconds: float = 60.0
    # A watcher's update lists the folder from the paths it saw change (findit.ingest.rewalk) rather than
    # walking it, unless a burst names more paths than this, or the last walk is older than this (a change
    # the system's queue dropped is then found): a full walk at 100,000 files is about a second.
    watch_patch_max_paths: int = 1000
    watch_walk_every_seconds: float = 600.0
    # The page's server: connections at most, seconds before an idle one is closed, seconds a request may
    # take to arrive. waitress's defaults (100, 120 s, no limit) let 100 slow clients lock everyone out.
    server_connections: int = 1000
    server_idle_seconds: int = 30
    server_request_seconds: float = 10.0
    # Exports (CSV, JSON, iCalendar) hold a search's whole list up to this many results: what a person
    # reads, bounded so that one request never writes out the whole of a large archive.
    export_max_results: int = 2000
    # Entries of a search's Atom feed: its newest documents.
    feed_entries: int = 50
    # Where the search page is served (FINDIT_SITE_URL), for links in exports made in the terminal.
    site_url: str = field(default_factory=lambda: os.environ.get("FINDIT_SITE_URL", "").strip())
    # Local log of the queries asked (no IP, no user): FINDIT_QUERY_LOG=0 turns it off (privacy opt-out).
    query_log: bool = field(
        default_factory=lambda: (
            os.environ.get("FINDIT_QUERY_LOG", "").strip().lower() not in ("0", "false", "no", "non", "off")
        )
    )
    # Entries the query log keeps; the oldest are dropped past it, so the log stays small.
    query_log_max_entries: int = 100_000
    # The curator's synonyms (findit.search.synonyms): FINDIT_SYNONYMS, else SYNONYMS_FILE in the corpus
    # folder (hidden, so that ingestion and watching leave it alone). Read at query time: no rebuild.
    synonyms: Path | None = field(
        default_factory=lambda: Path(os.environ["FINDIT_SYNONYMS"]) if os.environ.get("FINDIT_SYNONYMS") else None
    )

    # The page's searchers (findit.webapp.service): readers over the index for the server's threads
    # (FINDIT_SERVER_READERS; None: findit.webapp.service.DEFAULT_READERS; 0: one searcher shared under a
    # lock), and search processes instead (FINDIT_SEARCH_PROCESSES; each ~50 MB, the only way past one
    # core under the GIL).
    server_readers: int | None = field(default_factory=lambda: _whole_or_none("FINDIT_SERVER_READERS"))
    search_processes: int = field(default_factory=lambda: _whole_or_none("FINDIT_SEARCH_PROCESSES") or 0)
    # Search the other forms of a query's words the archive holds (typos corrected, words joined or apart;
    # findit.search.otherforms): off, only the words as typed and the curator's synonyms.
    other_forms: bool = True

    def synonyms_file(self) -> Path:
        return self.synonyms or self.corpus / SYNONYMS_FILE

    @classmethod
    def from_env(
        cls, corpus: str | os.PathLike | None = None, index: str | os.PathLike | None = None, **overrides
    ) -> Settings:
        """Explicit arguments win over FINDIT_CORPUS / FINDIT_INDEX / FINDIT_WORKERS, which win over the
        defaults."""
        base = cls()
        corpus = corpus or os.environ.get("FINDIT_CORPUS")
        index = index or os.environ.get("FINDIT_INDEX")
        if corpus:
            overrides["corpus"] = Path(corpus)
        if index:
            overrides["index"] = Path(index)
        workers = os.environ.get("FINDIT_WORKERS", "").strip()
        if workers and "analysis_workers" not in overrides:
            try:
                # More processes than cores would only share them, each with its own model in memory.
                overrides["analysis_workers"] = max(0, min(int(workers), os.cpu_count() or 1))
            except ValueError:
                raise SettingsError(f"FINDIT_WORKERS doit être un nombre entier, pas « {workers} »") from None
        return replace(base, **overrides)
