"""Only HTTP/1.1 is served (issue 29): ALPN offers http/1.1 alone, and on cleartext neither the
HTTP/2 preface (prior knowledge) nor `Upgrade: h2c` switches protocols, so the header and body
time limits (which hypercorn's HTTP/2 does not apply mid-header-block) hold for every connection.
Through the real server on loopback."""
from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from bench.load import Server  # noqa: E402

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
SETTINGS_FRAME = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"
# A HEADERS frame (type 1) without END_HEADERS, never continued: a header block left open.
OPEN_HEADERS = b"\x00\x00\x01\x01\x00\x00\x00\x00\x01\x82"


@pytest.fixture(scope="module")
def server():
    with Server(env={"ADDIN_SERVER_ACCESS_LOG": "false"}) as running:
        yield running


def _exchange(port: int, payload: bytes, seconds: float = 15) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as conn:
        conn.sendall(payload)
        data = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    return data, time.perf_counter() - started


def test_http2_prior_knowledge_is_refused_and_closed(server):
    data, elapsed = _exchange(server.port, PREFACE + SETTINGS_FRAME + OPEN_HEADERS)
    assert data.startswith(b"HTTP/1.1 505 "), data[:80]
    assert "只支持 HTTP/1.1".encode() in data
    assert elapsed < 2, elapsed   # not held open by a header block that never ends


def test_h2c_upgrade_is_answered_in_http11(server):
    request = (b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
               b"Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n")
    data, _ = _exchange(server.port, request)
    assert data.startswith(b"HTTP/1.1 200 "), data[:80]
    assert b" 101 " not in data and b"upgrade: h2c" not in data.lower()

