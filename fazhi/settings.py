"""Django settings for Fazhi.

Configuration comes from the environment:

- ``DATABASE_URL``: database (default: SQLite file ``var/fazhi.sqlite3``).
- ``FAZHI_DEBUG``: ``1`` for development; anything else, or unset, is production. ``make run``
  and the test runner (``fazhi/settings_test.py``) set ``1``; a server started any other way
  runs as production and refuses to start without the keys below.
- ``FAZHI_SECRET_KEY``: secret key (required in production).
- ``FAZHI_SM4_KEY``: 32 hex digits, key for personal data encrypted at rest (required in
  production; development uses a fixed key).
- ``FAZHI_ALLOWED_HOSTS``: comma-separated host names for production.
- ``FAZHI_MAX_UPLOAD_MB``: largest request body accepted, in MB (default 100).
- ``FAZHI_MAX_INFLATED_MB``: how far an uploaded .docx/.xlsx may inflate, in MB (default 100).
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# Production unless development is asked for explicitly.
DEBUG = os.environ.get("FAZHI_DEBUG", "0") == "1"
_PRODUCTION_HINT = "。未设置 FAZHI_DEBUG=1 即为生产模式；开发时请用 make run 或设置 FAZHI_DEBUG=1"
SECRET_KEY = os.environ.get("FAZHI_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "未设置 FAZHI_SECRET_KEY：生产模式必须提供密钥（至少50个随机字符）"
            + _PRODUCTION_HINT
            + ". FAZHI_SECRET_KEY must be set in production."
        )
    SECRET_KEY = "dev-only-insecure-key-change-me-for-production-use-0123456789abcdef"

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("FAZHI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "axes",
    "csp",
    "django_tasks_db",
    "core",
    "registry",
    "supervision",
    "enforcement",
    "review",
    "portal",
    "indicators",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.uploads.UploadSizeMiddleware",
    "core.params.QueryStringMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.RequestContextMiddleware",
    "core.audit_middleware.DenialAuditMiddleware",
    "core.middleware.IdleTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
            "builtins": ["core.templatetags.fazhi"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'fazhi.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file (not shared-cache memory) for the test database, so that concurrent connections
    # in concurrency and browser tests lock and wait as in production instead of failing.
    # One file per test process, so two runs in the same checkout never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.validators.MixedCharacterPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed logins (django-axes, core.auth): an account is locked from one
# address after FAZHI_LOGIN_FAILURE_LIMIT failures from that address, and from every address
# after FAZHI_LOGIN_ACCOUNT_FAILURE_LIMIT failures from anywhere, for the cool-off time.
AXES_FAILURE_LIMIT = int(os.environ.get("FAZHI_LOGIN_FAILURE_LIMIT", "5"))
FAZHI_LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("FAZHI_LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "core.auth.LockoutHandler"
# The client address (core.auth.client_ip): REMOTE_ADDR unless FAZHI_TRUSTED_PROXIES reverse
# proxies stand in front of the application and append to X-Forwarded-For.
FAZHI_TRUSTED_PROXIES = int(os.environ.get("FAZHI_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "core.auth.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False

# Idle sessions end after this many seconds without a request.
SESSION_IDLE_TIMEOUT = int(os.environ.get("FAZHI_SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("FAZHI_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A load balancer probes the health endpoint over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: compressed (gzip, and brotli when installed) files with content-hashed names,
    # served by WhiteNoise with far-future cache headers (``fazhi serve`` collects them first).
    "staticfiles": {
        "BACKEND": "core.static.HashedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads. A body larger than FAZHI_MAX_UPLOAD_SIZE is refused unread (core.uploads, 413 in
# Chinese); files above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk, not held in memory; form
# fields other than files may total DATA_UPLOAD_MAX_MEMORY_SIZE. A .docx/.xlsx is refused before
# parsing if it declares more than FAZHI_MAX_INFLATED_SIZE inflated or FAZHI_MAX_ZIP_MEMBERS parts.
FAZHI_MAX_UPLOAD_SIZE = int(os.environ.get("FAZHI_MAX_UPLOAD_MB", "100")) * 1024 * 1024
FAZHI_MAX_INFLATED_SIZE = int(os.environ.get("FAZHI_MAX_INFLATED_MB", "100")) * 1024 * 1024
FAZHI_MAX_ZIP_MEMBERS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated API calls then get 401 with WWW-Authenticate.
        "core.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.ScopedModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["core.filters.ScopedFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.FazhiPagination",
    # JSON nested at most core.api.parsers.MAX_DEPTH levels (deeper: 400, not a RecursionError).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    # Throttles identify clients as core.auth.client_ip does (DRF reads NUM_PROXIES).
    "NUM_PROXIES": FAZHI_TRUSTED_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# API tokens expire this many hours after they are issued (core.tokens).
FAZHI_API_TOKEN_HOURS = float(os.environ.get("FAZHI_API_TOKEN_HOURS", str(24 * 7)))

# The largest page an API list returns (``?limit=`` above it is capped), and the page size from
# which a read is recorded in the audit chain like an export (core.api.pagination).
FAZHI_API_MAX_LIMIT = int(os.environ.get("FAZHI_API_MAX_LIMIT", "500"))
FAZHI_API_LARGE_READ_ROWS = int(os.environ.get("FAZHI_API_LARGE_READ_ROWS", "200"))

SPECTACULAR_SETTINGS = {
    "TITLE": "法治卫健 API",
    "DESCRIPTION": "法治卫健 REST API。所有数据按机构范围过滤：本机构及下级机构可读，本机构可写。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per shared choice set (plans' 任务来源 and items' 层级 use the same one).
    "ENUM_NAME_OVERRIDES": {
        "TaskSourceEnum": "supervision.models.TaskSource",
        "DiscretionGradeEnum": "enforcement.models.DiscretionGrade",
        "ServiceMethodEnum": "enforcement.models.ServiceMethod",
    },
}

# Background jobs (core.jobs): Django's Tasks API with the queue in the project's database
# (django-tasks-db); ``fazhi worker`` runs them, on as many machines as needed. The health
# endpoint reports the queue as not worked when a task has waited longer than
# FAZHI_QUEUE_STALE_MINUTES to be taken.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
FAZHI_QUEUE_STALE_MINUTES = int(os.environ.get("FAZHI_QUEUE_STALE_MINUTES", "10"))

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
# An unset list filter reads “全部” (core.filters.FilterSet also sets it, and 全部/是/否 for
# yes/no filters); django-filter's default is “---------”.
FILTERS_EMPTY_CHOICE_LABEL = "全部"

# Key for personal data encrypted at rest (SM4, 128-bit, core.crypto). Production must supply
# its own: with the development key anyone holding the source could read the data.
DEV_SM4_KEY = "00112233445566778899aabbccddeeff"
SM4_KEY = os.environ.get("FAZHI_SM4_KEY", "")
if not DEBUG and SM4_KEY.lower() in ("", DEV_SM4_KEY):
    raise ImproperlyConfigured(
        "未设置 FAZHI_SM4_KEY（或仍为开发用密钥）：生产模式必须提供加密个人信息的 SM4 密钥，"
        "32位十六进制数，如 python -c 'import secrets; print(secrets.token_hex(16))' 生成"
        + _PRODUCTION_HINT
        + ". FAZHI_SM4_KEY must be set in production."
    )
SM4_KEY = SM4_KEY or DEV_SM4_KEY
if not re.fullmatch(r"[0-9a-fA-F]{32}", SM4_KEY):
    raise ImproperlyConfigured("FAZHI_SM4_KEY 应为32位十六进制数（128位 SM4 密钥）。")

# Logs are one JSON object per line on standard error (core.logs): time, level, logger, message,
# and the request id and user of the request being served. ``fazhi.request`` writes one line per
# request with its status and duration (core.middleware); on by default in production
# (FAZHI_REQUEST_LOG=0 turns it off, 1 turns it on in development).
FAZHI_REQUEST_LOG = os.environ.get("FAZHI_REQUEST_LOG", "0" if DEBUG else "1") == "1"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING")},
    "loggers": {
        "fazhi.request": {
            "handlers": ["console"],
            "level": "INFO" if FAZHI_REQUEST_LOG else "WARNING",
            "propagate": False,
        },
    },
}
