"""Settings shared by every environment. Environment values come only through config.env."""

from __future__ import annotations

from typing import Any

import dj_database_url
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = env.BASE_DIR
VAR_DIR = env.VAR_DIR
SHARED_DATA_DIR = env.SHARED_DATA_DIR

SECRET_KEY = env.SECRET_KEY or "insecure-development-key-change-me"
# Tracking PINs are an HMAC of the code with this key; set it to rotate SECRET_KEY safely.
LASTMILE_PIN_KEY = env.PIN_KEY
# Personal data encrypted at rest (core/crypto.py, docs/operator/privacy.md). Local and test
# settings derive development keys from SECRET_KEY; production refuses to start without them.
LASTMILE_PII: dict[str, Any] = {
    "KEYS": env.PII_KEYS,
    "HASH_KEY": env.PII_HASH_KEY,
    "HASH_KEY_NEW": env.PII_HASH_KEY_NEW,
    "ROTATE_BATCH": 500,  # rows re-encrypted per transaction by `lastmile rotate-keys`
}
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
    "axes",
    "csp",
    "lastmile.core",
    "lastmile.orgs",
    "lastmile.concerns",
    "lastmile.notify",
    "lastmile.insight",
    "lastmile.scores",
    "lastmile.rectify",
    "lastmile.merits",
    "lastmile.wishes",
    "lastmile.outreach",
    "lastmile.decisions",
    "lastmile.stations",
    "lastmile.bulletin",
    "lastmile.learning",
    "lastmile.privacy",
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
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lastmile.core.middleware.DomainErrorMiddleware",
    "lastmile.core.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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

# django-axes first: it refuses locked-out logins before any backend checks a password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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
LOGIN_REDIRECT_URL = "/accounts/after-login/"
LOGOUT_REDIRECT_URL = "/"

EMAIL_BACKEND = env.EMAIL_BACKEND

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Phone numbers, ID numbers and OpenIDs are masked in every record (core/logging.py).
    "filters": {"mask_pii": {"()": "lastmile.core.logging.MaskPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_pii"]}},
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
        "surge scan": "lastmile.insight.signal_tasks.surge_scan",
        "classifier retraining": "lastmile.insight.tasks.retrain_classifier",
        "score rollups": "lastmile.scores.tasks.rollup_refresh_task",
        "wish claim lapses": "lastmile.wishes.tasks.lapse_claims_task",
        "merit shop reservations": "lastmile.merits.tasks.expire_reservations_task",
        "agent request escalations": "lastmile.stations.tasks.agent_sweep_task",
        "scheduled notices": "lastmile.bulletin.tasks.notify_due_notices",
        "decision closing": "lastmile.decisions.tasks.close_finished_matters_task",
        "member digests": "lastmile.learning.tasks.send_digests_task",
    },
    # Other apps' parts of the demo community (concerns/demo/extensions.py), in this order.
    "DEMO_EXTENSIONS": [
        "lastmile.stations.demo.seed",
        "lastmile.merits.demo.seed",
        "lastmile.wishes.demo.seed",
        "lastmile.outreach.demo.seed",
        "lastmile.bulletin.demo.seed",
        "lastmile.decisions.demo.seed",
        "lastmile.learning.demo.seed",
        "lastmile.scores.evaluation.demo.seed",
    ],
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

# --- Maps (Leaflet, vendored by `make static`; never a CDN) ---
# With no TILE_URL (the default) — or when the tile server is unreachable — grids and concerns
# are drawn as vectors on a plain background. TILE_URL is a Leaflet URL template: {s} subdomain,
# {z}/{x}/{y} tile, {key} replaced by TILE_KEY. Examples:
#   天地图 (CGCS2000 ≈ WGS-84; browser key from console.tianditu.gov.cn; labels need the overlay):
#     TILE_URL = "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
#                "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
#                "&TILECOL={x}&tk={key}"
#     TILE_OVERLAY_URL = the same with vec_w → cva_w and LAYER=cva; TILE_SUBDOMAINS = "01234567"
#     TILE_ATTRIBUTION = "天地图 GS(2023)336号"
#   AMap 高德 (GCJ-02: grid polygons must then be stored in GCJ-02 too, or pins sit ~500 m off):
#     TILE_URL = "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
#                "&x={x}&y={y}&z={z}"; TILE_SUBDOMAINS = "1234"; TILE_ATTRIBUTION = "© 高德地图"
#   OpenStreetMap style: TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
#     TILE_SUBDOMAINS = "", TILE_ATTRIBUTION = "© OpenStreetMap contributors"
# The key is sent to browsers (tile keys always are): restrict it to your domain at the provider.
LASTMILE_MAP: dict[str, Any] = {
    "TILE_URL": "",
    "TILE_OVERLAY_URL": "",
    "TILE_KEY": "",
    "TILE_SUBDOMAINS": "",
    "TILE_ATTRIBUTION": "",
    "MAX_ZOOM": 18,
    # Where the map opens when no grid has a boundary yet: [lat, lng] and zoom.
    "CENTRE": [28.2, 112.93],
    "ZOOM": 13,
    # Seconds the grid shapes and area points stay cached (server) and public responses (browsers).
    "CACHE_SECONDS": 300,
    # Most concerns a board or desk map shows at once.
    "MAX_POINTS": 500,
}

