"""Core models: the append-only, hash-chained audit log and the working-day calendar table."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AuditEvent(models.Model):
    """One state change. Rows are never updated or deleted; each carries its predecessor's hash."""

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    verb = models.CharField(_("verb"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit events are append-only")


class AuditHead(models.Model):
    """Singleton row holding the chain's tip; writers lock it to append in order."""

    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")


class Holiday(models.Model):
    """An official day off, or an adjusted working weekend (调休上班), overriding the package."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("is a working day"),
        default=False,
        help_text=_("Tick for an adjusted working weekend (调休上班); leave empty for a day off."),
    )
    name = models.CharField(_("name"), max_length=64, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday or adjusted working day")
        verbose_name_plural = _("holidays and adjusted working days")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _forget_calendar()

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        result = super().delete(*args, **kwargs)
        _forget_calendar()
        return result


def _forget_calendar() -> None:
    """Working-day arithmetic must see an edited day at once (and again after a rollback)."""
    from django.db import transaction

    from lastmile.core import workcal

    workcal.invalidate()
    transaction.on_commit(workcal.invalidate)


class PiiAccess(models.Model):
    """A staff member saw a resident's personal data unmasked: who, whose, which fields, when and
    why (core/pii.py). Append-only like the audit log but not in its hash chain (high volume).
    Integers and labels instead of foreign keys: core sits below orgs, and a row must outlive
    the staff member and the record it names."""

    accessed_at = models.DateTimeField(_("when"), db_index=True)
    staff_id = models.BigIntegerField(_("staff member id"), null=True, blank=True, db_index=True)
    user_id = models.BigIntegerField(_("login id"), null=True, blank=True)
    staff_label = models.CharField(_("staff member"), max_length=150, blank=True)
    subject_type = models.CharField(_("record type"), max_length=64)
    subject_id = models.CharField(_("record"), max_length=64)
    subject_label = models.CharField(_("record label"), max_length=64, blank=True)
    person_id = models.BigIntegerField(_("resident id"), null=True, blank=True, db_index=True)
    area_path = models.CharField(_("area path"), max_length=255, blank=True, db_index=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    path = models.CharField(_("page"), max_length=255, blank=True)

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "accessed_at"])]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self) -> str:
        when = f"{self.accessed_at:%Y-%m-%d %H:%M}"
        return f"{when} {self.staff_label} {self.subject_type}:{self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the personal data access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("the personal data access log is append-only")
