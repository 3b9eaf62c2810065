"""The corpus-wide passes of ingestion, kept between runs so that an update redoes only what it touches.

A document's final form depends on the others: its id is unique across the archive (two files can slug
alike), a tag or an organisation takes the spelling most of the archive uses, a person the best-written of
their forms, an author given by a profile's slug the name on that profile page, a page too short to tell
its language its site's language, and an outlet of the archive's press items is nobody. Each is a vote:
every document votes with the values it holds, and a decision per key (a folded tag, a person, a site)
settles them. The votes are kept; an update takes back the votes of the files that changed, casts their new
ones, and applies the decisions again only to the documents holding a key whose decision moved. A build
from nothing is the same work from no votes: both give the same documents (tests/ingest/test_corpuswide.py
compares them over random edits).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from findit.documents import Document, Kind
from findit.ingest import names, profiles
from findit.ingest.ids import short_hash
from findit.text import fold_key

DocKey = tuple[str, int]  # a document: its file, and its rank in the file
Vote = tuple[str, str, str]  # (pass, key, form)
Ballot = tuple[str, str]  # (pass, key): what one decision settles

# Whose documents read a decision, when they are not those who vote on it: an outlet's decision is read by
# the documents naming that person, a site's language by its pages that have none.
_READERS = {"outlet": "person", "lang": "langread"}
_GLOBAL = ""  # the language key of the whole archive, for a site whose pages state none


class CorpusPasses:
    """The votes of every document of the archive and the decisions they give.

    `update()` takes the files that changed (their documents as parsed) and those gone, and returns the
    final form of every document that may differ from the last run's."""

    def __init__(self) -> None:
        self.votes: dict[Ballot, Counter] = {}
        self.holders: dict[Ballot, set[DocKey]] = defaultdict(set)  # who votes on or reads a ballot
        self.cast: dict[DocKey, list[Vote]] = {}
        self.ranks: dict[str, int] = {}  # each file's number of documents
        self.ids: dict[DocKey, str] = {}  # each document's id, unique across the archive but for clashes
        self._id_uses: Counter = Counter()  # how many documents have each id
        # ids two documents still share (a slug made unique by a hash, equal to another file's slug)
        self.clashes: set[str] = set()
        self.profiles: set[str] = set()  # files that may be profile pages (their title names a slug)
        self.profile_names: dict[str, str] = {}  # slug -> the name on its profile page
        self._keys = _Keys()

    def __getstate__(self) -> dict:
        return {**vars(self), "_keys": _Keys()}  # a memo, filled again as it is used

    def update(
        self,
        changed: dict[str, list[Document]],
        gone: Iterable[str],
        parsed: Callable[[str], list[Document]],
    ) -> dict[DocKey, Document]:
        """`changed`: each new or changed file's documents as parsed ([] when it gave none); `gone`: files
        no longer there; `parsed(source)`: any file's documents as parsed. The archive's order is its
        files' paths' (findit.ingest.files.walk). Returns fresh documents for every document whose final
        form may differ from the last run's (those of `gone` files are simply no longer there)."""
        gone = [source for source in gone if source not in changed]
        old_keys = {(source, rank) for source in (*changed, *gone) for rank in range(self.ranks.pop(source, 0))}
        self.ranks.update((source, len(docs)) for source, docs in changed.items() if docs)
        # A profile page that changed can rename an author elsewhere: those documents vote again.
        revote = {(source, rank) for source, docs in changed.items() for rank in range(len(docs))}
        renamed = self._resolve_profiles(changed, gone, parsed)
        revote |= {key for key in renamed if key[0] not in changed and key[0] not in gone}
        fresh = {key: self._prepared(parsed(key[0])[key[1]]) for key in revote}

        touched: set[Ballot] = set()
        for key in old_keys | revote:
            touched.update((ns, k) for ns, k, _ in self.cast.get(key, ()))
        new_votes = {key: _votes(doc, self._keys) for key, doc in fresh.items()}
        for votes in new_votes.values():
            touched.update((ns, k) for ns, k, _ in votes)
        before = {ballot: self._decide(ballot) for ballot in touched}
        global_before = self._decide(("lang", _GLOBAL))

        for key in old_keys | revote:
            self._withdraw(key)
        for key, votes in new_votes.items():
            self._vote(key, votes)

        affected = set(revote)
        for ballot in touched:
            ns, k = ballot
            if ns == "id" or self._decide(ballot) != before[ballot]:
                affected |= self.holders.get((_READERS.get(ns, ns), k), set())
        if self._decide(("lang", _GLOBAL)) != global_before:
            for (ns, site), readers in self.holders.items():
                if ns == "langread" and not self.votes.get(("lang", site)):
                    affected |= readers
        affected = {key for key in affected if key in self.cast}
        self._assign_ids({k for ns, k in touched if ns == "id"}, parsed)
        out = {}
        for key in affected:
            doc = fresh[key] if key in fresh else self._prepared(parsed(key[0])[key[1]])
            out[key] = self._decided(key, doc)
        # an id that changed is one of a document made again; a clash a gone document ended is re-checked
        self.clashes = {i for i in (*self.clashes, *(doc.id for doc in out.values())) if self._id_uses[i] > 1}
        return out

    # -- votes --

    def _prepared(self, parsed: Document) -> Document:
        """A copy of a parsed document with what no vote settles: its authors named by their profile's slug."""
        doc = parsed.copy()
        profiles.add_authors(doc, self.profile_names)
        return doc

    def _vote(self, key: DocKey, votes: list[Vote]) -> None:
        self.cast[key] = votes
        for ns, k, form in votes:
            if form:
                forms = self.votes.get((ns, k))
                if forms is None:
                    forms = self.votes[(ns, k)] = Counter()
                forms[form] += 1
            if ns not in _READERS:  # whoever votes on those, others read them
                self.holders[(ns, k)].add(key)

    def _withdraw(self, key: DocKey) -> None:
        for ns, k, form in self.cast.pop(key, ()):
            if form:
                forms = self.votes[(ns, k)]
                forms[form] -= 1
                if forms[form] <= 0:
                    del forms[form]
                    if not forms:
                        del self.votes[(ns, k)]
            holders = self.holders.get((ns, k))
            if holders is not None:
                holders.discard(key)
                if not holders:
                    del self.holders[(ns, k)]
        self._set_id(key, None)

    def _decide(self, ballot: Ballot) -> str | None:
        forms = self.votes.get(ballot)
        if not forms:
            return None
        ns = ballot[0]
        if ns == "person":
            return names.display_form(forms)
        if ns == "outlet":
            return "yes"
        # the form used most; among equals, the first in sorted order (the same whatever the votes' order)
        return max(sorted(forms), key=forms.__getitem__)

    # -- decisions applied --

    def _decided(self, key: DocKey, doc: Document) -> Document:
        doc.id = self.ids[key]
        folded, person = self._keys.folded, self._keys.person
        doc.tags = _unique(self._decide(("tag", folded(v))) or v for v in doc.tags)
        doc.organisations = _unique(self._decide(("org", folded(v))) or v for v in doc.organisations)
        doc.speakers, doc.people = names.unified_people(
            doc.speakers,
            doc.people,
            best=lambda form: self._decide(("person", person(form))) or form,
            outlet=lambda form: ("outlet", person(form)) in self.votes,
        )
        if not doc.lang:
            doc.lang = self._decide(("lang", _site(doc.source))) or self._decide(("lang", _GLOBAL)) or ""
        return doc

    def _assign_ids(self, raw_ids: set[str], parsed: Callable[[str], list[Document]]) -> None:
        """The ids of the documents whose slug is one of `raw_ids`: their slug when it is theirs alone,
        else it with a hash of the file (and title and URL), numbered in the archive's order if still
        shared."""
        for raw in raw_ids:
            keys = sorted(self.holders.get(("id", raw), ()))
            if len(keys) == 1:
                self._set_id(keys[0], raw)
                continue
            ids = {}
            for key in keys:
                doc = parsed(key[0])[key[1]]
                ids[key] = f"{raw}-{short_hash(doc.source + '#' + doc.title + '#' + doc.url, 6)}"
            counts = Counter(ids.values())
            seen: Counter = Counter()
            for key in keys:
                if counts[ids[key]] > 1:
                    seen[ids[key]] += 1
                    ids[key] = f"{ids[key]}-{seen[ids[key]]}"
            for key, value in ids.items():
                self._set_id(key, value)

    def _set_id(self, key: DocKey, value: str | None) -> None:
        old = self.ids.pop(key, None)
        if old is not None:
            self._id_uses[old] -= 1
        if value is not None:
            self.ids[key] = value
            self._id_uses[value] += 1

    def _resolve_profiles(self, changed, gone, parsed) -> set[DocKey]:
        """Profile names again when a profile page may have changed; the documents whose authors they rename."""
        was = {s for s in (*changed, *gone) if s in self.profiles}
        for source in gone:
            self.profiles.discard(source)
        for source, docs in changed.items():
            if docs and profiles.may_be_profile(source):
                self.profiles.add(source)
            else:
                self.profiles.discard(source)
        if not was and not any(s in self.profiles for s in changed):
            return set()
        pages = [doc for source in sorted(self.profiles) for doc in parsed(source)]
        names_now = profiles.profile_names(pages)
        moved = {
            slug for slug in {*names_now, *self.profile_names} if names_now.get(slug) != self.profile_names.get(slug)
        }
        self.profile_names = names_now
        return {key for slug in moved for key in self.holders.get(("slug", slug), ())}


