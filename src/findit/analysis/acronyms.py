"""The acronyms the archive defines (« Direction interministérielle de la transformation publique (DITP) »),
saved with each index generation as acronyms.json, so that a query can take « DITP » and its long form for
one name without loading spaCy.

The pairs are learnt at index time by the gazetteer (findit.analysis.gazetteer); this table only carries
them to query time: for each folded acronym, the acronym as written, its long forms as written (one per
folded spelling, the canonical one first) and the canonical display « Long name (ACR) »."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from findit.analysis.french import name_key
from findit.jsonfile import read_json
from findit.text import fold

if TYPE_CHECKING:
    from findit.analysis.gazetteer import Gazetteer

FORMAT = 1


class AcronymTableError(ValueError):
    """The saved acronym table cannot be read."""


@dataclass(frozen=True)
class Acronym:
    acronym: str  # as written: "DITP"
    long_forms: tuple[str, ...]  # as written, the canonical one first
    display: str  # « Long name (ACR) », as the organisations field holds it

    @property
    def key(self) -> str:
        return fold(self.acronym)


class AcronymTable:
    """Folded acronym → Acronym; and the folded word sequence of each long form → folded acronym."""

    def __init__(self, acronyms: Iterable[Acronym] = ()):
        self.entries: dict[str, Acronym] = {}
        self.long_forms: dict[tuple[str, ...], str] = {}
        for entry in acronyms:
            key = entry.key
            if not key or key in self.entries or not entry.long_forms:
                continue
            self.entries[key] = entry
            for long_form in entry.long_forms:
                words = tuple(name_key(long_form).split())
                # A one-word "long form" would turn a common word into an acronym.
                if len(words) >= 2:
                    self.long_forms.setdefault(words, key)

    def __len__(self) -> int:
        return len(self.entries)

    def __eq__(self, other) -> bool:
        return isinstance(other, AcronymTable) and self.entries == other.entries

    def __bool__(self) -> bool:
        return bool(self.entries)

    def get(self, folded: str) -> Acronym | None:
        return self.entries.get(folded)

    def merged(self, other: AcronymTable) -> AcronymTable:
        """This table's entries, then those of `other` that this one lacks: this table's win."""
        # Built from both tables' own long forms: folding every long form again was most of a one-shot
        # query's time spent on acronyms.
        table = AcronymTable()
        table.entries = {**self.entries, **{k: e for k, e in other.entries.items() if k not in self.entries}}
        for source in (self, other):
            for words, key in source.long_forms.items():
                if source is self or key not in self.entries:
                    table.long_forms.setdefault(words, key)
        return table

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer) -> AcronymTable:
        return cls(
            Acronym(gazetteer.written.get(key, key.upper()), tuple(gazetteer.long_forms.get(key, ())), display)
            for key, display in gazetteer.acronyms.items()
        )

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "acronyms": [
                {"acronym": e.acronym, "long_forms": list(e.long_forms), "display": e.display}
                for _, e in sorted(self.entries.items())
            ],
        }

    @classmethod
    def from_json(cls, data: object) -> AcronymTable:
        """Raises AcronymTableError when `data` is not a saved table."""
        rows = data.get("acronyms") if isinstance(data, Mapping) and data.get("format") == FORMAT else None
        if not isinstance(rows, list):
            raise AcronymTableError("not an acronym table")
        entries = []
        for row in rows:
            if not (
                isinstance(row, Mapping)
                and isinstance(row.get("acronym"), str)
                and isinstance(row.get("display"), str)
                and isinstance(row.get("long_forms"), list)
                and all(isinstance(f, str) for f in row["long_forms"])
            ):
                raise AcronymTableError(f"not an acronym entry: {row!r:.80}")
            entries.append(Acronym(row["acronym"], tuple(row["long_forms"]), row["display"]))
        return cls(entries)

    @classmethod
    def load(cls, path: Path) -> AcronymTable:
        """The table saved at `path`; an empty table when there is none (an index built before acronyms
        were saved still answers, without the acronym expansion)."""
        data = read_json(path, AcronymTableError, "acronym table")
        if data is None:
            return cls()
        try:
            return cls.from_json(data)
        except AcronymTableError as exc:
            raise AcronymTableError(f"{path}: {exc}") from None


# Common acronyms of French public administration, shipped with findit (the file names its source).
COMMON_ACRONYMS = Path(__file__).resolve().parent / "data" / "acronymes.tsv"


def common_acronyms(path: Path = COMMON_ACRONYMS) -> AcronymTable:
    """The shipped table of common acronyms: « SIGLE<TAB>forme longue » lines, `#` comments. An unreadable
    file gives an empty table (the archive's own acronyms still work)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return AcronymTable()
    entries = []
    for line in lines:
        acronym, _, long_form = line.partition("\t")
        acronym, long_form = acronym.strip(), long_form.strip()
        if acronym and long_form and not acronym.startswith("#"):
            entries.append(Acronym(acronym, (long_form,), f"{long_form} ({acronym})"))
    return AcronymTable(entries)
