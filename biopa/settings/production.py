"""Production: PostgreSQL, Redis, compressed static files, strict cookies and HTTPS, JSON
logs on stdout, media on local disk or on S3-compatible storage."""

from django.core.exceptions import ImproperlyConfigured

from biopa.security_policy import admin_csp_directives, public_csp_directives

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, PAGE_CACHE_SECONDS, SECRET_KEY, STORAGES
from .env import env_bool, env_int, env_str

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production")

# The response cache must be one store for every worker and every other process (the
# scheduler, a task worker): a cache of each process's own would go on serving a page that
# another process unpublished or made private. Files in CACHE_DIR are shared by the
# processes of one machine only.
if PAGE_CACHE_SECONDS > 0 and not (env_str("REDIS_URL") or env_str("CACHE_DIR")):
    raise ImproperlyConfigured(
        "The page cache needs a store shared by every process: set REDIS_URL "
        "(or CACHE_DIR, a directory all processes on this one machine share), "
        "or switch the page cache off with PAGE_CACHE_SECONDS=0."
    )

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

# Media on S3-compatible object storage when a bucket is named; on local disk otherwise.
if bucket := env_str("AWS_STORAGE_BUCKET_NAME"):
    media_host = env_str("AWS_S3_CUSTOM_DOMAIN")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "region_name": env_str("AWS_S3_REGION_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            "custom_domain": media_host,
            "location": env_str("AWS_LOCATION", "media"),
            "default_acl": None,
            "file_overwrite": False,
            # Documents are streamed through Django (privacy checks); images are public.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        },
    }
    # Documents under a private prefix of their own: no custom domain (a CDN in front
    # of the bucket would serve them unchecked), private objects, and any address the
    # storage hands out signed and valid for a minute. Wagtail's serve view streams them
    # after its privacy check (WAGTAILDOCS_SERVE_METHOD = "serve_view").
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "custom_domain": None,
            "location": env_str("AWS_DOCUMENTS_LOCATION", "private-documents"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
    media_location = STORAGES["default"]["OPTIONS"]["location"].strip("/")
    documents_location = STORAGES["documents"]["OPTIONS"]["location"].strip("/")
    # Both set and apart: a bucket policy that makes the media prefix public must not
    # reach the documents.
    if not (media_location and documents_location) or f"{documents_location}/".startswith(
        f"{media_location}/"
    ):
        raise ImproperlyConfigured(
            "AWS_DOCUMENTS_LOCATION must be a prefix of its own, outside AWS_LOCATION: "
            "media files are public, documents are not."
        )
    media_sources = [f"https://{media_host}"] if media_host else ["https:"]
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": public_csp_directives(media_sources)}
    CSP_ADMIN_DIRECTIVES = admin_csp_directives(media_sources)

# HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe speaks plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # the admin reads the token from the page, not the cookie

# Structured logs: one JSON object per line on stdout.
LOGGING["formatters"]["json"] = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "format": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": "time",  # ISO 8601, UTC
    "json_ensure_ascii": False,
}
LOGGING["handlers"]["console"] = {
    "class": "logging.StreamHandler",
    "stream": "ext://sys.stdout",
    "formatter": "json",
}
# Machine translation: DeepL when DEEPL_API_KEY is set (base.py), otherwise none.

# Error reports to Sentry (or a compatible service) when SENTRY_DSN is set; no personal data
# (addresses, cookies, user names) is sent.
if sentry_dsn := env_str("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(
        dsn=sentry_dsn,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
