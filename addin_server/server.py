"""The production server: cheroot (pure Python, runs on Windows, TLS through the builtin ssl module).

Why cheroot: gunicorn does not run on Windows, waitress has no TLS, and Flask's own server is for
development only. cheroot is CherryPy's threaded WSGI server: no compiler needed, HTTPS with the
standard library's ssl, graceful stop.

The access log has one line per request with the method, the path, the status, the response size
and the time taken — never query strings, bodies or uploaded file names, which can hold document
text.
"""
from __future__ import annotations

import logging
import signal
import ssl
import time
from urllib.parse import quote

access_log = logging.getLogger("addin_server.access")
log = logging.getLogger("addin_server.server")


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


def build_server(app, host: str, port: int, *, threads: int = 8, cert_file: str | None = None,
                 key_file: str | None = None, access_log_enabled: bool = True,
                 reuse_port: bool = False):
    """A cheroot server for `app`, HTTPS when a certificate and key are given; `reuse_port` lets
    several worker processes listen on one port (see addin_server.workers)."""
    from cheroot import wsgi

    wsgi_app = AccessLog(app) if access_log_enabled else app
    server = wsgi.Server((host, port), wsgi_app, numthreads=threads, server_name="addin-server",
                         shutdown_timeout=5, reuse_port=reuse_port)
    if cert_file:
        from cheroot.ssl.builtin import BuiltinSSLAdapter

        adapter = BuiltinSSLAdapter(cert_file, key_file)
        adapter.context.minimum_version = ssl.TLSVersion.TLSv1_2
        server.ssl_adapter = adapter
    return server


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def run(server, on_ready=None) -> None:
    """Serve until SIGINT/SIGTERM (or Ctrl+Break on Windows), then stop gracefully: finish the
    requests in flight, close the socket."""
    for name in ("SIGTERM", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _raise_interrupt)
    try:
        server.prepare()
        if on_ready:
            on_ready(server.bind_addr)
        server.serve()
    except KeyboardInterrupt:
        log.info("shutting down")
    finally:
        server.stop()
