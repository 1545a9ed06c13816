"""The Windows install and uninstall scripts (addin_server/installers/*.ps1) and the README's
PowerShell lines, checked where Windows does not run: parsed by tree-sitter's PowerShell grammar
(PowerShell itself is not packaged for Debian), held to what Windows PowerShell 5.1 reads, and the
registry key, certificate store, paths, login entry and `addin-server` calls they make asserted —
each step of install.ps1 undone by uninstall.ps1."""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

import requires
from addin_server.cli import build_parser

INSTALLERS = resources.files("addin_server.installers")
WEF_DEVELOPER = r"HKCU:\Software\Microsoft\Office\16.0\WEF\Developer"


def _parser():
    tree_sitter = requires.module("tree_sitter")
    powershell = requires.module("tree_sitter_powershell")
    return tree_sitter.Parser(tree_sitter.Language(powershell.language()))


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _source(name: str) -> str:
    raw = INSTALLERS.joinpath(name).read_bytes()
    return raw.decode("utf-8-sig")


class Script:
    """A parsed script: its commands (name, arguments) and its variables' string values."""

    def __init__(self, text: str):
        self.text = text
        self.tree = _parser().parse(text.encode("utf-8"))
        self.nodes = list(_walk(self.tree.root_node))

    def errors(self) -> list[str]:
        return [f"line {n.start_point[0] + 1}: {n.text.decode('utf-8', 'replace')[:60]!r}"
                for n in self.nodes if n.type == "ERROR" or n.is_missing]

    def commands(self, name: str) -> list[str]:
        """The argument text of each call of command `name`."""
        out = []
        for node in self.nodes:
            if node.type != "command":
                continue
            command_name = node.child_by_field_name("command_name")
            if command_name is not None and command_name.text.decode() == name:
                elements = node.child_by_field_name("command_elements")
                out.append(elements.text.decode().strip() if elements is not None else "")
        return out

    def strings(self) -> dict[str, str]:
        """$Name = "literal" assignments at the top of the script."""
        return dict(re.findall(r'^\$(\w+) = "([^"$]*)"\r?$', self.text, re.M))

    def addin_server_calls(self) -> list[list[str]]:
        """Each `& $AddinServer …` / `Invoke-Checked … $AddinServer @(…)` as an argument list."""
        calls = [line.split() for line in re.findall(r"& \$AddinServer ([^)\r\n|]+)", self.text)]
        for args in re.findall(r"Invoke-Checked \"[^\"]+\" \$AddinServer @\(([^)]*)\)", self.text):
            calls.append([a.strip().strip('"') for a in args.split(",")])
        return calls


@pytest.fixture(scope="module")
def install():
    return Script(_source("install.ps1"))


@pytest.fixture(scope="module")
def uninstall():
    return Script(_source("uninstall.ps1"))


@pytest.mark.parametrize("name", ["install.ps1", "uninstall.ps1"])
def test_script_parses_and_is_what_windows_powershell_51_reads(name):
    raw = INSTALLERS.joinpath(name).read_bytes()
    # 5.1 reads a file without a BOM in the ANSI code page (GBK on Chinese Windows): the Chinese
    # messages would be garbled, even break the syntax.
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name} must be UTF-8 with a BOM"
    assert b"\n" not in raw.replace(b"\r\n", b""), f"{name}: Windows line ends"
    script = Script(raw.decode("utf-8-sig"))
    assert script.errors() == []
    # PowerShell 7 only: && / || between pipelines, ?? and the ternary operator (the latter two
    # are already parse errors in this grammar).
    assert not [n for n in script.nodes if n.type == "pipeline_chain_tail"]
    assert "Set-StrictMode -Version 2.0" in script.text
    # No administrator rights anywhere.
    for machine_wide in ("HKLM:", "LocalMachine", "RunAs", "Program Files"):
        assert machine_wide not in script.text, machine_wide


def test_the_parser_finds_a_broken_script():
    broken = _source("install.ps1").replace("} else {", "} else", 1)
    assert Script(broken).errors(), "a missing brace must be reported"
    assert Script("if ($x) { Write-Host 'a' \r\n").errors()


