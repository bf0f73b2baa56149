"""Project-wide middleware: security headers, and a short answer during a database outage."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("archive.outage")


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response, from settings: the
    admin's policy (which allows its inline styles) on the admin's pages only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        admin = match is not None and "admin" in match.namespaces
        policy = (
            settings.ADMIN_CONTENT_SECURITY_POLICY if admin else settings.CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseOutageMiddleware:
    """While the database cannot be reached, answer 503 with a short page instead of a 500
    and a traceback per request; log the outage once, and once more when it is over."""

    in_outage = False  # per process: each worker logs its own outage once

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 500 and DatabaseOutageMiddleware.in_outage:
            DatabaseOutageMiddleware.in_outage = False
            logger.warning("database reachable again")
        return response

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        if not DatabaseOutageMiddleware.in_outage:
            DatabaseOutageMiddleware.in_outage = True
            first_line = (str(exception).strip().splitlines() or [""])[0]
            logger.error("database unreachable, answering 503: %s", first_line)
        return outage_response(request)


def is_outage(exception: BaseException) -> bool:
    """A database that cannot be reached or answer (connection refused or lost, timeouts)."""
    return isinstance(exception, OperationalError | InterfaceError)


def outage_response(request) -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response._has_been_logged = True  # Django would log a line per request; we log once
    return response
