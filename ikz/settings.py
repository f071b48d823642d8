"""Settings for IKZ-Katalog, read from the environment in this one place.

Development needs no variables at all (SQLite in ``var/``, debug on). Production sets at least
``DJANGO_DEBUG=false``, ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` and ``DATABASE_URL``;
the README lists every variable.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from ikz.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_rate,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY muss gesetzt sein, wenn DJANGO_DEBUG aus ist "
            "(z. B. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "django-insecure-nur-fuer-die-lokale-entwicklung-" + "x" * 20  # noqa: S105
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY ist zu kurz oder unsicher (mindestens 50 Zeichen)."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [],
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS muss gesetzt sein, wenn DJANGO_DEBUG aus ist.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"DJANGO_CSRF_TRUSTED_ORIGINS: {origin!r} muss mit http:// oder https:// beginnen."
        )

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "ikz.apps.TaggitConfig",
    "simple_history",
    "catalog",
    "practice",
    "pages",
    "editorial",
    "ikz.apps.AxesConfig",
    "ikz.apps.IkzConfig",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "planning",
    "import_export",
    "csp",
    "submissions",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response, cached ones included.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache and every view: control characters are refused with 400.
    "ikz.middleware.ControlCharacterMiddleware",
    "ikz.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Counts searches, those served from the page cache included (search/counting.py).
    "search.counting.SearchLogMiddleware",
    "ikz.caching.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ikz.urls"
WSGI_APPLICATION = "ikz.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ikz.context_processors.site",
            ],
        },
    }
]

# Database: SQLite in var/ for a first run, PostgreSQL in production.
DATABASE_URL = env_str("DATABASE_URL", "sqlite:///var/db.sqlite3")
DATABASES = {"default": database_from_url(DATABASE_URL, base_dir=BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by all workers and servers), else local memory.
# The anonymous page cache (ikz/caching.py) is on by default only with Redis, because a
# local-memory cache cannot be invalidated across several worker processes.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ikz.caching.SafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ikz",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},  # page fragments besides rate-limit counters
        }
    }
PAGE_CACHE_SECONDS = env_int("IKZ_PAGE_CACHE_SECONDS", 600 if REDIS_URL else 0)
# Blocks of public pages rendered once per content revision ({% revision_cache %}); 0 = off.
FRAGMENT_CACHE_SECONDS = env_int("IKZ_FRAGMENT_CACHE_SECONDS", 3600)
# Per process, the most recently served cached pages are also kept in memory (ikz/caching.py).
PAGE_CACHE_LOCAL_BYTES = env_int("IKZ_PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024)
# Bounds of the page cache: query variants stored per path and content version, bytes per page.
PAGE_CACHE_VARIANTS = env_int("IKZ_PAGE_CACHE_VARIANTS", 100)
PAGE_CACHE_MAX_BYTES = env_int("IKZ_PAGE_CACHE_MAX_BYTES", 1024 * 1024)
# The anonymous search log keeps its rows this many days (``manage.py purge_search_log``).
SEARCH_LOG_DAYS = env_int("IKZ_SEARCH_LOG_DAYS", 180)
# Searches are counted in each process's memory and added to the log this often (search.counting).
SEARCH_LOG_FLUSH_SECONDS = env_int("IKZ_SEARCH_LOG_FLUSH_SECONDS", 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# "01.12.2026, 08:11" instead of Django's "1. Dezember 2026 08:11" wherever a date and time show.
FORMAT_MODULE_PATH = ["ikz.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("DJANGO_STATIC_ROOT", VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("DJANGO_MEDIA_ROOT", VAR_DIR / "media")
# Attachments of submitted practice examples: outside MEDIA_ROOT, served only to staff.
PRIVATE_MEDIA_ROOT = env_path("DJANGO_PRIVATE_MEDIA_ROOT", VAR_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o644
# Media on S3-compatible object storage, so several app servers share uploads (docs/DEPLOYMENT.md).
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3 itself.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", default=False)
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    # Uploaded files open as downloads, never as a page (an <img> still shows images); the
    # bucket's own domain keeps them off the site's origin (docs/DEPLOYMENT.md).
    AWS_S3_OBJECT_PARAMETERS = {"ContentDisposition": "attachment"}

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "IKZ-Katalog <katalog@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CONTACT_EMAIL = env_str("IKZ_CONTACT_EMAIL", "ikz@ssg-sachsen.de")
# The public submission form (submissions/views.py): a form sent faster than this many seconds
# after it was shown counts as a bot.
SUBMISSIONS_MIN_SECONDS = env_int("IKZ_SUBMISSIONS_MIN_SECONDS", 5)

LOGIN_URL = "admin:login"
# django-axes: after 5 failed logins for a user name, or from one address, further attempts
# are refused for 30 minutes (README "Gesperrte Anmeldung entsperren"). Behind the reverse proxy
# the client address counts IKZ_TRUSTED_PROXIES from the right of X-Forwarded-For
# (editorial/security.py).
AUTHENTICATION_BACKENDS = [
    "editorial.security.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# Number of reverse proxies in front of the app that append to X-Forwarded-For (nginx: 1).
# 0, the default, trusts no header: right when the app server is reachable directly.
IKZ_TRUSTED_PROXIES = env_int("IKZ_TRUSTED_PROXIES", 0)
if IKZ_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("IKZ_TRUSTED_PROXIES muss 0 oder größer sein.")
AXES_CLIENT_IP_CALLABLE = "editorial.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "editorial/lockout.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# django-csp: only our own files, no inline script or style anywhere (the API's two documentation
# pages are the exception, api/urls.py). JSON-LD data blocks are not scripts and need no exception.
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if AWS_STORAGE_BUCKET_NAME:  # media from the bucket's own address
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_S3_CUSTOM_DOMAIN else "https:"
    )
# django-permissions-policy: the catalogue needs none of the browser's powerful features.
PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ),
    [],
)

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    # Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
    if env_bool("DJANGO_BEHIND_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# django-taggit: case-insensitive tags, so "E-Akte" and "e-akte" are one tag.
TAGGIT_CASE_INSENSITIVE = True

SIMPLE_HISTORY_REVERT_DISABLED = False

# Planning tools: a plan nobody opened or changed for this many days is deleted (the interest
# signals' limit is IKZ_RATE_INTEREST_SIGNALS below).
IKZ_PLAN_LIFETIME_DAYS = env_int("IKZ_PLAN_LIFETIME_DAYS", 180)

# Open data (API, downloads, feeds): the licence stated with every response and on /daten/.
IKZ_CONTENT_LICENSE = env_str("IKZ_CONTENT_LICENSE", "CC BY 4.0")
IKZ_CONTENT_LICENSE_URL = env_str(
    "IKZ_CONTENT_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/deed.de"
)
IKZ_CONTENT_ATTRIBUTION = env_str(
    "IKZ_CONTENT_ATTRIBUTION",
    "Servicestelle Interkommunale Zusammenarbeit beim Sächsischen Städte- und Gemeindetag",
)
# Rate limits per anonymous client (ikz.ratelimit), e.g. "120/min", "5/hour", "5000/day".
IKZ_API_ANON_RATE = env_rate("IKZ_API_ANON_RATE", "120/min")  # API requests
IKZ_RATE_SUBMISSIONS = env_rate("IKZ_RATE_SUBMISSIONS", "10/hour")  # report attempts, any outcome
IKZ_RATE_INTEREST_SIGNALS = env_rate("IKZ_RATE_INTEREST_SIGNALS", "5/hour")  # "Wir planen das auch"
IKZ_RATE_PLANS = env_rate("IKZ_RATE_PLANS", "20/hour")  # new Maßnahmenpläne
IKZ_RATE_PLAN_EDITS = env_rate("IKZ_RATE_PLAN_EDITS", "300/hour")  # saves of existing plans

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CataloguePagination",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",  # for the downloads outside /api/, which link into v1
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IKZ-Katalog – Offene Daten",
    "DESCRIPTION": (
        "Lesende Schnittstelle zu Handlungsfeldern, Maßnahmen und Praxisbeispielen der "
        "interkommunalen Zusammenarbeit in Sachsen. Erläuterungen, Lizenz und Beispiele: /daten/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "LICENSE": {"name": IKZ_CONTENT_LICENSE, "url": IKZ_CONTENT_LICENSE_URL},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# django-import-export: every import runs in a transaction, so a file with an error changes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Exported text never runs as a spreadsheet formula (rule in ikz/spreadsheets.py); control
# characters XLSX cannot hold become U+FFFD instead of failing the export.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
