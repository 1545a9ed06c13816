"""Work nobody waits for any more stops at its next checkpoint.

A request's work runs in a thread of the local server's pool (server.py). When its time limit
passes the client is answered with a 503 and the server shuts down or moves on — but a thread
cannot be stopped from outside, and a long check would go on using a core (and keep a stopping
server alive) for as long as it takes. So the long loops of the work (a check's rules, the
proofreading of each paragraph, a review's materials) call `checkpoint()`, which raises
`Cancelled` once the thread's current request has been given up; the server catches it.

Outside the local server (the CLI, gunicorn's workers, the tests) nothing is ever given up and
`checkpoint()` costs a thread-local attribute lookup.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Callable, Iterator

_local = threading.local()


class Cancelled(BaseException):
    """The work's request was given up. A BaseException, like asyncio.CancelledError, so the
    web framework's error handling (which catches Exception to answer 500) lets it through to
    the server that gave the request up."""


@contextmanager
def cancellable(given_up: Callable[[], bool]) -> Iterator[None]:
    """Within this block, `checkpoint()` in this thread raises Cancelled once `given_up()`."""
    previous = getattr(_local, "given_up", None)
    _local.given_up = given_up
    try:
        yield
    finally:
        _local.given_up = previous


def checkpoint() -> None:
    given_up = getattr(_local, "given_up", None)
    if given_up is not None and given_up():
        raise Cancelled()
