"""The visit-log highlights section of the 民情分析会 briefing (registered in ``apps.py``):
counts of visits and households visited, coverage gaps, the latest notes with what was heard,
open follow-ups and notes turned into concerns. Overdue follow-ups join the agenda.

Names are masked and phone numbers in notes too: the briefing is printed for the meeting."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lastmile.core.masking import mask_name, mask_text
from lastmile.insight.briefing.extra import ExtraAgendaItem, ExtraRow, ExtraSection
from lastmile.orgs.choices import UnitKind
from lastmile.orgs.models import Area, Household, Unit
from lastmile.orgs.selectors import Actor
from lastmile.outreach.choices import FollowUpStatus
from lastmile.outreach.models import FollowUp, Visit
from lastmile.outreach.selectors.coverage import coverage_rows
from lastmile.outreach.selectors.scope import household_qs_for_actor
from lastmile.outreach.templatetags.outreach import day

LATEST_NOTES = 6
FOLLOWUP_ROWS = 8
CONCERN_ROWS = 8


def _short(text: str, names: tuple[str, ...], length: int = 80) -> str:
    return Truncator(mask_text(text, names=names)).chars(length)


def _who(household: Household) -> str:
    return f"{household.area.name} {mask_name(household.head_name)}"


def _figures(
    visits: QuerySet[Visit], households: QuerySet[Household], as_of: Any
) -> list[ExtraRow]:
    group = _("At a glance")
    counts = visits.aggregate(
        n=Count("pk"),
        households=Count("household", distinct=True),
        cadres=Count("visitor", distinct=True),
        concerns=Count("concern", distinct=True),
    )
    gaps = [r for r in coverage_rows(households, as_of) if r.is_gap]
    priority = sum(1 for r in gaps if r.priority)
    return [
        ExtraRow(_("Visits logged"), str(counts["n"]), group=group),
        ExtraRow(
            _("Households visited"),
            f"{counts['households']} / {households.count()}",
            _("visited / all households"),
            group=group,
        ),
        ExtraRow(_("Cadres who visited"), str(counts["cadres"]), group=group),
        ExtraRow(
            _("Households overdue for a visit"),
            str(len(gaps)),
            _("of them hardship, 五保 or petitioning: %(n)d") % {"n": priority},
            group=group,
            flag=bool(gaps),
        ),
        ExtraRow(_("Notes turned into concerns"), str(counts["concerns"]), group=group),
    ]


def _notes(visits: QuerySet[Visit]) -> list[ExtraRow]:
    group = _("Latest notes: what was heard")
    rows = []
    latest = visits.select_related("household__area", "visitor", "concern").order_by(
        "-visited_on", "-pk"
    )[:LATEST_NOTES]
    for v in latest:
        names = (v.household.head_name,)
        detail = (
            _("Help given: %(help)s") % {"help": _short(v.help_given, names, 40)}
            if v.help_given
            else ""
        )
        if v.concern is not None:
            detail = f"{detail} → {v.concern.code}".strip()
        rows.append(
            ExtraRow(
                f"{day(v.visited_on)} · {_who(v.household)} · {v.visitor.name}",
                _short(v.heard, names),
                detail,
                group=group,
            )
        )
    return rows


def _followups(open_followups: QuerySet[FollowUp], today: Any) -> list[ExtraRow]:
    group = _("Open follow-ups")
    total = open_followups.count()
    overdue = open_followups.filter(due__lt=today).count()
    rows = [
        ExtraRow(
            _("Open follow-ups"),
            str(total),
            _("overdue: %(n)d") % {"n": overdue},
            group=group,
            flag=bool(overdue),
        )
    ]
    for f in open_followups.select_related("household__area", "owner").order_by("due", "pk")[
        :FOLLOWUP_ROWS
    ]:
        late = f.due < today
        rows.append(
            ExtraRow(
                _("due %(date)s") % {"date": day(f.due)},
                _short(f.text, (f.household.head_name,), 60),
                f"{_who(f.household)} · {f.owner.name}",
                group=group,
                flag=late,
            )
        )
    return rows


def _concerns(visits: QuerySet[Visit]) -> list[ExtraRow]:
    group = _("Notes turned into concerns")
    rows = []
    converted = (
        visits.filter(concern__isnull=False)
        .select_related("concern")
        .order_by("-visited_on", "-pk")[:CONCERN_ROWS]
    )
    for v in converted:
        assert v.concern is not None
        rows.append(
            ExtraRow(v.concern.code, v.concern.title, v.concern.get_status_display(), group=group)
        )
    return rows


def _agenda(open_followups: QuerySet[FollowUp], today: Any) -> list[ExtraAgendaItem]:
    """Overdue follow-ups, one agenda item per community, owned by its own organisation."""
    by_community: dict[int, list[FollowUp]] = defaultdict(list)
    late = open_followups.filter(due__lt=today).select_related("visit__community")
    for f in late.order_by("due", "pk"):
        by_community[f.visit.community_id].append(f)
    units = {
        u.area_id: u
        for u in Unit.objects.filter(
            area_id__in=list(by_community), kind=UnitKind.GRASSROOTS, is_active=True
        ).order_by("-pk")
    }
    items = []
    for community_id, rows in by_community.items():
        community = rows[0].visit.community
        unit = units.get(community_id)
        texts = "；".join(Truncator(r.text).chars(30) for r in rows[:3])
        items.append(
            ExtraAgendaItem(
                title=_("Overdue visit follow-ups in %(community)s: %(n)d")
                % {"community": community.name, "n": len(rows)},
                detail=mask_text(texts),
                owner_unit_id=unit.pk if unit else None,
                owner_name=unit.name if unit else "",
            )
        )
    return items


def visit_highlights(area: Area, period: Any, actor: Actor) -> ExtraSection | None:
    """The section for ``area`` and ``period`` within the actor's reach; None when the actor
    reaches no household there."""
    households = household_qs_for_actor(actor).filter(area__path__startswith=area.path)
    if not households.exists():
        return None
    today = timezone.localdate()
    as_of = min(period.end - timedelta(days=1), today)
    ids = households.values("pk")
    visits = Visit.objects.filter(
        household__in=ids, visited_on__gte=period.start, visited_on__lt=period.end
    )
    open_followups = FollowUp.objects.filter(household__in=ids, status=FollowUpStatus.OPEN)
    rows = [
        *_figures(visits, households, as_of),
        *_notes(visits),
        *_followups(open_followups, today),
        *_concerns(visits),
    ]
    return ExtraSection(
        key="outreach",
        title=_("Visit log highlights (民情日志)"),
        intro=_(
            "From the cadres' visits in the period. Coverage gaps are counted as of %(date)s; "
            "follow-ups as of today."
        )
        % {"date": day(as_of)},
        rows=rows,
        agenda=_agenda(open_followups, today),
    )
