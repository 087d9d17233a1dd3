"""The only module that reads the process environment. Settings import from here."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def get(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def get_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def get_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATABASE_URL = get("DATABASE_URL")
SECRET_KEY = get("LASTMILE_SECRET_KEY")
PIN_KEY = get("LASTMILE_PIN_KEY")
# Personal data at rest: Fernet keys (first encrypts, all decrypt) and the blind-index HMAC key.
PII_KEYS = get_list("LASTMILE_PII_KEYS")
PII_HASH_KEY = get("LASTMILE_PII_HASH_KEY")
PII_HASH_KEY_NEW = get("LASTMILE_PII_HASH_KEY_NEW")  # only while `lastmile rotate-keys --rehash`
DEBUG = get_bool("LASTMILE_DEBUG")
ALLOWED_HOSTS = get_list("LASTMILE_ALLOWED_HOSTS", "127.0.0.1,localhost")
VAR_DIR = Path(get("LASTMILE_VAR_DIR", str(BASE_DIR / "var")))
SHARED_DATA_DIR = Path(get("LASTMILE_SHARED_DATA", str(BASE_DIR.parent / "shared" / "data")))
WECHAT_TOKEN = get("LASTMILE_WECHAT_TOKEN")
WECHAT_APPID = get("LASTMILE_WECHAT_APPID")
WECHAT_AES_KEY = get("LASTMILE_WECHAT_AES_KEY")
NOTIFY_WECHAT_URL = get("LASTMILE_NOTIFY_WECHAT_URL")
NOTIFY_SMS_URL = get("LASTMILE_NOTIFY_SMS_URL")
SITE_URL = get("LASTMILE_SITE_URL")  # e.g. https://lastmile.example.gov.cn, for links in messages
EMAIL_BACKEND = get("LASTMILE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Abuse control (docs/operator/security.md): the header a trusted reverse proxy puts the client
# address in (a META name such as HTTP_X_REAL_IP; empty: REMOTE_ADDR) and the lockout.
TRUSTED_PROXY_HEADER = get("LASTMILE_TRUSTED_PROXY_HEADER")
TRUSTED_PROXY_COUNT = int(get("LASTMILE_TRUSTED_PROXY_COUNT", "1") or 1)
AXES_FAILURE_LIMIT = int(get("LASTMILE_LOGIN_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_HOURS = float(get("LASTMILE_LOGIN_COOLOFF_HOURS", "0.5") or 0.5)
