"""The file cache lists its folder on a few writes only, and still keeps it bounded."""

from __future__ import annotations

import random

from morgue import filecache
from morgue.filecache import FileCache


def _files(folder) -> int:
    return len(list(folder.glob("*.djcache")))


def test_writes_do_not_list_the_folder_each_time(tmp_path, monkeypatch):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 2}})
    listed = []
    original = FileCache._list_cache_files
    monkeypatch.setattr(FileCache, "_list_cache_files",
                        lambda self: listed.append(1) or original(self))
    random.seed(16)
    for n in range(2000):
        cache.set(f"k{n}", n)
    # About one write in CULL_EVERY looks; Django's own looks on every one.
    assert 0 < len(listed) < 2000 / filecache.CULL_EVERY * 3
    # Still bounded: past MAX_ENTRIES by at most what came between two looks.
    assert _files(tmp_path) < 20 + filecache.CULL_EVERY * 5
    assert cache.get("k1999") == 1999


def test_culls_as_django_does_when_asked_every_time(tmp_path, monkeypatch):
    monkeypatch.setattr(filecache, "CULL_EVERY", 1)
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 2}})
    for n in range(200):
        cache.set(f"k{n}", n)
    assert _files(tmp_path) <= 20
