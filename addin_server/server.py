"""The local server: hypercorn's asyncio HTTP/1.1 and TLS in front, the Flask app in a thread pool.

Why hypercorn (measured with bench/slow_clients.py, docs/performance.md): with cheroot, the
earlier server, one TCP connection that never starts TLS froze every new HTTPS connection (the
handshake ran in the accept loop), and eight slowloris clients or slow uploads took all eight
threads, since each connection holds a thread while its request is read. Here connections are
asyncio tasks: the TLS handshake runs in the event loop (never blocking accept), headers must
arrive within `header_timeout` of the connection opening (hypercorn's idle timeout), and a body
within `body_timeout` (settings of the same names); only a request that has fully arrived takes a
thread. Each request has a time
limit (`request_timeout`) after which the client gets a clear 503 instead of waiting on; a
streamed response (the review page's progress) is passed on as it is written, for as long as
it keeps coming.
hypercorn is pure Python, uses the standard library's ssl, and runs on Windows.

Organisation hosting does not use this module: gunicorn runs `addin_server.wsgi:app` behind nginx
(docs/hosting.md).

The access log has one line per request with the method, the path, the status, the response size
and the time taken — never query strings, bodies or uploaded file names, which can hold document
text.
"""
from __future__ import annotations

import asyncio
import errno
import json
import logging
import signal
import socket
import ssl
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from .cancel import Cancelled, cancellable
from .config import DEFAULTS
from .memory import HeapTrimmer

access_log = logging.getLogger("addin_server.access")
log = logging.getLogger("addin_server.server")

# Defaults of the `header_timeout` and `body_timeout` settings (addin_server/config.py): a client
# must send its request line and headers within HEADER_TIMEOUT seconds of connecting (or of its
# previous response, on a kept-alive connection), and a request body within BODY_TIMEOUT of its
# headers.
HEADER_TIMEOUT = float(DEFAULTS.header_timeout)
BODY_TIMEOUT = float(DEFAULTS.body_timeout)
TLS_HANDSHAKE_TIMEOUT = 10.0
# hypercorn's read_timeout closes a connection whose read waited that long, without an answer
# (it does not read while a request is worked on). The body deadline must answer a stalled body
# first, with its 408, so the read timeout is only a backstop this far above both limits.
READ_TIMEOUT_MARGIN = 5.0
GRACEFUL_STOP_SECONDS = 5.0
HEAP_TRIM_SECONDS = 10.0


class AccessLog:
    """WSGI middleware writing the access log line when the response is finished."""

    def __init__(self, app, logger: logging.Logger = access_log):
        self.app, self.logger = app, logger

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        status = ["-"]

        def recording_start_response(status_line, headers, exc_info=None):
            status[0] = status_line.split(" ", 1)[0]
            return start_response(status_line, headers, exc_info)

        body = self.app(environ, recording_start_response)
        return _LoggedBody(body, self.logger, environ.get("REQUEST_METHOD", "-"),
                           environ.get("PATH_INFO", ""), status, started)


class _LoggedBody:
    def __init__(self, body, logger, method, path, status, started):
        self.body, self.logger, self.method = body, logger, method
        # Quoted so a crafted path cannot forge log lines; cut so it cannot flood them.
        self.path = quote(path, safe="/:@-._~!$&'()*+,;=")[:200]
        self.status, self.started, self.size = status, started, 0

    def __iter__(self):
        for chunk in self.body:
            self.size += len(chunk)
            yield chunk

    def close(self):
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            elapsed_ms = (time.perf_counter() - self.started) * 1000
            self.logger.info("%s %s %s %d %.1fms", self.method, self.path, self.status[0],
                             self.size, elapsed_ms)


# ----------------------------------------------------------------------------- WSGI bridge


def _error(status: int, code: str, message: str):
    """A response in the API's one error shape (api/errors.py), made without the app."""
    body = json.dumps({"error": {"code": code, "message": message, "fields": {}}},
                      ensure_ascii=False).encode("utf-8")
    return status, [(b"Content-Type", b"application/json"), (b"Content-Length", str(len(body)).encode()),
                    (b"Connection", b"close")], body


def _too_slow_body(seconds: float):
    return _error(408, "request.timeout",
                  f"请求内容在 {seconds:g} 秒内没有传完，连接已关闭。请检查网络后重试。 / "
                  f"The request body did not arrive within {seconds:g} s.")


def _too_large():
    return _error(413, "request.too_large", "请求内容超过大小上限 / Request body exceeds the size limit")


