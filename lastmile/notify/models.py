"""Notifications: one row per message to one recipient on one channel, delivered after commit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.fields import EncryptedCharField


class NotifyChannel(models.TextChoices):
    INAPP = "inapp", _("In-app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")


class NotifyStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent: turned off by the recipient")


class Notification(models.Model):
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # WeChat OpenID and phone are personal data: never shown on public pages or in logs.
    recipient_openid = EncryptedCharField(max_length=64, blank=True)
    recipient_phone = EncryptedCharField(max_length=32, blank=True)
    recipient_email = models.EmailField(blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=NotifyChannel.choices)
    template = models.CharField(_("template"), max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=NotifyStatus.choices, default=NotifyStatus.QUEUED
    )
    # Urgent messages (a deadline about to pass) ignore the recipient's quiet hours.
    urgent = models.BooleanField(_("urgent"), default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient_user", "channel", "read_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.template}#{self.pk}"


class NotifyPreference(models.Model):
    """What a person wants to receive outside the in-app inbox, and when not to be disturbed.
    The in-app inbox always receives everything; without a row every channel is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notify_preference",
    )
    sms = models.BooleanField(_("text messages"), default=True)
    wechat = models.BooleanField(_("WeChat messages"), default=True)
    email = models.BooleanField(_("email"), default=True)
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"preferences of user {self.user_id}"

    def allows(self, channel: str) -> bool:
        return bool(getattr(self, channel, True)) if channel != NotifyChannel.INAPP else True


class AttemptOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    DEFERRED = "deferred", _("Deferred to the end of quiet hours")
    SKIPPED = "skipped", _("Not sent: turned off by the recipient")


class DeliveryAttempt(models.Model):
    """The delivery log: one row per try (or deferral) of a notification."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="delivery_attempts"
    )
    at = models.DateTimeField(_("at"))
    outcome = models.CharField(_("outcome"), max_length=8, choices=AttemptOutcome.choices)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["notification", "at", "pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.notification_id} {self.outcome} {self.at:%Y-%m-%d %H:%M}"
