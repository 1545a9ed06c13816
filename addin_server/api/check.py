"""POST /api/check (paragraphs from the pane) and POST /api/check/docx (an uploaded file).

Both read the document in memory (the upload never touches the disk: see app.InMemoryRequest)
and return the same report. The report is serialised straight from the engine's ``to_dict()``
rather than dumped through ReportSchema: that schema mirrors ``to_dict()`` key for key (the
OpenAPI document still names it, and the schemathesis tests hold every response to it), so the
dump only copied the report once more — a tenth of a pane check's time.
"""
from __future__ import annotations

from ..checks import check
from ..readers import read_docx, read_paragraphs
from .parsing import (DOCX_RESPONSE_DOC, Blueprint, derived_name, framework_field, json_response,
                      rendered_file, settings)
from .schemas import (CheckRequestSchema, CheckUploadSchema, CodeListSchema, DownloadQuerySchema,
                      FixedFileSchema, FixUploadSchema, ReportSchema)
from ..checks.report import Edit
from ..finding_codes import CODES
from ..render.fixes import apply_fixes, edits_of

blp = Blueprint("check", __name__, url_prefix="/api/check",
                description="Completeness check of a 对照检查材料")


@blp.route("", methods=["POST"])
@blp.arguments(CheckRequestSchema)
@blp.alt_response(200, schema=ReportSchema, description="OK", success=True)
@blp.errors(413, 415)
def check_paragraphs(args):
    """检查窗格读取的段落 / Check paragraphs read from Word by the task pane."""
    framework = framework_field(args["framework"], auto=True)
    document = read_paragraphs(args["paragraphs"], max_paragraphs=settings().max_paragraphs)
    return json_response(check(document, framework, disabled=args["disabled"]).to_dict())


@blp.route("/codes", methods=["GET"])
@blp.response(200, CodeListSchema)
def codes():
    """检查项一览 / Every finding code with its default severity and description (finding_codes.CODES)."""
    return {"codes": [{"code": code, "severity": severity, "description": description}
                      for code, (severity, description) in CODES.items()]}


@blp.route("/docx", methods=["POST"])
@blp.arguments(CheckUploadSchema, location="multipart")
@blp.alt_response(200, schema=ReportSchema, description="OK", success=True)
@blp.errors(413, 415, 422)
def check_docx(args):
    """检查上传的 .docx / Check an uploaded .docx file."""
    framework = framework_field(args.get("framework"), auto=True)
    document = read_docx(args["file"].read(), max_paragraphs=settings().max_paragraphs)
    return json_response(check(document, framework, disabled=args["disabled"]).to_dict())


@blp.route("/docx/fixed", methods=["POST"])
@blp.arguments(DownloadQuerySchema, location="query")
@blp.arguments(FixUploadSchema, location="multipart")
@blp.response(200, FixedFileSchema)
@blp.doc(**DOCX_RESPONSE_DOC)
@blp.errors(413, 415, 422)
def fixed_docx(query, args):
    """下载改正版 / The uploaded .docx with the findings' fixes applied.

    Safe fixes only unless `unsafe`; `codes` limits them to some kinds; `edits` gives the edits
    themselves (the findings a writer chose). Every other character and its formatting are
    unchanged."""

    framework = framework_field(args.get("framework"), auto=True)
    data = args["file"].read()
    document = read_docx(data, max_paragraphs=settings().max_paragraphs)
    if args["edits"] is not None:
        edits = [Edit(e["paragraph"], e["start"], e["end"], e["replacement"]) for e in args["edits"]]
    else:
        edits = edits_of(check(document, framework, disabled=args["disabled"]).findings, args["codes"],
                         args["unsafe"])
    result = apply_fixes(data, edits)
    response = rendered_file(result.data, derived_name(args["file"], "改正"), query["download"], applied=result.applied,
                             skipped=result.skipped)
    if not isinstance(response, dict):
        response.headers["X-Fixes-Applied"] = str(result.applied)
        response.headers["X-Fixes-Skipped"] = str(result.skipped)
    return response
