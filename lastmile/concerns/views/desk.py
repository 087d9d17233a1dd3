"""Staff desk pages (login). Placeholder: being built."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("todo", status=501)


inbox = queue = supervise = new_concern = concern_detail = concern_action = _todo
