"""The organisation deployment of docs/hosting.md on loopback, for tests: gunicorn with the shipped
deploy/gunicorn.conf.py serving addin_server.wsgi:app, and nginx with the shipped
deploy/nginx-addin-server.conf in front of it, plus a load of clients posting /api/check.

Only what cannot be the production value on a test machine is changed: ports, file paths, the
certificate, the number of workers. Linux only (gunicorn does not run on Windows)."""
from __future__ import annotations

import grp
import http.client
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import requires

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
NGINX_SITE = ROOT / "deploy" / "nginx-addin-server.conf"
# The name users reach, as in the shipped nginx site and docs/hosting.md.
SITE_NAME = "addin.example.org"
CHECK_BODY = json.dumps({"paragraphs": [{"text": "一、存在问题"}, {"text": "一是理论学习不够深入。"},
                                        {"text": "二、原因剖析"}, {"text": "三、整改措施"}]},
                        ensure_ascii=False).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_pids(pid: int) -> set[int]:
    pids = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids.update(int(p) for p in (task / "children").read_text().split())
    return pids


def stop(process: subprocess.Popen, how: int, seconds: float) -> None:
    """Send `how`; SIGKILL if the process has not ended within `seconds`."""
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Gunicorn:
    """`gunicorn -c deploy/gunicorn.conf.py addin_server.wsgi:app` on a free loopback port, with
    `workers` workers, until every worker is up and /healthz answers."""

    def __init__(self, directory: Path, workers: int = 2, env: dict | None = None):
        requires.module("gunicorn")
        self.directory, self.workers, self.port = directory, workers, free_port()
        self.extra_env = env or {}

    def __enter__(self) -> "Gunicorn":
        env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
        env.update({"ADDIN_GUNICORN_BIND": f"127.0.0.1:{self.port}",
                    "ADDIN_GUNICORN_WORKERS": str(self.workers),
                    "ADDIN_SERVER_CONFIG_DIR": str(self.directory),
                    "ADDIN_SERVER_ACCESS_LOG": "false", "PYTHONPATH": str(ROOT), **self.extra_env})
        self.log = open(self.directory / "gunicorn.log", "w+b")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "addin_server.wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        host = {"Host": self.extra_env.get("ADDIN_SERVER_ALLOWED_HOSTS", "localhost").split(",")[0]}
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.__exit__()
                pytest.fail("gunicorn exited:\n" + self.output())
            if len(self.worker_pids()) == self.workers and \
                    plain_status(self.port, "/healthz", headers=host) == 200:
                return self
            time.sleep(0.3)
        self.__exit__()
        pytest.fail("gunicorn did not start:\n" + self.output())

    @property
    def pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> set[int]:
        return child_pids(self.process.pid)

    def reload(self, seconds: float = 60) -> set[int]:
        """A graceful reload (SIGHUP: new workers start, the old ones finish their requests),
        waited for until two workers run and none of the old ones; the workers before it."""
        before = self.worker_pids()
        self.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            now = self.worker_pids()
            if len(now) == 2 and not (now & before):
                break
            time.sleep(0.2)
        return before

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def __exit__(self, *exc) -> None:
        stop(self.process, signal.SIGTERM, 45)  # graceful: workers finish their requests
        self.log.close()


