"""The published document follows the NLGov API Design Rules (Logius), walked rule by rule:
the same checks as the rules' published linter ruleset, written out here."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

KEBAB_SEGMENT = re.compile(r"^([a-z0-9-]+|\{[^}]+\})$")
CAMEL = re.compile(r"^[a-z][a-z0-9]*([A-Z][a-z0-9]*)*$")
PASCAL = re.compile(r"^[A-Z][a-z0-9]*([A-Z][a-z0-9]*)*$")
DATE_NAME = re.compile(r"(\w+D|^d)(ate|atum)$")
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    return response.json()


def _resolve(document, node):
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def _schemas_properties(document):
    """Every (owner, property name, property schema) in the components, nested included."""

    def walk(owner, schema):
        schema = _resolve(document, schema)
        for name, prop in schema.get("properties", {}).items():
            yield owner, name, prop
            yield from walk(f"{owner}.{name}", prop)
        if "items" in schema:
            yield from walk(owner, schema["items"])

    for name, schema in document["components"]["schemas"].items():
        yield from walk(name, schema)


def test_openapi_3_with_a_semantic_version_and_a_full_contact(document):
    assert re.match(r"^3\.\d+(\.\d+)?$", document["openapi"])
    assert re.match(r"^\d+\.\d+\.\d+$", document["info"]["version"])
    contact = document["info"]["contact"]
    assert contact["name"] and contact["email"] and contact["url"]


def test_servers_are_https_and_carry_the_major_version(document):
    assert document["servers"]
    for server in document["servers"]:
        assert server["url"].startswith("https://")
        assert re.search(r"/v\d+$", server["url"])


def test_paths_are_kebab_case_without_trailing_slashes(document):
    for path in document["paths"]:
        assert not path.endswith("/"), path
        for segment in path.strip("/").split("/"):
            assert KEBAB_SEGMENT.match(segment), path


def test_only_standard_methods(document):
    for item in document["paths"].values():
        assert set(item) <= METHODS | {"parameters", "summary", "description"}


def test_query_parameters_and_properties_are_camel_case_and_schema_names_pascal(document):
    for _path, _method, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                assert CAMEL.match(parameter["name"]), parameter["name"]
    for owner, name, _prop in _schemas_properties(document):
        assert CAMEL.match(name), f"{owner}.{name}"
    for name in document["components"]["schemas"]:
        assert PASCAL.match(name), name


def test_every_response_documents_the_api_version_header(document):
    for path, method, operation in _operations(document):
        for code, response in operation["responses"].items():
            headers = _resolve(document, response).get("headers", {})
            assert "API-Version" in headers, f"{method} {path} {code}"


def test_errors_are_problem_json_with_status_title_and_detail(document):
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        codes = set(responses)
        assert {"401", "403"} <= codes, f"{method} {path}"
        if method != "get" or operation.get("parameters"):
            assert "400" in codes, f"{method} {path}"
        if "{" in path:
            assert "404" in codes, f"{method} {path}"
        for code, response in responses.items():
            if code[0] in "45":
                content = _resolve(document, response)["content"]
                assert set(content) == {"application/problem+json"}
                schema = _resolve(document, content["application/problem+json"]["schema"])
                assert {"status", "title", "detail"} <= set(schema["properties"])
                invalid = _resolve(document, schema["properties"]["invalidParams"]["items"])
                assert {"name", "reason"} <= set(invalid["properties"])


def test_dates_are_dates_and_date_times_have_a_time_zone(document):
    for owner, name, prop in _schemas_properties(document):
        prop = _resolve(document, prop)
        fmt = prop.get("format")
        assert fmt not in ("date-time-local", "time"), f"{owner}.{name}"
        if DATE_NAME.search(name) or name in ("date", "datum"):
            assert fmt == "date", f"{owner}.{name}"
        if name.endswith("At"):
            assert fmt == "date-time", f"{owner}.{name}"


def test_the_security_scheme_is_client_credentials_with_the_scopes(document):
    scheme = document["components"]["securitySchemes"]["oauth2"]
    flow = scheme["flows"]["clientCredentials"]
    assert flow["tokenUrl"].startswith("https://")
    assert "casussen:lezen" in flow["scopes"]
    for path, method, operation in _operations(document):
        assert operation["security"][0]["oauth2"], f"{method} {path}"


def test_every_answer_carries_the_api_version(client, api_world):
    from tests.api.conftest import bearer

    for url in ("/api/v1/casussen", "/api/v1/casussen/999999", "/api/v1/documentatie"):
        assert client.get(url, **bearer(api_world.police_token))["API-Version"] == "1.0.0"
    assert client.get("/api/v1/casussen")["API-Version"] == "1.0.0"
    assert client.post("/api/v1/token", {})["API-Version"] == "1.0.0"


def test_the_documentation_page_is_served_from_the_project(client):
    page = client.get("/api/v1/documentatie")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
