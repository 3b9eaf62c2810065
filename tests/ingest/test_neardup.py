"""Near-duplicate groups kept up to date from what changed give the groups worked out from scratch."""

import copy
import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
import zlib
from collections import defaultdict

import pytest

from findit.documents import Document, Kind, content_hash, file_format
from findit.ingest import ingest_corpus, quality
from findit.ingest.neardup import FILENAME, NearDuplicates
from findit.settings import Settings
from helpers import CORPUS, ROOT, SHARED_CORPORA, copy_tree, event_file, write_files

TEXT = (
    "Etalab organise un atelier sur l'ouverture des codes sources publics avec les administrations "
    "qui publient leurs logiciels, les communautés du libre et les agents qui veulent s'y mettre. "
    "Au programme : retours d'expérience, démonstrations et questions ouvertes sur les licences, "
    "la gouvernance des projets et la contribution des agents publics."
)
OTHER = (
    "Une conférence sur l'accessibilité numérique des démarches en ligne, les obligations légales, "
    "les audits RGAA et les bonnes pratiques de conception pour tous les usagers des services publics."
)
THIRD = (
    "Un atelier sur la qualité des données publiques, les schémas, la documentation des jeux de données "
    "et leur mise à jour régulière par les producteurs, avec des exemples venus des ministères."
)

FOURTH = (
    "Une rencontre autour des communs numériques : logiciels libres, données ouvertes et contributions "
    "des agents publics aux projets partagés entre administrations, collectivités et associations."
)


event = event_file


write = write_files


def documents(root):
    return ingest_corpus(root, Settings(corpus=root)).documents


def groups(docs):
    return {doc.source: doc.duplicate_group for doc in docs}


def reference(docs):
    """The groups of the reference grouping below, everything sketched again."""
    docs = copy.deepcopy(docs)
    assign_duplicate_groups(docs)
    return groups(docs)


def from_scratch(docs):
    docs = copy.deepcopy(docs)
    grouper = NearDuplicates()
    grouper.assign(docs)
    assert grouper.sketched == len(docs)
    return groups(docs)


def take_from_others(doc, change: str, docs, rng) -> None:
    """An edit that can make or break a group: another document's body or title, or the date moved."""
    if change == "body":
        doc.body = rng.choice(docs).body
    elif change == "title":
        doc.title = rng.choice(docs).title
    elif change == "date":
        doc.event_date = (doc.event_date or dt.date(2020, 1, 1)) + dt.timedelta(days=rng.choice([30, 400]))


def random_edit(docs: list, rng: random.Random, name: str) -> Document | None:
    """One random edit of `docs`, in place: a document removed (None), or one edited or re-posted as
    `re-post-<name>` (the new object, returned)."""
    i = rng.randrange(len(docs))
    change = rng.choice(["body", "title", "date", "re-post", "delete"])
    if change == "delete":
        docs.pop(i)
        return None
    doc = rng.choice(docs).copy() if change == "re-post" else docs[i].copy()
    if change == "re-post":
        doc.id, doc.source = f"re-post-{name}", f"re-post-{name}.md"
        docs.append(doc)
    else:
        docs[i] = doc
    take_from_others(doc, change, docs, rng)
    doc.content_hash = content_hash(doc)
    return doc


def test_the_groups_of_the_shipped_corpus_match_the_reference(tmp_path):
    docs = documents(CORPUS)
    grouper = NearDuplicates(tmp_path)
    grouper.assign(docs)
    assert grouper.path == tmp_path / FILENAME
    assert set(groups(docs).values()) != {""}  # a group to find
    assert groups(docs) == reference(docs)


@pytest.fixture(scope="module")
def shared_documents():
    if not SHARED_CORPORA.is_dir():
        pytest.skip("../shared/corpora is absent")
    return documents(SHARED_CORPORA)


def test_the_groups_of_the_shared_corpora_match_the_reference(tmp_path, shared_documents):
    docs = copy.deepcopy(shared_documents)
    expected = reference(docs)
    assert len(set(expected.values())) > 5  # groups to tell apart, not only lone documents
    grouper = NearDuplicates(tmp_path)
    grouper.assign(docs)
    assert groups(docs) == expected
    again = NearDuplicates(tmp_path)  # a new process over the store: nothing sketched, the same groups
    again.assign(docs)
    assert again.sketched == 0
    assert groups(docs) == expected


