"""Test settings: fast hasher, in-memory email, immediate tasks, temporary media."""

import tempfile
from pathlib import Path

from config import env
from config.base import *  # noqa: F403
from lastmile.core.crypto import derived_key

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lastmile-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# No classifier is loaded or trained as a side effect of rendering a page in tests.
LASTMILE = {**LASTMILE, "CLASSIFIER": False}  # noqa: F405
DEBUG = False
# Throttles stay on but generous (tests of the limits override RATES with small ones).
LASTMILE_THROTTLE = {
    **LASTMILE_THROTTLE,  # noqa: F405
    "RATES": {
        scope: {kind: "10000/m" for kind in rates}
        for scope, rates in LASTMILE_THROTTLE["RATES"].items()  # noqa: F405
    },
}
# django-axes refuses authenticate() without a request, which the test client's login() makes;
# lockout tests turn it on (lastmile/core/tests/test_throttle.py).
AXES_ENABLED = False
# Development keys for personal data, derived from SECRET_KEY (never used in production).
LASTMILE_PII = {
    **LASTMILE_PII,  # noqa: F405
    "KEYS": env.PII_KEYS or [derived_key(SECRET_KEY, "encrypt")],  # noqa: F405
    "HASH_KEY": env.PII_HASH_KEY or derived_key(SECRET_KEY, "hash"),  # noqa: F405
}
