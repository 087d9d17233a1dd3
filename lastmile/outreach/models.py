"""联系户 (household links) and 民情日志 (visit logs with their follow-ups)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.models import Concern
from lastmile.orgs.choices import PostKind
from lastmile.orgs.models import Area, Household, Person
from lastmile.outreach.choices import FollowUpStatus, LinkEndReason, LinkStatus


class HouseholdLink(models.Model):
    """A cadre's link to a household (联系户). One active link per household at a time; the
    links history is every row, ended ones included."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="outreach_links",
    )
    cadre = models.ForeignKey(
        Person,
        verbose_name=_("contact cadre"),
        on_delete=models.PROTECT,
        related_name="outreach_links",
    )
    # The household's community when linked: quotas count per community.
    community = models.ForeignKey(
        Area, verbose_name=_("community / village"), on_delete=models.PROTECT, related_name="+"
    )
    # The cadre's highest post there when linked ("" = a party member without a post).
    post_kind = models.CharField(
        _("post"), max_length=24, choices=PostKind.choices, blank=True, default=""
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=LinkStatus.choices,
        default=LinkStatus.ACTIVE,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("linked at"), default=timezone.now)
    started_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.CharField(
        _("why it ended"), max_length=12, choices=LinkEndReason.choices, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("household link")
        verbose_name_plural = _("household links")
        indexes = [
            models.Index(fields=["cadre", "status"]),
            models.Index(fields=["community", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(status="active"),
                name="uniq_outreach_active_link",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cadre} → {self.household_id}"

    @property
    def is_active(self) -> bool:
        return self.status == LinkStatus.ACTIVE


class Visit(models.Model):
    """One entry of the visit log (民情日志): who went where, whom they met, what they heard,
    what help they gave. A note can become a concern (``concern``) in one step."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        related_name="outreach_visits",
    )
    visitor = models.ForeignKey(
        Person, verbose_name=_("visitor"), on_delete=models.PROTECT, related_name="outreach_visits"
    )
    community = models.ForeignKey(
        Area, verbose_name=_("community / village"), on_delete=models.PROTECT, related_name="+"
    )
    visited_on = models.DateField(_("date of the visit"), db_index=True)
    people_met = models.CharField(_("people met"), max_length=200)
    heard = models.TextField(_("what was heard"))
    help_given = models.TextField(_("help given"), blank=True)
    concern = models.ForeignKey(
        Concern,
        verbose_name=_("concern"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_visits",
    )
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visit log")
        indexes = [
            models.Index(fields=["household", "visited_on"]),
            models.Index(fields=["visitor", "visited_on"]),
            models.Index(fields=["community", "visited_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.household_id}"


class FollowUp(models.Model):
    """Something promised at the door, with a due date and a done mark."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="followups")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="outreach_followups"
    )
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(_("follow-up"), max_length=200)
    due = models.DateField(_("due"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_note = models.CharField(_("what was done"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.text

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == FollowUpStatus.OPEN and self.due < today
