"""The organisation tree: areas (district → street → community → grid), units, people,
households."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.core.fields import BlindIndexField, EncryptedCharField
from lastmile.orgs.choices import AreaLevel, PostKind, Role, UnitKind


class Area(models.Model):
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids, e.g. "/1/4/17/": subtree queries are one indexed prefix match.
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False, default="")
    polygon = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        help_text=_("GeoJSON polygon ring: [[longitude, latitude], ...] (grids)"),
    )
    centre_lat = models.FloatField(_("centre latitude"), null=True, blank=True)
    centre_lng = models.FloatField(_("centre longitude"), null=True, blank=True)
    is_village = models.BooleanField(_("is a village"), default=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name

    def is_within(self, other: Area) -> bool:
        return self.path.startswith(other.path)


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("superior unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subunits",
    )
    phone = models.CharField(_("public phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["area__path", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # The name stays plain text: it is how cadres are known and ordered on staff and public pages.
    name = models.CharField(_("name"), max_length=64)
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)
    phone_hash = BlindIndexField(source="phone", kind="phone")
    is_party_member = models.BooleanField(_("party member"), default=False)
    home_area = models.ForeignKey(
        Area, verbose_name=_("home area"), null=True, blank=True, on_delete=models.SET_NULL
    )
    household = models.ForeignKey(
        "Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    is_volunteer = models.BooleanField(_("registered volunteer"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    area = models.ForeignKey(
        Area,
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_(
            "For area roles: the subtree this person covers (defaults to the unit's area)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "unit", "role"], name="uniq_membership")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit} · {self.get_role_display()}"


class Household(models.Model):
    area = models.ForeignKey(
        Area, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="households"
    )
    # Personal data, encrypted at rest (core/fields.py).
    address = EncryptedCharField(_("address"), max_length=200)
    head_name = EncryptedCharField(_("head of household"), max_length=64)
    phone = EncryptedCharField(_("phone"), max_length=32, blank=True)
    phone_hash = BlindIndexField(source="phone", kind="phone")
    size = models.PositiveSmallIntegerField(_("members"), default=1)
    adults = models.PositiveSmallIntegerField(
        _("members aged 18 or over"),
        default=1,
        help_text=_("The villagers' assembly quorum counts these."),
    )
    is_hardship = models.BooleanField(_("hardship household"), default=False)
    is_wubao = models.BooleanField(_("五保 household"), default=False)
    is_petitioning = models.BooleanField(
        _("petitioning household"),
        default=False,
        help_text=_("Visited at least quarterly, like hardship and 五保 households."),
    )

    class Meta:
        # Not by address: it is encrypted, so the database cannot sort it.
        ordering = ["area__path", "pk"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{self.area} {self.head_name}"


class Post(models.Model):
    """A person's post in a community's or village's organisations: party secretary, committee
    member, party-group leader, representative… The registers behind decision-process rolls
    and household-link quotas."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="posts"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("community / village"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    kind = models.CharField(_("post"), max_length=24, choices=PostKind.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["area__path", "kind", "person__name"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [models.UniqueConstraint(fields=["person", "area", "kind"], name="uniq_post")]

    def __str__(self) -> str:
        return f"{self.person} · {self.area} · {self.get_kind_display()}"
