"""The baseline of a cold query: open the same index with bare Whoosh, run one query, print the top ten.

Usage: bare_whoosh.py INDEX_DIR QUERY   (INDEX_DIR is findit's index folder; its `current` generation is opened)
"""

import sys

from whoosh.index import open_dir
from whoosh.qparser import MultifieldParser


def main(index_dir: str, text: str) -> None:
    ix = open_dir(f"{index_dir}/current")
    with ix.searcher() as searcher:
        query = MultifieldParser(["title", "summary", "body"], ix.schema).parse(text)
        for hit in searcher.search(query, limit=10):
            print(hit.get("title", ""))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
