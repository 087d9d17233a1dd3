"""手机党报: my digests with the delivery choice, and one digest (only for its member)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.core.errors import DomainError
from lastmile.learning import services
from lastmile.learning.forms import PreferenceForm
from lastmile.learning.selectors import digest as read
from lastmile.learning.views.common import member_view, render_member
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor


@require_http_methods(["GET", "POST"])
@member_view
def digests(request: HttpRequest, actor: Actor, person: Person) -> HttpResponse:
    pref = read.frequency_of(person)
    form = PreferenceForm(request.POST or None, initial={"frequency": pref.frequency})
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(actor=actor, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Your digest choice is saved."))
            return redirect("learning:digests")
    return render_member(
        request,
        person,
        "digests.html",
        {
            "form": form,
            "digests": list(read.digests_for(actor)[:30]),
        },
        status=400 if form.errors else 200,
    )


def _when(value: object) -> dt.datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


@require_GET
@member_view
def digest(request: HttpRequest, actor: Actor, person: Person, pk: int) -> HttpResponse:
    found = read.digest_for(actor, pk)
    content = found.content
    notices = [{**n, "at": _when(n.get("published_at"))} for n in content.get("notices", [])]
    news = [{**n, "at": _when(n.get("published_at"))} for n in content.get("news", [])]
    tasks = [{**t, "due_date": dt.date.fromisoformat(t["due"])} for t in content.get("tasks", [])]
    return render_member(
        request,
        person,
        "digest.html",
        {"digest": found, "notices": notices, "news": news, "tasks": tasks},
    )
