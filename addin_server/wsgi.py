"""`addin_server.wsgi:app`: the app for a WSGI server an organisation already runs.

    gunicorn -c deploy/gunicorn.conf.py addin_server.wsgi:app

Settings come from the environment and the config file as for `serve` (ADDIN_SERVER_*, see
docs/configuration.md); behind nginx set at least ADDIN_SERVER_ALLOWED_HOSTS to the name users
reach. The proxy terminates TLS and says so in X-Forwarded-Proto, which is trusted from one proxy
hop, so the origin check compares against https://name. Every process builds the same app and
keeps nothing between requests but caches (docs/hosting.md): any machine can answer any request.
"""
from __future__ import annotations

import json
import logging
import time

from werkzeug.middleware.proxy_fix import ProxyFix

from .app import create_app
from .cancel import Cancelled, cancellable
from .server import too_long_message

log = logging.getLogger("addin_server.wsgi")


class TimeLimit:
    """WSGI middleware giving each request's work the local server's time limit
    (`request_timeout`), which gunicorn has not: its gthread workers let a request run as long as
    it takes, so a large document's check went on for minutes in a worker after nginx had given
    up at its proxy_read_timeout. Here the work stops at its next checkpoint (cancel.py) once the
    limit has passed, and the client gets the same 503 as from `serve`, before nginx's timeout.

    The limit covers the app's call, where every route but the review page's does its work; the
    review page streams its progress from an iterator afterwards, as long as it keeps going."""

    def __init__(self, app, seconds: float):
        self.app, self.seconds = app, seconds

    def __call__(self, environ, start_response):
        deadline = time.monotonic() + self.seconds
        try:
            with cancellable(lambda: time.monotonic() > deadline):
                return self.app(environ, start_response)
        except Cancelled:
            log.warning("request over the %.0f s time limit: %s %s", self.seconds,
                        environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", "")[:200])
            body = json.dumps({"error": {"code": "request.too_long", "fields": {},
                                         "message": too_long_message(self.seconds)}},
                              ensure_ascii=False).encode("utf-8")
            start_response("503 Service Unavailable", [("Content-Type", "application/json"),
                                                       ("Content-Length", str(len(body)))])
            return [body]


def make_app(config=None):
    """The app as served behind one reverse proxy. Warmed up before it is returned: gunicorn
    (preload_app) forks its workers from this process, and each then shares what was loaded."""
    flask_app = create_app(config, warm_up="now")
    flask_app.wsgi_app = TimeLimit(
        ProxyFix(flask_app.wsgi_app, x_for=0, x_proto=1, x_host=0, x_port=0, x_prefix=0),
        flask_app.config["ADDIN_SERVER_SETTINGS"].request_timeout)
    return flask_app


app = make_app()