# --- Abuse control (docs/operator/security.md) ---
# Page throttles (lastmile/core/throttle.py): per scope, a rate per key kind ("5/m", "30/h",
# "10/15m"; "" turns one off). Behind a reverse proxy set TRUSTED_PROXY_HEADER (e.g.
# "HTTP_X_REAL_IP" or "HTTP_X_FORWARDED_FOR" with TRUSTED_PROXY_COUNT proxies of your own);
# without it the client address is REMOTE_ADDR, which a client cannot forge.
LASTMILE_THROTTLE: dict[str, Any] = {
    "TRUSTED_PROXY_HEADER": env.TRUSTED_PROXY_HEADER,
    "TRUSTED_PROXY_COUNT": env.TRUSTED_PROXY_COUNT,
    "RATES": {
        "intake": {"address": "10/h", "phone": "5/h", "account": "10/h"},
        "login": {"address": "30/15m", "username": "10/15m"},
        "signup": {"address": "5/h"},
        "callback": {"address": "20/h"},
        "me_too": {"address": "30/h"},
        "open311": {"address": "30/h"},
        "wechat": {"openid": "20/m"},
    },
}
# Lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one
# address, that pair is locked for AXES_COOLOFF_TIME hours; `manage.py axes_reset` unlocks.
AXES_FAILURE_LIMIT = env.AXES_FAILURE_LIMIT
AXES_COOLOFF_TIME = env.AXES_COOLOFF_HOURS
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lastmile.core.throttle.axes_client_address"
AXES_LOCKOUT_CALLABLE = "lastmile.orgs.views_signup.locked_out"
AXES_VERBOSE = False

# Content Security Policy (django-csp 4). Leaflet and ECharts set style attributes from script
# (tooltips, markers, panes): those need 'unsafe-inline' for style attributes only
# (style-src-attr); style sheets and <style> elements stay 'self'. Map tiles come from the hosts
# of LASTMILE_MAP's TILE_URL/TILE_OVERLAY_URL (recompute with tile_hosts() if you change them).


def tile_hosts(urls: list[str], subdomains: str) -> list[str]:
    """Origins of the map tile URL templates, with {s} expanded to each subdomain."""
    hosts: list[str] = []
    for url in urls:
        for sub in subdomains or " ":
            parts = url.replace("{s}", sub.strip()).split("/")
            origin = "/".join(parts[:3]) if url.startswith(("https://", "http://")) else ""
            if origin and origin not in hosts:
                hosts.append(origin)
    return hosts


CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [
            "'self'",
            "data:",
            "blob:",
            *tile_hosts(
                [LASTMILE_MAP["TILE_URL"], LASTMILE_MAP["TILE_OVERLAY_URL"]],
                LASTMILE_MAP["TILE_SUBDOMAINS"],
            ),
        ],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by lastmile.core.middleware.PermissionsPolicyMiddleware: only the map pin asks for the place.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"

# --- Scores (三率 and the weighted total; domain-rules.md §1) ---
LASTMILE_SCORES: dict[str, Any] = {
    # 综合 = weights · (响应率, 解决率, 满意率); must sum to 1 (other places use 0.3/0.35/0.35).
    "WEIGHTS": {"response": 0.1, "resolution": 0.5, "satisfaction": 0.4},
    "MOSTLY_SATISFIED_WEIGHT": 0.9,  # 基本满意 counts 0.9 in 满意率
    "BANDS": {"green": 0.9, "amber": 0.8},  # total ≥ green → green, ≥ amber → amber, else red
    "TREND_PERIODS": 6,
    "REPEAT_WINDOW_DAYS": 30,  # same phone, or same place + category, within this many days
    "MODELS_TOP": 3,  # 典型示范: top units of the last complete month
    "REFRESH_BATCH": 5000,  # audit events folded per transaction by rollup_refresh
    # 群众评议: edit window (days), minimum answers before a figure is shown, and the integrity
    # check's burst (one account/browser evaluating at least BURST_MIN cadres in BURST_MINUTES)
    "EVALUATION": {"EDIT_DAYS": 7, "MIN_SAMPLE": 5, "BURST_MINUTES": 30, "BURST_MIN": 4},
}

