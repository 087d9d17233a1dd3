"""Test settings: fast hasher, in-memory email, immediate tasks, temporary media."""

import tempfile
from pathlib import Path

from config.base import *  # noqa: F403

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
