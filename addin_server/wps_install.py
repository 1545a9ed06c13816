"""The WPS 加载项 entry: writing it into a jsaddons folder, removing it, packaging it.

WPS 文字 loads "online" add-ins listed in the user's jsaddons folder — `publish.xml`, the file
Kingsoft's own tool (wpsjs publish / debug) writes — and, where an organisation's oem.ini sets
`[Server] JSPluginsServer=<url>`, from the `jsplugins.xml` at that address. An online entry is

    <jspluginonline name="…" type="wps" url="https://host/wps/" …/>

whose url is the add-in's folder on our server (index.html and ribbon.xml). The attributes are the
ones wpsjs 2.2.3 writes (src/lib/debug_publish.js configPublish for publish.xml, debug_xmlplugin.js
for jsplugins.xml). Other add-ins' entries are kept as they are; ours is found by its name (and, as
wpsjs does, an entry of another name at our url is a stale copy of ours).
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .manifest_xml import ManifestError, normalize_base_url

ADDIN_NAME = "duizhao-jiancha"
ADDIN_TYPE = "wps"  # WPS 文字 ("et" is 表格, "wpp" 演示)
ADDIN_PATH = "/wps/"
LIST_FILES = ("publish.xml", "jsplugins.xml")
ENTRY_TAGS = ("jspluginonline", "jsplugin")
MAX_LIST_BYTES = 4 * 1024 * 1024


class WpsInstallError(Exception):
    """Installing or removing cannot go on; the message (Chinese) says why and what to do."""


def default_jsaddons_folder(platform: str = sys.platform, environ=None, home: Path | None = None) -> Path:
    """Where WPS reads a user's add-in lists: %APPDATA%\\kingsoft\\wps\\jsaddons on Windows,
    ~/.local/share/Kingsoft/wps/jsaddons on Linux (the paths wpsjs uses)."""
    environ = os.environ if environ is None else environ
    if platform.startswith("win"):
        appdata = environ.get("APPDATA")
        if not appdata:
            raise WpsInstallError("找不到 %APPDATA% 目录，请用 --dir 指定 WPS 的 jsaddons 文件夹。")
        return Path(appdata) / "kingsoft" / "wps" / "jsaddons"
    return (home or Path.home()) / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons"


def addin_url(base_url: str) -> str:
    """The add-in folder's URL for a server base URL: https://localhost:3000 → …/wps/."""
    try:
        base = normalize_base_url(base_url, allow_http_localhost=True)
    except ManifestError as exc:
        raise WpsInstallError(str(exc)) from None
    return base + ADDIN_PATH


def publish_entry(url: str) -> etree._Element:
    """Our entry as wpsjs writes it into publish.xml (enable_dev: enabled, no install step)."""
    return etree.Element("jspluginonline", {
        "name": ADDIN_NAME, "type": ADDIN_TYPE, "url": url, "debug": "",
        "enable": "enable_dev", "install": "null", "customDomain": ""})


def jsplugins_entry(url: str) -> etree._Element:
    """Our entry as wpsjs writes it into a jsplugins.xml served for oem.ini JSPluginsServer."""
    return etree.Element("jspluginonline", {
        "name": ADDIN_NAME, "type": ADDIN_TYPE, "url": url, "customDomain": ""})


ENTRY_FOR = {"publish.xml": publish_entry, "jsplugins.xml": jsplugins_entry}


def list_document(*entries: etree._Element) -> bytes:
    """A whole list file holding `entries`."""
    root = etree.Element("jsplugins")
    for entry in entries:
        root.append(entry)
    return _serialize(root)


def _serialize(root) -> bytes:
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) + b"\n"


