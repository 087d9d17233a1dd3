"""Resident and public pages (no login). Placeholder: being built."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "concerns/public/home.html", {})


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("todo", status=501)


raise_concern = similar = submitted = track_lookup = track = track_callback = _todo
board = board_detail = me_too = _todo
