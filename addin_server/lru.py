"""A small thread-safe LRU cache for values computed from a document's text (in memory only).

`functools.lru_cache` caches every call; these caches are filled by the caller, who decides
what may be kept (a value that depends on more than its key is not put).
"""
from __future__ import annotations

import threading
from collections import OrderedDict


class LruCache:
    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        """The value kept for `key`, or None."""
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def __contains__(self, key) -> bool:
        """Whether a value is kept for `key` (without making it the most recent)."""
        with self.lock:
            return key in self.items

    def clear(self) -> None:
        with self.lock:
            self.items.clear()

    def __len__(self) -> int:
        return len(self.items)
