"""Concerns (诉求): the request itself, its category tree, routing and deadline tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.choices import (
    AttachmentPurpose,
    Channel,
    Diversion,
    EscalationLevel,
    Kind,
    ObjectionStatus,
    Outcome,
    RequestStatus,
    Satisfaction,
    Status,
    Urgency,
)
from lastmile.core.fields import BlindIndexField, EncryptedCharField
from lastmile.orgs.models import Area, Household, Person, Unit


class Category(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def lineage(self) -> list[Category]:
        chain: list[Category] = []
        node: Category | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class DispatchRule(models.Model):
    """派单目录: category × area → responsible unit. Blank category means any category."""

    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.CASCADE
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, verbose_name=_("lead unit"), on_delete=models.CASCADE)
    assist_units = models.ManyToManyField(
        Unit, verbose_name=_("assisting units"), blank=True, related_name="assist_rules"
    )
    is_active = models.BooleanField(_("active"), default=True)
    bounce_count = models.PositiveIntegerField(_("upheld objections against this rule"), default=0)

    class Meta:
        verbose_name = _("dispatch rule")
        verbose_name_plural = _("dispatch table")
        constraints = [
            models.UniqueConstraint(fields=["category", "area"], name="uniq_dispatch_rule"),
            models.UniqueConstraint(
                fields=["area"],
                condition=models.Q(category__isnull=True),
                name="uniq_dispatch_rule_any_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} × {self.area} → {self.unit}"


class DeadlineRule(models.Model):
    """Deadline per kind and urgency. Units: wm/wh/wd working minutes/hours/days, h/d calendar."""

    UNIT_CHOICES = [
        ("wm", _("working minutes")),
        ("m", _("minutes, round the clock")),
        ("wh", _("working hours")),
        ("wd", _("working days")),
        ("h", _("hours, round the clock")),
        ("d", _("calendar days")),
    ]
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, blank=True)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    sign_amount = models.PositiveIntegerField(_("sign-for within"))
    sign_unit = models.CharField(_("unit"), max_length=2, choices=UNIT_CHOICES, default="wh")
    resolve_amount = models.PositiveIntegerField(_("resolve within"))
    resolve_unit = models.CharField(_("unit"), max_length=2, choices=UNIT_CHOICES, default="wd")

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        constraints = [
            models.UniqueConstraint(fields=["kind", "urgency"], name="uniq_deadline_rule")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display() or '*'} / {self.get_urgency_display()}"


class Concern(models.Model):
    code = models.CharField(_("tracking code"), max_length=16, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    version = models.PositiveIntegerField(default=1)

    title = models.CharField(_("subject"), max_length=120)
    text = models.TextField(_("what happened"))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    # Personal data, encrypted at rest; found through the keyed-hash columns (core/fields.py).
    address = EncryptedCharField(_("address"), max_length=200, blank=True)
    address_hash = BlindIndexField(source="address", kind="text")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)

    resident_name = EncryptedCharField(_("name"), max_length=64, blank=True)
    resident_phone = EncryptedCharField(_("phone"), max_length=32, blank=True)
    resident_phone_hash = BlindIndexField(source="resident_phone", kind="phone")
    resident_user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The household it came from, when known (a cadre's visit, a registered resident): the
    # tracking page then names the household's contact cadre.
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
    )
    idempotency_key = models.CharField(max_length=64, blank=True, db_index=True)
    # Where the concern came from outside: e.g. a message-board export's 留言编号 or an Open311
    # client's id, unique per channel so a re-import finds the concern instead of duplicating it.
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    # The WeChat sender (OpenID): the contact for replies on WeChat, never shown publicly.
    resident_openid = EncryptedCharField(max_length=64, blank=True)
    resident_openid_hash = BlindIndexField(source="resident_openid", kind="exact")
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)

    diversion = models.CharField(
        _("diversion"), max_length=20, choices=Diversion.choices, blank=True
    )
    diversion_note = models.TextField(_("diversion note"), blank=True)
    answer_text = models.TextField(_("answer at intake"), blank=True)

    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_concerns",
    )
    dispatch_rule = models.ForeignKey(
        DispatchRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispatch_round = models.PositiveSmallIntegerField(default=0)
    is_binding = models.BooleanField(_("binding assignment"), default=False)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    sign_due = models.DateTimeField(_("sign-for due"), null=True, blank=True, db_index=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    contact_due = models.DateTimeField(_("first contact due"), null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    resolve_due = models.DateTimeField(_("resolution due"), null=True, blank=True, db_index=True)

    reply_text = models.TextField(_("reply"), blank=True)
    reply_resolved = models.BooleanField(_("resolved"), null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    callback_due = models.DateTimeField(null=True, blank=True, db_index=True)

    cb_contacted = models.BooleanField(_("were you contacted"), null=True, blank=True)
    cb_resolved = models.BooleanField(_("was it resolved"), null=True, blank=True)
    cb_satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    cb_comment = models.TextField(_("comment"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    reopen_count = models.PositiveSmallIntegerField(default=0)
    objection_count = models.PositiveSmallIntegerField(default=0)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_children",
    )
    me_too_count = models.PositiveIntegerField(_("me too"), default=0)
    escalation = models.CharField(
        _("escalation"), max_length=12, choices=EscalationLevel.choices, blank=True
    )
    created_at = models.DateTimeField(_("received at"), db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [
            models.Index(fields=["lead_unit", "status"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["resident_phone_hash", "created_at"]),
            # Re-import and Open311/WeChat retries look a concern up by its external id; the
            # partial unique constraint is not used for that lookup on SQLite (bench/README.md).
            models.Index(fields=["channel", "external_id"], name="concern_channel_extid_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="uniq_concern_idempotency_key",
            ),
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~models.Q(external_id=""),
                name="uniq_concern_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ConcernAssist(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="assists")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assisted_concerns")
    report = models.TextField(_("report to the lead unit"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["concern", "unit"], name="uniq_assist")]


class Attachment(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="attachments")
    purpose = models.CharField(max_length=12, choices=AttachmentPurpose.choices)
    file = models.FileField(upload_to="concerns/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    is_public = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)


class Objection(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="objections")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="objections")
    rule = models.ForeignKey(DispatchRule, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField(_("reason"))
    suggested_unit = models.ForeignKey(
        Unit,
        verbose_name=_("suggested unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.PENDING
    )
    filed_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)


class ExtensionRequest(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="extensions")
    reason = models.TextField(_("reason"))
    requested_due = models.DateTimeField(_("new deadline"))
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    previous_status = models.CharField(max_length=24)


class StopRequest(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="stop_requests")
    reason = models.TextField(_("reason"))
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    previous_status = models.CharField(max_length=24)


class Escalation(models.Model):
    """One escalation step; the unique constraint makes each step happen exactly once."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField(max_length=12, choices=EscalationLevel.choices)
    round = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concern", "level", "round"], name="uniq_escalation")
        ]


class MeToo(models.Model):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="me_toos")
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concern", "fingerprint"], name="uniq_me_too")
        ]
