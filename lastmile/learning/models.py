"""学习培训 and 手机党报: courses of items (articles, documents, video links) with a quiz,
assignments to audiences with a due date, study records (time and completion), quiz attempts,
and the member digest."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.learning.choices import (
    Audience,
    Completion,
    CourseStatus,
    Frequency,
    ItemKind,
    QuestionKind,
)
from lastmile.orgs.models import Area, Person


def now() -> dt.datetime:
    """The current time, looked up when called (so a demo or test clock applies)."""
    return timezone.now()


class Course(models.Model):
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(_("summary"), blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("organised by (area)"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Staff covering this area manage the course."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CourseStatus.choices,
        default=CourseStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    completion = models.CharField(
        _("completed"), max_length=8, choices=Completion.choices, default=Completion.TIME
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, help_text=_("Share of questions answered right to pass.")
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, help_text=_("0 means no limit.")
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class CourseItem(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), blank=True)  # sanitised HTML (articles)
    document = models.FileField(upload_to="learning/%Y/%m/", blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    document_size = models.PositiveIntegerField(default=0)
    video_url = models.URLField(_("video address"), max_length=500, blank=True)
    expected_minutes = models.PositiveSmallIntegerField(_("expected study time (minutes)"))
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("course item")
        verbose_name_plural = _("course items")

    def __str__(self) -> str:
        return self.title

    @property
    def expected_seconds(self) -> int:
        return int(self.expected_minutes) * 60


class Question(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("choice"), max_length=200)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Assignment(models.Model):
    """A course assigned to an audience with a due date."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area or branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        Person, verbose_name=_("named members"), blank=True, related_name="learning_assignments"
    )
    due = models.DateField(_("due date"), db_index=True)
    assigned_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned at"), default=now)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.course} → {self.get_audience_display()}"


class StudyRecord(models.Model):
    """One member's time on one item: total seconds (capped), completion, and the last report
    (a report never counts more than the real time since the one before)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="study_records")
    item = models.ForeignKey(CourseItem, on_delete=models.CASCADE, related_name="records")
    seconds = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=now)
    last_beat_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "item"], name="uniq_learning_record")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.item} · {self.seconds}s"


class StudyDay(models.Model):
    """Seconds credited per member, item and local day: study hours per period come from here."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(CourseItem, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(db_index=True)
    seconds = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "item", "day"], name="uniq_learning_day")
        ]
        indexes = [models.Index(fields=["person", "day"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.day} · {self.seconds}s"


class CourseCompletion(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(default=now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "course"], name="uniq_learning_completion")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.course}"


class QuizAttempt(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict)  # question id → chosen choice ids
    correct = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(default=0)  # percent
    passed = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "number"], name="uniq_learning_attempt"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.course} #{self.number}"


class DigestPreference(models.Model):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(
        _("how often"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"{self.person} · {self.frequency}"


class Digest(models.Model):
    """One member's digest for one period. A period with nothing new keeps an empty row (never
    shown or sent) so the task does not look at that member again until the next period."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    period_key = models.CharField(max_length=16)  # W2025-48 or D2025-11-27
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    since = models.DateTimeField()
    until = models.DateTimeField()
    content = models.JSONField(default=dict)
    is_empty = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-until", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "period_key"], name="uniq_learning_digest")
        ]
        indexes = [models.Index(fields=["period_key", "person"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.period_key}"

    @property
    def day(self) -> dt.date:
        return timezone.localdate(self.until)