class _Keys:
    """Values folded to their keys, each once: the same tags, organisations and names recur across the
    archive (at 10,000 documents, folding them again was a quarter of a build's ingestion)."""

    def __init__(self) -> None:
        self._folded: dict[str, str] = {}
        self._person: dict[str, str] = {}

    def folded(self, value: str) -> str:
        key = self._folded.get(value)
        if key is None:
            key = self._folded[value] = fold_key(value)
        return key

    def person(self, value: str) -> str:
        key = self._person.get(value)
        if key is None:
            key = self._person[value] = names.person_key(value)
        return key


def _votes(doc: Document, keys: _Keys) -> list[Vote]:
    """What a prepared document votes with (an empty form: it reads the key's decision, without a say)."""
    votes: list[Vote] = [("id", doc.id, "")]
    votes += [("tag", keys.folded(v), v) for v in doc.tags]
    votes += [("org", keys.folded(v), v) for v in doc.organisations]
    votes += [("person", keys.person(v), v) for v in (*doc.speakers, *doc.people)]
    if doc.kind == Kind.COVERAGE and doc.outlet:
        votes.append(("outlet", keys.person(doc.outlet), "yes"))
    if doc.lang:
        votes += [("lang", _site(doc.source), doc.lang), ("lang", _GLOBAL, doc.lang)]
    else:
        votes.append(("langread", _site(doc.source), ""))
    votes += [("slug", slug, "") for slug in profiles.slugs(doc.author)] if doc.author else []
    return votes


def _site(source: str) -> str:
    """A site of the archive: its top folder."""
    return source.split("/", 1)[0] if "/" in source else ""


def _unique(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def unique_ids(documents: list[Document]) -> list[Document]:
    """Number the documents that still share an id (a hashed id equal to another file's slug): what the
    per-slug ids cannot see. Returns the documents renumbered (copies, in the list in their stead)."""
    counts = Counter(doc.id for doc in documents)
    seen: Counter = Counter()
    renumbered = []
    for i, doc in enumerate(documents):
        if counts[doc.id] > 1:
            seen[doc.id] += 1
            documents[i] = doc = doc.copy()
            doc.id = f"{doc.id}-{seen[doc.id]}"
            renumbered.append(doc)
    return renumbered
