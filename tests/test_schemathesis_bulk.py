"""schemathesis in bulk against the real server: ≥ 2,000 generated requests, zero 5xx.

tests/test_schemathesis.py checks, in-process over WSGI, that responses conform to the OpenAPI
document. This file is the volume run the hardening issue asks for, over real HTTP to the
production server (`addin-server serve` → cheroot) on loopback, so the server layer (request
parsing, body limits, keep-alive, headers) is exercised too. Both valid (positive) and invalid
(negative) inputs are generated for every operation; every response must be below 500, and every
4xx must carry the one JSON error shape.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from bench.load import Server  # noqa: E402  (the one launcher of the real server)

MIN_TOTAL_CASES = 2_000
# Per operation and generation mode. Operations without inputs (GET /healthz) yield one case, so
# the rest carry the total.
EXAMPLES_PER_MODE = 130
# Small limits so generated bodies also reach the 413 paths over real HTTP.
SERVER_ENV = {"ADDIN_SERVER_MAX_PARAGRAPHS": "50", "ADDIN_SERVER_MAX_CONTENT_LENGTH": str(256 * 1024),
              "ADDIN_SERVER_ACCESS_LOG": "false"}


@pytest.fixture(scope="module")
def live_server():
    with Server(env=SERVER_ENV) as server:
        yield server


def _assert_error_shape(response) -> None:
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error.get("code"), str) and error["code"]
    assert isinstance(error.get("message"), str) and error["message"]
    assert isinstance(error.get("fields"), dict)


@pytest.mark.timeout(600)
def test_two_thousand_generated_requests_no_server_error(live_server):
    schema = schemathesis.openapi.from_url(f"{live_server.base_url}/api/openapi.json",
                                           headers={"Host": "localhost"})
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8, [op.label for op in operations]
    counts: dict[str, int] = {}
    failures: list[str] = []

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @settings(max_examples=EXAMPLES_PER_MODE, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=strategy)
            def run(case):
                counts[operation.label] = counts.get(operation.label, 0) + 1
                response = case.call(base_url=live_server.base_url, headers={"Host": "localhost"},
                                     timeout=30)
                if response.status_code >= 500:
                    failures.append(f"{operation.label} [{mode.value}] → {response.status_code}: "
                                    f"{response.text[:300]}")
                    raise AssertionError(failures[-1])
                if 400 <= response.status_code < 500:
                    _assert_error_shape(response)

            try:
                run()
            except Unsatisfiable:
                # An operation with no inputs (GET /healthz) has nothing to make invalid.
                assert mode is GenerationMode.NEGATIVE, operation.label

    total = sum(counts.values())
    assert not failures, failures
    assert total >= MIN_TOTAL_CASES, counts
    assert live_server.process.poll() is None, "the server died during the run"
