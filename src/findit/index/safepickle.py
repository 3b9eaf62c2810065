"""Whoosh keeps parts of its files as pickles: the segment list of a table of contents, term infos, posting
blocks and stored fields. Unpickling builds whatever a pickle names, so one crafted file in the index
folder would run code as whoever searches or serves. findit has Whoosh read them with an unpickler that
builds only the types Whoosh writes there; a pickle naming anything else is refused, and the index is then
reported as damaged like any unreadable index (`findit index --full` rebuilds it)."""

from __future__ import annotations

import _compat_pickle
import io
import pickle

import whoosh.codec.whoosh3
import whoosh.columns
import whoosh.filedb.structfile

# What Whoosh's own pickles name (its codec's classes aside): dates of DATETIME fields, bytes as Python 2
# pickles write them, the defaultdict of a segment's field lengths.
ALLOWED = frozenset(
    {
        ("builtins", "int"),
        ("builtins", "float"),
        ("builtins", "set"),
        ("builtins", "frozenset"),
        ("collections", "defaultdict"),
        ("datetime", "datetime"),
        ("datetime", "date"),
        ("datetime", "timedelta"),
        ("_codecs", "encode"),
    }
)
# Modules whose classes (never functions) Whoosh's pickles may name.
WHOOSH_MODULES = ("whoosh.codec.", "whoosh.columns", "whoosh.formats", "whoosh.reading")


class UnsafePickleError(pickle.UnpicklingError, ValueError):
    """A pickle in the index names something Whoosh never writes there (a ValueError, as Whoosh's own
    errors on unreadable files are: the index is damaged)."""


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that builds only the (module, name) pairs of `allowed`, and the classes (never the
    functions) of the modules `class_modules` starts with; a pickle naming anything else raises
    UnsafePickleError before anything is built."""

    def __init__(self, file, allowed: frozenset[tuple[str, str]], class_modules: tuple[str, ...] = ()) -> None:
        super().__init__(file)
        self.allowed = allowed
        self.class_modules = class_modules

    def find_class(self, module: str, name: str):
        # Pickles of protocol 2 name Python 2 modules (« __builtin__.long »): judged by the Python 3 names
        # pickle itself maps them to.
        module, name = _compat_pickle.NAME_MAPPING.get((module, name), (module, name))
        module = _compat_pickle.IMPORT_MAPPING.get(module, module)
        if (module, name) in self.allowed:
            return super().find_class(module, name)
        if self.class_modules and module.startswith(self.class_modules):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise UnsafePickleError(f"the index names {module}.{name}, which findit never writes there")


def _whoosh_unpickler(file) -> RestrictedUnpickler:
    return RestrictedUnpickler(file, ALLOWED, (*WHOOSH_MODULES, "whoosh.codec"))


def load(file, *args, **kwargs):
    return _whoosh_unpickler(file).load()


def loads(data: bytes, *args, **kwargs):
    # Through a buffered reader, whose peek() lets the unpickler take the whole pickle at once: over a bare
    # BytesIO it reads opcode by opcode, and a posting block took 2.4 times pickle.loads' time (320
    # against 135 µs at 10,000 documents; 150 µs this way).
    return _whoosh_unpickler(io.BufferedReader(io.BytesIO(data), max(1, len(data)))).load()


def install() -> None:
    """Have Whoosh read its pickles with the restricted unpickler (idempotent)."""
    whoosh.filedb.structfile.load_pickle = load  # segment lists (TOC), compound directories, term infos
    whoosh.codec.whoosh3.loads = loads  # posting blocks, inlined postings
    whoosh.columns.loads = loads  # stored fields (the `_stored` column) and pickled columns
