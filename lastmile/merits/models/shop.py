"""爱心超市: goods priced in points, and redemptions (at the counter or reserved by the person)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.merits.choices import RedemptionStatus
from lastmile.merits.models.points import PointsEntry
from lastmile.orgs.models import Area, Person


class Goods(models.Model):
    community = models.ForeignKey(
        Area, verbose_name=_("community / village"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=200, blank=True)
    picture = models.ImageField(_("picture"), upload_to="merits/goods/%Y/", blank=True)
    price = models.PositiveIntegerField(_("price in points"))
    stock = models.IntegerField(_("stock"), default=0)
    is_active = models.BooleanField(_("on the shelf"), default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["community__path", "price", "name"]
        verbose_name = _("goods")
        verbose_name_plural = _("goods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="merits_stock_not_negative"
            ),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="merits_price_positive"),
            models.UniqueConstraint(fields=["community", "name"], name="uniq_merits_goods_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Redemption(models.Model):
    goods = models.ForeignKey(
        Goods, verbose_name=_("goods"), on_delete=models.PROTECT, related_name="redemptions"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="redemptions"
    )
    community = models.ForeignKey(
        Area, verbose_name=_("community / village"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    points = models.PositiveIntegerField(_("points"))
    status = models.CharField(
        _("status"), max_length=12, choices=RedemptionStatus.choices, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    spend_entry = models.OneToOneField(
        PointsEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handed_over_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="merits_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goods} × {self.quantity}"

    @property
    def cause(self) -> str:
        return f"redeem:{self.pk}"
