"""Everything the platform holds about one resident, gathered per kind (read-only).

Each kind reads the owning app's models directly where that app has no selector for "this
person's rows" (the privacy app is an adapter: it may import any app). A kind is a list of flat
rows (column key → text), so the page, the JSON and the .xlsx show the same content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lastmile.concerns import presenters
from lastmile.concerns import selectors as concern_selectors
from lastmile.concerns.models import Concern
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor, subtree_q
from lastmile.privacy.choices import RequestStatus
from lastmile.privacy.models import DeletionRequest

ADMIN_ROLES = ("admin",)


@dataclass
class Section:
    key: str
    title: str | Promise
    columns: list[tuple[str, str | Promise]]
    rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def table(self) -> list[list[str]]:
        """The rows as lists in column order (for the page and the spreadsheet)."""
        return [[row.get(key, "") for key, _label in self.columns] for row in self.rows]


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def hashed_q(model: type, field_name: str, value: str) -> Q:
    """``field = value`` on a plain column, or through its blind index when it is encrypted."""
    if not value:
        return Q(pk__in=[])
    names = {f.name for f in model._meta.concrete_fields}  # type: ignore[attr-defined]
    if f"{field_name}_hash" in names:
        from lastmile.core.fields import with_hash_values

        hashed = with_hash_values(model, **{field_name: value})  # type: ignore[arg-type]
        return Q(**{f"{field_name}_hash": hashed[f"{field_name}_hash"]})
    return Q(**{field_name: value})


def concerns_of(person: Person) -> QuerySet[Concern]:
    """Concerns the person raised: under their login, or with their phone number."""
    q = hashed_q(Concern, "resident_phone", person.phone)
    if person.user_id:
        q |= Q(resident_user_id=person.user_id)
    return Concern.objects.filter(q).select_related("area", "lead_unit").order_by("-created_at")


def _account(person: Person) -> Section:
    user = person.user
    s = Section(
        "account", _("Account and person record"), [("field", _("What")), ("value", _("Value"))]
    )
    pairs: list[tuple[Any, Any]] = [
        (_("Name"), person.name),
        (_("Phone"), person.phone),
        (_("Home area"), person.home_area.name if person.home_area else ""),
        (_("Party member"), person.is_party_member),
        (_("Registered volunteer"), person.is_volunteer),
    ]
    if user is not None:
        pairs += [
            (_("Login name"), user.get_username()),
            (_("Email"), getattr(user, "email", "")),
            (_("Account opened"), getattr(user, "date_joined", None)),
            (_("Last login"), getattr(user, "last_login", None)),
        ]
    for post in person.posts.select_related("area"):
        pairs.append((_("Post"), f"{post.area.name} {post.get_kind_display()}"))
    s.rows = [{"field": text(k), "value": text(v)} for k, v in pairs]
    return s


def _households(person: Person) -> Section:
    s = Section(
        "households",
        _("Household"),
        [
            ("address", _("Address")),
            ("head", _("Head of household")),
            ("phone", _("Phone")),
            ("area", _("Grid")),
            ("size", _("Members")),
        ],
    )
    h = person.household
    if h is not None:
        s.rows = [
            {
                "address": h.address,
                "head": h.head_name,
                "phone": h.phone,
                "area": h.area.name,
                "size": text(h.size),
            }
        ]
    return s


def _concerns(person: Person) -> tuple[Section, Section]:
    concerns = list(concerns_of(person)[:500])
    s = Section(
        "concerns",
        _("Concerns you raised"),
        [
            ("code", _("Tracking code")),
            ("received", _("Received at")),
            ("title", _("Subject")),
            ("text", _("What happened")),
            ("address", _("Address")),
            ("status", _("Status")),
            ("timeline", _("What happened since")),
            ("reply", _("Reply")),
        ],
    )
    r = Section(
        "ratings",
        _("Your ratings of the handling"),
        [
            ("code", _("Tracking code")),
            ("contacted", _("Were you contacted")),
            ("resolved", _("Was it resolved")),
            ("satisfaction", _("Satisfaction")),
            ("comment", _("Comment")),
        ],
    )
    for c in concerns:
        items = presenters.describe(concern_selectors.timeline(c), audience=presenters.RESIDENT)
        s.rows.append(
            {
                "code": c.code,
                "received": text(c.created_at),
                "title": c.title,
                "text": c.text,
                "address": c.address,
                "status": c.get_status_display(),
                "timeline": "\n".join(f"{text(i.at)} {i.text}" for i in items),
                "reply": c.reply_text,
            }
        )
        if c.cb_satisfaction or c.cb_contacted is not None:
            r.rows.append(
                {
                    "code": c.code,
                    "contacted": text(c.cb_contacted),
                    "resolved": text(c.cb_resolved),
                    "satisfaction": c.get_cb_satisfaction_display() if c.cb_satisfaction else "",
                    "comment": c.cb_comment,
                }
            )
    return s, r


def _evaluations(person: Person) -> Section:
    from lastmile.scores.models import CadreEvaluation, RoundAnswer

    s = Section(
        "evaluations",
        _("Your evaluations of cadres"),
        [
            ("when", _("When")),
            ("where", _("Where")),
            ("cadre", _("Cadre")),
            ("verdict", _("Overall")),
            ("comment", _("Comment")),
        ],
    )
    if person.user_id:
        for e in CadreEvaluation.objects.filter(by_user_id=person.user_id).select_related(
            "cadre", "concern"
        ):
            s.rows.append(
                {
                    "when": text(e.created_at),
                    "where": e.concern.code,
                    "cadre": e.cadre.name,
                    "verdict": e.get_verdict_display(),
                    "comment": e.comment,
                }
            )
    for a in RoundAnswer.objects.filter(response__person=person).select_related(
        "response", "cadre__person", "cadre__round"
    ):
        s.rows.append(
            {
                "when": text(a.response.submitted_at),
                "where": a.cadre.round.title,
                "cadre": a.cadre.person.name,
                "verdict": a.get_verdict_display(),
                "comment": a.comment,
            }
        )
    return s


def _board(person: Person) -> Section:
    from lastmile.bulletin.models import BoardPost

    s = Section(
        "board_posts",
        _("Message-board posts"),
        [
            ("when", _("When")),
            ("title", _("Subject")),
            ("text", _("Message")),
            ("name", _("Name")),
            ("phone", _("Phone")),
        ],
    )
    q = Q(person=person) | hashed_q(BoardPost, "phone", person.phone)
    for p in BoardPost.objects.filter(q).order_by("-created_at"):
        s.rows.append(
            {
                "when": text(p.created_at),
                "title": p.title,
                "text": p.text,
                "name": p.name,
                "phone": p.phone,
            }
        )
    return s


def wishes_of(person: Person) -> QuerySet[Any]:
    from lastmile.wishes.models import Wish

    q = hashed_q(Wish, "beneficiary_phone", person.phone)
    if person.household_id:
        q |= Q(household_id=person.household_id)
    return Wish.objects.filter(q)


def _wishes(person: Person) -> Section:
    from lastmile.wishes.models import Claim

    s = Section(
        "wishes",
        _("Micro-wishes"),
        [
            ("code", _("Wish")),
            ("as", _("As")),
            ("title", _("Wish")),
            ("status", _("Status")),
            ("name", _("Name")),
            ("phone", _("Phone")),
            ("address", _("Address")),
        ],
    )
    for w in wishes_of(person).order_by("-created_at"):
        s.rows.append(
            {
                "code": w.code,
                "as": text(_("beneficiary")),
                "title": w.title,
                "status": w.get_status_display(),
                "name": w.beneficiary_name,
                "phone": w.beneficiary_phone,
                "address": w.beneficiary_address,
            }
        )
    for c in Claim.objects.filter(person=person).select_related("wish"):
        s.rows.append(
            {
                "code": c.wish.code,
                "as": text(_("claimer")),
                "title": c.wish.title,
                "status": c.get_status_display(),
                "name": "",
                "phone": "",
                "address": "",
            }
        )
    return s


def _merits(person: Person) -> Section:
    from lastmile.merits.models import Deed, PointsEntry

    s = Section(
        "merits",
        _("Good deeds and points"),
        [
            ("when", _("When")),
            ("what", _("What")),
            ("points", _("Points")),
            ("balance", _("Balance")),
        ],
    )
    for d in Deed.objects.filter(person=person):
        s.rows.append(
            {
                "when": text(d.occurred_on),
                "what": f"{d.title}（{d.get_status_display()}）",
                "points": "",
                "balance": "",
            }
        )
    for e in PointsEntry.objects.filter(person=person).order_by("pk"):
        s.rows.append(
            {
                "when": text(getattr(e, "created_at", None)),
                "what": e.reason,
                "points": text(e.points),
                "balance": text(e.balance_after),
            }
        )
    return s


def _study(person: Person) -> Section:
    from lastmile.learning.models import QuizAttempt, StudyRecord

    s = Section(
        "study",
        _("Study records"),
        [("when", _("When")), ("what", _("What")), ("detail", _("Detail"))],
    )
    for r in StudyRecord.objects.filter(person=person).select_related("item__course"):
        s.rows.append(
            {
                "when": text(r.started_at),
                "what": f"{r.item.course} · {r.item}",
                "detail": f"{r.seconds // 60} 分钟",
            }
        )
    for a in QuizAttempt.objects.filter(person=person).select_related("course"):
        s.rows.append(
            {"when": text(a.submitted_at), "what": str(a.course), "detail": f"{a.score}%"}
        )
    return s


def _message(notification: Any) -> str:
    """The message as the person received it (its title and text), not the template's key."""
    from lastmile.notify.messages import render

    try:
        rendered = render(notification.template, notification.payload or {})
    except (KeyError, TypeError, ValueError):  # a template since removed, or an old payload
        return notification.template
    return f"{rendered.title}：{rendered.body}"


