"""``lastmile rotate-keys``: re-encrypt every encrypted column with the first key, and with
``--rehash`` recompute every keyed-hash index with a new hash key.

Batched (one transaction per batch), idempotent (a value already under the first key is left
alone, a hash already right is not rewritten) and so resumable: run it again after an
interruption and it carries on where work is left. ``--dry-run`` only counts.
The procedure is in docs/operator/privacy.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction

from lastmile.core import crypto
from lastmile.core.fields import BlindIndexField, blind_index_fields, encrypted_fields


def models_with_pii() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        if model._meta.proxy or model._meta.managed is False:
            continue
        if encrypted_fields(model):
            yield model


class Command(BaseCommand):
    help = "Re-encrypt personal data with the first LASTMILE_PII_KEYS key (and --rehash)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")
        parser.add_argument(
            "--rehash",
            action="store_true",
            help="recompute the keyed-hash indexes with LASTMILE_PII_HASH_KEY_NEW "
            "(or, when it is not set, with LASTMILE_PII_HASH_KEY)",
        )
        parser.add_argument("--batch", type=int, default=0, help="rows per transaction")
        parser.add_argument("--model", default="", help="only this model, e.g. concerns.concern")

    def handle(self, *args: Any, **options: Any) -> None:
        keys = crypto.encryption_keys()
        crypto.fernet(keys)  # refuses malformed keys before anything is read
        pii: dict[str, Any] = getattr(settings, "LASTMILE_PII", {})
        batch = options["batch"] or int(pii.get("ROTATE_BATCH", 500))
        hash_key = ""
        if options["rehash"]:
            hash_key = str(pii.get("HASH_KEY_NEW") or "") or crypto.hash_key()
        dry = options["dry_run"]
        chosen = [
            m
            for m in models_with_pii()
            if not options["model"] or m._meta.label_lower == options["model"].lower()
        ]
        if options["model"] and not chosen:
            raise CommandError(f"no model {options['model']} with encrypted fields")
        total_changed = 0
        for model in chosen:
            changed, seen = self.rotate_model(model, keys, hash_key, batch, dry)
            total_changed += changed
            verb = "would change" if dry else "changed"
            self.stdout.write(f"{model._meta.label_lower}: {seen} rows, {verb} {changed}")
        verb = "would change" if dry else "changed"
        self.stdout.write(self.style.SUCCESS(f"done: {verb} {total_changed} rows"))

    def rotate_model(
        self,
        model: type[models.Model],
        keys: tuple[str, ...],
        hash_key: str,
        batch: int,
        dry: bool,
    ) -> tuple[int, int]:
        secret = encrypted_fields(model)
        indexes: list[BlindIndexField] = blind_index_fields(model) if hash_key else []
        by_source = {f.name: f for f in secret}
        columns = [f.column for f in secret] + [i.column for i in indexes]
        qn = connection.ops.quote_name
        table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)  # type: ignore[union-attr]
        select = (
            f"SELECT {pk}, {', '.join(qn(c) for c in columns)} FROM {table} "
            f"WHERE {pk} > %s ORDER BY {pk} LIMIT %s"
        )
        update = f"UPDATE {table} SET {', '.join(f'{qn(c)} = %s' for c in columns)} WHERE {pk} = %s"
        last: Any = 0 if model._meta.pk.get_internal_type().endswith("AutoField") else ""  # type: ignore[union-attr]
        seen = changed = 0
        while True:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(select, [last, batch])
                    rows = cursor.fetchall()
                if not rows:
                    return changed, seen
                updates = []
                for row in rows:
                    new = self.rotate_row(row[1:], secret, indexes, by_source, keys, hash_key)
                    if new is not None:
                        updates.append((*new, row[0]))
                if updates and not dry:
                    with connection.cursor() as cursor:
                        cursor.executemany(update, updates)
            seen += len(rows)
            changed += len(updates)
            last = rows[-1][0]
            self.stdout.write(f"  {model._meta.label_lower}: up to #{last}, {changed} changed")

    @staticmethod
    def rotate_row(
        values: tuple[Any, ...],
        secret: list[models.Field],
        indexes: list[BlindIndexField],
        by_source: dict[str, models.Field],
        keys: tuple[str, ...],
        hash_key: str,
    ) -> tuple[Any, ...] | None:
        stored = list(values[: len(secret)])
        hashes = list(values[len(secret) :])
        plain = (
            {
                f.name: crypto.decrypt(v or "", keys=keys)
                for f, v in zip(secret, stored, strict=True)
            }
            if indexes
            else {}
        )
        new_stored = [
            v
            if v is None or crypto.encrypted_with_first_key(v, keys=keys)
            else crypto.rotate(v, keys=keys)
            for v in stored
        ]
        new_hashes = [
            crypto.blind_index(
                plain.get(i.source, "") if i.source in by_source else "", i.kind, key=hash_key
            )
            for i in indexes
        ]
        if new_stored == stored and new_hashes == hashes:
            return None
        return (*new_stored, *new_hashes)
