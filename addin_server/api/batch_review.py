"""The review page's endpoints: a whole set of materials checked in one request, and its exports.

POST /api/review            multipart: files (many .docx/.doc/.wps or .zip), previous (last year's,
                            same kinds), framework, include_format, proofreading (auto|on|off)
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
from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from werkzeug.exceptions import RequestEntityTooLarge

from .errors import ApiError, flatten_messages
from .parsing import Blueprint, framework_field, json_field, settings
from .schemas import FindingSchema, StrictBoolean, _is_upload
from ..finding_codes import CODES
from ..frameworks import FrameworkError, get_framework
from ..review.annotated_set import annotated_zip, finding_from_dict
from ..review.batch import Cancelled, review_sources
from ..review.exports import MEDIA_TYPES, render
from ..review.proofreading_choice import PROOFREAD_AT_MOST, PROOFREADING_CHOICES
from ..review.uploads import Limits, UploadTooLarge, describe_upload, expand
from .errors import handle_api_error

blp = Blueprint("batch_review", __name__, url_prefix="/api",
                description="The review page: a set of materials checked at once, compared with "
                            "last year's, and exported")

NDJSON = "application/x-ndjson"
PROGRESS_EVERY_S = 0.2


def _upload_limits():
    s = settings()
    return Limits(s.review_max_files, s.review_max_upload, s.max_content_length)


def _too_large(message: str) -> ApiError:
    return ApiError(413, "review.too_large", message)


def body_limit(s, path: str) -> int:
    """The largest request body a request to `path` may carry under settings `s`: a whole set
    for the review page's routes, one file elsewhere. A server that reads the body before the
    app does (server.WsgiBridge) asks this, so it neither refuses a set nor buffers a set-sized
    body for a route that takes one file."""
    prefix = blp.url_prefix + "/review"
    if path == EXPORT_PATH:
        return s.max_content_length   # a review's result sent back (JSON), never a set of files
    if path == prefix or path.startswith(prefix + "/"):
        return max(s.review_max_upload, s.max_content_length)
    return s.max_content_length


# The export route takes back the result of a review, a JSON document of some hundred KB to a
# few MB: held to the single-file limit, as rendering it costs ~20 times its size in memory.
EXPORT_PATH = blp.url_prefix + "/review/export"


def _allow_large_body() -> None:
    """This request may carry a whole set: the review limits instead of the single-file ones."""
    s = settings()
    request.max_content_length = s.review_max_upload
    request.max_form_parts = 2 * s.review_max_files + 50
    request.max_form_memory_size = s.review_max_upload


@blp.before_request
def _allow_a_whole_set():
    if request.path != EXPORT_PATH:
        _allow_large_body()


@blp.errorhandler(RequestEntityTooLarge)
def _set_too_large(error):
    if request.path == EXPORT_PATH:
        limit = settings().max_content_length // 2**20
        return handle_api_error(_too_large(
            f"要导出的审阅结果超过 {limit} MB，请分批审阅后分别导出，或请管理员调整 max_content_length 设置"))
    limit = settings().review_max_upload // 2**20
    return handle_api_error(_too_large(
        f"上传的材料合计超过 {limit} MB，请分批上传，或请管理员调整 review_max_upload 设置"))


def _files(uploads) -> list[tuple[str, bytes]]:
    return [(u.filename or "材料.docx", u.read()) for u in uploads]


def _framework_id(value: str | None) -> str | None:
    """None (the default), "auto" where the engine recognises frameworks, or a known id."""
    if value in (None, ""):
        return None
    if value == "auto":
        try:
            get_framework("auto")
        except FrameworkError:
            return None   # this engine has no recognition: the default framework
        return "auto"
    return framework_field(value).id


def _expand(limits, files, previous=()):
    try:
        current, unopened = expand(_files(files), limits)
        previous, previous_unopened = expand(_files(previous), limits)
    except UploadTooLarge as exc:
        raise _too_large(exc.message) from None
    count = len(current) + len(unopened) + len(previous) + len(previous_unopened)
    if count > limits.max_files:
        raise _too_large(f"一次最多审阅 {limits.max_files} 份材料（本次 {count} 份，含上年度材料），请分批上传，"
                         "或请管理员调整 review_max_files 设置")
    return current, unopened, previous, previous_unopened


class FormBoolean(fields.Boolean):
    """A form field's "true" or "false" (what the page sends), nothing looser."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value not in ("true", "false"):
            raise ValidationError("应为 true 或 false / Not a valid boolean.")
        return value == "true"


def _uploads(description: str, **kwargs):
    return fields.List(Upload(validate=_is_upload), metadata={"description": description}, **kwargs)


