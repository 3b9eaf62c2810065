"""A long-running server's memory: large blocks handed back to the system when freed.

Why: glibc raises its mmap threshold each time a large block (here numpy's arrays of a query's scores,
0.8 MB at 100,000 documents) is freed, after which such blocks come from the heap of the thread that asked,
and a waitress thread's heap keeps what it once held. At 100,000 documents the page's server grew from 143
to 270 MB over 100 searches; with the threshold fixed at its default (128 KiB), to 171 MB."""

from __future__ import annotations

import ctypes
import ctypes.util

# glibc's mallopt() parameter for the mmap threshold (malloc.h); setting it also stops its adjustment.
M_MMAP_THRESHOLD = -3
THRESHOLD = 128 * 1024


def return_large_blocks() -> bool:
    """Fix the allocator's mmap threshold where the C library is glibc; whether it was set."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to set
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD))
