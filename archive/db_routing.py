"""Read replicas on PostgreSQL's own streaming replication.

When `DATABASE_REPLICA_URL` is set, public read-only requests read from the `replica` alias.
Everything else stays on the primary (`default`):
- management commands (ingest, reanalyze, migrate), the shell and tests outside a request;
- the admin, and any request that is not GET/HEAD;
- the rest of a request once it has written (a write pins the request to the primary);
- a client's requests for a few seconds after it wrote (a cookie), so a redirect after a save
  never reads the replica before the change has arrived;
- every request while the replica is unreachable (checked at most every few seconds).

The router only answers "which alias"; `ReplicaRoutingMiddleware` decides, per request, whether
the replica may be used, and keeps that decision in a context variable.
"""

import contextvars
import logging
import time

from django.conf import settings
from django.db import OperationalError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "archive_primary"

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("wrote", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and not _wrote.get():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaHealth:
    """Whether the replica answers, asked at most every `interval` seconds per process."""

    def __init__(self, interval: float | None = None):
        self.interval = interval
        self.checked_at = float("-inf")
        self.up = False

    def is_up(self) -> bool:
        now = time.monotonic()
        interval = (
            self.interval if self.interval is not None else settings.ARCHIVE_REPLICA_CHECK_SECONDS
        )
        if now - self.checked_at < interval:
            return self.up
        self.checked_at = now
        was_up = self.up
        try:
            connections[REPLICA].ensure_connection()
            self.up = True
        except OperationalError:
            connections[REPLICA].close()
            self.up = False
        if was_up != self.up:  # log changes, not every request
            logger.warning(
                "read replica is %s",
                "reachable: reading from it" if self.up else "down: reading from the primary",
            )
        return self.up

    def mark_down(self) -> None:
        connections[REPLICA].close()
        self.up, self.checked_at = False, time.monotonic()


replica_health = ReplicaHealth()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/admin/")
            and PIN_COOKIE not in request.COOKIES
            and replica_health.is_up()
        )
        use_token, wrote_token = _use_replica.set(allowed), _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() and replica_configured():
                # Read-your-writes for the next few requests of this client.
                response.set_cookie(
                    PIN_COOKIE, "1", max_age=settings.ARCHIVE_REPLICA_PIN_SECONDS, httponly=True
                )
            return response
        finally:
            _use_replica.reset(use_token)
            _wrote.reset(wrote_token)

    def process_exception(self, request, exception):
        """The replica went away between two health checks: answer this read from the primary
        instead of failing it (a GET/HEAD view may run twice)."""
        if not (_use_replica.get() and isinstance(exception, OperationalError)):
            return None
        logger.warning("read replica failed mid-request (%s): reading from the primary", exception)
        replica_health.mark_down()
        _use_replica.set(False)
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)
