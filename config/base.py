"""Settings shared by every environment. Environment values come only through config.env."""

from __future__ import annotations

from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR
SHARED_DATA_DIR = env.SHARED_DATA_DIR

SECRET_KEY = env.SECRET_KEY or "insecure-development-key-change-me"
# Tracking PINs are an HMAC of the code with this key; set it to rotate SECRET_KEY safely.
LASTMILE_PIN_KEY = env.PIN_KEY
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.ALLOWED_HOSTS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "lastmile.core",
    "lastmile.orgs",
    "lastmile.concerns",
    "lastmile.notify",
    "lastmile.insight",
    "lastmile.scores",
    "lastmile.rectify",
    "lastmile.api",
    "lastmile.open311",
    "lastmile.wechat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lastmile.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lastmile" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env.DATABASE_URL or f"sqlite:///{VAR_DIR / 'lastmile.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lastmile" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "lastmile" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/desk/"
LOGOUT_REDIRECT_URL = "/"

EMAIL_BACKEND = env.EMAIL_BACKEND

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"lastmile": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# --- Lastmile domain settings (configurable defaults, see docs/operator) ---
LASTMILE: dict[str, Any] = {
    # Working hours on a working day, local time: sign-for deadlines count these.
    "WORK_PERIODS": [("09:00", "12:00"), ("13:30", "17:30")],
    "CALLBACK_WINDOW_WORKING_DAYS": 3,
    "FIRST_CONTACT_WORKING_DAYS": 1,
    "CIRCULAR_AFTER_URGE_WORKING_DAYS": 5,
    "UPLOAD_MAX_BYTES": 10 * 1024 * 1024,
    "UPLOAD_MAX_FILES": 6,
    "DUPLICATE_SUBMIT_SECONDS": 60,
    "AUTO_REOPEN_LIMIT": 1,
    "OBJECTION_LIMIT": 1,
    "SWEEP_INTERVAL_SECONDS": 60,
    # What `lastmile scheduler` enqueues every interval (each task is idempotent).
    "PERIODIC_TASKS": {
        "escalation sweep": "lastmile.concerns.tasks.escalation_sweep_task",
        "notification retries": "lastmile.notify.tasks.retry_notifications",
        "wechat drafts": "lastmile.wechat.tasks.flush_wechat_drafts",
    },
}

# --- Channels (APIs, Open311, WeChat, notifications) ---
LASTMILE_CHANNELS: dict[str, Any] = {
    # REST API throttling (django-ninja rate strings).
    "API_ANON_RATE": "30/m",
    "API_SUBMIT_ANON_RATE": "5/m",
    "API_TOKEN_RATE": "600/m",
    # WeChat Official Account (公众号) server settings; empty token disables the endpoint.
    "WECHAT_TOKEN": env.WECHAT_TOKEN,
    "WECHAT_APPID": env.WECHAT_APPID,
    "WECHAT_AES_KEY": env.WECHAT_AES_KEY,
    # Notification adapters post JSON to these endpoints; empty disables the channel.
    "NOTIFY_WECHAT_URL": env.NOTIFY_WECHAT_URL,
    "NOTIFY_SMS_URL": env.NOTIFY_SMS_URL,
    "NOTIFY_TIMEOUT_SECONDS": 5,
    # Largest request body the API, Open311 and WeChat accept (bytes); larger gets 413.
    "MAX_BODY_BYTES": 1024 * 1024,
}
