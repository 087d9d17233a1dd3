"""A person's notifications: the in-app inbox and their delivery preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.notify import selectors, services
from lastmile.notify.forms import PreferenceForm


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    preference = selectors.preference_for(request.user)
    form = PreferenceForm(
        request.POST or None,
        initial={
            "sms": preference.sms,
            "wechat": preference.wechat,
            "email": preference.email,
            "quiet_start": preference.quiet_start,
            "quiet_end": preference.quiet_end,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.notify_preferences_set(user=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notify:inbox")
        status = 400
    items = [(n, selectors.rendered(n)) for n in selectors.inbox_for_user(request.user)]
    return render(
        request,
        "notify/inbox.html",
        {"items": items, "form": form, "unread": selectors.unread_count(request.user)},
        status=status,
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("pk", "")
    services.notification_mark_read(user=request.user, pk=int(raw) if raw.isdecimal() else None)
    return redirect("notify:inbox")
