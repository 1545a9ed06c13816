"""The real `addin-server serve` (cheroot) on a free loopback port, over HTTPS and plain HTTP."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import quote

import pytest

import materials as M
from requires import not_on_this_platform
from addin_server import certs

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason=not_on_this_platform("uses POSIX signals to stop"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command() -> list[str]:
    script = shutil.which("addin-server")
    return [script] if script else [sys.executable, "-m", "addin_server"]


def clean_env(config_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
    env["ADDIN_SERVER_CONFIG_DIR"] = str(config_dir)  # never the developer's own config or certs
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Server:
    def __init__(self, tmp_path, *args, ca=None):
        self.port = free_port()
        self.tmp = tmp_path
        self.ca = ca
        self.out = open(tmp_path / f"stdout-{self.port}.txt", "w+b")
        self.err = open(tmp_path / f"stderr-{self.port}.txt", "w+b")
        self.proc = subprocess.Popen(
            [*command(), "serve", "--port", str(self.port), *args],
            stdout=self.out, stderr=self.err, env=clean_env(tmp_path / "config"))

    @property
    def context(self):
        return ssl.create_default_context(cafile=str(self.ca)) if self.ca else None

    def url(self, path, host="localhost"):
        scheme = "https" if self.ca else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def request(self, path, data=None, headers=None, host="localhost", context=None):
        req = urllib.request.Request(self.url(path, host), data=data, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10, context=context or self.context) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def wait_ready(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"server exited early ({self.proc.returncode}): {self.stderr()}")
            try:
                status, _, _ = self.request("/healthz")
                if status == 200:
                    return
            except (urllib.error.URLError, ConnectionError, ssl.SSLError, OSError):
                pass
            time.sleep(0.2)
        pytest.fail(f"server not ready in {timeout}s: {self.stderr()}")

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                pytest.fail("server did not stop gracefully within 30 s")
        return self.proc.returncode

    def stderr(self) -> str:
        self.err.flush()
        self.err.seek(0)
        return self.err.read().decode("utf-8", "replace")

    def stdout(self) -> str:
        self.out.flush()
        self.out.seek(0)
        return self.out.read().decode("utf-8", "replace")


@pytest.fixture
def tls_server(tmp_path):
    where, _ = certs.install(tmp_path / "certs")
    server = Server(tmp_path, "--cert", str(where.cert), "--key", str(where.key), ca=where.ca_cert)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()
        server.out.close()
        server.err.close()


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for name, (filename, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_https_serve_checks_documents_and_logs_no_content(tls_server):
    status, headers, body = tls_server.request("/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    assert headers["X-Content-Type-Options"] == "nosniff"

    secret_text = "只在文档里出现的句子甲乙丙"
    paras = M.pane_json(M.complete()) + [{"text": secret_text}]
    status, _, body = tls_server.request(
        "/api/check?note=" + quote("查询串里的机密"), data=json.dumps({"paragraphs": paras}).encode(),
        headers={"Content-Type": "application/json", "Origin": tls_server.url("")})
    assert status == 200
    assert json.loads(body)["framework"] == "zhuti-2023"

    form, content_type = multipart({"framework": "zhuti-2023"},
                                   {"file": ("机密文件名.docx", M.build_docx(M.complete()))})
    status, _, body = tls_server.request("/api/check/docx", data=form,
                                         headers={"Content-Type": content_type})
    assert status == 200 and json.loads(body)["dimensions"]

    status, _, body = tls_server.request("/healthz", headers={"Host": "evil.example"})
    assert status == 400 and json.loads(body)["error"]["code"] == "request.host_not_allowed"

    # 127.0.0.1 and ::1 are in the certificate too, and the server listens on both (Windows
    # resolves localhost to ::1 first).
    assert tls_server.request("/healthz", host="127.0.0.1")[0] == 200
    if _has_ipv6_loopback():
        assert tls_server.request("/healthz", host="[::1]")[0] == 200

    assert tls_server.stop() == 0
    log = tls_server.stderr()
    assert "POST /api/check 200" in log
    assert "POST /api/check/docx 200" in log
    assert "GET /healthz 400" in log
    for leak in (secret_text, "查询串", quote("查询串"), "note=", "机密文件名", "理论学习"):
        assert leak not in log
    assert "shutting down" in log
    assert "https://localhost:" in tls_server.stdout()


def test_https_is_real_tls(tls_server):
    untrusting = ssl.create_default_context()  # system roots only: our CA is not among them
    with pytest.raises(urllib.error.URLError) as info:
        tls_server.request("/healthz", context=untrusting)
    assert isinstance(info.value.reason, ssl.SSLCertVerificationError)
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        with tls_server.context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.version() in ("TLSv1.2", "TLSv1.3")


def test_sigint_stops_gracefully(tmp_path):
    where, _ = certs.install(tmp_path / "certs")
    server = Server(tmp_path, "--cert", str(where.cert), "--key", str(where.key), ca=where.ca_cert)
    server.wait_ready()
    assert server.stop(signal.SIGINT) == 0


def test_no_tls_and_non_loopback_warning(tmp_path):
    server = Server(tmp_path, "--no-tls", "--host", "0.0.0.0")
    try:
        server.wait_ready()
        status, _, body = server.request("/api/frameworks", host="127.0.0.1")
        assert status == 200 and json.loads(body)["default"]
    finally:
        assert server.stop() == 0
    assert "0.0.0.0" in server.stderr() and "non-loopback" in server.stderr()
    assert "http://" in server.stdout()


def test_serve_without_certificates_says_what_to_run(tmp_path):
    result = subprocess.run([*command(), "serve", "--port", str(free_port())],
                            capture_output=True, text=True, env=clean_env(tmp_path / "empty"),
                            timeout=60)
    assert result.returncode != 0
    assert "addin-server certs install" in result.stderr


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def test_serve_on_a_port_held_by_another_program_names_it_and_the_port_to_use(tmp_path):
    with socket.socket() as holder:     # this test's own process holds the port
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run([*command(), "serve", "--no-tls", "--port", str(port)],
                                capture_output=True, text=True, env=clean_env(tmp_path), timeout=60)
    assert result.returncode == 2
    assert f"端口 {port} 已被占用" in result.stderr
    assert f"进程号 {os.getpid()}" in result.stderr      # the holder, found by its pid
    suggested = int(result.stderr.split("addin-server serve --port ", 1)[1].split()[0])
    assert port < suggested <= port + 20
    assert f"addin-server manifest --url https://localhost:{suggested}" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_on_a_port_held_by_itself_says_it_is_already_running(tmp_path):
    first = Server(tmp_path, "--no-tls")
    try:
        first.wait_ready()
        result = subprocess.run([*command(), "serve", "--no-tls", "--port", str(first.port)],
                                capture_output=True, text=True, env=clean_env(tmp_path),
                                timeout=60)
    finally:
        assert first.stop() == 0
    assert result.returncode == 2
    assert "已在运行的对照检查助手服务" in result.stderr
    assert f"进程号 {first.proc.pid}" in result.stderr


@pytest.mark.skipif(not _has_ipv6_loopback(), reason=not_on_this_platform("no IPv6 loopback"))
def test_a_port_taken_only_on_ipv6_loopback_is_busy_too(tmp_path):
    # Word may reach localhost over ::1; another program there would answer in our place.
    with socket.socket(socket.AF_INET6) as holder:
        holder.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        holder.bind(("::1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run([*command(), "serve", "--no-tls", "--port", str(port)],
                                capture_output=True, text=True, env=clean_env(tmp_path), timeout=60)
    assert result.returncode == 2 and f"端口 {port} 已被占用" in result.stderr


def test_serve_rejects_a_bad_config_file(tmp_path):
    bad = tmp_path / "config.toml"
    bad.write_text('port = "not a number"\n', encoding="utf-8")
    result = subprocess.run([*command(), "serve", "--no-tls", "--config", str(bad)],
                            capture_output=True, text=True, env=clean_env(tmp_path), timeout=60)
    assert result.returncode == 2
    assert "port" in result.stderr and str(bad) in result.stderr
