"""schemathesis against the API's own OpenAPI document (on the web test store, conftest.web_store):
no generated request, valid or not, gets a 5xx, and every refusal has the one error shape. Bounded: 20 examples
per operation, no deadline (the machine is shared). The operations are driven with hypothesis
directly: schemathesis' pytest fixture loader does not run under this pytest."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from newsgraph.web import create_app

OPERATIONS = ["/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/quotes", "/api/events",
              "/api/dyads", "/api/network", "/api/stats"]


@pytest.fixture(scope="module")
def api_schema(web_store):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(str(web_store)))


def test_the_document_has_every_operation(api_schema):
    assert sorted(operation.ok().path for operation in api_schema.get_all_operations()) == sorted(OPERATIONS)


def refusal_has_the_error_shape(response) -> None:
    if 400 <= response.status_code < 500:
        body = response.json()
        assert list(body) == ["error"] and set(body["error"]) == {"code", "message"}, body
        assert body["error"]["message"], body


@pytest.mark.parametrize("path, mode", [(path, GenerationMode.POSITIVE) for path in OPERATIONS] + [
    (path, GenerationMode.NEGATIVE) for path in OPERATIONS if path != "/api/stats"])  # stats takes no parameter
def test_no_generated_request_fails_the_server(api_schema, path, mode):
    """Valid requests (as the document allows) and invalid ones (breaking it): none is a 5xx."""
    statuses = []

    @given(case=api_schema[path]["GET"].as_strategy(generation_mode=mode))
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        response = case.call()
        statuses.append(response.status_code)
        case.validate_response(response, checks=[not_a_server_error])
        refusal_has_the_error_shape(response)

    check()
    assert statuses and all(status < 500 for status in statuses)
