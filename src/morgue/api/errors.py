"""Every error the API answers is JSON of one shape, with a message a person can act on.

    {"status": 422, "error": "invalid_parameters",
     "message": "limit: Input should be less than or equal to 100",
     "details": [{"location": "query", "param": "limit", "message": "..."}]}

Bad input is the client's to fix (400 or 422); a 500 means a bug here, and says only that.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

logger = logging.getLogger("morgue.api")


class ApiError(Exception):
    """A request the API refuses, with its HTTP status, a short code and a message."""

    def __init__(self, status: int, error: str, message: str,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.details = details or []


def error_response(status: int, error: str, message: str,
                   details: list[dict[str, Any]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"status": status, "error": error, "message": message}
    if details:
        body["details"] = details
    return JsonResponse(body, status=status)


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    details = []
    for err in errors:
        loc = [str(part) for part in err.get("loc", ())]
        where = loc[0] if loc else "request"
        # ninja puts the whole query model's name second when parameters come from a
        # Schema; what a client needs is the parameter itself.
        params = [p for p in loc[1:] if p not in ("params", "__root__")]
        message = str(err.get("msg", "is not valid")).removeprefix("Value error, ")
        details.append({"location": where, "param": ".".join(params) or None, "message": message})
    return details


def _message(details: list[dict[str, Any]]) -> str:
    parts = [f"{d['param']}: {d['message']}" if d["param"] else d["message"] for d in details]
    return "; ".join(parts) or "the request's parameters are not valid"


def install(api: NinjaAPI) -> None:
    """Give ``api`` JSON answers for every kind of failure."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.error, exc.message, exc.details)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = _validation_details(exc.errors)
        return error_response(422, "invalid_parameters", _message(details), details)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", str(exc) or "no such resource")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code, "http_error", exc.message)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.get_full_path())
        return error_response(500, "internal_error",
                              "the server failed to answer this request; it has been logged")


def unknown_endpoint(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Anything under /api/ that is not an endpoint: a JSON 404 pointing at the docs."""
    return error_response(404, "not_found",
                          f"no API endpoint at {request.path}; see /api/docs for the list")


def json_method_not_allowed(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """Wrap a django-ninja view so a 405 (which ninja answers in plain text) is JSON too."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        allowed = response.get("Allow", "")
        answer = error_response(405, "method_not_allowed",
                                f"{request.method} is not allowed here; use {allowed or 'GET'}")
        answer["Allow"] = allowed
        return answer

    return wrapper
