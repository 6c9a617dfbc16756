"""Settings shared by every environment. Safe for production by default: DEBUG is off and
secrets come from the environment (see README.md and .env.example)."""

from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from biopa.backup import keep_monthly
from biopa.frontend_cache import frontend_cache_settings
from biopa.security_policy import admin_csp_directives, public_csp_directives

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "news",
    "documents",
    "search",
    "users",
    "contact",
    "editorial",
    "legacy",
    # Infrastructure: the response cache's and the CDN purge's signals (biopa/apps.py).
    "biopa",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "dbbackup",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so that cached responses get the headers too.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "biopa.security.SiteCSPMiddleware",
    "biopa.cache.AnonymousCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "biopa.security.AdminTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "biopa.urls"
WSGI_APPLICATION = "biopa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT: it compiles a query whose estimated cost is high (a search over 30,000 pages)
    # in ~250 ms, for a query that then runs in a few ms (search/DESIGN.md, "Speed"). No
    # parallel workers either: a web request's queries take milliseconds, starting workers
    # costs more than that (the search's first pass: 3 ms alone, 11 ms in parallel), and
    # the server's cores are busy with other requests. Random reads priced as what they
    # are on a server whose data is in memory or on SSD (1.1, not PostgreSQL's 4, which
    # assumes spinning disks): otherwise it scans a whole table to avoid a few hundred index
    # lookups (suggest's walk: 8 ms → 1.8 ms on the bench site).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Greek first, English second.
LANGUAGE_CODE = "el"
LANGUAGES = [("el", "Ελληνικά"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
# Named in the admin's language ("Δημοσίευση στα Αγγλικά"); the public switcher uses LANGUAGES.
WAGTAIL_CONTENT_LANGUAGES = [("el", _("Greek")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The project's own strings first; then its completions of Wagtail's and wagtail-localize's
# Greek catalogues (kept apart, so that makemessages --no-obsolete leaves them be).
LOCALE_PATHS = [PROJECT_DIR / "locale", PROJECT_DIR / "locale_wagtail"]
# Weeks start on Monday (the admin's date pickers read FIRST_DAY_OF_WEEK): biopa/formats/.
FORMAT_MODULE_PATH = ["biopa.formats"]
TIME_ZONE = "Europe/Athens"
USE_I18N = True
USE_TZ = True

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files served by Django itself: for development and the measuring tools; a
# production site serves MEDIA_ROOT from the web server or object storage.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Document files: a storage of their own outside MEDIA_ROOT, reached only through
# Wagtail's serve view and its collection privacy check (documents/storage.py).
DOCUMENTS_ROOT = Path(env_str("DOCUMENTS_ROOT", str(VAR_DIR / "private-documents")))
if DOCUMENTS_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured(
        "DOCUMENTS_ROOT must lie outside MEDIA_ROOT: files under MEDIA_ROOT are served "
        "without any privacy check."
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": {
        "BACKEND": "documents.storage.PrivateFileSystemStorage",
        # A string: Wagtail hands the storage's arguments to a task (JSON) when a file is deleted.
        "OPTIONS": {"location": str(DOCUMENTS_ROOT)},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# "renditions": Wagtail looks image renditions up there before the database
# (AbstractRendition.cache_backend), so a page with images costs no rendition query once
# they are cached. Its keys hold the image's file hash and focal point, and a deleted
# rendition purges its key, so entries do not go stale; kept apart from "default".
# "default" holds the anonymous response cache (biopa/cache.py) and its content version:
# it must be one store for every process of the site (the server's workers, the scheduler,
# a shell), so Redis with REDIS_URL, files in CACHE_DIR otherwise. Never local memory,
# which each process would keep to itself.
CACHE_DIR = Path(env_str("CACHE_DIR", str(VAR_DIR / "cache")))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR),
        "KEY_PREFIX": "biopa",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "biopa-renditions",
        "TIMEOUT": 24 * 60 * 60,
    },
}
if REDIS_URL := env_str("REDIS_URL"):
    # A Redis that does not answer makes the site slower, never broken: its calls turn into
    # cache misses (biopa/cache_backends.py).
    CACHES["default"] = {
        "BACKEND": "biopa.cache_backends.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "biopa",
    }
    CACHES["renditions"] = {
        "BACKEND": "biopa.cache_backends.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "biopa-renditions",
        "TIMEOUT": 24 * 60 * 60,
    }

# Whole responses for anonymous visitors (biopa/cache.py); 0 turns the cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Responses larger than this are not stored: reading 9.5 MB (the bench site's sitemap) back
# from Redis took 200 ms, building it 38 ms.
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 1024 * 1024)
PAGE_CACHE_CDN_SECONDS = env_int("PAGE_CACHE_CDN_SECONDS", 300)
# The search's and suggest's hits for anonymous visitors, kept under the content version
# (search/selectors.py, biopa.cache.fragment); 0 turns it off.
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 60)