# --- Integrity checks (anti-gaming, 形式主义/弄虚作假): thresholds of `lastmile integrity scan` ---
LASTMILE_INTEGRITY: dict[str, Any] = {
    # (1) one phone / WeChat account rating at least this many concerns in a month
    "PHONE_RATINGS_MIN": 6,
    # (2) a rating this soon after the reply is suspicious; flag a unit with this many in a month
    "QUICK_RATING_SECONDS": 60,
    "QUICK_RATINGS_MIN": 2,
    # (3) staff-entered ratings: share of a unit's ratings in a month; fewest ratings looked at
    "STAFF_RATING_SHARE": 0.6,
    "STAFF_RATINGS_MIN": 8,
    # (4) the same (normalised or near-identical) reply on this many of a unit's concerns in a
    # month, making up at least this share of its replies
    "TEMPLATE_REPLIES_MIN": 8,
    "TEMPLATE_REPLY_SHARE": 0.5,
    "TEMPLATE_SIMILARITY": 92,
    # (6) audit events may step back this much in sequence order (clock skew between servers)
    "BACKDATE_TOLERANCE_SECONDS": 300,
    # channels whose concerns carry their original (historical) time: not back-dating
    "BACKDATE_EXEMPT_CHANNELS": ["import"],
    # (7) several concerns from one phone or address within this window with similar text
    "SPLIT_WINDOW_MINUTES": 60,
    "SPLIT_SIMILARITY": 75,
    # (8) rejected objections filed in the last part of the sign-for window, per unit and month
    "OBJECTION_LATE_SHARE": 0.5,
    "OBJECTION_DODGES_MIN": 3,
    # (9) a concern row changed this long after its last audit event
    "SILENT_EDIT_TOLERANCE_SECONDS": 120,
    # at most this many evidence items are stored per flag
    "EVIDENCE_LIMIT": 50,
}


# --- Community mechanisms (domain-rules.md §2, §3, §5, §6) ---
LASTMILE_WISHES: dict[str, Any] = {
    "VALUE_CAP_YUAN": 300,  # a wish may not be worth more than this
    "CONTACT_DAYS": 7,  # a claimer must contact the family within this many days
    "POINTS_PER_FULFILMENT": 10,  # points each claimer earns when a wish is confirmed
}
LASTMILE_MERITS: dict[str, Any] = {
    "POINTS_PER_YUAN": 1,  # 爱心超市: 1 point buys 1 yuan of goods
    "MAX_HOURS_PER_DAY": 24,  # volunteer hours one person may record for one day
    "REPORT_WITHIN_DAYS": 180,  # a deed older than this cannot be reported
    "MAX_QUANTITY": 10,  # goods per redemption
    "RESERVATION_HOLD_DAYS": 14,  # a reservation not collected by then returns points and stock
    "TOP_LIST_SIZE": 10,  # people on the public top list
}
LASTMILE_OUTREACH: dict[str, Any] = {
    # Households each cadre is linked to, by post (联系户).
    "LINK_QUOTAS": {
        "party_secretary": 5,
        "party_committee": 3,
        "vc_chair": 3,
        "vc_member": 3,
        "party_group_leader": 2,
        "member": 1,
    },
    "LINKED_VISITS_PER_YEAR": 2,  # each linked household at least twice a year
    "COMMITTEE_VISITS_PER_MONTH": 20,  # committee members visit ≥ 20 households a month
    "PRIORITY_VISIT_DAYS": 92,  # hardship, 五保 and petitioning households at least quarterly
}
LASTMILE_DECISIONS: dict[str, Any] = {
    "NOTICE_DAYS": 15,  # a public notice stays up at least this long (Art.35)
    "ASSEMBLY_NOTICE_DAYS": 10,  # a villagers' assembly is announced this far ahead (Art.25)
    "IMPLEMENT_AFTER_NOTICE": True,  # implementation waits for the resolution notice period
}

# --- Service network and information platforms ---
LASTMILE_STATIONS: dict[str, Any] = {
    "AGENT_FORWARD_WORKING_DAYS": 3,  # a village agent forwards a request within this
    "AGENT_FORWARD_MAX_DAYS": 7,  # and never later than this (calendar days)
    "CHECKIN_GRACE_MINUTES": 30,  # check-in allowed this early before a duty shift
}
LASTMILE_BULLETIN: dict[str, Any] = {
    "MESSAGE_POST_RATE": "5/h",  # message-board posts per address / phone
}
LASTMILE_LEARNING: dict[str, Any] = {
    "DIGEST_WEEKDAY": 0,  # weekly digests go out on Monday (0) …
    "DIGEST_HOUR": 7,  # … at 07:00 local time; daily digests at this hour every day
    "HEARTBEAT_SECONDS": 30,  # a study page reports time this often while visible
    "BEAT_MAX_SECONDS": 60,  # one heartbeat credits at most this much
    "CAP_RATIO": 1.5,  # an item counts at most its expected time × this
    "COMPLETE_RATIO": 1.0,  # an item is studied after its expected time × this
    "DIGEST_BATCH": 500,  # digests made per task run
    "DOCUMENT_MAX_BYTES": 20 * 1024 * 1024,  # largest course document
    "SITE_URL": env.SITE_URL,  # absolute links in digests sent by email and SMS
}
