"""Reads of 群众评议: who may be evaluated for a concern, the rounds a person may see or answer,
and the figures per person and unit for a period (staff scoped to their subtree; the public
sees unit aggregates only)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404

from lastmile.concerns.choices import Status
from lastmile.concerns.models import Concern
from lastmile.core.models import AuditEvent
from lastmile.orgs.models import Area, Person, Unit
from lastmile.orgs.selectors import Actor, subtree_q
from lastmile.scores.conf import period_bounds
from lastmile.scores.evaluation.choices import CadreRole, RoundStatus, Satisfaction
from lastmile.scores.evaluation.figures import Combined
from lastmile.scores.evaluation.models import (
    CadreEvaluation,
    EvaluationRound,
    RoundAnswer,
    RoundResponse,
)
from lastmile.scores.models import Level

# A concern may be evaluated once the unit has replied (or it is closed).
EVALUABLE = frozenset({Status.REPLIED, Status.CLOSED})
ROUND_ROLES = ("supervisor", "admin")


@dataclass(frozen=True)
class Target:
    """A cadre a resident may evaluate for a concern, and why."""

    person: Person
    unit: Unit | None
    role: str

    @property
    def role_label(self) -> str:
        return str(CadreRole(self.role).label)


def replier_of(concern: Concern) -> Person | None:
    """The person who sent the latest reply (from the audit log, as the scores count it)."""
    actor_id = (
        AuditEvent.objects.filter(
            object_type="concern", object_id=str(concern.pk), verb="concern.reply"
        )
        .order_by("-seq")
        .values_list("actor_id", flat=True)
        .first()
    )
    if not actor_id:
        return None
    return Person.objects.filter(user_id=actor_id).first()


def contact_cadre_of(concern: Concern) -> Person | None:
    """The household's contact cadre (联系户), when the household-links app is installed."""
    if not concern.household_id or not apps.is_installed("lastmile.outreach"):
        return None
    link_model = apps.get_model("outreach", "HouseholdLink")
    link = (
        link_model.objects.filter(household_id=concern.household_id, status="active")
        .select_related("cadre")
        .first()
    )
    return link.cadre if link else None


def targets_for(concern: Concern) -> list[Target]:
    if concern.status not in EVALUABLE:
        return []
    out: list[Target] = []
    replier = replier_of(concern)
    if replier is not None:
        out.append(Target(replier, concern.lead_unit, CadreRole.REPLIER))
    contact = contact_cadre_of(concern)
    if contact is not None and (replier is None or contact.pk != replier.pk):
        out.append(Target(contact, None, CadreRole.CONTACT))
    return out


def evaluations_of_concern(concern: Concern) -> dict[int, CadreEvaluation]:
    return {e.cadre_id: e for e in CadreEvaluation.objects.filter(concern=concern)}


# ---- rounds ----------------------------------------------------------------------------------


def round_qs_for_actor(actor: Actor) -> QuerySet[EvaluationRound]:
    """Rounds in the subtrees where the actor supervises or administers."""
    qs = EvaluationRound.objects.select_related("area")
    if actor.is_superuser:
        return qs
    if not actor.has_role(*ROUND_ROLES):
        raise Http404("not a round manager")
    return qs.filter(subtree_q(actor.area_paths(*ROUND_ROLES)))


def round_get_for_actor(actor: Actor, pk: int) -> EvaluationRound:
    try:
        return round_qs_for_actor(actor).get(pk=pk)
    except EvaluationRound.DoesNotExist:
        raise Http404("no such round") from None


def areas_for_rounds(actor: Actor) -> QuerySet[Area]:
    qs = Area.objects.exclude(level="grid")
    if actor.is_superuser:
        return qs
    return qs.filter(subtree_q(actor.area_paths(*ROUND_ROLES), "path"))


def rounds_open_for(person: Person | None) -> list[tuple[EvaluationRound, bool]]:
    """Open rounds covering the person's home area, each with whether they have answered."""
    if person is None:
        return []
    home = person.home_area or (person.household.area if person.household_id else None)  # type: ignore[union-attr]
    if home is None:
        return []
    ancestors = [int(x) for x in home.path.strip("/").split("/") if x]
    rounds = list(
        EvaluationRound.objects.filter(status=RoundStatus.OPEN, area_id__in=ancestors)
        .select_related("area")
        .order_by("-opened_at")
    )
    answered = set(
        RoundResponse.objects.filter(person=person, round__in=rounds).values_list(
            "round_id", flat=True
        )
    )
    return [(r, r.pk in answered) for r in rounds]


def residents_of(area: Area) -> QuerySet[Person]:
    """People with a login whose home area (or household) lies in the subtree."""
    return (
        Person.objects.filter(user__isnull=False, user__is_active=True)
        .filter(
            Q(home_area__path__startswith=area.path)
            | Q(household__area__path__startswith=area.path)
        )
        .distinct()
    )


def person_home(person: Person) -> Area | None:
    if person.home_area_id:
        return person.home_area
    return person.household.area if person.household_id else None  # type: ignore[union-attr]