# CDN purging (biopa/frontend_cache.py): on when FRONTEND_CACHE_BACKEND names a backend
# (cloudflare, cloudfront or http), each with its variables; a wrong value stops startup.
if frontend_cache := frontend_cache_settings():
    WAGTAILFRONTENDCACHE = frontend_cache
    # Before "biopa": its ready() replaces this app's per-page handlers with one batch per
    # change that also covers the pages listing the changed one.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("home"), "wagtail.contrib.frontend_cache")
    # Each translation is its own page with its own /el/ or /en/ address, purged as such;
    # Wagtail would otherwise rewrite every address into every language.
    WAGTAILFRONTENDCACHE_LANGUAGES = []

# E-mail: console unless an SMTP host is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ΒΙΟ.ΠΑ. Ρεθύμνου <no-reply@localhost>")
# Errors reach a person: a server error (500) is e-mailed to ADMINS (comma-separated
# addresses, "Name <address>" allowed) from SERVER_EMAIL; Sentry too when SENTRY_DSN is set
# (production.py).
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [parseaddr(address) for address in env_list("ADMINS")]
EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", "[biopa] ")

# How long contact-form submissions are kept (days); purge_contact_submissions deletes older
# ones every night, and the privacy notice states this figure.
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 730)

# Background tasks (django-tasks). "default" (Wagtail's own: reference index, CDN purge)
# runs at once unless TASKS_BACKEND names another, so that a purge happens before the
# admin's response. "documents" (reading the text of an upload, which may be slow) goes
# to the database, for `manage.py db_worker --backend documents` (`make run` starts one),
# so that it never holds a web worker. The test settings run both at once.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    },
    "documents": {
        "BACKEND": env_str("DOCUMENT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    },
}
# Reading the text of one uploaded file (documents/extraction.py) happens in a child
# process with these caps; past any of them the file is marked "too large to read".
EXTRACTION_TIMEOUT_SECONDS = env_int("EXTRACTION_TIMEOUT_SECONDS", 20)
EXTRACTION_MAX_MEMORY_MB = env_int("EXTRACTION_MAX_MEMORY_MB", 512)
EXTRACTION_MAX_UNPACKED_MB = env_int("EXTRACTION_MAX_UNPACKED_MB", 20)

# Wagtail
WAGTAIL_SITE_NAME = _("Industrial Park of Rethymno")
# Links in admin e-mails; by default the address `make run` serves (PORT, 8000 unless set).
WAGTAILADMIN_BASE_URL = env_str(
    "WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}"
)
# Latin slugs (ELOT 743, home/slugs.py); the admin's slug fields transliterate Greek.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# No Gravatar: the admin shows its default avatar, and no address leaves for gravatar.com
# (which the admin's CSP refuses anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_DOCUMENT_MODEL = "documents.CustomDocument"
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp",
    "txt", "csv", "zip", "jpg", "png",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_MB", 50) * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "documents.forms.DocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "editorial.forms.ImageForm"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILSEARCH_BACKENDS = {
    "default": {
        # Greek-aware database backend (search/DESIGN.md); the PostgreSQL text search
        # configuration is created by the search app's migration 0001 (ignored on SQLite).
        "BACKEND": "search.backends",
        "SEARCH_CONFIG": "biopa_search",
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILLOCALIZE_JQUERY_ENABLED = False

# Machine translation in wagtail-localize's editor: DeepL when a key is given.
if deepl_key := env_str("DEEPL_API_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": deepl_key},
    }

# login_required views (the admin's 2FA pages) send to the admin login. Private pages and
# documents use Wagtail's `_util/login/` (biopa.twofactor.FrontendLoginView), reversed in
# the visitor's language, so WAGTAIL_FRONTEND_LOGIN_URL stays unset.
LOGIN_URL = "wagtailadmin_login"
# Where a login or page password form goes when its `next` is missing or off-site.
LOGIN_REDIRECT_URL = "/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Server errors (django.request) and refused requests (django.security) by e-mail.
        "django": {"handlers": ["mail_admins"], "level": env_str("LOG_LEVEL", "INFO")},
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

# Security headers. HSTS and secure cookies are switched on in production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# DENY keeps `check --deploy` clean; Wagtail's and wagtail-localize's preview views set
# SAMEORIGIN on themselves, and CSP frame-ancestors 'self' (which browsers prefer) allows
# the admin to frame its own pages.
X_FRAME_OPTIONS = "DENY"
# django-permissions-policy's middleware; [] switches a feature off: "camera=()".
PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ),
    [],
)
PERMISSIONS_POLICY["fullscreen"] = "self"

