"""The quiz: questions with their choices; answers are checked by the service, never here."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lastmile.core.errors import DomainError
from lastmile.learning import services
from lastmile.learning.selectors import member as read
from lastmile.learning.services.quiz import Unanswered
from lastmile.learning.views.common import member_view, render_member
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor

ANSWER = re.compile(r"^q(\d+)$")


def parse_answers(data: object) -> dict[str, list[str]]:
    """Every ``q<id>`` field as posted (the service decides whether the ids belong here)."""
    getlist = getattr(data, "getlist", None)
    keys: list[str] = list(getattr(data, "keys", lambda: [])())
    answers: dict[str, list[str]] = {}
    for key in keys:
        match = ANSWER.match(key)
        if match and getlist is not None:
            answers[match.group(1)] = [v for v in getlist(key) if v.strip().isdecimal()]
    return answers


@require_http_methods(["GET", "POST"])
@member_view
def quiz(request: HttpRequest, actor: Actor, person: Person, pk: int) -> HttpResponse:
    progress = read.course_for_member(person, pk)
    course = progress.course
    questions = list(course.questions.prefetch_related("choices"))
    if not questions:
        raise Http404("no quiz")
    chosen: dict[str, list[str]] = {}
    error, missing = "", set[int]()
    status = 200
    if request.method == "POST":
        chosen = parse_answers(request.POST)
        try:
            attempt = services.quiz_submit(actor=actor, course=course, answers=chosen)
        except Unanswered as exc:
            error, missing, status = str(exc), set(exc.questions), 400
        except DomainError as exc:
            error, status = str(exc), exc.http_status
        else:
            return redirect("learning:attempt", pk=course.pk, number=attempt.number)
    attempts = read.attempts_for(person, course)
    left = max(0, course.max_attempts - len(attempts)) if course.max_attempts else None
    return render_member(
        request,
        person,
        "quiz.html",
        {
            "course": course,
            "p": progress,
            "questions": [
                {
                    "q": q,
                    "missing": q.pk in missing,
                    "chosen": set(chosen.get(str(q.pk), [])),
                }
                for q in questions
            ],
            "attempts": attempts,
            "left": left,
            "passed": any(a.passed for a in attempts),
            "error": error,
            "missing_text": _("Answer this question."),
        },
        status=status,
    )


@require_http_methods(["GET"])
@member_view
def attempt(
    request: HttpRequest, actor: Actor, person: Person, pk: int, number: int
) -> HttpResponse:
    progress = read.course_for_member(person, pk)
    attempts = read.attempts_for(person, progress.course)
    found = next((a for a in attempts if a.number == number), None)
    if found is None:
        raise Http404("attempt not found")
    questions = list(progress.course.questions.prefetch_related("choices"))
    rows = []
    for q in questions:
        picked = set(found.answers.get(str(q.pk), []))
        right = {c.pk for c in q.choices.all() if c.is_correct}
        rows.append({"q": q, "picked": picked, "ok": picked == right})
    left = (
        max(0, progress.course.max_attempts - len(attempts))
        if progress.course.max_attempts
        else None
    )
    return render_member(
        request,
        person,
        "attempt.html",
        {"course": progress.course, "p": progress, "a": found, "rows": rows, "left": left},
    )
