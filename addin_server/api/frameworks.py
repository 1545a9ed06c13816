"""GET /api/frameworks, GET /api/frameworks/<id>: what the pane needs to draw its forms."""
from __future__ import annotations

from ..frameworks import FrameworkError, default_framework, get_framework, list_frameworks
from .errors import ApiError
from .parsing import Blueprint
from .schemas import FrameworkListSchema, FrameworkSchema

blp = Blueprint("frameworks", __name__, url_prefix="/api/frameworks",
                description="Meeting frameworks: dimensions and required sections")


@blp.route("", methods=["GET"])
@blp.response(200, FrameworkListSchema)
def list_all():
    """列出对照检查框架 / List the frameworks, the default first."""
    return {"default": default_framework().id,
            "frameworks": [f.to_dict() for f in list_frameworks()]}


@blp.route("/<string:framework_id>", methods=["GET"])
@blp.response(200, FrameworkSchema)
@blp.errors(404)
def get_one(framework_id: str):
    """查看一个框架 / One framework by id."""
    try:
        return get_framework(framework_id).to_dict()
    except FrameworkError as exc:
        raise ApiError(404, "framework.not_found", str(exc)) from None
