"""The task pane's static files, the add-in manifest and the API docs page (not part of the API).

Files come from the installed package (importlib.resources), never from the working directory,
and only known web file types are served, so Python sources next to them stay private.
"""
from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, redirect, request

from .errors import ApiError
from .security import DOCS_CSP, PANE_CSP
from .. import manifest_xml as module, wps_install

blp = Blueprint("pane", __name__)

SERVED_SUFFIXES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}
# taskpane.html's reference to Office.js, which Word needs in <head> (Microsoft's documented
# pattern; Word opens the manifest's address, /pane/taskpane.html). WPS and a plain browser have
# no use for Office.js, and on an intranet that cannot reach Microsoft the request may stall the
# page: the WPS ribbon opens the pane as taskpane.html?host=wps, and / (the standalone page) is
# taskpane.html?host=browser, both served without it.
OFFICE_JS_TAG = b'<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>'
HOSTS_WITHOUT_OFFICE_JS = ("wps", "browser")
# The WPS 加载项 folder (addin_server/wps_addin) also serves its ribbon.xml.
WPS_SUFFIXES = {**SERVED_SUFFIXES, ".xml": "application/xml; charset=utf-8"}


def _package_file(root, path: str, suffixes=SERVED_SUFFIXES):
    """The resource at `path` under the `root` Traversable, or None; refuses traversal and
    hidden or private parts."""
    parts = path.split("/")
    if not path or any(p in ("", ".", "..") or p.startswith((".", "_")) or "\\" in p for p in parts):
        return None
    node = root
    for part in parts:
        node = node.joinpath(part)
    suffix = "." + parts[-1].rsplit(".", 1)[-1].lower() if "." in parts[-1] else ""
    if suffix not in suffixes or not node.is_file():
        return None
    return node, suffixes[suffix]


def _static(root, path: str, csp: str, suffixes=SERVED_SUFFIXES, transform=None) -> Response:
    found = _package_file(root, path, suffixes)
    if found is None:
        raise ApiError(404, "not_found", "没有这个文件 / No such file")
    node, mimetype = found
    body = node.read_bytes()
    response = Response(transform(body) if transform else body, content_type=mimetype)
    # Office caches add-in files hard; revalidating each time keeps an upgrade visible at once.
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    response.make_conditional(request)
    if mimetype.startswith("text/html"):
        response.headers["Content-Security-Policy"] = csp
    else:
        # Office Online shows the add-in's icons from its own pages.
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _docs_root():
    return resources.files("addin_server.api").joinpath("static")


@blp.route("/")
def index():
    """The standalone page for a browser (upload a .docx): the pane without Office.js."""
    return redirect("/pane/taskpane.html?host=browser")


@blp.route("/review")
def review_page():
    """The reviewer's desk: a set of materials checked at once (pane/review.html)."""
    return _static(resources.files("addin_server.pane"), "review.html", PANE_CSP)


@blp.route("/favicon.ico")
def favicon():
    return _static(resources.files("addin_server.pane"), "assets/icon-32.png", PANE_CSP)


def _without_office_js(page: bytes) -> bytes:
    return page.replace(OFFICE_JS_TAG, b"", 1)


@blp.route("/pane/<path:path>")
def pane_file(path: str):
    without = path == "taskpane.html" and request.args.get("host") in HOSTS_WITHOUT_OFFICE_JS
    return _static(resources.files("addin_server.pane"), path, PANE_CSP,
                   transform=_without_office_js if without else None)


@blp.route("/wps/")
def wps_addin_index():
    return wps_addin_file("index.html")


@blp.route("/wps/<path:path>")
def wps_addin_file(path: str):
    """The WPS 加载项 folder: index.html (ribbon callbacks), ribbon.xml, icons; jsplugins.xml and
    publish.xml listing this server's add-in, for oem.ini JSPluginsServer (see docs/wps.md)."""
    if path in wps_install.LIST_FILES:
        try:
            url = wps_install.addin_url(request.host_url)
        except wps_install.WpsInstallError as exc:
            raise ApiError(400, "wps.base_url", str(exc)) from None
        entry = wps_install.ENTRY_FOR[path](url)
        response = Response(wps_install.list_document(entry), content_type="application/xml; charset=utf-8")
        response.headers["Cache-Control"] = "no-cache"
        return response
    return _static(resources.files("addin_server.wps_addin"), path, PANE_CSP, suffixes=WPS_SUFFIXES)


@blp.route("/api/docs")
def docs_page():
    return _static(_docs_root(), "docs.html", DOCS_CSP)


@blp.route("/api/docs/<path:path>")
def docs_file(path: str):
    return _static(_docs_root(), path, DOCS_CSP)


@blp.route("/manifest.xml")
def manifest():
    """The manifest for this server's own address (the Host header is allow-listed)."""
    try:
        xml = module.render_manifest(request.host_url, allow_http_localhost=True)
    except module.ManifestError as exc:
        raise ApiError(400, "manifest.base_url", str(exc)) from None
    response = Response(xml, content_type="application/xml; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="manifest.xml"'
    return response
