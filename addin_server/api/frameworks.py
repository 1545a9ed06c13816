"""The frameworks: list (with where each comes from), one by id, and the user's own.

GET    /api/frameworks              every framework, the defaults, and files that were skipped
GET    /api/frameworks/<id>         one framework
POST   /api/framework-drafts       a framework made from aspect lines or the document's headings,
                                    validated but not saved (the pane's preview)
POST   /api/frameworks              the same, saved into the user frameworks folder
DELETE /api/frameworks/<id>         remove a user framework

The server writes framework files into the user folder only, and only the framework itself
(title and aspect wordings), never document text.
"""
from __future__ import annotations

from ..catalogue import load_problems
from ..frameworks import (FrameworkError, configured_default, default_framework, get_framework,
                          install_framework, list_frameworks, remove_framework)
from .errors import ApiError
from .parsing import Blueprint, settings
from .schemas import FrameworkDraftSchema, FrameworkListSchema, FrameworkSchema
from ..checks import problem_headings
from ..frameworks.build import build_framework
from ..readers import read_paragraphs

blp = Blueprint("frameworks", __name__, url_prefix="/api/frameworks",
                description="Meeting frameworks: dimensions and required sections; your own")


@blp.route("", methods=["GET"])
@blp.response(200, FrameworkListSchema)
def list_all():
    """列出对照检查框架及其来源 / List the frameworks, the default first, with their origin (shipped, organisation, user)."""
    return {"default": default_framework().id, "check_default": configured_default(),
            "frameworks": [f.to_dict() for f in list_frameworks()],
            "problems": [p.to_dict() for p in load_problems()]}


@blp.route("/<string:framework_id>", methods=["GET"])
@blp.response(200, FrameworkSchema)
@blp.errors(404)
def get_one(framework_id: str):
    """查看一个框架 / One framework by id."""
    try:
        return get_framework(framework_id).to_dict()
    except FrameworkError as exc:
        raise ApiError(404, "framework.not_found", exc.message) from None


def _build(args):

    aspects = args["aspects"]
    if not aspects and args["paragraphs"] is not None:
        document = read_paragraphs(args["paragraphs"], max_paragraphs=settings().max_paragraphs)
        aspects = list(problem_headings(document))
        if not aspects:
            raise ApiError(400, "framework.no_headings",
                           "文中“存在问题”部分没有找到对照方面的标题，请粘贴通知中的对照方面 / "
                           "no aspect headings found in the document", {"paragraphs": ["no headings"]})
    try:
        return build_framework(args["title"], aspects, args["meeting_type"], args["year"],
                               args["id"], source=args["source"])
    except FrameworkError as exc:
        field = (exc.field or "aspects").split("[")[0]
        raise ApiError(400, "framework.invalid", str(exc), {field: [str(exc)]}) from None


# Beside /api/frameworks rather than under it: /api/frameworks/<id> would also match "draft".
drafts = Blueprint("framework_drafts", __name__, url_prefix="/api/framework-drafts",
                   description="A framework made from aspect lines, previewed before it is saved")


@drafts.route("", methods=["POST"])
@drafts.arguments(FrameworkDraftSchema)
@drafts.response(200, FrameworkSchema)
@drafts.errors(400)
def draft(args):
    """预览新框架 / Make a framework from aspect lines (or the document's headings) without saving it."""
    return _build(args).to_dict()


@blp.route("", methods=["POST"])
@blp.arguments(FrameworkDraftSchema)
@blp.response(201, FrameworkSchema)
@blp.errors(400, 409)
def create(args):
    """新建框架 / Make a framework and save it into the user frameworks folder."""
    framework = _build(args)
    try:
        return install_framework(framework, replace=args["replace"]).to_dict()
    except FrameworkError as exc:
        raise ApiError(409, "framework.exists", str(exc), {"id": [str(exc)]}) from None
    except OSError as exc:
        raise ApiError(409, "framework.not_saved", f"无法保存框架文件 / cannot save: {exc.strerror}") from None


@blp.route("/<string:framework_id>", methods=["DELETE"])
@blp.response(200, FrameworkSchema)
@blp.errors(404, 409)
def delete(framework_id: str):
    """删除个人框架 / Remove a user framework (shipped and organisation frameworks cannot be removed)."""
    try:
        framework = get_framework(framework_id)
    except FrameworkError as exc:
        raise ApiError(404, "framework.not_found", str(exc)) from None
    try:
        return remove_framework(framework.id).to_dict()
    except FrameworkError as exc:
        raise ApiError(409, "framework.not_removable", str(exc)) from None
