"""Notices and policies (通知公告、惠民政策) and the message board (党群互动)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.bulletin.choices import Audience, NoticeKind, NoticeStatus, PostKind, Visibility
from lastmile.concerns.models import Concern
from lastmile.core.fields import BlindIndexField, EncryptedCharField
from lastmile.orgs.models import Area, Person, Unit


def now() -> datetime:
    """Defaults read the clock when a row is made (so the demo's frozen clock applies too)."""
    return timezone.now()


class Notice(models.Model):
    kind = models.CharField(
        _("kind"), max_length=16, choices=NoticeKind.choices, default=NoticeKind.NOTICE
    )
    title = models.CharField(_("title"), max_length=120)
    # Rich text, sanitised with nh3 when saved (services) and again when rendered (template).
    body = models.TextField(_("text"))
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The area the notice is for; audiences are people of this area's subtree."),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NoticeStatus.choices,
        default=NoticeStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    # Publishing sets this; a time in the future schedules the notice (hidden until then).
    published_at = models.DateTimeField(_("publish time"), null=True, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("expiry time"), null=True, blank=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    author = models.ForeignKey(
        Person,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the audience was told (once: republishing does not notify again).
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices and policies")
        indexes = [models.Index(fields=["status", "audience", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", args=[self.pk])

    def is_live(self, at: datetime | None = None) -> bool:
        """Published, past its publish time and not expired."""
        at = at or timezone.now()
        return (
            self.status == NoticeStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= at
            and (self.expires_at is None or self.expires_at > at)
        )


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    # Never linked directly: every download goes through a view that checks the notice.
    file = models.FileField(upload_to="bulletin/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class BoardPost(models.Model):
    """A resident's question or suggestion on the message board (党群互动)."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=PostKind.choices, default=PostKind.QUESTION
    )
    title = models.CharField(_("subject"), max_length=80)
    text = models.TextField(_("message"))
    area = models.ForeignKey(
        Area, verbose_name=_("community / village"), on_delete=models.PROTECT, related_name="+"
    )
    # Private: never shown on public pages (only masked), nor written to logs.
    name = EncryptedCharField(_("resident's name"), max_length=64, blank=True)
    phone = EncryptedCharField(_("resident's phone"), max_length=32, blank=True)
    phone_hash = BlindIndexField(source="phone", kind="phone")
    person = models.ForeignKey(
        Person,
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.VISIBLE,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1)
    concern = models.OneToOneField(
        Concern,
        verbose_name=_("concern"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_post",
    )
    created_at = models.DateTimeField(_("posted at"), default=now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message-board post")
        verbose_name_plural = _("message-board posts")
        indexes = [models.Index(fields=["visibility", "created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("messages:detail", args=[self.pk])


class BoardReply(models.Model):
    post = models.ForeignKey(BoardPost, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("reply"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("replied for"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("replied at"), default=now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return self.text[:40]


class ModerationRecord(models.Model):
    """One change of a post's visibility, with its reason and who (None: automatic)."""

    post = models.ForeignKey(BoardPost, on_delete=models.CASCADE, related_name="moderation")
    from_status = models.CharField(max_length=12, choices=Visibility.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Visibility.choices)
    reason = models.CharField(_("reason"), max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderation record")
        verbose_name_plural = _("moderation history")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}: {self.reason}"


class BlockedWord(models.Model):
    """A word that holds a post for review (edited in the admin)."""

    word = models.CharField(_("word"), max_length=40, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["word"]
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")

    def __str__(self) -> str:
        return self.word
