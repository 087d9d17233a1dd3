"""Run every benchmark in bench/ (each module with a ``main()``), one process each, bounded.

Usage: .venv/bin/python bench/run.py [NAME ...]
Each benchmark writes its own ``bench/results/<name>.json`` (figures, machine, date, commit) and
prints a summary; this runner reports which ran, how long they took, and which failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TIMEOUT_SECONDS = 60 * 60  # the peer and ours benchmarks grow tables to 1M rows on two engines


def benchmarks(names: list[str]) -> list[Path]:
    found = sorted(
        p
        for p in HERE.glob("*.py")
        if p.name not in {"run.py", "__init__.py", "common.py"} and not p.name.startswith("_")
    )
    return [p for p in found if not names or p.stem in names]


def main(argv: list[str]) -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.local"),
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    failed = []
    for path in benchmarks(argv):
        print(f"== {path.stem} ==", flush=True)
        start = time.monotonic()
        try:
            code = subprocess.run(
                [sys.executable, str(path)], cwd=ROOT, env=env, timeout=TIMEOUT_SECONDS
            ).returncode
        except subprocess.TimeoutExpired:
            code = -1
            print(f"{path.stem}: timed out after {TIMEOUT_SECONDS} s")
        took = time.monotonic() - start
        print(f"== {path.stem}: {'ok' if code == 0 else f'FAILED ({code})'} in {took:.1f} s ==")
        if code != 0:
            failed.append(path.stem)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
