"""Settings, read from the environment (12-factor) with safe defaults for the
embedded mode: SQLite under var/, DEBUG off unless asked for, demo data allowed
only when XIAONENG_DEMO is on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("XIAONENG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("XIAONENG_DEBUG")
# Production refuses default passwords and demo accounts; the embedded mode is demo.
DEMO_MODE = env_bool("XIAONENG_DEMO", default=True)
PRODUCTION = env_bool("XIAONENG_PRODUCTION")
if PRODUCTION:
    DEMO_MODE = False


def _secret_key() -> str:
    key = os.environ.get("XIAONENG_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("生产模式必须设置 XIAONENG_SECRET_KEY")
    # Embedded mode: a random key kept under var/ so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("XIAONENG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("XIAONENG_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # First, so its admin/base_site.html brands the Django admin.
    "xiaoneng.web.apps.WebConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "xiaoneng.org.apps.OrgConfig",
    "xiaoneng.accounts.apps.AccountsConfig",
    "xiaoneng.system.apps.SystemConfig",
    "xiaoneng.calendar.apps.CalendarConfig",
    "xiaoneng.notifications.apps.NotificationsConfig",
    "xiaoneng.catalog.apps.CatalogConfig",
    "xiaoneng.cases.apps.CasesConfig",
    "xiaoneng.documents.apps.DocumentsConfig",
    "xiaoneng.supervision.apps.SupervisionConfig",
    "xiaoneng.projects.apps.ProjectsConfig",
    "xiaoneng.demo.apps.DemoConfig",
    "xiaoneng.scores.apps.ScoresConfig",
    "xiaoneng.bigscreen.apps.BigscreenConfig",
    "xiaoneng.workbench.apps.WorkbenchConfig",
    "xiaoneng.audit.apps.AuditConfig",
    "xiaoneng.portal.apps.PortalConfig",
    "xiaoneng.ratings.apps.RatingsConfig",
    "xiaoneng.disclosure.apps.DisclosureConfig",
    "xiaoneng.complaints.apps.ComplaintsConfig",
    "xiaoneng.checks.apps.ChecksConfig",
    "xiaoneng.accountability.apps.AccountabilityConfig",
    "xiaoneng.targets.apps.TargetsConfig",
    "xiaoneng.directives.apps.DirectivesConfig",
    "xiaoneng.appraisal.apps.AppraisalConfig",
    "xiaoneng.fees.apps.FeesConfig",
    "xiaoneng.inspections.apps.InspectionsConfig",
    "xiaoneng.frugality.apps.FrugalityConfig",
    "xiaoneng.decisions.apps.DecisionsConfig",
    "xiaoneng.openinfo.apps.OpeninfoConfig",
    "xiaoneng.enforcement.apps.EnforcementConfig",
    "xiaoneng.trading.apps.TradingConfig",
    "xiaoneng.office.apps.OfficeConfig",
    "xiaoneng.open311.apps.Open311Config",
    "xiaoneng.citizens.apps.CitizensConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "xiaoneng.system.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "xiaoneng.accounts.middleware.OnlineSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xiaoneng.system.middleware.OperationLogMiddleware",
]

ROOT_URLCONF = "xiaoneng.config.urls"
WSGI_APPLICATION = "xiaoneng.config.wsgi.application"

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
                "xiaoneng.web.context.shell",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite by default (WAL, immediate transactions so writers queue instead of
# failing); PostgreSQL when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("XIAONENG_SQLITE_PATH", str(VAR_DIR / "xiaoneng.sqlite3")),
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
            # Tests use a file too: WAL and busy timeouts behave as in production,
            # which the concurrency tests depend on (shared-cache memory DBs do not).
            # One file per test process, so parallel runs never share a file.
            "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------
AUTH_USER_MODEL = "org.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Length and character classes are parameters (auth.password_min_*); it also
    # records User.password_changed_at for the periodic change.
    {"NAME": "xiaoneng.accounts.validators.PasswordPolicyValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "xiaoneng.accounts.validators.DemoPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workbench"
LOGOUT_REDIRECT_URL = "accounts:login"
# --- Cache and sessions -------------------------------------------------------------
# One host: the cache is per process (LocMemCache, Django's default) and
# sessions live in the database. Several application servers: Redis
# (XIAONENG_REDIS_URL, e.g. redis://127.0.0.1:6379/0) is the cache they share —
# parameters and the calendar invalidated on every server at once
# (system.generations), rate-limit counters, the tracking pages, the sessions'
# hot path (cached_db: the database keeps them, accounts.sessions). Short
# socket timeouts: a Redis that does not answer costs a request a fraction of
# a second, and those paths fall back to the database.
REDIS_URL = os.environ.get("XIAONENG_REDIS_URL", "")
SHARED_CACHE = bool(REDIS_URL)
if SHARED_CACHE:
    _redis_timeout = float(os.environ.get("XIAONENG_REDIS_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several deployments (or test runs) may share one Redis.
            "KEY_PREFIX": os.environ.get("XIAONENG_CACHE_PREFIX", "xn"),
            "OPTIONS": {
                "socket_connect_timeout": _redis_timeout,
                "socket_timeout": _redis_timeout,
            },
        }
    }
    SESSION_ENGINE = "xiaoneng.accounts.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("XIAONENG_SESSION_SECONDS", "28800"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation: Chinese first, Asia/Shanghai ---------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: everything served by the app itself (intranet, no CDN) -------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("XIAONENG_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("XIAONENG_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served: uploads go out through scoped download views

# --- Uploads (申请材料): limits of one request; per file / per case limits are
# parameters (case.upload_*), checked by the upload handler and the action.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # non-file body (JSON, form fields): 2.5 MB
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 50
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files stream to a temporary file
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_HANDLERS = [
    "xiaoneng.cases.uploads.RequestSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Third-party browser assets come from npm (package.json / package-lock.json,
# installed by `./xiaoneng` with `npm ci`), never hand-copied: ECharts for the
# big screen, served as /static/vendor/echarts/echarts.min.js when it is
# installed (the screen shows tables instead of charts when it is not). Only
# the files the pages load are published, not the whole package.
STATIC_VENDOR_FILES = {
    "vendor/echarts/echarts.min.js": BASE_DIR / "node_modules/echarts/dist/echarts.min.js",
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "xiaoneng.system.staticfiles.VendorFilesFinder",
]
# "hashed": names with a content hash and a .br and .gz beside each file,
# collected into STATIC_ROOT by `serve` when the sources changed; WhiteNoise
# sends `Cache-Control: max-age=315360000, public, immutable` for them.
# "plain": the sources under their own names, a 60-second cache, nothing
# collected — the test suite's choice, so no test depends on a collectstatic
# run nor on a stale one under var/static (the test of the pages collects
# into a temporary directory).
STATIC_STORAGE = os.environ.get(
    "XIAONENG_STATIC_STORAGE", "plain" if "pytest" in sys.modules else "hashed"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "xiaoneng.system.staticfiles.CollectedStaticFilesStorage"
        if STATIC_STORAGE == "hashed"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The finders also serve what is not collected (yet): a fresh checkout, a
# name the manifest lacks (system.staticfiles).
WHITENOISE_USE_FINDERS = True
# Source maps are read by developer tools only: not worth compressing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
WHITENOISE_AUTOREFRESH = DEBUG

# --- Background tasks: database-backed queue, embedded worker by default ---------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("XIAONENG_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Audit chain anchoring (audit/keys.py, audit/checkpoints.py) -----------------
# HMAC-SM3 keys outside the database: hex keys in XIAONENG_AUDIT_KEY (first =
# current, then retired ones), else a keyring file created on first use.
# Checkpoints of the chain's head are appended to a file outside the audit table.
AUDIT_KEY = os.environ.get("XIAONENG_AUDIT_KEY", "")
AUDIT_KEYRING = Path(os.environ.get("XIAONENG_AUDIT_KEYRING", VAR_DIR / "keys" / "audit.keyring"))
AUDIT_CHECKPOINTS = Path(
    os.environ.get("XIAONENG_AUDIT_CHECKPOINTS", VAR_DIR / "audit" / "checkpoints.jsonl")
)

# --- Personal data at rest (system/pii.py) --------------------------------------
# SM4 keys outside the database: hex keys in XIAONENG_PII_KEY (first = current),
# else a keyring file created on first use.
PII_KEY = os.environ.get("XIAONENG_PII_KEY", "")
PII_KEYRING = Path(os.environ.get("XIAONENG_PII_KEYRING", VAR_DIR / "keys" / "pii.keyring"))

# --- Unified identity provider (统一身份认证, citizens/oidc.py) -----------------------
# OpenID Connect, authorization code + PKCE; off (no button) while the issuer
# is unset. The claims that carry the 身份证号 / 统一社会信用代码 differ from
# platform to platform, so their names are settings too.
OIDC = {
    "ISSUER": os.environ.get("XIAONENG_OIDC_ISSUER", "").rstrip("/"),
    "CLIENT_ID": os.environ.get("XIAONENG_OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("XIAONENG_OIDC_CLIENT_SECRET", ""),
    "SCOPES": os.environ.get("XIAONENG_OIDC_SCOPES", "openid profile phone"),
    "ID_CLAIM": os.environ.get("XIAONENG_OIDC_ID_CLAIM", "id_card"),
    "CREDIT_CLAIM": os.environ.get("XIAONENG_OIDC_CREDIT_CLAIM", "credit_code"),
    "ORG_CLAIM": os.environ.get("XIAONENG_OIDC_ORG_CLAIM", "org_name"),
    "TIMEOUT": float(os.environ.get("XIAONENG_OIDC_TIMEOUT", "5")),
}

# --- Public resource trading (trading/) -----------------------------------------
# The OCDS publisher prefix (ocds- and six characters, registered with the
# Open Contracting Partnership); every trading project's ocid begins with it.
TRADING_OCID_PREFIX = os.environ.get("XIAONENG_OCID_PREFIX", "ocds-xn6207")
# The public site's address: OCDS releases carry absolute links to the
# public notice pages, and a release is written outside any request.
TRADING_PUBLIC_URL = os.environ.get("XIAONENG_PUBLIC_URL", "http://localhost:8000")

# --- Mail: console in the demo ---------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "XIAONENG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("XIAONENG_FROM_EMAIL", "xiaoneng@zhangye.gov.cn.invalid")

# --- Security --------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (system.headers). Scripts: this origin only, no
# inline script and no eval — the templates have none (behaviour lives in
# static files: web/js/xn.js, bigscreen.js, ECharts from node_modules).
# Styles allow 'unsafe-inline': templates carry <style> blocks and style
# attributes, htmx adds its indicator style and ECharts writes tooltip markup
# with style attributes; a style cannot run code, a script could.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("XIAONENG_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("XIAONENG_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

NINJA_PAGINATION_PER_PAGE = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XIAONENG_LOG_LEVEL", "WARNING")},
}
