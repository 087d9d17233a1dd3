"""Party–mass service centres, stations and points; their hours, service guides, the duty
roster with check-in, and the village agent's requests."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.core.fields import BlindIndexField, EncryptedCharField
from lastmile.orgs.models import Area, Person, Unit
from lastmile.stations.choices import (
    EscalationLevel,
    RequestStatus,
    ServiceCategory,
    StationKind,
)

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Station(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=StationKind.choices, db_index=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area served"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit that runs it"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32)
    intro = models.TextField(_("what we do"), blank=True)
    follows_workdays = models.BooleanField(
        _("follows the working-day calendar"),
        default=True,
        help_text=_(
            "Closed on public holidays and open on adjusted working weekends (调休), as the "
            "working-day calendar says. Exceptions below always win."
        ),
    )
    is_active = models.BooleanField(_("open to the public"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area__path", "name"]
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """One opening period of the weekly schedule (a day may have several: morning, afternoon)."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=F("opens")), name="stations_hours_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class HoursException(models.Model):
    """A day that differs from the weekly schedule: closed, or open at these hours. Several rows
    on one day are several periods; a closed row closes the whole day."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"), db_index=True)
    closed = models.BooleanField(_("closed all day"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["date", "opens"]
        verbose_name = _("hours exception")
        verbose_name_plural = _("hours exceptions")

    def __str__(self) -> str:
        return f"{self.station} {self.date}"


class ServiceGuide(models.Model):
    """办事指南: one service, what to bring, the steps, the time limit and the fee."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("service"), max_length=120)
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices)
    keywords = models.CharField(
        _("also known as"),
        max_length=200,
        blank=True,
        help_text=_("Words people search with, e.g. 低保 for 最低生活保障."),
    )
    summary = models.TextField(_("what it is"), blank=True)
    eligibility = models.TextField(_("who can apply"), blank=True)
    materials = models.TextField(_("materials"), help_text=_("One item per line."))
    steps = models.TextField(_("steps"), help_text=_("One step per line."))
    time_limit = models.CharField(_("time limit"), max_length=80)
    fee = models.CharField(_("fee"), max_length=80, default="不收费")
    is_one_visit = models.BooleanField(_("one visit at most (最多跑一次)"), default=False)
    is_online = models.BooleanField(_("can be done online"), default=False)
    online_hint = models.CharField(_("where online"), max_length=200, blank=True)
    basis = models.TextField(_("legal basis"), blank=True)
    handled_by = models.ForeignKey(
        Station,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stations = models.ManyToManyField(
        Station, verbose_name=_("offered at"), blank=True, related_name="services"
    )
    is_active = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("service guide")
        verbose_name_plural = _("service guides")

    def __str__(self) -> str:
        return self.name

    def material_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class DutyShift(models.Model):
    """值班: a person on duty at a station from start to end, with their check-in and out."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="shifts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    post = models.CharField(_("duty post"), max_length=40, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        indexes = [
            models.Index(fields=["station", "starts_at"]),
            models.Index(fields=["person", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="stations_shift_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.person} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def late_minutes(self) -> int:
        if self.checked_in_at is None or self.checked_in_at <= self.starts_at:
            return 0
        return int((self.checked_in_at - self.starts_at).total_seconds() // 60)


class AgentAssignment(models.Model):
    """A person serving as the village's agent (代办员), forwarding to this service centre."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        Area, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    centre = models.ForeignKey(
        Station, verbose_name=_("service centre"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("since"), default=timezone.localdate)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area__path", "pk"]
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "area"],
                condition=Q(is_active=True),
                name="stations_uniq_active_agent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.area}"


class AgentRequest(models.Model):
    """代办: a resident's service request carried by the village agent to the service centre."""

    agent = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        Area, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    centre = models.ForeignKey(
        Station, verbose_name=_("service centre"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        ServiceGuide, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    # Private: shown to the agent and the centre's staff only, never on public pages or logs.
    resident_name = EncryptedCharField(_("name of the resident"), max_length=64)
    resident_phone = EncryptedCharField(_("phone of the resident"), max_length=32)
    resident_phone_hash = BlindIndexField(source="resident_phone", kind="phone")
    # Villagers are often known by name alone: the centre can find a resident's requests by it.
    resident_name_hash = BlindIndexField(source="resident_name", kind="text")
    notes = models.TextField(_("what the resident needs"), blank=True)
    materials = models.TextField(_("materials received"), blank=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RequestStatus.choices,
        default=RequestStatus.REGISTERED,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    forward_due = models.DateTimeField(_("forward by"), db_index=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    forwarded_late = models.BooleanField(_("forwarded late"), default=False)
    forward_note = models.TextField(blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    reply = models.TextField(_("result"), blank=True)
    documents_ready = models.BooleanField(_("documents ready for pickup"), default=False)
    closed_at = models.DateTimeField(_("handed back"), null=True, blank=True)
    handback_note = models.TextField(blank=True)
    cancel_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("agent request")
        verbose_name_plural = _("agent requests")
        indexes = [
            models.Index(fields=["centre", "status"]),
            models.Index(fields=["area", "status"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"DB{self.pk:06d}" if self.pk else "DB"


class AgentEscalation(models.Model):
    """One reminder or 催办 of a request not forwarded in time; unique, so each happens once."""

    request = models.ForeignKey(AgentRequest, on_delete=models.CASCADE, related_name="escalations")
    level = models.CharField(max_length=12, choices=EscalationLevel.choices)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "level"], name="stations_uniq_escalation")
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.level}"