def too_long_message(seconds: float) -> str:
    """The 503's message when a request's work passed its time limit (here, and under gunicorn:
    wsgi.TimeLimit)."""
    return (f"处理时间超过 {seconds:.0f} 秒，已停止等待。文档可能过大或过于复杂，请拆分后重试。 / "
            f"The request took longer than {seconds:.0f} s and was abandoned.")


def _too_long(seconds: float):
    return _error(503, "request.too_long", too_long_message(seconds))


def _internal():
    return _error(500, "internal_error", "服务器内部错误 / Internal server error")


def _environ(scope: dict, body: bytes) -> dict:
    server = scope.get("server") or ("localhost", 0)
    client = scope.get("client") or ("", 0)
    path = scope.get("raw_path") or scope["path"].encode("utf-8")
    path = path.split(b"?", 1)[0].decode("latin-1")
    import io
    from urllib.parse import unquote_to_bytes

    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
        "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    for raw_name, raw_value in scope.get("headers", ()):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        if name == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
            continue
        if name == "CONTENT_LENGTH":
            continue  # the body as received
        key = f"HTTP_{name}"
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


class _Abandoned(Exception):
    """Raised in the app's thread when nobody waits for its response any more (the time limit
    passed, or the client went away), so a streaming response stops being produced."""


