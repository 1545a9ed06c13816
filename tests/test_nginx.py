"""The organisation deployment of docs/hosting.md, whole: the shipped nginx site
(deploy/nginx-addin-server.conf, only addresses and paths replaced: tests/hosting.py) over TLS in
front of real gunicorn workers (deploy/gunicorn.conf.py, addin_server.wsgi:app) on loopback.

What nginx must give: TLS; the 10 MB limit answered in the API's JSON shape; whole requests
buffered so slow uploads and slowloris clients never reach a gunicorn worker; the browser's Host
and Origin arriving intact for the app's checks; a killed worker costing at most the requests in
flight; and the limits docs/hosting.md states."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import ssl
import statistics
import sys
import threading
import time

import pytest

import hosting
import materials as M
import requires
from addin_server.api.errors import _HTTP_ERRORS

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason=requires.not_on_this_platform("gunicorn does not run on Windows"))

# Issue 16: a normal client is answered within 200 ms while slow clients are held. The median is
# held to it; single probes on a busy 2-core machine get a looser bound, and none may fail. A
# client stuck behind slow uploads waits for as long as they last (minutes): it fails PROBE_TIMEOUT.
P50_SECONDS = 0.200
MAX_SECONDS = 4.0
PROBE_TIMEOUT = 8.0
LIMIT = 10 * 1024 * 1024  # client_max_body_size 10m = the app's max_content_length
JSON_TYPE = "application/json"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hosting")
    with hosting.Gunicorn(directory, workers=2,
                          env={"ADDIN_SERVER_ALLOWED_HOSTS": hosting.SITE_NAME}) as gunicorn:
        with hosting.Nginx(directory, gunicorn.port) as nginx:
            nginx.gunicorn = gunicorn
            for _ in range(4):  # each worker's first check loads what it needs
                assert check(nginx, timeout=60) == 200
            yield nginx


def check(nginx, timeout: float = 10.0, connection=None) -> int | str:
    """POST /api/check through nginx: the status, or the name of the error."""
    own = connection is None
    connection = connection or nginx.connection(timeout)
    try:
        connection.request("POST", "/api/check", body=hosting.CHECK_BODY,
                           headers={"Content-Type": JSON_TYPE})
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, ssl.SSLError, ConnectionError) as exc:
        return type(exc).__name__
    except Exception as exc:  # http.client's errors: RemoteDisconnected, BadStatusLine, …
        return type(exc).__name__
    finally:
        if own:
            connection.close()


def probe(nginx, rounds: int) -> dict:
    """New TLS connections for GET /healthz and POST /api/check: times and failures."""
    times = {"healthz": [], "check": []}
    failures = []
    for _ in range(rounds):
        for name in times:
            started = time.perf_counter()
            try:
                if name == "healthz":
                    status = nginx.request("GET", "/healthz", timeout=PROBE_TIMEOUT)[0]
                else:
                    status = check(nginx, timeout=PROBE_TIMEOUT)
            except OSError as exc:
                status = type(exc).__name__
            if status != 200:
                failures.append(f"{name}: {status}")
            else:
                times[name].append(time.perf_counter() - started)
    return {"failures": failures, **times}


def assert_prompt(probes: dict) -> None:
    assert not probes["failures"], probes["failures"]
    for name in ("healthz", "check"):
        values = sorted(probes[name])
        summary = f"{name}: p50 {statistics.median(values) * 1000:.0f} ms, max {values[-1] * 1000:.0f} ms"
        assert statistics.median(values) < P50_SECONDS, summary
        assert values[-1] < MAX_SECONDS, summary


def error_of(status: int, headers: dict, body: bytes) -> dict:
    assert headers.get("Content-Type", "").startswith(JSON_TYPE), (status, headers, body[:300])
    error = json.loads(body)["error"]
    assert set(error) == {"code", "message", "fields"}, error
    assert re.search(r"[\u4e00-\u9fff]", error["message"]), error
    return error


# ----------------------------------------------------------------------------- TLS and the API


def test_healthz_and_check_answer_through_nginx_over_tls(site):
    status, headers, body = site.request("GET", "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok", body
    assert "Content-Security-Policy" in headers  # the app's own response, through the proxy
    connection = site.connection()
    connection.connect()
    assert connection.sock.version() in ("TLSv1.2", "TLSv1.3")
    connection.close()
    connection = site.connection()
    connection.request("POST", "/api/check", body=hosting.CHECK_BODY,
                       headers={"Content-Type": JSON_TYPE})
    response = connection.getresponse()
    report = json.loads(response.read())
    connection.close()
    assert response.status == 200 and "findings" in report, report


def test_plain_http_is_redirected_to_https(site):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    connection.request("GET", "/api/frameworks?x=1", headers={"Host": hosting.SITE_NAME})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 301
    assert response.getheader("Location") == f"https://{hosting.SITE_NAME}/api/frameworks?x=1"


def _upload(site, size: int) -> tuple[int, dict, bytes]:
    """A multipart .docx upload of `size` bytes in all to /api/check/docx."""
    head = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n")
    tail = b"\r\n--b--\r\n"
    body = head + b"x" * (size - len(head) - len(tail)) + tail
    return site.request("POST", "/api/check/docx", body=body, timeout=60,
                        headers={"Content-Type": "multipart/form-data; boundary=b"})


def test_upload_over_the_limit_gets_413_in_the_api_shape(site):
    status, headers, body = _upload(site, LIMIT + 1)
    assert status == 413, (status, body[:300])
    error = error_of(status, headers, body)
    assert (error["code"], error["message"]) == _HTTP_ERRORS[413]  # word for word the app's own
    # Just under the limit nginx passes it on, from memory (nginx warns in its error log when it
    # spools a body or a response to a temporary file), and the app answers: not a .docx.
    status, headers, body = _upload(site, LIMIT - 64 * 1024)
    assert status == 422, (status, body[:300])
    assert error_of(status, headers, body)["code"].startswith("document.")
    assert "buffered to a temporary file" not in site.output(), site.output()[-2000:]


def test_a_review_set_larger_than_one_file_passes(site):
    """The review page's routes take a whole set (review_max_upload), the rest one file."""
    material = M.with_media(M.build_docx(M.complete()), 4 * 1024 * 1024)
    body, content_type = M.multipart({"files": {f"材料{k}.docx": material for k in range(3)}})
    assert len(body) > LIMIT
    status, headers, payload = site.request("POST", "/api/review", body=body, timeout=120,
                                            headers={"Content-Type": content_type})
    assert status == 200, (status, payload[:300])
    events = [json.loads(line) for line in payload.splitlines() if line.strip()]
    assert next(e["result"] for e in events if e["type"] == "result")["summary"]["readable"] == 3
    assert "buffered to a temporary file" not in site.output(), site.output()[-2000:]


