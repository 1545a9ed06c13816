"""One JSON error shape for every failure: ``{"error": {"code", "message", "fields"}}``.

`code` is stable (clients branch on it), `message` is for people (Chinese / English), `fields`
maps a dotted field path (``paragraphs.3.text``) to its messages and is ``{}`` when the error is
not about a field. Client input never produces a 500: schema errors are 400, oversized input 413,
wrong content types 415, unreadable documents 422 (with the reader's code and message).
"""
from __future__ import annotations

import logging
import re

from flask import jsonify
from werkzeug.exceptions import HTTPException

from ..frameworks import FrameworkError
from ..readers.errors import DocumentError

log = logging.getLogger("addin_server.api")

# Codes and messages for the HTTP errors Werkzeug raises itself.
_HTTP_ERRORS = {
    400: ("request.bad", "请求格式不正确 / Bad request"),
    404: ("not_found", "没有这个地址 / No such resource"),
    405: ("method_not_allowed", "该地址不支持此请求方法 / Method not allowed for this URL"),
    406: ("not_acceptable", "无法提供所请求的格式 / Cannot produce the requested format"),
    413: ("request.too_large", "请求内容超过大小上限 / Request body exceeds the size limit"),
    415: ("request.unsupported_media_type", "不支持的内容类型 / Unsupported content type"),
}


class ApiError(Exception):
    """An error a view raises on purpose; rendered in the common shape."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields = fields or {}
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, fields: dict | None = None,
                   headers: dict | None = None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


# marshmallow's (and webargs') English field messages in Chinese: the one place they are mapped.
# Each pattern matches a message as marshmallow words it; its groups go into the Chinese text.
_OBJ = {"integer": "整数", "string": "文本", "number": "数字", "boolean": "true 或 false",
        "list": "列表", "date": "日期（如 2025-06-30）", "mapping type": "对象", "tuple": "列表"}
_FIELD_MESSAGES_ZH = (
    (r"Missing data for required field\.", lambda m: "缺少这一项，请填写"),
    (r"Field may not be null\.", lambda m: "不能为空"),
    (r"Unknown field\.", lambda m: "不认识这一项，请删去"),
    (r"Not a valid (integer|string|number|boolean|list|date|mapping type|tuple)\.",
     lambda m: f"须为{_OBJ[m[1]]}"),
    (r"Invalid (?:input )?type\.", lambda m: "类型不对"),
    (r"Invalid value\.", lambda m: "取值无效"),
    (r"Not a valid utf-8 string\.", lambda m: "不是有效的文本（编码有误）"),
    (r"Invalid JSON body\.", lambda m: "请求内容不是有效的 JSON"),
    (r"Not a file upload\.", lambda m: "须为上传的文件"),
    (r"Number too large\.", lambda m: "数值过大"),
    (r"Special numeric values \(nan or infinity\) are not permitted\.", lambda m: "不能是 NaN 或无穷大"),
    (r"Must be one of: (.*)\.", lambda m: f"须为以下之一：{m[1]}"),
    (r"Length must be between (\d+) and (\d+)\.", lambda m: f"长度须在 {m[1]} 到 {m[2]} 之间"),
    (r"Length must be (\d+)\.", lambda m: f"长度须为 {m[1]}"),
    (r"Longer than maximum length (\d+)\.", lambda m: f"最多 {m[1]} 项（字）"),
    (r"Shorter than minimum length (\d+)\.", lambda m: f"至少 {m[1]} 项（字）"),
    (r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\.",
     lambda m: f"须在 {m[1]} 到 {m[2]} 之间"),
    (r"Must be greater than or equal to (\S+)\.", lambda m: f"不能小于 {m[1]}"),
    (r"Must be less than or equal to (\S+)\.", lambda m: f"不能大于 {m[1]}"),
    (r"Must be greater than (\S+)\.", lambda m: f"须大于 {m[1]}"),
    (r"Must be less than (\S+)\.", lambda m: f"须小于 {m[1]}"),
)
_FIELD_MESSAGES_ZH = tuple((re.compile(p + "$"), f) for p, f in _FIELD_MESSAGES_ZH)


def chinese_field_message(message: str) -> str:
    """A field message in Chinese (marshmallow's English ones translated; ours are Chinese)."""
    for pattern, words in _FIELD_MESSAGES_ZH:
        m = pattern.match(message)
        if m:
            return words(m)
    return message


def flatten_messages(messages, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested {"paragraphs": {0: {"text": [...]}}} → {"paragraphs.0.text": [...]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            for sub_path, sub_messages in flatten_messages(value, path).items():
                flat.setdefault(sub_path, []).extend(sub_messages)
    elif isinstance(messages, (list, tuple)):
        if all(isinstance(m, str) for m in messages):
            flat[prefix or "_schema"] = [chinese_field_message(m) for m in messages]
        else:
            for item in messages:
                for sub_path, sub_messages in flatten_messages(item, prefix).items():
                    flat.setdefault(sub_path, []).extend(sub_messages)
    else:
        flat[prefix or "_schema"] = [chinese_field_message(str(messages))]
    return flat


def _strip_location(messages):
    # webargs nests messages under the location ("json", "files", ...); the client does not care.
    if isinstance(messages, dict) and len(messages) == 1:
        (location, inner), = messages.items()
        if location in ("json", "form", "files", "query", "querystring", "multipart", "view_args"):
            return inner
    return messages


def handle_http_exception(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    if "messages" in data:  # a webargs validation failure
        fields = flatten_messages(_strip_location(data["messages"]))
        # Field paths (selections.0.params…) are for programs: the Chinese half names none.
        names = ", ".join(sorted(fields))
        return error_response(400, "request.invalid",
                              f"有 {len(fields)} 项填写不符合要求，请按各项提示修改 / Invalid request data: {names}",
                              fields)
    code, message = _HTTP_ERRORS.get(status, (f"http.{status}", error.name))
    headers = {}
    if status == 405:
        headers = {k: v for k, v in error.get_headers() if k.lower() == "allow"}
    return error_response(status, code, message, headers=headers)


def handle_api_error(error: ApiError):
    return error_response(error.status, error.code, error.message, error.fields, error.headers)


def handle_document_error(error: DocumentError):
    return error_response(error.http_status, error.code, error.message)


def handle_framework_error(error: FrameworkError):
    # Only reached when a request names an unknown framework; shipped files are validated at load.
    field = error.field or "framework"
    return error_response(400, "framework.unknown", error.message, {field: [error.message]})


def handle_unexpected(error: Exception):
    # The type only: messages of unexpected errors can quote document text.
    log.error("unhandled %s while serving a request", type(error).__name__)
    return error_response(500, "internal_error",
                          "服务器内部错误 / Internal server error")


def register_error_handlers(app) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(DocumentError, handle_document_error)
    app.register_error_handler(FrameworkError, handle_framework_error)
    app.register_error_handler(Exception, handle_unexpected)
