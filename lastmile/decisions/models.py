"""四议两公开: matters, the meetings that decide them (with their rolls and votes), the public
notices of the resolution and the result, objections, revisions, and each area's setting."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.decisions.choices import (
    AreaKind,
    Basis,
    Body,
    Category,
    FailReason,
    NoticeKind,
    Outcome,
    Status,
)
from lastmile.decisions.steps import StepDef, steps_for
from lastmile.orgs.choices import PostKind
from lastmile.orgs.models import Area, Person


class AreaSetting(models.Model):
    """A community's or village's own setting of the process."""

    area = models.OneToOneField(
        Area, verbose_name=_("community / village"), on_delete=models.CASCADE, related_name="+"
    )
    merge_first_steps = models.BooleanField(
        _("merge steps 1 and 2"),
        default=False,
        help_text=_("Only where one person is both party secretary and committee chair (一肩挑)."),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision-process setting")
        verbose_name_plural = _("decision-process settings")

    def __str__(self) -> str:
        return str(self.area)


class MatterSequence(models.Model):
    """The last matter number handed out per year (SY-<year>-<n>)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Matter(models.Model):
    number = models.CharField(_("matter number"), max_length=20, unique=True)
    area = models.ForeignKey(
        Area, verbose_name=_("community / village"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=AreaKind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("matter"), max_length=120)
    summary = models.TextField(_("what is proposed"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DELIBERATING,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    step_index = models.PositiveSmallIntegerField(default=0)
    merged = models.BooleanField(_("steps 1 and 2 merged"), default=False)
    # The date of the latest step taken: a later step may not be dated before it.
    last_step_on = models.DateField(null=True, blank=True)
    implementation_started_on = models.DateField(_("implementation started"), null=True, blank=True)
    implementation_note = models.TextField(_("how it is implemented"), blank=True)
    implementation_finished_on = models.DateField(
        _("implementation finished"), null=True, blank=True
    )
    revision_count = models.PositiveSmallIntegerField(default=0)
    withdrawn_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(
        _("matter registered at"), default=timezone.now, db_index=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("matter closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        indexes = [models.Index(fields=["area", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def steps(self) -> tuple[StepDef, ...]:
        return steps_for(self.kind, self.merged)

    @property
    def current_step(self) -> StepDef | None:
        steps = self.steps
        return steps[self.step_index] if self.step_index < len(steps) else None


class Meeting(models.Model):
    """One sitting of a step's body: its roll, attendance, votes and outcome."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="meetings")
    step = models.CharField(_("decision step"), max_length=20)
    step_index = models.PositiveSmallIntegerField()
    attempt = models.PositiveSmallIntegerField(default=1)
    body = models.CharField(_("decision meeting"), max_length=32, choices=Body.choices)
    basis = models.CharField(_("sitting as"), max_length=12, choices=Basis.choices, blank=True)
    held_on = models.DateField(_("held on"))
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    eligible = models.PositiveIntegerField(_("members on the roll"))
    present = models.PositiveIntegerField(_("present at the meeting"))
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"))
    votes_abstain = models.PositiveIntegerField(_("abstentions"))
    outcome = models.CharField(_("vote outcome"), max_length=8, choices=Outcome.choices)
    failure = models.CharField(max_length=12, choices=FailReason.choices, blank=True)
    minutes = models.TextField(_("meeting minutes"), blank=True)
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("decision meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.matter.number} {self.get_body_display()} {self.held_on}"

    @property
    def passed(self) -> bool:
        return self.outcome == Outcome.PASSED


class RollEntry(models.Model):
    """A member on a meeting's roll as the registers stood when it was recorded."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="roll")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name on the roll"), max_length=64)
    posts = models.CharField(max_length=200, blank=True)  # PostKind values, comma-separated
    present = models.BooleanField(_("present at the meeting"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("roll entry")
        verbose_name_plural = _("meeting roll")

    def __str__(self) -> str:
        return self.name

    @property
    def post_labels(self) -> str:
        kinds = [k for k in self.posts.split(",") if k in PostKind.values]
        return "、".join(str(PostKind(k).label) for k in kinds)


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="decisions/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class Notice(models.Model):
    """A public notice (公示) of the resolution or of the result; up from ``posted_at`` until
    the day before ``ends_on`` (at least NOTICE_DAYS days)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind of notice"), max_length=12, choices=NoticeKind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text of the notice"))
    posted_at = models.DateTimeField(_("notice posted at"), db_index=True)
    ends_on = models.DateField(_("next step from"), db_index=True)
    posted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        constraints = [
            models.UniqueConstraint(fields=["matter", "kind"], name="uniq_decision_notice")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self) -> dt.date:
        return self.ends_on - dt.timedelta(days=1)

    def is_up(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return timezone.localtime(self.posted_at).date() <= today < self.ends_on


class Objection(models.Model):
    """An objection raised while a notice was up, and how it was answered."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    raised_on = models.DateField(_("raised on"))
    text = models.TextField(_("objection"))
    raised_by = models.CharField(_("raised by"), max_length=64, blank=True)
    response = models.TextField(_("answer to the objection"), blank=True)
    recorded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["raised_on", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return self.text[:40]


class Revision(models.Model):
    """What was changed after a failed vote, before the step is held again."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="revisions")
    after_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("what was revised"))
    old_title = models.CharField(max_length=120, blank=True)
    old_summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("matter revision")
        verbose_name_plural = _("matter revisions")

    def __str__(self) -> str:
        return self.note[:40]
