"""The OpenAPI document, brought in line with the NLGov API Design Rules.

drf-spectacular builds the document from the views; the hook below adds what the rules
ask of every operation: the API-Version header on every response, and each error as
application/problem+json (RFC 9457) with its invalid fields in `invalidParams`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from schakel.api.renderers import PROBLEM_CONTENT_TYPE
from schakel.api.scopes import SCOPES
from schakel.api.versioning import API_VERSION, VERSION_HEADER

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
ERRORS = {
    "400": "Ongeldige invoer; de velden staan in invalidParams.",
    "401": "Geen, een verlopen of een onjuist token.",
    "403": "Het token mist de scope die hiervoor nodig is.",
    "404": "Bestaat niet, of de organisatie neemt er niet aan deel.",
}
HTTP_METHODS = ("get", "put", "post", "delete", "patch")


class ApiClientScheme(OpenApiAuthenticationExtension):
    target_class = "schakel.api.oauth.ApiClientAuthentication"
    name = "oauth2"

    def get_security_requirement(self, auto_schema: Any) -> dict[str, list[str]]:
        required = getattr(auto_schema.view, "required_scopes", {}).get(auto_schema.method)
        return {self.name: [required] if required else []}

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "oauth2",
            "description": "OAuth 2.0 client credentials: een koppeling per organisatie.",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": f"{settings.SCHAKEL_API_URL}/token",
                    "scopes": {scope: str(text) for scope, text in SCOPES.items()},
                }
            },
        }


def _problem_schemas() -> dict[str, Any]:
    return {
        "Problem": {
            "type": "object",
            "description": "Een fout volgens RFC 9457 (application/problem+json).",
            "required": ["type", "title", "status", "detail", "instance"],
            "properties": {
                "type": {"type": "string", "format": "uri"},
                "title": {"type": "string"},
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": {"type": "string"},
                "instance": {"type": "string", "format": "uri-reference"},
                "invalidParams": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/InvalidParam"},
                },
            },
        },
        "InvalidParam": {
            "type": "object",
            "required": ["type", "name", "reason"],
            "properties": {
                "type": {"type": "string", "format": "uri"},
                "name": {"type": "string"},
                "reason": {"type": "string"},
            },
        },
    }


def _version_header() -> dict[str, Any]:
    return {"$ref": f"#/components/headers/{VERSION_HEADER}"}


def nlgov_conventions(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    components = result.setdefault("components", {})
    components.setdefault("schemas", {}).update(_problem_schemas())
    components["headers"] = {
        VERSION_HEADER: {
            "description": "De volledige versie van de API.",
            "schema": {"type": "string", "example": API_VERSION},
        }
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    parameter["schema"] = {"type": "integer"}
            responses = operation.setdefault("responses", {})
            wanted = ["400", "401", "403"]
            if "{" in path:
                wanted.append("404")
            for code in wanted:
                responses[code] = {
                    "description": ERRORS[code],
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": PROBLEM_REF}},
                }
            for code, response in responses.items():
                response.setdefault("headers", {})[VERSION_HEADER] = _version_header()
                if code.startswith("2"):
                    # Problem+json is for errors only, though DRF could render any answer so.
                    response.get("content", {}).pop(PROBLEM_CONTENT_TYPE, None)
                    response["description"] = response.get("description") or "OK"
    return result
