"""Browser tests: the real app on cheroot (addin_server.server) on a free loopback port, driven by
Playwright with Debian's Chromium. Never `playwright install`: without /usr/bin/chromium the tests
skip (fail in CI; see tests/requires.py). All requests leave only for the server. The browser's standalone page (/) and the
WPS pane are served without Office.js; on Word's address (/pane/taskpane.html) the Office.js
request is answered with tests/e2e/word_double.js (tests/e2e/test_office_js.py: refused, held, and
stand-ins)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

import requires

CHROMIUM = Path("/usr/bin/chromium")
OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
WORD_DOUBLE = Path(__file__).with_name("word_double.js")
WPS_DOUBLE = Path(__file__).with_name("wps_double.js")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def office_js_url() -> str:
    """Microsoft's CDN address of Office.js, which taskpane.html's <head> references."""
    return OFFICE_JS


@pytest.fixture(scope="session")
def server_url():
    from addin_server import create_app
    from addin_server.server import build_server

    server = build_server(create_app(), "127.0.0.1", 0, threads=4, access_log_enabled=False)
    server.prepare()
    host, port = server.bind_addr[:2]
    thread = threading.Thread(target=server.serve, name="e2e-server", daemon=True)
    thread.start()
    yield f"http://{host}:{port}"
    server.stop()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    requires.executable(CHROMIUM, "chromium")
    sync_api = requires.module("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


class PaneSession:
    """One browser context showing the pane, standalone or inside the Word or the WPS test double.

    WPS injects its object model into the add-in's pages before their scripts run; the WPS double
    is injected the same way (an init script), and the pane is opened as the ribbon opens it."""

    def __init__(self, browser, server_url: str, word: dict | None, wps: dict | None = None):
        self.server_url = server_url
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        # A task pane is narrow: Word opens it at about 350 px.
        self.context = browser.new_context(viewport={"width": 380, "height": 900},
                                           accept_downloads=True, locale="zh-CN")
        if word is not None:
            import json

            self.context.add_init_script(f"window.__wordDoubleConfig = {json.dumps(word)};")
        # Word opens the manifest's address (with Office.js in <head>); a browser opens / (the
        # standalone page, without it).
        self.pane_path = "/pane/taskpane.html" if word is not None else "/"
        if wps is not None:
            import json

            self.context.add_init_script(f"window.__wpsDoubleConfig = {json.dumps(wps)};")
            self.context.add_init_script(path=str(WPS_DOUBLE))
            self.pane_path = "/pane/taskpane.html?host=wps"   # as the ribbon opens it
        self.context.route("**/*", self._route(word is not None))
        self.page = self.context.new_page()
        # Aborted requests (the blocked CDN) log "Failed to load resource"; anything else counts.
        self.page.on("console", lambda m: m.type == "error" and not m.text.startswith(
            "Failed to load resource") and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _route(self, in_word: bool):
        double = WORD_DOUBLE.read_text(encoding="utf-8")

        def handle(route):
            url = route.request.url
            if url.startswith(self.server_url + "/"):
                route.continue_()
            elif url == OFFICE_JS and in_word:
                route.fulfill(status=200, content_type="text/javascript", body=double)
            else:
                self.blocked.append(url)
                route.abort()

        return handle

    def open(self):
        self.page.goto(self.server_url + self.pane_path)
        self.page.wait_for_selector("body[data-ready='true']", timeout=15_000)
        return self.page

    def screenshot(self, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"pane-{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def pane(browser, server_url):
    sessions = []

    def open_pane(word: dict | None = None, wps: dict | None = None) -> PaneSession:
        session = PaneSession(browser, server_url, word, wps)
        sessions.append(session)
        return session

    yield open_pane
    for session in sessions:
        session.close()
