"""Open311 data kept beside concerns: per-category questions (service definitions), per-category
service options, the answers and client metadata of each request, and tokens of batch requests."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.models import Category, Concern
from lastmile.open311.choices import LIST_DATATYPES, Datatype


class ServiceAttribute(models.Model):
    """One question asked for a category (an Open311 service definition attribute)."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="open311_attributes",
    )
    code = models.SlugField(_("code"), max_length=64)
    datatype = models.CharField(_("datatype"), max_length=16, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    variable = models.BooleanField(
        _("asks for an answer"),
        default=True,
        help_text=_("Off: the description is only shown to the person reporting, never answered."),
    )
    datatype_description = models.CharField(_("answer hint"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=1)
    description = models.CharField(_("question"), max_length=500)
    values = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For lists: [{"key": "1", "name": "…"}, …]'),
    )

    class Meta:
        ordering = ["category", "order", "code"]
        verbose_name = _("Open311 question")
        verbose_name_plural = _("Open311 questions")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="uniq_open311_attribute")
        ]

    def __str__(self) -> str:
        return f"{self.category.code} {self.code}"

    def clean(self) -> None:
        if self.datatype in LIST_DATATYPES:
            values = self.values if isinstance(self.values, list) else []
            ok = values and all(
                isinstance(v, dict) and str(v.get("key", "")).strip() and v.get("name")
                for v in values
            )
            if not ok:
                raise ValidationError(
                    {"values": _("A list question needs choices, each with a key and a name.")}
                )
            keys = [str(v["key"]) for v in values]
            if len(set(keys)) != len(keys):
                raise ValidationError({"values": _("Each choice needs its own key.")})
        elif self.values:
            raise ValidationError({"values": _("Only list questions have choices.")})

    def keys(self) -> list[str]:
        return [str(v["key"]) for v in (self.values or []) if isinstance(v, dict)]


class ServiceFlags(models.Model):
    """Per-category Open311 options: batch handling and the notice returned on submission."""

    category = models.OneToOneField(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="open311"
    )
    is_batch = models.BooleanField(
        _("batch"),
        default=False,
        help_text=_("On: a submission returns a token; the request id is looked up with it."),
    )
    notice = models.CharField(
        _("service notice"),
        max_length=500,
        blank=True,
        help_text=_("Told to the client after a submission, e.g. what happens next."),
    )

    class Meta:
        verbose_name = _("Open311 service option")
        verbose_name_plural = _("Open311 service options")

    def __str__(self) -> str:
        return str(self.category)


class RequestAttributeValue(models.Model):
    """An answer given with an Open311 request (one row per value; lists give several rows)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="open311_answers")
    code = models.CharField(max_length=64)
    value = models.TextField()

    class Meta:
        ordering = ["concern", "code", "id"]


class RequestMeta(models.Model):
    """Who sent an Open311 request: the client's token and what it told us. Never returned."""

    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="open311_meta")
    client = models.ForeignKey(
        "api.ApiToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(blank=True)
    device_id = models.CharField(max_length=128, blank=True)
    account_id = models.CharField(max_length=128, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField()


class RequestToken(models.Model):
    """The token returned for a batch submission; GET tokens/{token} finds the request."""

    token = models.CharField(max_length=64, unique=True)
    concern = models.ForeignKey(
        Concern, null=True, blank=True, on_delete=models.CASCADE, related_name="open311_tokens"
    )
    created_at = models.DateTimeField()
