"""YAML front matter, whatever the file's extension, read strictly.

python-frontmatter splits the file; the YAML is read with a SafeLoader that refuses duplicate keys
(PyYAML silently keeps the last one, losing data) and keeps impossible timestamps as text instead of
failing on them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from frontmatter.default_handlers import YAMLHandler


class FrontMatterError(Exception):
    """Front matter that cannot be read; the message is the reason shown to the user."""


# libyaml's parser when PyYAML was built with it (several times faster); the constructors stay in Python.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):
    """SafeLoader refusing duplicate keys, with timestamps that fall back to text when impossible."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key is not a plain value", key_node.start_mark
            ) from None
        line = key_node.start_mark.line + 1
        if key in seen:
            raise FrontMatterError(f"duplicate key {key!r} in the front matter (lines {seen[key]} and {line})")
        seen[key] = line
    return loader.construct_mapping(node, deep=deep)


def _construct_timestamp(loader: _StrictLoader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class StrictYAMLHandler(YAMLHandler):
    def load(self, fm: str, **kwargs: object):
        kwargs.setdefault("Loader", _StrictLoader)
        return super().load(fm, **kwargs)


@dataclass
class Parsed:
    metadata: dict
    content: str
    has_front_matter: bool


# An opening "---" line, then YAML, then a closing "---" line.
_OPENING = re.compile(r"\A-{3,}[ \t]*\n")


def split(text: str) -> Parsed:
    """Front matter (a dict, maybe empty) and the content after it; FrontMatterError when unreadable."""
    handler = StrictYAMLHandler()
    if not _OPENING.match(text):
        return Parsed({}, text, False)
    if len(handler.FM_BOUNDARY.findall(text)) < 2:
        raise FrontMatterError("front matter is opened with --- but never closed")
    try:
        fm, content = handler.split(text)
        raw = handler.load(fm)
    except ValueError as exc:
        raise FrontMatterError("front matter is opened with --- but never closed") from exc
    except FrontMatterError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"broken YAML in the front matter{where}: {problem}") from exc
    if raw is not None and not isinstance(raw, dict):
        raise FrontMatterError(f"front matter is a {type(raw).__name__}, not a set of keys")
    return Parsed(raw or {}, content.strip("\n"), True)
