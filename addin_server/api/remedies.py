"""Remedies (整改措施): list them, rank them against problem texts, render the chosen ones."""
from __future__ import annotations

from .errors import ApiError
from .parsing import DOCX_RESPONSE_DOC, Blueprint, download_name, framework_field, framework_label, rendered_file
from .schemas import (DownloadQuerySchema, RankRequestSchema, RankResponseSchema,
                      RemedyListQuerySchema, RemedyListSchema, RenderRemediesRequestSchema,
                      RenderedFileSchema)

blp = Blueprint("remedies", __name__, url_prefix="/api/remedies",
                description="Remedy library: list, rank against problems, render")

def _dimension(framework, key, field="dimension"):
    if key is not None and framework.dimension(key) is None:
        known = ", ".join(d.key for d in framework.dimensions)
        message = f"所选框架中没有这个对照方面 / no dimension {key!r} in {framework.id} (known: {known})"
        raise ApiError(400, "dimension.unknown", message, {field: [message]})
    return key


@blp.route("", methods=["GET"])
@blp.arguments(RemedyListQuerySchema, location="query")
@blp.response(200, RemedyListSchema)
def list_all(query):
    """列出整改措施 / Remedies for a framework, optionally for one dimension."""
    framework = framework_field(query.get("framework"))
    dimension = _dimension(framework, query.get("dimension"))
    from ..remedies import library

    remedies = library.list_remedies(framework.id, dimension)
    return {"framework": framework.id, "remedies": [r.to_dict() for r in remedies]}


@blp.route("/rank", methods=["POST"])
@blp.arguments(RankRequestSchema)
@blp.response(200, RankResponseSchema)
@blp.errors(413, 415)
def rank(args):
    """按问题推荐整改措施 / Remedies of one dimension ranked by how well they answer the given problem texts."""
    framework = framework_field(args["framework"])
    dimension = _dimension(framework, args["dimension"])
    from ..remedies import rank as ranking

    ranked = ranking.rank_remedies(framework, dimension, args["problems"])
    return {"framework": framework.id, "dimension": dimension,
            "results": [suggestion.to_dict() for suggestion in ranked]}


@blp.route("/render", methods=["POST"])
@blp.arguments(DownloadQuerySchema, location="query")
@blp.arguments(RenderRemediesRequestSchema)
@blp.response(200, RenderedFileSchema)
@blp.doc(**DOCX_RESPONSE_DOC)
@blp.errors(413, 415)
def render(query, args):
    """生成所选整改措施 / Render the chosen remedies (with their parameters filled in) as .docx."""
    framework = framework_field(args["framework"])
    for i, sel in enumerate(args["selections"]):
        _dimension(framework, sel["dimension"], f"selections.{i}.dimension")
    from ..remedies import library
    from ..render import remedies as renderer  # docxtpl is imported on first use

    selections = []
    for i, sel in enumerate(args["selections"]):
        field = f"selections.{i}.remedy_id"
        try:
            library.applicable_remedy(framework, sel["dimension"], sel["remedy_id"])
        except library.UnknownRemedyError as exc:
            raise ApiError(400, "remedy.unknown", str(exc), {field: [str(exc)]}) from None
        selections.append(renderer.Selection(sel["dimension"], sel["remedy_id"], sel["params"]))
    try:
        data = renderer.render_remedies(framework, selections, with_table=args["with_table"])
    except renderer.SelectionError as exc:
        # e.g. a remedy of another dimension than the one it is filed under
        field = (f"selections.{exc.index}.{exc.field}" if exc.index is not None
                 else exc.field or "selections")
        message = f"所选整改措施与对照方面不符 / {exc}"
        raise ApiError(400, "remedy.unknown", message, {field: [message]}) from None
    except library.RemedyParameterError as exc:
        prefix = f"selections.{exc.index}.params" if exc.index is not None else "params"
        problems = {f"{prefix}.{name}": ["请填写这一项"] for name in exc.missing}
        problems.update({f"{prefix}.{name}": [reason] for name, reason in exc.invalid.items()})
        raise ApiError(400, "remedy.parameters", str(exc), problems) from None
    return rendered_file(data, download_name(f"整改措施（{framework_label(framework)}）"), query["download"])
