from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
