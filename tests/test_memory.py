"""Memory is returned after large requests (issue 16): through the real server, a series of large
uploads (near the 10 MB body limit; near the paragraph limit) leaves the serving process's RSS
within RETURNED_WITHIN of what it was before them. glibc keeps freed memory in its arenas, so
without addin_server/memory.py's trim after a large request the same series left +80 MiB held.
docs/performance.md ("Memory after large requests") has the figures."""
from __future__ import annotations

import http.client
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

import pytest

import hostile
from addin_server import memory
from requires import not_on_this_platform

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from bench.load import Server, proc_status_bytes  # noqa: E402  (the one launcher of the real server)

MIB = 1024 * 1024
# The bound documented in docs/performance.md and docs/hosting.md: measured +29 to +38 MiB after
# the series below (+52 to +60 with malloc_trim alone, +80 without); what stays is the caches a check fills
# (segmented words of 4,096 paragraphs, style tables) and the arenas holding them.
RETURNED_WITHIN = 96 * MIB
# Since the server loads its data lazily and maps the compiled lexicon (stop 23), the baseline is
# lower (95 MiB of anonymous memory, was ~180 MiB of RSS) and a large document fills the checks'
# bounded text caches (correspondence 16 MiB, structure 7, proofreading 6 measured): +62 to +77 MiB
# at the end. Bounding those caches by size rather than entries is open (docs/performance.md).
LIMIT = 10 * 1024 * 1024

# Sentences assembled from these parts (written for this test), so that no two paragraphs are
# alike and the document does not compress to nothing.
TOPICS = ("理论学习", "调查研究", "担当作为", "服务群众", "作风建设", "廉洁自律", "制度执行",
          "工作落实", "统筹协调", "改革创新", "基层减负", "学用结合", "对标对表", "整改落实")
SHORTFALLS = ("不够深入", "还有差距", "办法不多", "用力不均", "效果不够明显", "跟进不及时")
ORDINALS = "一二三四五六七八九十"


def material(paragraphs: int, seed: int) -> list[str]:
    """A long material: the three sections, 存在问题 in blocks of one heading and 49 items."""
    rng = random.Random(seed)

    def item(k: int) -> str:
        parts = "，".join(rng.choice(TOPICS) + rng.choice(SHORTFALLS) for _ in range(6))
        return f"{ORDINALS[k % 10]}是{parts}。"

    texts = ["对照检查材料", "一、存在问题"]
    block = 0
    while len(texts) < paragraphs - 4:
        texts.append(f"（{ORDINALS[block % 10]}）在{TOPICS[block % len(TOPICS)]}方面")
        texts += [item(k) for k in range(49)]
        block += 1
    return texts + ["二、原因剖析", item(0), "三、整改措施", item(1)]


def docx(texts: list[str], padding: int = 0) -> bytes:
    """A .docx of these paragraphs; `padding` bytes of incompressible media bring it near the
    body limit (the reader never opens media, but the upload is received and held whole)."""
    body = "".join(hostile.paragraph_xml(text) for text in texts)
    extra = {"word/media/image1.png": os.urandom(padding)} if padding else {}
    return hostile.minimal_docx(hostile.document_xml(body), extra)


def upload(port: int, data: bytes, path: str = "/api/check/docx") -> int:
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.docx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data \
        + f"\r\n--{boundary}--\r\n".encode()
    assert len(body) < LIMIT
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", path, body=body, headers={
            "Host": "localhost", "Content-Type": f"multipart/form-data; boundary={boundary}"})
        response = connection.getresponse()
        answer = response.read()
    finally:
        connection.close()
    assert response.status == 200, answer[:500]
    return response.status


# What the process holds is its anonymous memory (the heap malloc keeps or gives back): the
# compiled lexicon and the segmentation trie are files mapped read-only, whose pages count in VmRSS
# as a large document first touches them, and which the kernel can drop at any time.
HELD = "RssAnon"


def rss(pid: int, field: str = "VmRSS") -> int:
    return proc_status_bytes(pid, field)


