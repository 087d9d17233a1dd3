"""Refresh the Chinese catalogue: extract messages, merge translations, compile.

Usage: .venv/bin/python tools/i18n.py
Translations live in lastmile/locale/_pending/*.json ({"English msgid": "中文"}) until merged;
the .po file is the reviewed source of truth; the .mo is committed so running needs no gettext.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "lastmile/locale/zh_Hans/LC_MESSAGES/django.po"


def main() -> int:
    # Several people (or helper sessions) may run this at once in one tree: one at a time.
    (ROOT / "var").mkdir(exist_ok=True)
    with open(ROOT / "var" / ".i18n.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _refresh()


def _refresh() -> int:
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--ignore",
            ".venv/*",
            "--ignore",
            "var/*",
            "--ignore",
            "node_modules/*",
        ],
        cwd=ROOT,
        check=True,
    )
    pending: dict[str, str] = {}
    for path in sorted((ROOT / "lastmile/locale/_pending").glob("*.json")):
        pending.update(json.loads(path.read_text(encoding="utf-8")))
    po = polib.pofile(str(PO))
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid in pending:
            entry.msgstr = pending[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
        if not entry.msgstr and not entry.msgid_plural:
            missing.append(entry.msgid)
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    po.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{len(po)} messages, {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
