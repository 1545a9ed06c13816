"""The review page's endpoints: a whole set of materials checked in one request, and its exports.

POST /api/review            multipart: files (many .docx/.doc/.wps or .zip), previous (last year's,
                            same kinds), framework, include_format
                            → application/x-ndjson: {"type": "start"}, {"type": "progress"}…,
                              then {"type": "result", "result": {…}} (or {"type": "error"})
POST /api/review/export     ?format=xlsx|csv|html|json, body: the result JSON as received
                            → the file
POST /api/review/annotated  multipart: files (as uploaded), report (JSON: files[].name and
                            findings) → .zip of annotated copies

Stateless by design: organisations run several processes behind a load balancer, so nothing of
a review lives on the server between requests. The check streams its progress and result in the
response that carried the upload, and forgets the files when the response ends; the exports are
rendered from the result the page sends back; the annotated copies from the files the page still
holds, with the findings it was given. Uploads stay in memory (app.InMemoryRequest).
"""
from __future__ import annotations

import json
import queue
import threading
from urllib.parse import quote

from flask import Response, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from werkzeug.exceptions import RequestEntityTooLarge

from .errors import ApiError, flatten_messages
from .parsing import Blueprint, framework_field, settings
from .schemas import FindingSchema

blp = Blueprint("batch_review", __name__, url_prefix="/api",
                description="The review page: a set of materials checked at once, compared with "
                            "last year's, and exported")

NDJSON = "application/x-ndjson"
PROGRESS_EVERY_S = 0.2


def _upload_limits():
    from ..review.uploads import Limits

    s = settings()
    return Limits(s.review_max_files, s.review_max_upload, s.max_content_length)


def _too_large(message: str) -> ApiError:
    return ApiError(413, "review.too_large", message)


def _allow_large_body() -> None:
    """This request may carry a whole set: the review limits instead of the single-file ones."""
    s = settings()
    request.max_content_length = s.review_max_upload
    request.max_form_parts = 2 * s.review_max_files + 50
    request.max_form_memory_size = s.review_max_upload


def _files(field: str) -> list[tuple[str, bytes]]:
    try:
        uploads = request.files.getlist(field)
    except RequestEntityTooLarge:
        limit = settings().review_max_upload // 2**20
        raise _too_large(f"上传的材料合计超过 {limit} MB，请分批上传，或请管理员调整 review_max_upload 设置") from None
    return [(u.filename or "材料.docx", u.read()) for u in uploads]


def _form(name: str) -> str | None:
    try:
        return request.form.get(name)
    except RequestEntityTooLarge:
        limit = settings().review_max_upload // 2**20
        raise _too_large(f"上传的材料合计超过 {limit} MB，请分批上传，或请管理员调整 review_max_upload 设置") from None


def _require_multipart():
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "request.unsupported_media_type",
                       "请求的 Content-Type 必须是 multipart/form-data / Content-Type must be multipart/form-data")


def _framework_id(value: str | None) -> str | None:
    """None (the default), "auto" where the engine recognises frameworks, or a known id."""
    if value in (None, ""):
        return None
    if value == "auto":
        from ..frameworks import FrameworkError, get_framework

        try:
            get_framework("auto")
        except FrameworkError:
            return None   # this engine has no recognition: the default framework
        return "auto"
    return framework_field(value).id


def _expand(limits):
    from ..review.uploads import UploadTooLarge, expand

    try:
        current, unopened = expand(_files("files"), limits)
        previous, previous_unopened = expand(_files("previous"), limits)
    except UploadTooLarge as exc:
        raise _too_large(exc.message) from None
    count = len(current) + len(unopened) + len(previous) + len(previous_unopened)
    if count > limits.max_files:
        raise _too_large(f"一次最多审阅 {limits.max_files} 份材料（本次 {count} 份，含上年度材料），请分批上传，"
                         "或请管理员调整 review_max_files 设置")
    return current, unopened, previous, previous_unopened


_MULTIPART_DOC = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                  "description": "本年度材料：.docx（.doc/.wps 列为「请另存为 .docx」）或整个文件夹的 .zip"},
        "previous": {"type": "array", "items": {"type": "string", "format": "binary"},
                     "description": "上年度材料（可选），同上"},
        "framework": {"type": "string", "description": "框架 id，或 auto（自动识别，引擎支持时）"},
        "include_format": {"type": "boolean", "description": "同时检查公文格式（GB/T 9704）"},
    }}}}}}


@blp.route("/review", methods=["POST"])
@blp.doc(**_MULTIPART_DOC, responses={200: {
    "description": "NDJSON: one event a line — start, progress (done/total/name), then result (the "
                   "review: files, similar, carried_over, summary) or error",
    "content": {NDJSON: {"schema": {"type": "string"}}}}})
