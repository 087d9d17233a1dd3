"""Public message-board pages (党群互动): the list, the post form, a post with its replies."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.bulletin import selectors_board as selectors
from lastmile.bulletin.choices import PostKind, Visibility
from lastmile.bulletin.forms import PostForm
from lastmile.bulletin.services import board as services
from lastmile.core import throttle
from lastmile.core.errors import DomainError
from lastmile.orgs.selectors import actor_for_user

PER_PAGE = 20


@require_GET
def board_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.parse_filters(request.GET)
    page = Paginator(selectors.public_posts(filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bulletin/board/list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": bool(filters.q or filters.kind or filters.area or filters.answered),
            "kinds": PostKind.choices,
            "communities": selectors.communities(),
            "query": query.urlencode(),
        },
    )


def _client_ip(request: HttpRequest) -> str:
    return throttle.client_address(request)


@require_http_methods(["GET", "POST"])
def board_new(request: HttpRequest) -> HttpResponse:
    actor = actor_for_user(request.user)
    signed_in = actor.person is not None
    initial: dict[str, object] = {"kind": request.GET.get("kind", PostKind.QUESTION)}
    if actor.person is not None and actor.person.home_area_id:
        initial["area"] = actor.person.home_area_id
    form = PostForm(request.POST or None, initial=initial)
    if signed_in:
        del form.fields["name"], form.fields["phone"]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = services.post_submit(
                    actor=actor,
                    data=services.PostInput(
                        kind=data["kind"],
                        title=data["title"],
                        text=data["text"],
                        area=data["area"],
                        name=data.get("name", ""),
                        phone=data.get("phone", ""),
                    ),
                    ip=_client_ip(request),
                    honeypot=data.get("website", ""),
                )
            except DomainError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, str(exc))
                status = exc.http_status
            else:
                if post.visibility == Visibility.VISIBLE:
                    messages.success(request, _("Thank you. Your message is on the board."))
                    return redirect("messages:detail", pk=post.pk)
                messages.info(
                    request,
                    _(
                        "Thank you. Your message will appear on the board after a member of "
                        "staff has looked at it."
                    ),
                )
                return redirect("messages:list")
        else:
            status = 400
    return render(
        request,
        "bulletin/board/new.html",
        {"form": form, "signed_in": signed_in, "actor": actor},
        status=status,
    )


@require_GET
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.public_post_with_replies(pk)
    return render(request, "bulletin/board/detail.html", {"post": post})
