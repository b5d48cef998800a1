"""The progress of background work (a roster import, a printed report), kept in the cache for
the progress bars, shared by the web processes and the workers (Redis in production).

A progress bar is a nicety: when the cache's server is away, the work goes on and the pages
answer, showing no progress until it is back. Whatever a cache backend raises then is caught
here, and logged, because the backends raise their own client's errors (redis-py's, pymemcache's)
rather than one of Django's."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def progress_set(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("Progress %s not recorded: the cache is unavailable.", key, exc_info=True)


def progress_get(key: str, default):
    try:
        return cache.get(key, default)
    except Exception:
        logger.warning("Progress %s not read: the cache is unavailable.", key, exc_info=True)
        return default
