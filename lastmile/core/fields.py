"""Model fields for personal data: encrypted at rest, found through a keyed-hash index.

``EncryptedCharField``/``EncryptedTextField`` store a Fernet token in a ``text`` column and give
the plaintext back on load; ``max_length`` still validates the plaintext (forms, ``full_clean``).
The empty string stays empty, so ``blank`` checks and ``filter(x="")`` keep working.
``filter(x=value)`` on a field with a ``BlindIndexField`` compares the keyed hashes; any other
lookup on an encrypted column raises, so a forgotten filter fails loudly instead of silently
finding nothing. Look values up through the index::

    resident_phone = EncryptedCharField(_("phone"), max_length=32, blank=True)
    resident_phone_hash = BlindIndexField(source="resident_phone", kind="phone")

    Concern.objects.filter(resident_phone_hash=phone_hash("138 0000 0000"))

The index is computed from its source on every ``save()`` and ``bulk_create()``. Paths that do
not run ``pre_save`` must name it: ``QuerySet.update(**with_hash_values(Model, phone=…))``,
``bulk_update(objs, with_hash_fields(Model, ["phone"]))`` (after ``refresh_hashes(obj)``). A
``save(update_fields=[…])`` that names a source without its index writes the index after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, IsNull
from django.db.models.signals import post_save

from lastmile.core import crypto


class EncryptedExact(Exact):
    """``field=""`` (or None) compares the column; ``field=value`` compares the field's blind
    index with the value's keyed hash (so equal values are found, normalised like the index);
    a field without an index, or an expression on the right, cannot be compared: ciphertexts of
    equal values differ."""

    index: BlindIndexField | None = None
    hashed = ""

    def get_prep_lookup(self) -> Any:
        if self.rhs in ("", None):
            return super().get_prep_lookup()
        field = self.lhs.output_field
        index = next((f for f in blind_index_fields(field.model) if f.source == field.name), None)
        if (
            index is None
            or hasattr(self.rhs, "resolve_expression")
            or not isinstance(self.lhs, Col)
        ):
            raise FieldError(
                f"{field.name} is encrypted: filter on its blind index (the *_hash field) instead"
            )
        self.index, self.hashed = index, crypto.blind_index(str(self.rhs), index.kind)
        return self.rhs

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        if self.index is None:
            return super().as_sql(compiler, connection)
        if not self.hashed:  # the value normalises to nothing (a phone without digits)
            return "1 = 0", []
        sql, params = compiler.compile(Col(self.lhs.alias, self.index))
        return f"{sql} = %s", [*params, self.hashed]


class EncryptedMixin:
    """Encrypts on the way to the database, decrypts on the way back."""

    encrypted = True

    def get_internal_type(self) -> str:
        return "TextField"

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return EncryptedExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


class EncryptedCharField(EncryptedMixin, models.CharField):
    description = "Encrypted text (with a plaintext max_length)"


class EncryptedTextField(EncryptedMixin, models.TextField):
    description = "Encrypted text"


class BlindIndexField(models.CharField):
    """HMAC-SHA256 of the normalised value of ``source`` (hex), kept in step on save."""

    def __init__(self, *args: Any, source: str = "", kind: str = "text", **kwargs: Any) -> None:
        if kind not in crypto.NORMALISERS:
            raise ValueError(f"unknown blind index kind {kind!r}")
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"], kwargs["kind"] = self.source, self.kind
        for key, default in (
            ("max_length", 64),
            ("blank", True),
            ("default", ""),
            ("editable", False),
            ("db_index", True),
        ):
            value = getattr(self, key)
            if value == default:
                kwargs.pop(key, None)
            else:
                kwargs[key] = value
        return name, path, args, kwargs

    def compute(self, instance: models.Model) -> str:
        return crypto.blind_index(getattr(instance, self.source) or "", self.kind)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        if not cls._meta.abstract:
            post_save.connect(
                _sync_update_fields, sender=cls, weak=False, dispatch_uid=f"pii-{id(cls)}"
            )


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


def with_hash_fields(model: type[models.Model], fields: Iterable[str]) -> list[str]:
    """``fields`` plus the blind indexes of any of them (for ``update_fields``/``bulk_update``)."""
    names = list(fields)
    for index in blind_index_fields(model):
        if index.source in names and index.name not in names:
            names.append(index.name)
    return names


def with_hash_values(model: type[models.Model], **values: Any) -> dict[str, Any]:
    """Keyword arguments for ``QuerySet.update`` with the blind indexes of encrypted values."""
    for index in blind_index_fields(model):
        if index.source in values:
            values[index.name] = crypto.blind_index(values[index.source] or "", index.kind)
    return values


def refresh_hashes(instance: models.Model) -> None:
    for index in blind_index_fields(type(instance)):
        index.pre_save(instance, False)


def _sync_update_fields(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """``save(update_fields=[source])`` without the index: write the index too (one UPDATE)."""
    update_fields = kwargs.get("update_fields")
    if not update_fields or kwargs.get("raw"):
        return
    stale = {
        index.attname: index.pre_save(instance, False)
        for index in blind_index_fields(sender)
        if index.source in update_fields and index.name not in update_fields
    }
    if stale:
        sender._base_manager.using(kwargs.get("using")).filter(pk=instance.pk).update(**stale)


# --- Data migrations: encrypt the rows that existed before a field became encrypted ---

MIGRATION_BATCH = 500


def encrypt_existing(app_label: str, model_name: str, batch: int = MIGRATION_BATCH) -> Any:
    """A ``RunPython`` forward function: encrypt every row's encrypted fields (plaintext is read
    as it is, tokens are decrypted) and fill the blind indexes, in primary-key batches.
    Idempotent: running it again re-encrypts the same values."""

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        secret = encrypted_fields(model)
        indexes = blind_index_fields(model)
        names = [f.name for f in secret] + [f.name for f in indexes]
        manager = model._base_manager.db_manager(schema_editor.connection.alias)
        last: Any = None
        while True:
            qs = manager.order_by("pk").only("pk", *names)
            if last is not None:
                qs = qs.filter(pk__gt=last)
            rows = list(qs[:batch])
            if not rows:
                return
            for row in rows:
                for index in indexes:
                    setattr(row, index.attname, index.compute(row))
            manager.bulk_update(rows, names)
            last = rows[-1].pk

    return run


def decrypt_existing(app_label: str, model_name: str, batch: int = MIGRATION_BATCH) -> Any:
    """The reverse: write the plaintext back (raw SQL, so nothing re-encrypts it)."""

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        secret = encrypted_fields(model)
        connection = schema_editor.connection
        qn = connection.ops.quote_name
        sets = ", ".join(f"{qn(f.column)} = %s" for f in secret)
        sql = f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(model._meta.pk.column)} = %s"
        manager = model._base_manager.db_manager(connection.alias)
        last: Any = None
        while True:
            qs = manager.order_by("pk")
            if last is not None:
                qs = qs.filter(pk__gt=last)
            rows = list(qs.values_list("pk", *[f.name for f in secret])[:batch])
            if not rows:
                return
            with connection.cursor() as cursor:
                cursor.executemany(sql, [(*values, pk) for pk, *values in rows])
            last = rows[-1][0]

    return run
