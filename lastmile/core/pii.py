"""The personal-data access log: who saw whose data unmasked, when and why (PIPL).

Views that show staff a resident's name, phone, ID number, address or OpenID in clear call
``log_pii_access`` with a purpose taken from context ("处理诉求 LM-…", "导出含联系方式"), so routine
handling needs no extra click. Rows are append-only (``core.models.PiiAccess``) and kept out of
the audit hash chain: they are many and say nothing about the state of a record.

Core sits below orgs, so the actor is duck-typed: anything with ``user_id``, ``person``,
``label``, ``is_superuser``, ``has_role()`` and ``area_paths()`` (``orgs.selectors.Actor``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lastmile.core.models import PiiAccess

# Roles that may review the access log of their subtree (superusers see everything).
REVIEW_ROLES = ("supervisor", "admin")


def log_pii_access(
    *,
    actor: Any,
    subject_type: str,
    subject_id: object,
    person_id: int | None = None,
    fields: Iterable[str],
    purpose: str,
    request: HttpRequest | None = None,
    area: Any = None,
    subject_label: str = "",
) -> PiiAccess:
    """Append one access row. ``area`` (anything with ``.path``) scopes the row for reviewers."""
    person = getattr(actor, "person", None)
    path = request.get_full_path()[:255] if request is not None else ""
    return PiiAccess.objects.create(
        accessed_at=timezone.now(),
        staff_id=getattr(person, "pk", None),
        user_id=getattr(actor, "user_id", None),
        staff_label=str(getattr(actor, "label", ""))[:150],
        subject_type=subject_type[:64],
        subject_id=str(subject_id)[:64],
        subject_label=subject_label[:64],
        person_id=person_id,
        area_path=(getattr(area, "path", "") or "")[:255],
        fields=sorted(set(fields)),
        purpose=str(purpose)[:200],
        path=path,
    )


def may_review(actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False) or actor.has_role(*REVIEW_ROLES))


def _scope(actor: Any) -> Q:
    if getattr(actor, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for path in actor.area_paths(*REVIEW_ROLES):
        q |= Q(area_path__startswith=path)
    return q


@dataclass
class AccessFilter:
    staff: str = ""  # a staff member's name (contains) or id
    subject: str = ""  # a record reference, e.g. LM-20251127-0001, or "household:12"
    person_id: int | None = None
    since: date | None = None
    until: date | None = None


def pii_access_for_actor(actor: Any, f: AccessFilter | None = None) -> QuerySet[PiiAccess]:
    """The access rows a supervisor or admin may review: those about records in their subtree."""
    qs = PiiAccess.objects.filter(_scope(actor))
    f = f or AccessFilter()
    if f.staff:
        qs = qs.filter(
            Q(staff_id=int(f.staff)) if f.staff.isdecimal() else Q(staff_label__contains=f.staff)
        )
    if f.subject:
        kind, _sep, ident = f.subject.partition(":")
        if ident:
            qs = qs.filter(subject_type=kind, subject_id=ident)
        else:
            qs = qs.filter(Q(subject_label=f.subject) | Q(subject_id=f.subject))
    if f.person_id:
        qs = qs.filter(person_id=f.person_id)
    tz = timezone.get_current_timezone()
    if f.since:
        qs = qs.filter(accessed_at__gte=datetime.combine(f.since, time.min, tzinfo=tz))
    if f.until:
        end = datetime.combine(f.until + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(accessed_at__lt=end)
    return qs.order_by("-accessed_at", "-pk")


def pii_access_for_person(person: Any) -> QuerySet[PiiAccess]:
    """Who viewed this resident's data (for the resident's own "my data" page): rows naming the
    person, and rows about their household."""
    q = Q(person_id=person.pk)
    household_id = getattr(person, "household_id", None)
    if household_id:
        q |= Q(subject_type="household", subject_id=str(household_id))
    return PiiAccess.objects.filter(q).order_by("-accessed_at", "-pk")


# --- Admin: find people by phone through the keyed hash, and log who opened their record ---


@dataclass
class _AdminActor:
    user_id: int | None
    label: str
    person: Any = None


class PiiAdminMixin:
    """For ``ModelAdmin``s of models with encrypted personal data.

    ``phone_hash_field``: a whole phone number typed in the admin search finds the rows whose
    keyed hash matches (encrypted columns cannot be searched with ``LIKE``).
    ``pii_fields``: opening a change form logs an access to these fields."""

    phone_hash_field = "phone_hash"
    pii_fields: tuple[str, ...] = ()

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        from lastmile.core.crypto import looks_like_phone, phone_hash

        if looks_like_phone(search_term):
            return queryset.filter(**{self.phone_hash_field: phone_hash(search_term)}), False
        return super().get_search_results(request, queryset, search_term)  # type: ignore[misc]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        response = super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        if request.method == "GET" and getattr(response, "status_code", 0) == 200:
            user = request.user
            opts = self.model._meta  # type: ignore[attr-defined]
            log_pii_access(
                actor=_AdminActor(getattr(user, "pk", None), user.get_username()),
                subject_type=opts.model_name,
                subject_id=object_id,
                person_id=int(object_id)
                if opts.model_name == "person" and object_id.isdecimal()
                else None,
                fields=self.pii_fields,
                purpose="后台维护",
                request=request,
            )
        return response


@dataclass
class Subject:
    """One record whose personal data was shown (for ``log_pii_access_many``)."""

    subject_type: str
    subject_id: object
    fields: tuple[str, ...]
    subject_label: str = ""
    person_id: int | None = None
    area_path: str = ""


def log_pii_access_many(
    *, actor: Any, subjects: Iterable[Subject], purpose: str, request: HttpRequest | None = None
) -> int:
    """One row per record, written in batches (an export with contacts)."""
    person = getattr(actor, "person", None)
    now = timezone.now()
    path = request.get_full_path()[:255] if request is not None else ""
    rows = [
        PiiAccess(
            accessed_at=now,
            staff_id=getattr(person, "pk", None),
            user_id=getattr(actor, "user_id", None),
            staff_label=str(getattr(actor, "label", ""))[:150],
            subject_type=s.subject_type[:64],
            subject_id=str(s.subject_id)[:64],
            subject_label=s.subject_label[:64],
            person_id=s.person_id,
            area_path=s.area_path[:255],
            fields=sorted(set(s.fields)),
            purpose=str(purpose)[:200],
            path=path,
        )
        for s in subjects
    ]
    PiiAccess.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
