"""Conditional GETs for single objects (an article, an entity): an ETag made from the answer
itself, so that it changes exactly when the answer does (an entity merged or renamed by an
editor, re-scored topics, a new similar article), and `If-None-Match` answered 304 by
Django's own rules (lists, weak tags, `*`).

Last-Modified, where given, is when the object's own fields last changed; what is derived
from the rest of the archive can change after it, so only the ETag is used to answer 304."""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date


def answer(api, request, schema, data: dict, last_modified=None):
    """`data` checked against `schema` and sent, or 304 when the client holds it already."""
    response = api.create_response(request, schema(**data).model_dump(mode="json"), status=200)
    response["ETag"] = '"' + hashlib.blake2b(response.content, digest_size=16).hexdigest() + '"'
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return get_conditional_response(request, etag=response["ETag"], response=response)
