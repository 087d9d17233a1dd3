"""Insight models. Each helper's models sit in their own section; append new sections below."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# ---- surge alerts (舆情预警) ----------------------------------------------------------------


class SurgeAlert(models.Model):
    """One alert per surge: a topic, category or area whose volume rose well above its baseline.

    ``period_start`` is the local day the surge's window began; with ``key`` it is unique, so a
    repeated or concurrent scan cannot alert twice. ``period_end`` moves forward while later
    scans still see the surge (no new alert); once a window passes without it, a new rise is a
    new surge and a new alert."""

    key = models.CharField(_("key"), max_length=120)
    label = models.CharField(_("label"), max_length=200)
    period_start = models.DateTimeField(_("window start"))
    period_end = models.DateTimeField(_("last seen"))
    count = models.PositiveIntegerField(_("concerns in the window"))
    baseline = models.FloatField(_("baseline per window"))
    z = models.FloatField(_("z score"), default=0.0)
    members = models.JSONField(_("concern codes"), default=list)
    created_at = models.DateTimeField(_("raised at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("surge alert")
        verbose_name_plural = _("surge alerts")
        constraints = [
            models.UniqueConstraint(fields=["key", "period_start"], name="uniq_surge_alert")
        ]
        indexes = [models.Index(fields=["key", "period_end"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.count})"


# ---- places and divisions (defined beside the resolver in places.py and divisions.py) --------

from lastmile.insight.divisions import Division  # noqa: E402
from lastmile.insight.places import Place  # noqa: E402

__all__ = ["Division", "Place", "SurgeAlert"]