class ReviewUploadSchema(Schema):
    files = _uploads("本年度材料：.docx（.doc/.wps 列为「请另存为 .docx」）或整个文件夹的 .zip",
                     required=True, validate=validate.Length(min=1))
    previous = _uploads("上年度材料（可选），同上", load_default=list)
    framework = fields.String(metadata={
        "description": "框架 id，或 auto（自动识别，引擎支持时）；不填为默认框架"})
    include_format = FormBoolean(load_default=False, metadata={"description": "同时检查公文格式（GB/T 9704）"})
    proofreading = fields.String(load_default="auto", validate=validate.OneOf(
        PROOFREADING_CHOICES, error="应为 auto、on 或 off / Must be one of: auto, on, off."), metadata={
        "description": f"检查错别字（文字校对）：on 检查，off 不检查，auto（默认）本年度材料不超过 "
                       f"{PROOFREAD_AT_MOST} 份时检查；不检查时结果的 header 与 proofreading 注明"})


def _how_to_proofread(choice: str) -> str:
    """What a reviewer on the page does to have the materials proofread (the page's checkbox
    sends auto or off)."""
    if choice == "off":
        return "如需检查，请勾选「检查错别字」后重新审阅"
    return f"如需检查，请分批审阅，每批不超过 {PROOFREAD_AT_MOST} 份"


@blp.route("/review", methods=["POST"])
@blp.arguments(ReviewUploadSchema, location="multipart")
@blp.doc(responses={200: {
    "description": "NDJSON: one event a line — start, progress (done/total/name), then result (the "
                   "review: files, similar, carried_over, summary) or error",
    "content": {NDJSON: {"schema": {"type": "string"}}}}})
@blp.errors(400, 413, 415)
def review_set(args):
    """批量审阅 / Check a set of materials (and compare it with last year's), streaming progress and the result."""
    framework_id = _framework_id(args.get("framework"))
    include_format = args["include_format"]
    source = describe_upload([u.filename or "" for u in args["files"]])
    current, unopened, previous, previous_unopened = _expand(_upload_limits(), args["files"], args["previous"])
    if not current and not unopened:
        raise ApiError(400, "review.no_files", "没有收到本年度材料：请选择 .docx 文件或文件夹的 .zip",
                       {"files": ["至少需要一份材料"]})
    s = settings()
    events: queue.Queue = queue.Queue()
    gone = threading.Event()
    total = len(current) + len(previous)

    def work():
        last = [0.0]

        def progress(done, total, name, stage="check"):
            import time

            now = time.monotonic()
            # Every file's end of checking, then (the comparison stages, where done == total
            # throughout) at most every PROGRESS_EVERY_S: the stream never falls silent.
            if (done == total and stage == "check") or now - last[0] >= PROGRESS_EVERY_S:
                last[0] = now
                events.put({"type": "progress", "done": done, "total": total, "name": name,
                            "stage": stage})
        try:
            result = review_sources(current, previous, framework_id, s.review_jobs or None, progress,
                                    include_format, s.max_paragraphs, unopened=unopened,
                                    previous_unopened=previous_unopened, should_stop=gone.is_set,
                                    folder=source, proofreading=args["proofreading"],
                                    how_to_proofread=_how_to_proofread(args["proofreading"]))
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
    present = StrictBoolean(required=True)
    items = fields.Integer(strict=True, load_default=0)


class _ExportFindingSchema(FindingSchema):
    """A finding as the result carries it, numbers and flags strictly typed."""
    class Meta:
        unknown = EXCLUDE

    paragraph = fields.Integer(strict=True, required=True, allow_none=True)
    end_paragraph = fields.Integer(strict=True, required=True, allow_none=True)
    # Exports and annotated copies show a finding, they do not apply its fix: taken as it comes.
    fix = fields.Raw(load_default=None, allow_none=True)


class _RecognitionSchema(_Loose):
    """What an export shows of how the framework was recognised: whether any known one fits."""
    fits = StrictBoolean(load_default=True)
    reason = fields.String(load_default="")


class _FileRowSchema(_Loose):
    name = fields.String(required=True)
    ok = StrictBoolean(required=True)
    error_code, error, title, author, unit = _TEXT, _TEXT, _TEXT, _TEXT, _TEXT
    framework, framework_title = _TEXT, _TEXT
    complete = StrictBoolean(allow_none=True, load_default=None)
    char_count = fields.Integer(strict=True, load_default=0)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(strict=True), load_default=dict)
    codes = fields.Dict(keys=fields.String(), values=fields.Integer(strict=True), load_default=dict)
    dimensions = fields.List(fields.Nested(_DimensionSchema), load_default=list)
    missing_sections = fields.List(fields.String(), load_default=list)
    findings = fields.List(fields.Nested(_ExportFindingSchema), load_default=list)
    recognition = fields.Nested(_RecognitionSchema, allow_none=True, load_default=None)
    copied = fields.Float(load_default=0.0)
    carried = fields.Float(load_default=0.0)
    substance = fields.Dict(keys=fields.String(), values=fields.Integer(strict=True), load_default=dict)


class _PassageSchema(_Loose):
    text = fields.String(required=True)
    length = fields.Integer(strict=True, required=True)
    a_text = fields.String(load_default="")
    b_text = fields.String(load_default="")
    a_paragraph = fields.Integer(strict=True, allow_none=True, load_default=None)
    b_paragraph = fields.Integer(strict=True, allow_none=True, load_default=None)
    identical = StrictBoolean(load_default=True)
    paragraph_share = fields.Float(load_default=1.0)


