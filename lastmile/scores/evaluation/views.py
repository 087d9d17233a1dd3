"""Resident pages of 群众评议: the tracking-page evaluation (POST) and the survey rounds."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.concerns import selectors as concern_selectors
from lastmile.concerns.models import Concern
from lastmile.concerns.views.public import TRACKED
from lastmile.core.errors import DomainError
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import actor_for_user
from lastmile.scores.evaluation.forms import AnswerForm, SurveyAnswerForm
from lastmile.scores.evaluation.models import EvaluationRound
from lastmile.scores.evaluation.panels import DRAFT
from lastmile.scores.evaluation.selectors import person_home, rounds_open_for
from lastmile.scores.evaluation.services import cadre_evaluate, round_respond


def _fingerprint(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session["seen"] = True
        request.session.save()
    return hashlib.sha256(str(request.session.session_key).encode()).hexdigest()


def _concern_for(request: HttpRequest, code: str) -> tuple[Concern, bool]:
    """The concern, and whether this browser holds its tracking code + PIN; 404 otherwise
    (unless the logged-in resident raised it)."""
    pin = request.session.get(TRACKED, {}).get(code)
    concern = concern_selectors.track_get(code, pin) if pin else None
    if concern is not None:
        return concern, True
    if request.user.is_authenticated:
        found = Concern.objects.filter(code=code, resident_user_id=request.user.pk).first()
        if found is not None:
            return found, False
    raise Http404("unknown concern")


@require_POST
def track_evaluate(request: HttpRequest, code: str) -> HttpResponse:
    concern, holds_pin = _concern_for(request, code)
    try:
        cadre = Person.objects.get(pk=int(request.POST.get("cadre", "")))
    except (ValueError, Person.DoesNotExist):
        raise Http404("unknown cadre") from None
    form = AnswerForm(request.POST, prefix=f"c{cadre.pk}")
    back = redirect(f"/track/{concern.code}/#evaluate")
    data = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        request.session[DRAFT] = {
            "code": concern.code,
            "cadre": cadre.pk,
            "data": data,
            "field": field,
            "error": str(errors[0]),
        }
        return back
    try:
        cadre_evaluate(
            actor=actor_for_user(request.user),
            concern=concern,
            cadre=cadre,
            holds_pin=holds_pin,
            fingerprint=_fingerprint(request),
            **form.cleaned_data,
        )
    except DomainError as error:
        request.session[DRAFT] = {
            "code": concern.code,
            "cadre": cadre.pk,
            "data": data,
            "field": error.field,
            "error": str(error.message),
        }
        return back
    messages.success(
        request, _("Thank you: your evaluation of %(name)s is recorded.") % {"name": cadre.name}
    )
    return back


@login_required
@require_GET
def rounds(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    return render(
        request,
        "scores/evaluation/rounds.html",
        {"rounds": rounds_open_for(actor.person), "is_staff": actor.is_staff_member},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for_user(request.user)
    rnd = EvaluationRound.objects.select_related("area").filter(pk=pk).first()
    person = actor.person
    home = person_home(person) if person else None
    if rnd is None or person is None or home is None or not home.path.startswith(rnd.area.path):
        raise Http404("not a round for you")
    cadres = [c for c in rnd.cadres.select_related("person", "unit") if c.person_id != person.pk]
    data = request.POST if request.method == "POST" else None
    forms = [(c, SurveyAnswerForm(data, prefix=f"c{c.pk}")) for c in cadres]
    error, status = "", 200
    if request.method == "POST":
        if all(f.is_valid() for _c, f in forms):
            answers = {c.pk: dict(f.cleaned_data) for c, f in forms}
            try:
                round_respond(actor=actor, rnd=rnd, answers=answers)
            except DomainError as exc:
                error, status = str(exc.message), 400
                for c, f in forms:
                    prefix = f"c{c.pk}_"
                    if exc.field.startswith(prefix) and exc.field[len(prefix) :] in f.fields:
                        f.add_error(exc.field[len(prefix) :], error)
                        error = ""
            else:
                messages.success(request, _("Thank you: your answers are recorded."))
                return redirect("scores:evaluation:rounds")
        else:
            error, status = _("Please check the answers marked below."), 400
    context = {"round": rnd, "forms": forms, "error": error, "is_staff": actor.is_staff_member}
    return render(request, "scores/evaluation/answer.html", context, status=status)
