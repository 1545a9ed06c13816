"""The review page's set upload through the real local server: a set is larger than one file.

The local server reads a request's body before the app sees it (server.WsgiBridge), so the body
limit it applies must be the route's own: a whole set (`review_max_upload`) for the review page,
one file (`max_content_length`) elsewhere. Measured here through real sockets on loopback.
"""
from __future__ import annotations

import http.client
import json
import sys
import time
from pathlib import Path

import pytest

import materials

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.load import Server  # noqa: E402  (the one launcher of the real server)

SINGLE_FILE_LIMIT = 10 * 1024 * 1024   # DEFAULTS.max_content_length


def _post(port: int, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", path, body, {"Host": "localhost", "Content-Type": content_type})
        response = connection.getresponse()
        return response.status, response.read()
    except (BrokenPipeError, ConnectionResetError) as exc:
        pytest.fail(f"{path}: the server closed the connection during the upload ({exc!r})")
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server():
    with Server(env={"ADDIN_SERVER_ACCESS_LOG": "false"}) as running:
        yield running


def test_a_set_larger_than_one_file_is_reviewed(server):
    material = materials.with_media(materials.build_docx(materials.complete()), 4 * 1024 * 1024)
    files = {f"材料{k}.docx": material for k in range(3)}
    body, content_type = materials.multipart({"files": files})
    assert len(body) > SINGLE_FILE_LIMIT
    status, payload = _post(server.port, "/api/review", body, content_type)
    assert status == 200, payload[:300]
    events = [json.loads(line) for line in payload.splitlines() if line.strip()]
    result = next(e["result"] for e in events if e["type"] == "result")
    assert result["summary"]["readable"] == 3
    assert {f["name"] for f in result["files"]} == set(files)


def test_other_routes_keep_the_single_file_limit(server):
    too_large = materials.with_media(materials.build_docx(materials.complete()), SINGLE_FILE_LIMIT + 1024)
    body, content_type = materials.multipart({"file": {"材料.docx": too_large}})
    status, payload = _post(server.port, "/api/check/docx", body, content_type)
    assert status == 413
    assert json.loads(payload)["error"]["code"] == "request.too_large"


def test_progress_lines_arrive_while_the_set_is_checked(server):
    """The review streams progress (NDJSON, a line at most every 0.2 s) in the response that
    carried the upload: each line must reach the page as it is written, not with the result."""
    body, content_type = materials.multipart({"files": materials.review_set(100)})
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    try:
        connection.request("POST", "/api/review", body, {"Host": "localhost", "Content-Type": content_type})
        response = connection.getresponse()
        assert response.status == 200
        arrivals = [(time.perf_counter(), json.loads(line)["type"]) for line in response if line.strip()]
    finally:
        connection.close()
    kinds = [kind for _, kind in arrivals]
    assert kinds[0] == "start" and kinds[-1] == "result" and "progress" in kinds, kinds
    spread = arrivals[-1][0] - arrivals[0][0]
    assert spread > 0.3, f"every line arrived at once ({spread:.2f} s between the first and the result)"
