"""A verb and the noun of its action: « paralléliser » also finds « parallélisation », « recruter »
« recrutement », « évaluation » « évaluer ». French makes these nouns by regular endings (PAIRS); a
document that names the action by its noun is about what the verb asks for.

The stems field joins some of these words (« recenser », « recensement »), at a stem's low weight because
a stem also joins words of unlike meaning (« forme » and « former »), and misses others (« former » and
« formation », « traduire » and « traduction » have different stems). Here only the regular pairs count,
at DERIVED_WEIGHT in the lemma fields, and only where the archive holds the other word: above a stem's
match, below the word's own forms."""

from __future__ import annotations

from whoosh import query as wq

from findit.analysis.analysed import TEXT_FIELDS
from findit.analysis.stopwords import stop_words
from findit.search.clauses import AcrossFields, map_words, other_form
from findit.search.typos import Corrected

# (verb ending, noun ending, letters the verb keeps before its ending: fewer, the pair is mostly chance,
# « ster » / « station »): « paralléliser » / « parallélisation », « identifier » / « identification »,
# « recruter » / « recrutement », « investir » / « investissement », « produire » / « production »,
# « recevoir » / « réception », « inscrire » / « inscription », « définir » / « définition ». Not « ouvrir » /
# « ouverture »: the archives' « ouverture » is a term of its own (« l'ouverture des données »), and the
# verb, common in every sense, took shared c55 and sample s46 from 0.898 to 0.847 and 0.821 to 0.790.
PAIRS = (
    ("er", "ation", 4),
    ("ifier", "ification", 3),
    ("er", "ement", 4),
    ("ir", "issement", 3),
    ("uire", "uction", 3),
    ("evoir", "eption", 3),
    ("crire", "cription", 2),
    ("ecrire", "escription", 1),  # « décrire » / « description »
    ("inir", "inition", 3),
)
# Score of the other word of the pair next to the word as typed: as a corrected typo's (another word than
# the one typed, but the one meant), above a stem's (0.3).
DERIVED_WEIGHT = 0.6
HOW = "derivation"


def related(lemma: str) -> list[str]:
    """The words a folded lemma makes by the regular pairs, either way: verb to noun, noun to verb."""
    out: list[str] = []
    for verb, noun, base in PAIRS:
        for have, make in ((verb, noun), (noun, verb)):
            if lemma.endswith(have) and len(lemma) - len(have) >= base:
                other = lemma[: -len(have)] + make
                if other != lemma and other not in out:
                    out.append(other)
    return out


def with_derived(q: wq.Query, reader) -> wq.Query:
    """`q` with each plain word also matching the other word of its pairs that the archive holds."""
    stops = stop_words()

    def derive(clause: wq.Query) -> wq.Query:
        # A plain word, maybe with its typos corrected (not an acronym, a phrase or a function word).
        if type(clause) not in (AcrossFields, Corrected) or clause.word is None or clause.word in stops:
            return clause
        own = clause.terms_by_field(other_forms=False)
        lemmas = {t for name in TEXT_FIELDS for t in own.get(name, [])}
        others = [w for lemma in sorted(lemmas) for w in related(lemma) if w not in lemmas and _held(reader, w)]
        if not others:
            return clause
        alternatives = [
            other_form(AcrossFields([wq.Term(name, w) for name in TEXT_FIELDS]), DERIVED_WEIGHT, HOW, w)
            for w in dict.fromkeys(others)
        ]
        widened = type(clause)([*clause.subqueries, *alternatives], boost=clause.boost)
        if isinstance(clause, Corrected) and isinstance(widened, Corrected):
            widened.corrections = clause.corrections
        return widened

    return map_words(q, derive)


def _held(reader, term: str) -> bool:
    """Whether the archive's lemma fields hold the term."""
    try:
        return any(reader.doc_frequency(name, term) for name in TEXT_FIELDS if name in reader.schema)
    except Exception:  # noqa: BLE001 - a reader that cannot say: the word is searched without its pair
        return False
