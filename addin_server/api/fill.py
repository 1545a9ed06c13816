"""Fill the writer's own document: insert the missing parts and chosen remedies at their places.

POST /api/fill/plan takes the paragraphs the pane read from Word and answers what to insert where
(the pane then inserts it with word.js insertParagraphs); POST /api/fill/docx takes an uploaded
.docx and returns the same document with the plan carried out (the standalone page, WPS users);
POST /api/fill/docx/plan answers, for the same upload and fields, the plan /api/fill/docx would
carry out, so the page can show it before the writer confirms.
"""
from __future__ import annotations

from ..readers import read_paragraphs
from .errors import ApiError
from .parsing import (DOCX_RESPONSE_DOC, Blueprint, derived_name, framework_field, json_response,
                      rendered_file, settings)
from .remedies import remedy_parameter_errors, selections_from
from .schemas import DownloadQuerySchema, FillPlanRequestSchema, FillPlanSchema, FillUploadSchema, RenderedFileSchema
from ..frameworks import AUTO, configured_default
from ..readers import read_docx
from ..render.fill import fill_docx
from ..render.plan import PlanError, framework_for, plan_fill
from ..render.remedies import SelectionError, parse_selection

blp = Blueprint("fill", __name__, url_prefix="/api/fill",
                description="Insert missing parts and remedies into the writer's own document")


class plan_errors(remedy_parameter_errors):
    """PlanError (a part that is unknown or not missing) and SelectionError as 400s at their field."""

    def __exit__(self, kind, exc, tb):

        if kind is not None and issubclass(kind, PlanError):
            field = exc.field.replace("add_missing", "parts")
            raise ApiError(400, "fill.part", str(exc), {field: [str(exc)]}) from None
        if kind is not None and issubclass(kind, SelectionError):
            raise ApiError(400, "remedy.unknown", str(exc), {exc.field_path(self.field): [exc.message]}) from None
        return super().__exit__(kind, exc, tb)


def _framework(requested, document, framework_for):
    """The framework asked for; with "auto" the one the document is written for, recognised from
    its headings as the checks do; an absent field means the configured default, as for a check
    (which is "auto" unless the organisation pins a framework)."""
    if not requested:
        requested = configured_default()
    if requested == AUTO:
        return framework_for(document(), AUTO)
    return framework_field(requested)


def _add_missing(args):
    return args["parts"] if args["parts"] else bool(args["add_missing"])


@blp.route("/plan", methods=["POST"])
@blp.arguments(FillPlanRequestSchema)
@blp.alt_response(200, schema=FillPlanSchema, description="OK", success=True)
@blp.errors(413, 415)
def plan(args):
    """补写计划 / What to insert where in the paragraphs read from Word

    The missing sections and dimensions (with `add_missing`, or the chosen `parts`) and the
    remedies, numbered on from the last measure, each after the paragraph it follows."""
    document = read_paragraphs(args["paragraphs"], max_paragraphs=settings().max_paragraphs)

    framework = _framework(args.get("framework"), lambda: document, framework_for)

    selections = selections_from(framework, args["selections"])
    with plan_errors():
        result = plan_fill(document, framework, add_missing=_add_missing(args), selections=selections,
                           items_per_dimension=args["items_per_dimension"])
    return json_response(result.to_dict())


def _upload_selections(framework, specs):
    """The `remedy` fields of an upload (DIMENSION=REMEDY_ID[,参数=值…]) as checked selections."""
    selections = []
    for i, spec in enumerate(specs):
        try:
            selections.append(parse_selection(spec))
        except SelectionError as exc:
            raise ApiError(400, "remedy.unknown", str(exc), {f"remedy.{i}": [str(exc)]}) from None
    return selections_from(framework, [s.to_dict() for s in selections], "remedy")


@blp.route("/docx/plan", methods=["POST"])
@blp.arguments(FillUploadSchema, location="multipart")
@blp.alt_response(200, schema=FillPlanSchema, description="OK", success=True)
@blp.errors(413, 415, 422)
def plan_upload(args):
    """补写计划（上传的文档） / What /api/fill/docx would insert where in the uploaded .docx

    The same fields as /api/fill/docx; answers the plan it would carry out (what, where, which
    typed numbers it renumbers), so the writer sees it before anything changes."""

    document = read_docx(args["file"].read(), max_paragraphs=settings().max_paragraphs)
    framework = _framework(args.get("framework"), lambda: document, framework_for)
    selections = _upload_selections(framework, args["remedy"])
    with plan_errors("remedy"):
        result = plan_fill(document, framework, add_missing=_add_missing(args), selections=selections,
                           items_per_dimension=args["items_per_dimension"])
    return json_response(result.to_dict())


@blp.route("/docx", methods=["POST"])
@blp.arguments(DownloadQuerySchema, location="query")
@blp.arguments(FillUploadSchema, location="multipart")
@blp.response(200, RenderedFileSchema)
@blp.doc(**DOCX_RESPONSE_DOC)
@blp.errors(413, 415, 422)
def fill_upload(query, args):
    """补齐上传的文档 / The uploaded .docx with the missing parts and remedies inserted

    The missing parts go at their places and the remedies (`remedy`: DIMENSION=REMEDY_ID[,参数=值…],
    repeatable) after the last measure of its 整改措施; every other paragraph is unchanged. The
    file name says 已补写."""

    data = args["file"].read()
    framework = _framework(args.get("framework"), lambda: read_docx(
        data, max_paragraphs=settings().max_paragraphs), framework_for)
    selections = _upload_selections(framework, args["remedy"])
    with plan_errors("remedy"):
        result = fill_docx(data, framework, add_missing=_add_missing(args), selections=selections,
                           items_per_dimension=args["items_per_dimension"],
                           max_paragraphs=settings().max_paragraphs)
    return rendered_file(result.data, derived_name(args["file"], "已补写"), query["download"])
