"""Open311 GeoReport v2 endpoints: parse, call one selector or service, render in the asked
format. Every failure is a specification-shaped <errors> document, never a 500 page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, RawPostDataException
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lastmile.api.tokens import token_check
from lastmile.core import throttle
from lastmile.core.errors import DomainError
from lastmile.open311 import params, presenters, selectors, services
from lastmile.open311.formats import FORMATS, MEDIA_TYPES, XML, Open311Error, render, render_error
from lastmile.orgs.selectors import Actor, actor_for_user

View = Callable[..., HttpResponse]
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-05-01T00:00:00+08:00"  # bump when the endpoint's behaviour changes


def _checked(request: HttpRequest, fmt: str) -> None:
    if fmt not in FORMATS:
        raise Open311Error(
            404, _("Format %(fmt)s is not supported: use xml or json.") % {"fmt": fmt[:10]}
        )
    given = (request.POST if request.method == "POST" else request.GET).get(
        "jurisdiction_id"
    ) or request.GET.get("jurisdiction_id", "")
    if given and given.strip() != selectors.jurisdiction_id():
        raise params.bad(_("jurisdiction_id %(id)s is not served here.") % {"id": given[:40]})


def endpoint(*methods: str) -> Callable[[View], View]:
    """Method check, format and jurisdiction check, and errors as <errors> documents."""

    def wrap(view: View) -> View:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            fmt = fmt.lower()
            try:
                if request.method not in methods:
                    raise Open311Error(
                        405, _("Method %(m)s is not allowed here.") % {"m": request.method}
                    )
                _too_big(request)
                _checked(request, fmt)
                response = view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                response = render_error(fmt, error)
            except DomainError as error:
                response = render_error(fmt, Open311Error(error.http_status, _described(error)))
            except (RequestDataTooBig, RawPostDataException):
                response = render_error(fmt, _too_big_error())
            if response.status_code == 405:
                response["Allow"] = ", ".join(methods)
            return response

        return csrf_exempt(inner)

    return wrap


# Our field names where they differ from the Open311 parameter the client sent.
PARAMETERS = {"text": "description", "title": "description", "name": "last_name", "lng": "long"}


def _described(error: DomainError) -> str:
    """The message, led by the parameter it is about so a program can tell (e.g. "phone: …")."""
    message = str(error.message)
    name = PARAMETERS.get(error.field, error.field)
    return f"{name}: {message}" if name and name not in message else message


def _too_big_error() -> Open311Error:
    limit = int(selectors.channel_setting("MAX_BODY_BYTES", 1024 * 1024))  # type: ignore[call-overload]
    return Open311Error(413, _("The request body is larger than %(n)d bytes.") % {"n": limit})


def _too_big(request: HttpRequest) -> None:
    limit = int(selectors.channel_setting("MAX_BODY_BYTES", 1024 * 1024))  # type: ignore[call-overload]
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise params.bad(_("Content-Length is not a number.")) from None
    if length > limit:
        raise _too_big_error()


def _url_for(request: HttpRequest) -> presenters.UrlFor:
    return lambda pk: request.build_absolute_uri(reverse("concerns:attachment", args=[pk]))


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    root = request.build_absolute_uri(reverse("open311:root"))
    body: dict[str, Any] = {
        "changeset": CHANGESET,
        "contact": str(
            selectors.channel_setting("OPEN311_CONTACT", "") or _("Ask the platform operator.")
        ),
        "key_service": str(
            selectors.channel_setting("OPEN311_KEY_SERVICE", "")
            or _("API keys are issued by the platform operator (lastmile apikey).")
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": root,
                "changeset": CHANGESET,
                "type": "production",
                "formats": MEDIA_TYPES,
            }
        ],
    }
    return render(fmt, "discovery", body)


@endpoint("GET")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return render(fmt, "services", [presenters.service(s) for s in selectors.service_list()])


@endpoint("GET")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    info = selectors.service_get(code)
    if info is None:
        raise Open311Error(404, _("service_code %(code)s not found.") % {"code": code[:40]})
    attributes = selectors.service_attributes(info.category)
    return render(fmt, "service_definition", presenters.definition(info, attributes))


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    form = {k: request.GET.getlist(k) for k in request.GET}
    extensions = params.flag(form, "extensions")
    ids = params.csv_values(form, "service_request_id")
    if ids:
        concerns = selectors.requests_by_ids(ids)
    else:
        when = params.window(form)
        page = params.page(form)
        qs = selectors.request_list(
            service_codes=params.csv_values(form, "service_code"),
            statuses=params.statuses(form),
            start=when.start,
            end=when.end,
        )
        concerns = list(qs[page.offset : page.offset + page.size])
    return render(fmt, "service_requests", _requests_body(request, concerns, extensions))


def _requests_body(
    request: HttpRequest, concerns: list[Any], extensions: bool
) -> list[dict[str, Any]]:
    events = selectors.timelines(concerns)
    notices = selectors.service_notices({c.category_id for c in concerns if c.category_id})
    url_for = _url_for(request)
    return [
        presenters.request(
            c,
            events=events[c.pk],
            notice=notices.get(c.category_id, ""),
            url_for=url_for,
            extensions=extensions,
        )
        for c in concerns
    ]


@endpoint("GET")
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    concern = selectors.request_get(request_id)
    if concern is None:
        raise Open311Error(404, _("service_request_id %(id)s not found.") % {"id": request_id[:40]})
    extensions = params.flag({k: request.GET.getlist(k) for k in request.GET}, "extensions")
    return render(fmt, "service_requests", _requests_body(request, [concern], extensions))


@endpoint("GET")
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    found = selectors.token_get(token)
    if found is None:
        raise Open311Error(404, _("token %(t)s not found.") % {"t": token[:40]})
    item = {
        "service_request_id": found.concern.code if found.concern else None,
        "token": found.token,
    }
    return render(fmt, "service_requests", [item])


@endpoint("GET")
def request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    form = {k: request.GET.getlist(k) for k in request.GET}
    when = params.window(form)
    page = params.page(form)
    items = selectors.updates_between(
        start=when.start, end=when.end, offset=page.offset, limit=page.size
    )
    return render(fmt, "service_requests_updates", [presenters.update(u) for u in items])


def _form(request: HttpRequest) -> dict[str, list[str]]:
    content_type = (request.content_type or "").lower()
    if content_type in ("text/xml", "application/xml"):
        return params.xml_form(request.body)
    return {k: request.POST.getlist(k) for k in request.POST}


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    throttle.hit("open311", request)  # Throttled is a DomainError: a 429 <errors> document
    form = _form(request)
    raw_key = params.one(form, "api_key") or request.GET.get("api_key", "").strip()
    client = token_check(raw_key, scope="open311")
    if client is None:
        if raw_key:
            raise Open311Error(
                403, _("Invalid api_key received -- can't proceed with create_request.")
            )
        raise Open311Error(403, _("api_key was not provided."))
    code = params.one(form, "service_code")
    if not code:
        raise params.bad(_("service_code was not provided."))
    info = selectors.service_get(code)
    if info is None:
        raise params.bad(_("service_code %(code)s not found.") % {"code": code[:40]})
    actor: Actor = (
        actor_for_user(client.user)
        if client.user is not None
        else Actor(user_id=None, label="anonymous")
    )
    result = services.request_create(
        actor=actor, client=client, service=info, data=params.request_input(form)
    )
    item: dict[str, Any] = (
        {"token": result.token} if result.token else {"service_request_id": result.concern.code}
    )
    item["service_notice"] = info.notice or None
    item["account_id"] = params.one(form, "account_id") or None
    return render(fmt, "service_requests", [item], status=200)


def root(request: HttpRequest) -> HttpResponse:
    """The endpoint's base URL: send people to the discovery document."""
    return redirect("open311:discovery", fmt=XML)
