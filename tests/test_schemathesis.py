"""schemathesis against our own OpenAPI document, in-process over WSGI: no 5xx for any generated
input (valid and invalid), and every response matches its documented status, content type and
schema. (tests/test_schemathesis_bulk.py is the high-volume run over real HTTP.)"""
from __future__ import annotations

import json

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import negative_data_rejection, positive_data_acceptance  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

from addin_server.app import create_app  # noqa: E402
from addin_server.config import DEFAULTS  # noqa: E402

# Small limits so generated inputs also reach the 413 paths.
app = create_app(DEFAULTS.replace(max_paragraphs=50, max_content_length=64 * 1024))
# Invalid input may be refused for being too large (413) or of the wrong media type (415) before
# its content is looked at; both are rejections in our one error shape.
# A schema-valid body can still be larger than the body limit (64 KiB here; the schema bounds no
# body's size): it is refused with the documented 413 before it is read, which the "schema-valid
# input must be accepted" check takes as its own (seen on /api/review/export's free-form result).
config = SchemathesisConfig.from_dict({"checks": {
    "negative_data_rejection": {"expected-statuses": ["400", "403", "404", "405", "406", "413", "415", "422"]},
    "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "413", "429", "5xx"]}}})
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=config)

# Where a schema-valid request can still be refused with a documented 4xx because fields depend on
# each other or on data (any bytes are a valid "file" but only a real .docx is readable; a dimension
# of *that* framework; a remedy id that exists; the renderer's text limits), the "schema-valid
# input must be accepted" check does not apply. Every other check does.
DATA_DEPENDENT = {"/api/scaffold", "/api/remedies", "/api/remedies/rank", "/api/remedies/render",
                  "/api/fill/plan",  # parts must be missing, selections must exist
                  # aspects or headings must be there; ids must be free, or removable
                  "/api/frameworks", "/api/framework-drafts", "/api/frameworks/{framework_id}"}


# Any bytes are a file on the wire, so an item of an array of files ("format: binary") has no
# invalid form: what schemathesis sends as a "format violation" there is a file like any other (and
# becomes that material's red row). Its other negative cases for these bodies still reach the
# endpoint through the positive and server-error checks.
FILE_ARRAYS = {"/api/review", "/api/review/annotated"}


def data_dependent(case) -> bool:
    return case.operation.path in DATA_DEPENDENT or case.media_type == "multipart/form-data"


@schema.parametrize()
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
def test_api_conforms_to_its_openapi_document(case):
    excluded = [positive_data_acceptance] if data_dependent(case) else []
    if case.operation.path in FILE_ARRAYS:
        excluded.append(negative_data_rejection)
    case.call_and_validate(headers={"Host": "localhost"}, excluded_checks=excluded)


def _with_lone_surrogates(value, depth: int = 0):
    """Every string of a generated body with half a surrogate pair in it (JSON: "\\ud800")."""
    if isinstance(value, str):
        return "\ud800" + value + "\udfff"
    if isinstance(value, list):
        return [_with_lone_surrogates(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _with_lone_surrogates(v, depth + 1) for k, v in value.items()}
    return value


def _deeply_nested(value, depth: int = 5_000) -> bytes:
    """The body as JSON with its first field's value (or itself) buried under `depth` arrays:
    deeper than json.loads or marshmallow could recurse."""
    if isinstance(value, dict) and value:
        key = next(iter(value))
        rest = json.dumps({k: v for k, v in value.items() if k != key})[1:-1]
        buried = "[" * depth + json.dumps(value[key]) + "]" * depth
        return ("{" + json.dumps(key) + ":" + buried + ("," + rest if rest else "") + "}").encode("ascii")
    return ("[" * depth + json.dumps(value) + "]" * depth).encode("ascii")


@schema.parametrize()
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@pytest.mark.parametrize("hostile", ["lone_surrogates", "deep_nesting"])
def test_hostile_json_bodies_never_give_a_5xx(case, hostile):
    """Issue 16: generated bodies of every JSON endpoint with lone surrogates in their strings, or
    nested 500 deep: a documented 4xx or a whole 200, never a 5xx."""
    structured = case.media_type == "application/json" and isinstance(case.body, (dict, list, str))
    if structured:
        # serialised here: ASCII escapes are how JSON carries a lone surrogate
        case.body = (json.dumps(_with_lone_surrogates(case.body)).encode("ascii")
                     if hostile == "lone_surrogates" else _deeply_nested(case.body))
    response = case.call(headers={"Host": "localhost"})
    assert response.status_code < 500, (case.operation.path, response.text[:300])
    if hostile == "deep_nesting" and structured:
        assert response.status_code in (400, 413), response.text[:300]
