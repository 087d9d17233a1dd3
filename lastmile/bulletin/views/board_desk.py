"""The message board at the desk (staff of the area): the moderation queue, a post with its
private contact, replying, moderating with a reason, and turning a post into a concern."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lastmile.bulletin import selectors_board as selectors
from lastmile.bulletin.choices import CONCERN_KIND, POST_TRANSITIONS, PostKind, allowed_actions
from lastmile.bulletin.forms import VISIBILITY_FILTERS, ConvertForm, ModerateForm, ReplyForm
from lastmile.bulletin.models import BoardPost
from lastmile.bulletin.services import board as services
from lastmile.bulletin.services import moderation
from lastmile.bulletin.views.desk_common import form_error, render_desk, staff_actor
from lastmile.core.errors import Conflict, DomainError
from lastmile.core.pii import log_pii_access
from lastmile.orgs.selectors import Actor

PER_PAGE = 30


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    show = request.GET.get("show", "")
    q = (request.GET.get("q") or "").strip()
    page = Paginator(selectors.desk_posts(actor, show=show, q=q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render_desk(
        request,
        actor,
        "queue.html",
        {
            "page": page,
            "show": show,
            "q": q,
            "filters": VISIBILITY_FILTERS,
            "counts": selectors.desk_counts(actor),
            "query": query.urlencode(),
        },
    )


def _moderate_form(post: BoardPost, data: Any = None) -> ModerateForm:
    form = ModerateForm(data, initial={"version": post.version}, auto_id="id_mod_%s")
    allowed = set(allowed_actions(POST_TRANSITIONS, post.visibility))
    field = form.fields["action"]
    field.choices = [c for c in field.choices if c[0] in allowed]  # type: ignore[attr-defined]
    return form


def render_post(
    request: HttpRequest,
    actor: Actor,
    post: BoardPost,
    *,
    reply_form: ReplyForm | None = None,
    moderate_form: ModerateForm | None = None,
    convert_form: ConvertForm | None = None,
    status: int = 200,
) -> HttpResponse:
    kind = CONCERN_KIND.get(PostKind(post.kind), "consult")
    context = {
        "post": post,
        "reply_form": reply_form or ReplyForm(auto_id="id_reply_%s"),
        "moderate_form": moderate_form or _moderate_form(post),
        "convert_form": convert_form or ConvertForm(initial={"kind": kind}, auto_id="id_cv_%s"),
        **selectors.desk_detail(post),
    }
    return render_desk(request, actor, "post.html", context, status)


@login_required
@require_GET
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    post = selectors.desk_post(actor, pk)
    if post.name or post.phone:
        log_pii_access(
            actor=actor,
            subject_type="boardpost",
            subject_id=post.pk,
            person_id=post.person_id,
            fields=[f for f in ("name", "phone") if getattr(post, f)],
            purpose=f"回复留言 #{post.pk}",
            request=request,
            area=post.area,
        )
    return render_post(request, actor, post)


@login_required
@require_POST
def post_reply(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    post = selectors.desk_post(actor, pk)
    form = ReplyForm(request.POST, auto_id="id_reply_%s")
    if form.is_valid():
        try:
            services.post_reply(actor=actor, post=post, text=form.cleaned_data["text"])
        except DomainError as exc:
            form_error(form, exc)
            return render_post(request, actor, post, reply_form=form, status=exc.http_status)
        messages.success(request, _("Reply published."))
        return redirect("messages:desk_post", pk=pk)
    return render_post(request, actor, post, reply_form=form, status=400)


@login_required
@require_POST
def post_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    post = selectors.desk_post(actor, pk)
    form = _moderate_form(post, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            moderation.post_moderate(
                actor=actor,
                post=post,
                action=data["action"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except DomainError as exc:
            fresh = selectors.desk_post(actor, pk)
            if isinstance(exc, Conflict):
                fresh_data = request.POST.copy()
                fresh_data["version"] = str(fresh.version)
                form = _moderate_form(fresh, fresh_data)
                form.is_valid()
            form_error(form, exc)
            return render_post(request, actor, fresh, moderate_form=form, status=exc.http_status)
        messages.success(request, _("Moderation recorded."))
        return redirect("messages:desk_post", pk=pk)
    return render_post(request, actor, post, moderate_form=form, status=400)


@login_required
@require_POST
def post_convert(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    post = selectors.desk_post(actor, pk)
    form = ConvertForm(request.POST, auto_id="id_cv_%s")
    if form.is_valid():
        try:
            concern = services.post_convert(actor=actor, post=post, kind=form.cleaned_data["kind"])
        except DomainError as exc:
            form_error(form, exc)
            return render_post(request, actor, post, convert_form=form, status=exc.http_status)
        messages.success(
            request,
            _("The post is now concern %(code)s; it is tracked in the concern loop.")
            % {"code": concern.code},
        )
        return redirect("messages:desk_post", pk=pk)
    return render_post(request, actor, post, convert_form=form, status=400)