@blp.errors(400, 413, 415)
def review_set(**_):
    """Check a set of materials (and compare it with last year's), streaming progress and the result."""
    from ..review.batch import Cancelled, review_sources

    _allow_large_body()
    _require_multipart()
    framework_id = _framework_id(_form("framework"))
    include_format = (_form("include_format") or "").lower() in ("1", "true", "on", "yes")
    current, unopened, previous, previous_unopened = _expand(_upload_limits())
    if not current and not unopened:
        raise ApiError(400, "review.no_files", "没有收到本年度材料：请选择 .docx 文件或文件夹的 .zip",
                       {"files": ["至少需要一份材料"]})
    s = settings()
    events: queue.Queue = queue.Queue()
    gone = threading.Event()
    total = len(current) + len(previous)

    def work():
        last = [0.0]

        def progress(done, total, name):
            import time

            now = time.monotonic()
            if done == total or now - last[0] >= PROGRESS_EVERY_S:
                last[0] = now
                events.put({"type": "progress", "done": done, "total": total, "name": name})
        try:
            result = review_sources(current, previous, framework_id, s.review_jobs or None, progress,
                                    include_format, s.max_paragraphs, unopened=unopened,
                                    previous_unopened=previous_unopened, should_stop=gone.is_set)
            events.put({"type": "result", "result": result.to_dict()})
        except Cancelled:
            events.put(None)
        except Exception as exc:  # noqa: BLE001 - reported in the stream; the status line is sent
            events.put({"type": "error", "code": "internal_error",
                        "message": f"审阅中断（{type(exc).__name__}），请重试或分批上传"})
        finally:
            events.put(None)

    def stream():
        yield _line({"type": "start", "total": total, "files": len(current) + len(unopened),
                     "previous": len(previous) + len(previous_unopened)})
        worker = threading.Thread(target=work, name="review", daemon=True)
        worker.start()
        try:
            while (event := events.get()) is not None:
                yield _line(event)
        finally:
            gone.set()   # the client went away (or we are done): stop what has not started

    response = Response(stream(), mimetype=NDJSON)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"   # nginx: pass progress lines on at once
    return response


def _line(event: dict) -> bytes:
    try:
        return (json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in a file name
        return (json.dumps(event, separators=(",", ":")) + "\n").encode("ascii")


# ---- exports: rendered from the result the page sends back -----------------------------------

_TEXT = fields.String(allow_none=True, load_default=None)


class _Loose(Schema):
    class Meta:
        unknown = EXCLUDE


class _DimensionSchema(_Loose):
    key = fields.String(required=True)
    title = fields.String(required=True)
    present = fields.Boolean(required=True)
    items = fields.Integer(load_default=0)


class _ExportFindingSchema(FindingSchema):
    class Meta:
        unknown = EXCLUDE


class _FileRowSchema(_Loose):
    name = fields.String(required=True)
    ok = fields.Boolean(required=True)
    error_code, error, title, author, unit = _TEXT, _TEXT, _TEXT, _TEXT, _TEXT
    framework, framework_title = _TEXT, _TEXT
    complete = fields.Boolean(allow_none=True, load_default=None)
    char_count = fields.Integer(load_default=0)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), load_default=dict)
    codes = fields.Dict(keys=fields.String(), values=fields.Integer(), load_default=dict)
    dimensions = fields.List(fields.Nested(_DimensionSchema), load_default=list)
    findings = fields.List(fields.Nested(_ExportFindingSchema), load_default=list)


class _PassageSchema(_Loose):
    text = fields.String(required=True)
    length = fields.Integer(required=True)
    a_text = fields.String(load_default="")
    b_text = fields.String(load_default="")
    a_paragraph = fields.Integer(allow_none=True, load_default=None)
    b_paragraph = fields.Integer(allow_none=True, load_default=None)


class _PairSchema(_Loose):
    a = fields.String(required=True)
    b = fields.String(required=True)
    shared_chars = fields.Integer(required=True)
    ratio = fields.Float(required=True)
    ratio_a = fields.Float(load_default=0.0)
    ratio_b = fields.Float(load_default=0.0)
    passages = fields.List(fields.Nested(_PassageSchema), load_default=list)


class _CarryOverSchema(_Loose):
    name = fields.String(required=True)
    previous = fields.String(required=True)
    same_writer = fields.Boolean(load_default=False)
    shared_chars = fields.Integer(required=True)
    ratio = fields.Float(required=True)
    passages = fields.List(fields.Nested(_PassageSchema), load_default=list)


