"""The local server's bridge to the WSGI app (server.WsgiBridge), through real sockets.

A tiny WSGI app stands in for the product's, so each case is exactly one behaviour: the time
limit answers a slow request with a clear 503; a streamed response reaches the client as it is
written and may run longer than the limit while it keeps producing; one that stalls or breaks is cut off;
an app error is a 500 in the API's shape; the thread of an abandoned stream stops.
"""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

from addin_server.server import build_server

LIMIT = 0.6   # request_timeout of the server under test, seconds
stopped_streams: list[str] = []


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/slow":
        time.sleep(LIMIT * 6)
    if path == "/boom":
        raise RuntimeError("the app broke")
    if path == "/silent":
        return []   # never calls start_response: a broken app
    if path in ("/stream", "/stall", "/break"):
        start_response("200 OK", [("Content-Type", "application/x-ndjson")])
        return _lines(path)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"done"]


def _lines(path):
    try:
        for k in range(8):
            yield f'{{"line": {k}}}\n'.encode()
            if path == "/break" and k == 1:
                raise RuntimeError("the stream broke")
            time.sleep(LIMIT * (4 if path == "/stall" and k == 1 else 0.4))
    finally:
        stopped_streams.append(path)


@pytest.fixture(scope="module")
def port():
    server = build_server(app, "127.0.0.1", 0, threads=4, access_log_enabled=False,
                          request_timeout=LIMIT)
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    yield server.bind_addr[1]
    server.stop()
    thread.join(10)


def _get(port: int, path: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        arrivals = [(time.perf_counter() - started, line) for line in response]
        return response.status, arrivals
    finally:
        connection.close()


def test_a_request_over_the_time_limit_gets_a_clear_503(port):
    status, arrivals = _get(port, "/slow")
    assert status == 503
    error = json.loads(b"".join(line for _, line in arrivals))["error"]
    assert error["code"] == "request.too_long" and "秒" in error["message"]
    assert arrivals[-1][0] < LIMIT * 4   # the limit's answer, long before the app would finish


def test_a_stream_arrives_as_written_and_may_outlast_the_limit(port):
    status, arrivals = _get(port, "/stream")
    assert status == 200
    assert [json.loads(line)["line"] for _, line in arrivals] == list(range(8))
    assert arrivals[-1][0] > LIMIT * 2               # longer than the limit, never stalled
    assert arrivals[0][0] < arrivals[-1][0] - LIMIT  # the first line came long before the last


@pytest.mark.parametrize("path", ["/stall", "/break"])
def test_a_stalled_or_broken_stream_is_cut_off_and_its_thread_stops(port, path):
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert time.perf_counter() - started < LIMIT * 3
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"chunked" in head.lower()
    assert b'{"line": 0}' in body and b'{"line": 1}' in body and b'{"line": 2}' not in body
    # the connection closed without the last, empty chunk: the client can tell it was cut
    assert not body.endswith(b"0\r\n\r\n"), body[-40:]
    deadline = time.monotonic() + LIMIT * 8
    while path not in stopped_streams and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path in stopped_streams   # the generator was closed, not left running


@pytest.mark.parametrize("path", ["/boom", "/silent"])
def test_an_app_error_is_a_500_in_the_api_shape(port, path):
    status, arrivals = _get(port, path)
    assert status == 500
    assert json.loads(b"".join(line for _, line in arrivals))["error"]["code"] == "internal_error"


def test_a_plain_response_is_unchanged(port):
    assert _get(port, "/plain") == (200, [(pytest.approx(0, abs=LIMIT), b"done")])
