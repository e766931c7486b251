"""The interactive API docs at /docs, drawn on the server from the app's own OpenAPI document: each
operation with its parameters (type, limits, default, meaning) and a form that sends it. Swagger UI
is not used: FastAPI's loads from a CDN, and the copy on PyPI (swagger-ui-bundle, Swagger UI 4)
cannot read OpenAPI 3.1, which FastAPI writes. Nothing here is fetched from outside."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsgraph.web.pages import render

router = APIRouter(include_in_schema=False)
LIMITS = (("minLength", "at least {} characters"), ("maxLength", "at most {} characters"), ("minimum", ">= {}"),
          ("maximum", "<= {}"), ("exclusiveMinimum", "> {}"), ("exclusiveMaximum", "< {}"), ("pattern", "matches {}"))


@dataclass
class Parameter:
    name: str
    where: str  # query | path
    required: bool
    kind: str  # "string", "integer", "boolean", "week | month"
    limits: str
    default: Optional[str]
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    parameters: list[Parameter] = field(default_factory=list)

    @property
    def has_path_parameters(self) -> bool:
        return any(p.where == "path" for p in self.parameters)


def schema_parts(schema: dict) -> list[dict]:
    """The alternatives of a schema (``anyOf`` of a type and null), null left out."""
    parts = schema.get("anyOf", [schema])
    return [part for part in parts if part.get("type") != "null"] or [schema]


def describe_parameter(parameter: dict) -> Parameter:
    schema = parameter.get("schema", {})
    parts = schema_parts(schema)
    kinds = [" | ".join(part["enum"]) if "enum" in part else part.get("type", "any") for part in parts]
    limits = [text.format(part[key]) for part in parts for key, text in LIMITS if key in part]
    default = schema.get("default")
    return Parameter(parameter["name"], parameter["in"], bool(parameter.get("required")), " or ".join(kinds),
                     ", ".join(limits), None if default is None else str(default).lower() if isinstance(default, bool)
                     else str(default), parameter.get("description") or schema.get("description") or "")


def api_operations(document: dict) -> list[Operation]:
    """Every operation of an OpenAPI document, in its order, with its parameters described."""
    return [Operation(method.upper(), path, operation.get("summary", ""),
                      [describe_parameter(p) for p in operation.get("parameters", [])])
            for path, methods in document.get("paths", {}).items() for method, operation in methods.items()]


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request):
    document = request.app.openapi()
    return render(request, "docs.html", title=document["info"]["title"], version=document["info"]["version"],
                  operations=api_operations(document))