def test_after_edits_the_kept_groups_are_those_worked_out_from_scratch(tmp_path):
    root, store = tmp_path / "corpus", tmp_path / "index"
    write(
        root,
        {
            "a/atelier-codes-sources.md": event("Atelier codes sources", TEXT),
            "b/repost.markdown": event("Atelier codes sources publics", TEXT.replace("Au programme", "Programme")),
            "c/conference.md": event("Conférence accessibilité", OTHER),
            "d/conference-copie.md": event("Conférence accessibilité numérique", OTHER + " Entrée libre."),
            "e/donnees.md": event("Atelier données", THIRD),
            "g/communs.md": event("Rencontre communs numériques", FOURTH),
            "h/communs-bis.md": event("Rencontre communs numériques", FOURTH),
        },
    )
    first = documents(root)
    grouper = NearDuplicates(store)
    grouper.assign(first)
    before = groups(first)
    assert before == reference(first)
    assert before["a/atelier-codes-sources.md"] == before["b/repost.markdown"] != ""
    assert before["c/conference.md"] == before["d/conference-copie.md"] != ""
    assert before["e/donnees.md"] == ""
    assert before["g/communs.md"] == before["h/communs-bis.md"] != ""

    write(
        root,
        {
            "c/conference.md": event("Conférence accessibilité", THIRD.replace("atelier", "séminaire")),  # leaves
            "e/donnees.md": event("Atelier codes sources", TEXT.replace("agents publics", "agents")),  # joins
            "f/re-post.md": event("Atelier codes sources (re-post)", TEXT),  # a re-post
            # the same text a year later: the next edition, no longer a duplicate (its dates alone changed)
            "h/communs-bis.md": event("Rencontre communs numériques", FOURTH, "2022-03-01", "2022-03-15"),
        },
    )
    (root / "a" / "atelier-codes-sources.md").unlink()  # the member naming the group is gone
    after = documents(root)
    fresh = NearDuplicates(store)  # as a new process would, over the stored sketches and edges
    fresh.assign(after)
    assert fresh.sketched == 4  # the three edited documents and the new one
    assert groups(after) == from_scratch(after) == reference(after)
    kept = groups(after)
    assert kept["b/repost.markdown"] == kept["e/donnees.md"] == kept["f/re-post.md"] != before["b/repost.markdown"]
    assert kept["c/conference.md"] == kept["d/conference-copie.md"] == ""
    assert kept["g/communs.md"] == kept["h/communs-bis.md"] == ""


def test_rounds_of_random_edits_keep_the_reference_groups(tmp_path, shared_documents):
    """Texts, titles and dates taken from other documents, re-posts, deletions: after each round, a new
    instance over the store gives the groups worked out from scratch."""
    docs = copy.deepcopy(shared_documents)
    rng = random.Random(7)
    for round in range(4):
        for edit in range(15):
            doc = rng.choice(docs)
            change = rng.choice(["body", "title", "date", "re-post", "delete"])
            if change == "delete":
                docs.remove(doc)
                continue
            if change != "re-post":
                take_from_others(doc, change, docs, rng)
            else:
                doc = copy.deepcopy(rng.choice(docs))
                doc.id, doc.source = f"re-post-{round}-{edit}", f"re-post-{round}-{edit}.md"
                docs.append(doc)
            doc.content_hash = content_hash(doc)
        grouper = NearDuplicates(tmp_path)
        grouper.assign(docs)
        assert grouper.sketched <= (15 if round else len(docs))
        assert groups(docs) == reference(docs)
    assert len(set(groups(docs).values())) > 25  # the edits made groups, not only broke them