def plain_status(port: int, path: str, body: bytes | None = None, headers: dict | None = None,
                 timeout: float = 10.0) -> int | str:
    """One request straight to gunicorn (as nginx would send it): the status, or the error."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": "localhost", "X-Forwarded-Proto": "https", **(headers or {})}
    try:
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


def nginx_site(https_port: int, http_port: int, upstream_port: int, cert: Path, key: Path,
               access_log: Path) -> str:
    """deploy/nginx-addin-server.conf with only its addresses and paths replaced; each
    replacement must find its text exactly once, so a changed shipped file fails here loudly
    instead of being tested in a form nobody installs."""
    text = NGINX_SITE.read_text(encoding="utf-8")
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ", f"listen 127.0.0.1:{https_port} "),
        ("server 127.0.0.1:8000 ", f"server 127.0.0.1:{upstream_port} "),
        ("/etc/ssl/addin-server/fullchain.pem", str(cert)),
        ("/etc/ssl/addin-server/privkey.pem", str(key)),
        ("/var/log/nginx/addin-server.log", str(access_log)),
    ]
    for old, new in replacements:
        count = text.count(old)
        assert count == 1, f"{NGINX_SITE.name}: expected {old!r} once, found it {count} times"
        text = text.replace(old, new)
    return text


class Nginx:
    """nginx in the foreground (`daemon off`) with the shipped site included in a minimal main
    configuration of its own (pid, logs and temporary folders in `directory`), in front of
    `upstream_port`, with a fresh certificate for SITE_NAME from the project's certs code."""

    def __init__(self, directory: Path, upstream_port: int):
        # Debian puts nginx in /usr/sbin, which is not on an ordinary user's PATH.
        search = os.pathsep.join((os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"))
        self.binary = shutil.which("nginx", path=search) or requires.tool("nginx", "nginx")
        self.directory, self.upstream_port = directory, upstream_port
        self.https_port, self.http_port = free_port(), free_port()
        self.error_log = directory / "nginx-error.log"
        self.access_log = directory / "nginx-access.log"

    def __enter__(self) -> "Nginx":
        from addin_server import certs

        where, _ = certs.install(self.directory / "certs", names=(SITE_NAME,))
        self.ca = str(where.ca_cert)
        site = self.directory / "addin-server.conf"
        site.write_text(nginx_site(self.https_port, self.http_port, self.upstream_port, where.cert,
                                   where.key, self.access_log), encoding="utf-8")
        temp = {name: self.directory / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        for folder in temp.values():
            folder.mkdir()
        # As root, nginx's workers would switch to `nobody`, who cannot enter the test's folder.
        user = ""
        if os.geteuid() == 0:
            user = f"user {pwd.getpwuid(0).pw_name} {grp.getgrgid(0).gr_name};"
        main = self.directory / "nginx.conf"
        main.write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {self.directory}/nginx.pid;
error_log {self.error_log} info;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {temp['body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    include {site};
}}
""", encoding="utf-8")
        self.stderr = open(self.directory / "nginx-stderr.log", "wb")
        command = [self.binary, "-e", "stderr", "-p", str(self.directory), "-c", str(main)]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, "nginx -t refused the shipped site:\n" + checked.stderr
        self.process = subprocess.Popen(command, stdout=self.stderr, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                self.request("GET", "/healthz", timeout=5)  # any answer: nginx is up
                return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        pytest.fail("nginx did not start:\n" + self.output())

    def output(self) -> str:
        """What nginx wrote on stderr and in its error log so far."""
        return "".join(path.read_text("utf-8", "replace") for path in
                       (self.directory / "nginx-stderr.log", self.error_log) if path.exists())

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca)

    def connection(self, timeout: float = 10.0) -> "SiteConnection":
        return SiteConnection(self.https_port, self.context(), timeout)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None, timeout: float = 10.0) -> tuple[int, dict, bytes]:
        """One request over a new TLS connection: (status, headers, body)."""
        connection = self.connection(timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def __exit__(self, *exc) -> None:
        stop(self.process, signal.SIGQUIT, 15)  # nginx's graceful stop
        self.stderr.close()


class SiteConnection(http.client.HTTPSConnection):
    """HTTPS to SITE_NAME (its certificate, SNI and Host header) at 127.0.0.1:`port`."""

    def __init__(self, port: int, context: ssl.SSLContext, timeout: float):
        super().__init__(SITE_NAME, port, context=context, timeout=timeout)

    def connect(self) -> None:
        raw = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


class Load:
    """`clients` threads each sending requests back to back with `send()` (→ a status or an error
    name), every outcome recorded with its start and end time."""

    def __init__(self, send, clients: int = 16):
        self.send = send
        self.outcomes: list[tuple[float, float, int | str]] = []  # (start, end, status)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(clients)]

    def _client(self) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            status = self.send()
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

    def served_since(self, moment: float) -> int:
        with self.lock:
            return sum(1 for o in self.outcomes if o[0] > moment and o[2] == 200)

    def failed(self, after: float = 0.0) -> list:
        return [o for o in self.outcomes if o[2] != 200 and o[0] >= after]
