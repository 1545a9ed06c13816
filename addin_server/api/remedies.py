"""Remedies (整改措施): list them, rank them against problem texts, render the chosen ones."""
from __future__ import annotations

from ..checks.correspondence import document_measures
from ..readers import read_paragraphs
from ..remedies import library
from .errors import ApiError
from .parsing import (DOCX_RESPONSE_DOC, Blueprint, download_name, framework_field, framework_label,
                      rendered_file, settings)
from .schemas import (DownloadQuerySchema, RankRequestSchema, RankResponseSchema,
                      RemedyListQuerySchema, RemedyListSchema, RenderRemediesRequestSchema,
                      RenderedRemediesSchema)
from ..remedies import rank as ranking
from ..render import remedies as renderer
from ..render.remedies import Selection

blp = Blueprint("remedies", __name__, url_prefix="/api/remedies",
                description="Remedy library: list, rank against problems, render")

def _dimension(framework, key, field="dimension", which=""):
    """`key` when the framework has that dimension, else a 400 at `field`; `which` says in the
    message which selection it is (「第 2 条整改措施：」), as the field path does for programs."""
    if key is not None and framework.dimension(key) is None:
        known = ", ".join(d.key for d in framework.dimensions)
        # Titles hold 「、」 themselves, so they are set apart with 「；」.
        message = (f"对照方面“{key}”不在所选框架中，可用：{'；'.join(d.title for d in framework.dimensions)}")
        raise ApiError(400, "dimension.unknown",
                       f"{which}{message} / no dimension {key!r} in {framework.id} (known: {known})",
                       {field: [message]})
    return key


@blp.route("", methods=["GET"])
@blp.arguments(RemedyListQuerySchema, location="query")
@blp.response(200, RemedyListSchema)
def list_all(query):
    """列出整改措施 / Remedies for a framework, optionally for one dimension."""
    framework = framework_field(query.get("framework"))
    dimension = _dimension(framework, query.get("dimension"))

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

    measures = _measures(framework, args["paragraphs"])
    ranked = ranking.rank_remedies(framework, dimension, args["problems"], measures)
    shown = {s.remedy.id for s in ranked}
    left_out = [r.id for r in library.list_remedies(framework.id, dimension) if r.id not in shown]
    return {"framework": framework.id, "dimension": dimension,
            "results": [suggestion.to_dict() for suggestion in ranked], "already_written": left_out}


def _measures(framework, paragraphs) -> list[str]:
    """The 整改措施 items of the paragraphs sent (none sent: none), as the check reads them."""
    if not paragraphs:
        return []
    document = read_paragraphs(paragraphs, max_paragraphs=settings().max_paragraphs)
    return document_measures(document, framework)


@blp.route("/render", methods=["POST"])
@blp.arguments(DownloadQuerySchema, location="query")
@blp.arguments(RenderRemediesRequestSchema)
@blp.response(200, RenderedRemediesSchema)
@blp.doc(**DOCX_RESPONSE_DOC)
@blp.errors(413, 415)
def render(query, args):
    """生成所选整改措施 / Render the chosen remedies (with their parameters filled in) as .docx."""
    framework = framework_field(args["framework"])

    selections = selections_from(framework, args["selections"])
    with remedy_parameter_errors():
        data = renderer.render_remedies(framework, selections, with_table=args["with_table"])
        defaults = [d.to_dict() for d in renderer.defaults_filled(renderer.resolve_selections(framework, selections))]
    return rendered_file(data, download_name(f"整改措施（{framework_label(framework)}）"), query["download"],
                         defaults=defaults)


def selections_from(framework, raw_selections, field: str = "selections"):
    """The request's selections ({dimension, remedy_id, params}) as renderer Selections, or a 400
    naming the field of the first unknown dimension or remedy."""

    selections = []
    for i, sel in enumerate(raw_selections):
        _dimension(framework, sel["dimension"], f"{field}.{i}.dimension", f"第 {i + 1} 条整改措施：")
        where = f"{field}.{i}.remedy_id"
        # An id may leave out its framework, as the command line writes it (theory-study-plan).
        remedy_id = sel["remedy_id"] if "." in sel["remedy_id"] else f"{framework.id}.{sel['remedy_id']}"
        try:
            remedy = library.applicable_remedy(framework, sel["dimension"], remedy_id)
        except library.UnknownRemedyError as exc:
            message = str(exc).split(" / ")[0]
            raise ApiError(400, "remedy.unknown", f"第 {i + 1} 条整改措施：{exc}", {where: [message]}) from None
        selections.append(Selection(sel["dimension"], remedy.id, sel.get("params") or {},
                                    problem=sel.get("problem")))
    return selections


class remedy_parameter_errors:
    """Turns RemedyParameterError into a 400 with one Chinese message per parameter field."""

    def __init__(self, field: str = "selections"):
        self.field = field

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is None or not issubclass(kind, library.RemedyParameterError):
            return False
        prefix = f"{self.field}.{exc.index}.params" if exc.index is not None else "params"
        problems = {f"{prefix}.{name}": [exc.missing_message(name)] for name in exc.missing}
        problems.update({f"{prefix}.{name}": [reason] for name, reason in exc.invalid.items()})
        raise ApiError(400, "remedy.parameters", str(exc), problems) from None
