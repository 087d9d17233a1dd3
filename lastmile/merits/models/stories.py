"""典型示范: model stories published on the public page (the person agreed to be named)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.merits.choices import PeriodKind
from lastmile.merits.periods import period_label
from lastmile.orgs.models import Area, Person


class ModelStory(models.Model):
    community = models.ForeignKey(
        Area, verbose_name=_("community / village"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="model_stories"
    )
    title = models.CharField(_("title"), max_length=80)
    story = models.TextField(_("story"))
    photo = models.ImageField(_("photo"), upload_to="merits/stories/%Y/", blank=True)
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period starts"))
    consent_recorded_at = models.DateTimeField()
    consent_recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-period_start", "-created_at"]
        verbose_name = _("model story")
        verbose_name_plural = _("model stories")

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.period_start)
