"""Deployment checks of the kernel, shown by ``manage.py check --deploy``."""

from typing import Any
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning

REDIS_SCHEMES = {"redis", "rediss"}


def redis_servers() -> dict[tuple[str, int], str]:
    """The Redis servers the app uses (cache, broker, results), one URL per host and port."""
    urls = [settings.REDIS_URL, settings.CELERY_BROKER_URL, settings.CELERY_RESULT_BACKEND]
    servers: dict[tuple[str, int], str] = {}
    for url in urls:
        parts = urlsplit(url or "")
        if parts.scheme in REDIS_SCHEMES:
            servers.setdefault((parts.hostname or "localhost", parts.port or 6379), url)
    return servers


def appendonly(url: str) -> str | None:
    """The server's ``appendonly`` setting, or None when it cannot be seen (unreachable, or
    CONFIG disabled or renamed, as hardened servers do): the check then stays silent."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        value: str | bytes | None = client.config_get("appendonly").get("appendonly")
    except redis.RedisError:
        return None
    finally:
        client.close()
    return value.decode() if isinstance(value, bytes) else value


@register(Tags.caches, deploy=True)
def check_redis_persistence(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Queued jobs and their progress live in Redis: without append-only persistence a Redis
    restart loses every queued job (six of six in the fault test of issue 15)."""
    return [
        CheckWarning(
            f"Redis at {host}:{port} runs without persistence (appendonly no): a restart "
            "loses every queued job.",
            hint="Set 'appendonly yes' in redis.conf (docs/deploy.md) and restart Redis, "
            "or run CONFIG SET appendonly yes.",
            id="zonetrack.W001",
        )
        for (host, port), url in redis_servers().items()
        if appendonly(url) == "no"
    ]
