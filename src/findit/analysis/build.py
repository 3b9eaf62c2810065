"""A document and spaCy's cached parse of it to an AnalysedDoc: the names it states, tags and casts, and
the tokens the index replays."""

from __future__ import annotations

from collections import Counter

from findit.analysis.analysed import TEXT_FIELDS, AnalysedDoc, AnalysedToken
from findit.analysis.entities import body_after_name, org_from_span, person_from_span, whole_compounds, whole_org_name
from findit.analysis.firstnames import FirstNames
from findit.analysis.french import name_key
from findit.analysis.gazetteer import PERSON, Gazetteer
from findit.analysis.speaking import caption_spans, list_members, pictured
from findit.documents import Document, Kind, file_format


class _Names:
    """Display names in order of appearance, one per folded key."""

    def __init__(self):
        self.by_key: dict[str, str] = {}

    def add(self, display: str) -> None:
        key = name_key(display)
        if key:
            self.by_key.setdefault(key, display)

    def values(self) -> list[str]:
        return list(self.by_key.values())


def build_analysed(doc: Document, chash: str, record: dict, gazetteer: Gazetteer) -> AnalysedDoc:
    """One document and its cached parse to an AnalysedDoc: the speakers and organisations the structure states,
    those the model tags and the text casts (corrected), the archive's known names; names folded, never
    lemmatised, and capitalised common words given their common lemma."""
    speakers, orgs = _Names(), _Names()
    for s in doc.speakers:
        speakers.add(s.strip())
    if doc.kind == Kind.PERSON and doc.title.strip():
        speakers.add(doc.title.strip())
    for o in doc.organisations:
        orgs.add(gazetteer.org_display(o))

    event = doc.kind == Kind.EVENT
    layout = file_format(doc) == "pdf"  # line breaks of a printed page, not of the text's structure
    first_names = FirstNames()
    first_names.add_full([*doc.speakers, *doc.people])
    fields_rec = record.get("f", {})
    lowercase = {w[1] for rec in fields_rec.values() for w in rec["w"] if w[0][:1].islower()}
    # The small model tags capitalised common words (headings, sentence starts) as proper nouns, whose
    # lemma is the word itself; such a word takes the lemma its lower-case occurrences got here.
    common_lemma: dict[str, Counter] = {}
    for rec in fields_rec.values():
        for surface, folded, lemma, pos, _, _ in rec["w"]:
            if pos != "PROPN" and surface[:1].islower():
                common_lemma.setdefault(folded, Counter())[lemma] += 1
    fields: dict[str, list[AnalysedToken]] = {}
    for name in TEXT_FIELDS:
        text = getattr(doc, name) or ""
        rec = fields_rec.get(name, {"w": [], "e": []})
        words = rec["w"]
        pos_of = {w[4]: w[3] for w in words}
        captions = caption_spans(text, doc.captions) if name == "body" else []
        spans: list[tuple[int, int]] = []
        listed: list[tuple[int, int]] = []  # speakers found, whose lists may name more
        for start, end, label in rec["e"]:
            if label == "PER":
                start, end = whole_compounds(text, start, end)  # « René Duscher » of « Jean-René Duscher »
                shown = pictured(text, start, end, captions, event)
                first_names.add_span(text, start, end, event, shown, layout)
                found = person_from_span(text, start, end, lowercase, pos_of, event, layout)
                if found:
                    kind, display = found
                    if kind == PERSON:
                        if not shown:
                            speakers.add(display)
                            listed.append((start, end))
                    else:
                        orgs.add(gazetteer.org_display(body_after_name(text, start, display, gazetteer)))
                    spans.append((start, end))
            elif label == "ORG":
                org = org_from_span(text, start, end, gazetteer)
                if org:
                    orgs.add(org)
                    spans.append((start, end))
        for start, end, kind, display in gazetteer.matches([(w[1], w[4], w[5]) for w in words], text, event, layout):
            if kind != PERSON:
                orgs.add(display)
            elif not pictured(text, start, end, captions, event):
                speakers.add(display)
                listed.append((start, end))
            spans.append((start, end))
        # The rest of each list of names the text casts, the names the model did not tag included: the
        # list, not the model's part of speech, says they are names (it tags « Xavier » an adjective).
        # A list is read once, from the first of its speakers found.
        members: set[tuple[int, int]] = set()
        for span in listed:
            if span not in members:
                members.update(list_members(text, *span))
        for first, last in members:
            member = person_from_span(text, first, last, lowercase, {}, event, layout)
            if member and member[0] == PERSON and not pictured(text, first, last, captions, event):
                speakers.add(member[1])
                spans.append((first, last))
        tokens = []
        for surface, folded, lemma, pos, start, end in words:
            # Names are folded, never lemmatised.
            if surface[:1].isupper() and any(s <= start and end <= e for s, e in spans):
                lemma = folded
            elif pos == "PROPN":
                lemma = common_lemma[folded].most_common(1)[0][0] if folded in common_lemma else folded
            tokens.append(AnalysedToken(lemma or folded, folded, start, end, pos))
        fields[name] = tokens
    for person in first_names.speakers():
        speakers.add(person)
    kept = [whole for whole in map(whole_org_name, orgs.values()) if whole]
    return AnalysedDoc(chash, fields, speakers.values(), list(dict.fromkeys(kept)))
