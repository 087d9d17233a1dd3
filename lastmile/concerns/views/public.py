"""Resident and public pages (no login): home, raise a concern, track it, the public board.

Views parse input, call one service or selector and render. GET never changes state; every POST
carries a CSRF token. Access to a resident's own concern is kept in the session after a code + PIN
check; the public board shows masked text only.
"""

from __future__ import annotations

import hashlib
import math

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.concerns import hooks, presenters, selectors, selectors_public
from lastmile.concerns.choices import AWAITING_CALLBACK, PUBLIC_STATUSES, Channel, Kind, Status
from lastmile.concerns.forms_public import KIND_HELP, CallbackForm, LookupForm, RaiseForm
from lastmile.concerns.models import Concern
from lastmile.concerns.services import concern_callback, concern_me_too, concern_submit
from lastmile.core import throttle
from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import Actor, actor_for_user, area_list_public

RAISED = "lastmile_raised"  # {code: pin} of concerns raised from this browser
TRACKED = "lastmile_track"  # {code: pin} of concerns this browser has unlocked
ME_TOO = "lastmile_me_too"  # codes this browser said "me too" to
KEEP = 20  # codes remembered per browser
PIN_FAILURES_ALLOWED = 10
PIN_FAILURE_WINDOW = 15 * 60
PER_PAGE = 25
RESIDENT = Actor(user_id=None, label="resident")


# ---- helpers ---------------------------------------------------------------------------------


def _remember(request: HttpRequest, key: str, code: str, pin: str) -> None:
    stored = dict(request.session.get(key, {}))
    stored.pop(code, None)
    stored[code] = pin
    request.session[key] = dict(list(stored.items())[-KEEP:])


def _fingerprint(request: HttpRequest) -> str:
    """One stable, anonymous id per browser: sha256 of the session key (session made if needed)."""
    if not request.session.session_key:
        request.session["seen"] = True
        request.session.save()
    return hashlib.sha256(str(request.session.session_key).encode()).hexdigest()


def _client_ip(request: HttpRequest) -> str:
    return throttle.client_address(request)


def _pin_blocked(request: HttpRequest) -> bool:
    return cache.get(f"lastmile:pinfail:{_client_ip(request)}", 0) >= PIN_FAILURES_ALLOWED


def _pin_failed(request: HttpRequest) -> None:
    key = f"lastmile:pinfail:{_client_ip(request)}"
    cache.add(key, 0, PIN_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, PIN_FAILURE_WINDOW)


def _form_error(form: RaiseForm, error: DomainError) -> None:
    field = {"lat": "address"}.get(error.field, error.field)
    form.add_error(field if field in form.fields else None, str(error.message))


def _tracked(request: HttpRequest, code: str) -> Concern | None:
    pin = request.session.get(TRACKED, {}).get(code)
    return selectors.track_get(code, pin) if pin else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None


def _float(value: str | None) -> float | None:
    try:
        number = float(value or "")
    except ValueError:
        return None
    return number if math.isfinite(number) else None


# ---- home ------------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "concerns/public/home.html",
        {
            "figures": selectors_public.month_figures(),
            "lookup": LookupForm(),
            "panels": hooks.render_panels("home", request),
        },
    )


