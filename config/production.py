"""Production settings: secrets from the environment only, secure cookies and headers."""

from django.core.exceptions import ImproperlyConfigured

from config import env
from config.base import *  # noqa: F403

if not env.SECRET_KEY:
    raise ImproperlyConfigured("LASTMILE_SECRET_KEY must be set in production")
SECRET_KEY = env.SECRET_KEY
if not env.PII_KEYS or not env.PII_HASH_KEY:
    raise ImproperlyConfigured(
        "LASTMILE_PII_KEYS and LASTMILE_PII_HASH_KEY must be set in production: residents' "
        "personal data is encrypted with them (see docs/operator/privacy.md)"
    )
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.get_bool("LASTMILE_SSL_REDIRECT", True)
if not SECURE_SSL_REDIRECT:
    # A TLS proxy in front redirects http to https itself (docs/operator/security.md).
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several app servers behind a proxy (docs/operator/deployment.md): a kept database connection is
# checked before reuse (a restarted PostgreSQL costs no failed request), and throttle and PIN
# counters live in a cache every server shares (`lastmile createcachetable`, once per install).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lastmile_cache",
    }
}
