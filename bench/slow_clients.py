"""Slow and idle clients against the real `addin-server serve` on loopback, over HTTPS.

While hostile connections are held open — idle TCP connections that never start TLS, slowloris
clients trickling their headers, slow uploads trickling their bodies — a normal client makes new
HTTPS connections for GET /healthz and POST /api/check and the time of each is recorded. The
baseline is the same probes with nothing else open, in the same run.

    python -m bench.slow_clients [--repo PATH]     # PATH: another checkout to measure (e.g. main)

tests/test_slow_clients.py runs the same scenarios and asserts the bounds of issue 16.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# The line `serve` prints once it listens: 对照检查助手服务已启动：http://127.0.0.1:PORT/
READY = re.compile(r"服务已启动：(https?)://([^/:\]]+|\[[^\]]+\]):(\d+)/")
CHECK_BODY = json.dumps({"paragraphs": [{"text": "一、存在问题"}, {"text": "一是理论学习不够深入。"}]},
                        ensure_ascii=False).encode()
SCENARIOS = {
    # name: (what, how many)
    "baseline": ("nothing else open", 0),
    "idle": ("idle TCP connections (never start TLS)", 10),
    "slowloris": ("slowloris clients (headers one byte a second)", 50),
    "slow_uploads": ("slow uploads (body 100 bytes a second)", 8),
}


class TlsServer:
    """`addin-server serve` with a fresh certificate on a free loopback port; `repo` picks the
    checkout whose code runs (default: this one)."""

    def __init__(self, repo: Path | None = None, extra_args: tuple[str, ...] = (),
                 env: dict | None = None):
        self.repo = Path(repo or Path(__file__).resolve().parents[1])
        self.extra_args, self.extra_env = extra_args, env or {}

    def __enter__(self) -> "TlsServer":
        from addin_server import certs

        self._dir = tempfile.TemporaryDirectory(prefix="addin-slow-")
        where, _ = certs.install(Path(self._dir.name) / "certs")
        self.ca = str(where.ca_cert)
        env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
        env.update({"ADDIN_SERVER_CONFIG_DIR": self._dir.name, "PYTHONUNBUFFERED": "1",
                    "PYTHONPATH": str(self.repo), "ADDIN_SERVER_ACCESS_LOG": "false",
                    **self.extra_env})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "addin_server", "serve", "--host", "127.0.0.1", "--port", "0",
             "--cert", str(where.cert), "--key", str(where.key), *self.extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=self.repo)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = READY.search(line)
            if match:
                self.port = int(match.group(3))
                threading.Thread(target=self.process.stdout.read, daemon=True).start()
                return self
        self.__exit__()
        raise RuntimeError("addin-server serve did not start")

    @property
    def pid(self) -> int:
        return self.process.pid

    def context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca)

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._dir.cleanup()


@dataclass
class Probes:
    healthz: list[float] = field(default_factory=list)
    check: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        def ms(values):
            return {"p50_ms": round(statistics.median(values) * 1000, 1) if values else None,
                    "max_ms": round(max(values) * 1000, 1) if values else None}
        return {"healthz": ms(self.healthz), "check": ms(self.check), "failures": self.failures}


def probe(server: TlsServer, count: int = 10, timeout: float = 10.0) -> Probes:
    """`count` rounds of a new HTTPS connection for /healthz and one for /api/check."""
    result = Probes()
    context = server.context()
    for _ in range(count):
        for path, bucket in (("/healthz", result.healthz), ("/api/check", result.check)):
            started = time.perf_counter()
            connection = http.client.HTTPSConnection("localhost", server.port, context=context,
                                                     timeout=timeout)
            try:
                if path == "/healthz":
                    connection.request("GET", path)
                else:
                    connection.request("POST", path, body=CHECK_BODY,
                                       headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    result.failures.append(f"{path}: HTTP {response.status}")
                    continue
            except (OSError, http.client.HTTPException) as exc:
                result.failures.append(f"{path}: {type(exc).__name__} after "
                                       f"{time.perf_counter() - started:.1f} s")
                continue
            finally:
                connection.close()
            bucket.append(time.perf_counter() - started)
    return result


class Attackers:
    """Hostile connections of one kind, held open (and fed slowly) until closed."""

    def __init__(self, server: TlsServer, kind: str, count: int):
        self.server, self.kind, self.count = server, kind, count
        self.sockets: list[socket.socket] = []
        self.stop = threading.Event()
        self.feeder: threading.Thread | None = None

    def __enter__(self) -> "Attackers":
        context = self.server.context()
        self.refused = 0  # attackers the server did not even let in (a frozen accept loop)
        for _ in range(self.count):
            try:
                raw = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
                if self.kind == "idle":
                    self.sockets.append(raw)
                    continue
                sock = context.wrap_socket(raw, server_hostname="localhost")
                if self.kind == "slowloris":
                    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-a: ")
                else:
                    sock.sendall(b"POST /api/check/docx HTTP/1.1\r\nHost: localhost\r\n"
                                 b"Content-Type: multipart/form-data; boundary=x\r\n"
                                 b"Content-Length: 1000000\r\n\r\n--x\r\n")
                self.sockets.append(sock)
            except OSError:
                self.refused += 1
        if self.kind != "idle":
            self.feeder = threading.Thread(target=self._feed, daemon=True)
            self.feeder.start()
        time.sleep(0.5)  # let the server take them all in
        return self

    def _feed(self) -> None:
        while not self.stop.wait(1.0):
            for sock in list(self.sockets):
                try:
                    sock.sendall(b"a" if self.kind == "slowloris" else b"b" * 100)
                except OSError:
                    self.sockets.remove(sock)  # the server closed it: that is its defence

    def __exit__(self, *exc) -> None:
        self.stop.set()
        if self.feeder:
            self.feeder.join(5)
        for sock in self.sockets:
            try:
                sock.close()
            except OSError:
                pass


def run(server: TlsServer, scenarios=tuple(SCENARIOS), count: int = 10) -> dict:
    probe(server, 2)  # warm up: imports, first check
    results = {}
    for name in scenarios:
        _, how_many = SCENARIOS[name]
        if how_many:
            with Attackers(server, name, how_many):
                results[name] = probe(server, count)
        else:
            results[name] = probe(server, count)
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, help="checkout whose server to measure")
    args = parser.parse_args(argv)
    with TlsServer(args.repo) as server:
        results = run(server)
    print(f"| scenario | /healthz p50 / max | /api/check p50 / max | failed probes |")
    print("|---|---|---|---|")
    for name, probes in results.items():
        s = probes.summary()
        what, how_many = SCENARIOS[name]
        label = f"{how_many} {what}" if how_many else what
        print(f"| {label} | {s['healthz']['p50_ms']} / {s['healthz']['max_ms']} ms | "
              f"{s['check']['p50_ms']} / {s['check']['max_ms']} ms | {len(s['failures'])} of 20 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
