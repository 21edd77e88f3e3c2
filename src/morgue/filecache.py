"""Django's file cache without a directory listing on every write.

``FileBasedCache.set()`` lists the whole cache folder (a glob) to decide whether to cull
it. With thousands of cached searches that listing costs more than a search on a small
archive, and every new search writes. Here a write lists the folder only once in
``CULL_EVERY`` (at random, so each server worker takes its share): the folder may run
past ``MAX_ENTRIES`` by about that many entries per worker before it is culled.
"""

from __future__ import annotations

import random

from django.core.cache.backends.filebased import FileBasedCache

#: one write in this many checks the folder's size (and culls it when it is too full)
CULL_EVERY = 200


class FileCache(FileBasedCache):
    def _cull(self) -> None:
        if random.random() * CULL_EVERY < 1:
            super()._cull()  # type: ignore[misc]  # (private in the stubs)
