"""schemathesis against our own OpenAPI document, in-process over WSGI: no 5xx for any generated
input (valid and invalid), and every response matches its documented status, content type and
schema. (tests/test_schemathesis_bulk.py is the high-volume run over real HTTP.)"""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

from addin_server.app import create_app  # noqa: E402
from addin_server.config import DEFAULTS  # noqa: E402

# Small limits so generated inputs also reach the 413 paths.
app = create_app(DEFAULTS.replace(max_paragraphs=50, max_content_length=64 * 1024))
# Invalid input may be refused for being too large (413) or of the wrong media type (415) before
# its content is looked at; both are rejections in our one error shape.
config = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {
    "expected-statuses": ["400", "403", "404", "405", "406", "413", "415", "422"]}}})
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=config)

# Where a schema-valid request can still be refused with a documented 4xx because fields depend on
# each other or on data (any bytes are a valid "file" but only a real .docx is readable; a dimension
# of *that* framework; a remedy id that exists; the renderer's text limits), the "schema-valid
# input must be accepted" check does not apply. Every other check does.
DATA_DEPENDENT = {"/api/scaffold", "/api/remedies", "/api/remedies/rank", "/api/remedies/render",
                  # aspects or headings must be there; ids must be free, or removable
                  "/api/frameworks", "/api/framework-drafts", "/api/frameworks/{framework_id}"}


def data_dependent(case) -> bool:
    return case.operation.path in DATA_DEPENDENT or case.media_type == "multipart/form-data"


@schema.parametrize()
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
def test_api_conforms_to_its_openapi_document(case):
    excluded = [positive_data_acceptance] if data_dependent(case) else []
    case.call_and_validate(headers={"Host": "localhost"}, excluded_checks=excluded)
