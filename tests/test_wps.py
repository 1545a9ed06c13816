"""The WPS 加载项: install / uninstall round trips on a temporary jsaddons folder (other add-ins'
entries kept), the organisation package, and the add-in files the server serves (ribbon.xml valid
against Microsoft's customUI schema, its callbacks defined, its icons served)."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from addin_server import create_app, wps_install
from addin_server.cli import main

CUSTOMUI_XSD = Path(__file__).parent / "schemas" / "customui" / "customUI.xsd"
CUSTOMUI_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
ADDIN = Path(__file__).resolve().parents[1] / "addin_server" / "wps_addin"

# Another add-in's entries, as wpsjs writes them (online in publish.xml, offline in jsplugins.xml).
OTHER_PUBLISH = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<jsplugins>
  <!-- 单位公文助手 -->
  <jspluginonline name="gongwen-helper" type="wps" url="http://127.0.0.1:3889/" debug="" enable="enable_dev" install="null" customDomain=""/>
</jsplugins>
"""
OTHER_JSPLUGINS = """<jsplugins>
  <jsplugin name="secretAddin" type="wps" url="file:///C:/jsaddons/secretAddin.7z" version="1.0.0" enable="true"/>
</jsplugins>
"""


def _entries(path: Path):
    root = etree.parse(str(path)).getroot()
    assert root.tag == "jsplugins"
    return [(e.tag, dict(e.attrib)) for e in root if isinstance(e.tag, str)]


def _ours(path: Path):
    return [a for tag, a in _entries(path) if a.get("name") == wps_install.ADDIN_NAME]


@pytest.fixture
def jsaddons(tmp_path):
    folder = tmp_path / "jsaddons"
    folder.mkdir()
    (folder / "publish.xml").write_text(OTHER_PUBLISH, encoding="utf-8")
    (folder / "jsplugins.xml").write_text(OTHER_JSPLUGINS, encoding="utf-8")
    return folder


def test_install_uninstall_round_trip_keeps_other_addins(jsaddons, capsys):
    before = {name: _entries(jsaddons / name) for name in wps_install.LIST_FILES}
    assert main(["wps", "install", "--dir", str(jsaddons), "--url", "https://localhost:3000"]) == 0
    assert "已登记" in capsys.readouterr().err
    for name in wps_install.LIST_FILES:
        entries = _entries(jsaddons / name)
        assert [e for e in entries if e[1].get("name") != wps_install.ADDIN_NAME] == before[name]
        (ours,) = _ours(jsaddons / name)
        assert ours["url"] == "https://localhost:3000/wps/" and ours["type"] == "wps"
    assert _ours(jsaddons / "publish.xml")[0]["enable"] == "enable_dev"
    assert "单位公文助手" in (jsaddons / "publish.xml").read_text(encoding="utf-8")  # comments survive

    # Installing again (another port) updates our entry instead of adding a second one.
    assert main(["wps", "install", "--dir", str(jsaddons), "--url", "https://localhost:3443"]) == 0
    assert [o["url"] for o in _ours(jsaddons / "publish.xml")] == ["https://localhost:3443/wps/"]
    assert "已更新" in capsys.readouterr().err

    assert main(["wps", "uninstall", "--dir", str(jsaddons)]) == 0
    assert "已移除" in capsys.readouterr().err
    for name in wps_install.LIST_FILES:
        assert _entries(jsaddons / name) == before[name]
    assert main(["wps", "uninstall", "--dir", str(jsaddons)]) == 0
    assert "没有登记本加载项" in capsys.readouterr().err


def test_install_into_a_new_folder_creates_both_lists(tmp_path):
    folder = tmp_path / "Kingsoft" / "wps" / "jsaddons"
    changes = wps_install.install(folder, "http://127.0.0.1:3000")
    assert [c.action for c in changes] == ["added", "added"]
    for name in wps_install.LIST_FILES:
        assert [a["url"] for a in _ours(folder / name)] == ["http://127.0.0.1:3000/wps/"]


