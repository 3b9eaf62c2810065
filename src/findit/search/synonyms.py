"""A curator's synonyms, applied at query time: no rebuild, no restart (the file is read again when it
changes).

The file is plain text, one rule per line (`#` starts a comment):

    start-up, startup, jeune pousse      equivalents: each finds the others
    jeune pousse => start-up             one way: « jeune pousse » also finds « start-up », not back

Words are compared folded (case, accents) and without function words, so « Mise en œuvre » and « mise
oeuvre » are the same key. A line that is neither form is reported with its number and ignored."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq

from findit.analysis.stopwords import stop_words
from findit.search.clauses import AcrossFields, map_required_and, map_words, other_form, plain_word
from findit.text import fold

# Score of a synonym next to the words typed. Another word, found as written in every field that holds
# forms (title, text, exact, stems, compounds), it outscores at 0.8 a page that holds the typed words only in
# other forms (« jeunes pousses » for « jeune pousse »): the words typed rank first.
SYNONYM_WEIGHT = 0.5
_WORD = re.compile(r"\w+")


class SynonymError(ValueError):
    """A synonyms file that cannot be read at all (its lines are checked one by one)."""


def key_of(text: str) -> tuple[str, ...]:
    """The words that identify an expression: folded, function words left out (unless that leaves none)."""
    words = [fold(w) for w in _WORD.findall(text)]
    content = tuple(w for w in words if w not in stop_words())
    return content or tuple(words)


@dataclass
class Synonyms:
    """key words -> the other expressions they also find, as written."""

    rules: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # "line N: why", for the curator

    @classmethod
    def parse(cls, text: str) -> Synonyms:
        table = cls()
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            if "=>" in line:
                left, _, right = line.partition("=>")
                sources = [s.strip() for s in left.split(",") if s.strip()]
                targets = [t.strip() for t in right.split(",") if t.strip()]
                if not sources or not targets or "=>" in right:
                    table.problems.append(f"ligne {number} : « a => b » attend une expression de chaque côté")
                    continue
                for source in sources:
                    table._add(source, targets)
                continue
            group = [g.strip() for g in line.split(",") if g.strip()]
            if len(group) < 2:
                table.problems.append(f"ligne {number} : au moins deux expressions séparées par des virgules")
                continue
            for expression in group:
                table._add(expression, [g for g in group if key_of(g) != key_of(expression)])
        return table

    def _add(self, source: str, targets: list[str]) -> None:
        key = key_of(source)
        if not key:
            return
        known = self.rules.setdefault(key, [])
        known.extend(t for t in targets if t not in known and key_of(t) != key)

    def __bool__(self) -> bool:
        return bool(self.rules)


class SynonymFile:
    """The synonyms of one file, read again when its size or time changes; none when it is absent. A
    file that cannot be read leaves the last good table in use and says why (`problems`)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._stamp: tuple[int, int] | None = None
        self._table = Synonyms()

    def current(self) -> Synonyms:
        if self.path is None:
            return self._table
        try:
            stat = os.stat(self.path)
        except OSError:
            self._stamp, self._table = None, Synonyms()
            return self._table
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp != self._stamp:
            try:
                self._table = Synonyms.parse(self.path.read_text(encoding="utf-8", errors="replace"))
            except OSError as exc:
                self._table.problems = [f"{self.path} : {exc.strerror or exc}"]
            self._stamp = stamp
        return self._table


def with_synonyms(
    q: wq.Query, synonyms: Synonyms, parse: Callable[[str], wq.Query | None]
) -> tuple[wq.Query, dict[str, list[str]]]:
    """`q` where each expression of the table also finds its synonyms (each read by `parse`, a phrase
    for several words); and which expression found which, for messages."""
    found: dict[str, list[str]] = {}
    if not synonyms:
        return q, found

    def alternatives(key: tuple[str, ...]) -> list[wq.Query]:
        out = []
        for other in synonyms.rules.get(key, []):
            read = parse(other)
            if read is not None and read is not wq.NullQuery:
                out.append(other_form(read, SYNONYM_WEIGHT, "synonym", other))
                found.setdefault(" ".join(key), []).append(other)
        return out

    def one_word(clause: wq.Query) -> wq.Query:
        word = plain_word(clause)
        others = alternatives((word,)) if word and type(clause) is AcrossFields else []
        return AcrossFields([*clause.subqueries, *others], boost=clause.boost) if others else clause

    q = map_words(q, one_word)
    longest = max((len(k) for k in synonyms.rules), default=1)
    return (_expressions(q, synonyms, alternatives, longest) if longest > 1 else q), found


def _expressions(q: wq.Query, synonyms: Synonyms, alternatives, longest: int) -> wq.Query:
    """Runs of required plain words side by side that make a key of several words: « the words, or a
    synonym »."""
    return map_required_and(q, lambda words: _expressions_in(words, synonyms, alternatives, longest))


def _expressions_in(q: wq.And, synonyms: Synonyms, alternatives, longest: int) -> wq.Query:
    subs = list(q.subqueries)
    words = [plain_word(s) for s in subs]
    out: list[wq.Query] = []
    i = 0
    while i < len(subs):
        for n in range(min(longest, len(subs) - i), 1, -1):
            run = words[i : i + n]
            if all(run) and tuple(run) in synonyms.rules:
                others = alternatives(tuple(run))
                if others:
                    out.append(wq.Or([wq.And(subs[i : i + n]), *others]))
                    i += n
                    break
        else:
            out.append(subs[i])
            i += 1
    if len(out) == len(subs):
        return q
    return out[0] if len(out) == 1 else wq.And(out, boost=q.boost)
