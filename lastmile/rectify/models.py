"""整改台账: ledger items with their five fixed items, milestones, progress notes and evidence."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.models import Concern
from lastmile.orgs.models import Area, Person, Unit
from lastmile.rectify.choices import OWING, NoteKind, ReopenReason, Satisfaction, Source, Status


class LedgerSequence(models.Model):
    """The last ledger number handed out per year (ZG-<year>-<n>); bumped under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class LedgerItem(models.Model):
    number = models.CharField(_("ledger number"), max_length=20, unique=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.REGISTERED,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)

    # The five fixed items: content, owner, standard of done, measures, deadline.
    title = models.CharField(_("problem"), max_length=120)
    content = models.TextField(_("problem in detail"))
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    standard_of_done = models.TextField(_("standard of done"))
    measures = models.TextField(_("measures"))
    deadline = models.DateField(_("deadline"), db_index=True)

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    is_public = models.BooleanField(_("on the public ledger"), default=False)
    is_long_term = models.BooleanField(_("long-term problem"), default=False)

    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    acceptance_note = models.TextField(_("acceptance note"), blank=True)
    accepted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    reopen_reason = models.CharField(max_length=16, choices=ReopenReason.choices, blank=True)

    related_concerns = models.ManyToManyField(
        Concern, verbose_name=_("related concerns"), blank=True, related_name="ledger_items"
    )
    # Where an item came from outside the desk (an agenda item): retries find it again.
    origin_key = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ledger item")
        verbose_name_plural = _("rectification ledger")
        indexes = [
            models.Index(fields=["owner_unit", "status"]),
            models.Index(fields=["status", "deadline"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["origin_key"],
                condition=~models.Q(origin_key=""),
                name="uniq_ledger_origin_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in OWING and self.deadline < today


class Milestone(models.Model):
    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=120)
    due = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ProgressNote(models.Model):
    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=12, choices=NoteKind.choices, default=NoteKind.PROGRESS)
    text = models.TextField(_("progress"))
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return self.text[:40]


class Evidence(models.Model):
    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="evidence")
    note = models.ForeignKey(ProgressNote, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="rectify/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
