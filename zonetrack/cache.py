"""A Redis cache that degrades instead of failing while Redis is down.

The cache only holds what can be lost (login and API throttle counters, refresh debounce
keys, export progress), so a page must keep working when Redis is unreachable: each call
then logs a warning and answers as an empty cache would.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


Method = Callable[..., Any]


def _or(fallback: object) -> Callable[[Method], Method]:
    """Run the client call; while Redis is unreachable, answer ``fallback`` (or its result)."""

    def decorate(method: Method) -> Method:
        @functools.wraps(method)
        def call(self: RedisCacheClient, *args: Any) -> Any:
            try:
                return method(self, *args)
            except UNREACHABLE as error:
                logger.warning("Redis unreachable; cache %s skipped: %s", method.__name__, error)
                return fallback(*args) if callable(fallback) else fallback

        return call

    return decorate


class ResilientRedisCacheClient(RedisCacheClient):
    add = _or(False)(RedisCacheClient.add)
    get = _or(lambda key, default: default)(RedisCacheClient.get)
    set = _or(None)(RedisCacheClient.set)
    touch = _or(False)(RedisCacheClient.touch)
    delete = _or(False)(RedisCacheClient.delete)
    get_many = _or({})(RedisCacheClient.get_many)
    has_key = _or(False)(RedisCacheClient.has_key)
    incr = _or(lambda key, delta: delta)(RedisCacheClient.incr)
    set_many = _or(None)(RedisCacheClient.set_many)
    delete_many = _or(None)(RedisCacheClient.delete_many)
    clear = _or(False)(RedisCacheClient.clear)


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
