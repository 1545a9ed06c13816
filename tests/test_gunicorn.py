"""Organisation hosting: gunicorn with deploy/gunicorn.conf.py serving addin_server.wsgi:app on a
loopback port, under a 16-client load, with one worker killed (SIGKILL) and a graceful reload.

The home-made `serve --workers` supervisor stopped the whole service when one worker died; gunicorn's
master starts a new one and the service answers on, losing at most the requests the dead worker
held. Linux only (gunicorn does not run on Windows; there the local server needs one process)."""
from __future__ import annotations

import http.client
import os
import signal
import sys
import time

import pytest

import requires
from hosting import CHECK_BODY, Gunicorn, Load, plain_status

CLIENTS = 16

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason=requires.not_on_this_platform("gunicorn does not run on Windows"))


@pytest.fixture
def gunicorn(tmp_path):
    with Gunicorn(tmp_path, workers=2) as running:
        yield running


def _check(port: int) -> int | str:
    return plain_status(port, "/api/check", CHECK_BODY)


def test_killed_worker_is_replaced_and_the_service_serves_on(gunicorn):
    for _ in range(4):  # each worker's first check loads what it needs
        assert plain_status(gunicorn.port, "/api/check", CHECK_BODY, timeout=60) == 200
    with Load(lambda: _check(gunicorn.port), clients=CLIENTS) as load:
        time.sleep(2.0)
        victim = min(gunicorn.worker_pids())
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        # serve on: wait (a busy machine is slow) until every client has been served again
        deadline = time.monotonic() + 60
        while load.served_since(killed_at) <= CLIENTS and time.monotonic() < deadline:
            time.sleep(0.2)
        replaced = gunicorn.worker_pids()
    assert victim not in replaced and len(replaced) == 2, replaced  # the master started a new one
    lost = load.failed()
    ok = [o for o in load.outcomes if o[2] == 200]
    # At most the requests the dead worker held when it died (each client has one at a time):
    # every failure began before the kill, and everything begun after it succeeded.
    print(f"\nkilled worker {victim}: {len(lost)} requests lost of {len(load.outcomes)}; "
          f"{len([o for o in ok if o[0] > killed_at])} served after the kill")
    assert len(lost) <= CLIENTS, lost
    assert all(start <= killed_at for start, _, _ in lost), lost
    assert not load.failed(after=killed_at + 0.001)
    assert len([o for o in ok if o[0] > killed_at]) > CLIENTS, "the service did not serve on"


def test_graceful_reload_loses_nothing(gunicorn):
    for _ in range(4):
        assert plain_status(gunicorn.port, "/api/check", CHECK_BODY, timeout=60) == 200
    with Load(lambda: _check(gunicorn.port), clients=CLIENTS) as load:
        time.sleep(1.0)
        before = gunicorn.reload()   # new workers with fresh code, old ones finish
        time.sleep(1.0)
    assert not (gunicorn.worker_pids() & before), "the workers were not replaced"
    assert not load.failed(), load.failed()
    assert len(load.outcomes) > CLIENTS


def test_wsgi_app_trusts_the_proxy_scheme_for_the_origin_check(gunicorn):
    # behind nginx the browser's Origin is https://name; the app must see the request as https
    connection = http.client.HTTPConnection("127.0.0.1", gunicorn.port, timeout=10)
    connection.request("POST", "/api/check", body=CHECK_BODY, headers={
        "Host": "localhost", "X-Forwarded-Proto": "https", "Origin": "https://localhost",
        "Content-Type": "application/json"})
    assert connection.getresponse().status == 200
    connection.close()


def test_work_over_the_time_limit_is_answered_503_and_stops(tmp_path):
    """gunicorn's gthread workers let a request run as long as it takes: a large document's check
    went on for minutes after nginx had answered 504. wsgi.TimeLimit gives it `serve`'s time limit:
    the 503 comes at request_timeout (here 3 s), the work stops, the other worker answers
    meanwhile."""
    import json
    import threading
    import uuid

    from test_linear_time import _cpu_seconds, _slow_docx

    data = _slow_docx()
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    with Gunicorn(tmp_path, workers=2, env={"ADDIN_SERVER_REQUEST_TIMEOUT": "3"}) as running:
        slowest, stop = [0.0], threading.Event()

        def watch():
            while not stop.is_set():
                started = time.perf_counter()
                assert plain_status(running.port, "/healthz", timeout=30) == 200
                slowest[0] = max(slowest[0], time.perf_counter() - started)
                stop.wait(0.2)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        connection = http.client.HTTPConnection("127.0.0.1", running.port, timeout=120)
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/check/docx", body=body, headers={
                "Host": "localhost", "X-Forwarded-Proto": "https",
                "Content-Type": f"multipart/form-data; boundary={boundary}"})
            response = connection.getresponse()
            answer = json.loads(response.read())
        finally:
            connection.close()
        elapsed = time.perf_counter() - started
        stop.set()
        watcher.join(timeout=40)
        assert response.status == 503 and "处理时间超过 3 秒" in answer["error"]["message"], answer
        assert elapsed < 3 + 4, f"the 503 came after {elapsed:.1f} s"
        assert slowest[0] < 2.0, f"/healthz waited {slowest[0]:.1f} s"
        time.sleep(1.0)
        workers = running.worker_pids()
        before = sum(_cpu_seconds(pid) for pid in workers)
        time.sleep(2.0)
        assert sum(_cpu_seconds(pid) for pid in workers) - before < 0.5, "the given-up work goes on"
