"""Draft and junk flags, and the rules that confirm two documents as near-duplicates (the candidates
come from findit.ingest.neardup): similar text, titles and dates of the same occasion."""

from __future__ import annotations

import datetime as dt
import re

from findit.documents import Document
from findit.text import fast_fold, fold_key

LOREM = re.compile(
    r"\blorem ipsum\b|\bdolor sit amet\b|\bconsectetur adipiscing\b|\bconsetetur sadipscing\b", re.IGNORECASE
)
TEST_TITLE = re.compile(r"^\s*\[?\s*test\b\s*\]?\s*(?:[-–:]|$)", re.IGNORECASE)
DRAFT_TITLE = re.compile(r"^\s*\[\s*(duplication|double|brouillon|draft|copie|ne pas publier)\s*\]", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Consonant clusters common in French or English words; a longer run outside these is keyboard mash.
_COMMON_RUNS = frozenset(
    """
str scr spr ntr nst mpl ndr nch rch sch chr phr thr ctr rtr mbr mpr ngt rst nct lst rsp nsp nstr mps
rld ght tch ngl nkl pht rth
""".split()
)
_VOWELS = set("aeiouyàâäéèêëîïôöùûüÿœæ")
STOPWORDS = frozenset(
    """
le la les un une des de du d l et ou en à au aux pour par sur dans avec ce ces cette qui que quoi il
elle ils elles on nous vous je tu est sont a the of and to in is for on with it this that be
""".split()
)

# Flag texts that other modules look for (formats.py, the report): one spelling each.
NO_TITLE = "sans titre"  # the start of every flag saying where a missing title was taken from
TITLE_FROM_FILE_NAME = f"{NO_TITLE} : nom du fichier repris"
TITLE_FROM_TEXT = f"{NO_TITLE} : tiré du texte"
EVENT_DATE = "date de l'événement"  # the start of a flag about an event's date (a date refused)
TEMPLATE_ONLY_BODY = "rien que du code de gabarit dans le corps : aucun texte propre"
# A file of template code alone (a layout, an include): the reason it is skipped, found before or after reading.
TEMPLATE_ONLY = "rien que du code de gabarit et du balisage, aucun texte"
# The starts of the flags of a file read with a fallback, besides the front matter's (the report's warnings).
ENCODING = "encodage"
PDF_IN_PART = "PDF lu en partie"
CALENDAR = "calendrier"
# The start of every flag saying why a document is a draft (the front matter's key, the title, the path).
DRAFT = "brouillon"
# Why a document is junk, whether found on a paragraph or on the whole text.
KEYBOARD_MASH = "charabia tapé au clavier"
LOREM_TEXT = "texte de remplissage lorem ipsum"

# Below this many words of real text beside placeholder text, the whole document is placeholder.
MIN_REAL_WORDS = 15

# Duplicate detection parameters: shingle width in words, MinHash size, LSH threshold, and the
# confirmations a candidate pair must pass.
SHINGLE_WORDS = 3
NUM_PERM = 128
LSH_THRESHOLD = 0.3
MIN_SHINGLES = 8
CONFIRM_JACCARD = 0.45
CONFIRM_TITLE = 0.8
# A re-post of an event keeps roughly its date; the next edition of a series does not.
MAX_EVENT_DAYS_APART = 90
MAX_POST_DAYS_APART = 180
CONFIRM_JACCARD_FAR = 0.7


def repeated_paragraphs(count: int) -> str:
    return f"{count} paragraphe(s) répété(s) laissé(s) de côté"


def event_date_from_text(value: dt.date) -> str:
    return f"date de l'événement {value.isoformat()} lue dans le texte"


def words(text: str) -> list[str]:
    return _WORD.findall(fast_fold(text))


def _oddities(word: str) -> int:
    """Features no one types on purpose: consonant runs rare in French or English, an "h" after an
    unlikely consonant ("rh", "gh" inside a word)."""
    count = 0
    run = ""
    for index, char in enumerate(word):
        if char in _VOWELS:
            if len(run) >= 3 and run not in _COMMON_RUNS:
                count += 1
            run = ""
            continue
        run += char
        if char == "h" and index > 1 and word[index - 1] not in "cspt" + "aeiouy":
            count += 1
    if len(run) >= 3 and run not in _COMMON_RUNS and not run.endswith(("s", "t", "nt", "ts")):
        count += 1
    return count


def is_keyboard_mash(paragraph: str) -> bool:
    """ "iheritgterpge hirh grhgeroih": lowercase letters only, no common word, mostly unpronounceable."""
    stripped = re.sub(r"^[>*\-\s]+", "", paragraph.strip())
    if not stripped or stripped != stripped.lower() or re.search(r"[\d.,;:!?()«»\"/]", stripped):
        return False
    tokens = stripped.split()
    if not 1 <= len(tokens) <= 12 or any(t in STOPWORDS for t in tokens):
        return False
    if not all(t.isalpha() for t in tokens):
        return False
    if len(tokens) == 1:
        return _oddities(tokens[0]) >= 2
    odd = sum(_oddities(t) > 0 for t in tokens)
    return odd * 2 >= len(tokens) and odd >= 2


def is_lorem(text: str) -> bool:
    return bool(LOREM.search(text))


def clean_junk_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str], str]:
    """Drop keyboard-mash and lorem-ipsum paragraphs from otherwise real text, saying what was dropped.
    When little real text is left, the text is kept whole and the third value says why it is junk."""
    kept: list[str] = []
    flags: list[str] = []
    reasons: list[str] = []
    for paragraph in paragraphs:
        if is_keyboard_mash(paragraph):
            flags.append(f"charabia tapé au clavier laissé de côté : « {paragraph[:40]} »")
            reasons.append(KEYBOARD_MASH)
        elif is_lorem(paragraph):
            flags.append("paragraphe lorem ipsum laissé de côté")
            reasons.append(LOREM_TEXT)
        else:
            kept.append(paragraph)
    if reasons and len(words(" ".join(kept))) < MIN_REAL_WORDS:
        return paragraphs, [], reasons[0]
    return kept, flags, ""