def test_review_progress_lines_pass_nginx_as_they_are_written(site):
    # gunicorn streams the response; nginx buffers responses but passes this one on at once
    # (X-Accel-Buffering: no from the app), so the page's progress bar moves.
    body, content_type = M.multipart({"files": M.review_set(100)})
    connection = site.connection(timeout=120)
    try:
        connection.request("POST", "/api/review", body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        assert response.status == 200
        arrivals = [(time.perf_counter(), json.loads(line)["type"]) for line in response if line.strip()]
    finally:
        connection.close()
    assert arrivals[0][1] == "start" and arrivals[-1][1] == "result"
    spread = arrivals[-1][0] - arrivals[0][0]
    assert spread > 0.3, f"every line arrived at once ({spread:.2f} s between the first and the result)"


# ----------------------------------------------------------------------------- slow clients


class SlowClients:
    """`uploads` uploads trickling 100 bytes every 0.2 s and `slowloris` clients trickling a
    header byte every 0.5 s, all over TLS through nginx; each records when nginx closed it."""

    def __init__(self, site, uploads: int, slowloris: int):
        self.site, self.stop = site, threading.Event()
        self.opened_at = time.monotonic()
        self.closed_after: dict[str, list[float]] = {"upload": [], "slowloris": []}
        self.threads = [threading.Thread(target=self._client, args=(kind,), daemon=True)
                        for kind in ["upload"] * uploads + ["slowloris"] * slowloris]
        for thread in self.threads:
            thread.start()
        time.sleep(0.5)

    def _client(self, kind: str) -> None:
        raw = socket.create_connection(("127.0.0.1", self.site.https_port), timeout=30)
        sock = self.site.context().wrap_socket(raw, server_hostname=hosting.SITE_NAME)
        started = time.monotonic()
        if kind == "upload":
            sock.sendall(f"POST /api/check/docx HTTP/1.1\r\nHost: {hosting.SITE_NAME}\r\n"
                         "Content-Type: multipart/form-data; boundary=b\r\n"
                         "Content-Length: 200000\r\n\r\n--b\r\n".encode())
            chunk, every = b"b" * 100, 0.2
        else:
            sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {hosting.SITE_NAME}\r\nX-a: ".encode())
            chunk, every = b"a", 0.5
        try:
            while not self.stop.wait(every):
                sock.sendall(chunk)
                sock.settimeout(0.001)
                try:
                    if sock.recv(1) == b"":
                        break
                except (socket.timeout, ssl.SSLWantReadError):
                    pass
                finally:
                    sock.settimeout(30)
            else:
                return  # still open when the test ended
        except (OSError, ssl.SSLError):
            pass
        self.closed_after[kind].append(time.monotonic() - started)
        sock.close()

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(10)


def test_slow_clients_wait_in_nginx_not_in_gunicorns_workers(site):
    # gunicorn has 2 workers × 2 threads: without request buffering, 8 slow uploads would hold
    # all four and every other request would wait behind them.
    slow = SlowClients(site, uploads=8, slowloris=20)
    try:
        probes = probe(site, 6)
        assert_prompt(probes)
        # nginx ends a request whose headers are not all in within client_header_timeout (10 s)
        deadline = slow.opened_at + 10 + 5
        while len(slow.closed_after["slowloris"]) < 20 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert_prompt(probe(site, 3))  # still answering, uploads still trickling
    finally:
        slow.close()
    closed = sorted(slow.closed_after["slowloris"])
    print(f"\nthrough nginx, 8 slow uploads + 20 slowloris: /healthz p50 "
          f"{statistics.median(probes['healthz']) * 1000:.0f} ms, /api/check p50 "
          f"{statistics.median(probes['check']) * 1000:.0f} ms; slowloris closed after "
          f"{closed[0] if closed else 0:.1f}–{closed[-1] if closed else 0:.1f} s")
    assert len(closed) == 20, f"{20 - len(closed)} slowloris connections were still open"
    assert 9 < closed[0] and closed[-1] < 10 + 4, closed
    assert not slow.closed_after["upload"], "nginx closed a slow upload that was still sending"


# ----------------------------------------------------------------------------- Host and Origin


def _post(site, headers: dict) -> tuple[int, dict]:
    status, response_headers, body = site.request(
        "POST", "/api/check", body=hosting.CHECK_BODY, headers={"Content-Type": JSON_TYPE, **headers})
    return status, json.loads(body)


def test_host_allow_list_and_origin_check_work_behind_the_proxy(site):
    own = f"https://{hosting.SITE_NAME}:{site.https_port}"  # what a browser sends on this port
    assert _post(site, {"Origin": own})[0] == 200
    # The client cannot talk the app into believing the request was plain HTTP
    assert _post(site, {"Origin": own, "X-Forwarded-Proto": "http"})[0] == 200
    status, payload = _post(site, {"Origin": "https://evil.example"})
    assert status == 403 and payload["error"]["code"] == "request.origin_not_allowed", payload
    status, payload = _post(site, {"Origin": own.replace("https:", "http:")})
    assert status == 403, payload  # the app sees the scheme nginx was reached with
    # A Host outside the allow-list (DNS rebinding) is refused by the app behind nginx, however
    # the forwarding headers are dressed up.
    for headers in ({"Host": "evil.example"},
                    {"Host": f"evil.example:{site.https_port}", "X-Forwarded-Host": hosting.SITE_NAME}):
        status, payload = _post(site, headers)
        assert status == 400 and payload["error"]["code"] == "request.host_not_allowed", payload
    # The manifest is written for the address the request used: name, port and https.
    status, _, body = site.request("GET", "/manifest.xml")
    assert status == 200 and f"{own}/pane/taskpane.html".encode() in body, body[:500]


# ----------------------------------------------------------------------------- a worker dies


def test_killed_worker_behind_nginx_costs_at_most_the_requests_in_flight(site):
    gunicorn = site.gunicorn
    # one kept-alive TLS connection per client, as browsers do
    with hosting.Load(_kept_alive_check(site), clients=16) as load:
        time.sleep(2.0)
        victim = min(gunicorn.worker_pids())
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while load.served_since(killed_at) <= 16 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(0.5)
    replaced = gunicorn.worker_pids()
    lost = load.failed()
    after_kill = load.served_since(killed_at)
    print(f"\nthrough nginx, worker {victim} killed: {len(lost)} of {len(load.outcomes)} requests "
          f"failed ({sorted(set(o[2] for o in lost), key=str)}); {after_kill} served after the kill")
    assert victim not in replaced and len(replaced) == 2, replaced
    # Each of the worker's two threads held at most one request; a request nginx had already
    # handed to it when it died is lost (a POST is not retried), nothing begun after the kill.
    assert len(lost) <= 16, lost
    assert all(start <= killed_at for start, _, _ in lost), lost
    assert after_kill > 16, "the service did not serve on"


def _kept_alive_check(site):
    """A client's send(): one kept-alive TLS connection per thread, renewed after an error."""
    local = threading.local()

    def send():
        if getattr(local, "connection", None) is None:
            local.connection = site.connection(timeout=30)
        status = check(site, connection=local.connection)
        if status != 200:
            local.connection.close()
            local.connection = None
        return status
    return send


def test_graceful_reload_behind_nginx_loses_nothing(site):
    gunicorn = site.gunicorn
    with hosting.Load(_kept_alive_check(site), clients=16) as load:
        time.sleep(1.0)
        before = gunicorn.reload()
        reloaded_at = time.monotonic()
        deadline = reloaded_at + 60
        while load.served_since(reloaded_at) <= 16 and time.monotonic() < deadline:
            time.sleep(0.2)
    print(f"\nthrough nginx, graceful reload: {len(load.failed())} of {len(load.outcomes)} failed")
    assert not (gunicorn.worker_pids() & before), "the workers were not replaced"
    assert not load.failed(), load.failed()


def test_what_nginx_answers_itself_when_no_worker_can_is_json(site, tmp_path):
    # A gunicorn that is not running (a port nobody listens on) behind the same shipped site.
    with hosting.Nginx(tmp_path, hosting.free_port()) as orphan:
        status, headers, body = orphan.request("GET", "/healthz")
    assert status == 502, (status, body[:300])
    assert "Server" not in headers or headers["Server"] == "nginx"  # no version (server_tokens)
    assert error_of(status, headers, body)["code"] == "server.unavailable"


# ----------------------------------------------------------------------------- the documented limits


def _directive(name: str, location: str | None = None) -> str:
    """The value of `name` in the site: at the server level, or in `location`'s block."""
    site = hosting.NGINX_SITE.read_text()
    blocks = dict(re.findall(r"^\s*location (\S+) \{(.*?)^\s*\}", site, re.M | re.S))
    text = blocks[location] if location else re.sub(r"^\s*location \S+ \{.*?^\s*\}", "", site,
                                                    flags=re.M | re.S)
    values = re.findall(rf"^\s*{name}\s+([^;]+);", text, re.M)
    assert len(values) == 1, (name, location, values)
    return values[0].strip()


def test_only_http11_is_offered_and_an_unfinished_header_ends_at_its_timeout(site):
    """Issue 29: only what we offer is reachable, with the same timeouts. A client asking for
    HTTP/2 gets http/1.1 (over h2, nginx 1.22 held a header block never finished 40 s), and a
    request whose headers never end is closed at client_header_timeout."""
    header_timeout = int(_directive("client_header_timeout").rstrip("s"))
    context = site.context()
    context.set_alpn_protocols(["h2", "http/1.1"])
    raw = socket.create_connection(("127.0.0.1", site.https_port), timeout=header_timeout + 20)
    with context.wrap_socket(raw, server_hostname=hosting.SITE_NAME) as sock:
        assert sock.selected_alpn_protocol() == "http/1.1"
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: " + hosting.SITE_NAME.encode() + b"\r\nX-A: ")
        started = time.monotonic()
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (OSError, ssl.SSLError):
            pass
        waited = time.monotonic() - started
    assert waited < header_timeout + 5, f"the unfinished header was held {waited:.0f} s"
    assert b"/healthz" not in answer and not answer.startswith(b"HTTP/1.1 200")


def test_the_limits_in_hosting_md_are_the_shipped_ones():
    doc = (hosting.ROOT / "docs" / "hosting.md").read_text(encoding="utf-8")
    body_size = _directive("client_max_body_size")
    assert body_size == "10m" and f"`client_max_body_size {body_size}`" in doc
    from addin_server.config import DEFAULTS
    assert DEFAULTS.max_content_length == 10 * 1024 * 1024  # nginx's 10m
    # the review page's routes: a whole set, held in memory like the rest
    set_size = _directive("client_max_body_size", "/api/review")
    assert set_size == "256m" and DEFAULTS.review_max_upload == 256 * 1024 * 1024
    assert _directive("client_body_buffer_size", "/api/review") == set_size
    assert f"`location /api/review` `client_max_body_size {set_size}`" in doc
    for name in ("client_header_timeout", "client_body_timeout", "client_body_buffer_size",
                 "proxy_request_buffering", "proxy_max_temp_file_size", "proxy_read_timeout"):
        assert f"`{name} {_directive(name)}`" in doc, (name, _directive(name))
    # nginx waits for gunicorn longer than gunicorn lets a request run, so gunicorn answers first
    gunicorn_timeout = int(re.search(r"^timeout = (\d+)", hosting.GUNICORN_CONF.read_text(), re.M)[1])
    assert int(_directive("proxy_read_timeout").rstrip("s")) > gunicorn_timeout
    # nginx drops an idle upstream connection before gunicorn closes it
    upstream_idle = re.search(r"upstream addin_server \{[^}]*keepalive_timeout (\d+)s;",
                              hosting.NGINX_SITE.read_text())
    gunicorn_keepalive = int(re.search(r"^keepalive = (\d+)", hosting.GUNICORN_CONF.read_text(), re.M)[1])
    assert upstream_idle and int(upstream_idle[1]) < gunicorn_keepalive