def test_readme_powershell_lines_parse_without_ps7_operators():
    readme = (requires.CHECKOUT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```powershell\n(.*?)^```", readme, re.S | re.M).group(1)
    lines = [line for line in block.splitlines() if line.strip()]
    assert len(lines) == 2
    for line in lines:
        script = Script(line)
        assert script.errors() == [], line
        assert not [n for n in script.nodes if n.type == "pipeline_chain_tail"], line
        assert line.startswith("py -3 -m venv .venv; ")
    assert "pip install ." in lines[0] and lines[0].endswith("serve }")


def test_install_registers_the_manifest_in_the_per_user_developer_key(install, uninstall, tmp_path):
    assert install.strings()["WefDeveloperKey"] == WEF_DEVELOPER
    assert uninstall.strings()["WefDeveloperKey"] == WEF_DEVELOPER
    [created] = install.commands("New-ItemProperty")
    assert created == ("-Path $WefDeveloperKey -Name $addinId -Value $Manifest -PropertyType String -Force")
    # The key is made only when absent: New-Item -Force on an existing key would replace it.
    assert re.search(r"if \(-not \(Test-Path -Path \$WefDeveloperKey\)\) \{\s+#[^\n]*\n\s+#[^\n]*\n"
                     r"\s+New-Item -Path \$WefDeveloperKey -Force", install.text)
    # The value's name is the Id the manifest `addin-server manifest` writes really has.
    assert "$addinId = $manifestXml.OfficeApp.Id" in install.text
    from addin_server.cli import main

    manifest = tmp_path / "manifest.xml"
    assert main(["manifest", "--url", "https://localhost:3000", "-o", str(manifest)]) == 0
    root = etree.parse(str(manifest)).getroot()
    assert etree.QName(root).localname == "OfficeApp"
    ids = [el.text for el in root if isinstance(el.tag, str) and etree.QName(el).localname == "Id"]
    assert len(ids) == 1 and re.fullmatch(r"[0-9a-fA-F-]{36}", ids[0])
    # Uninstall removes only the value pointing at our manifest.
    [removed] = uninstall.commands("Remove-ItemProperty")
    assert removed == "-Path $WefDeveloperKey -Name $property.Name"
    assert '"$($property.Value)" -eq $Manifest' in uninstall.text


def test_install_trusts_the_ca_for_this_user_only_and_uninstall_removes_it(install, uninstall):
    [imported] = install.commands("Import-Certificate")
    assert imported == r"-FilePath $caPath -CertStoreLocation Cert:\CurrentUser\Root"
    assert uninstall.strings()["CaSubject"] == "CN=addin-server local CA"
    from addin_server.certs import CA_NAME

    assert CA_NAME == "addin-server local CA"
    assert r'Remove-Item -Path "Cert:\CurrentUser\Root\$($cert.Thumbprint)"' in uninstall.text


def test_paths_and_the_login_entry_match_between_install_and_uninstall(install, uninstall):
    for name in ("ShortcutName",):
        assert install.strings()[name] == uninstall.strings()[name]
    default_root = '[string]$InstallRoot = (Join-Path $env:LOCALAPPDATA "addin-server")'
    assert default_root in install.text and default_root in uninstall.text
    assert '$Venv = Join-Path $InstallRoot "venv"' in install.text
    assert '$Venv = Join-Path $InstallRoot "venv"' in uninstall.text
    assert '$Manifest = Join-Path $InstallRoot "manifest.xml"' in install.text
    assert '$Manifest = Join-Path $InstallRoot "manifest.xml"' in uninstall.text
    # Started at login by a shortcut in the user's Startup folder: pythonw (no console window)
    # running the server on the chosen port; uninstall deletes the same shortcut.
    assert '[Environment]::GetFolderPath("Startup")' in install.text
    assert "$shortcut.TargetPath = $VenvPythonw" in install.text
    assert '$shortcut.Arguments = "-m addin_server serve --port $Port"' in install.text
    assert '$VenvPythonw = Join-Path $Venv "Scripts\\pythonw.exe"' in install.text
    assert 'Join-Path ([Environment]::GetFolderPath("Startup")) $ShortcutName' in uninstall.text
    assert install.strings()["ShortcutName"].endswith(".lnk")
    # Offline when the bundle's wheels are beside the script: pip never looks at an index.
    assert '"--upgrade", "--no-index", "--find-links", $Wheels, "addin-server"' in install.text


def test_install_again_stops_the_running_server_before_replacing_it(install):
    # On Windows a running server locks the files pip replaces, and holds the port.
    text = install.text
    assert text.index("\nStop-RunningServer") < text.index('Invoke-Checked "安装"')
    assert "$_.ExecutablePath.StartsWith($venvFull" in text       # only our environment's processes
    # 5.1's web client must offer TLS 1.2 to reach the server's /healthz.
    assert "[Net.SecurityProtocolType]::Tls12" in text


def test_every_addin_server_call_is_one_the_command_line_accepts(install, uninstall):
    parser = build_parser()
    calls = install.addin_server_calls() + uninstall.addin_server_calls()
    commands = {tuple(call[:2]) for call in calls}
    assert {("certs", "install"), ("certs", "path"), ("manifest", "--url"), ("wps", "install"),
            ("wps", "uninstall")} <= commands
    for call in calls:
        concrete = [a.replace("$BaseUrl", "https://localhost:3000").replace("$Manifest", "m.xml")
                    for a in call]
        parser.parse_args(concrete)   # argparse exits (SystemExit) on anything it does not take


def test_cmd_wrappers_bypass_the_policy_for_one_run_only():
    for name in ("install", "uninstall"):
        text = INSTALLERS.joinpath(f"{name}.cmd").read_text(encoding="ascii")
        assert f'powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dp0{name}.ps1" %*' in text
        assert "Set-ExecutionPolicy" not in text
