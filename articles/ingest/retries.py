"""Writing while another ingest writes too: the database's unique keys decide who was first,
and the loser writes its file again, now seeing what the winner committed."""

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, OperationalError, transaction

logger = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPTS = 8
# PostgreSQL: deadlock detected, serialization failure, lock not available.
RETRYABLE_SQLSTATES = {"40P01", "40001", "55P03"}


def is_conflict(exc: Exception) -> bool:
    """Whether `exc` is a conflict with a concurrent transaction, worth one more attempt."""
    if isinstance(exc, IntegrityError):  # a unique key taken meanwhile
        return True
    if isinstance(exc, OperationalError):
        sqlstate = getattr(exc.__cause__, "sqlstate", None)
        # SQLite: "database is locked" past the busy timeout; "database table is locked"
        # between connections that share a cache (an in-memory database), which never wait.
        return sqlstate in RETRYABLE_SQLSTATES or "is locked" in str(exc)
    return False


def run_with_retries(write: Callable[[], T], *, attempts: int = ATTEMPTS, atomic: bool = True) -> T:
    """`write()` in one transaction (or, with `atomic=False`, in the transactions it opens
    itself: it must then be idempotent), run again (after a short random pause) when it lost a
    race with another transaction."""
    for attempt in range(1, attempts + 1):
        try:
            if not atomic:
                return write()
            with transaction.atomic():
                return write()
        except (IntegrityError, OperationalError) as exc:
            if attempt == attempts or not is_conflict(exc):
                raise
            logger.info("write conflict (%s), attempt %d of %d", exc, attempt, attempts)
            time.sleep(random.uniform(0, 0.02 * 2**attempt))
    raise AssertionError("unreachable")
