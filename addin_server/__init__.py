"""对照检查助手: the local server and checking engine of a Word task-pane add-in.

Importing the package stays cheap (the CLI imports it); Flask is loaded by `create_app`.
"""
from .release import version


def create_app(config=None):
    """The Flask application (see addin_server.app.create_app)."""
    from .app import create_app as _create_app

    return _create_app(config)


__all__ = ["create_app", "version"]
