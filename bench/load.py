"""Load generation against the real `addin-server serve` on loopback.

The server runs as its own process (exactly the production command), so the client's CPU use is
visible as a separate process and the GIL of one does not slow the other. The client is asyncio
over raw keep-alive HTTP/1.1 connections with pre-encoded requests: on a 2-core machine a heavier
client (threads + http.client) would take the CPU the server needs and measure itself instead.
"""
from __future__ import annotations

import asyncio
import os
import re
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .timing import percentile

# The line `serve` prints once it listens: 对照检查助手服务已启动：http://127.0.0.1:PORT/
READY = re.compile(r"服务已启动：(https?)://([^/:\]]+|\[[^\]]+\]):(\d+)/")


class Server:
    """`addin-server serve --port 0` as a child process, over plain HTTP (`--no-tls`) or, with
    `tls=True`, HTTPS with a fresh certificate as a user's machine runs it; stops it on exit."""

    def __init__(self, extra_args: tuple[str, ...] = (), env: dict | None = None, timeout: float = 30,
                 tls: bool = False, python: str | None = None, cwd: Path | None = None):
        self.extra_args = extra_args
        # Another environment's interpreter, run from a folder outside the checkout: the server
        # as that environment installed it (bench.cold_start --python).
        self.python = python or sys.executable
        self.cwd = cwd or Path(__file__).resolve().parents[1]
        self.env = env
        self.timeout = timeout
        self.tls = tls
        self.client_tls = None   # with tls: the client's ssl.SSLContext, trusting the server's CA
        self.process: subprocess.Popen | None = None
        self.port = 0

    def __enter__(self) -> "Server":
        # Embedded defaults only: a developer's own config file or ADDIN_SERVER_* variables would
        # make figures incomparable between machines.
        self._config_dir = tempfile.TemporaryDirectory(prefix="addin-bench-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ADDIN_SERVER_")}
        env.update({"ADDIN_SERVER_CONFIG_DIR": self._config_dir.name, "PYTHONUNBUFFERED": "1"})
        env.update(self.env or {})
        transport = ["--no-tls"]
        if self.tls:
            from addin_server import certs

            where, _ = certs.install(Path(self._config_dir.name) / "certs")
            transport = ["--cert", str(where.cert), "--key", str(where.key)]
            self.client_tls = ssl.create_default_context(cafile=str(where.ca_cert))
        self.process = subprocess.Popen(
            [self.python, "-m", "addin_server", "serve", *transport, "--host", "127.0.0.1", "--port", "0",
             *self.extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=self.cwd,
        )
        deadline = time.monotonic() + self.timeout
        lines = []
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            lines.append(line)
            match = READY.search(line)
            if match:
                self.port = int(match.group(3))
                return self
        self.stop()
        raise RuntimeError("addin-server serve did not start:\n" + "".join(lines))

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process:
            stop_process(self.process)
        if self.process and self.process.stdout:
            self.process.stdout.close()
        if getattr(self, "_config_dir", None) is not None:
            self._config_dir.cleanup()
            self._config_dir = None

    def __exit__(self, *exc) -> None:
        self.stop()


def stop_process(process: subprocess.Popen) -> None:
    """Stop a server child as Ctrl+C would (graceful), killing it if it takes over 10 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request(method: str, path: str, body: bytes = b"", content_type: str = "application/json",
            extra_headers: dict | None = None) -> bytes:
    """One pre-encoded HTTP/1.1 keep-alive request (Host is one the server allows by default)."""
    headers = {"Host": "localhost", "Connection": "keep-alive", "Accept": "application/json"}
    if body or method in ("POST", "PUT"):
        headers["Content-Type"] = content_type
        headers["Content-Length"] = str(len(body))
    headers.update(extra_headers or {})
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode("latin-1") + body


@dataclass
class Result:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return percentile(sorted(self.latencies), 50)

    @property
    def p99(self) -> float:
        return percentile(sorted(self.latencies), 99)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    close = False
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value.strip().lower() == "close":
            close = True
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status, close


async def _client(port: int, requests: list[bytes], deadline: float, budget: list[int], result: Result,
                  cursor: list[int], expect: set[int] | None = None, tls=None) -> None:
    reader = writer = None
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        # One turn for all clients: each request goes out once per round, not once per client.
        payload = requests[cursor[0] % len(requests)]
        cursor[0] += 1
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(
                    "127.0.0.1", port, ssl=tls, server_hostname="localhost" if tls else None)
            started = time.perf_counter()
            writer.write(payload)
            status, close = await _read_response(reader)
            result.latencies.append(time.perf_counter() - started)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if (expect is not None and status not in expect) or status >= 500:
                result.errors[f"HTTP {status}"] = result.errors.get(f"HTTP {status}", 0) + 1
            result.requests += 1
            if close:
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
            result.errors[type(exc).__name__] = result.errors.get(type(exc).__name__, 0) + 1
            if writer is not None:
                writer.close()
            writer = None
    if writer is not None:
        writer.close()


def run(port: int, requests: list[bytes], *, clients: int = 16, seconds: float = 5.0,
        max_requests: int = 1_000_000, expect: set[int] | None = None, tls=None) -> Result:
    """Send `requests` in turn (shared by all clients) from `clients` connections for `seconds`
    (or `max_requests`);
    `tls`: an ssl.SSLContext to connect over HTTPS (the server's name is taken as localhost)."""
    result = Result()

    async def main():
        budget = [max_requests]
        cursor = [0]
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(_client(port, requests, deadline, budget, result, cursor, expect, tls)
                               for _ in range(clients)))
        result.seconds = time.perf_counter() - started

    asyncio.run(main())
    return result


def proc_status_bytes(pid: int, field: str) -> int:
    """A memory figure of a process from Linux's /proc/PID/status (VmRSS: resident now, VmHWM:
    its peak), in bytes; OSError or LookupError where there is none."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def rss_bytes(pid: int) -> int:
    """Resident set size of a process (Linux /proc; 0 where unavailable)."""
    try:
        return proc_status_bytes(pid, "VmRSS")
    except (OSError, LookupError):
        return 0


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process and all its threads (Linux /proc; None elsewhere):
    on a shared machine the server's CPU per request is steadier than requests per second."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
