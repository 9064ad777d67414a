"""Redis as a cache that may fail: when Redis is down or slow, every cache call behaves as a
miss (reads find nothing, writes are dropped) and is logged, so pages keep working — sessions
are cached_db and fall back to PostgreSQL — instead of answering 500 (issue 23, faults)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What each cache call answers when Redis cannot: a miss, or nothing done.
_FALLBACK: dict[str, Callable[..., Any]] = {
    "add": lambda *args, **kwargs: False,
    "get": lambda key, default=None, version=None: default,
    "set": lambda *args, **kwargs: None,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "set_many": lambda data, *args, **kwargs: list(data),
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: None,
}


def _resilient(name: str):
    method = getattr(RedisCache, name)
    fallback = _FALLBACK[name]

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as exc:
            logger.warning("Redis unavailable (%s: %s): cache %s treated as a miss", type(exc).__name__, exc, name)
            return fallback(*args, **kwargs)

    return wrapper


class ResilientRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache whose failures are misses (see module)."""

    add = _resilient("add")
    get = _resilient("get")
    set = _resilient("set")
    touch = _resilient("touch")
    delete = _resilient("delete")
    get_many = _resilient("get_many")
    has_key = _resilient("has_key")
    set_many = _resilient("set_many")
    delete_many = _resilient("delete_many")
    clear = _resilient("clear")
