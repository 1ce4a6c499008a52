"""The API's documentation as an ordinary page of the site, drawn from the OpenAPI schema.

Swagger UI fails WCAG 2.1 AA (contrast, nested controls, no language) and its markup is not
ours to fix; this page lists the same operations, parameters and answers in plain,
accessible HTML, and links the machine-readable schema."""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ["get", "post", "put", "patch", "delete"]


def _type(schema: dict[str, Any]) -> str:
    """A parameter's type in a few words ("integer", "string or null")."""
    if "anyOf" in schema:
        return " / ".join(_type(option) for option in schema["anyOf"])
    return str(schema.get("type") or schema.get("$ref", "").rsplit("/", 1)[-1] or "")


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of the schema in path order, with its parameters and answers."""
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tags": operation.get("tags", []),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter.get("in", ""),
                            "required": parameter.get("required", False),
                            "type": _type(parameter.get("schema", {})),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return found


class AccessibleDocs(DocsBase):
    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "api/docs.html",
            {
                "info": schema.get("info", {}),
                "operations": operations(schema),
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )
