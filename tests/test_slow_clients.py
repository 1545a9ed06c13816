"""Slow and idle clients through real sockets on loopback against the real HTTPS server: a normal
client still gets /healthz and /api/check answered promptly (bench/slow_clients.py holds the
scenarios; docs/performance.md has the figures, and those of the earlier server)."""
from __future__ import annotations

import json
import socket
import ssl
import sys
import threading
import time

import pytest

from bench.slow_clients import SCENARIOS, Attackers, TlsServer, probe

# Issue 16: within 200 ms. The median is held to it; single probes may wait on a busy CI
# machine's scheduler, so they get a looser bound, and none may fail.
P50_SECONDS = 0.200
MAX_SECONDS = 2.0

import requires

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason=requires.not_on_this_platform("SIGTERM stops the server"))


@pytest.fixture(scope="module")
def server():
    with TlsServer() as running:
        probe(running, 2)  # warm up
        yield running


@pytest.mark.parametrize("scenario", [name for name in SCENARIOS if name != "baseline"])
def test_normal_client_is_answered_while_hostile_connections_are_open(server, scenario):
    _, count = SCENARIOS[scenario]
    with Attackers(server, scenario, count) as attackers:
        assert attackers.refused == 0, "the server did not accept the connections"
        probes = probe(server, 8)
    assert not probes.failures, probes.failures
    for name, times in (("healthz", probes.healthz), ("check", probes.check)):
        times = sorted(times)
        assert times[len(times) // 2] < P50_SECONDS, (scenario, name, probes.summary())
        assert times[-1] < MAX_SECONDS, (scenario, name, probes.summary())


def test_slowloris_connection_is_closed_after_the_header_timeout(server):
    from addin_server.server import HEADER_TIMEOUT

    raw = socket.create_connection(("127.0.0.1", server.port), timeout=HEADER_TIMEOUT + 10)
    sock = server.context().wrap_socket(raw, server_hostname="localhost")
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
    started = time.monotonic()
    try:
        while True:
            time.sleep(1.0)
            sock.sendall(b"X")  # one more header byte a second, never finishing
            if time.monotonic() - started > HEADER_TIMEOUT + 8:
                pytest.fail("the connection was still open")
    except (OSError, ssl.SSLError):
        pass
    assert time.monotonic() - started < HEADER_TIMEOUT + 8
    sock.close()


def test_idle_connection_that_never_starts_tls_does_not_block_new_ones(server):
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(3)]
    try:
        started = time.perf_counter()
        probes = probe(server, 1)
        assert not probes.failures and time.perf_counter() - started < MAX_SECONDS
    finally:
        for sock in idle:
            sock.close()


def test_request_over_the_time_limit_gets_a_clear_503_and_the_server_serves_on():
    """The real server module on a loopback port, in this process, in front of a WSGI app whose
    first request takes 5 s (work no real request can be relied on to take on a fast machine)."""
    import http.client
    import json
    import threading

    from addin_server.server import build_server

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/slow":
            time.sleep(5)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    server = build_server(app, "127.0.0.1", 0, threads=2, access_log_enabled=False, request_timeout=1)
    server.prepare()
    port = server.bind_addr[1]
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        connection.request("GET", "/slow")
        response = connection.getresponse()
        payload = json.loads(response.read())
        elapsed = time.perf_counter() - started
        connection.close()
        assert response.status == 503, payload
        assert payload["error"]["code"] == "request.too_long"
        assert "秒" in payload["error"]["message"]
        assert 0.9 < elapsed < 3, elapsed
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/fast")
        assert connection.getresponse().status == 200  # the server serves on
        connection.close()
    finally:
        server.stop()
        thread.join(15)
        server.socket.close()


# ----------------------------------------------------------------------------- configured timeouts
# `serve --header-timeout 2 --body-timeout 2`: the same limits as the defaults (10 s, 60 s), short
# enough to watch them act through real sockets.

SHORT = 2.0
# On a busy 2-core machine an event-loop timer fires late, never early.
CUT_OFF_WITHIN = (SHORT - 0.2, SHORT + 2.5)


@pytest.fixture(scope="module")
def short_timeouts():
    with TlsServer(extra_args=("--header-timeout", str(int(SHORT)),
                               "--body-timeout", str(int(SHORT)))) as running:
        probe(running, 1)
        yield running