def _notifications(person: Person) -> Section:
    from lastmile.notify.models import Notification, NotifyPreference

    s = Section(
        "notifications",
        _("Messages and preferences"),
        [("when", _("When")), ("what", _("What")), ("channel", _("Channel"))],
    )
    if person.user_id:
        pref = NotifyPreference.objects.filter(user_id=person.user_id).first()
        if pref is not None:
            s.rows.append(
                {
                    "when": text(pref.updated_at),
                    "what": text(_("Preferences")),
                    "channel": f"SMS {text(pref.sms)} · 微信 {text(pref.wechat)} · "
                    f"Email {text(pref.email)}",
                }
            )
        for n in Notification.objects.filter(recipient_user_id=person.user_id)[:500]:
            s.rows.append(
                {
                    "when": text(n.created_at),
                    "what": _message(n),
                    "channel": n.get_channel_display(),
                }
            )
    return s


GATHERERS: list[Callable[[Person], Any]] = [
    _account,
    _households,
    _concerns,
    _evaluations,
    _board,
    _wishes,
    _merits,
    _study,
    _notifications,
]


def my_data(person: Person) -> list[Section]:
    """Every kind of data held about the person, in page order."""
    out: list[Section] = []
    for gather in GATHERERS:
        result = gather(person)
        out.extend(result if isinstance(result, tuple) else [result])
    return out


# ---- deletion requests -----------------------------------------------------------------------


def requests_of(person: Person) -> QuerySet[DeletionRequest]:
    return DeletionRequest.objects.filter(person=person)


def request_qs_for_actor(actor: Actor) -> QuerySet[DeletionRequest]:
    """Requests from residents whose home area lies in the actor's admin subtree."""
    qs = DeletionRequest.objects.select_related("person", "area", "decided_by")
    if actor.is_superuser:
        return qs
    if not actor.has_role(*ADMIN_ROLES):
        raise Http404("not a privacy admin")
    return qs.filter(subtree_q(actor.area_paths(*ADMIN_ROLES)))


def request_get_for_actor(actor: Actor, pk: int) -> DeletionRequest:
    try:
        return request_qs_for_actor(actor).get(pk=pk)
    except DeletionRequest.DoesNotExist:
        raise Http404("no such request") from None


def pending_of(person: Person) -> DeletionRequest | None:
    return requests_of(person).filter(status=RequestStatus.PENDING).first()
