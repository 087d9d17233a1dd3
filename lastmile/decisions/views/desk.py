"""Decision-process pages at the desk (login): the list of matters, registering a matter, and
each area's setting (merging steps 1–2 where one person holds both posts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.core.errors import DomainError
from lastmile.decisions import permissions, selectors, services
from lastmile.decisions.choices import Status
from lastmile.decisions.forms import MatterForm, SettingForm
from lastmile.decisions.registers import one_shoulder_holder
from lastmile.decisions.services.matters import merges_first_steps
from lastmile.decisions.views.base import render_desk, staff

PER_PAGE = 30


@login_required
@require_GET
def matters(request: HttpRequest) -> HttpResponse:
    actor = staff(request)
    filters = selectors.parse_filters(request.GET)
    page = Paginator(selectors.matters_for_actor(actor, filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render_desk(
        request,
        actor,
        "list.html",
        {
            "page": page,
            "filters": filters,
            "counts": selectors.matter_counts(actor),
            "statuses": Status.choices,
            "areas": list(selectors.areas_in_reach(actor)),
            "config_areas": selectors.areas_to_configure(actor),
            "query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_matter(request: HttpRequest) -> HttpResponse:
    actor = staff(request)
    if not permissions.may_register_anywhere(actor):
        raise PermissionDenied(_("Only the cadres of a community or village register matters."))
    areas = selectors.areas_to_record(actor)
    initial = {"area": areas[0].pk} if len(areas) == 1 else {}
    form = MatterForm(request.POST or None, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.matter_create(actor=actor, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request, _("Matter %(number)s registered.") % {"number": matter.number}
            )
            return redirect("decisions:desk_matter", number=matter.number)
    return render_desk(request, actor, "new.html", {"form": form}, 400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def area_setting(request: HttpRequest, area_pk: int) -> HttpResponse:
    actor = staff(request)
    area = selectors.area_get_for_actor(actor, area_pk)
    if not permissions.may_configure(actor, area):
        raise PermissionDenied(_("Only the leader of the area's party organisation can do this."))
    form = SettingForm(
        request.POST or None, initial={"merge_first_steps": merges_first_steps(area)}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.setting_update(actor=actor, area=area, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            status = exc.http_status
        else:
            messages.success(
                request, _("Setting saved; it applies to matters registered from now on.")
            )
            return redirect("decisions:desk")
    return render_desk(
        request,
        actor,
        "setting.html",
        {"form": form, "area": area, "holder": one_shoulder_holder(area)},
        status,
    )
