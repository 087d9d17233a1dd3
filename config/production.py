"""Production settings: secrets from the environment only, secure cookies and headers."""

from django.core.exceptions import ImproperlyConfigured

from config import env
from config.base import *  # noqa: F403

if not env.SECRET_KEY:
    raise ImproperlyConfigured("LASTMILE_SECRET_KEY must be set in production")
SECRET_KEY = env.SECRET_KEY
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.get_bool("LASTMILE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