def test_a_stale_entry_at_our_url_is_replaced(jsaddons):
    (jsaddons / "publish.xml").write_text(
        '<jsplugins><jspluginonline name="old-name" type="wps" url="https://localhost:3000/wps/"/></jsplugins>',
        encoding="utf-8")
    wps_install.install(jsaddons, "https://localhost:3000")
    assert [a["name"] for _, a in _entries(jsaddons / "publish.xml")] == [wps_install.ADDIN_NAME]


@pytest.mark.parametrize("content, message", [
    ("<jsplugins><jspluginonline name='x'", "不是有效的 XML"),
    ("<settings/>", "不是 WPS 加载项列表"),
])
def test_a_list_we_cannot_read_is_left_untouched(jsaddons, capsys, content, message):
    (jsaddons / "jsplugins.xml").write_text(content, encoding="utf-8")
    publish_before = (jsaddons / "publish.xml").read_bytes()
    assert main(["wps", "install", "--dir", str(jsaddons)]) == 2
    assert message in capsys.readouterr().err
    assert (jsaddons / "jsplugins.xml").read_text(encoding="utf-8") == content
    assert (jsaddons / "publish.xml").read_bytes() == publish_before  # nothing half-done
    assert main(["wps", "uninstall", "--dir", str(jsaddons)]) == 2


def test_entities_in_a_list_are_not_expanded(jsaddons):
    (jsaddons / "publish.xml").write_text(
        '<!DOCTYPE jsplugins [<!ENTITY x SYSTEM "file:///etc/passwd">]><jsplugins><a>&x;</a></jsplugins>',
        encoding="utf-8")
    wps_install.install(jsaddons, "https://localhost:3000")
    assert "root:" not in (jsaddons / "publish.xml").read_text(encoding="utf-8")


def test_install_refuses_a_plain_http_address_off_this_machine(jsaddons, capsys):
    assert main(["wps", "install", "--dir", str(jsaddons), "--url", "http://jiancha.example.org"]) == 2
    assert "HTTPS" in capsys.readouterr().err
    assert not _ours(jsaddons / "publish.xml")


def test_default_jsaddons_folders():
    windows = wps_install.default_jsaddons_folder("win32", {"APPDATA": r"C:\Users\王明\AppData\Roaming"})
    assert str(windows).replace("\\", "/").endswith("/AppData/Roaming/kingsoft/wps/jsaddons")
    linux = wps_install.default_jsaddons_folder("linux", {}, home=Path("/home/wangming"))
    assert linux == Path("/home/wangming/.local/share/Kingsoft/wps/jsaddons")
    with pytest.raises(wps_install.WpsInstallError, match="--dir"):
        wps_install.default_jsaddons_folder("win32", {})


def test_package_for_an_organisation(tmp_path, capsys):
    out = tmp_path / "wps-addin.zip"
    assert main(["wps", "package", "-o", str(out), "--url", "https://jiancha.example.org/"]) == 0
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == sorted(["jsplugins.xml", "publish.xml", "oem.ini", "说明.txt"])
        listed = etree.fromstring(archive.read("jsplugins.xml"))
        (entry,) = listed
        assert entry.get("url") == "https://jiancha.example.org/wps/" and entry.get("type") == "wps"
        oem = archive.read("oem.ini").decode("utf-8")
        assert "JsApiPlugin=true" in oem
        assert "JSPluginsServer=https://jiancha.example.org/wps/jsplugins.xml" in oem
        assert "https://jiancha.example.org/wps/" in archive.read("说明.txt").decode("utf-8")


