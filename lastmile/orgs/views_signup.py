"""Sign-up for residents and volunteers, and where a login lands."""

from __future__ import annotations

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.core.errors import DomainError
from lastmile.orgs import services
from lastmile.orgs.forms import SignupForm
from lastmile.orgs.selectors import actor_for_user


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if ok else ""


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request) or "after_login")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.resident_signup(
                name=data["name"],
                phone=data["phone"],
                area=data["community"],
                username=data["username"],
                password=data["password"],
                is_volunteer=data["is_volunteer"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            assert person.user is not None
            login(request, person.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_safe_next(request) or "/")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "orgs/signup.html", {"form": form, "next": _safe_next(request)}, status=status
    )


@require_GET
def after_login(request: HttpRequest) -> HttpResponse:
    """Staff land on their desk; residents, volunteers and party members on the home page."""
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect("/desk/" if actor_for_user(request.user).is_staff_member else "/")
