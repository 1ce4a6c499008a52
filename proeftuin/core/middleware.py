import re
import uuid
from collections.abc import Callable

import sentry_sdk
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from . import health
from .logging import request_id_var

# Letters, digits and dashes: what load balancers and tracing tools send as a request id.
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


class LanguageMiddleware(LocaleMiddleware):
    """Dutch first: the language is the one the person chose (the language switch's cookie,
    or their profile), else Dutch. The browser's Accept-Language is not consulted, because
    many Flemish professionals browse with an English browser and expect Dutch pages."""

    def process_request(self, request: HttpRequest) -> None:
        available = dict(settings.LANGUAGES)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in available:
            user = getattr(request, "user", None)
            language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language not in available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        # The thread serves other requests (and tasks) next: leave no language behind.
        translation.deactivate()
        return response


class RequestIdMiddleware:
    """Give every request an id: in the log lines it causes (see `core.logging`), in the
    X-Request-ID response header and as a Sentry tag, so a person's report ("it failed at
    10:42, request id …") leads to the lines that matter.

    A load balancer's own X-Request-ID is kept when it looks like an id, so one id follows
    the request through every hop; anything else is replaced, because the header ends up in
    log lines and must not let a client write into them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        # Kept until the response is closed (core.logging.forget_request_id): Django logs
        # an error response only after it has left the middleware.
        request_id_var.set(request_id)
        sentry_sdk.set_tag("request_id", request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


# Browser features no page of Proeftuin uses: denying them means an injected script or a
# framed page cannot ask for them either. Django has no setting for this header.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than any upload may be, before Django reads a
    byte of it: DATA_UPLOAD_MAX_MEMORY_SIZE does not count files, so without this a client
    could make the server stream gigabytes to a temporary file only for the form to refuse
    it afterwards. The forms and services still check each file's own limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return render(
                request,
                "core/request_too_large.html",
                {"megabytes": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)


class HealthMiddleware:
    """`/health` for load balancers (see `core.health`), answered before the host name is
    checked (a load balancer asks by the machine's address), before sessions, language and
    sign-in: it costs three small queries and touches nothing else. It is also exempt from
    the https redirect (SECURE_REDIRECT_EXEMPT), because health checks often use plain http
    inside the network."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path != "/health" or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        report = health.check()
        response = JsonResponse(report.as_json(), status=200 if report.healthy else 503)
        response["Cache-Control"] = "no-store"
        return response