class ReviewResultSchema(_Loose):
    folder = fields.String(load_default="")
    framework = fields.String(load_default="")
    framework_title = fields.String(load_default="")
    summary = fields.Dict(keys=fields.String(), values=fields.Integer(), load_default=dict)
    files = fields.List(fields.Nested(_FileRowSchema), required=True)
    similar = fields.List(fields.Nested(_PairSchema), load_default=list)
    carried_over = fields.List(fields.Nested(_CarryOverSchema), load_default=list)


class ExportQuerySchema(Schema):
    format = fields.String(required=True, validate=validate.OneOf(["xlsx", "csv", "html", "json"]),
                           metadata={"description": "xlsx（Excel，三张表）、csv（材料表）、html（报告）或 json"})


def _load(schema: Schema, data):
    try:
        return schema.load(data)
    except ValidationError as exc:
        messages = flatten_messages(exc.messages)
        names = ", ".join(sorted(messages)[:5])
        raise ApiError(400, "request.invalid", f"请求数据不符合要求：{names} / Invalid request data: {names}",
                       messages) from None


def _json_body():
    if request.mimetype != "application/json":
        raise ApiError(415, "request.unsupported_media_type",
                       "请求的 Content-Type 必须是 application/json / Content-Type must be application/json")
    try:
        return json.loads(request.get_data())
    except RequestEntityTooLarge:
        raise _too_large(f"报告数据超过 {settings().review_max_upload // 2**20} MB") from None
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "request.bad", "请求不是有效的 JSON / Body is not valid JSON") from None


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    ascii_name = "review" + filename[filename.rfind("."):]
    response.headers["Content-Disposition"] = (f"attachment; filename=\"{ascii_name}\"; "
                                               f"filename*=UTF-8''{quote(filename)}")
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/review/export", methods=["POST"])
@blp.arguments(ExportQuerySchema, location="query")
@blp.doc(requestBody={"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["files"], "description": "POST /api/review 返回的 result（原样发回）",
    "properties": {"files": {"type": "array", "items": {"type": "object"}},
                   "similar": {"type": "array", "items": {"type": "object"}},
                   "carried_over": {"type": "array", "items": {"type": "object"}}}}}}},
    responses={200: {"description": "the report file", "content": {
        media: {"schema": {"type": "string", "format": "binary"}} for media in
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv",
         "text/html", "application/json")}}})
@blp.errors(400, 413, 415)
def export_review(query):
    """The review as .xlsx, .csv, .html or .json, rendered from the result sent back."""
    from ..review.exports import MEDIA_TYPES, render

    _allow_large_body()
    data = _load(ReviewResultSchema(), _json_body())
    fmt = query["format"]
    return _download(render(data, fmt), MEDIA_TYPES[fmt], f"对照检查材料审阅报告.{fmt}")


class _AnnotateRowSchema(_Loose):
    name = fields.String(required=True)
    ok = fields.Boolean(load_default=True)
    findings = fields.List(fields.Nested(_ExportFindingSchema), load_default=list)


class _AnnotateReportSchema(_Loose):
    files = fields.List(fields.Nested(_AnnotateRowSchema), required=True)


@blp.route("/review/annotated", methods=["POST"])
@blp.doc(requestBody={"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files", "report"],
    "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                  "description": "审阅时上传的本年度材料（.docx 或 .zip），原样再传一次"},
        "report": {"type": "string", "description": "审阅结果 JSON（至少 files[].name 与 findings）"},
    }}}}},
    responses={200: {"description": "a .zip with one commented copy per readable material",
                     "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}})
@blp.errors(400, 413, 415)
def annotated_set(**_):
    """The uploaded materials back as a .zip, each with a Word comment at each of its findings."""
    from ..checks.report import CODES
    from ..review.annotated_set import annotated_zip, finding_from_dict

    _allow_large_body()
    _require_multipart()
    raw = _form("report")
    if not raw:
        raise ApiError(400, "request.invalid", "缺少审阅结果 report / report is required",
                       {"report": ["必填"]})
    try:
        report = json.loads(raw)
    except ValueError:
        raise ApiError(400, "request.invalid", "report 不是有效的 JSON / report is not valid JSON",
                       {"report": ["不是有效的 JSON"]}) from None
    report = _load(_AnnotateReportSchema(), report)
    findings = {}
    for row in report["files"]:
        if row["ok"]:
            findings[row["name"]] = [finding_from_dict(f) for f in row["findings"] if f["code"] in CODES]
    current, _, _, _ = _expand(_upload_limits())
    data, _ = annotated_zip([(s.name, s.data) for s in current], findings)
    return _download(data, "application/zip", "对照检查材料批注版.zip")
