"""Sign-up for residents and volunteers, and where a login lands."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lastmile.core import throttle
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
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            throttle.hit("signup", request, phone=data["phone"])
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
            status = error.http_status
        else:
            assert person.user is not None
            login(request, person.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_safe_next(request) or "/")
    return render(
        request, "orgs/signup.html", {"form": form, "next": _safe_next(request)}, status=status
    )


@require_GET
def after_login(request: HttpRequest) -> HttpResponse:
    """Staff land on their desk; residents, volunteers and party members on the home page."""
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect("/desk/" if actor_for_user(request.user).is_staff_member else "/")


# ---- log in: throttled per address and username; django-axes locks a username+address ----------


class LoginForm(AuthenticationForm):
    """Django's login form, throttled before the password is checked (LASTMILE_THROTTLE
    "login"); ``lastmile_error`` is the message the page shows instead of "wrong password"."""

    lastmile_error = ""
    status = 200

    def clean(self) -> dict[str, Any]:
        try:
            throttle.hit("login", self.request, username=self.data.get("username", ""))
        except throttle.Throttled as error:
            self.lastmile_error, self.status = str(error.message), error.http_status
            raise forms.ValidationError(self.lastmile_error, code="throttled") from error
        return super().clean()


class ThrottledLoginView(LoginView):
    form_class = LoginForm

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = getattr(form, "status", 200)
        return response


login_view = ThrottledLoginView.as_view()


def lockout_message() -> str:
    hours = float(getattr(settings, "AXES_COOLOFF_TIME", 0) or 0)
    minutes = max(1, round(hours * 60))
    return _(
        "Too many failed logins for this username from this address. Logging in is locked here "
        "for %(minutes)d minutes; an administrator can unlock it sooner."
    ) % {"minutes": minutes}


def locked_out(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the login page again, the username kept, the reason shown."""
    form = LoginForm(request, data=request.POST or None)
    form.lastmile_error = lockout_message()
    context = {"form": form, "next": _safe_next(request)}
    return render(request, "registration/login.html", context, status=429)
