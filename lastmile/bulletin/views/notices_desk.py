"""Notices at the desk (staff): the list, writing and editing, scheduling, publishing,
withdrawing, attachments. One form → one service; errors next to the field, input kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.bulletin import selectors
from lastmile.bulletin.choices import NOTICE_TRANSITIONS, NoticeStatus, allowed_actions
from lastmile.bulletin.forms import AttachForm, NoticeForm, PublishForm, WithdrawForm
from lastmile.bulletin.models import Notice
from lastmile.bulletin.presenters import describe
from lastmile.bulletin.sanitize import editable
from lastmile.bulletin.services import notices as services
from lastmile.bulletin.views.desk_common import form_error, render_desk, staff_actor
from lastmile.core.errors import Conflict, DomainError
from lastmile.orgs.selectors import Actor

PER_PAGE = 30

ACTION_TEXT: dict[str, tuple[Any, Any]] = {
    "publish": (
        gettext_lazy("Publish"),
        gettext_lazy(
            "The notice appears on the notice list for its audience, who are told in-app once. "
            "With a later publish time it stays hidden until then."
        ),
    ),
    "republish": (
        gettext_lazy("Publish again"),
        gettext_lazy("The notice appears again; its audience is not told a second time."),
    ),
    "withdraw": (
        gettext_lazy("Withdraw"),
        gettext_lazy("The notice disappears from the public pages at once."),
    ),
}
DONE = {
    "publish": gettext_lazy("The notice is published."),
    "republish": gettext_lazy("The notice is published again."),
    "withdraw": gettext_lazy("The notice is withdrawn."),
    "scheduled": gettext_lazy("The notice is scheduled; it appears at its publish time."),
}


def _notice_form(actor: Actor, data: Any = None, notice: Notice | None = None) -> NoticeForm:
    initial: dict[str, Any] = {"kind": "notice", "audience": "public"}
    if notice is not None:
        initial = {
            "kind": notice.kind,
            "title": notice.title,
            "body": editable(notice.body),
            "audience": notice.audience,
            "area": notice.area_id,
            "expires_at": notice.expires_at,
            "is_pinned": notice.is_pinned,
            "version": notice.version,
        }
    return NoticeForm(data, initial=initial, areas=selectors.staff_areas(actor))


def _input(data: dict[str, Any]) -> services.NoticeInput:
    return services.NoticeInput(
        kind=data["kind"],
        title=data["title"],
        body=data["body"],
        audience=data["audience"],
        area=data["area"],
        expires_at=data.get("expires_at"),
        is_pinned=bool(data.get("is_pinned")),
    )


@login_required
@require_GET
def desk_list(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    status = request.GET.get("status", "")
    q = (request.GET.get("q") or "").strip()
    page = Paginator(selectors.desk_list(actor, status=status, q=q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render_desk(
        request,
        actor,
        "notices.html",
        {
            "page": page,
            "status": status if status in NoticeStatus.values else "",
            "q": q,
            "statuses": NoticeStatus.choices,
            "counts": selectors.desk_counts(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk_new(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    form = _notice_form(actor, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_create(actor=actor, data=_input(form.cleaned_data))
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Draft saved. Check it, then publish it."))
            return redirect("notices:desk_notice", pk=notice.pk)
    status = 400 if form.errors else 200
    return render_desk(request, actor, "notice_form.html", {"form": form}, status)


def _action_form(name: str, notice: Notice, data: Any = None) -> forms.Form:
    kwargs: dict[str, Any] = {"initial": {"version": notice.version}, "auto_id": f"id_{name}_%s"}
    if name == "withdraw":
        return WithdrawForm(data, **kwargs)
    return PublishForm(data, **kwargs)


def render_notice(
    request: HttpRequest,
    actor: Actor,
    notice: Notice,
    *,
    form: NoticeForm | None = None,
    bound: forms.Form | None = None,
    bound_action: str = "",
    attach_form: AttachForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = []
    for name in allowed_actions(NOTICE_TRANSITIONS, notice.status):
        title, confirm = ACTION_TEXT[name]
        action_form = bound if name == bound_action and bound is not None else None
        actions.append(
            {
                "name": name,
                "form": action_form or _action_form(name, notice),
                "title": title,
                "confirm": confirm,
                "files": False,
            }
        )
    context = {
        "notice": notice,
        "form": form or _notice_form(actor, notice=notice),
        "attach_form": attach_form or AttachForm(),
        "attachments": selectors.attachments(notice),
        "actions": actions,
        "error_action": bound_action,
        "is_live": notice.is_live(),
        "is_scheduled": notice.status == NoticeStatus.PUBLISHED
        and notice.published_at is not None
        and notice.published_at > timezone.now(),
        "events": describe(selectors.timeline(notice)),
    }
    return render_desk(request, actor, "notice.html", context, status)


@login_required
@require_http_methods(["GET", "POST"])
def desk_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice at the desk; a POST saves the edit form."""
    actor = staff_actor(request)
    notice = selectors.desk_get(actor, pk)
    if request.method == "GET":
        return render_notice(request, actor, notice)
    form = _notice_form(actor, request.POST, notice)
    if form.is_valid():
        try:
            services.notice_update(
                actor=actor,
                notice=notice,
                data=_input(form.cleaned_data),
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as exc:
            form_error(form, exc)
            return render_notice(
                request, actor, selectors.desk_get(actor, pk), form=form, status=exc.http_status
            )
        messages.success(request, _("Changes saved."))
        return redirect("notices:desk_notice", pk=notice.pk)
    return render_notice(request, actor, notice, form=form, status=400)


@login_required
@require_POST
def desk_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    notice = selectors.desk_get(actor, pk)
    if action not in NOTICE_TRANSITIONS:
        raise Http404("unknown action")
    form = _action_form(action, notice, request.POST)
    if not form.is_valid():
        return render_notice(request, actor, notice, bound=form, bound_action=action, status=400)
    data = form.cleaned_data
    try:
        if action == "withdraw":
            services.notice_withdraw(
                actor=actor, notice=notice, reason=data["reason"], expected_version=data["version"]
            )
        else:
            run = services.notice_publish if action == "publish" else services.notice_republish
            notice = run(
                actor=actor,
                notice=notice,
                publish_at=data.get("publish_at"),
                expected_version=data["version"],
            )
    except DomainError as exc:
        form_error(form, exc)
        fresh = selectors.desk_get(actor, pk)
        if isinstance(exc, Conflict):
            post = request.POST.copy()
            post["version"] = str(fresh.version)
            form = _action_form(action, fresh, post)
            form.is_valid()
            form_error(form, exc)
        return render_notice(
            request, actor, fresh, bound=form, bound_action=action, status=exc.http_status
        )
    scheduled = action != "withdraw" and not notice.is_live()
    messages.success(request, str(DONE["scheduled" if scheduled else action]))
    return redirect("notices:desk_notice", pk=pk)


@login_required
@require_POST
def desk_attach(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    notice = selectors.desk_get(actor, pk)
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["attachment"]
        try:
            services.notice_attach(
                actor=actor, notice=notice, name=upload.name, content=upload.read()
            )
        except DomainError as exc:
            form_error(form, exc)
            return render_notice(request, actor, notice, attach_form=form, status=400)
        messages.success(request, _("File attached."))
        return redirect("notices:desk_notice", pk=pk)
    return render_notice(request, actor, notice, attach_form=form, status=400)


@login_required
@require_POST
def desk_detach(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    actor = staff_actor(request)
    notice = selectors.desk_get(actor, pk)
    item = notice.attachments.filter(pk=file_pk).first()
    if item is None:
        raise Http404("attachment not found")
    services.notice_detach(actor=actor, attachment=item)
    messages.success(request, _("Attachment removed."))
    return redirect("notices:desk_notice", pk=pk)
