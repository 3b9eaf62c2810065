"""findit's JSON: written atomically, read back as written, every kind of data findit keeps."""

import datetime
import json

import pytest

from findit.jsonfile import dumps, loads, read_json, write_json


class Unreadable(Exception):
    pass


def test_what_is_written_is_read_back_and_is_plain_json(tmp_path):
    data = {"files": {"événements/à-venir.md": "ab12"}, "stats": {"x.md": [501, 1_796_556_927_646_492_862]}, "n": 1.5}
    path = tmp_path / "meta.json"
    write_json(path, data)
    assert read_json(path, Unreadable, "manifest") == data
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == data and "événements" in text  # letters kept, not \\u-escaped
    assert not list(tmp_path.glob(".meta.json-*"))  # no temporary file left


def test_what_the_fast_encoder_refuses_is_still_written(tmp_path):
    # keys that are not strings: the standard library's JSON, as before
    assert loads(dumps({1: "un", 2: [3]})) == {"1": "un", "2": [3]}
    with pytest.raises(TypeError):  # a date is refused, whichever encoder runs
        dumps({"date": datetime.date(2022, 5, 1)})


def test_a_broken_file_is_one_clear_error_and_a_missing_one_is_none(tmp_path):
    path = tmp_path / "facets.json"
    assert read_json(path, Unreadable, "facet table") is None
    path.write_bytes(b'{"tag": [1, 2')
    with pytest.raises(Unreadable, match="facet table"):
        read_json(path, Unreadable, "facet table")
    path.write_bytes(b'{"tag": "\xff"}')  # not UTF-8
    with pytest.raises(Unreadable):
        read_json(path, Unreadable, "facet table")
