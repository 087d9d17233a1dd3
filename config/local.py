"""Local/demo settings: SQLite under var/, debug on unless told otherwise."""

from config import env
from config.base import *  # noqa: F403
from lastmile.core.crypto import derived_key

DEBUG = env.get_bool("LASTMILE_DEBUG", True)
# Development keys for personal data, derived from SECRET_KEY (never used in production).
LASTMILE_PII = {
    **LASTMILE_PII,  # noqa: F405
    "KEYS": env.PII_KEYS or [derived_key(SECRET_KEY, "encrypt")],  # noqa: F405
    "HASH_KEY": env.PII_HASH_KEY or derived_key(SECRET_KEY, "hash"),  # noqa: F405
}
