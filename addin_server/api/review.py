"""Reviewers' endpoints: the uploaded .docx back with comments, and the GB/T 9704 format lint.

POST /api/check/docx/annotated  multipart file (+ framework, disabled, include_format)
                                → the annotated .docx (?download=1 or a .docx Accept) or base64 JSON
POST /api/lint/format           multipart file (+ framework, disabled) → {"findings": [...]}
"""
from __future__ import annotations

from marshmallow import Schema, fields

from ..checks import check
from ..readers import read_docx
from ..readers.errors import TooLargeError
from .parsing import DOCX_RESPONSE_DOC, Blueprint, derived_name, framework_field, rendered_file, settings
from .schemas import CheckUploadSchema, DownloadQuerySchema, FindingSchema, RenderedFileSchema
from ..frameworks import get_framework
from ..review.annotate import annotate_docx
from ..review.format_lint import format_lint

blp = Blueprint("review", __name__, url_prefix="/api",
                description="For reviewers: annotated .docx and the GB/T 9704 format lint")

class AnnotateUploadSchema(CheckUploadSchema):
    include_format = fields.Boolean(load_default=False, metadata={
        "description": "Also comment on GB/T 9704 format deviations (page, fonts, sizes, spacing)"})


class FormatLintResultSchema(Schema):
    findings = fields.List(fields.Nested(FindingSchema), required=True)


def _read(upload):
    data = upload.read()
    document = read_docx(data)
    limit = settings().max_paragraphs
    if len(document) > limit:
        raise TooLargeError(f"段落数超过上限 {limit}", f"more than {limit} paragraphs")
    return data, document


@blp.route("/check/docx/annotated", methods=["POST"])
@blp.arguments(DownloadQuerySchema, location="query")
@blp.arguments(AnnotateUploadSchema, location="multipart")
@blp.response(200, RenderedFileSchema)
@blp.doc(**DOCX_RESPONSE_DOC)
@blp.errors(413, 415, 422)
def annotated_docx(query, args):
    """下载批注版 / Check an uploaded .docx and return it with a Word comment at each finding."""
    framework = framework_field(args.get("framework"), auto=True)
    data, document = _read(args["file"])
    report = check(document, framework, disabled=args["disabled"])
    extra = ()
    if args["include_format"]:

        extra = format_lint(data, get_framework(report.framework_id), args["disabled"])
    return rendered_file(annotate_docx(data, report, extra), derived_name(args["file"], "批注"), query["download"])


@blp.route("/lint/format", methods=["POST"])
@blp.arguments(CheckUploadSchema, location="multipart")
@blp.response(200, FormatLintResultSchema)
@blp.errors(413, 415, 422)
def lint_format(args):
    """检查版式（GB/T 9704） / GB/T 9704 format findings for an uploaded .docx, per paragraph range."""
    framework = framework_field(args.get("framework"), auto=True)
    data, _ = _read(args["file"])
    return {"findings": [f.to_dict() for f in format_lint(data, framework, args["disabled"])]}
