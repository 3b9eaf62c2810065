"""A watcher's listing patched from the paths it saw change is the listing a walk gives, or is refused."""

import os
import random
from pathlib import Path

from findit.ingest.files import walk
from findit.ingest.rewalk import patched

NAMES = ["a.md", "b.html", "c.txt", "notes.pdf", "d.png", "_config.yml", "readme.md", "e.ics", "f.yml", ".hidden.md"]


def _tree(root: Path) -> None:
    for folder in ("", "blog", "blog/2022", "events", ".drafts"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name in NAMES[:6]:
            (root / folder / name).write_text(f"# {folder} {name}\n\ntexte\n", encoding="utf-8")
    (root / "readme.md").write_text("notes on the folder", encoding="utf-8")


def test_simple_changes_are_patched_as_a_walk_would_list_them(tmp_path):
    _tree(tmp_path)
    before = walk(tmp_path)
    (tmp_path / "blog" / "a.md").write_text("# changé\n\nun autre texte, plus long\n", encoding="utf-8")
    (tmp_path / "blog" / "2022" / "c.txt").unlink()
    (tmp_path / "events" / "nouveau.md").write_text("# nouveau\n", encoding="utf-8")
    (tmp_path / "events" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "config.yml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "blog" / ".swap.md").write_text("x", encoding="utf-8")
    touched = [
        str(tmp_path / p)
        for p in (
            "blog/a.md",
            "blog/2022/c.txt",
            "events/nouveau.md",
            "events/image.png",
            "config.yml",
            "blog/.swap.md",
        )
    ]
    after = patched(before, tmp_path, touched)
    assert after is not None
    assert after == walk(tmp_path)
    changed = next(item for item in after.files if item.source == "blog/a.md")
    assert changed.stat == (
        os.stat(tmp_path / "blog" / "a.md").st_size,
        os.stat(tmp_path / "blog" / "a.md").st_mtime_ns,
    )
    assert "events/nouveau.md" in {item.source for item in after.files}
    assert "blog/2022/c.txt" not in {item.source for item in after.files}


def test_what_only_a_walk_can_tell_is_refused(tmp_path):
    _tree(tmp_path)
    before = walk(tmp_path)
    (tmp_path / "nouveau").mkdir()
    (tmp_path / "nouveau" / "x.md").write_text("# x\n", encoding="utf-8")
    assert patched(before, tmp_path, [str(tmp_path / "nouveau")]) is None  # a folder created
    assert patched(before, tmp_path, [str(tmp_path / "nouveau" / "x.md")]) is None  # in a folder never listed
    os.symlink(tmp_path / "blog", tmp_path / "lien")
    assert patched(before, tmp_path, [str(tmp_path / "lien")]) is None  # a link
    assert patched(before, tmp_path, [str(tmp_path.parent / "ailleurs.md")]) is None  # outside the root
    for item in (tmp_path / "events").iterdir():
        item.unlink()
    (tmp_path / "events").rmdir()
    assert patched(before, tmp_path, [str(tmp_path / "events")]) is None  # a folder removed


def test_random_edits_patched_or_walked_give_the_same_listing(tmp_path):
    rng = random.Random(7)
    _tree(tmp_path)
    listing = walk(tmp_path)
    folders = ["", "blog", "blog/2022", "events", ".drafts", "neuf", "neuf/sous"]
    patched_count = 0
    for _ in range(60):
        touched = []
        for _ in range(rng.randint(1, 4)):
            folder = rng.choice(folders)
            path = tmp_path / folder / rng.choice(NAMES)
            action = rng.random()
            if action < 0.15 and folder:
                (tmp_path / folder).mkdir(parents=True, exist_ok=True)
                touched.append(str(tmp_path / folder))
            elif action < 0.55 and path.parent.is_dir():
                path.write_text(f"# {rng.random()}\n", encoding="utf-8")
                touched.append(str(path))
            elif path.exists():
                path.unlink()
                touched.append(str(path))
        after = patched(listing, tmp_path, touched)
        walked = walk(tmp_path)
        if after is not None:
            patched_count += 1
            assert after == walked, touched
        listing = walked
    assert patched_count > 30  # most bursts are plain files in known folders


def test_a_folder_with_links_is_walked_at_every_change(tmp_path):
    """A link's target changes without an event naming the link: only a walk sees the link break."""
    _tree(tmp_path)
    os.symlink(tmp_path / "blog" / "a.md", tmp_path / "events" / "lien.md")
    before = walk(tmp_path)
    (tmp_path / "blog" / "a.md").unlink()
    assert patched(before, tmp_path, [str(tmp_path / "blog" / "a.md")]) is None
    assert "events/lien.md" not in {item.source for item in walk(tmp_path).files}


def test_the_watcher_reports_every_path_the_walk_reads(tmp_path):
    from watchfiles import Change

    from findit.index.watch import _CorpusFilter

    index = tmp_path / "index"
    keep = _CorpusFilter(tmp_path, index)
    for read in ("notes.md~", "node_modules/x.md", "__pycache__/x.md", "blog/flycheck_a.md"):
        assert keep(Change.modified, str(tmp_path / read)), read
    for passed_over in (".git/HEAD", "blog/.a.md.swp", "index/gen-0001/meta.json"):
        assert not keep(Change.modified, str(tmp_path / passed_over)), passed_over
