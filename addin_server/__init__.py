"""对照检查助手: the local server and checking engine of a Word task-pane add-in.

Importing the package stays cheap (the CLI imports it); Flask is loaded by `create_app`.
"""
import functools


def create_app(config=None):
    """The Flask application (see addin_server.app.create_app)."""
    from .app import create_app as _create_app

    return _create_app(config)


@functools.lru_cache(maxsize=1)
def version() -> str:
    """The installed package's version ("unknown" in a source checkout never installed); read
    once (reading the package metadata costs more than a whole GET /healthz)."""
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("addin-server")
    except PackageNotFoundError:
        return "unknown"


__all__ = ["create_app", "version"]