class _Response:
    """The app's response as a pool thread produces it, handed to the event loop piece by piece:
    ("start", status, headers) before the first body chunk, ("body", chunk)…, then ("end",) or
    ("error", exc). A streamed response (the review page's progress lines) reaches the client
    as it is written, not when the app has finished."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop, self.queue = loop, asyncio.Queue()
        self.abandoned = False
        # Pieces put by the thread and not yet handed to the loop. Waking the loop costs a
        # system call, so a response made at once (status, body and end in quick succession:
        # nearly every request) wakes it once, not once a piece.
        self.pending: list = []
        self.lock = threading.Lock()

    def put(self, item) -> None:
        if self.abandoned:
            raise _Abandoned()
        with self.lock:
            self.pending.append(item)
            if len(self.pending) > 1:
                return   # a hand-over is already on its way
        try:
            self.loop.call_soon_threadsafe(self._hand_over)
        except RuntimeError:   # the event loop has stopped (server shutting down)
            self.abandoned = True
            raise _Abandoned() from None

    def _hand_over(self) -> None:
        """In the event loop: every piece put so far, in order."""
        with self.lock:
            pieces, self.pending = self.pending, []
        for piece in pieces:
            self.queue.put_nowait(piece)

    def run(self, app, environ: dict) -> None:
        """In a pool thread: run the WSGI app, putting its response as it comes."""
        started: list = []

        def start_response(status, headers, exc_info=None):
            started[:] = [int(status.split(" ", 1)[0]),
                          [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]]
            return write

        def write(data: bytes) -> None:
            if started:
                self.put(("start", *started))
                started.clear()
            if data:
                self.put(("body", data))

        try:
            # The work itself stops at its next checkpoint once the response is given up
            # (cancel.py): after the 503 of the time limit, or when the server stops.
            with cancellable(lambda: self.abandoned):
                result = app(environ, start_response)
                try:
                    for chunk in result:
                        write(chunk)
                finally:
                    if hasattr(result, "close"):
                        result.close()
            write(b"")
            self.put(("end",))
        except (_Abandoned, Cancelled):
            pass
        except Exception as exc:  # noqa: BLE001 - answered in the event loop (500 or cut short)
            try:
                self.put(("error", exc))
            except _Abandoned:
                pass

    async def next(self, timeout: float):
        if not self.queue.empty():
            return self.queue.get_nowait()
        return await asyncio.wait_for(self.queue.get(), timeout)


class WsgiBridge:
    """hypercorn's app interface around a WSGI app: the body is read in the event loop (bounded
    in size and time, holding no thread), then the app runs in a pool thread under a time limit:
    its response must start within `request_timeout` (else a clear 503), and a streamed one must
    go on producing (no gap longer than that between two pieces)."""

    def __init__(self, app, threads: int, max_body, request_timeout: float,
                 body_timeout: float = BODY_TIMEOUT):
        # max_body: bytes, or a function of the request path giving them (routes differ)
        self.body_limit = max_body if callable(max_body) else (lambda path, limit=max_body: limit)
        self.app, self.request_timeout = app, request_timeout
        self.body_timeout = body_timeout
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="addin-server")

    async def __call__(self, scope, receive, send, sync_spawn=None, call_soon=None) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close"})
            return  # lifespan: nothing to start or stop
        if scope.get("http_version") not in ("1.0", "1.1"):   # the HTTP/2 preface's PRI request
            return await _send_whole(send, *_error(
                505, "request.http_version", "只支持 HTTP/1.1 / Only HTTP/1.1 is served"))
        environ = await self._read_request(scope, receive)
        if isinstance(environ, tuple):   # refused before the app: (status, headers, body)
            return await _send_whole(send, *environ)
        response = _Response(asyncio.get_running_loop())
        self.executor.submit(response.run, self.app, environ)
        try:
            await self._relay(scope, response, send)
        finally:
            response.abandoned = True   # the thread stops at its next piece, if still going

    async def _read_request(self, scope, receive):
        """The WSGI environ of a request whose body arrived in time and within its limit, or the
        error response to send instead."""
        loop = asyncio.get_running_loop()
        body = bytearray()
        max_body = self.body_limit(scope["path"])
        deadline = loop.time() + self.body_timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                return _too_slow_body(self.body_timeout)
            if message["type"] == "http.disconnect":
                return _error(400, "request.bad", "连接已断开 / client disconnected")
            body += message.get("body", b"")
            if len(body) > max_body:
                return _too_large()
            if not message.get("more_body"):
                break
        return _environ(scope, bytes(body))

    async def _relay(self, scope, response: _Response, send) -> None:
        where = f"{scope['method']} {quote(scope['path'])[:200]}"
        try:
            first = await response.next(self.request_timeout)
        except asyncio.TimeoutError:
            log.warning("request over the %.0f s time limit: %s", self.request_timeout, where)
            return await _send_whole(send, *_too_long(self.request_timeout))
        if first[0] != "start":   # the app failed, or ended without ever calling start_response
            log.error("unhandled %s while serving a request",
                      type(first[1]).__name__ if first[0] == "error" else "response without a status")
            return await _send_whole(send, *_internal())
        _, status, headers = first
        await send({"type": "http.response.start", "status": status, "headers": headers})
        while True:
            try:
                piece = await response.next(self.request_timeout)
            except asyncio.TimeoutError:
                # The status is sent: the response can only be cut short. Returning without its
                # last piece makes hypercorn close the connection, so the client sees it cut
                # (an incomplete chunked body), never a short stream that looks complete.
                log.warning("streamed response stalled over %.0f s, closed: %s", self.request_timeout, where)
                return
            if piece[0] == "body":
                await send({"type": "http.response.body", "body": piece[1], "more_body": True})
                continue
            if piece[0] == "error":
                # Cut short like a stalled stream: the client must not take it for complete.
                log.error("unhandled %s while streaming a response", type(piece[1]).__name__)
                return
            break
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def _send_whole(send, status: int, headers, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


# ----------------------------------------------------------------------------- the server

# The address `serve` binds by default, and the one it adds beside it (see Server.prepare).
IPV4_LOOPBACK, IPV6_LOOPBACK = "127.0.0.1", "::1"


def loopback_pair(host: str) -> tuple[tuple[str, bool], ...]:
    """(address, required) pairs to listen on for `host`: the IPv4 loopback (or `localhost`)
    means both loopback addresses, the IPv6 one optional; any other host means itself."""
    if host in (IPV4_LOOPBACK, "localhost"):
        return ((IPV4_LOOPBACK, True), (IPV6_LOOPBACK, False))
    return ((host, True),)


class _SecondAddressTaken(Exception):
    """A system-chosen port (0) was free on the first address but taken on another."""


# bind() errors that mean "this machine has no such address" (no IPv6 loopback), not "taken"
NO_SUCH_ADDRESS = {errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT,
                    getattr(errno, "WSAEADDRNOTAVAIL", -1), getattr(errno, "WSAEAFNOSUPPORT", -1)}


def is_address_in_use(exc: OSError) -> bool:
    """bind() refused because another socket holds the port (POSIX errno or Windows' 10048)."""
    return exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", 10048)) or \
        getattr(exc, "winerror", None) == 10048


def listening_socket(address: str, port: int) -> socket.socket:
    family, kind, proto, _, sockaddr = socket.getaddrinfo(
        address or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        if sys.platform != "win32":
            # so a restart is not refused while old connections linger in TIME_WAIT (on
            # Windows the option would let a second server steal the port)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(sockaddr)
        sock.listen(1024)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _bind_all(addresses, port: int) -> list[socket.socket]:
    """One listening socket per address, all on the same port (the first one's, when 0)."""
    sockets: list[socket.socket] = []
    try:
        for address, required in addresses:
            try:
                sock = listening_socket(address, port)
            except socket.gaierror:
                if required:
                    raise
                continue
            except OSError as exc:
                if not required and exc.errno in NO_SUCH_ADDRESS:
                    continue
                if sockets and port == 0 and is_address_in_use(exc):
                    raise _SecondAddressTaken() from exc
                raise
            sockets.append(sock)
            port = port or sock.getsockname()[1]
    except BaseException:
        for sock in sockets:
            sock.close()
        raise
    return sockets


class Server:
    """One listening socket served by hypercorn; `prepare` binds, `serve` runs, `stop` ends."""

    def __init__(self, app, host: str, port: int, *, threads: int, cert_file: str | None,
                 key_file: str | None, max_body, request_timeout: float,
                 header_timeout: float = HEADER_TIMEOUT, body_timeout: float = BODY_TIMEOUT):
        self.host, self.port = host, port
        self.cert_file, self.key_file = cert_file, key_file
        self.header_timeout = header_timeout
        self.bridge = WsgiBridge(app, threads, max_body, request_timeout, body_timeout)
        self.socket: socket.socket | None = None   # the first of `sockets` (its port is ours)
        self.sockets: list[socket.socket] = []
        self.bind_addr = (host, port)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping = threading.Event()
        self._stop_event: asyncio.Event | None = None
        self._heap_trimmer = HeapTrimmer(HEAP_TRIM_SECONDS)

    def prepare(self) -> None:
        """Bind the listening sockets. The loopback default listens on 127.0.0.1 and on ::1 (the
        certificate and allowed hosts name both, and Windows resolves `localhost` to ::1 first);
        ::1 is left out only where the machine has no IPv6 loopback."""
        addresses = loopback_pair(self.host)
        for attempt in range(5):
            try:
                self.sockets = _bind_all(addresses, self.port)
                break
            except _SecondAddressTaken:
                # port 0: the port the system gave 127.0.0.1 is taken on ::1; ask for another
                if attempt == 4:
                    raise OSError(errno.EADDRINUSE, "no free port on both loopback addresses") from None
        self.socket = self.sockets[0]
        self.bind_addr = self.socket.getsockname()

    def _config(self):
        from hypercorn.config import Config

        config = Config()
        config.keep_alive_timeout = self.header_timeout
        config.read_timeout = int(max(self.header_timeout, self.bridge.body_timeout)
                                  + READ_TIMEOUT_MARGIN)
        config.ssl_handshake_timeout = TLS_HANDSHAKE_TIMEOUT
        config.graceful_timeout = GRACEFUL_STOP_SECONDS
        config.h11_max_incomplete_size = 64 * 1024
        config.include_server_header = False
        config.accesslog = None  # our own AccessLog, which never logs query strings
        config.errorlog = log
        config.alpn_protocols = ["http/1.1"]
        if self.cert_file:
            config.certfile, config.keyfile = self.cert_file, self.key_file
        return config

    def serve(self) -> None:
        _offer_http11_only()
        _free_refused_handshakes()
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        from hypercorn.asyncio.run import worker_serve
        from hypercorn.config import Sockets

        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        if self._stopping.is_set():
            return
        config = self._config()
        secure = list(self.sockets) if self.cert_file else []
        insecure = [] if self.cert_file else list(self.sockets)
        # Wakes the loop regularly so a signal handler installed with signal.signal runs
        # promptly on Windows too, where the proactor loop would otherwise sleep through it.
        waker = asyncio.ensure_future(self._wake_regularly())
        try:
            await worker_serve(self.bridge, config, sockets=Sockets(secure, insecure, []),
                               shutdown_trigger=self._stop_event.wait)
        finally:
            waker.cancel()
            self.bridge.executor.shutdown(wait=False, cancel_futures=True)

    async def _wake_regularly(self) -> None:
        while True:
            await asyncio.sleep(0.5)
            # Memory freed by connections (refused TLS handshakes above all: see
            # _free_refused_handshakes) stays in glibc's heap unless handed back; a trim every
            # HEAP_TRIM_SECONDS returns it, in milliseconds.
            self._heap_trimmer.after_work()

    def close(self) -> None:
        """Close the listening sockets (after `serve` has returned)."""
        for sock in self.sockets:
            sock.close()

    def stop(self) -> None:
        """Stop accepting, finish requests in flight (GRACEFUL_STOP_SECONDS at most); any thread."""
        self._stopping.set()
        loop, event = self._loop, self._stop_event
        if loop is not None and event is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:
                pass  # the loop has already stopped


def _offer_http11_only() -> None:
    """HTTP/2 is not offered (ALPN names http/1.1 only), yet hypercorn switches to it on a
    cleartext connection that opens with HTTP/2's preface or asks `Upgrade: h2c`, and there our
    header and body time limits do not hold (an h2 header block never finished stayed open past
    them). hypercorn has no setting for this, so its one decision point, H11Protocol's
    `_check_protocol` (hypercorn/protocol/h11.py), is replaced by one that never switches: an
    `Upgrade: h2c` is ignored (answered in HTTP/1.1, as RFC 9110 allows), and the preface's
    `PRI * HTTP/2.0` reaches WsgiBridge, which answers 505."""
    from hypercorn.protocol.h11 import H11Protocol

    async def never_switch(self, event) -> None:
        return None

    H11Protocol._check_protocol = never_switch


# CPython's fix of gh-109534 (a refused TLS handshake kept alive by a reference cycle) is in
# 3.11.8 and 3.12.2; this machine and CI run 3.11.7.
HANDSHAKE_CYCLE_FIXED = sys.version_info >= (3, 12, 2) or (3, 11, 8) <= sys.version_info < (3, 12)


def _free_refused_handshakes() -> None:
    """On a Python without the fix of CPython gh-109534, every refused or aborted TLS handshake
    stays in memory until the garbage collector's next full pass: asyncio's server hands the
    handshake's exception to the accepting coroutine through a future, and raising it there makes
    a cycle (exception → traceback → the coroutine's frame → the future → the exception) that
    holds the connection's SSLProtocol with its 256 KB read buffer. Measured through `serve` with
    TLS: 3,000 refused handshakes took the process from 160 to 380 MB, 15,000 to 580 MB, and
    after 18,000 it kept 340 MB, the freed buffers scattered over glibc's heap.

    The fix sets the coroutine's reference to the future to None after the exception is raised;
    from outside, the same cycle is broken at the exception: once the accepting coroutine has
    run with it (the callback is queued after the future's own), its traceback is dropped, and
    reference counting frees the frame, the future and the protocol at once. Nothing reads that
    traceback afterwards (asyncio logs it in debug mode only, within the coroutine)."""
    if HANDSHAKE_CYCLE_FIXED:
        return
    from asyncio import sslproto

    wake_waiter = sslproto.SSLProtocol._wakeup_waiter
    if getattr(wake_waiter, "frees_refused_handshakes", False):
        return

    def wake_waiter_then_forget_traceback(self, exc=None):
        failed = self._waiter is not None and isinstance(exc, BaseException)
        wake_waiter(self, exc)
        if failed:
            self._loop.call_soon(_forget_traceback, exc)

    wake_waiter_then_forget_traceback.frees_refused_handshakes = True
    sslproto.SSLProtocol._wakeup_waiter = wake_waiter_then_forget_traceback


def _forget_traceback(exc: BaseException) -> None:
    exc.__traceback__ = None


def build_server(app, host: str, port: int, *, threads: int = 8, cert_file: str | None = None,
                 key_file: str | None = None, access_log_enabled: bool = True,
                 max_body=10 * 1024 * 1024, request_timeout: float = 60.0,
                 header_timeout: float = HEADER_TIMEOUT, body_timeout: float = BODY_TIMEOUT) -> Server:
    """The local server for `app`, HTTPS when a certificate and key are given. `max_body`: the
    largest request body in bytes, or a function of the request's path giving it."""
    if cert_file:
        # Fail now, with the file's name, rather than inside the event loop.
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
    wsgi_app = AccessLog(app) if access_log_enabled else app
    return Server(wsgi_app, host, port, threads=threads, cert_file=cert_file, key_file=key_file,
                  max_body=max_body, request_timeout=request_timeout,
                  header_timeout=header_timeout, body_timeout=body_timeout)


def run(server: Server, on_ready=None) -> None:
    """Serve until SIGINT/SIGTERM (or Ctrl+Break on Windows), then stop gracefully: finish the
    requests in flight, close the socket."""
    def request_stop(signum, frame):
        log.info("shutting down")
        server.stop()

    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGBREAK"):
        if hasattr(signal, name):
            previous[name] = signal.signal(getattr(signal, name), request_stop)
    try:
        server.prepare()
        if on_ready:
            on_ready(server.bind_addr)
        server.serve()
    except KeyboardInterrupt:
        log.info("shutting down")
    finally:
        server.close()
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
