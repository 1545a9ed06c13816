"""Office.js the way Microsoft documents it: a <script> for the CDN in taskpane.html's <head>, before
the page's own scripts, then Office.onReady() — and the page's own message when Office.js cannot be
had (an intranet without appsforoffice.microsoft.com, a proxy that stalls). The CDN's URL is routed
by Playwright: to the Word test double (tests/e2e/word_double.js), to a stand-in whose onReady never
answers, or refused."""
from __future__ import annotations

import time
from pathlib import Path

WORD_DOUBLE = Path(__file__).with_name("word_double.js")

OFFICE_STATUS = "没有连上微软的加载项服务"


def _context(browser, server_url, office_js_url, handle_office_js):
    context = browser.new_context(viewport={"width": 380, "height": 900}, locale="zh-CN")
    requested = []

    def route(r):
        url = r.request.url
        if url.startswith(server_url + "/"):
            r.continue_()
        elif url == office_js_url:
            requested.append(time.monotonic())
            handle_office_js(r)
        else:
            r.abort()

    context.route("**/*", route)
    return context, requested


def test_office_js_is_the_first_script_in_head_and_word_starts_with_it(browser, server_url, office_js_url):
    double = WORD_DOUBLE.read_text(encoding="utf-8")
    context, requested = _context(browser, server_url, office_js_url, lambda r: r.fulfill(
        status=200, content_type="text/javascript", body=double))
    page = context.new_page()
    page.add_init_script("window.__wordDoubleConfig = {paragraphs: [{text: ''}]};")
    page.goto(server_url + "/pane/taskpane.html")
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)
    scripts = page.evaluate("""[...document.querySelectorAll('script')].map(s => ({
        src: s.getAttribute('src'), type: s.type, inHead: s.parentElement === document.head,
        async: s.async, defer: s.defer}))""")
    assert scripts[0] == {"src": office_js_url, "type": "", "inHead": True, "async": False, "defer": False}
    assert [s["src"] for s in scripts[1:]] == ["taskpane.js"], "the page's own scripts come after"
    assert len(requested) == 1   # loaded once, by the tag (taskpane.js does not load it again)
    assert page.get_attribute("body", "data-mode") == "word"
    assert page.text_content("#mode-label") == "Word 加载项"
    assert page.is_hidden("#office-status")
    context.close()


def test_office_ready_that_never_answers_times_out_to_the_pages_own_message(browser, server_url, office_js_url):
    # Office.js loads but Office.onReady never settles (a host that never initialises the page).
    stand_in = "window.Office = { onReady: () => new Promise(() => {}) };"
    context, _ = _context(browser, server_url, office_js_url, lambda r: r.fulfill(
        status=200, content_type="text/javascript", body=stand_in))
    page = context.new_page()
    started = time.monotonic()
    page.goto(server_url + "/pane/taskpane.html")
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)
    elapsed = time.monotonic() - started
    assert 3.5 < elapsed < 10, elapsed          # OFFICE_READY_TIMEOUT_MS (4 s), not forever
    assert page.get_attribute("body", "data-mode") == "standalone"
    assert page.is_visible("#office-status")
    assert OFFICE_STATUS in page.text_content("#office-status")
    assert page.is_enabled("#check-button")     # the upload check works without Office.js
    context.close()


def test_office_js_that_cannot_load_shows_the_pages_own_message(browser, server_url, office_js_url):
    # A stalled request held, then dropped as the browser gives up on it: the parser waits for
    # the <head> script (the documented pattern's cost), then the page starts without Office.js.
    held = []
    context, requested = _context(browser, server_url, office_js_url, held.append)
    page = context.new_page()
    page.goto(server_url + "/pane/taskpane.html", wait_until="commit")
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert held, "the Office.js request was made"
    page.wait_for_timeout(1500)
    assert page.evaluate("document.body === null || document.body.dataset.ready !== 'true'")
    held[0].abort("timedout")
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)
    assert page.get_attribute("body", "data-mode") == "standalone"
    assert page.get_attribute("body", "data-host") == "browser"
    assert page.is_visible("#office-status")
    assert page.text_content("#mode-label") == "浏览器模式：上传检查、下载框架"
    context.close()


def test_a_browser_with_office_js_shows_no_message(browser, server_url, office_js_url):
    # A browser on Word's address (a link to /pane/taskpane.html): Office.js loads and onReady
    # answers with no host, as Microsoft documents outside Office — no intranet message.
    stand_in = "window.Office = { onReady: () => Promise.resolve({ host: null, platform: null }) };"
    context, requested = _context(browser, server_url, office_js_url, lambda r: r.fulfill(
        status=200, content_type="text/javascript", body=stand_in))
    page = context.new_page()
    page.goto(server_url + "/pane/taskpane.html")
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)
    assert requested
    assert page.get_attribute("body", "data-mode") == "standalone"
    assert page.is_hidden("#office-status")
    context.close()


def test_the_standalone_page_never_waits_for_office_js(browser, server_url, office_js_url):
    # / is the browser's page: served without Office.js, so a CDN that stalls (an intranet) cannot
    # keep it blank, and it has nothing to say about Office.js.
    held = []
    context, requested = _context(browser, server_url, office_js_url, held.append)
    page = context.new_page()
    started = time.monotonic()
    page.goto(server_url + "/", wait_until="domcontentloaded")
    assert page.is_visible("text=检查完整性")       # on screen at once
    page.wait_for_selector("body[data-ready='true']", timeout=15_000)
    assert time.monotonic() - started < 3.5         # no Office.onReady timeout either
    assert not requested and not held
    assert page.url.endswith("/pane/taskpane.html?host=browser")
    assert page.get_attribute("body", "data-mode") == "standalone"
    assert page.is_hidden("#office-status")
    assert page.is_enabled("#check-button")
    context.close()
