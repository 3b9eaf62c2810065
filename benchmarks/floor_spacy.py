"""The floor of a full build: spaCy alone over the same text findit analyses (titles, summaries, bodies of
every ingested document), with the same model and batch size. Prints one JSON line.

Usage: floor_spacy.py CORPUS_DIR [PROCESSES] [--sample N]

PROCESSES (default 1) is passed to nlp.pipe as n_process: findit's build runs spaCy in as many worker
processes as the settings' analysis_workers, and its floor is spaCy alone given the same.

--sample N runs spaCy over N documents drawn at random (fixed seed) and scales the time by words to the
whole corpus: spaCy reads each text on its own, so its cost is proportional to the words it reads. The
100k-document growth point uses it (the full floor would take as long again as the build); the JSON says
so ("sampled_documents", "sample_seconds").
"""

import argparse
import json
import random
import re
import time
from pathlib import Path

from findit.analysis.lemmatizer import EXCLUDED, MODEL
from findit.ingest import ingest_corpus
from findit.settings import Settings


def texts_of(documents) -> list[str]:
    return [t for d in documents for t in (d.title, d.summary, d.body) if t and t.strip()]


def count_words(texts: list[str]) -> int:
    return sum(len(re.findall(r"\w+", t)) for t in texts)


def main(corpus: str, processes: int = 1, sample: int = 0) -> None:
    settings = Settings.from_env(corpus=corpus)
    documents = ingest_corpus(Path(corpus), settings).documents
    texts = texts_of(documents)
    words = count_words(texts)
    chosen, chosen_words = texts, words
    if 0 < sample < len(documents):
        chosen = texts_of(random.Random(0).sample(documents, sample))
        chosen_words = count_words(chosen)
    start = time.perf_counter()
    import spacy

    nlp = spacy.load(MODEL, exclude=list(EXCLUDED))  # as findit's analysis loads it
    loaded = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(chosen, batch_size=settings.batch_size, n_process=processes))
    end = time.perf_counter()
    load_s, run_s = loaded - start, end - loaded
    out = {
        "seconds": load_s + run_s * words / chosen_words,
        "load_seconds": load_s,
        "documents": len(documents),
        "texts": len(texts),
        "words": words,
        "tokens": tokens,
        "processes": processes,
    }
    if chosen is not texts:
        out.update(sampled_documents=sample, sampled_words=chosen_words, sample_seconds=end - start)
    print(json.dumps(out))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("processes", nargs="?", type=int, default=1)
    parser.add_argument("--sample", type=int, default=0)
    args = parser.parse_args()
    main(args.corpus, args.processes, args.sample)