# Content-Security-Policy (django-csp 4): strict on the public site, CSP_ADMIN_DIRECTIVES
# on /admin/ (biopa/security.py). Media on another host (S3) is added in production.py.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": public_csp_directives()}
CSP_ADMIN_DIRECTIVES = admin_csp_directives()

# Sessions: a session ends after SESSION_COOKIE_AGE seconds (default 8 hours).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Behind how many reverse proxies the site runs: the client address is then read from
# X-Forwarded-For (login lockout, contact form rate limit).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Admin login: django-axes locks a username from one address after AXES_FAILURE_LIMIT
# failed attempts, for AXES_COOLOFF_MINUTES (axes would lock forever by default).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "biopa.security.client_ip_for_axes"

# Two-factor authentication (django-otp, TOTP): optional for everyone, required for
# superusers and the Administrators group when REQUIRE_2FA_FOR_ADMINS is on.
REQUIRE_2FA_FOR_ADMINS = env_bool("REQUIRE_2FA_FOR_ADMINS", False)
OTP_TOTP_ISSUER = "BIOPA Rethymno"

# Contact form spam defences (contact/spam.py).
CONTACT_MIN_FILL_SECONDS = env_int("CONTACT_MIN_FILL_SECONDS", 3)
CONTACT_RATE_LIMIT = (
    env_int("CONTACT_RATE_LIMIT", 5),
    env_int("CONTACT_RATE_WINDOW_SECONDS", 10 * 60),
)

# Backups (django-dbbackup; `manage.py backup` and `manage.py restore`, biopa/backup.py):
# the database (pg_dump, or a copy of the SQLite file) and the media and document files,
# compressed, in BACKUP_DIR. The newest BACKUP_KEEP_DAILY of each are kept, and besides
# them the one made on the first of each of the last BACKUP_KEEP_MONTHLY months. With
# BACKUP_GPG_RECIPIENT set, `backup --encrypt` encrypts for that GnuPG key.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
STORAGES["dbbackup"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(BACKUP_DIR)},
}
DBBACKUP_HOSTNAME = "biopa"
DBBACKUP_FILENAME_TEMPLATE = "{servername}-database-{datetime}.{extension}"
DBBACKUP_MEDIA_FILENAME_TEMPLATE = "{servername}-files-{datetime}.{extension}"
DBBACKUP_CLEANUP_KEEP = env_int("BACKUP_KEEP_DAILY", 7)
DBBACKUP_CLEANUP_KEEP_MEDIA = DBBACKUP_CLEANUP_KEEP
BACKUP_KEEP_MONTHLY = env_int("BACKUP_KEEP_MONTHLY", 12)
DBBACKUP_CLEANUP_KEEP_FILTER = keep_monthly
DBBACKUP_GPG_RECIPIENT = env_str("BACKUP_GPG_RECIPIENT")
DBBACKUP_GPG_ALWAYS_TRUST = True  # the operator imported the key for this purpose
