"""`addin_server.wsgi:app`: the app for a WSGI server an organisation already runs.

    gunicorn -c deploy/gunicorn.conf.py addin_server.wsgi:app

Settings come from the environment and the config file as for `serve` (ADDIN_SERVER_*, see
docs/configuration.md); behind nginx set at least ADDIN_SERVER_ALLOWED_HOSTS to the name users
reach. The proxy terminates TLS and says so in X-Forwarded-Proto, which is trusted from one proxy
hop, so the origin check compares against https://name. Every process builds the same app and
keeps nothing between requests but caches (docs/hosting.md): any machine can answer any request.
"""
from __future__ import annotations

from werkzeug.middleware.proxy_fix import ProxyFix

from .app import create_app


def make_app(config=None):
    """The app as served behind one reverse proxy. Warmed up before it is returned: gunicorn
    (preload_app) forks its workers from this process, and each then shares what was loaded."""
    flask_app = create_app(config, warm_up="now")
    flask_app.wsgi_app = ProxyFix(flask_app.wsgi_app, x_for=0, x_proto=1, x_host=0, x_port=0, x_prefix=0)
    return flask_app


app = make_app()
