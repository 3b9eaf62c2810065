"""The folder's listing brought up to date from the paths a watcher saw change, without walking it again.

At 100,000 files a walk is about a second of every update (one stat per file); a watcher knows which
paths changed. Only the simple case is patched: plain files, below existing folders, that the last
listing knew or that are new. Anything else (a folder created, removed or renamed, a link, a name that is
not UTF-8, a path outside the root, and any change at all in a folder that holds links, whose targets
change without an event naming the link) gives None, and the caller walks the folder as before: the
patched listing is the one a walk would give, for the paths the watcher reports (tests/ingest/
test_rewalk.py compares them over random edits; findit.index.watch reports every path the walk reads).
"""

from __future__ import annotations

import os
import stat as st
from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

from findit.documents import SkippedFile
from findit.ingest.files import ContentFile, Walk, _by_name, _not_utf8, hidden
from findit.ingest.skips import Skip

# What the walk reports of links: a listing holding one is walked again at every change.
_LINKS = frozenset(code.value for code in (Skip.LINK_LOOP, Skip.LINK_INSIDE, Skip.LINK_OUTSIDE, Skip.BROKEN_LINK))


def patched(previous: Walk, root: Path, touched: Iterable[str]) -> Walk | None:
    """`previous`, the last listing of `root`, with each path of `touched` (absolute, or relative to the
    working directory) looked at again as it is now; None when only a walk can tell."""
    if any(item.stat is None for item in previous.files) or any(item.code in _LINKS for item in previous.skipped):
        return None  # a link to a file (listed without its stat) or a link skipped
    resolved = str(root.resolve())
    roots = {resolved, os.path.abspath(root)}
    now: dict[str, ContentFile | SkippedFile | None] = {}  # source -> what it is now (None: gone, or hidden)
    for path in touched:
        rel = _relative(os.path.abspath(path), roots)
        if rel is None:
            return None
        if rel in now:
            continue
        parts = rel.split("/")
        if hidden(parts):
            now[rel] = None  # hidden: the walk passes over it, and so over what it held
            continue
        name = parts[-1]
        if _not_utf8(name) or any(_not_utf8(part) for part in parts[:-1]):
            return None
        location = os.path.join(resolved, *parts)  # as the walk names it: below the resolved root
        try:
            info = os.lstat(location)
        except FileNotFoundError:
            if not _known(previous, rel):
                return None  # a folder removed (or renamed): its files are gone too
            now[rel] = None
            continue
        except OSError:
            return None
        if not st.S_ISREG(info.st_mode):
            return None  # a folder, a link, a socket…: the walk's rules for them
        if not _known(previous, rel) and not _folder_known(previous, rel):
            return None  # a file in a folder the listing has never seen
        found = _by_name(len(parts) == 1, name, rel, Path(location))
        if isinstance(found, ContentFile):
            found = ContentFile(rel, location, (info.st_size, info.st_mtime_ns))
        now[rel] = found
    if not now:
        return previous
    files = [item for item in previous.files if item.source not in now]
    skipped = [item for item in previous.skipped if item.source not in now]
    files += [item for item in now.values() if isinstance(item, ContentFile)]
    skipped += [item for item in now.values() if isinstance(item, SkippedFile)]
    files.sort()
    skipped.sort(key=lambda s: s.source)
    return Walk(files, skipped)


def _relative(path: str, roots: set[str]) -> str | None:
    for root in roots:
        if path.startswith(root + os.sep):
            return path[len(root) + 1 :].replace(os.sep, "/")
    return None


def _known(walk: Walk, rel: str) -> bool:
    i = bisect_left(walk.files, (rel,))
    return (i < len(walk.files) and walk.files[i].source == rel) or any(item.source == rel for item in walk.skipped)


def _folder_known(walk: Walk, rel: str) -> bool:
    """Whether the listing holds a file of rel's folder (the root always counts): a file there is then one
    the walk would reach, not one behind a link or in a folder it passed over."""
    folder = rel.rpartition("/")[0]
    if not folder:
        return True
    prefix = folder + "/"
    i = bisect_left(walk.files, (prefix,))
    if i < len(walk.files) and walk.files[i].source.startswith(prefix):
        return True
    return any(item.source.startswith(prefix) for item in walk.skipped)
