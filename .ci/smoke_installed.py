"""Smoke test of the installed wheel, run by .ci/run with the wheel's own virtual environment from
a folder outside the checkout: the package found is the installed one, its data files (templates,
manifest, pane, frameworks, remedies) are in it, and the command line and the server work.

Usage: python smoke_installed.py CHECKOUT   (CHECKOUT only lends tests/materials.py, the sample
material written for the tests; nothing of the package is imported from it)
"""
from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib import resources
from pathlib import Path


def fail(message: str) -> None:
    sys.exit(f"smoke test of the installed package failed: {message}")


def run(*args: str, expect: int = 0, cwd: Path) -> str:
    exe = shutil.which("addin-server")
    if exe is None or Path(exe).parent != Path(sys.executable).parent:
        fail(f"the addin-server command of this environment is missing (found {exe})")
    done = subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd, timeout=120)
    if done.returncode != expect:
        fail(f"addin-server {' '.join(args)} exited {done.returncode}, not {expect}:\n"
             f"{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout


# A static ES import of the pane's modules ("./state.js", "../ui.js"); the pane has no build step.
PANE_IMPORT = re.compile(r'\bfrom\s*"(\.{1,2}/[^"]+)"|^\s*import\s*"(\.{1,2}/[^"]+)"', re.M)


def served_pane_modules(base_url: str) -> set[str]:
    """Every module the pane's entry (taskpane.js) imports, followed through its imports (the cards
    in pane/cards/ included), fetched from the server: one left out of the wheel fails here."""
    todo, seen = ["taskpane.js"], set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        try:
            with urllib.request.urlopen(f"{base_url}/pane/{path}", timeout=5) as r:
                source = r.read().decode("utf-8")
        except OSError as exc:
            fail(f"/pane/{path}, which the pane imports, is not served: {exc}")
        for match in PANE_IMPORT.finditer(source):
            spec = match.group(1) or match.group(2)
            todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(path), spec)))
    return seen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(checkout: Path) -> None:
    import addin_server

    where = Path(addin_server.__file__).resolve()
    if checkout in where.parents or "site-packages" not in where.parts:
        fail(f"addin_server was imported from {where}, not from the installed wheel")

    # The data the package needs at run time, installed as package data.
    for package, names in {
        "addin_server.templates": ("scaffold.docx", "remedies.docx", "checklist.docx"),
        "addin_server.manifest": ("manifest.xml",),
        "addin_server.pane": ("taskpane.html",),
        # the install scripts `addin-server bundle` copies into an offline folder
        "addin_server.installers": ("install.ps1", "uninstall.ps1", "install.cmd", "uninstall.cmd",
                                    "install.sh", "uninstall.sh", "README.txt"),
    }.items():
        for name in names:
            if not resources.files(package).joinpath(name).is_file():
                fail(f"{package}/{name} is not installed")
    for package in ("addin_server.frameworks.data", "addin_server.remedies.data"):
        if not any(p.name.endswith(".toml") for p in resources.files(package).iterdir()):
            fail(f"{package} has no .toml files")

    # What a first run would otherwise build (~5 s) is shipped, made when the wheel was built.
    shipped = Path(addin_server.__file__).resolve().parent / "prebuilt"
    made = sorted(p.name for p in shipped.iterdir()) if shipped.is_dir() else []
    if not any(n.startswith("proof-lexicon-") for n in made) or \
            not any(n.startswith("jieba-dictionary-") for n in made):
        fail(f"the wheel does not ship the proofreading lexicon and the segmentation trie: {made}")

    work = Path(tempfile.mkdtemp(prefix="addin-smoke-"))
    # Every run below starts with an empty cache folder of its own, as a new user's does.
    os.environ["ADDIN_SERVER_CACHE_DIR"] = str(work / "cache")
    listed = json.loads(run("frameworks", "--format", "json", cwd=work))
    ids = {f["id"] for f in listed}
    if not {"zhuti-2023", "nianhui-2024", "zuzhi-shenghuohui"} <= ids:
        fail(f"addin-server frameworks lists {sorted(ids)}")

    # A scaffold rendered from the installed templates is a .docx the checker reads: incomplete
    # (its prompts are unfilled), so exit status 1 with a report.
    from addin_server.render.scaffold import render_scaffold

    scaffold = work / "框架.docx"
    scaffold.write_bytes(render_scaffold("zhuti-2023"))
    report = json.loads(run("check", str(scaffold), "--format", "json", expect=1, cwd=work))
    if report["complete"] or not any(f["code"] == "placeholder.unfilled" for f in report["findings"]):
        fail(f"the rendered scaffold was not reported as unfilled: {report['findings'][:3]}")

    # A complete material (the tests' own sample) passes.
    sys.path.insert(0, str(checkout / "tests"))
    import materials

    material = work / "材料.docx"
    material.write_bytes(materials.build_docx(materials.complete()))
    out = run("check", str(material), "--disable", "length.too_short", cwd=work)
    # Complete: nothing to add, fill in or correct (substance advice, 充实, may remain: the
    # tests' sample is written to be complete, not concrete).
    if not ("结论：材料完整" in out or "结论：结构完整" in out and "还差" not in out and "待填写" not in out):
        fail(f"the complete sample was not found complete:\n{out[-2000:]}")

    # The checks read the shipped data: nothing of it was built into the cache folder.
    cache = work / "cache"
    built = sorted(p.name for p in cache.iterdir() if p.name.startswith(("proof-lexicon-", "jieba-dictionary-"))) \
        if cache.is_dir() else []
    if built:
        fail(f"a first check built into the cache folder what the wheel ships: {built}")

    # The server starts from the installed package and serves the pane.
    port = free_port()
    server = subprocess.Popen([shutil.which("addin-server"), "serve", "--no-tls", "--port", str(port)],
                              cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    if json.load(r)["status"] == "ok":
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    fail("addin-server serve did not answer /healthz: "
                         + server.stderr.read().decode("utf-8", "replace")[-2000:])
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/pane/taskpane.html", timeout=5) as r:
            if "<html" not in r.read().decode("utf-8").lower():
                fail("/pane/taskpane.html is not the pane")
        modules = served_pane_modules(f"http://127.0.0.1:{port}")
        if not any(m.startswith("cards/") for m in modules):
            fail(f"the pane's cards were not reached from taskpane.js: {sorted(modules)}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    shutil.rmtree(work)
    print(f"installed package OK: {where.parent}")


if __name__ == "__main__":
    if os.environ.get("PYTHONPATH"):
        fail("PYTHONPATH is set; the smoke test must see only the installed package")
    main(Path(sys.argv[1]).resolve())
