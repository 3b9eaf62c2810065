"""Front matter, whatever the file's extension: YAML between `---` lines or TOML between `+++` lines
(Hugo), read leniently, as the site generators themselves do.

A duplicate key keeps its last value (Jekyll and Hugo do the same); YAML that a strict parser refuses is
recovered as far as possible (tab indentation read as spaces, then key by key, keeping every key that
reads); front matter never closed is read up to its first blank line. Each recovery leaves a warning, and
only a file from which nothing at all can be read is skipped (later, when it gives no document)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

import yaml

WARNING = "en-tête"  # the prefix of every warning given here (the report lists them as warnings)

# libyaml's parser when PyYAML was built with it (several times faster); the constructors stay in Python.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LenientLoader(_BaseLoader):
    """SafeLoader noting duplicate keys (the last value wins), with timestamps that fall back to text
    when impossible (`0007-08-31 23:09:21 +00:09`)."""

    duplicates: list[str]


def _construct_mapping(loader: _LenientLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "une clé n'est pas une valeur simple", key_node.start_mark
            ) from None
        line = key_node.start_mark.line + 2  # 1-based, after the opening fence
        if key in seen:
            loader.duplicates.append(
                f"clé « {key} » en double (lignes {seen[key]} et {line}) : la dernière valeur est gardée"
            )
        seen[key] = line
    return loader.construct_mapping(node, deep=deep)


def _construct_timestamp(loader: _LenientLoader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_LenientLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LenientLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


@dataclass
class Parsed:
    metadata: dict
    content: str
    has_front_matter: bool
    warnings: list[str] = field(default_factory=list)  # each starts with WARNING


_FENCES = {"---": "yaml", "+++": "toml"}
_CLOSING = {"yaml": ("---", "..."), "toml": ("+++",)}
# A top-level entry of YAML or TOML: "key:" / "key =" at the start of a line.
_YAML_KEY = re.compile(r"^(?P<key>[\w.-][\w .-]*?)\s*:(?:\s|$)")
_TOML_KEY = re.compile(r"^(?P<key>[\w.-]+)\s*=")


def split(text: str) -> Parsed:
    """Front matter (a dict, maybe empty) and the content after it, with what had to be recovered."""
    lines = text.split("\n")
    fence = lines[0].rstrip()
    syntax = _FENCES.get(fence) if re.fullmatch(r"-{3}|\+{3}", fence) else None
    if syntax is None:
        return Parsed({}, text, False)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _CLOSING[syntax]), None)
    warnings: list[str] = []
    if end is None:
        # Never closed: the keys up to the first line that is not one of them, the rest is the text.
        key = _YAML_KEY if syntax == "yaml" else _TOML_KEY
        end = 1
        while end < len(lines) and lines[end].strip() and (key.match(lines[end]) or lines[end][:1] in " \t-"):
            end += 1
        if end == 1:
            return Parsed(
                {}, "\n".join(lines[1:]).strip("\n"), False, [f"{WARNING} : ouvert par {fence} mais jamais fermé"]
            )
        warnings.append(f"{WARNING} : ouvert par {fence} mais jamais fermé ; lu jusqu'à la ligne {end}")
        raw, content = "\n".join(lines[1:end]), "\n".join(lines[end:])
    else:
        raw, content = "\n".join(lines[1:end]), "\n".join(lines[end + 1 :])
    metadata = _load_yaml(raw, warnings) if syntax == "yaml" else _load_toml(raw, warnings)
    return Parsed(metadata, content.strip("\n"), True, warnings)


def _yaml(raw: str) -> tuple[object, list[str]]:
    loader = _LenientLoader(raw)
    loader.duplicates = []
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def _problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f" (ligne {mark.line + 2})" if mark is not None else ""  # +1 for 1-based, +1 for the fence
    return f"YAML cassé{where} : {getattr(exc, 'problem', None) or str(exc).splitlines()[0]}"


def load_yaml(raw: str, warnings: list[str]) -> object:
    """A YAML document read as leniently as front matter (duplicate keys, tab indentation, key by key)."""
    try:
        data, duplicates = _yaml(raw)
    except yaml.YAMLError:
        return _load_yaml(raw, warnings)
    warnings.extend(f"{WARNING} : {d}" for d in duplicates)
    return data


def _load_yaml(raw: str, warnings: list[str]) -> dict:
    try:
        data, duplicates = _yaml(raw)
    except yaml.YAMLError as exc:
        problem = _problem(exc)
        untabbed = re.sub(r"^\t+", lambda m: "  " * len(m.group(0)), raw, flags=re.MULTILINE)
        data = None
        if untabbed != raw:
            try:
                data, duplicates = _yaml(untabbed)
                warnings.append(f"{WARNING} : {problem} ; tabulations lues comme une indentation")
            except yaml.YAMLError:
                data = None
        if data is None:
            return _recover(raw, problem, warnings)
    warnings.extend(f"{WARNING} : {d}" for d in duplicates)
    if data is None:
        return {}
    if not isinstance(data, dict):
        warnings.append(f"{WARNING} : pas un ensemble de clés ({type(data).__name__}) : ignoré")
        return {}
    return data


def _entries(raw: str, key: re.Pattern) -> list[tuple[str, str]]:
    """Top-level entries: a "key:" line and the indented or list lines under it."""
    entries: list[tuple[str, str]] = []
    for line in raw.split("\n"):
        match = key.match(line)
        if match:
            entries.append((match["key"], line))
        elif entries and (not line.strip() or line[:1] in " \t-#"):
            entries[-1] = (entries[-1][0], entries[-1][1] + "\n" + line)
    return entries


def _recover(raw: str, problem: str, warnings: list[str]) -> dict:
    """Key by key: every entry that reads on its own is kept; a one-line value that does not is kept as
    the text written (a title with an unbalanced bracket or quote is still the title)."""
    data: dict = {}
    lost: list[str] = []
    for name, entry in _entries(raw, _YAML_KEY):
        untabbed = re.sub(r"^\t+", lambda m: "  " * len(m.group(0)), entry, flags=re.MULTILINE)
        try:
            value, _ = _yaml(untabbed)
        except yaml.YAMLError:
            value = None
            first, _, rest = entry.partition("\n")
            written = first.split(":", 1)[1].strip()
            if written and not rest.strip():
                data[name] = _unbalanced(written)
                continue
        if isinstance(value, dict) and name in value:
            data[name] = value[name]
        else:
            lost.append(name)
    kept = ", ".join(data) or "rien"
    dropped = f" ; laissées de côté : {', '.join(lost)}" if lost else ""
    warnings.append(f"{WARNING} : {problem} ; repris clé par clé : {kept}{dropped}")
    return data


def _unbalanced(written: str) -> str:
    """A value YAML refused, as the text meant: quotes and an opening bracket never closed left out."""
    text = written.strip().strip("\"'")
    if text[:1] in "[{" and not text.endswith(("]", "}")):
        text = text[1:].strip()
    return text


def _load_toml(raw: str, warnings: list[str]) -> dict:
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        data: dict = {}
        for name, entry in _entries(raw, _TOML_KEY):
            try:
                data.update(tomllib.loads(entry))
            except tomllib.TOMLDecodeError:
                written = entry.split("=", 1)[1].strip()
                if written and "\n" not in written.strip():
                    data[name] = _unbalanced(written)
        warnings.append(f"{WARNING} : TOML cassé ({exc}) ; repris clé par clé : {', '.join(data) or 'rien'}")
        return data
