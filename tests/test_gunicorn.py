"""Organisation hosting: gunicorn with deploy/gunicorn.conf.py serving addin_server.wsgi:app on a
loopback port, under a 16-client load, with one worker killed (SIGKILL) and a graceful reload.

The home-made `serve --workers` supervisor stopped the whole service when one worker died; gunicorn's
master starts a new one and the service answers on, losing at most the requests the dead worker
held. Linux only (gunicorn does not run on Windows; there the local server needs one process)."""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 16
CHECK_BODY = json.dumps({"paragraphs": [{"text": "一、存在问题"}, {"text": "一是理论学习不够深入。"},
                                        {"text": "二、原因剖析"}, {"text": "三、整改措施"}]},
                        ensure_ascii=False).encode()

import requires

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason=requires.not_on_this_platform("gunicorn does not run on Windows"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(master: int) -> set[int]:
    pids = set()
    for task in Path(f"/proc/{master}/task").iterdir():
        children = (task / "children").read_text().split()
        pids.update(int(p) for p in children)
    return pids


@pytest.fixture
def gunicorn(tmp_path):
    requires.module("gunicorn")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
    env.update({"ADDIN_GUNICORN_BIND": f"127.0.0.1:{port}", "ADDIN_GUNICORN_WORKERS": "2",
                "ADDIN_SERVER_CONFIG_DIR": str(tmp_path), "ADDIN_SERVER_ACCESS_LOG": "false",
                "PYTHONPATH": str(ROOT)})
    log = open(tmp_path / "gunicorn.log", "w+b")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "addin_server.wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.port = port
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail("gunicorn exited:\n" + log.read().decode("utf-8", "replace"))
        if len(worker_pids(process.pid)) == 2 and _status(port, "/healthz") == 200:
            break
        time.sleep(0.3)
    else:
        pytest.fail("gunicorn did not start")
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(45)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _status(port: int, path: str, body: bytes | None = None, timeout: float = 10.0) -> int | str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Host": "localhost", "X-Forwarded-Proto": "https"}
        if body is None:
            connection.request("GET", path, headers=headers)
        else:
            connection.request("POST", path, body=body,
                               headers={**headers, "Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException) as exc:
        return type(exc).__name__
    finally:
        connection.close()


class Load:
    """CLIENTS threads POSTing /api/check back to back, each outcome recorded with its time."""

    def __init__(self, port: int):
        self.port = port
        self.outcomes: list[tuple[float, float, int | str]] = []  # (start, end, status)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(CLIENTS)]

    def _client(self) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            status = _status(self.port, "/api/check", CHECK_BODY)
            with self.lock:
                self.outcomes.append((started, time.monotonic(), status))

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(30)

    def failed(self, after: float = 0.0) -> list:
        return [o for o in self.outcomes if o[2] != 200 and o[0] >= after]


def test_killed_worker_is_replaced_and_the_service_serves_on(gunicorn):
    for _ in range(4):  # each worker's first check loads what it needs
        assert _status(gunicorn.port, "/api/check", CHECK_BODY, timeout=60) == 200
    with Load(gunicorn.port) as load:
        time.sleep(2.0)
        victim = min(worker_pids(gunicorn.pid))
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        # serve on: wait (a busy machine is slow) until every client has been served again
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with load.lock:
                after = sum(1 for o in load.outcomes if o[0] > killed_at and o[2] == 200)
            if after > CLIENTS:
                break
            time.sleep(0.2)
        replaced = worker_pids(gunicorn.pid)
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
    before = worker_pids(gunicorn.pid)
    for _ in range(4):
        assert _status(gunicorn.port, "/api/check", CHECK_BODY, timeout=60) == 200
    with Load(gunicorn.port) as load:
        time.sleep(1.0)
        gunicorn.send_signal(signal.SIGHUP)  # new workers with fresh code, old ones finish
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            now = worker_pids(gunicorn.pid)
            if len(now) == 2 and not (now & before):
                break
            time.sleep(0.2)
        time.sleep(1.0)
    assert not (worker_pids(gunicorn.pid) & before), "the workers were not replaced"
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