def test_only_new_documents_are_sketched(tmp_path):
    root = copy_tree(CORPUS, tmp_path / "corpus")
    grouper = NearDuplicates(tmp_path / "index")
    grouper.assign(documents(root))
    assert grouper.sketched == len(documents(root))
    grouper.assign(documents(root))
    assert grouper.sketched == 0
    seed = sorted(root.glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nUn paragraphe ajouté après coup.\n", encoding="utf-8")
    fresh = NearDuplicates(tmp_path / "index")
    docs = documents(root)
    fresh.assign(docs)
    assert fresh.sketched == 1
    assert groups(docs) == reference(docs)


def test_a_document_in_many_candidate_pairs_is_compared_in_each(tmp_path):
    # Four copies of one text and one of another, the copies' pairs not next to each other: every pair
    # of copies is confirmed, and the four make one group.
    texts = [TEXT, OTHER + " " + THIRD, TEXT, TEXT + " Inscriptions ouvertes.", TEXT]
    docs = [
        Document(id=f"atelier-{n}", kind=Kind.EVENT, title="Atelier codes sources", body=text, source=f"{n}.md")
        for n, text in enumerate(texts)
    ]
    assert len(set(from_scratch(docs).values()) - {""}) == 1
    grouped = {source for source, group in from_scratch(docs).items() if group}
    assert grouped == {"0.md", "2.md", "3.md", "4.md"} == {s for s, g in reference(docs).items() if g}


@pytest.mark.parametrize("block", [1, 3, 65536])
def test_candidate_pairs_come_in_order_each_marked_at_its_documents_last_pair(monkeypatch, block):
    from findit.ingest import dupcompare

    monkeypatch.setattr(dupcompare, "PAIRS_BLOCK", block)
    assert list(dupcompare.candidate_pairs([])) == []
    rng = random.Random(block)
    for _ in range(50):
        size = rng.randrange(2, 30)
        pairs = {tuple(sorted(rng.sample(range(1, size + 1), 2))) for _ in range(rng.randrange(1, 60))}
        rows = list(pairs)
        rng.shuffle(rows)
        got = list(dupcompare.candidate_pairs(rows))
        assert [tuple(pair) for pair, _ in got] == sorted(pairs)
        last_place = {sketch: n for n, pair in enumerate(sorted(pairs)) for sketch in pair}
        for n, ((a, b), (last_a, last_b)) in enumerate(got):
            assert (last_a, last_b) == (last_place[a] == n, last_place[b] == n)


def test_a_store_written_by_other_code_is_emptied(tmp_path):
    docs = documents(CORPUS)
    NearDuplicates(tmp_path).assign(docs)
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("UPDATE meta SET value = 'other code' WHERE key = 'code'")
    db.close()
    grouper = NearDuplicates(tmp_path)
    grouper.assign(docs)
    assert grouper.sketched == len(docs)
    assert groups(docs) == reference(docs)


SKETCH_THEN_GROUP_AGAIN = """
import sys
from pathlib import Path
from findit.documents import Document
from findit.ingest.neardup import NearDuplicates
text = "un texte assez long pour avoir plusieurs triplets de mots et une empreinte à lui " * 3
docs = [Document(id=f"d{i}", kind="page", title="Page commune", body=text, source=f"d{i}.md") for i in range(3)]
NearDuplicates(Path(sys.argv[1])).assign(docs)
print(sys.argv[2] == "again" and "datasketch" in sys.modules, docs[0].duplicate_group)
"""


def test_a_process_with_nothing_new_does_not_import_datasketch(tmp_path):
    def run(step):
        command = [sys.executable, "-c", SKETCH_THEN_GROUP_AGAIN, str(tmp_path), step]
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout.split()

    assert run("first") == ["False", "dup-d0"]
    assert run("again") == ["False", "dup-d0"]


def damage_garbage(path):
    path.write_bytes(b"not a database " * 4096)


def damage_pages(path):
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # the header stays, the pages after the first do not
    path.write_bytes(bytes(data))


def damage_layout(path):
    path.unlink()
    with sqlite3.connect(path) as db:  # another layout under the same names: writing fails midway
        db.execute("CREATE TABLE sketch (id INTEGER PRIMARY KEY, key TEXT)")
    db.close()


@pytest.mark.parametrize("damage", [damage_garbage, damage_pages, damage_layout])
def test_a_damaged_store_is_replaced_and_gives_the_same_groups(tmp_path, shared_or_shipped, damage):
    docs = documents(shared_or_shipped)
    NearDuplicates(tmp_path).assign(copy.deepcopy(docs))
    damage(tmp_path / FILENAME)
    grouper = NearDuplicates(tmp_path)
    grouper.assign(docs)
    assert grouper.path == tmp_path / FILENAME  # a cache: rebuilt, not given up
    assert grouper.sketched == len(docs)
    assert groups(docs) == reference(docs)
    grouper.close()
    again = NearDuplicates(tmp_path)
    again.assign(copy.deepcopy(docs))
    assert again.sketched == 0


def test_a_store_that_cannot_be_written_gives_the_same_groups_in_memory(tmp_path, shared_or_shipped):
    docs = documents(shared_or_shipped)
    (tmp_path / FILENAME).mkdir()
    grouper = NearDuplicates(tmp_path)
    grouper.assign(docs)
    assert grouper.path is None
    assert grouper.sketched == len(docs)
    assert groups(docs) == reference(docs)


def test_a_run_on_a_store_another_run_is_writing_keeps_its_own_groups(tmp_path):
    # Another process's run lands in the middle of this one (here: inside it, at its last step): it waits
    # for this run's transaction, then does its own run in memory; neither takes the other's groups.
    def page(i, body, title):
        d = Document(id=i, kind="page", title=title, body=body, source=f"{i}.md")
        d.content_hash = content_hash(d)
        return d

    mine = [page("a0", TEXT, "Un"), page("a1", OTHER, "Deux")]
    theirs = [page(f"b{i}", THIRD, "Page commune") for i in range(3)]
    this, other = NearDuplicates(tmp_path), NearDuplicates(tmp_path, wait=0.2)
    last_step = this._name_groups

    def interrupted(*args):
        other.assign(theirs)
        return last_step(*args)

    this._name_groups = interrupted
    this.assign(mine)
    assert [d.duplicate_group for d in mine] == ["", ""]
    assert {d.duplicate_group for d in theirs} == {"dup-b0"}
    assert this.path is not None and other.path is not None  # the store was not given up
    del this._name_groups
    again = NearDuplicates(tmp_path)
    again.assign(theirs)
    assert again.sketched == 3 and {d.duplicate_group for d in theirs} == {"dup-b0"}


@pytest.fixture
def shared_or_shipped():
    """A corpus with groups in it when ../shared is there, else the shipped one."""
    return SHARED_CORPORA / "design-numerique-gouv" if SHARED_CORPORA.is_dir() else CORPUS


def assign_duplicate_groups(documents):
    """The grouping as findit did it before groups were kept on disk: every document sketched and put in one
    MinHashLSH, every candidate pair confirmed. The oracle the incremental groups must equal."""
    from datasketch import MinHash, MinHashLSH

    # One set of permutations for all (datasketch draws them per MinHash otherwise).
    template = MinHash(num_perm=quality.NUM_PERM, seed=1, hashfunc=zlib.crc32)
    sets: dict[int, set[str]] = {}
    minhashes: dict[int, MinHash] = {}
    lsh = MinHashLSH(threshold=quality.LSH_THRESHOLD, num_perm=quality.NUM_PERM)
    for index, doc in enumerate(documents):
        doc.duplicate_group = ""
        items = quality.shingles(doc)
        if len(items) < quality.MIN_SHINGLES:
            continue
        minhash = MinHash(
            num_perm=quality.NUM_PERM,
            seed=1,
            hashfunc=zlib.crc32,
            permutations=template.permutations,
            scheme=template.scheme,
        )
        minhash.update_batch([s.encode("utf-8") for s in items])
        sets[index] = items
        lsh.insert(index, minhash)
        minhashes[index] = minhash

    parent = list(range(len(documents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, items in sets.items():
        for other in lsh.query(minhashes[index]):
            if other <= index:
                continue
            a, b = documents[index], documents[other]
            # The same piece in two formats may be read as two kinds (a post, and its built HTML page
            # whose path says less): across formats, or with a page, kinds need not agree.
            if a.kind != b.kind and Kind.PAGE not in (a.kind, b.kind) and file_format(a) == file_format(b):
                continue
            other_items = sets[other]
            shared = len(items & other_items)
            jaccard = shared / (len(items) + len(other_items) - shared)
            if jaccard >= quality.CONFIRM_JACCARD and quality.same_occasion(a, b, jaccard):
                parent[find(other)] = find(index)

    groups: dict[int, list[int]] = defaultdict(list)
    for index in sets:
        groups[find(index)].append(index)
    for members in groups.values():
        if len(members) < 2:
            continue
        group_id = "dup-" + min(documents[i].id for i in members)
        for i in members:
            documents[i].duplicate_group = group_id


def test_a_kept_instance_told_what_changed_keeps_the_reference_groups(tmp_path, shared_or_shipped):
    """A NearDuplicates kept alive (a watcher's) and handed the documents made since its last run works
    out only the groups they touch, and those of the documents gone: the groups worked out from scratch.
    When another process ran on the store in between, it catches up with that run from the store's journal."""
    docs = documents(shared_or_shipped)
    grouper = NearDuplicates(tmp_path)
    full_runs = []
    whole = grouper._assign

    def counted(*args):
        full_runs.append(args)
        return whole(*args)

    grouper._assign = counted  # type: ignore[method-assign]
    grouper.assign(docs, docs)
    rng = random.Random(11)
    for round in range(6):
        made = []
        for edit in range(10):
            doc = random_edit(docs, rng, f"{round}-{edit}")
            if doc is not None:
                made.append(doc)
        if round == 3:
            NearDuplicates(tmp_path).assign(copy.deepcopy(docs))  # another process
        grouper.assign(docs, made)
        assert groups(docs) == reference(docs)
        assert grouper.sketched <= len(made)
    assert len(set(groups(docs).values())) > 2
    assert len(full_runs) == 1  # the first run only


def test_a_state_kept_from_an_earlier_run_catches_up_with_the_runs_since(tmp_path, shared_or_shipped):
    """`findit index` restores the ingester's state kept at the build, while the store has moved on with
    every run since: the store's journal of the keys each run touched lets a run restored from that state
    work out only those keys and its own change, with the groups worked out from scratch (a copy removed
    since ungroups its original). A full run in between
    (another process without a kept state) journals the keys it sketched or forgot too: the runs after it
    still catch up. Once the journal no longer reaches back to the state's run, runs are full ones, and
    right."""
    import pickle

    truth = documents(shared_or_shipped)
    grouper = NearDuplicates(tmp_path)
    grouper.assign(truth, truth)
    state = pickle.dumps((truth, grouper.kept))  # the state a build keeps: its documents and its record
    built = {doc.source: doc for doc in truth}
    full_runs = []
    rng = random.Random(5)
    for round in range(7):
        for edit in range(6):
            random_edit(truth, rng, f"{round}-{edit}")
        if round == 4:
            NearDuplicates(tmp_path).assign(copy.deepcopy(truth))  # another process, without a kept state
        if round == 5:
            with sqlite3.connect(tmp_path / FILENAME) as db:
                db.execute("DELETE FROM journal")  # as if pruned: the state's run is out of its reach
        # A new process: the state's documents for the files unchanged since the build, new ones for the rest.
        kept_docs, kept = pickle.loads(state)
        restored = {doc.source: doc for doc in kept_docs}
        docs, made = [], []
        for doc in truth:
            if built.get(doc.source) is doc:
                docs.append(restored[doc.source])
            else:
                docs.append(doc.copy())
                made.append(docs[-1])
        process = NearDuplicates(tmp_path)
        process.kept = kept
        whole = process._assign

        def counted(*args, whole=whole, round=round):
            full_runs.append(round)
            return whole(*args)

        process._assign = counted  # type: ignore[method-assign]
        process.assign(docs, made)
        assert groups(docs) == reference(docs)
    assert len(set(groups(docs).values())) > 2
    assert full_runs == [5, 6]  # from the journal's loss on, until a state is written again


def test_documents_of_one_key_are_duplicates_when_it_has_bands(tmp_path):
    """Outside a Corpus, two documents can share an id, and with it a sketch key: duplicates of each
    other when their text is long enough to have bands, kept instance or not."""

    def page(i, body):
        d = Document(id=i, kind="page", title="Une page", body=body, source="page.md")
        d.content_hash = content_hash(d)
        return d

    for body, expected in ((TEXT, "dup-p"), ("Court.", "")):
        grouper = NearDuplicates(tmp_path / body[:5])
        docs = [page("p", body)]
        grouper.assign(docs, docs)
        docs.append(page("p", body))
        grouper.assign(docs, docs[1:])
        assert [d.duplicate_group for d in docs] == [expected] * 2