class _PairSchema(_Loose):
    a = fields.String(required=True)
    b = fields.String(required=True)
    shared_chars = fields.Integer(strict=True, required=True)
    ratio = fields.Float(required=True)
    ratio_a = fields.Float(load_default=0.0)
    ratio_b = fields.Float(load_default=0.0)
    passages = fields.List(fields.Nested(_PassageSchema), load_default=list)


class _CarryOverSchema(_Loose):
    name = fields.String(required=True)
    previous = fields.String(required=True)
    same_writer = StrictBoolean(load_default=False)
    shared_chars = fields.Integer(strict=True, required=True)
    ratio = fields.Float(required=True)
    passages = fields.List(fields.Nested(_PassageSchema), load_default=list)


class _SummarySchema(_Loose):
    """The set's counts (batch.summary) and the frameworks its materials were checked against."""
    files, readable, unreadable = (fields.Integer(strict=True) for _ in range(3))
    complete, similar_pairs, copied_half = (fields.Integer(strict=True) for _ in range(3))
    clusters, substance_flags = (fields.Integer(strict=True) for _ in range(2))
    previous_files, previous_unreadable, carried_over = (fields.Integer(strict=True) for _ in range(3))
    frameworks = fields.List(fields.String(), load_default=list)


class _ProofreadingSchema(_Loose):
    """A review that did not proofread (batch.proofreading_skipped): its exports say so."""
    checked = StrictBoolean(load_default=True)
    choice = fields.String(load_default="auto")
    files = fields.Integer(strict=True, load_default=0)
    limit = fields.Integer(strict=True, load_default=0)
    note = fields.String(load_default="")


class ReviewResultSchema(_Loose):
    folder = fields.String(load_default="")
    framework = fields.String(load_default="")
    framework_title = fields.String(load_default="")
    date = fields.String(load_default="")
    summary = fields.Nested(_SummarySchema, load_default=dict)
    clusters = fields.List(fields.List(fields.String()), load_default=list)
    files = fields.List(fields.Nested(_FileRowSchema), required=True)
    similar = fields.List(fields.Nested(_PairSchema), load_default=list)
    carried_over = fields.List(fields.Nested(_CarryOverSchema), load_default=list)
    # Comparisons a stage's time budget cut short (review/stage.py), said in every export.
    incomplete = fields.List(fields.String(), load_default=list)
    # Absent when the materials were proofread.
    proofreading = fields.Nested(_ProofreadingSchema)


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


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    # content_type, not mimetype: werkzeug adds "; charset=utf-8" to a text mimetype, and
    # MEDIA_TYPES already names it (the header said charset twice).
    response = Response(data, content_type=mimetype)
    ascii_name = "review" + filename[filename.rfind("."):]
    response.headers["Content-Disposition"] = (f"attachment; filename=\"{ascii_name}\"; "
                                               f"filename*=UTF-8''{quote(filename)}")
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/review/export", methods=["POST"])
@blp.arguments(ExportQuerySchema, location="query")
@blp.arguments(ReviewResultSchema, location="json", description="POST /api/review 返回的 result（原样发回）")
@blp.doc(responses={200: {"description": "the report file", "content": {
        **{media: {"schema": {"type": "string", "format": "binary"}} for media in
           ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv", "text/html")},
        "application/json": {"schema": {"type": "object"}}}}})
@blp.errors(400, 413, 415)
def export_review(query, data):
    """导出审阅结果 / The review as .xlsx, .csv, .html or .json, rendered from the result sent back."""
    fmt = query["format"]
    return _download(render(data, fmt), MEDIA_TYPES[fmt], f"对照检查材料审阅报告.{fmt}")


class _AnnotateRowSchema(_Loose):
    name = fields.String(required=True)
    ok = StrictBoolean(load_default=True)
    findings = fields.List(fields.Nested(_ExportFindingSchema), load_default=list)


class _AnnotateReportSchema(_Loose):
    files = fields.List(fields.Nested(_AnnotateRowSchema), required=True)


class AnnotateSetSchema(Schema):
    files = _uploads("审阅时上传的本年度材料（.docx 或 .zip），原样再传一次", required=True,
                     validate=validate.Length(min=1))
    report = fields.String(required=True, metadata={"description": "审阅结果 JSON（至少 files[].name 与 findings）"})


@blp.route("/review/annotated", methods=["POST"])
@blp.arguments(AnnotateSetSchema, location="multipart")
@blp.doc(responses={200: {"description": "a .zip with one commented copy per readable material",
                     "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}})
@blp.errors(400, 413, 415)
def annotated_set(args):
    """下载批注版（.zip） / The uploaded materials back as a .zip, each with a Word comment at each of its findings."""

    report = json_field(args["report"], "report")
    report = _load(_AnnotateReportSchema(), report)
    findings = {}
    for row in report["files"]:
        if row["ok"]:
            findings[row["name"]] = [finding_from_dict(f) for f in row["findings"] if f["code"] in CODES]
    current, _, _, _ = _expand(_upload_limits(), args["files"])
    data, _ = annotated_zip([(s.name, s.data) for s in current], findings)
    return _download(data, "application/zip", "对照检查材料批注版.zip")
