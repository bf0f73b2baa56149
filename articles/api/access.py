"""Who is asking (a token, or an anonymous address) and how often they may ask.

Anonymous requests are limited per address (settings.ARCHIVE_API_ANON_RATE); requests with a
token (`Authorization: Bearer <token>`) per token, at the token's own rate or
settings.ARCHIVE_API_TOKEN_RATE. Over the limit the answer is 429 with Retry-After. The
counts live in Django's cache: per process with the default local-memory cache, shared by
every worker once a shared cache (Redis, Memcached, database) is configured."""

from dataclasses import dataclass

from django.conf import settings
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from articles.api.tokens import token_for
from articles.models import ApiToken


@dataclass(frozen=True)
class Anonymous:
    """A request without a token."""

    def __str__(self):
        return "anonymous"


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        return token_for(token)


def anonymous(request) -> Anonymous | None:
    """Anyone may read without a token; a token that is sent must be right (else 401)."""
    if "authorization" in request.headers:
        return None
    return Anonymous()


class AccessThrottle(SimpleRateThrottle):
    """One limit per token, or per address for anonymous requests; rates read per request so
    that a changed setting or a token's own rate applies at once."""

    scope = "api"

    def __init__(self):
        super().__init__(settings.ARCHIVE_API_ANON_RATE)

    def get_rate(self):
        return settings.ARCHIVE_API_ANON_RATE

    def allow_request(self, request) -> bool:
        auth = getattr(request, "auth", None)
        if isinstance(auth, ApiToken):
            rate = auth.rate or settings.ARCHIVE_API_TOKEN_RATE
        else:
            rate = settings.ARCHIVE_API_ANON_RATE
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        auth = getattr(request, "auth", None)
        ident = f"token:{auth.pk}" if isinstance(auth, ApiToken) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
