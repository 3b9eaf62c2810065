"""French analysis figures: nothing is asserted, everything is printed (medians over --repeat runs).

    .venv/bin/python benchmarks/bench_analysis.py [--repeat 3] [--corpus DIR]

Over ../shared/corpora when present, else the shipped corpus/ (titles, summaries and bodies of every
ingested document):
- model load: `spacy.load` with the components findit uses, in a fresh process (import included) and
  in-process (import excluded);
- words/s through spaCy: findit's lemma-only pipeline, findit's pipeline with NER, and, as the baseline in
  the same run, spaCy's full default pipeline (parser included) on the raw texts;
- Analyser.analyse: cold (empty cache: spaCy runs) against warm (every document cached: no spaCy);
- query-time analysis (lemma table, no spaCy): queries/s against Whoosh's StandardAnalyzer.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from findit.analysis import Analyser, LemmaTable, Lemmatizer, text_analyzer, words  # noqa: E402
from findit.analysis.lemmatizer import EXCLUDED, MODEL  # noqa: E402
from findit.ingest import ingest_corpus  # noqa: E402
from findit.settings import Settings  # noqa: E402

QUERIES = [
    "algorithmes publics",
    "l'État plateforme",
    "données publiques ouvertes",
    "greffons cardiaques",
    "chômeuses et chômeurs",
    "a évoqué la transformation",
    "Soizic Pénicaud",
    "entrepreneurs d'intérêt général",
    "direction interministérielle du numérique",
    "design des services publics",
]


def median_time(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_process_load() -> float:
    """spaCy imported and the model loaded as findit's analysis loads it, in a fresh process, in s."""
    code = (
        "import time; t = time.perf_counter(); import spacy; "
        f"spacy.load({MODEL!r}, exclude={list(EXCLUDED)!r}); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    shared = ROOT.parent / "shared" / "corpora"
    corpus = args.corpus or (shared if shared.is_dir() else ROOT / "corpus")
    settings = Settings(corpus=corpus)
    documents = ingest_corpus(corpus, settings).documents
    texts = [t for d in documents for t in (d.title, d.summary, d.body) if t and t.strip()]
    n_words = sum(len(words(t)) for t in texts)
    print(
        f"corpus: {corpus} — {len(documents)} documents, {len(texts)} texts, {n_words} words; "
        f"batch size {settings.batch_size}; medians over {args.repeat} runs"
    )

    process_load = statistics.median(fresh_process_load() for _ in range(args.repeat))

    def load_only():
        Lemmatizer().load()

    import spacy

    load = median_time(args.repeat, load_only)
    print(f"model load: {process_load:.2f} s in a fresh process (import included), {load:.2f} s in-process")

    lemmatizer = Lemmatizer(batch_size=settings.batch_size)
    lemmatizer.load()
    lemma_s = median_time(args.repeat, lambda: list(lemmatizer.parse(texts, ner=False)))
    ner_s = median_time(args.repeat, lambda: list(lemmatizer.parse(texts, ner=True)))
    full = spacy.load(MODEL)
    full_s = median_time(args.repeat, lambda: list(full.pipe(texts, batch_size=settings.batch_size)))
    print(
        f"spaCy, lemma only (tok2vec, morphologizer, attribute_ruler, lemmatizer): "
        f"{n_words / lemma_s:,.0f} words/s ({lemma_s:.2f} s)"
    )
    print(
        f"spaCy, lemmas + NER (findit's index-time pipeline):                  "
        f"{n_words / ner_s:,.0f} words/s ({ner_s:.2f} s)"
    )
    print(
        f"baseline, spaCy's full default pipeline (parser included):           "
        f"{n_words / full_s:,.0f} words/s ({full_s:.2f} s); findit with NER is x{full_s / ner_s:.2f}"
    )

    with tempfile.TemporaryDirectory() as tmp:

        def cold():
            analyser = Analyser(settings, Path(tmp) / f"cold-{time.perf_counter_ns()}")
            analyser.lemmatizer = lemmatizer  # model already loaded: measure the analysis, not the load
            analyser.analyse(documents)

        cold_s = median_time(args.repeat, cold)
        warm_dir = Path(tmp) / "warm"
        Analyser(settings, warm_dir).analyse(documents)
        warm = Analyser(settings, warm_dir)
        warm_s = median_time(args.repeat, lambda: warm.analyse(documents))
        analysed = warm.analyse(documents)
    print(
        f"Analyser.analyse, cold cache (model loaded beforehand): {cold_s:.2f} s; warm cache: {warm_s:.2f} s "
        f"(x{cold_s / warm_s:.0f} faster, spaCy loaded: {warm.model_loaded})"
    )

    table = LemmaTable()
    table.update(analysed)
    from whoosh.analysis import StandardAnalyzer

    ours, standard = text_analyzer(table), StandardAnalyzer()
    rounds = 200

    def run(analyzer):
        for _ in range(rounds):
            for q in QUERIES:
                for _t in analyzer(q, mode="query"):
                    pass

    ours_s = median_time(args.repeat, lambda: run(ours))
    std_s = median_time(args.repeat, lambda: run(standard))
    n = rounds * len(QUERIES)
    print(
        f"query analysis (lemma table of {len(table):,} forms, no spaCy): {n / ours_s:,.0f} queries/s; "
        f"Whoosh StandardAnalyzer: {n / std_s:,.0f} queries/s (x{ours_s / std_s:.1f} the time)"
    )


if __name__ == "__main__":
    main()