def flag_document(doc: Document, meta: dict | None = None) -> None:
    """Set draft/junk with human-readable reasons, from the front matter and the content."""
    meta = meta or {}
    if _says(meta.get("published"), False):
        mark_draft(doc, f"{DRAFT} : published: false")
    if _says(meta.get("visible"), False):
        mark_draft(doc, f"{DRAFT} : visible: false")
    if meta.get("draft") is True:
        mark_draft(doc, f"{DRAFT} : draft: true")
    unrendered = not_rendered(meta)
    if unrendered:
        mark_draft(doc, f"{DRAFT} : {unrendered}, pas une page du site")
    match = DRAFT_TITLE.match(doc.title)
    if match:
        mark_draft(doc, f"{DRAFT} : titre marqué [{match.group(1)}]")
    if TEST_TITLE.match(doc.title):
        mark_junk(doc, "entrée de test (titre commençant par TEST)")
    text = " ".join((doc.title, doc.summary, doc.body))
    if is_lorem(doc.title) or (doc.body and is_lorem(doc.body) and len(words(LOREM.sub("", doc.body))) < 80):
        mark_junk(doc, LOREM_TEXT)
    elif doc.body and is_keyboard_mash(doc.body):
        mark_junk(doc, KEYBOARD_MASH)
    elif not words(text):
        mark_junk(doc, "aucun texte")
    else:
        listing = listing_page(meta, doc)
        if listing:
            mark_junk(doc, listing)


# A layout or type naming a generated list of pages (Jekyll's `tag-archive`, `category`, Hugo's `taxonomy`).
_LISTING_LAYOUT = re.compile(r"(?:^|[-_/])(?:tags?|categor(?:y|ies)|archives?|taxonomy|terms?)(?:$|[-_/.])", re.I)


def listing_page(meta: dict, doc: Document) -> str:
    """Why a page is a list the site generates, with no text of its own beyond its title (« Tag:
    datascience »): its layout says so, or it asks search engines not to index it; "" otherwise."""
    if words(doc.body) or words(doc.summary):
        return ""
    layout = str(meta.get("layout") or meta.get("type") or "")
    if _LISTING_LAYOUT.search(layout):
        return f"page de liste sans texte (layout: {layout})"
    if "noindex" in str(meta.get("robots") or "").lower():
        return "page sans texte exclue des moteurs de recherche par le site (robots: noindex)"
    return ""


def not_rendered(meta: dict) -> str:
    """The front-matter setting by which the generator builds no page of this file (its text may show
    inside another page, as a home page's widgets do), or "": Hugo's headless bundles and widgets, its
    build options (`_build: {render: never}`, or `link`: a link, no page), Eleventy's `permalink: false`.
    Hugo's `cascade:` from a section's page to its pages is not followed: where it hides author profiles,
    the site still shows their text elsewhere (its « about » widget), and they answer queries naming them."""
    if _says(meta.get("headless"), True):
        return "headless: true"
    for key in ("_build", "build"):
        options = meta.get(key)
        render = str(options.get("render")).strip().lower() if isinstance(options, dict) else ""
        if render in ("never", "false", "link"):
            return f"{key}: render: {render}"
    if _says(meta.get("permalink"), False):
        return "permalink: false"
    return ""


def _says(value: object, flag: bool) -> bool:
    """Whether a front-matter value is that boolean, as YAML gives it or written as a string."""
    return value is flag or str(value).strip().lower() == str(flag).lower()


def mark_draft(doc: Document, reason: str) -> None:
    doc.draft = True
    if reason not in doc.flags:
        doc.flags.append(reason)


def mark_junk(doc: Document, reason: str) -> None:
    doc.junk = True
    if reason not in doc.flags:
        doc.flags.append(reason)


def shingles(doc: Document) -> set[str]:
    tokens = words(" ".join((doc.title, doc.summary, doc.body)))
    if len(tokens) < SHINGLE_WORDS:
        return set()
    return {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}


def _title_overlap(a: str, b: str) -> float:
    """Overlap of the title words relative to the shorter title (a longer re-post title still matches)."""
    wa, wb = set(words(a)) - STOPWORDS, set(words(b)) - STOPWORDS
    if not wa or not wb:
        return 1.0 if fold_key(a) == fold_key(b) else 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _numbers(title: str) -> set[str]:
    return set(re.findall(r"\d+", title))


def same_occasion(a: Document, b: Document, jaccard: float) -> bool:
    """Similar text is not enough for recurring series (meetup #4 and #5, monthly workshops): their
    numbers or their dates tell the occasions apart."""
    if _numbers(a.title) != _numbers(b.title) and _numbers(a.title) and _numbers(b.title):
        return False
    if a.event_date and b.event_date and abs((a.event_date - b.event_date).days) > MAX_EVENT_DAYS_APART:
        return False
    if a.date and b.date and abs((a.date - b.date).days) > MAX_POST_DAYS_APART and jaccard < CONFIRM_JACCARD_FAR:
        return False
    return _title_overlap(a.title, b.title) >= CONFIRM_TITLE