def round_results(rnd: EvaluationRound) -> list[tuple[object, Combined]]:
    """Each cadre of the round with the tally of its answers (survey only)."""
    cadres = list(rnd.cadres.select_related("person", "unit"))
    by_cadre: dict[int, Combined] = {c.pk: Combined() for c in cadres}
    rows = RoundAnswer.objects.filter(cadre__round=rnd).values_list(
        "cadre_id", "verdict", "attitude", "efficiency", "conduct"
    )
    for cadre_id, verdict, attitude, efficiency, conduct in rows:
        by_cadre[cadre_id].survey.add(
            verdict, attitude=attitude, efficiency=efficiency, conduct=conduct
        )
    return [(c, by_cadre[c.pk]) for c in cadres]


# ---- figures for a period --------------------------------------------------------------------


def figures_for(*, period: str, level: str, keys: set[int] | None = None) -> dict[int, Combined]:
    """Per person (key: the person's user id, as in the rankings) or per unit, for a month:
    tracking-page evaluations given and survey answers submitted in it. Two queries."""
    if level not in (Level.PERSON, Level.UNIT):
        return {}
    start, end = period_bounds(period)
    out: dict[int, Combined] = defaultdict(Combined)
    if level == Level.PERSON:
        track_key, survey_key = "cadre__user_id", "cadre__person__user_id"
    else:
        track_key, survey_key = "unit_id", "cadre__unit_id"
    track = CadreEvaluation.objects.filter(created_at__gte=start, created_at__lt=end)
    survey = RoundAnswer.objects.filter(
        response__submitted_at__gte=start, response__submitted_at__lt=end
    )
    if keys is not None:
        track = track.filter(**{f"{track_key}__in": keys})
        survey = survey.filter(**{f"{survey_key}__in": keys})
    fields = ("verdict", "attitude", "efficiency", "conduct")
    for key, verdict, attitude, efficiency, conduct in track.values_list(track_key, *fields):
        if key is not None:
            out[key].track.add(verdict, attitude=attitude, efficiency=efficiency, conduct=conduct)
    for key, verdict, attitude, efficiency, conduct in survey.values_list(survey_key, *fields):
        if key is not None:
            out[key].survey.add(verdict, attitude=attitude, efficiency=efficiency, conduct=conduct)
    return dict(out)


@dataclass
class DrillItem:
    source: str  # "track" | "survey"
    at: object
    verdict: str
    attitude: str
    efficiency: str
    conduct: str
    comment: str
    cadre: str
    reference: str  # the concern code or the round's title; never the resident

    def label(self, value: str) -> str:
        return str(Satisfaction(value).label) if value in Satisfaction.values else ""

    @property
    def labels(self) -> dict[str, str]:
        return {
            name: self.label(getattr(self, name))
            for name in ("verdict", "attitude", "efficiency", "conduct")
        }


def evaluations_behind(
    *, actor: Actor, period: str, level: str, key: int, limit: int = 300
) -> list[DrillItem]:
    """The evaluations behind one row of the staff ranking; the key must be in the actor's scope.
    Residents are never named: an item says where it came from, not who gave it."""
    from lastmile.scores.selectors import scoped_keys

    if level not in (Level.PERSON, Level.UNIT):
        raise Http404("no evaluations at this level")
    keys = scoped_keys(actor, level)
    if keys is not None and key not in keys:
        raise Http404("outside your scope")
    start, end = period_bounds(period)
    if level == Level.PERSON:
        track_q, survey_q = Q(cadre__user_id=key), Q(cadre__person__user_id=key)
    else:
        track_q, survey_q = Q(unit_id=key), Q(cadre__unit_id=key)
    items = [
        DrillItem(
            "track",
            e.created_at,
            e.verdict,
            e.attitude,
            e.efficiency,
            e.conduct,
            e.comment,
            e.cadre.name,
            e.concern.code,
        )
        for e in CadreEvaluation.objects.filter(
            track_q, created_at__gte=start, created_at__lt=end
        ).select_related("cadre", "concern")[:limit]
    ]
    items += [
        DrillItem(
            "survey",
            a.response.submitted_at,
            a.verdict,
            a.attitude,
            a.efficiency,
            a.conduct,
            a.comment,
            a.cadre.person.name,
            a.cadre.round.title,
        )
        for a in RoundAnswer.objects.filter(
            survey_q, response__submitted_at__gte=start, response__submitted_at__lt=end
        ).select_related("response", "cadre__person", "cadre__round")[:limit]
    ]
    items.sort(key=lambda i: i.at, reverse=True)  # type: ignore[arg-type,return-value]
    return items


def attach_to_ranking(result: object) -> None:
    """Give each ranking row (units or people) its evaluation figures as ``row.evaluation``:
    one query per source for the whole page."""
    rows = getattr(result, "rows", [])
    level = getattr(result, "level", "")
    found = (
        figures_for(period=result.period, level=level, keys={r.key for r in rows})  # type: ignore[attr-defined]
        if rows and level in (Level.PERSON, Level.UNIT)
        else {}
    )
    for row in rows:
        row.evaluation = found.get(row.key)