# ---- the add-in files the server serves --------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def test_ribbon_xml_is_valid_customui_with_the_four_buttons(client):
    response = client.get("/wps/ribbon.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    schema = etree.XMLSchema(etree.parse(str(CUSTOMUI_XSD)))
    ribbon = etree.fromstring(response.data)
    assert schema.validate(ribbon), schema.error_log
    tab = ribbon.find(f".//{CUSTOMUI_NS}tab")
    assert tab.get("label") == "对照检查"
    buttons = ribbon.findall(f".//{CUSTOMUI_NS}button")
    assert [b.get("label") for b in buttons] == ["打开助手", "插入框架", "检查完整性", "填写整改措施"]
    assert {b.get("onAction") for b in buttons} == {"OnAction"}
    assert {b.get("getImage") for b in buttons} == {"GetImage"}
    assert ribbon.get("onLoad") == "OnAddinLoad"


def test_the_schema_rejects_a_broken_ribbon():
    schema = etree.XMLSchema(etree.parse(str(CUSTOMUI_XSD)))
    text = (ADDIN / "ribbon.xml").read_text(encoding="utf-8")
    assert not schema.validate(etree.fromstring(text.replace("onAction=", "onClick=", 1).encode()))
    assert not schema.validate(etree.fromstring(text.replace('size="large"', 'size="huge"', 1).encode()))


def test_ribbon_callbacks_and_icons_exist(client):
    ribbon = etree.fromstring(client.get("/wps/ribbon.xml").data)
    script = client.get("/wps/ribbon.js").get_data(as_text=True)
    callbacks = {ribbon.get("onLoad")} | {b.get(a) for b in ribbon.iter(f"{CUSTOMUI_NS}button")
                                          for a in ("onAction", "getImage")}
    for name in callbacks:
        assert re.search(rf"^function {name}\(", script, re.M), name
    ids = {b.get("id") for b in ribbon.iter(f"{CUSTOMUI_NS}button")}
    table = dict(re.findall(r'(\w+): \{ action: [^,]+, image: "([^"]+)" \}', script))
    assert set(table) == ids
    for image in set(table.values()):
        icon = client.get(f"/wps/{image}")
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml", image
        etree.fromstring(icon.data)  # well-formed


def test_the_addin_folder_serves_index_html_with_its_script(client):
    for path in ("/wps/", "/wps/index.html"):
        page = client.get(path)
        assert page.status_code == 200 and page.mimetype == "text/html"
        assert b'<script src="ribbon.js"></script>' in page.data
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert client.get("/wps/../app.py").status_code == 404
    assert client.get("/wps/missing.xml").status_code == 404


def test_the_server_lists_its_own_addin_for_jsplugins_server(client):
    response = client.get("/wps/jsplugins.xml", base_url="https://localhost:3000")
    (entry,) = etree.fromstring(response.data)
    assert entry.tag == "jspluginonline" and entry.get("url") == "https://localhost:3000/wps/"
    publish = etree.fromstring(client.get("/wps/publish.xml", base_url="https://localhost:3000").data)
    assert publish[0].get("enable") == "enable_dev"


def test_ribbon_and_pane_agree_on_the_plugin_storage_key():
    """ribbon.js leaves the requested flow under a key the pane (host.js) polls: the two must agree."""
    ribbon = (ADDIN / "ribbon.js").read_text(encoding="utf-8")
    host = (ADDIN.parent / "pane" / "host.js").read_text(encoding="utf-8")
    key = re.search(r'var DUIZHAO_ACTION_KEY = "([^"]+)";', ribbon).group(1)
    assert re.search(rf'export const RIBBON_ACTION_KEY = "{re.escape(key)}";', host)
    actions = set(re.findall(r'action: "(\w+)"', ribbon))
    assert actions == set(re.search(r"RIBBON_ACTIONS = \[([^\]]*)\]", host).group(1).replace('"', "")
                          .replace(" ", "").split(","))


def test_addin_pages_have_no_inline_script():
    """The add-in folder is served with the pane's CSP ('self' scripts only)."""
    for page in ADDIN.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag and "://" not in tag, f"{page.name}: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", html), f"{page.name}: inline event handler"
