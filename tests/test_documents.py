"""A document's copy is as good as a deep copy: ingestion hands out copies and mutates them."""

import copy
import dataclasses
import datetime as dt

from findit.documents import Document


def full_document() -> Document:
    """Every field set to a value other than its default."""
    values = {}
    known = {"str", "bool", "list[str]", "int | None", "dt.date | None"}
    for f in dataclasses.fields(Document):
        # A field of another type (a dict, a list of objects) needs its own case here and in Document.copy.
        assert f.type in known, (f.name, f.type)
        if f.type in ("list[str]",):
            values[f.name] = [f"{f.name}-1", f"{f.name}-2"]
        elif f.type == "bool":
            values[f.name] = True
        elif "dt.date" in str(f.type):
            values[f.name] = dt.date(2021, 3, 4)
        elif "int" in str(f.type):
            values[f.name] = 2021
        else:
            values[f.name] = f"{f.name}-value"
    return Document(**values)


def test_a_copy_equals_the_document_and_shares_no_list_with_it():
    doc = full_document()
    twin = doc.copy()
    assert twin == doc == copy.deepcopy(doc)
    for f in dataclasses.fields(Document):
        value = getattr(doc, f.name)
        if isinstance(value, list):
            assert getattr(twin, f.name) is not value, f.name
            getattr(twin, f.name).append("changed")
            assert getattr(doc, f.name) == [f"{f.name}-1", f"{f.name}-2"], f.name