# ---- raise a concern -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def raise_concern(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        status = 400
        form = RaiseForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                throttle.hit("intake", request, phone=data["phone"])
                result = concern_submit(
                    actor=actor_for_user(request.user),
                    channel=Channel.WEB,
                    kind=data["kind"],
                    urgency=data["urgency"],
                    text=data["text"],
                    title=data["title"],
                    area=data["area"],
                    address=data["address"],
                    lat=data["lat"],
                    lng=data["lng"],
                    resident_name=data["name"],
                    resident_phone=data["phone"],
                    files=data["photos"],
                    idempotency_key=data["idempotency_key"],
                    fingerprint=_fingerprint(request),
                )
            except DomainError as error:
                _form_error(form, error)
                status = error.http_status
            else:
                code = result.concern.code
                _remember(request, RAISED, code, result.pin)
                _remember(request, TRACKED, code, result.pin)
                return redirect("concerns:submitted", code=code)
    else:
        form = RaiseForm()
    kinds = [
        {"value": value, "label": label, "help": KIND_HELP[Kind(value)]}
        for value, label in Kind.choices
    ]
    return render(
        request, "concerns/public/raise.html", {"form": form, "kinds": kinds}, status=status
    )


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Open concerns like the one being typed (masked by the template), with "me too"."""
    text = request.GET.get("text", "").strip()[:500]
    area_id = _int(request.GET.get("area"))
    found: list[Concern] = []
    # hooks has no public "is registered" yet; without a provider keep the cheap word match
    if len(text) >= 4 and "duplicates" in hooks._providers:
        area = area_list_public().filter(pk=area_id).first() if area_id else None
        lat, lng = _float(request.GET.get("lat")), _float(request.GET.get("lng"))
        found = [g.concern for g in hooks.find_duplicates(text=text, area=area, lat=lat, lng=lng)]
    elif len(text) >= 4:
        found = selectors.similar_open(text=text, area_id=area_id)
    return render(request, "concerns/public/_similar.html", {"similar": found, "text": text})


@require_GET
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    pin = request.session.get(RAISED, {}).get(code, "")
    concern = selectors.track_get(code, pin) if pin else None
    if concern is None:
        concern = selectors.board_get(code)
        pin = ""
    return render(request, "concerns/public/submitted.html", {"concern": concern, "pin": pin})


# ---- track my concern ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def track_lookup(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = LookupForm(request.POST)
        if _pin_blocked(request):
            form.is_valid()
            form.add_error(None, _("Too many wrong attempts. Please try again in 15 minutes."))
        elif form.is_valid():
            code, pin = form.cleaned_data["code"], form.cleaned_data["pin"]
            concern = selectors.track_get(code, pin)
            if concern is not None:
                _remember(request, TRACKED, concern.code, pin)
                return redirect("concerns:track", code=concern.code)
            _pin_failed(request)
            form.add_error(None, _("The tracking code or PIN is not right. Please check both."))
        return render(request, "concerns/public/track_lookup.html", {"form": form}, status=400)
    form = LookupForm(initial={"code": request.GET.get("code", "")[:16]})
    return render(request, "concerns/public/track_lookup.html", {"form": form})


def _track_page(
    request: HttpRequest,
    concern: Concern,
    form: CallbackForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    can_rate = concern.status in AWAITING_CALLBACK
    context = {
        "concern": concern,
        "items": presenters.describe(selectors.timeline(concern), audience=presenters.RESIDENT),
        "evidence": selectors_public.public_evidence(concern),
        "can_rate": can_rate,
        "form": form or (CallbackForm() if can_rate else None),
        "due": concern.sign_due if concern.status == Status.DISPATCHED else concern.resolve_due,
        "open": concern.status not in {Status.CLOSED, *AWAITING_CALLBACK},
        "error": error,
        "panels": hooks.render_panels("track", request, concern=concern),
    }
    return render(request, "concerns/public/track.html", context, status=status)


@require_GET
def track(request: HttpRequest, code: str) -> HttpResponse:
    concern = _tracked(request, code)
    if concern is None:
        return redirect(f"{reverse('concerns:track_lookup')}?code={code[:16]}")
    return _track_page(request, concern)


@require_POST
def track_callback(request: HttpRequest, code: str) -> HttpResponse:
    concern = _tracked(request, code)
    if concern is None:
        return redirect(f"{reverse('concerns:track_lookup')}?code={code[:16]}")
    form = CallbackForm(request.POST)
    if not form.is_valid():
        return _track_page(request, concern, form, status=400)
    data = form.cleaned_data
    try:
        throttle.hit("callback", request)
        concern = concern_callback(
            actor=RESIDENT,
            concern=concern,
            contacted=data["contacted"] == "yes",
            resolved=data["resolved"] == "yes",
            satisfaction=data["satisfaction"],
            comment=data["comment"],
        )
    except DomainError as error:
        if error.field in form.fields:
            form.add_error(error.field, str(error.message))
            return _track_page(request, concern, form, status=400)
        status = error.http_status if error.http_status == 429 else 400
        return _track_page(request, concern, form, status=status, error=str(error.message))
    if concern.status == Status.REOPENED:
        messages.success(
            request, _("Thank you. Your concern has been reopened and will be handled again.")
        )
    else:
        messages.success(request, _("Thank you for your feedback. The concern is now closed."))
    return redirect("concerns:track", code=concern.code)


# ---- the public board ------------------------------------------------------------------------


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in PUBLIC_STATUSES else ""
    category_id, area_id = _int(request.GET.get("category")), _int(request.GET.get("area"))
    query = request.GET.get("q", "").strip()[:50]
    filters = {"status": status, "category_id": category_id, "area_id": area_id, "query": query}
    qs = selectors_public.board_list_qs(
        status=status, category_id=category_id, area_id=area_id, query=query
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "querystring": params.urlencode(),
        "statuses": [(v, label) for v, label in Status.choices if v in PUBLIC_STATUSES],
        "categories": selectors_public.top_categories(),
        "communities": selectors_public.community_list(),
        "filtered": any(filters.values()),
    }
    return render(request, "concerns/public/board.html", context)


@require_GET
def board_detail(request: HttpRequest, code: str) -> HttpResponse:
    concern = selectors.board_get(code)
    context = {
        "concern": concern,
        "area_name": selectors_public.public_area_name(concern.area),
        "items": presenters.describe(selectors.timeline(concern), audience=presenters.PUBLIC),
        "evidence": selectors_public.public_evidence(concern),
        "said_me_too": code in request.session.get(ME_TOO, []),
        "accepts_me_too": concern.status not in {Status.DIVERTED, Status.MERGED},
    }
    return render(request, "concerns/public/board_detail.html", context)


@require_POST
def me_too(request: HttpRequest, code: str) -> HttpResponse:
    concern = selectors.board_get(code)
    try:
        throttle.hit("me_too", request)
        counted = concern_me_too(concern=concern, fingerprint=_fingerprint(request))
    except DomainError as error:
        level, text = messages.ERROR, str(error.message)
    else:
        request.session[ME_TOO] = [*request.session.get(ME_TOO, [])[-(KEEP * 5) :], code]
        level, text = (
            (messages.SUCCESS, _("Thank you: we counted you in. It helps set priorities."))
            if counted
            else (messages.INFO, _("You have already said “me too” to this concern."))
        )
    if request.htmx:  # type: ignore[attr-defined]
        concern.refresh_from_db(fields=["me_too_count"])
        return render(  # 200 even when throttled: htmx swaps only 2xx, and the text says why
            request, "concerns/public/_me_too_done.html", {"concern": concern, "text": text}
        )
    messages.add_message(request, level, text)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("concerns:board_detail", kwargs={"code": concern.code})
    return redirect(target)
