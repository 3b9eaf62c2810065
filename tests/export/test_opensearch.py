"""`findit export --format opensearch` on the session index: the bulk NDJSON as the bulk API reads it, a
mapping that covers every field the documents use, the same terms as findit's own index, and a query side
that meets them. No OpenSearch server runs here: the files are checked against the formats."""

from __future__ import annotations

import json
import re
import shutil
import types

import pytest
from click.testing import CliRunner

from findit.analysis import words
from findit.cli import cli
from findit.export.opensearch import (
    ALTERNATIVE,
    LEMMA_SUFFIX,
    TEXT_FIELDS,
    bulk_lines,
    document_from_source,
    mapping,
)
from findit.export.opensearch_files import BULK_FILE, MAPPING_FILE, write_folder
from findit.export.opensearch_query import query_terms, request_body
from findit.export.opensearch_source import IndexedDocuments
from findit.index import CACHE, open_index
from findit.search.hits import stored_doc, to_document
from findit.settings import Settings
from findit.text import fold_word

# Analyzers, tokenizers, filters and normalizer filters OpenSearch ships (those the mapping may name).
BUILT_IN_ANALYZERS = {"french", "standard", "whitespace", "simple", "keyword"}
BUILT_IN_TOKENIZERS = {"standard", "whitespace", "keyword"}
BUILT_IN_FILTERS = {"lowercase", "asciifolding"}
FACET_TYPES = {
    "tag": "keyword",
    "speaker": "keyword",
    "organisation": "keyword",
    "outlet": "keyword",
    "kind": "keyword",
    "year": "short",
    "date": "date",
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def exported(settings, tmp_path_factory):
    """The session index exported to a folder: (folder, its bulk lines, the mapping read back)."""
    folder = tmp_path_factory.mktemp("opensearch")
    documents = IndexedDocuments(settings, chunk=3)  # several chunks even on the small corpus
    written = write_folder(documents, "findit-test", folder)
    data = (folder / BULK_FILE).read_bytes()
    return folder, data, json.loads((folder / MAPPING_FILE).read_text("utf-8")), written, documents.stats


def pairs(data: bytes) -> list[tuple[dict, dict]]:
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "", "the NDJSON ends with a newline"
    lines = lines[:-1]
    assert len(lines) % 2 == 0
    return [(json.loads(lines[i]), json.loads(lines[i + 1])) for i in range(0, len(lines), 2)]


def index_terms(settings: Settings) -> tuple[dict[str, dict[str, set[str]]], int]:
    """Document id -> text field -> the terms findit's Whoosh index holds for it (the index inverted)."""
    ix = open_index(settings).index
    with ix.reader() as reader:
        ids = {n: fields["id"] for n, fields in enumerate(reader.all_stored_fields())}
        assert len(ids) == reader.doc_count_all()  # no deleted document: docnums are enumerate's
        out: dict[str, dict[str, set[str]]] = {doc_id: {f: set() for f in TEXT_FIELDS} for doc_id in ids.values()}
        for field in TEXT_FIELDS:
            for raw in reader.lexicon(field):
                text = raw.decode("utf-8")
                for docnum in reader.postings(field, raw).all_ids():
                    out[ids[docnum]][field].add(text)
        return out, reader.doc_count()


def terms_of(value: str) -> set[str]:
    return {t for word in value.split() for t in word.split(ALTERNATIVE)}


def test_bulk_lines_follow_the_bulk_format(exported, settings):
    _folder, data, _mapping, written, stats = exported
    found = pairs(data)
    ids = []
    for action, source in found:
        assert set(action) == {"index"} and set(action["index"]) == {"_index", "_id"}
        assert action["index"]["_index"] == "findit-test"
        assert isinstance(source, dict) and source["id"] == action["index"]["_id"]
        ids.append(action["index"]["_id"])
    assert len(ids) == len(set(ids)), "ids are unique"
    with open_index(settings).index.reader() as reader:
        assert len(ids) == reader.doc_count() == written.documents == stats.exported
    assert written.bytes == len(data)
    assert b"\r" not in data


def test_the_mapping_covers_every_field_with_its_type(exported):
    _folder, data, body, _written, _stats = exported
    analysis = body["settings"]["analysis"]
    props = body["mappings"]["properties"]
    assert body["mappings"]["dynamic"] == "strict"
    for name, kind in FACET_TYPES.items():
        assert props[name]["type"] == kind, name
    for name in TEXT_FIELDS:
        assert props[name] == {**props[name], "type": "text", "analyzer": "french"}
        assert props[name + LEMMA_SUFFIX] == {"type": "text", "analyzer": "findit_lemmas"}
    assert props["doc"] == {"type": "object", "enabled": False}
    assert set(body["mappings"]["_source"]["excludes"]) <= set(props)
    # Every analyzer a field names exists, and so does everything the custom ones are built of.
    named = [p.get("analyzer") for p in props.values()]
    named += [sub.get("analyzer") for p in props.values() for sub in p.get("fields", {}).values()]
    for name in filter(None, named):
        assert name in analysis["analyzer"] or name in BUILT_IN_ANALYZERS, name
    for analyzer in analysis["analyzer"].values():
        assert analyzer["tokenizer"] in BUILT_IN_TOKENIZERS
        for f in analyzer.get("filter", []):
            assert f in analysis.get("filter", {}) or f in BUILT_IN_FILTERS, f
    for p in props.values():
        for sub in p.get("fields", {}).values():
            if "normalizer" in sub:
                assert set(analysis["normalizer"][sub["normalizer"]]["filter"]) <= BUILT_IN_FILTERS
    # Every field a document line uses is mapped, with a value of its type.
    for _action, source in pairs(data):
        assert set(source) <= set(props), set(source) - set(props)
        for name, value in source.items():
            kind = props[name]["type"]
            values = value if isinstance(value, list) else [value]
            if kind in ("keyword", "text"):
                assert all(isinstance(v, str) for v in values), (name, value)
            elif kind == "short":
                assert isinstance(value, int) and -32768 <= value <= 32767
            elif kind == "date":
                assert DATE.match(value), value
            elif kind == "boolean":
                assert isinstance(value, bool)
            else:
                assert kind == "object" and isinstance(value, dict)


def test_the_lemma_fields_hold_the_terms_of_findits_index(exported, settings):
    _folder, data, _mapping, _written, stats = exported
    held, count = index_terms(settings)
    assert stats.from_cache == count and stats.from_table == 0
    words = 0
    for _action, source in pairs(data):
        for field in TEXT_FIELDS:
            value = source[field + LEMMA_SUFFIX]
            assert terms_of(value) == held[source["id"]][field], (source["id"], field)
            words += len(value.split())
    assert words > 1000  # the corpus is read, not a few titles


def test_a_hit_gives_back_the_document_findit_shows(exported, settings):
    _folder, data, _mapping, _written, _stats = exported
    with open_index(settings).index.reader() as reader:
        shown = {f["id"]: to_document(stored_doc(f)) for f in reader.all_stored_fields()}
    for _action, source in pairs(data):
        assert document_from_source(source) == shown[source["id"]]


def test_the_query_side_meets_the_index_side(exported, settings):
    _folder, data, body, _written, _stats = exported
    table = open_index(settings).table
    checked = 0
    for _action, source in pairs(data):
        title_terms = terms_of(source["title" + LEMMA_SUFFIX])
        for word in query_terms(source["title"], table).split():
            # Every word of a title, as the query side writes it, meets the title's terms.
            assert set(word.split(ALTERNATIVE)) & title_terms, (source["id"], word)
            checked += 1
    assert checked > 20
    # A plural finds its lemma, as in findit.
    assert query_terms("les algorithmes publics", table).split()[0].split(ALTERNATIVE)[0] == "algorithme"
    request = request_body("algorithmes publics", table)
    props = body["mappings"]["properties"]
    for field in request["query"]["bool"]["must"][0]["multi_match"]["fields"]:
        assert field.split("^")[0] in props
    for agg in request["aggs"].values():
        assert props[agg["terms"]["field"]]["type"] in ("keyword", "short")
    assert props[request["collapse"]["field"]]["type"] == "keyword"
    assert set(request["highlight"]["fields"]) <= {n for n, p in props.items() if p.get("analyzer") == "french"}


def test_without_the_analysis_cache_the_lemma_table_stands_in(settings, tmp_path, exported):
    index = tmp_path / "index"
    shutil.copytree(settings.index, index, symlinks=True, ignore=shutil.ignore_patterns(CACHE))
    documents = IndexedDocuments(Settings(corpus=settings.corpus, index=index))
    found = pairs(b"".join(line.encode() for line in bulk_lines(documents, "findit")))
    assert documents.stats.from_table == len(found) and documents.stats.from_cache == 0
    assert not (index / CACHE).exists(), "the export writes nothing into the index folder"
    table = documents.table
    cached = {s["id"]: s for _a, s in pairs(exported[1])}
    for _action, source in found:
        terms = terms_of(source["body" + LEMMA_SUFFIX])
        # Every form as written, each word's lemmas, and the term the query side looks each word up by.
        assert {fold_word(w.text) for w in words(source["body"])} <= terms
        assert terms_of(cached[source["id"]]["body" + LEMMA_SUFFIX]) - terms <= table.lemmas
        for word in query_terms(source["body"], table).split():
            assert set(word.split(ALTERNATIVE)) & terms


def test_documents_are_streamed(settings):
    documents = IndexedDocuments(settings, chunk=2)
    lines = bulk_lines(documents, "findit")
    assert isinstance(lines, types.GeneratorType)
    next(lines), next(lines)
    assert documents.stats.exported == 1 < len(documents)  # one document read so far, not the index
    lines.close()


def test_cli_writes_the_ndjson_to_stdout_and_the_files_to_out(settings, exported, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        cli, ["export", "--format", "opensearch", "--index", str(settings.index), "--name", "findit-test"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == exported[1]
    assert "documents exportés" in result.stderr
    out = tmp_path / "out"
    result = runner.invoke(cli, ["export", "--format", "opensearch", "--index", str(settings.index), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads((out / MAPPING_FILE).read_text("utf-8")) == mapping()
    assert len(pairs((out / BULK_FILE).read_bytes())) == exported[3].documents
    assert sorted(p.name for p in out.iterdir()) == [BULK_FILE, MAPPING_FILE]
    result = runner.invoke(cli, ["export", "--format", "opensearch", "--mapping"])
    assert result.exit_code == 0 and json.loads(result.stdout) == mapping()
    result = runner.invoke(cli, ["export", "--format", "opensearch", "--index", str(settings.index), "--query", "eig"])
    assert result.exit_code == 0 and "multi_match" in json.loads(result.stdout)["query"]["bool"]["must"][0]
    assert "export" in runner.invoke(cli, ["--help"]).stdout


def test_cli_without_an_index_says_what_query_says(tmp_path):
    runner = CliRunner()
    empty = str(tmp_path / "nothing")
    exported = runner.invoke(cli, ["export", "--format", "opensearch", "--index", empty])
    queried = runner.invoke(cli, ["query", "--index", empty, "eig"])
    assert exported.exit_code == queried.exit_code == 3
    assert exported.stderr == queried.stderr and "findit index" in exported.stderr


def test_cli_out_not_writable_is_a_clear_error(settings, tmp_path):
    runner = CliRunner()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = runner.invoke(
        cli, ["export", "--format", "opensearch", "--index", str(settings.index), "--out", str(blocker / "sub")]
    )
    assert result.exit_code == 1
    assert "impossible d'écrire" in result.stderr and str(blocker / "sub") in result.stderr
    assert "Traceback" not in result.output
    taken = tmp_path / "out"
    (taken / BULK_FILE).mkdir(parents=True)  # the bulk file's name is taken by a folder
    result = runner.invoke(
        cli, ["export", "--format", "opensearch", "--index", str(settings.index), "--out", str(taken)]
    )
    assert result.exit_code == 1 and BULK_FILE in result.stderr
    assert not [p for p in taken.iterdir() if p.name.startswith(".")], "no temporary file left"


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "opensearch", "--name", "Pas Bon"],
        ["--format", "opensearch", "--mapping", "--out", "x"],
        ["--format", "solr"],
        [],
    ],
)
def test_cli_usage_errors(args):
    result = CliRunner().invoke(cli, ["export", *args])
    assert result.exit_code == 2, result.output
    assert "Erreur" in result.stderr
