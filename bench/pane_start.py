"""`python -m bench.pane_start`: how long the task pane takes to start, as a writer opening it waits.

From navigation to the pane's `body[data-ready]` (host picked, cards wired, frameworks loaded) in
Debian's Chromium against the real `addin-server serve` on loopback, in a fresh browser context
each time (nothing cached: the first open), for the three ways the pane is opened — the browser's
standalone page (/), the WPS pane (?host=wps, with tests/e2e/wps_double.js injected as WPS injects
its object model) and Word (/pane/taskpane.html, with tests/e2e/word_double.js answering Office.js's
CDN address). Also counts the JavaScript files the page requests.

`--against CHECKOUT` starts a second server from another checkout (e.g. a worktree of main) and
interleaves the two, load by load, so a change is measured against its baseline in the same run
under the same load. Wall-clock figures on a shared machine are noisy: compare medians of the
same run only.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
WORD_DOUBLE = REPO / "tests" / "e2e" / "word_double.js"
WPS_DOUBLE = REPO / "tests" / "e2e" / "wps_double.js"
OPENINGS = {
    "standalone": "/",
    "wps": "/pane/taskpane.html?host=wps",
    "word": "/pane/taskpane.html",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(checkout: Path) -> tuple[subprocess.Popen, str]:
    """`addin-server serve` running the package of `checkout`; its base URL once it answers."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(checkout))
    server = subprocess.Popen([shutil.which("addin-server"), "serve", "--no-tls", "--port", str(port)],
                              env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
            return server, base
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit(f"addin-server serve from {checkout} did not start")
            time.sleep(0.2)


def _open_once(browser, base: str, opening: str) -> tuple[float, int]:
    """Milliseconds to body[data-ready] and the number of .js files requested, in a new context."""
    context = browser.new_context()
    if opening == "wps":
        context.add_init_script(WPS_DOUBLE.read_text(encoding="utf-8"))
    if opening == "word":
        double = WORD_DOUBLE.read_text(encoding="utf-8")
        context.add_init_script("window.__wordDoubleConfig = {paragraphs: [{text: ''}]};")
        context.route(OFFICE_JS, lambda route: route.fulfill(status=200, content_type="text/javascript", body=double))
    page = context.new_page()
    scripts: list[str] = []
    page.on("request", lambda request: request.url.startswith(base) and request.url.split("?")[0].endswith(".js")
            and scripts.append(request.url))
    started = time.perf_counter()
    page.goto(base + OPENINGS[opening])
    page.wait_for_selector("body[data-ready='true']", timeout=30_000)
    elapsed = (time.perf_counter() - started) * 1000
    context.close()
    return elapsed, len(scripts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pane_start", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="loads per opening and checkout (default 15)")
    parser.add_argument("--against", type=Path, help="another checkout to measure in the same run (the baseline)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    checkouts = {"this": REPO}
    if args.against:
        checkouts["baseline"] = args.against.resolve()
    servers = {name: _serve(path) for name, path in checkouts.items()}
    times = {(name, opening): [] for name in checkouts for opening in OPENINGS}
    scripts: dict[tuple[str, str], int] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            for _ in range(args.rounds):
                for opening in OPENINGS:
                    for name, (_, base) in servers.items():
                        elapsed, count = _open_once(browser, base, opening)
                        times[(name, opening)].append(elapsed)
                        scripts[(name, opening)] = count
            browser.close()
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=30)
    print(f"pane start, {args.rounds} loads each (ms to body[data-ready]; fresh context, nothing cached)")
    for opening in OPENINGS:
        for name in checkouts:
            values = times[(name, opening)]
            print(f"  {opening:10} {name:8} median {statistics.median(values):6.0f}  "
                  f"(min {min(values):.0f}, max {max(values):.0f})  .js files {scripts[(name, opening)]}")
        if args.against:
            ratio = statistics.median(times[("this", opening)]) / statistics.median(times[("baseline", opening)])
            print(f"  {opening:10} this / baseline: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
