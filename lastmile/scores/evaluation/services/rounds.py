"""民主评议 rounds: create (cadres taken from the registers), open (residents notified), answer
(once per person per round), close. Status moves only through the checked transition table."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted
from lastmile.notify.services import notify
from lastmile.orgs.choices import PostKind, Role
from lastmile.orgs.models import Area, Membership, Post
from lastmile.orgs.selectors import Actor
from lastmile.scores.evaluation.choices import TRANSITIONS, RoundStatus
from lastmile.scores.evaluation.models import (
    EvaluationRound,
    RoundAnswer,
    RoundCadre,
    RoundResponse,
)
from lastmile.scores.evaluation.selectors import ROUND_ROLES, person_home, residents_of
from lastmile.scores.evaluation.services.common import clean_answer

OBJECT_TYPE = "evaluation_round"
TITLE_MAX = 60


def _manager(actor: Actor, area: Area) -> None:
    if not actor.covers_area(area, *ROUND_ROLES):
        raise NotPermitted(
            _("Only a supervisor or administrator of this area can manage its evaluation rounds.")
        )


def _record(actor: Actor, rnd: EvaluationRound, verb: str, data: dict[str, Any]) -> None:
    audit.record(
        verb=f"evaluation_round.{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=rnd.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"title": rnd.title, "area_id": rnd.area_id, **data},
    )


def register_cadres(area: Area) -> list[tuple[int, int | None, str]]:
    """(person id, unit id, post) of every active post holder and unit member in the subtree."""
    cadres: dict[int, tuple[int | None, list[str]]] = {}
    posts = Post.objects.filter(is_active=True, area__path__startswith=area.path).order_by(
        "area__path", "kind", "person_id"
    )
    for person_id, kind in posts.values_list("person_id", "kind"):
        unit_id, labels = cadres.setdefault(person_id, (None, []))
        labels.append(str(PostKind(kind).label))
    members = Membership.objects.filter(
        is_active=True, unit__area__path__startswith=area.path, unit__is_active=True
    ).order_by("unit__area__path", "person_id")
    for person_id, unit_id, role in members.values_list("person_id", "unit_id", "role"):
        old_unit, labels = cadres.get(person_id, (None, []))
        labels.append(str(Role(role).label))
        cadres[person_id] = (old_unit or unit_id, labels)
    return [
        (pid, unit_id, "、".join(dict.fromkeys(labels))[:80])
        for pid, (unit_id, labels) in cadres.items()
    ]


def round_create(*, actor: Actor, area: Area, title: str) -> EvaluationRound:
    _manager(actor, area)
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Name the period, e.g. 2026年第四季度."), field="title")
    if len(title) > TITLE_MAX:
        raise InvalidInput(
            _("Keep the period to %(n)s characters or fewer.") % {"n": TITLE_MAX}, field="title"
        )
    cadres = register_cadres(area)
    if not cadres:
        raise InvalidInput(
            _("No cadres are registered in this area: add posts or unit members first."),
            field="area",
        )
    with transaction.atomic():
        rnd = EvaluationRound.objects.create(
            title=title, area=area, created_by=actor.person, created_at=timezone.now()
        )
        RoundCadre.objects.bulk_create(
            [RoundCadre(round=rnd, person_id=p, unit_id=u, post=post) for p, u, post in cadres]
        )
        _record(actor, rnd, "create", {"cadres": len(cadres)})
    return rnd


def _lock(rnd: EvaluationRound, expected_version: int | None) -> EvaluationRound:
    locked = (
        EvaluationRound.objects.select_for_update(of=("self",))
        .select_related("area")
        .get(pk=rnd.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _("Someone else changed this round a moment ago (it is now “%(status)s”). Reload.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _transition(
    actor: Actor,
    rnd: EvaluationRound,
    action: str,
    expected_version: int | None,
    fields: dict[str, Any],
) -> EvaluationRound:
    _manager(actor, rnd.area)
    with transaction.atomic():
        locked = _lock(rnd, expected_version)
        workflow.check(
            TRANSITIONS,
            action,
            locked.status,
            _("This is not possible while the round is “%(status)s”.")
            % {"status": locked.get_status_display()},
        )
        old = locked.status
        new = workflow.resolve_target(TRANSITIONS, action, None)
        workflow.apply_change(
            locked,
            {**fields, "status": new},
            conflict=_("Someone else changed this round a moment ago. Reload."),
        )
        _record(actor, locked, action, {"from": old, "to": new})
    return locked


def round_open(
    *, actor: Actor, rnd: EvaluationRound, expected_version: int | None = None
) -> EvaluationRound:
    """Open the round for answers and tell the residents of the area (in-app)."""
    with transaction.atomic():
        opened = _transition(actor, rnd, "open", expected_version, {"opened_at": timezone.now()})
        payload = {"title": opened.title, "area": opened.area.name, "round_id": opened.pk}
        # Staff are evaluated, they do not answer.
        residents = residents_of(opened.area).exclude(memberships__is_active=True)
        for person in residents.select_related("user"):
            notify(
                channel="inapp", template="evaluation_round_open", payload=payload, user=person.user
            )
    return opened


def round_close(
    *, actor: Actor, rnd: EvaluationRound, expected_version: int | None = None
) -> EvaluationRound:
    return _transition(actor, rnd, "close", expected_version, {"closed_at": timezone.now()})


def round_respond(
    *, actor: Actor, rnd: EvaluationRound, answers: dict[int, dict[str, str]]
) -> RoundResponse:
    """A resident of the area answers once: ``answers`` maps RoundCadre ids to
    {verdict, attitude, efficiency, conduct, comment}; cadres left without a verdict are skipped,
    but at least one is needed. A person never evaluates themselves."""
    person = actor.person
    if actor.is_anonymous or person is None:
        raise NotPermitted(_("Log in to answer the evaluation."))
    if actor.is_staff_member:
        raise NotPermitted(
            _("Staff cannot evaluate cadres here: evaluations are the residents' own voice.")
        )
    home = person_home(person)
    if home is None or not home.path.startswith(rnd.area.path):
        raise NotPermitted(
            _("This evaluation is for the residents of %(area)s.") % {"area": rnd.area.name}
        )
    if rnd.status != RoundStatus.OPEN:
        raise InvalidInput(
            _("This evaluation is not open for answers (it is “%(status)s”).")
            % {"status": rnd.get_status_display()}
        )
    cadres = {c.pk: c for c in rnd.cadres.all()}
    cleaned: list[tuple[int, dict[str, str]]] = []
    for cadre_id, raw in answers.items():
        cadre = cadres.get(cadre_id)
        if cadre is None:
            raise InvalidInput(_("This cadre is not part of the evaluation."))
        if cadre.person_id == person.pk or not (raw.get("verdict") or "").strip():
            continue
        cleaned.append((cadre_id, clean_answer(**raw, field_prefix=f"c{cadre_id}_")))  # type: ignore[arg-type]
    if not cleaned:
        raise InvalidInput(_("Give your verdict on at least one cadre."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                response = RoundResponse.objects.create(
                    round=rnd, person=person, submitted_at=timezone.now()
                )
        except IntegrityError:
            raise Conflict(_("You have already answered this evaluation. Thank you.")) from None
        RoundAnswer.objects.bulk_create(
            [RoundAnswer(response=response, cadre_id=cid, **a) for cid, a in cleaned]
        )
        _record(actor, rnd, "respond", {"response_id": response.pk, "answers": len(cleaned)})
    return response
