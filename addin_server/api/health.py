"""GET /healthz: the server is up (used by `serve`'s callers, tests and the pane)."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .parsing import Blueprint
from .schemas import HealthSchema

blp = Blueprint("health", __name__, description="Liveness")


def _version() -> str:
    try:
        return version("addin-server")
    except PackageNotFoundError:
        return "unknown"


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthSchema)
def healthz():
    """The server is up."""
    return {"status": "ok", "version": _version()}
