"""Staff desk pages (login): my inbox, the dispatcher's queue, supervision, phone intake.

The concern page and its actions live in ``desk_actions``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps as django_apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.concerns import hooks, permissions, services
from lastmile.concerns.choices import Channel
from lastmile.concerns.forms_desk import IntakeForm
from lastmile.concerns.models import Concern
from lastmile.concerns.selectors import (
    concern_get_for_actor,
    dispatch_queue_for_actor,
    inbox_for_actor,
    supervision_for_actor,
    unit_overdue_counts,
)
from lastmile.concerns.selectors_supervision import escalations_for_actor
from lastmile.concerns.views.desk_actions import concern_action, concern_detail, nav_roles
from lastmile.core.errors import DomainError, NotPermitted
from lastmile.orgs.choices import Role
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor, actor_for_user, subtree_q

__all__ = ["concern_action", "concern_detail", "inbox", "new_concern", "queue", "supervise"]


INTAKE_FIELDS = {"phone": "resident_phone", "name": "resident_name"}


def _page(
    request: HttpRequest,
    actor: Actor,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        f"concerns/desk/{template}",
        {"actor": actor, **nav_roles(actor), **context},
        status=status,
    )


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:  # residents have no desk (found by the permission matrix)
        raise NotPermitted(_("Only staff can use this page."))
    box = inbox_for_actor(actor)
    sections = [
        ("new", _("New — to sign for"), box.new, _("Nothing new to sign for.")),
        ("overdue", _("Overdue"), box.overdue, _("Nothing overdue — well done.")),
        ("due_today", _("Due today"), box.due_today, _("Nothing due today.")),
        ("in_hand", _("In hand"), box.in_hand, _("Nothing in hand.")),
        (
            "awaiting_callback",
            _("Awaiting the resident's feedback"),
            box.awaiting_callback,
            _("No replies awaiting feedback."),
        ),
    ]
    if box.counts["assisting"]:
        sections.append(
            (
                "assisting",
                _("Assisting — report to the lead unit"),
                box.assisting,
                _("Nothing to report."),
            )
        )
    if actor.has_role(Role.GRID_WORKER):
        sections.append(
            ("my_grids", _("Open in my grids"), box.my_grids, _("Nothing open in your grids."))
        )
    return _page(
        request,
        actor,
        "inbox.html",
        {
            "counts": box.counts,
            "sections": [
                {"key": k, "title": t, "rows": rows, "count": box.counts[k], "empty": e}
                for k, t, rows, e in sections
            ],
        },
    )


def _route_cache() -> Any:
    """Route suggestions memoised per (category, area): one lookup per distinct pair."""
    cache: dict[tuple[int | None, int | None], Any] = {}

    def suggest(concern: Concern) -> Any:
        key = (concern.category_id, concern.area_id)
        if key not in cache:
            cache[key] = services.route(category=concern.category, area=concern.area)
        return cache[key]

    return suggest


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:  # residents have no desk (found by the permission matrix)
        raise NotPermitted(_("Only staff can use this page."))
    suggest = _route_cache()
    rows = [
        (concern, suggest(concern), _category_guess(concern))
        for concern in dispatch_queue_for_actor(actor)
    ]
    return _page(request, actor, "queue.html", {"rows": rows})


def _category_guess(concern: Concern) -> hooks.CategoryGuess | None:
    """The classifier's best category for an uncategorised concern (None without a provider)."""
    if concern.category_id:
        return None
    guesses = hooks.suggest_categories(f"{concern.title} {concern.text}", limit=1)
    return guesses[0] if guesses else None


SUPERVISION_ACTIONS = {"urge": services.concern_urge, "circulate": services.concern_circulate}


def _overdue_ledger_items(actor: Actor) -> list[Any] | None:
    """LEDGER ITEMS (整改台账) on the supervisor's board: overdue rectification items in reach.

    ``concerns`` sits below ``rectify`` and does not depend on it: the ledger's selector is looked
    up only when that app is installed (None: no ledger section)."""
    if not django_apps.is_installed("lastmile.rectify"):
        return None
    try:
        ledger = import_module("lastmile.rectify.selectors")
    except ImportError:
        return None
    overdue = getattr(ledger, "overdue_items_for_actor", None)
    return list(overdue(actor).select_related("owner_unit")[:50]) if overdue else None