def _read_list(path: Path):
    """The <jsplugins> root of an existing list, or None when there is no file (or it is empty)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WpsInstallError(f"无法读取 {path}：{exc.strerror or exc}") from None
    if len(data) > MAX_LIST_BYTES:
        raise WpsInstallError(f"{path} 过大（超过 4 MB），不像 WPS 加载项列表，未作修改。")
    if not data.strip():
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_blank_text=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise WpsInstallError(
            f"{path} 不是有效的 XML（{exc}），为免破坏其他加载项的登记，未作修改。"
            "请检查或备份后删除该文件，再重试。") from None
    if root.tag != "jsplugins":
        raise WpsInstallError(f"{path} 的根元素是 <{root.tag}>，不是 WPS 加载项列表 <jsplugins>，未作修改。")
    return root


def _ours(element, url: str | None) -> bool:
    if element.tag not in ENTRY_TAGS:
        return False
    return element.get("name") == ADDIN_NAME or (url is not None and element.get("url") == url)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Change:
    path: Path
    action: str  # "added", "updated", "removed", "absent"


def install(folder: Path, base_url: str) -> list[Change]:
    """Write (or refresh) our entry in each list of `folder`, keeping every other entry."""
    url = addin_url(base_url)
    roots = {name: _read_list(folder / name) for name in LIST_FILES}  # all read before any write
    changes = []
    for name in LIST_FILES:
        root = roots[name]
        action = "added"
        if root is None:
            root = etree.Element("jsplugins")
        for element in list(root):
            if _ours(element, url):
                root.remove(element)
                action = "updated"
        root.append(ENTRY_FOR[name](url))
        _write_atomically(folder / name, _serialize(root))
        changes.append(Change(folder / name, action))
    return changes


def uninstall(folder: Path) -> list[Change]:
    """Remove our entries (by name) from each list of `folder`; other entries stay as they are."""
    changes = []
    for name in LIST_FILES:
        path = folder / name
        root = _read_list(path)
        ours = [e for e in (root if root is not None else []) if _ours(e, None)]
        if not ours:
            changes.append(Change(path, "absent"))
            continue
        for element in ours:
            root.remove(element)
        _write_atomically(path, _serialize(root))
        changes.append(Change(path, "removed"))
    return changes


def oem_ini_snippet(jsplugins_url: str) -> str:
    return ("[Support]\r\nJsApiPlugin=true\r\n\r\n"
            f"[Server]\r\nJSPluginsServer={jsplugins_url}\r\n")


README_TEXT = """对照检查助手 WPS 加载项：单位统一部署包
==========================================

本包中的加载项地址：{url}
（每台电脑使用时，该地址上的对照检查服务必须可以访问。）

方式一：由单位的 WPS 配置统一下发（推荐）
  1. 把 jsplugins.xml 放到内网网站上，或直接使用服务自带的地址：
       {jsplugins_url}
  2. 在每台电脑 WPS 安装目录的 office6\\cfgs\\oem.ini（Linux 一般为
     /opt/kingsoft/wps-office/office6/cfgs/oem.ini）中加入 oem.ini 片段里的两节
     （已有 [Support]、[Server] 节时把两行并入其中）。
  3. 重启 WPS 文字，功能区出现“对照检查”选项卡。

方式二：逐台电脑登记
  在每台电脑上运行  addin-server wps install --url {base}
  或把 publish.xml 中的 <jspluginonline> 一行并入该用户 jsaddons 文件夹中的
  publish.xml（Windows：%APPDATA%\\kingsoft\\wps\\jsaddons；
  Linux：~/.local/share/Kingsoft/wps/jsaddons），不要覆盖其中其他加载项的登记。

详见 docs/wps.md。
"""


def package(base_url: str) -> bytes:
    """A .zip for an organisation: jsplugins.xml, publish.xml, an oem.ini snippet and 说明.txt."""
    url = addin_url(base_url)
    jsplugins_url = url + "jsplugins.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("jsplugins.xml", list_document(jsplugins_entry(url)))
        archive.writestr("publish.xml", list_document(publish_entry(url)))
        archive.writestr("oem.ini", oem_ini_snippet(jsplugins_url).encode("utf-8"))
        readme = README_TEXT.format(url=url, jsplugins_url=jsplugins_url, base=url[: -len(ADDIN_PATH)])
        archive.writestr("说明.txt", readme.replace("\n", "\r\n").encode("utf-8"))
    return buffer.getvalue()
