"""The points ledger: one account row per person (locked for every change) and its entries.

Every change of a balance is one :class:`PointsEntry` with its cause; ``cause`` is unique, so an
award or a spend for the same cause can never be booked twice, even by two requests at once. The
account keeps the running balance under a database check (``balance >= 0``); each entry keeps the
balance after it, so the ledger can be read as a bank statement.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.merits.choices import EntryKind
from lastmile.orgs.models import Area, Person


class PointsAccount(models.Model):
    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="points_account"
    )
    balance = models.IntegerField(_("balance"), default=0)
    earned = models.PositiveIntegerField(_("points earned"), default=0)
    spent = models.PositiveIntegerField(_("points spent"), default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("points account")
        verbose_name_plural = _("points accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance__gte=0), name="merits_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(balance=models.F("earned") - models.F("spent")),
                name="merits_balance_is_earned_minus_spent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.balance}"


class PointsEntry(models.Model):
    account = models.ForeignKey(
        PointsAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="entries"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="points_entries"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=EntryKind.choices)
    points = models.IntegerField(
        _("points"), help_text=_("Positive when earned, negative when spent.")
    )
    balance_after = models.IntegerField(_("balance after"))
    cause = models.CharField(_("cause"), max_length=100, unique=True)
    reason = models.CharField(_("reason"), max_length=200)
    # The person's community when the entry was booked: tallies per community read this.
    community = models.ForeignKey(
        Area,
        verbose_name=_("community / village"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(_("booked at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        indexes = [models.Index(fields=["person", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance_after__gte=0), name="merits_entry_balance_not_negative"
            ),
            models.CheckConstraint(condition=~models.Q(points=0), name="merits_entry_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.cause} {self.points:+d}"