@login_required
@require_http_methods(["GET", "POST"])
def supervise(request: HttpRequest) -> HttpResponse:
    """督办 board: overdue concerns with one-click 催办 / 通报, overdue ledger items and the
    escalations already raised (by the sweep or by hand). POST runs one action on one concern."""
    actor = actor_for_user(request.user)
    if not actor.is_staff_member:  # residents have no desk (found by the permission matrix)
        raise NotPermitted(_("Only staff can use this page."))
    if request.method == "POST":
        action = SUPERVISION_ACTIONS.get(request.POST.get("action", ""))
        concern = concern_get_for_actor(actor, request.POST.get("code", ""))
        if action is None:
            raise PermissionDenied(_("Unknown action."))
        try:
            action(actor=actor, concern=concern, note=request.POST.get("note", ""))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Done: %(code)s.") % {"code": concern.code})
        return redirect("concerns:desk_supervise")
    rows = list(supervision_for_actor(actor))
    return _page(
        request,
        actor,
        "supervise.html",
        {
            "rows": rows,
            "can_act": {c.code for c in rows if permissions.is_supervisor_for(actor, c)},
            "escalations": list(escalations_for_actor(actor)),
            "ledger_items": _overdue_ledger_items(actor),
            "units": unit_overdue_counts(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_concern(request: HttpRequest) -> HttpResponse:
    """A phone call taken by the operator: recorded as a concern with channel ``operator``."""
    actor = actor_for_user(request.user)
    if not actor.has_role(Role.DISPATCHER, Role.ADMIN):
        raise PermissionDenied(_("Only operators and dispatchers take calls."))
    areas = Area.objects.all()
    if not actor.is_superuser:
        areas = areas.filter(subtree_q(actor.area_paths(Role.DISPATCHER, Role.ADMIN), "path"))
    suggest_url = reverse("concerns:desk_new")
    if request.method == "POST" and request.POST.get("_suggest"):
        return _intake_suggestion(request, actor, areas, suggest_url)
    form = IntakeForm(request.POST or None, areas=areas, suggest_url=suggest_url)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.concern_submit(
                actor=actor,
                channel=Channel.OPERATOR,
                kind=data["kind"],
                urgency=data["urgency"],
                text=data["text"],
                category=data["category"],
                area=data["area"],
                address=data["address"],
                resident_name=data["resident_name"],
                resident_phone=data["resident_phone"],
            )
        except DomainError as exc:
            field = INTAKE_FIELDS.get(exc.field, exc.field)
            form.add_error(field if field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request,
                _("Concern %(code)s recorded. Tell the caller the tracking code and PIN %(pin)s.")
                % {"code": result.concern.code, "pin": result.pin},
            )
            return redirect("concerns:desk_concern", code=result.concern.code)
    status = 400 if form.is_bound else 200
    guess = hooks.best_category(request.POST.get("text", "")) if form.is_bound else None
    return _page(request, actor, "new.html", {"form": form, "guess": guess}, status=status)


def _intake_suggestion(
    request: HttpRequest, actor: Actor, areas: Any, suggest_url: str
) -> HttpResponse:
    """The classifier's category for the text typed so far, pre-selected in the form.

    htmx (as the operator types) gets the category field alone; without JavaScript the
    "Suggest a category" button re-renders the whole form, nothing typed lost. The operator's own
    choice is kept: the suggestion replaces the selection only while it is empty or still the
    previous suggestion (``suggested``)."""
    data = request.POST
    guess = hooks.best_category(data.get("text", "")[:5000])
    chosen, previous = data.get("category", ""), data.get("suggested", "")
    initial: dict[str, Any] = {k: data.get(k) for k in data if k not in ("_suggest", "suggested")}
    if guess is not None and (not chosen or chosen == previous):
        initial["category"] = guess.category.pk
    form = IntakeForm(initial=initial, areas=areas, suggest_url=suggest_url)
    context = {"form": form, "guess": guess, "kept": bool(chosen) and chosen != previous}
    if request.headers.get("HX-Request"):
        return render(request, "concerns/desk/_intake_category.html", context)
    return _page(request, actor, "new.html", context)
