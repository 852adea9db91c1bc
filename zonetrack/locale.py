"""Language choice: the UI is Chinese unless its user picks English; the API negotiates.

Officials share machines whose browsers may be set to English; the pages they work in stay
Chinese until they press "English" (a cookie set by /i18n/setlang/). API clients keep
Django's negotiation through Accept-Language, so their error messages come in the language
they ask for.
"""

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware

API_PREFIX = "/api/"


class UILocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if not request.path_info.startswith(API_PREFIX):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
