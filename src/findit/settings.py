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


class SettingsError(ValueError):
    """A setting given in the environment cannot be read."""


@dataclass(frozen=True)
class Settings:
    corpus: Path = field(default_factory=_default_corpus)
    index: Path = field(default_factory=_default_index)
    # Files larger than this are reported and skipped: no archive page is this big.
    max_file_bytes: int = 2_000_000
    # spaCy batch size for nlp.pipe.
    batch_size: int = 64
    # spaCy worker processes for large batches (0: spaCy in the indexing process), and the batch size from
    # which they are used: a worker loads its own model (~3 s), which only a large batch pays back.
    analysis_workers: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    parallel_min_documents: int = 512
    # Documents analysed and written per step: the progress bar moves, memory stays flat.
    chunk_documents: int = 128
    # Bounds on what a request may ask for (web and CLI alike).
    max_query_chars: int = 500
    max_page: int = 1000
    max_limit: int = 100
    default_limit: int = 10
    # Debounce for `findit watch`, milliseconds.
    watch_debounce_ms: int = 200
    # Memory-map the index when searching: faster to open (one-shot queries); the web server turns it off
    # to keep its resident memory low (256 MB -> 66 MB at 10k documents).
    mmap_index: bool = True

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
                raise SettingsError(f"FINDIT_WORKERS must be a whole number, not {workers!r}") from None
        return replace(base, **overrides)
