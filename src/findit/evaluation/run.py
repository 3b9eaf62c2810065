"""Search quality, measured: judged query sets, findit and baseline engines over the same documents, and
nDCG@10 / MRR / recall@10 computed by ir-measures.

A judged set is a JSON file (findit/evaluation/sets/*.json). Judged documents are named by what does not
depend on id formats: their `source` path, plus the title where one file gives several documents (press
items); keys are resolved to ids against the documents ingested at run time.

Near-duplicates count once: every document is judged and ranked as its duplicate group, so an engine
that collapses versions (findit) and one that lists each of them are compared on the same units. Drafts and
junk, which findit hides unless asked, are left out for every engine.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import mean

from findit.documents import Document
from findit.evaluation.engines import Engine, FinditEngine, baseline_engines
from findit.evaluation.sets import JudgedQuery, QuerySet, QuerySetError, resolve
from findit.settings import Settings

METRICS = ("nDCG@10", "RR", "R@10")
METRIC_LABELS = {"nDCG@10": "nDCG@10", "RR": "MRR", "R@10": "recall@10"}
DEPTH = 10
# Filters a judged query may carry, and the document attribute each one tests (as findit's facets do).


@dataclass
class EngineRun:
    engine: str
    ranked: dict[str, list[str]]  # query id -> ranked unit ids
    per_query: dict[str, dict[str, float]]  # query id -> metric -> value
    seconds: float = 0.0


@dataclass
class Evaluation:
    query_set: QuerySet
    documents: int
    qrels: dict[str, dict[str, int]]  # query id -> unit id -> grade
    runs: list[EngineRun]
    titles: dict[str, str]  # unit id -> title, for reports
    # unit id -> (source, title) of each member: where a judge finds a unit to read it
    members: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def unjudged(self, depth: int = DEPTH) -> dict[str, list[str]]:
        """Per query, the units some engine ranks in its first `depth` that no judgement names: the pool
        a judge reads to complete the set."""
        out: dict[str, list[str]] = {}
        for q in self.query_set.queries:
            judged = self.qrels.get(q.id, {})
            found = dict.fromkeys(u for run in self.runs for u in run.ranked[q.id][:depth] if u not in judged)
            out[q.id] = list(found)
        return out

    def summary(self, category: str | None = None) -> dict[str, dict[str, float]]:
        """engine -> metric -> mean over the queries (of one category, if given)."""
        qids = [q.id for q in self.query_set.queries if category in (None, q.category)]
        return {run.engine: {m: mean(run.per_query[q][m] for q in qids) for m in METRICS} for run in self.runs}

    def categories(self) -> list[str]:
        return sorted({q.category for q in self.query_set.queries})

    def losses(self, engine: str = "findit") -> list[tuple[JudgedQuery, str, float, float]]:
        """Queries where `engine` has a lower nDCG@10 than the best baseline: (query, baseline, ours,
        theirs), worst first."""
        ours = next(r for r in self.runs if r.engine == engine)
        out = []
        for q in self.query_set.queries:
            best = max((r for r in self.runs if r.engine != engine), key=lambda r: r.per_query[q.id]["nDCG@10"])
            a, b = ours.per_query[q.id]["nDCG@10"], best.per_query[q.id]["nDCG@10"]
            if a < b - 1e-9:
                out.append((q, best.engine, a, b))
        return sorted(out, key=lambda t: t[2] - t[3])

    def to_json(self) -> dict:
        return {
            "set": self.query_set.name,
            "corpus": str(self.query_set.corpus),
            "documents": self.documents,
            "queries": len(self.query_set.queries),
            "overall": self.summary(),
            "by_category": {c: self.summary(c) for c in self.categories()},
            "per_query": {r.engine: r.per_query for r in self.runs},
        }


def score(qrels: dict[str, dict[str, int]], ranked: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """Per-query nDCG@10, RR, R@10 from ir-measures; a query an engine answered with nothing scores 0."""
    import ir_measures

    measures = [ir_measures.parse_measure(m) for m in METRICS]
    qrel_rows = [ir_measures.Qrel(q, d, g) for q, docs in qrels.items() for d, g in docs.items()]
    run_rows = [
        ir_measures.ScoredDoc(q, d, float(len(ids) - i)) for q, ids in ranked.items() for i, d in enumerate(ids)
    ]
    out = {q: {m: 0.0 for m in METRICS} for q in qrels}
    for metric in ir_measures.iter_calc(measures, qrel_rows, run_rows):
        out[metric.query_id][str(metric.measure)] = float(metric.value)
    return out


def _units(documents: list[Document]) -> dict[str, str]:
    return {d.id: d.duplicate_group or d.id for d in documents}


def _dedupe(ids: Iterable[str], unit: dict[str, str], depth: int) -> list[str]:
    seen: list[str] = []
    for i in ids:
        u = unit.get(i, i)
        if u not in seen:
            seen.append(u)
    return seen[:depth]


def evaluate(
    query_set: QuerySet,
    engines: list[Engine] | None = None,
    settings: Settings | None = None,
    workdir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Evaluation:
    """Ingest the set's corpus once, build every engine over those documents, run every judged query."""
    import time

    from findit.ingest import ingest_corpus

    settings = replace(settings or Settings.from_env(), corpus=query_set.corpus)
    say = progress or (lambda _msg: None)
    if not query_set.corpus.is_dir():
        raise QuerySetError(f"corpus folder not found: {query_set.corpus}")
    corpus = ingest_corpus(query_set.corpus, settings)
    qrels_by_id = resolve(query_set, corpus.documents)
    # Every engine gets what findit shows by default: drafts and junk are left out of the baselines too.
    documents = [d for d in corpus.documents if not (d.draft or d.junk)]
    published = {d.id for d in documents}
    qrels_by_id = {q: {i: g for i, g in graded.items() if i in published} for q, graded in qrels_by_id.items()}
    unit = _units(documents)
    qrels: dict[str, dict[str, int]] = {}
    for qid, graded in qrels_by_id.items():
        units = qrels.setdefault(qid, {})
        for doc_id, grade in graded.items():
            units[unit[doc_id]] = max(units.get(unit[doc_id], 0), grade)
    titles: dict[str, str] = {}
    members: dict[str, list[tuple[str, str]]] = {}
    for d in documents:
        titles.setdefault(unit[d.id], d.title)
        members.setdefault(unit[d.id], []).append((d.source, d.title))
    engines = engines if engines is not None else [FinditEngine(query_set.corpus, settings)] + baseline_engines()

    runs = []
    with tempfile.TemporaryDirectory(prefix="findit-eval-") as tmp:
        base = Path(workdir) if workdir else Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        for engine in engines:
            say(f"{query_set.name}: building {engine.name} over {len(documents)} documents")
            engine.build(documents, base)
            try:
                start = time.perf_counter()
                ranked = {q.id: _dedupe(engine.search(q, DEPTH * 3), unit, DEPTH) for q in query_set.queries}
                seconds = time.perf_counter() - start
            finally:
                engine.close()
            runs.append(EngineRun(engine.name, ranked, score(qrels, ranked), seconds))
    return Evaluation(query_set, len(documents), qrels, runs, titles, members)
