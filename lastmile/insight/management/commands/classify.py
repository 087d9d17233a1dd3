"""``lastmile classify``: train a category classifier on an export, apply it to another file.

    lastmile classify train --data FILE --text-columns COL[,COL] --label-column COL --model PATH
        [--unlabelled FILE] [--taxonomy FILE]
    lastmile classify predict --model PATH --data FILE --text-columns COL[,COL] --out FILE
    lastmile classify bootstrap     # train the desk's model from the shared data now
    lastmile classify retrain       # retrain from dispatched concerns now (needs 200)

Files are CSV (UTF-8) or XLSX. ``predict`` writes the input's columns plus ``predicted_category``
and ``confidence``; a text it cannot classify gets an empty category and the reason in
``declined``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.insight.classify import data
from lastmile.insight.classify.features import name_keywords
from lastmile.insight.classify.model import ModelError, load, save, train

OUT_COLUMNS = ["predicted_category", "confidence", "declined"]


def _columns(value: str) -> list[str]:
    names = [c.strip() for c in value.split(",") if c.strip()]
    if not names:
        raise CommandError("--text-columns 不能为空 / --text-columns must name a column")
    return names


class Command(BaseCommand):
    help = "Train a category classifier from a CSV/XLSX export, or apply one to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        tr = sub.add_parser("train", help="train a model from labelled rows")
        tr.add_argument("--data", required=True, type=Path)
        tr.add_argument("--text-columns", required=True, type=_columns)
        tr.add_argument("--label-column", required=True)
        tr.add_argument("--model", required=True, type=Path)
        tr.add_argument("--unlabelled", type=Path, help="more texts (same text columns) for IDF")
        tr.add_argument("--taxonomy", type=Path, help="一级/二级/三级分类 file for name keywords")
        pr = sub.add_parser("predict", help="add predicted_category and confidence columns")
        pr.add_argument("--model", required=True, type=Path)
        pr.add_argument("--data", required=True, type=Path)
        pr.add_argument("--text-columns", required=True, type=_columns)
        pr.add_argument("--out", required=True, type=Path)
        sub.add_parser("bootstrap", help="train the desk's model from the shared TipDM data")
        sub.add_parser("retrain", help="retrain the desk's model from dispatched concerns")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            action = options["action"]
            if action == "train":
                self._train(options)
            elif action == "predict":
                self._predict(options)
            elif action == "bootstrap":
                self._bootstrap()
            else:
                self._retrain()
        except ModelError as exc:
            raise CommandError(str(exc)) from exc

    def _train(self, options: dict[str, Any]) -> None:
        table = data.read_table(options["data"])
        texts = table.texts(options["text_columns"])
        labels = table.values(options["label_column"])
        unlabelled: list[str] = []
        if options["unlabelled"]:
            unlabelled = data.read_table(options["unlabelled"]).texts(options["text_columns"])
        keywords = []
        if options["taxonomy"]:
            keywords = name_keywords(data.taxonomy_pairs(options["taxonomy"]), set(labels))
        model = train(
            texts, labels, unlabelled=unlabelled, keywords=keywords, source=str(options["data"])
        )
        save(model, options["model"])
        meta = model.meta
        self.stdout.write(
            f"已训练 / trained: {meta['trained_rows']} rows, {len(model.labels)} categories, "
            f"{meta['unlabelled_rows']} unlabelled, {meta['keywords']} keywords, "
            f"{meta['seconds']} s → {options['model']}"
        )

    def _bootstrap(self) -> None:
        from lastmile.insight.classify import runtime

        model = runtime.build_bootstrap()
        if model is None:
            raise CommandError(
                f"无法训练(没有数据,或另一进程正在训练)/ Could not train (no data at "
                f"{runtime.bootstrap_dir()}, or another process is training)"
            )
        self.stdout.write(f"已训练 / trained in {model.meta['seconds']} s → {runtime.model_path()}")

    def _retrain(self) -> None:
        from lastmile.insight.classify.retrain import retrain_if_due

        result = retrain_if_due(force=True)
        self.stdout.write(f"{result.outcome}: {result.labelled} labelled {result.detail}".strip())

    def _predict(self, options: dict[str, Any]) -> None:
        model = load(options["model"])
        table = data.read_table(options["data"])
        predictions = model.predict(table.texts(options["text_columns"]))
        width = len(table.header)
        rows = [
            [
                *row[:width],
                *[""] * (width - len(row)),
                p.label,
                f"{p.confidence:.3f}" if p.label else "",
                p.declined,
            ]
            for row, p in zip(table.rows, predictions, strict=True)
        ]
        data.write_table(data.Table([*table.header, *OUT_COLUMNS], rows), options["out"])
        declined = sum(1 for p in predictions if p.declined)
        self.stdout.write(
            f"已分类 / classified: {len(rows) - declined} rows, "
            f"declined {declined} → {options['out']}"
        )
