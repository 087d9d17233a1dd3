"""正能量加油站: the points rule table (categories × items) and the good deeds recorded on it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.merits.choices import DeedSource, DeedStatus, RuleUnit
from lastmile.orgs.models import Area, Person


class RuleCategory(models.Model):
    """志愿服务, 邻里互助, 见义勇为, 移风易俗…"""

    name = models.CharField(_("name"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("points category")
        verbose_name_plural = _("points rule table")

    def __str__(self) -> str:
        return self.name


class RuleItem(models.Model):
    """One row of the rule table: so many points per deed or per hour of service. Changing it
    never changes points already granted: a deed keeps the rule's points as they were when it
    was approved."""

    category = models.ForeignKey(
        RuleCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items"
    )
    name = models.CharField(_("item"), max_length=60)
    unit = models.CharField(_("counted"), max_length=8, choices=RuleUnit.choices)
    points = models.PositiveIntegerField(_("points"))
    description = models.CharField(_("what counts"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category__order", "order", "name"]
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="uniq_merits_rule_item"),
            models.CheckConstraint(condition=models.Q(points__gt=0), name="merits_rule_points"),
        ]

    def __str__(self) -> str:
        return f"{self.category.name} · {self.name}"


class Deed(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="deeds"
    )
    community = models.ForeignKey(
        Area,
        verbose_name=_("community / village"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    item = models.ForeignKey(
        RuleItem, verbose_name=_("kind of deed"), on_delete=models.PROTECT, related_name="deeds"
    )
    title = models.CharField(_("deed"), max_length=120)
    description = models.TextField(_("details"), blank=True)
    occurred_on = models.DateField(_("date"), db_index=True)
    hours = models.DecimalField(
        _("hours of service"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DeedStatus.choices,
        default=DeedStatus.PENDING,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    source = models.CharField(_("reported by"), max_length=8, choices=DeedSource.choices)
    # 同意公开姓名: without it the public page shows only a masked name (王*芳).
    name_public = models.BooleanField(_("agreed to be named in public"), default=False)
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=200, blank=True)
    # Snapshots at approval: the rule's points then, and the points granted.
    rule_points = models.PositiveIntegerField(null=True, blank=True)
    points = models.PositiveIntegerField(_("points"), default=0)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("good deed")
        verbose_name_plural = _("good deeds")
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["status", "reviewed_at"]),
            models.Index(fields=["person", "occurred_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True)
                | (models.Q(hours__gt=0) & models.Q(hours__lte=24)),
                name="merits_deed_hours_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cause(self) -> str:
        return f"deed:{self.pk}"
