"""Print the side-by-side tables of bench/README.md from bench/results/{peer_helpdesk,ours,
limit,scores}.json: ``.venv/bin/python bench/_table.py``."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def _load(name: str) -> dict:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _ms(fig: dict | None) -> str:
    if not fig:
        return "—"
    text = f"{fig['median_ms']:,.0f}" if fig["median_ms"] >= 100 else f"{fig['median_ms']:.1f}"
    if fig.get("n") == 0:
        return f"≈{text} (extrapolated)"
    return f"{text} / {fig['p95_ms']:,.0f}" if "p95_ms" in fig else text


def peer() -> None:
    data = _load("peer_helpdesk")
    for engine, r in data.get("engines", {}).items():
        print(f"\n**{engine}** — ms, median / p95; ratio = ours ÷ helpdesk (lower is better)\n")
        print("| operation | rows | ours | django-helpdesk | ratio |")
        print("|---|---|---|---|---|")
        cr = r["create"]
        print(f"| create (HTTP API) | — | {_ms(cr['ours'])} | {_ms(cr['helpdesk'])} | "
              f"{cr['ratio']} |")  # fmt: skip
        for size, f in r["sizes"].items():
            for op, label in (("list", "list page 1 (25 rows)"), ("detail", "detail (one)")):
                print(f"| {label} | {int(size):,} | {_ms(f['ours_' + op])} | "
                      f"{_ms(f['helpdesk_' + op])} | {f[op + '_ratio']} |")  # fmt: skip
        print(f"\nRSS after the run: ours {r['rss_after_mb']['ours']} MB, helpdesk "
              f"{r['rss_after_mb']['helpdesk']} MB.")  # fmt: skip
    if data:
        print(f"\n{data['machine']}, load average {data['load_average']}, {data['date']}, "
              f"commit {data['commit']}.")  # fmt: skip


def ours() -> None:
    data = _load("ours")
    for engine, r in data.get("engines", {}).items():
        print(f"\n**{engine}**\n")
        print("| figure | ours | limit | ratio | target |")
        print("|---|---|---|---|---|")
        it = r["intake"]
        print(f"| HTTP intake, ms median / p95 | {_ms(it['ours'])} | {_ms(it['bare_insert'])} "
              f"(bare insert endpoint) | {it['rate_ratio']}× its rate | ≥ 0.5× |")  # fmt: skip
        imp = r["import"]
        print(f"| bulk import, rows/s ({imp['ours']['rows']:,} board rows) | "
              f"{imp['ours']['rows_per_s']:,} | {imp['executemany']['rows_per_s']:,} "
              f"(raw executemany) | {imp['rate_ratio']}× | ≥ 0.3× |")  # fmt: skip
        sizes = list(r["sizes"])
        for op in ("staff_list", "board_api", "board_page"):
            row = " → ".join(f"{r['sizes'][s][op]['median_ms']:,.0f}" for s in sizes)
            print(f"| {op.replace('_', ' ')} ms at {' → '.join(f'{int(s):,}' for s in sizes)} "
                  f"| {row} | — | {r['growth'][op]}× | ≤ 2× |")  # fmt: skip
        w = r["db_worker"]
        print(f"| RSS MB: app server / db_worker (peak) | {r['rss_after_mb']['app_server']} / "
              f"{w['rss_after_mb']} ({w['rss_peak_mb']}) | — | — | < 300 |")  # fmt: skip
    if data:
        print(f"\n{data['machine']}, load average {data['load_average']}, {data['date']}, "
              f"commit {data['commit']}.")  # fmt: skip


if __name__ == "__main__":
    peer()
    ours()
