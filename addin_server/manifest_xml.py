"""Render the add-in's XML manifest (`manifest/manifest.xml`) for one server base URL.

Office loads every page and icon named in the manifest from that URL, and refuses anything that is
not HTTPS. So the base URL must be `https://host[:port][/path]`. Plain `http://` is accepted only for a
loopback host *and* only when the caller asks for it explicitly (`allow_http_localhost=True`,
`--allow-http-localhost` on the command line): useful in development and browser tests with
`serve --no-tls`, but Word itself will not load such a manifest.
"""
from __future__ import annotations

import ipaddress
import re
import string
from .release import version as package_version
from .resources import data_folder
from urllib.parse import urlsplit

DEFAULT_BASE_URL = "https://localhost:3000"
# Office identifies the add-in, and the settings it roamed, by this id: never change it.
ADDIN_ID = "9ed03f6a-0cf8-426e-964c-fe424b3c2a23"
# Files the manifest names, relative to the base URL; the pane blueprint must serve each of them.
REFERENCED_PATHS = (
    "/pane/taskpane.html",
    "/pane/commands.html",
    "/pane/help.html",
    "/pane/assets/icon-16.png",
    "/pane/assets/icon-32.png",
    "/pane/assets/icon-64.png",
    "/pane/assets/icon-80.png",
)

# The template's leading comment is for maintainers reading the template, not for users.
_TEMPLATE_NOTE = re.compile(r"<!--\s*Template of.*?-->\n", re.S)
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


class ManifestError(ValueError):
    """The base URL cannot go into a manifest; the message says why and what to pass instead."""


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_base_url(base_url: str, *, allow_http_localhost: bool = False) -> str:
    """Return the base URL without a trailing slash, or raise ManifestError."""
    text = (base_url or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError for a non-numeric or out-of-range port
    except ValueError as exc:
        raise ManifestError(f"地址无效：{text!r}（{exc}）。示例：{DEFAULT_BASE_URL}") from exc
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise ManifestError(f"地址须形如 {DEFAULT_BASE_URL}，收到：{text!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ManifestError(f"地址中不能含用户名、密码、查询参数或片段：{text!r}")
    if parts.scheme == "http":
        if not _is_loopback(host):
            raise ManifestError(
                f"Office 只从 HTTPS 地址加载加载项，{text!r} 不可用。请改用 https://，"
                "并先运行 `addin-server certs install` 生成并信任本机证书。"
            )
        if not allow_http_localhost:
            raise ManifestError(
                f"{text!r} 是 HTTP 地址，Word 不会加载。请改用 https://；"
                "仅在开发调试时可加 --allow-http-localhost。"
            )
    if not re.fullmatch(r"[A-Za-z0-9._~!$&'()*+,;=:@%/-]*", parts.path):
        raise ManifestError(f"地址路径含不允许的字符：{parts.path!r}")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return f"{parts.scheme}://{netloc}{parts.path.rstrip('/')}"


def manifest_version() -> str:
    """The package version as Office's four-part version (Office caches by it, so it must grow)."""
    raw = package_version()
    if raw == "unknown":   # a source checkout never installed
        raw = "1.0.0"
    numbers = [int(n) for n in re.findall(r"\d+", raw.split("+")[0])][:4]
    numbers += [0] * (4 - len(numbers))
    return ".".join(str(min(n, 65535)) for n in numbers)


def template_text() -> str:
    return data_folder("manifest").joinpath("manifest.xml").read_text(encoding="utf-8")


def render_manifest(base_url: str = DEFAULT_BASE_URL, *, allow_http_localhost: bool = False) -> str:
    """The manifest XML (a str, UTF-8 declared) with every URL under `base_url`."""
    # Imported here: xml.sax.saxutils loads urllib.request and http.client, which every command
    # line run would pay for (this module is imported to build the `manifest` command's parser).
    from xml.sax.saxutils import escape

    base = normalize_base_url(base_url, allow_http_localhost=allow_http_localhost)
    text = _TEMPLATE_NOTE.sub("", template_text(), count=1)
    return string.Template(text).substitute(
        base=escape(base, {'"': "&quot;"}), version=manifest_version(), addin_id=ADDIN_ID
    )
