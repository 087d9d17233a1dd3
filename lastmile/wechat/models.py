"""WeChat inbound messages (for deduplication of WeChat's retries) and per-OpenID conversation
state. OpenIDs are personal data: never shown publicly or logged."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.fields import BlindIndexField, EncryptedCharField


class WechatMessage(models.Model):
    # MsgId for messages; "FromUserName:CreateTime" for events (WeChat's own dedupe advice).
    msg_id = models.CharField(max_length=96, unique=True)
    openid = EncryptedCharField(max_length=64)
    openid_hash = BlindIndexField(source="openid", kind="exact")
    msg_type = models.CharField(_("message type"), max_length=32)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    # An image message's PicUrl, kept as a note for staff; never fetched by the platform.
    pic_url = models.URLField(max_length=500, blank=True)
    concern = models.ForeignKey(
        "concerns.Concern",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wechat_messages",
    )
    reply = models.TextField(_("reply"), blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("WeChat message")
        verbose_name_plural = _("WeChat messages")

    def __str__(self) -> str:
        return f"{self.msg_type} {self.msg_id}"


class WechatSession(models.Model):
    """What a resident has sent but not yet submitted: a description waiting for its place, or a
    place waiting for its description."""

    openid = EncryptedCharField(max_length=64)
    openid_hash = BlindIndexField(source="openid", kind="exact", db_index=False, unique=True)
    draft_text = models.TextField(blank=True)
    draft_key = models.CharField(max_length=96, blank=True)
    draft_at = models.DateTimeField(null=True, blank=True)
    pending_lat = models.FloatField(null=True, blank=True)
    pending_lng = models.FloatField(null=True, blank=True)
    pending_label = models.CharField(max_length=200, blank=True)
    location_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("WeChat conversation")
        verbose_name_plural = _("WeChat conversations")

    def __str__(self) -> str:
        return f"session {self.pk}"
