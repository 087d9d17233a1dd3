"""Model stories (典型示范) at the desk: the list, publishing one, withdrawing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.merits.choices import PeriodKind
from lastmile.merits.forms import StoryForm
from lastmile.merits.selectors import deeds as deed_sel
from lastmile.merits.selectors import stories as story_sel
from lastmile.merits.services import stories as story_services
from lastmile.merits.views.common import (
    cleaned_upload,
    form_error,
    int_param,
    render_desk,
    staff_actor,
)

PEOPLE_SHOWN = 30


@login_required
@require_http_methods(["GET", "POST"])
def stories(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request, cadre=True)
    person_id = int_param(request, "person")
    person = deed_sel.person_get_for_actor(actor, person_id) if person_id else None
    query = request.GET.get("q", "").strip()
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        initial={"period_kind": PeriodKind.QUARTER, "period_day": timezone.localdate()},
    )
    if request.method == "POST" and person is not None and form.is_valid():
        data = form.cleaned_data
        try:
            story = story_services.story_publish(
                actor=actor,
                person=person,
                title=data["title"],
                story=data["story"],
                period_kind=data["period_kind"],
                period_day=data["period_day"],
                consent=data["consent"],
                photo=cleaned_upload(form, "photo"),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Published: %(title)s") % {"title": story.title})
            return redirect("merits:desk_stories")
    status = 400 if form.errors else 200
    return render_desk(
        request,
        actor,
        "stories.html",
        {
            "stories": list(story_sel.stories_for_actor(actor).order_by("-created_at")[:50]),
            "person": person,
            "query": query,
            "people": list(deed_sel.people_for_actor(actor, query)[:PEOPLE_SHOWN])
            if query and person is None
            else [],
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def story_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request, cadre=True)
    story = story_sel.story_get_for_actor(actor, pk)
    try:
        story_services.story_withdraw(actor=actor, story=story)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Taken off the public page."))
    return redirect("merits:desk_stories")
