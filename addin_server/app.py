"""The Flask application: API blueprints, the task pane's files, security and error handling.

Kept thin: every endpoint validates its input with a marshmallow schema, calls the engine and
dumps the result with a schema; the OpenAPI document at /api/openapi.json comes from the same
schemas (flask-smorest).
"""
from __future__ import annotations

import io
from pathlib import Path
from collections.abc import Mapping

import flask_smorest
from flask import Flask, Request

from .api import batch_review, check, fill, frameworks, health, pane, scaffold, remedies, review
from .api.errors import register_error_handlers
from .api.schemas import ErrorSchema
from .api.security import init_security
from .checks import check as check_document, material_parts, proof, substance
from .config import Settings, load_settings
from .model import Document
from .frameworks.registry import use_settings
from .memory import HeapTrimmer, TrimAfterLargeRequests


class InMemoryRequest(Request):
    """Uploads stay in memory: documents are sensitive and must never be spooled to disk.

    Werkzeug would move an upload above 500 KB into a temporary file; the size is already capped
    by MAX_CONTENT_LENGTH, so memory is bounded.
    """

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        return io.BytesIO()


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        register_error_handlers(self._app)


def _settings_from(config) -> tuple[Settings, dict]:
    """`config` may be Settings, or a mapping of settings keys and/or Flask config keys."""
    if config is None:
        return load_settings(), {}
    if isinstance(config, Settings):
        return config, {}
    if isinstance(config, Mapping):
        ours = {k: v for k, v in config.items() if k in Settings.__dataclass_fields__}
        flask_keys = {k: v for k, v in config.items() if k not in ours}
        unknown = [k for k in flask_keys if not k.isupper()]
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(unknown)}")
        return load_settings(overrides=ours), flask_keys
    raise TypeError("config must be None, a Settings or a mapping")


def create_app(config=None, *, warm_up: str = "background") -> Flask:
    """Build the app. `config`: None (defaults < config file < environment), a `Settings`, or a
    mapping of settings (as in config.py) and upper-case Flask config keys. `warm_up`: load the
    dictionaries and make a first check "background" (a thread, while the server starts
    listening) or "now" (before returning: for a WSGI server that forks workers after loading the
    app, which must not fork while a thread holds a lock)."""
    settings, flask_config = _settings_from(config)
    # The organisation's frameworks folder and pinned default come from these settings too.
    use_settings(settings)
    app = Flask("addin_server", root_path=str(Path(__file__).resolve().parent))
    app.request_class = InMemoryRequest
    app.config.update(
        ADDIN_SERVER_SETTINGS=settings,
        MAX_CONTENT_LENGTH=settings.max_content_length,
        JSON_SORT_KEYS=False,
        API_TITLE="对照检查助手 API",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        # The browsable docs page is our own (/api/docs): flask-smorest's pages load from a CDN.
        OPENAPI_SWAGGER_UI_PATH=None,
        OPENAPI_REDOC_PATH=None,
        OPENAPI_RAPIDOC_PATH=None,
    )
    app.config.update(flask_config)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    init_security(app, settings)
    proof.use_settings(settings)
    substance.use_settings(settings)
    material_parts.use_settings(settings)
    # The dictionaries load, and every check's first-use imports happen, while the server starts
    # listening, not in the user's first check.
    if warm_up == "now":
        proof.warm_up(then=_check_a_sample)
    else:
        proof.warm_up_in_background(then=_check_a_sample)
    api = Api(app, spec_kwargs={"info": {
        "description": "本地服务：检查对照检查材料的完整性，生成提纲和整改措施。"
                       " Local server of the 对照检查助手 Word add-in."}})
    for module in (health, frameworks, check, scaffold, remedies, fill, review, batch_review):
        api.register_blueprint(module.blp)
    api.register_blueprint(frameworks.drafts)
    app.register_blueprint(pane.blp)
    # A large request leaves its freed memory in glibc's arenas; give it back once it is answered.
    app.wsgi_app = TrimAfterLargeRequests(app.wsgi_app, _request_heap_trimmer)
    return app


# Every large request collects and trims: it took half a second or more, the collection and the
# trim take a small part of that.
_request_heap_trimmer = HeapTrimmer(interval=0.0, wait=True, collect=True)


# A short material of the genre (written for this project) checked once at start-up.
_SAMPLE = ("2025年度民主生活会个人对照检查材料", "一、存在的问题",
           "一是理论学习不够深入。对党的创新理论学得不够系统，调查研究还不够经常。",
           "二、整改措施", "坚持每周自学，深入基层调研，推动整改落实。")


def _check_a_sample() -> None:
    check_document(Document.from_texts(list(_SAMPLE)))
