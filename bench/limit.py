"""The machine's limit for the same work: a bare Django endpoint doing one insert with no logic,
and raw DB-API ``executemany`` for a bulk import (the bare ``GROUP BY`` for the scores month is
in bench/scores.py). bench/ours.py measures us against these in the same run.

Usage: .venv/bin/python bench/limit.py [--quick]   (BENCH_ENGINES, BENCH_N as in _common.py)
Writes bench/results/limit.json.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

NAME = "limit"
N = int(os.environ.get("BENCH_N", "10" if c.QUICK else "30"))
SITE = c.VAR / "limit_site"

# One app, one model, one view: parse the JSON body, insert one row, answer 201. Same server,
# same database engine and settings as ours.
LIMIT_PROJECT = {
    "limitsite/__init__.py": "",
    "limitsite/models.py": """from django.db import models


class Row(models.Model):
    title = models.CharField(max_length=120)
    text = models.TextField()
    phone = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "limitsite"
""",
    "limitsite/views.py": """import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from limitsite.models import Row


@csrf_exempt
def insert(request):
    data = json.loads(request.body)
    row = Row.objects.create(title=data["title"], text=data["text"], phone=data.get("phone", ""))
    return JsonResponse({"id": row.pk}, status=201)
""",
    "limitsite/urls.py": """from django.urls import path

from limitsite.views import insert

urlpatterns = [path("insert", insert)]
""",
    "limitsite/settings.py": """import os
import sys

sys.path.insert(0, os.environ["LASTMILE_ROOT"])
from config.base import DATABASES  # noqa: E402  (the same database settings as ours)

SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["limitsite"]
MIDDLEWARE: list = []
ROOT_URLCONF = "limitsite.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
MIGRATION_MODULES = {"limitsite": None}
""",
    "limitsite/wsgi.py": """import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "limitsite.settings")
application = get_wsgi_application()
""",
}

LIMIT_SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
print("ok")
"""


def limit_server(engine: str, db: str = "lastmile_bench_limit") -> c.Server:
    """The bare insert endpoint on a fresh scratch database."""
    for rel, text in LIMIT_PROJECT.items():
        path = SITE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    url = c.fresh_database(engine, db)
    env = {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "limitsite.settings",
           "PYTHONPATH": str(SITE), "LASTMILE_ROOT": str(c.ROOT)}  # fmt: skip
    c.run_python(sys.executable, LIMIT_SETUP, env, cwd=SITE)
    return c.Server("limit", sys.executable, "limitsite.wsgi:application", env, SITE)


def bare_insert_op(server: c.Server) -> c.Op:
    client = c.Client(server.port)
    counter = iter(range(10**9))

    def op() -> None:
        i = next(counter)
        body = {"title": f"路灯不亮 {i}", "phone": f"139{i:08d}",
                "text": f"小区东门的路灯坏了一个星期，晚上很黑。编号{i}"}  # fmt: skip
        client.json("POST", "/insert", body, expect=201)

    return op


def board_rows(n: int) -> list[tuple]:
    """Message-board rows as an export has them: id, subject, user, time, text, reply."""
    return [
        (
            f"M{i:09d}",
            f"关于小区路灯不亮的问题 {i}",
            f"A{i % 5000:06d}",
            f"2019-{1 + i % 12:02d}-{1 + i % 28:02d} 10:{i % 60:02d}:00",
            "尊敬的领导：小区东门的路灯坏了一个星期，晚上很黑，老人出门不方便，请尽快修理。" * 2,
            "",
        )
        for i in range(n)
    ]


BOARD_DDL = ("CREATE TABLE bench_board (id BIGSERIAL PRIMARY KEY, external_id VARCHAR(64), "
             "title VARCHAR(120), user_code VARCHAR(32), posted_at VARCHAR(32), text TEXT, "
             "reply TEXT)")  # fmt: skip


def executemany_rate(engine: str, rows: list[tuple], db: str = "lastmile_bench_raw") -> dict:
    """Raw DB-API executemany of ``rows`` into a plain table (one transaction): rows per second."""
    sql = ("INSERT INTO bench_board (external_id, title, user_code, posted_at, text, reply) "
           "VALUES (%s, %s, %s, %s, %s, %s)")  # fmt: skip
    if engine == "sqlite":
        path = c.VAR / f"{db}.sqlite3"
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(BOARD_DDL.replace("BIGSERIAL", "INTEGER"))
        t = time.perf_counter()
        conn.executemany(sql.replace("%s", "?"), rows)
        conn.commit()
        took = time.perf_counter() - t
        conn.close()
        path.unlink(missing_ok=True)
    else:
        import psycopg

        url = c.fresh_database(engine, db)
        with psycopg.connect(url) as pg:
            pg.execute(BOARD_DDL)
            pg.commit()
            t = time.perf_counter()
            with pg.cursor() as cur:
                cur.executemany(sql, rows)
            pg.commit()
            took = time.perf_counter() - t
        c.drop_database(engine, db)
    return {"rows": len(rows), "seconds": round(took, 2), "rows_per_s": round(len(rows) / took)}


def main() -> int:
    result: dict = {"engines": {}}
    size = 20_000 if c.QUICK else 200_000
    for engine in c.engines():
        server = limit_server(engine)
        with c.serving(server):
            insert = c.measure({"bare_insert": bare_insert_op(server)}, n=N)
        result["engines"][engine] = {
            "bare_insert": insert["bare_insert"],
            "executemany": executemany_rate(engine, board_rows(size)),
            "rss_after_mb": server.rss_after_mb,
        }
        c.drop_database(engine, "lastmile_bench_limit")
        c.log(NAME, f"{engine}: {result['engines'][engine]}")
    print(c.write(NAME, result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
