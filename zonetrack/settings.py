"""ZoneTrack settings, read from the environment.

With nothing set the app runs on a SQLite file in the project with Celery in eager mode (the
embedded default). Every variable is documented in docs/configuration.md.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    """The variable's value; an empty value counts as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# Production mode hardens every setting below and refuses to start without a real secret.
PRODUCTION = env_bool("ZONETRACK_PRODUCTION")
DEBUG = env_bool("DEBUG") and not PRODUCTION

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("ZONETRACK_PRODUCTION is set: SECRET_KEY must be set too.")
    # Only for the embedded default and tests; never used when PRODUCTION is on.
    SECRET_KEY = "insecure-zonetrack-development-key-never-use-in-production-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "zonetrack.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "axes",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "parks",
    "projects",
    "investment",
    "supervision",
    "reports",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zonetrack.middleware.RejectNulBytesMiddleware",
    "zonetrack.middleware.RejectLongQueryStringMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese pages unless the user picks English; the API follows Accept-Language.
    "zonetrack.locale.UILocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Keeps an active session alive: it ends after SESSION_COOKIE_AGE without a request.
    "zonetrack.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees a login that django-axes refused and answers with the lockout page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files are served by WhiteNoise from STATIC_ROOT after collectstatic; in
    # development runserver serves them from static/.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "zonetrack.urls"
WSGI_APPLICATION = "zonetrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite file by default, PostgreSQL (or anything dj-database-url knows) by URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A browser session ends after this many seconds without a request (two hours by default);
# each request moves the end, at most once a minute (zonetrack.middleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 7200)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed; the client address
# of the login lockout and the API throttles is read through them (zonetrack.clients).
TRUSTED_PROXIES = env_list("ZONETRACK_TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"ZONETRACK_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network"
        ) from None

# One lockout for every way in (django-axes): the login page, /admin/login/ and
# /api/auth/token/ all authenticate through the backend below, so their failed guesses count
# together. This many failures for one username from one client address lock that pair out
# for the window (seconds); a success clears the count. Attempts are kept in the database.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_THROTTLE_ATTEMPTS", 5)
AXES_COOLOFF_TIME = timedelta(seconds=env_int("LOGIN_THROTTLE_WINDOW", 900))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "zonetrack.clients.client_address"
AXES_USERNAME_CALLABLE = "zonetrack.accounts.lockout_username"
AXES_LOCKOUT_CALLABLE = "zonetrack.accounts.locked_out"
AXES_RESET_ON_SUCCESS = True
# A guess during the lock does not extend it: the lock ends when the window does.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Only failures are recorded; who logged in when is not axes' business.
AXES_DISABLE_ACCESS_LOG = True

# Chinese first, English complete; dates are Asia/Shanghai calendar dates.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Evidence files (印证资料): never under a public URL (no MEDIA_URL route serves them); every
# download goes through a view that checks the zone. A local folder by default, an
# S3-compatible bucket when EVIDENCE_S3_BUCKET is set (django-storages, private objects).
EVIDENCE_ROOT = Path(env_str("EVIDENCE_ROOT", str(BASE_DIR / "media" / "evidence")))
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
EVIDENCE_S3_BUCKET = env_str("EVIDENCE_S3_BUCKET")
# The largest request body read into memory (a form post or an API JSON body, files aside):
# a larger body is a 413, the site's page or JSON under /api/ (zonetrack.errors). More
# fields than DATA_UPLOAD_MAX_NUMBER_FIELDS (Django's 1000) are a 400 saying so.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# The longest query string answered (else a 414 page or JSON); below gunicorn's request line
# limit (8190, gunicorn.conf.py), so the product answers rather than the server.
MAX_QUERY_STRING_LENGTH = env_int("MAX_QUERY_STRING_LENGTH", 4096)
EVIDENCE_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EVIDENCE_S3_BUCKET,
            "location": env_str("EVIDENCE_S3_PREFIX", "evidence"),
            # Empty: AWS itself; else the address of MinIO, Ceph or a cloud's S3 API.
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Empty: boto3's own chain (instance role, ~/.aws, AWS_* variables).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if EVIDENCE_S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": EVIDENCE_ROOT, "file_permissions_mode": 0o640},
    }
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
    "evidence": EVIDENCE_STORAGE,
}

# Cache: Redis when configured (shared by the web processes), local memory otherwise.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            # Degrades to a miss while Redis is down, so pages keep being served.
            "BACKEND": "zonetrack.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: a broker URL selects a real broker; without one tasks run eagerly in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or "cache+memory://")
