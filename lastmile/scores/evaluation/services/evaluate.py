"""A resident evaluates a cadre who handled their concern (tracking page)."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.models import Concern
from lastmile.core import audit
from lastmile.core.errors import Conflict, InvalidInput, NotPermitted
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor
from lastmile.scores.evaluation.conf import eval_setting
from lastmile.scores.evaluation.models import CadreEvaluation
from lastmile.scores.evaluation.selectors import EVALUABLE, targets_for
from lastmile.scores.evaluation.services.common import clean_answer

OBJECT_TYPE = "cadre_evaluation"


def _may_evaluate(actor: Actor, concern: Concern, *, holds_pin: bool) -> None:
    if actor.is_staff_member:
        raise NotPermitted(
            _("Staff cannot evaluate cadres here: evaluations are the residents' own voice.")
        )
    raised_it = actor.user_id is not None and concern.resident_user_id == actor.user_id
    if not (holds_pin or raised_it):
        raise NotPermitted(_("Only the resident who raised this concern can evaluate it."))


def cadre_evaluate(
    *,
    actor: Actor,
    concern: Concern,
    cadre: Person,
    verdict: str,
    attitude: str = "",
    efficiency: str = "",
    conduct: str = "",
    comment: str = "",
    holds_pin: bool = False,
    fingerprint: str = "",
) -> CadreEvaluation:
    """One evaluation per concern per cadre; the same resident may change it within EDIT_DAYS.

    ``holds_pin``: the caller checked the tracking code and PIN (the tracking page's session);
    otherwise the logged-in resident must be the one who raised the concern. Staff are refused."""
    _may_evaluate(actor, concern, holds_pin=holds_pin)
    if concern.status not in EVALUABLE:
        raise InvalidInput(
            _("You can evaluate once the concern has been replied to (it is now “%(status)s”).")
            % {"status": concern.get_status_display()}
        )
    target = next((t for t in targets_for(concern) if t.person.pk == cadre.pk), None)
    if target is None:
        raise InvalidInput(_("This cadre did not handle your concern."), field="cadre")
    answer = clean_answer(
        verdict=verdict, attitude=attitude, efficiency=efficiency, conduct=conduct, comment=comment
    )
    now = timezone.now()
    with transaction.atomic():
        existing = (
            CadreEvaluation.objects.select_for_update(of=("self",))
            .filter(concern=concern, cadre=cadre)
            .first()
        )
        if existing is not None:
            return _edit(actor, existing, answer, fingerprint=fingerprint, now=now)
        try:
            with transaction.atomic():
                evaluation = CadreEvaluation.objects.create(
                    concern=concern,
                    cadre=cadre,
                    unit=target.unit,
                    role=target.role,
                    by_user_id=actor.user_id,
                    fingerprint=fingerprint[:64],
                    by_staff=False,
                    created_at=now,
                    **answer,
                )
        except IntegrityError:
            raise Conflict(
                _("This cadre has just been evaluated for this concern. Reload the page.")
            ) from None
        _record(actor, evaluation, "evaluation.give", answer)
    return evaluation


def _edit(
    actor: Actor,
    evaluation: CadreEvaluation,
    answer: dict[str, str],
    *,
    fingerprint: str,
    now: object,
) -> CadreEvaluation:
    same = (actor.user_id is not None and evaluation.by_user_id == actor.user_id) or (
        bool(fingerprint) and evaluation.fingerprint == fingerprint
    )
    if not same:
        raise Conflict(_("This cadre has already been evaluated for this concern."))
    days = int(eval_setting("EDIT_DAYS"))
    if now > evaluation.created_at + timedelta(days=days):  # type: ignore[operator]
        raise NotPermitted(
            _("An evaluation can be changed within %(days)s days; that time has passed.")
            % {"days": days}
        )
    before = {k: getattr(evaluation, k) for k in answer if k != "comment"}
    for name, value in answer.items():
        setattr(evaluation, name, value)
    evaluation.updated_at = now  # type: ignore[assignment]
    evaluation.save(update_fields=[*answer.keys(), "updated_at"])
    _record(actor, evaluation, "evaluation.edit", {**answer, "before": before})
    return evaluation


def _record(actor: Actor, evaluation: CadreEvaluation, verb: str, answer: dict) -> None:  # type: ignore[type-arg]
    data = {k: v for k, v in answer.items() if k != "comment"}
    audit.record(
        verb=verb,
        obj_type=OBJECT_TYPE,
        obj_id=evaluation.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={
            "concern_id": evaluation.concern_id,
            "cadre_id": evaluation.cadre_id,
            "unit_id": evaluation.unit_id,
            "role": evaluation.role,
            "has_comment": bool(answer.get("comment")),
            **data,
        },
    )
