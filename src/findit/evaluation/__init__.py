"""Search quality, measured: judged query sets (`sets`), findit and the baselines a user could pick instead
over the same documents (`engines`), nDCG@10 / MRR / recall@10 by ir-measures (`run`), tables (`report`).

Near-duplicates count once: every document is judged and ranked as its duplicate group, so an engine
that collapses versions (findit) and one that lists each of them are compared on the same units. Drafts and
junk, which findit hides unless asked, are left out for every engine."""

from findit.evaluation.engines import Engine, FinditEngine, baseline_engines
from findit.evaluation.report import format_losses, format_markdown, format_table
from findit.evaluation.run import METRICS, Evaluation, evaluate, score
from findit.evaluation.sets import (
    PARTS,
    JudgedQuery,
    Judgement,
    QuerySet,
    QuerySetError,
    builtin_sets,
    load_query_set,
    part_of,
    resolve,
)

__all__ = [
    "METRICS",
    "PARTS",
    "part_of",
    "Engine",
    "Evaluation",
    "FinditEngine",
    "JudgedQuery",
    "Judgement",
    "QuerySet",
    "QuerySetError",
    "baseline_engines",
    "builtin_sets",
    "evaluate",
    "format_losses",
    "format_markdown",
    "format_table",
    "load_query_set",
    "resolve",
    "score",
]
