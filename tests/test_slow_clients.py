"""Slow and idle clients through real sockets on loopback against the real HTTPS server: a normal
client still gets /healthz and /api/check answered promptly (bench/slow_clients.py holds the
scenarios; docs/performance.md has the figures, and those of the earlier server)."""
from __future__ import annotations

import socket
import ssl
import sys
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
