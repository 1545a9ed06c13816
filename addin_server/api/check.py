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
from .parsing import Blueprint, framework_field, json_response, settings
from .schemas import CheckRequestSchema, CheckUploadSchema, ReportSchema

blp = Blueprint("check", __name__, url_prefix="/api/check",
                description="Completeness check of a 对照检查材料")


@blp.route("", methods=["POST"])
@blp.arguments(CheckRequestSchema)
@blp.alt_response(200, schema=ReportSchema, description="OK", success=True)
@blp.errors(413, 415)
def check_paragraphs(args):
    """Check paragraphs read from Word by the task pane."""
    framework = framework_field(args["framework"], auto=True)
    document = read_paragraphs(args["paragraphs"], max_paragraphs=settings().max_paragraphs)
    return json_response(check(document, framework, disabled=args["disabled"]).to_dict())


@blp.route("/docx", methods=["POST"])
@blp.arguments(CheckUploadSchema, location="multipart")
@blp.alt_response(200, schema=ReportSchema, description="OK", success=True)
@blp.errors(413, 415, 422)
def check_docx(args):
    """Check an uploaded .docx file."""
    framework = framework_field(args.get("framework"), auto=True)
    document = read_docx(args["file"].read(), max_paragraphs=settings().max_paragraphs)
    return json_response(check(document, framework, disabled=args["disabled"]).to_dict())
