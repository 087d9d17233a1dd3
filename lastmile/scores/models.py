"""Score rollups: integer counters per (period, level, key), kept current from the audit log.

Rates are never stored: they are computed at read time from the counters, so merging periods or
keys is exact. The integrity helper appends its own models at the end of this file.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.scores.integrity.choices import FlagKind, FlagStatus, Severity


class Level(models.TextChoices):
    UNIT = "unit", _("Unit")
    GRID = "grid", _("Grid")
    PERSON = "person", _("Person")
    AREA = "area", _("Area")


# The counters of one rollup row, in the order the export and verify report them.
COUNTERS = (
    "received",  # dispatched to the unit (受理量)
    "base",  # valid callbacks (有效回访): rated in the period
    "not_rated",  # closed without an answer: outside the base, reported beside it
    "contacted",
    "resolved",
    "satisfied",
    "mostly",
    "dissatisfied",
    "replied",
    "on_time",  # replied before resolve_due, among replied
    "obj_upheld",
    "obj_rejected",
    "urges",
    "circulars",
    "reopens",
    "repeats",  # rated concerns that repeat an earlier one (same phone, or place + category)
)


class Rollup(models.Model):
    period = models.CharField(_("period"), max_length=7)  # 'YYYY-MM'
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    key = models.BigIntegerField(_("key"))  # unit id, area id, or the person's user id
    received = models.IntegerField(default=0)
    base = models.IntegerField(default=0)
    not_rated = models.IntegerField(default=0)
    contacted = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    mostly = models.IntegerField(default=0)
    dissatisfied = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    obj_upheld = models.IntegerField(default=0)
    obj_rejected = models.IntegerField(default=0)
    urges = models.IntegerField(default=0)
    circulars = models.IntegerField(default=0)
    reopens = models.IntegerField(default=0)
    repeats = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("score rollup")
        verbose_name_plural = _("score rollups")
        constraints = [
            models.UniqueConstraint(fields=["period", "level", "key"], name="uniq_score_rollup")
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.level}:{self.key}"

    def counters(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTERS}


class RollupCursor(models.Model):
    """The last audit event folded into the rollups; moved in the same transaction as them."""

    name = models.CharField(max_length=32, primary_key=True)
    seq = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.seq}"


# ---- Integrity (anti-gaming) flags: owned by lastmile/scores/integrity/ ---------------------


class IntegrityFlag(models.Model):
    """One finding of ``lastmile integrity scan``. ``fingerprint`` (kind + what it is about) is
    unique, so a re-scan refreshes the row instead of adding another; a dismissed flag stays
    dismissed. ``area`` is the nearest area holding all the evidence: supervisors see the flags
    inside their subtree (flags without an area: administrators only)."""

    kind = models.CharField(_("kind"), max_length=32, choices=FlagKind.choices, db_index=True)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    fingerprint = models.CharField(max_length=64, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    period = models.CharField(_("period"), max_length=7, blank=True)
    area = models.ForeignKey(
        "orgs.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    concern_codes = models.JSONField(default=list, blank=True)
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    explanation = models.TextField(_("explanation"))
    status = models.CharField(
        _("status"), max_length=12, choices=FlagStatus.choices, default=FlagStatus.OPEN
    )
    dismiss_reason = models.TextField(_("reason for dismissing"), blank=True)
    dismissed_by = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dismissed_at = models.DateTimeField(null=True, blank=True)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        ordering = ["status", "-last_seen", "kind"]
        verbose_name = _("integrity flag")
        verbose_name_plural = _("integrity flags")
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


# ---- 群众评议 (resident evaluation of cadres): owned by lastmile/scores/evaluation/ -----------

from lastmile.scores.evaluation.models import (  # noqa: E402, F401
    CadreEvaluation,
    EvaluationRound,
    RoundAnswer,
    RoundCadre,
    RoundResponse,
)
