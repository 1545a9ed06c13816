"""`serve --workers N`: N server processes listening on one port, so a shared server uses several
cores (one process runs Python on one core at a time: the GIL).

Each worker is `python -m addin_server serve --worker`, a new interpreter rather than a fork, so
nothing depends on fork semantics; it gets the parent's resolved settings as one JSON line on stdin
and binds the same address with SO_REUSEPORT, which the Linux kernel load-balances across the
listening sockets. Elsewhere SO_REUSEPORT is missing (Windows) or hands every connection to one
socket (macOS, the BSDs), so more than one worker is refused there.

The parent binds the port too (without listening) for as long as it runs: that picks the port when
`--port 0` is given, reports "address in use" before any worker starts, and keeps another program
from taking the port between the workers' binds. A socket that does not listen gets no
connections.

The parent stops the workers on SIGINT/SIGTERM and waits for their graceful stop. A worker that
exits on its own makes the parent stop the others and exit non-zero: half a service that looks
healthy would be worse than none. Workers run in their own session, so a Ctrl+C in the terminal
reaches the parent only and each worker is told to stop exactly once; a worker whose parent has
gone (stdin closed) stops by itself.
"""
from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time

READY_LINE = "ready"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0


class WorkerError(RuntimeError):
    """A worker could not start or exited unexpectedly; the message says which and how."""


def unsupported_reason() -> str | None:
    """Why several workers cannot share a port on this platform, or None when they can."""
    if not hasattr(socket, "SO_REUSEPORT") or not sys.platform.startswith("linux"):
        return ("--workers 大于 1 仅支持 Linux（需要内核在 SO_REUSEPORT 套接字间分配连接）。\n"
                f"--workers > 1 needs Linux (SO_REUSEPORT load balancing); this is {sys.platform}. "
                "Use --workers 1, or run several servers on different ports behind a proxy.")
    return None


def reserve_port(host: str, port: int) -> socket.socket:
    """A bound, non-listening SO_REUSEPORT socket on (host, port); its port is the one to share."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if port:
            # As cheroot does for a fixed port, so a restart is not refused while old
            # connections linger in TIME_WAIT.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def worker_command() -> list[str]:
    return [sys.executable, "-m", "addin_server", "serve", "--worker"]


class Supervisor:
    """Starts `count` workers with `settings`, watches them, stops them."""

    def __init__(self, settings, count: int, stderr=None):
        self.settings, self.count = settings, count
        self.stderr = stderr if stderr is not None else sys.stderr
        self.processes: list[subprocess.Popen] = []
        self._stopping = threading.Event()

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def start(self) -> None:
        """Start every worker and wait until each listens; on any failure stop those started."""
        payload = (json.dumps(self.settings.to_dict()) + "\n").encode()
        try:
            for _ in range(self.count):
                process = subprocess.Popen(worker_command(), stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, start_new_session=True)
                self.processes.append(process)
                # stdin stays open: its end-of-file tells the worker that the parent is gone.
                process.stdin.write(payload)
                process.stdin.flush()
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        waiting = {p.stdout: p for p in self.processes}
        with selectors.DefaultSelector() as selector:
            for stream in waiting:
                selector.register(stream, selectors.EVENT_READ)
            deadline = time.monotonic() + START_TIMEOUT
            while waiting:
                if self._stopping.is_set():
                    raise KeyboardInterrupt  # Ctrl+C while starting: stop quietly
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise WorkerError(f"{len(waiting)} 个工作进程未能在 {START_TIMEOUT:.0f} 秒内启动 / "
                                      f"{len(waiting)} worker(s) not listening after "
                                      f"{START_TIMEOUT:.0f} s")
                for key, _ in selector.select(min(remaining, 0.2)):
                    process = waiting[key.fileobj]
                    line = key.fileobj.readline().decode("utf-8", "replace").strip()
                    if line == READY_LINE:
                        selector.unregister(key.fileobj)
                        del waiting[key.fileobj]
                    elif not line:
                        code = process.wait()
                        if self._stopping.is_set():
                            raise KeyboardInterrupt  # it died of the SIGTERM we forwarded
                        raise WorkerError(f"工作进程 {process.pid} 启动失败（退出码 {code}）/ "
                                          f"worker {process.pid} failed to start (exit code {code})")

    def request_stop(self, *_signal_args) -> None:
        """Signal handler: tell every live worker to stop (once); `wait` then collects them."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        for process in self.processes:
            if process.poll() is None:
                try:
                    process.send_signal(signal.SIGTERM)
                except OSError:
                    pass

    def wait(self) -> int:
        """Block until a stop is requested (0 once every worker stopped cleanly) or a worker exits
        on its own (stop the others, raise WorkerError)."""
        while not self._stopping.is_set():
            for process in self.processes:
                code = process.poll()
                if code is not None:
                    self.stop()
                    raise WorkerError(
                        f"工作进程 {process.pid} 意外退出（退出码 {code}），已停止其余工作进程 / "
                        f"worker {process.pid} exited unexpectedly (exit code {code}); "
                        "stopped the others")
            self._stopping.wait(0.2)
        return self.stop()

    def stop(self) -> int:
        """Stop all workers gracefully (SIGKILL after STOP_TIMEOUT); 0 if all exited cleanly."""
        self.request_stop()
        deadline = time.monotonic() + STOP_TIMEOUT
        status = 0
        for process in self.processes:
            try:
                code = process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                code = process.wait()
                print(f"工作进程 {process.pid} 未能及时停止，已强制结束 / worker {process.pid} did not "
                      f"stop within {STOP_TIMEOUT:.0f} s and was killed", file=self.stderr)
            # A worker stopped by our SIGTERM exits 0 after its graceful stop.
            status = status or (0 if code == 0 else 1)
            for stream in (process.stdin, process.stdout):
                if stream:
                    try:
                        stream.close()
                    except OSError:
                        pass
        return status


def supervise(settings, count: int, on_ready) -> int:
    """Run `count` workers until SIGINT/SIGTERM; raise WorkerError if one fails."""
    supervisor = Supervisor(settings, count)
    previous = {name: signal.signal(getattr(signal, name), supervisor.request_stop)
                for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)}
    try:
        supervisor.start()
        on_ready((settings.host, settings.port), supervisor.pids)
        return supervisor.wait()
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


# ---------------------------------------------------------------------------- worker side


def read_worker_settings(stream=None):
    """The settings the parent sent as one JSON line."""
    from .config import settings_from_dict

    stream = stream if stream is not None else sys.stdin.buffer
    line = stream.readline()
    if not line:
        raise WorkerError("no settings on stdin (serve --worker is started by serve --workers N)")
    return settings_from_dict(json.loads(line), "worker settings from the parent process")


def stop_when_parent_exits(stream=None) -> None:
    """Watch stdin in a daemon thread; end-of-file means the parent is gone: stop like on SIGTERM."""
    fd = (stream if stream is not None else sys.stdin.buffer).fileno()

    def watch():
        # os.read, not the buffered stream: a daemon thread holding the stream's lock makes
        # interpreter shutdown abort.
        try:
            while os.read(fd, 4096):
                pass
        except OSError:
            return
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def announce_ready() -> None:
    sys.stdout.write(READY_LINE + "\n")
    sys.stdout.flush()