# A job is acknowledged when it ends, and a job whose worker process died is put back at once
# (not marked failed), so a killed worker's job runs again; the jobs are idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# The longest job (a whole region's quarterly Excel, or the snapshots of every zone and region)
# is stopped after JOB_TIME_LIMIT seconds, with a soft limit a minute earlier to end cleanly.
JOB_TIME_LIMIT = env_int("JOB_TIME_LIMIT", 600)
CELERY_TASK_TIME_LIMIT = JOB_TIME_LIMIT
CELERY_TASK_SOFT_TIME_LIMIT = max(JOB_TIME_LIMIT - 60, 1)
# A message taken by a worker that then vanished whole (killed, machine lost) goes back to the
# queue after the visibility timeout. It must exceed the longest job, or a running job would be
# handed to a second worker, and every countdown (a task waiting for its ETA is unacknowledged
# too; the largest is the retry backoff, RETRY_OPTIONS in zonetrack/jobs.py); five minutes more
# than the job limit, so a lost job runs again within 15 minutes rather than the default hour.
JOB_VISIBILITY_TIMEOUT = JOB_TIME_LIMIT + 300
# Redis down or hung must not hold a web request: connect and read within 2 s, one quick retry
# when publishing, then the view tells the user the job queue is unavailable.
REDIS_TIMEOUT = 2
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": JOB_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Nightly jobs (times in TIME_ZONE); each entry point reads the date once and passes it on.
CELERY_BEAT_SCHEDULE = {
    "snapshots-nightly": {
        "task": "reports.figures.tasks.nightly_snapshots",
        "schedule": crontab(hour=0, minute=20),
    },
    "alerts-daily": {
        "task": "supervision.tasks.daily_alerts",
        "schedule": crontab(hour=6, minute=0),
    },
    # After midnight, so a notice due yesterday had the whole of its last day to be answered.
    "notices-escalation-daily": {
        "task": "supervision.tasks.daily_notice_escalation",
        "schedule": crontab(hour=0, minute=40),
    },
    # After the escalation, so that the day's lights see the notices as they now stand.
    "lights-daily": {
        "task": "supervision.tasks.daily_lights",
        "schedule": crontab(hour=0, minute=50),
    },
    # After the lights, so the new day's rollups see them (the check of yesterday's
    # snapshots is chained to the snapshot job itself).
    "rollups-nightly": {
        "task": "reports.figures.tasks.nightly_rollups",
        "schedule": crontab(hour=1, minute=0),
    },
}
if not CELERY_BROKER_URL:
    # Eager Celery still borrows a producer from the broker: an in-process one, named with a
    # host so that kombu does not warn "No hostname was supplied" on every task.
    CELERY_BROKER_URL = "memory://localhost/"

REST_FRAMEWORK = {
    # Token first: its challenge makes an anonymous request a 401 (session offers none: 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON bodies bounded in size (DATA_UPLOAD_MAX_MEMORY_SIZE, a 413) and nesting (a 400).
    "DEFAULT_PARSER_CLASSES": [
        "zonetrack.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "zonetrack.api.schema.ApiSchema",
    "DEFAULT_PAGINATION_CLASS": "zonetrack.api.pagination.StandardPagination",
    # Keyed on the client address of zonetrack.clients (X-Forwarded-For only from
    # TRUSTED_PROXIES; DRF's own NUM_PROXIES is not used), the user, and the token.
    "DEFAULT_THROTTLE_CLASSES": [
        "zonetrack.api.throttling.AnonThrottle",
        "zonetrack.api.throttling.UserThrottle",
        "zonetrack.api.throttling.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "6000/min"),
        "token": env_str("API_THROTTLE_TOKEN", "3000/min"),
    },
    "COERCE_DECIMAL_TO_STRING": True,
    "DATE_FORMAT": "%Y-%m-%d",
    # Only the documented YYYY-MM-DD: ISO 8601 as Python reads it also takes 20260101.
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ZoneTrack API",
    "DESCRIPTION": "园区项目调度平台: projects, milestones, plans, reports and metrics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Blockers share field names with projects (category, level, status): name their enums,
    # and keep the projects' names as they were.
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "projects.choices.Category",
        "LevelEnum": "projects.choices.Level",
        # What figures and targets may be restricted to: a group or one category or level.
        "CategoryFilterEnum": "projects.choices.CATEGORY_FILTER_CHOICES",
        "LevelFilterEnum": "projects.choices.LEVEL_FILTER_CHOICES",
        "StageEnum": "projects.choices.Stage",
        "CreditedStageEnum": ["signing", "groundbreaking", "completion"],
        "LeaderLevelEnum": "projects.models.LeaderLevel",
        "BlockerActionEnum": "supervision.choices.BlockerAction",
        "BlockerCategoryEnum": "supervision.choices.BlockerCategory",
        "BlockerLevelEnum": "supervision.choices.BlockerLevel",
        "BlockerStatusEnum": "supervision.choices.BlockerStatus",
        "NoticeStatusEnum": "supervision.choices.NoticeStatus",
    },
}

# Content Security Policy: nothing inline, nothing from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No token or password reaches a log line, whoever logs it (zonetrack.logsafety).
    "filters": {"redact": {"()": "zonetrack.logsafety.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's loggers (runserver's request lines too) write through the cleaning
        # handler instead of Django's own console handlers.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # django-axes logs each failed login (without the name) as a warning; its
        # bookkeeping at INFO is noise.
        "axes": {"level": "WARNING"},
        # Tasks run in the web process without a broker: a line per task and edit is noise
        # there (a worker's log keeps them).
        **({"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {}),
    },
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
