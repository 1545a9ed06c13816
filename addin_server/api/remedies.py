"""Remedies (整改措施): list them, rank them against problem texts, render the chosen ones."""
from __future__ import annotations

from marshmallow import fields

from .errors import ApiError
from .parsing import (DOCX_RESPONSE_DOC, Blueprint, framework_field, rendered_file,
                      require_module)
from .schemas import (DownloadQuerySchema, RankRequestSchema, RankResponseSchema,
                      RemedyListQuerySchema, RemedyListSchema, RenderRemediesRequestSchema,
                      RenderedFileSchema)

blp = Blueprint("remedies", __name__, url_prefix="/api/remedies",
                description="Remedy library: list, rank against problems, render")

_FEATURE = "整改措施库 / remedy library"


def _library():
    return require_module("addin_server.remedies", _FEATURE)


def _dimension(framework, key, field="dimension"):
    if key is not None and framework.dimension(key) is None:
        known = ", ".join(d.key for d in framework.dimensions)
        message = f"框架 {framework.id} 没有这个对照方面 / no dimension {key!r} (known: {known})"
        raise ApiError(400, "dimension.unknown", message, {field: [message]})
    return key


@blp.route("", methods=["GET"])
@blp.arguments(RemedyListQuerySchema, location="query")
@blp.response(200, RemedyListSchema)
@blp.errors(501)
def list_all(query):
    """Remedies for a framework, optionally for one dimension."""
    framework = framework_field(query["framework"])
    dimension = _dimension(framework, query["dimension"])
    library = _library()
    remedies = library.list_remedies(framework.id, dimension)
    return {"framework": framework.id, "remedies": [r.to_dict() for r in remedies]}


@blp.route("/rank", methods=["POST"])
@blp.arguments(RankRequestSchema)
@blp.response(200, RankResponseSchema)
@blp.errors(413, 415, 501)
def rank(args):
    """Remedies of one dimension ranked by how well they answer the given problem texts."""
    framework = framework_field(args["framework"])
    dimension = _dimension(framework, args["dimension"])
    library = _library()
    ranked = library.rank_remedies(framework, dimension, args["problems"])
    return {"framework": framework.id, "dimension": dimension, "results": [
        {"remedy": remedy.to_dict(), "score": float(score), "matched_terms": list(terms)}
        for remedy, score, terms in ranked]}


@blp.route("/render", methods=["POST"])
@blp.arguments(DownloadQuerySchema, location="query")
@blp.arguments(RenderRemediesRequestSchema)
@blp.response(200, RenderedFileSchema)
@blp.doc(**DOCX_RESPONSE_DOC)
@blp.errors(413, 415, 501)
def render(query, args):
    """Render the chosen remedies (with their parameters filled in) as .docx."""
    framework = framework_field(args["framework"])
    for i, sel in enumerate(args["selections"]):
        _dimension(framework, sel["dimension"], f"selections.{i}.dimension")
    library = _library()
    renderer = require_module("addin_server.render.remedies", _FEATURE)
    selections = []
    for i, sel in enumerate(args["selections"]):
        if library.get_remedy(sel["remedy_id"]) is None:
            message = f"没有这条整改措施 / no remedy {sel['remedy_id']!r}"
            raise ApiError(400, "remedy.unknown", message, {f"selections.{i}.remedy_id": [message]})
        selections.append(renderer.Selection(sel["dimension"], sel["remedy_id"], sel["params"]))
    try:
        data = renderer.render_remedies(framework, selections, with_table=args["with_table"])
    except library.RemedyParameterError as exc:
        problems = {f"params.{name}": ["缺少 / missing"] for name in exc.missing}
        problems.update({f"params.{name}": ["无效 / invalid"] for name in exc.invalid})
        raise ApiError(400, "remedy.parameters", str(exc), problems) from None
    return rendered_file(data, f"{framework.id}-remedies.docx", query["download"])
