"""Settings come from the environment; production mode is strict. Each case starts a fresh
interpreter, since settings are read once at start."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "ZONETRACK_PRODUCTION": "1",
    "SECRET_KEY": "a-long-random-production-secret-key-of-more-than-fifty-characters-xyz",
    "ALLOWED_HOSTS": "zonetrack.example.gov",
}


def manage(*args, **env):
    # The browser tests allow async-unsafe calls for their own process; a deployment never does.
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = manage("check", ZONETRACK_PRODUCTION="1")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_deployment_checklist_is_clean_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_malformed_boolean_names_the_variable():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_embedded_default_is_sqlite_with_eager_celery_in_shanghai():
    result = manage(
        "shell",
        "--verbosity=0",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.TIME_ZONE, "
        "s.LANGUAGE_CODE, s.DEBUG)",
        DATABASE_URL="",
        REDIS_URL="",
        CELERY_BROKER_URL="",
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "Asia/Shanghai",
        "zh-hans",
        "False",
    ]
