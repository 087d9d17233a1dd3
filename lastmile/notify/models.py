"""Notifications: one row per message to one recipient on one channel, delivered after commit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotifyChannel(models.TextChoices):
    INAPP = "inapp", _("In-app")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")


class NotifyStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


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
    recipient_openid = models.CharField(max_length=64, blank=True)
    recipient_phone = models.CharField(max_length=32, blank=True)
    recipient_email = models.EmailField(blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=NotifyChannel.choices)
    template = models.CharField(_("template"), max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=NotifyStatus.choices, default=NotifyStatus.QUEUED
    )
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