@pytest.fixture(scope="module")
def server():
    if not Path("/proc/self/status").exists():
        pytest.skip(not_on_this_platform("RSS is read from /proc (Linux)"))
    with Server(env={"ADDIN_SERVER_ACCESS_LOG": "false"}) as running:
        yield running


def test_memory_is_returned_after_large_requests(server):
    small = docx(material(60, seed=1))
    for _ in range(3):  # a serving process: imports, dictionaries, first checks done
        upload(server.port, small)
    # The server loads its data in the background at start (the whole segmentation dictionary
    # among it): under load that can still be going on after the first checks. The baseline is
    # the serving process's, once its size has settled.
    baseline, deadline = rss(server.pid, HELD), time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(1.0)
        upload(server.port, small)
        now = rss(server.pid, HELD)
        if abs(now - baseline) < 2 * MIB:
            break
        baseline = now
    near_the_body_limit = docx(material(4000, seed=2), padding=9 * MIB)
    near_the_paragraph_limit = docx(material(15_000, seed=3))
    to_annotate = docx(material(6_000, seed=4))  # the reviewer's annotated copy, built whole
    started = time.monotonic()
    after = []
    for _ in range(2):
        for data, path in ((near_the_body_limit, "/api/check/docx"),
                           (near_the_paragraph_limit, "/api/check/docx"),
                           (to_annotate, "/api/check/docx/annotated")):
            upload(server.port, data, path)
            after.append(rss(server.pid, HELD))
    upload(server.port, small)
    end = rss(server.pid, HELD)
    peak = rss(server.pid, "VmHWM")
    print(f"\nanonymous RSS baseline {baseline / MIB:.0f} MiB; after each large request "
          f"{', '.join(f'{a / MIB:.0f}' for a in after)}; at the end {end / MIB:.0f} MiB "
          f"(+{(end - baseline) / MIB:.0f} MiB); peak {peak / MIB:.0f} MiB; "
          f"{time.monotonic() - started:.1f} s for the series")
    if not memory.HeapTrimmer(0.0).available:
        pytest.skip(not_on_this_platform("no glibc malloc_trim: the allocator keeps its own policy"))
    assert end - baseline < RETURNED_WITHIN, f"+{(end - baseline) / MIB:.0f} MiB held"


def test_trim_throttles_and_waits_as_asked(monkeypatch):
    if not memory.HeapTrimmer(0.0).available:
        pytest.skip(not_on_this_platform("no glibc malloc_trim"))
    calls = []
    real = memory._MALLOC_TRIM
    monkeypatch.setattr(memory, "_MALLOC_TRIM", lambda pad: calls.append(pad) or real(pad))
    throttled = memory.HeapTrimmer(interval=60.0)
    assert [throttled.after_work() for _ in range(5)] == [True, False, False, False, False]
    every_time = memory.HeapTrimmer(interval=0.0, wait=True)
    assert all(every_time.after_work() for _ in range(3))
    assert calls == [0] * 4


def test_only_large_requests_trim(monkeypatch):
    """The middleware in front of the real app: a small request never trims; one with a large
    body does, once its response is closed."""
    if not memory.HeapTrimmer(0.0).available:
        pytest.skip(not_on_this_platform("no glibc malloc_trim"))
    from addin_server.app import create_app
    from addin_server.config import DEFAULTS

    calls = []
    real = memory._MALLOC_TRIM
    monkeypatch.setattr(memory, "_MALLOC_TRIM", lambda pad: calls.append(pad) or real(pad))
    client = create_app(DEFAULTS).test_client()
    for _ in range(3):
        response = client.get("/healthz", base_url="https://localhost:3000")
        assert response.status_code == 200
        response.close()
    assert calls == []
    # A large body, whatever its answer (here a quick 400: paragraphs must be a list).
    big = json.dumps({"paragraphs": "。".join(material(9000, seed=4))}, ensure_ascii=False).encode()
    assert len(big) > MIB
    response = client.post("/api/check", data=big, content_type="application/json",
                           base_url="https://localhost:3000")
    assert response.status_code == 400
    response.close()  # the test client closes the WSGI body here, a server after sending it
    assert calls == [0]