class Stalled(threading.Thread):
    """A client that sends `first` over TLS, then `trickle` bytes every `every` seconds (or
    nothing), and records when the server answers and when it closes the connection."""

    def __init__(self, server, first: bytes, trickle: bytes = b"", every: float = 0.25):
        super().__init__(daemon=True)
        self.server, self.first, self.trickle, self.every = server, first, trickle, every
        self.answered_after: float | None = None
        self.closed_after: float | None = None
        self.received = b""
        self.start()

    def run(self) -> None:
        raw = socket.create_connection(("127.0.0.1", self.server.port), timeout=SHORT + 15)
        sock = self.server.context().wrap_socket(raw, server_hostname="localhost")
        sock.sendall(self.first)
        started = time.monotonic()
        sock.settimeout(self.every if self.trickle else SHORT + 15)
        try:
            while time.monotonic() - started < SHORT + 15:
                try:
                    chunk = sock.recv(65536)
                except socket.timeout:
                    sock.sendall(self.trickle)  # only when trickling: one more byte of body
                    continue
                if not chunk:
                    self.closed_after = time.monotonic() - started
                    return
                if self.answered_after is None:
                    self.answered_after = time.monotonic() - started
                self.received += chunk
        except (OSError, ssl.SSLError):
            self.closed_after = time.monotonic() - started  # reset: closed all the same
        finally:
            sock.close()

    def response(self) -> tuple[int, dict]:
        head, _, body = self.received.partition(b"\r\n\r\n")
        return int(head.split()[1]), json.loads(body)


def _upload_head(length: int) -> bytes:
    return (b"POST /api/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {length}\r\n\r\n".encode() + b'{"paragraphs": [')


def test_a_client_that_stops_mid_body_is_cut_off_after_the_body_timeout(short_timeouts):
    clients = [Stalled(short_timeouts, _upload_head(100_000)),  # stops after the first bytes
               Stalled(short_timeouts, _upload_head(100_000), trickle=b" ")]  # never finishes
    probes = probe(short_timeouts, 6)  # meanwhile, a normal client
    for client in clients:
        client.join(SHORT + 20)
    assert not probes.failures, probes.failures
    assert sorted(probes.check)[len(probes.check) // 2] < P50_SECONDS, probes.summary()
    assert sorted(probes.healthz)[len(probes.healthz) // 2] < P50_SECONDS, probes.summary()
    print(f"\nbody timeout {SHORT:g} s: answered after "
          + ", ".join(f"{c.answered_after or 0:.2f} s" for c in clients) + "; probes " + str(probes.summary()))
    for client in clients:
        assert client.answered_after is not None, "no answer before the connection closed"
        assert CUT_OFF_WITHIN[0] < client.answered_after < CUT_OFF_WITHIN[1], client.answered_after
        status, payload = client.response()
        assert status == 408 and payload["error"]["code"] == "request.timeout", payload
        assert f"{SHORT:g} 秒内没有传完" in payload["error"]["message"], payload
        assert client.closed_after is not None and client.closed_after < CUT_OFF_WITHIN[1] + 1
    # and the server serves on
    assert not probe(short_timeouts, 1).failures


def test_headers_not_finished_in_the_header_timeout_close_the_connection(short_timeouts):
    client = Stalled(short_timeouts, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-a: ",
                     trickle=b"a")
    client.join(SHORT + 20)
    print(f"\nheader timeout {SHORT:g} s: closed after {client.closed_after or 0:.2f} s")
    assert client.closed_after is not None, "the connection was still open"
    assert CUT_OFF_WITHIN[0] < client.closed_after < CUT_OFF_WITHIN[1], client.closed_after
    assert client.received == b""  # slowloris gets no answer, just the closed connection


def test_a_request_worked_on_longer_than_the_body_timeout_is_answered():
    """The client is silent while its request is worked on; that is not a slow body: the body
    timeout counts only until the body has arrived. In-process server in front of a WSGI app that
    takes 3 s, with a body timeout of 1 s."""
    import http.client

    from addin_server.server import build_server

    def app(environ, start_response):
        environ["wsgi.input"].read()
        time.sleep(3)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    server = build_server(app, "127.0.0.1", 0, threads=2, access_log_enabled=False,
                          request_timeout=10, body_timeout=1, header_timeout=1)
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.bind_addr[1], timeout=20)
        connection.request("POST", "/work", body=b"x" * 1000)
        response = connection.getresponse()
        assert (response.status, response.read()) == (200, b"done")
        connection.close()
    finally:
        server.stop()
        thread.join(15)
        server.socket.close()
