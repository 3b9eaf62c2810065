"""A real small filesystem for the disk-full tests: a tmpfs mounted for the test (root only; skipped
cleanly where mounting is not possible)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

DISK_BYTES = 8 * 1024 * 1024  # the index of the shipped corpus and its analysis cache take about 1.6 MB


class SmallDisk:
    """A mounted tmpfs of DISK_BYTES: `path`, and `fill()` to leave it (nearly) without space."""

    def __init__(self, path: Path):
        self.path = path
        self.filler = path / "filler"

    def fill(self, leave: int = 0) -> None:
        """Fill it but about `leave` bytes (all of it with 0); `free()` gives the space back."""
        with open(self.filler, "ab", buffering=0) as fh:
            try:
                fh.write(b"\0" * max(0, shutil.disk_usage(self.path).free - leave))
                while not leave:
                    fh.write(b"\0" * 4096)
            except OSError:
                pass  # full

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


@pytest.fixture
def small_disk(tmp_path) -> SmallDisk:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small filesystem needs root")
    path = tmp_path / "disk"
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(path)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield SmallDisk(path)
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)
