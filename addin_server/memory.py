"""Handing memory freed by large work back to the system (glibc's malloc_trim).

lxml, python-docx and the checks allocate and free many small blocks; glibc keeps freed memory in
its arenas for reuse, so after large requests (near-limit uploads, 20,000-paragraph materials)
a server process's RSS stayed 80–150 MiB above its baseline for good, although Python's own heap
was back (docs/performance.md, "Memory after large requests"). malloc_trim(0) returns the free
pages (in under 5 ms); after a large request a full collection first empties Python's free lists.

It is called only after work that can have grown the heap (a render, a large request), so the
usual small request pays nothing. Without glibc (musl, macOS, Windows)
trimming does nothing: those allocators return memory in their own way.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
import time


def _find_malloc_trim():
    if os.name != "posix":
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_MALLOC_TRIM = _find_malloc_trim()


class HeapTrimmer:
    """`after_work()` trims the heap, unless it was trimmed less than `interval` seconds ago.
    While another thread trims, a caller either skips (`wait=False`: that trim serves it well
    enough, for frequent small work) or waits and trims after it (`wait=True`: the memory this
    caller freed last may be what that trim missed)."""

    def __init__(self, interval: float, wait: bool = False, collect: bool = False) -> None:
        self.interval, self.wait, self.collect = interval, wait, collect
        self._last = float("-inf")
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return _MALLOC_TRIM is not None

    def after_work(self) -> bool:
        """Trim now if due; True when this call trimmed."""
        if _MALLOC_TRIM is None:
            return False
        now = time.monotonic()
        if now - self._last < self.interval or not self._lock.acquire(blocking=self.wait):
            return False
        try:
            self._last = now
            if self.collect:
                # A full collection also empties Python's free lists and so frees whole arenas
                # that trimming alone cannot return (measured: ~20 MB more after a
                # 15,000-paragraph check; 30-150 ms, hence only after large work).
                gc.collect()
            _MALLOC_TRIM(0)
            return True
        finally:
            self._lock.release()


class TrimAfterLargeRequests:
    """WSGI middleware: once a large request's response is done (its body sent, under gunicorn),
    trim the heap. Large: a body of at least `large_body` bytes, or at least `large_seconds` of
    work — a 300 KB .docx can hold 20,000 paragraphs, so the size alone does not tell."""

    def __init__(self, app, trimmer: HeapTrimmer, large_body: int = 1024 * 1024,
                 large_seconds: float = 0.5):
        self.app, self.trimmer = app, trimmer
        self.large_body, self.large_seconds = large_body, large_seconds

    def __call__(self, environ, start_response):
        if not self.trimmer.available:
            return self.app(environ, start_response)
        started = time.monotonic()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        return _TrimmingBody(self.app(environ, start_response), self, started, length)


class _TrimmingBody:
    def __init__(self, body, owner: TrimAfterLargeRequests, started: float, length: int):
        self.body, self.owner, self.started, self.length = body, owner, started, length

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            owner = self.owner
            if (self.length >= owner.large_body
                    or time.monotonic() - self.started >= owner.large_seconds):
                owner.trimmer.after_work()
