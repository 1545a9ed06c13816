"""The add-in manifest: valid against Microsoft's XSDs, HTTPS everywhere, every file it names served."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from addin_server import create_app
from addin_server.cli import main as cli_main
from addin_server.manifest_xml import (ADDIN_ID, REFERENCED_PATHS, ManifestError, normalize_base_url,
                                       render_manifest)

SCHEMAS = Path(__file__).resolve().parent / "schemas" / "office-addin-manifest"
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
}


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "OfficeAppManifestV1_1.xsd")))


def _urls(root) -> list[str]:
    """Every URL in the manifest, in attributes or in element text."""
    found = []
    for el in root.iter(etree.Element):
        found += [v for v in el.attrib.values() if re.match(r"\w+://", v)]
        if el.text and re.match(r"\s*\w+://", el.text):
            found.append(el.text.strip())
    return found


@pytest.mark.parametrize("base", ["https://localhost:3000", "https://localhost:3443/", "https://addin.example.org/zdjc"])
def test_manifest_validates_against_microsoft_schemas(schema, base):
    root = etree.fromstring(render_manifest(base).encode("utf-8"))
    assert schema.validate(root), schema.error_log
    urls = _urls(root)
    assert urls and all(u.startswith(base.rstrip("/") + "/") for u in urls)


def test_schema_rejects_a_broken_manifest(schema):
    """The validation is real: the same manifest without its <Id> fails."""
    root = etree.fromstring(render_manifest().encode("utf-8"))
    root.remove(root.find("o:Id", NS))
    assert not schema.validate(root)


def test_manifest_declares_what_the_pane_needs():
    root = etree.fromstring(render_manifest("https://localhost:3000").encode("utf-8"))
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "TaskPaneApp"
    assert root.findtext("o:Id", namespaces=NS) == ADDIN_ID
    assert [h.get("Name") for h in root.findall("o:Hosts/o:Host", NS)] == ["Document"]
    assert root.findtext("o:Permissions", namespaces=NS) == "ReadWriteDocument"
    sets = root.findall("o:Requirements/o:Sets/o:Set", NS)
    assert [(s.get("Name"), s.get("MinVersion")) for s in sets] == [("WordApi", "1.1")]
    assert root.find("o:DefaultSettings/o:SourceLocation", NS).get("DefaultValue") == \
        "https://localhost:3000/pane/taskpane.html"
    tab = root.find(".//ov:ExtensionPoint[@{http://www.w3.org/2001/XMLSchema-instance}type="
                    "'PrimaryCommandSurface']/ov:OfficeTab", NS)
    assert tab.get("id") == "TabHome"
    action = tab.find(".//ov:Control/ov:Action", NS)
    assert action.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "ShowTaskpane"
    images = {i.get("id"): i.get("DefaultValue") for i in root.iterfind(".//bt:Images/bt:Image", NS)}
    assert {re.search(r"icon-(\d+)\.png$", u).group(1) for u in images.values()} == {"16", "32", "80"}
    assert root.find("o:HighResolutionIconUrl", NS).get("DefaultValue").endswith("icon-64.png")
    function_file = root.find(".//ov:FunctionFile", NS).get("resid")
    urls = {u.get("id"): u.get("DefaultValue") for u in root.iterfind(".//bt:Urls/bt:Url", NS)}
    assert urls[function_file].endswith("/pane/commands.html")


def test_every_file_the_manifest_names_is_served_and_is_what_it_claims():
    client = create_app().test_client()
    root = etree.fromstring(render_manifest("https://localhost:3000").encode("utf-8"))
    paths = {u.removeprefix("https://localhost:3000") for u in _urls(root)}
    assert paths == set(REFERENCED_PATHS)
    for path in paths:
        response = client.get(path, headers={"Host": "localhost:3000"})
        assert response.status_code == 200, path
        if path.endswith(".png"):
            size = int(re.search(r"icon-(\d+)\.png", path).group(1))
            data = response.data
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (size, size)
        else:
            assert response.mimetype == "text/html"


def test_server_serves_a_manifest_for_its_own_address(schema):
    client = create_app().test_client()
    response = client.get("/manifest.xml", headers={"Host": "localhost:3000"}, base_url="https://localhost:3000")
    assert response.status_code == 200
    root = etree.fromstring(response.data)
    assert schema.validate(root), schema.error_log
    assert all(u.startswith("https://localhost:3000/") for u in _urls(root))


@pytest.mark.parametrize("bad", ["http://example.org", "ftp://localhost", "localhost:3000", "",
                                 "https://user:pw@localhost", "https://localhost/?x=1", "https://localhost:99999"])
def test_unusable_base_urls_are_refused(bad):
    with pytest.raises(ManifestError):
        render_manifest(bad)


def test_http_only_for_loopback_and_only_when_asked():
    with pytest.raises(ManifestError, match="allow-http-localhost"):
        render_manifest("http://localhost:3000")
    assert normalize_base_url("http://127.0.0.1:3000/", allow_http_localhost=True) == "http://127.0.0.1:3000"
    with pytest.raises(ManifestError):
        normalize_base_url("http://10.0.0.5:3000", allow_http_localhost=True)


def test_cli_writes_the_manifest(tmp_path, capsys, schema):
    out = tmp_path / "manifest.xml"
    assert cli_main(["manifest", "--url", "https://localhost:3001", "-o", str(out)]) == 0
    root = etree.parse(str(out)).getroot()
    assert schema.validate(root)
    assert "https://localhost:3001/pane/taskpane.html" in out.read_text(encoding="utf-8")
    assert cli_main(["manifest", "--url", "http://example.org"]) == 2
    assert "HTTPS" in capsys.readouterr().err
