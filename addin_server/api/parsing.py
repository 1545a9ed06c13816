"""Request parsing shared by every API blueprint.

flask-smorest turns the marshmallow schemas given to ``@blp.arguments`` into the OpenAPI document;
this parser makes those arguments strict about content types (415 instead of "missing field")
and reports schema errors as 400, and adds a ``multipart`` location that reads form fields and
files together (one multipart request body in the spec).
"""
from __future__ import annotations

import json
import re
from pathlib import PurePath

import flask_smorest
from flask import current_app, request
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from ..text import replace_lone_surrogates
from .errors import ApiError
from ..frameworks import AUTO, FrameworkError, configured_default, get_framework
from .schemas import ErrorSchema

JSON = "application/json"
MULTIPART = "multipart/form-data"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _unsupported(expected: str) -> ApiError:
    return ApiError(415, "request.unsupported_media_type",
                    f"请求的 Content-Type 必须是 {expected} / Content-Type must be {expected}")


# No request of this API nests deeper than 4; the bound leaves room and stays far below the
# recursion limit that json.loads and marshmallow would otherwise hit (a RecursionError, a 500).
MAX_JSON_DEPTH = 32
_KEEP_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_STRING_BODY = re.compile(rb'"[^"]*"')
# A lone surrogate can only arrive as a \\u escape (UTF-8 cannot encode one): D800-DFFF.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")


def json_nesting_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, without parsing it.

    All in C-speed passes: escaped backslashes and quotes go first (so every quote left opens or
    closes a string), then everything but brackets and quotes, then the strings' contents; the
    depth is the running sum's maximum.
    """
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return 0  # cannot be too deep; the exact figure is not needed
    import numpy

    if b"\\" in body:
        body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    structure = body.translate(None, _KEEP_STRUCTURE)
    brackets = _STRING_BODY.sub(b"", structure)
    codes = numpy.frombuffer(brackets, dtype=numpy.uint8)
    steps = numpy.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(numpy.int32)
    return int(steps.cumsum().max(initial=0))


def _too_deep(depth: int) -> ApiError:
    return ApiError(400, "request.too_deep",
                    f"请求的 JSON 嵌套层数过多（{depth} 层，上限 {MAX_JSON_DEPTH} 层）/ "
                    f"JSON nested {depth} levels deep; at most {MAX_JSON_DEPTH} are accepted")


def json_field(text: str, field: str):
    """A form field holding JSON (the review's `report`), parsed as request bodies are: nesting
    bounded before parsing (a field nested 200,000 deep is a 400, not a RecursionError's 500),
    lone surrogates replaced after."""
    body = text.encode("utf-8", "surrogatepass")
    depth = json_nesting_depth(body)
    if depth > MAX_JSON_DEPTH:
        raise _too_deep(depth)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise ApiError(400, "request.invalid", f"{field} 不是有效的 JSON / {field} is not valid JSON",
                       {field: ["不是有效的 JSON"]}) from None
    return replace_lone_surrogates(value)


class StrictParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "multipart": None}

    def load_json(self, req, schema):
        if req.mimetype != JSON:
            raise _unsupported(JSON)
        return super().load_json(req, schema)

    def _raw_load_json(self, req):
        """The one place request JSON becomes Python: nesting bounded before parsing, lone
        surrogates replaced after (see text.replace_lone_surrogates)."""
        body = req.get_data(cache=True)
        depth = json_nesting_depth(body)
        if depth > MAX_JSON_DEPTH:
            raise _too_deep(depth)
        value = super()._raw_load_json(req)
        if _SURROGATE_ESCAPE.search(body):
            value = replace_lone_surrogates(value)
        return value


parser = StrictParser()


@parser.location_loader("multipart")
def _load_multipart(req, schema):
    if req.mimetype != MULTIPART:
        raise _unsupported(MULTIPART)
    return parser._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = parser
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": MULTIPART,
    }

    def errors(self, *statuses: int):
        """Document the error responses an endpoint can give, in the common error shape."""
        def decorator(func):
            for status in statuses:
                func = self.alt_response(status, schema=ErrorSchema,
                                         description=_describe(status))(func)
            return func

        return decorator


def _describe(status: int) -> str:
    import http

    return http.HTTPStatus(status).phrase


def wants_docx_download(download_flag: bool) -> bool:
    """`?download=1`, or an Accept header that prefers the .docx type over JSON."""
    if download_flag:
        return True
    accept = request.accept_mimetypes
    return accept[DOCX] > accept[JSON]


def settings():
    """The server Settings the app was created with."""
    from flask import current_app

    return current_app.config["ADDIN_SERVER_SETTINGS"]


def json_response(data, status: int = 200):
    """`data` as a JSON response, exactly as Flask's own JSON provider (set up in app.py: UTF-8,
    keys in the order given) would write it, minus its per-call overhead.

    Text the client sent may hold a lone surrogate ("\\ud800" in its JSON); UTF-8 cannot encode
    it, so such a response is written with ASCII escapes, which give the client its text back.
    """
    try:
        body = (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        body = (json.dumps(data, separators=(",", ":")) + "\n").encode("ascii")
    return current_app.response_class(body, status=status, mimetype="application/json")


def framework_field(framework_id, field: str = "framework", auto: bool = False):
    """The framework a request names (the default when absent), or a 400 naming the field.

    With `auto` (the checks), "auto" or an absent field gives the configured default, which is
    "auto" (checks.check recognises the framework from the document) unless a framework is pinned.
    """
    if auto and (not framework_id or framework_id == AUTO):
        return configured_default()
    try:
        return get_framework(framework_id or None)
    except FrameworkError as exc:
        raise ApiError(400, "framework.unknown", exc.message, {field: [exc.message]}) from None


# Characters Windows refuses in a file name, control characters, and the name's own dots and spaces
# at the ends (Windows drops them); device names such as CON or NUL are not allowed either.
_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_WINDOWS_DEVICES = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?$", re.I)
MAX_STEM_CHARS = 80


def download_name(stem: str, suffix: str = ".docx", fallback: str = "对照检查材料") -> str:
    """A file name for a download, in Chinese as given, safe on Windows, macOS and Linux:
    「对照检查材料框架（2024年度民主生活会）.docx」."""
    stem = _NOT_IN_FILE_NAMES.sub("_", stem or "").strip(" ._")[:MAX_STEM_CHARS].strip(" ._")
    if not stem or _WINDOWS_DEVICES.match(stem):
        stem = fallback
    return stem + suffix


def derived_name(upload, tag: str) -> str:
    """The download made from an upload: 「王芳 材料.docx」 → 「王芳 材料-批注.docx」 (tag 批注)."""
    stem = PurePath((getattr(upload, "filename", "") or "").replace("\\", "/")).stem
    return download_name(f"{stem or '材料'}-{tag}")


def framework_label(framework) -> str:
    """The framework's title without its trailing （…） note, for file names."""
    return re.sub(r"（[^（）]*）$", "", framework.title) or framework.title


def rendered_file(data: bytes, filename: str, download: bool, **extra):
    """A rendered .docx: base64 JSON for the pane, or the file itself when asked for."""
    import base64
    import io

    from flask import send_file

    if wants_docx_download(download):
        return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True,
                         download_name=filename, etag=False, max_age=0)
    return {"filename": filename, "base64": base64.b64encode(data).decode("ascii"), **extra}


DOCX_RESPONSE_DOC = {"responses": {200: {"content": {
    DOCX: {"schema": {"type": "string", "format": "binary"}}}}}}
