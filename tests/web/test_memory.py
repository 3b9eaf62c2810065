"""The page's server fixes the allocator's mmap threshold where the C library lets it (glibc): a large
block freed is handed back to the system instead of staying in a thread's heap (benchmarks measure the
memory itself)."""

from __future__ import annotations

import platform

import pytest

from findit.webapp.memory import return_large_blocks


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_the_threshold_is_set_under_glibc():
    assert return_large_blocks() is True
