"""Personal API tokens: issued once, stored as a hash, looked up by hash.

A token is 32 random bytes, so a plain SHA-256 of it cannot be brute-forced; a slow password
hash would only make every API request slower."""

import hashlib
import secrets

from django.utils import timezone

from articles.models import ApiToken

PREFIX_CHARS = 8


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(token: ApiToken) -> str:
    """Give `token` a new key, store its hash and return the key: the only time it is seen."""
    key = secrets.token_urlsafe(32)
    token.prefix = key[:PREFIX_CHARS]
    token.key_hash = hash_key(key)
    return key


def token_for(key: str) -> ApiToken | None:
    """The active token whose key is `key`, its day of last use recorded (once a day)."""
    token = ApiToken.objects.filter(key_hash=hash_key(key), active=True).first()
    if token is not None:
        today = timezone.now().date()
        if token.last_used_on != today:
            ApiToken.objects.filter(pk=token.pk).update(last_used_on=today)
            token.last_used_on = today
    return token
