"""Local/demo settings: SQLite under var/, debug on unless told otherwise."""

from config import env
from config.base import *  # noqa: F403

DEBUG = env.get_bool("LASTMILE_DEBUG", True)
