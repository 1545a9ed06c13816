"""Protections a server on the user's own machine needs against web pages in the user's browser.

- Host allow-list: a DNS-rebinding page resolves its own name to 127.0.0.1 and then talks to us
  as "same origin"; its requests still carry its own name in the Host header, so we refuse names
  we do not know (localhost, 127.0.0.1, ::1 by default).
- Origin check: a state-changing request (POST…) from a browser carries Origin; only our own
  origin and configured ones may make it. Requests without Origin (curl, the CLI) are allowed.
- CORS headers only for configured origins; the pane is same-origin and needs none.
- Security headers everywhere, and a CSP for the pane that allows Office.js and nothing else
  remote, and lets Office hosts frame the pane.
"""
from __future__ import annotations

from flask import request

from .errors import error_response

OFFICE_JS_ORIGIN = "https://appsforoffice.microsoft.com"
OFFICE_FRAME_ANCESTORS = (
    "'self'",
    "https://*.officeapps.live.com",
    "https://*.office.com",
    "https://*.office365.com",
    "https://*.sharepoint.com",
)

PANE_CSP = "; ".join((
    "default-src 'self'",
    f"script-src 'self' {OFFICE_JS_ORIGIN}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors " + " ".join(OFFICE_FRAME_ANCESTORS),
))
# The API docs page: only our own scripts, and nobody may frame it.
DOCS_CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'self'")
# JSON and everything else: nothing to load, nothing to frame.
DEFAULT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CORS_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = "Content-Type, Accept"


def host_name(host_header: str) -> str:
    """'localhost:3000' → 'localhost'; '[::1]:3000' → '::1'; lower case, no trailing dot."""
    host = host_header.strip().lower()
    if host.startswith("["):
        host = host[1:host.find("]")] if "]" in host else host[1:]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def host_allowed(host_header: str, allowed: tuple[str, ...]) -> bool:
    name = host_name(host_header)
    if not name:
        return False
    for entry in allowed:
        if entry == "*" or entry == name:
            return True
        # ".example.org" allows the domain and its subdomains, as in Django's ALLOWED_HOSTS.
        if entry.startswith(".") and (name == entry[1:] or name.endswith(entry)):
            return True
    return False


def _own_origin() -> str:
    return f"{request.scheme}://{request.host}".lower()


def origin_allowed(origin: str, allowed_origins: tuple[str, ...]) -> bool:
    origin = origin.strip().lower().rstrip("/")
    return origin == _own_origin() or origin in {o.lower() for o in allowed_origins}


def init_security(app, settings) -> None:
    allowed_hosts = settings.allowed_hosts
    allowed_origins = settings.allowed_origins

    @app.before_request
    def _check_host_and_origin():
        if not host_allowed(request.host, allowed_hosts):
            return error_response(
                400, "request.host_not_allowed",
                "主机名不在允许列表中（可在配置 allowed_hosts 中添加） / "
                "Host header not in the allow-list (see the allowed_hosts setting)")
        origin = request.headers.get("Origin")
        if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
            if origin and origin.lower() in {o.lower() for o in allowed_origins}:
                response = app.response_class(status=204)
                _add_cors_headers(response, origin)
                response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
                response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
                response.headers["Access-Control-Max-Age"] = "600"
                return response
            return _origin_refused()
        if request.method in STATE_CHANGING:
            if origin is not None:
                if not origin_allowed(origin, allowed_origins):
                    return _origin_refused()
            elif request.headers.get("Sec-Fetch-Site") == "cross-site":
                return _origin_refused()
        return None

    @app.after_request
    def _add_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("Content-Security-Policy", DEFAULT_CSP)
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        origin = request.headers.get("Origin")
        if origin and origin.lower() in {o.lower() for o in allowed_origins}:
            _add_cors_headers(response, origin)
        return response


def _add_cors_headers(response, origin: str) -> None:
    response.headers["Access-Control-Allow-Origin"] = origin
    response.vary.add("Origin")


def _origin_refused():
    return error_response(
        403, "request.origin_not_allowed",
        "不允许来自该网页来源的请求（可在配置 allowed_origins 中添加） / "
        "Requests from this origin are not allowed (see the allowed_origins setting)")
