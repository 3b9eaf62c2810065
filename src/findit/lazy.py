"""Lazy re-exports for a stage package's `__init__`: `from findit.analysis import Analyser` still works,
but importing one light module of the package (the lemma table a query needs) no longer imports the whole
stage (spaCy's wrapper, the name rules), which a one-shot `findit query` paid at every run."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def exports(package: str, where: dict[str, str], namespace: dict) -> Callable[[str], object]:
    """A module `__getattr__` for `package`: each name of `where` is imported from its module when first
    asked for, then kept in the package's namespace."""

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    return __getattr__
