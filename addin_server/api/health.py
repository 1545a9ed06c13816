"""GET /healthz: the server is up (used by `serve`'s callers, tests and the pane)."""
from __future__ import annotations

from ..release import version
from .parsing import Blueprint
from .schemas import HealthSchema

blp = Blueprint("health", __name__, description="Liveness")


@blp.route("/healthz", methods=["GET"])
@blp.response(200, HealthSchema)
def healthz():
    """服务是否在运行 / The server is up."""
    return {"status": "ok", "version": version()}
