"""Property-based fuzzing of the OpenAPI spec with schemathesis against a live server: valid and
invalid requests to every operation, bounded in examples. No answer may be a 5xx, and every answer
(4xx JSON errors included) must be declared in the spec: status, content type, headers and body."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from tests.api.serving import serve

pytestmark = pytest.mark.slow  # a live server fuzzed with hundreds of requests

EXAMPLES = 25  # per operation and mode (valid, invalid)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_url(make_settings) -> Iterator[str]:
    # Small text limits keep each example quick; the admin key puts /admin/reload in the spec.
    app = create_app(make_settings(max_texts=3, max_text_chars=200, admin_key="not-sent-by-the-fuzzer"))
    with serve(app) as url:
        yield url
    requests = app.state.services.metrics.requests.collect()[0].samples
    by_class = Counter()
    for sample in requests:
        if sample.name.endswith("_total"):
            by_class[sample.labels["status"][0] + "xx"] += int(sample.value)
    print(f"fuzzing: {sum(by_class.values())} requests, by status class: {dict(sorted(by_class.items()))}")


@pytest.fixture(scope="module")
def api_schema(fuzzed_url):
    schema = schemathesis.openapi.from_url(f"{fuzzed_url}/openapi.json")
    schema.config.generation.update(
        modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
        max_examples=EXAMPLES,
        database="none",
    )
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_declared_and_none_is_a_5xx(case):
    case.call_and_validate(checks=CHECKS, timeout=30)


# Bodies found by an attack run that the generated examples do not reach: a lone surrogate escape
# (no UTF-8 text holds it) and nesting that made Python's json module recurse into a RecursionError.
ATTACK_BODIES = {
    "lone surrogate": rb'{"text": "hi \ud800 there", "q": "hi \ud800 there", "source": "en", "target": "es"}',
    "lone low surrogate": rb'{"text": "\udc00", "q": "\udc00", "source": "en", "target": "es"}',
    "5,000 nested lists": b"[" * 5_000 + b"]" * 5_000,
    "nesting in a field": b'{"q": ' + b"[" * 5_000 + b"]" * 5_000 + b', "target": "es"}',
}


def json_operations(api_schema) -> list:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    return [op for op in operations if any(body.media_type == "application/json" for body in op.body)]


def test_attack_bodies_get_a_declared_4xx_on_every_json_operation(api_schema):
    operations = json_operations(api_schema)
    assert {op.path for op in operations} >= {"/v1/translate", "/libre/translate", "/libre/detect"}
    for operation in operations:
        for name, body in ATTACK_BODIES.items():
            case = operation.Case(body=body, media_type="application/json")
            response = case.call(timeout=30)
            assert 400 <= response.status_code < 500, (operation.path, name, response.text)
            case.validate_response(response, checks=CHECKS)
