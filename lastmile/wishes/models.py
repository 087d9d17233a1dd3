"""微心愿: rounds (批次), wishes, claims (pledges) and the evidence photos of fulfilment.

The family's name, phone and address are private: the public wall shows the community and a
masked name only (see ``presenters.PublicWish``), and the audit log never records them.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.core.fields import BlindIndexField, EncryptedCharField
from lastmile.orgs.models import Area, Household, Person, Unit
from lastmile.wishes.choices import (
    Category,
    Channel,
    ClaimStatus,
    ConfirmMethod,
    PriorityReason,
    Status,
    VerifyMethod,
)

LIVE = [ClaimStatus.ACTIVE, ClaimStatus.CONTACTED, ClaimStatus.DONE]


class Round(models.Model):
    """A 批次 of wishes: collected, published and claimed between two dates in an area (a
    community, or a street for all of its communities)."""

    name = models.CharField(_("name"), max_length=80)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the unclaimed wishes of earlier rounds were carried into this one.
    carried_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("wish round")
        verbose_name_plural = _("wish rounds")

    def __str__(self) -> str:
        return self.name


class Wish(models.Model):
    code = models.CharField(_("wish code"), max_length=16, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    version = models.PositiveIntegerField(default=1)

    title = models.CharField(_("wish"), max_length=60)
    description = models.TextField(_("why it matters"), blank=True)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.OTHER
    )
    value = models.DecimalField(_("value (yuan)"), max_digits=8, decimal_places=2)
    pledged = models.DecimalField(
        _("pledged (yuan)"), max_digits=8, decimal_places=2, default=Decimal("0")
    )

    community = models.ForeignKey(
        Area, verbose_name=_("community / village"), on_delete=models.PROTECT, related_name="+"
    )
    # Private: the family's details, for the verifying cadre and the claimers who contact them.
    beneficiary_name = EncryptedCharField(_("name"), max_length=64)
    beneficiary_phone = EncryptedCharField(_("phone"), max_length=32, blank=True)
    beneficiary_phone_hash = BlindIndexField(source="beneficiary_phone", kind="phone")
    beneficiary_address = EncryptedCharField(_("address"), max_length=200, blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wishes",
    )
    carried_from = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_on"
    )
    priority = models.BooleanField(_("priority"), default=False, db_index=True)
    priority_reason = models.CharField(
        max_length=12, choices=PriorityReason.choices, blank=True, default=""
    )

    verify_method = models.CharField(max_length=12, choices=VerifyMethod.choices, blank=True)
    verify_note = models.TextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(_("reason"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    fulfil_note = models.TextField(_("how it was fulfilled"), blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    confirm_method = models.CharField(max_length=12, choices=ConfirmMethod.choices, blank=True)
    confirm_note = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    idempotency_key = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("collected at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        indexes = [
            models.Index(fields=["status", "priority", "published_at"]),
            models.Index(fields=["community", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="uniq_wish_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(pledged__lte=models.F("value")), name="wish_pledged_lte_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def left(self) -> Decimal:
        return max(Decimal("0"), self.value - self.pledged)


class Claim(models.Model):
    """One claimer's pledge towards one wish: a person, or a unit through the member who
    claimed (who is the one awarded points)."""

    wish = models.ForeignKey(Wish, on_delete=models.PROTECT, related_name="claims")
    person = models.ForeignKey(
        Person, verbose_name=_("claimer"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("pledge (yuan)"), max_digits=8, decimal_places=2)
    status = models.CharField(
        max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.ACTIVE, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    claimed_at = models.DateTimeField(default=timezone.now)
    contact_due = models.DateTimeField(db_index=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    contact_note = models.TextField(blank=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    points_awarded = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claimed_at", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            # One live claim per claimer and wish: a person for themselves, a unit once.
            models.UniqueConstraint(
                fields=["wish", "person"],
                condition=Q(unit__isnull=True, status__in=LIVE),
                name="uniq_live_person_claim",
            ),
            models.UniqueConstraint(
                fields=["wish", "unit"],
                condition=Q(unit__isnull=False, status__in=LIVE),
                name="uniq_live_unit_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wish.code} · {self.unit or self.person}"

    @property
    def claimer_label(self) -> str:
        return self.unit.name if self.unit_id and self.unit else self.person.name


class Photo(models.Model):
    """Evidence of fulfilment; re-encoded without EXIF. Shown publicly only when the claimer
    said it shows no one's face or home."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="photos")
    claim = models.ForeignKey(Claim, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="wishes/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
