"""A party member's pages: my courses, a course, an item (with the study heartbeat), a document,
my record."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from lastmile.core.errors import DomainError
from lastmile.learning import services
from lastmile.learning.choices import Completion, ItemKind
from lastmile.learning.conf import setting
from lastmile.learning.models import CourseCompletion, CourseItem, QuizAttempt
from lastmile.learning.selectors import digest as digest_read
from lastmile.learning.selectors import member as read
from lastmile.learning.selectors.hours import hours, person_periods
from lastmile.learning.views.common import member_view, render_member
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor


@require_GET
@member_view
def home(request: HttpRequest, actor: Actor, person: Person) -> HttpResponse:
    rows = read.my_courses(person)
    open_rows = [r for r in rows if not r.completed]
    done_rows = [r for r in rows if r.completed]
    latest = digest_read.digests_for(actor).first()
    return render_member(
        request,
        person,
        "home.html",
        {
            "open_rows": open_rows,
            "done_rows": done_rows,
            "overdue": sum(1 for r in open_rows if r.overdue),
            "latest_digest": latest,
        },
    )


@require_GET
@member_view
def course(request: HttpRequest, actor: Actor, person: Person, pk: int) -> HttpResponse:
    progress = read.course_for_member(person, pk)
    return render_member(
        request,
        person,
        "course.html",
        {
            "p": progress,
            "course": progress.course,
            "items": read.item_rows(person, progress.course),
            "needs_quiz": progress.course.completion != Completion.TIME,
            "needs_time": progress.course.completion != Completion.QUIZ,
        },
    )


@require_GET
@member_view
def item(request: HttpRequest, actor: Actor, person: Person, pk: int) -> HttpResponse:
    found = read.item_for_member(person, pk)
    rows = read.item_rows(person, found.course)
    row = next(r for r in rows if r.item.pk == found.pk)
    index = rows.index(row)
    return render_member(
        request,
        person,
        "item.html",
        {
            "item": found,
            "row": row,
            "course": found.course,
            "next_row": rows[index + 1] if index + 1 < len(rows) else None,
            "position": index + 1,
            "count": len(rows),
            "beat_seconds": int(setting("HEARTBEAT_SECONDS")),
            "has_quiz": found.course.questions.exists(),
        },
    )


@require_POST
@member_view
def beat(request: HttpRequest, actor: Actor, person: Person, pk: int) -> HttpResponse:
    """The study page's heartbeat: JSON in, JSON out (the page shows the time counted)."""
    found = read.item_for_member(person, pk)
    raw = request.POST.get("seconds", "0")
    try:
        seconds = max(0, min(int(raw), 3600))
    except ValueError:
        return JsonResponse({"error": "seconds"}, status=400)
    try:
        result = services.study_beat(
            actor=actor, item=found, seconds=seconds, start=request.POST.get("start") == "1"
        )
    except DomainError as exc:
        return JsonResponse({"error": str(exc)}, status=exc.http_status)
    return JsonResponse(
        {
            "credited": result.credited,
            "seconds": result.seconds,
            "minutes": result.seconds // 60,
            "required": result.required,
            "cap": result.cap,
            "percent": min(100, int(100 * result.seconds / result.required)),
            "completed": result.completed,
            "course_completed": result.course_completed,
        }
    )


@require_GET
@member_view
def document(request: HttpRequest, actor: Actor, person: Person, pk: int) -> FileResponse:
    """Documents are never served from a public media URL: each download is checked."""
    found = read.item_for_member(person, pk)
    if found.kind != ItemKind.DOCUMENT or not found.document:
        raise Http404("no document")
    return document_response(found)


def document_response(found: CourseItem) -> FileResponse:
    try:
        handle = found.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404("file missing") from exc
    response = FileResponse(handle, content_type="application/pdf")
    name = found.document_name or "document.pdf"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@member_view
def record(request: HttpRequest, actor: Actor, person: Person) -> HttpResponse:
    today = timezone.localdate()
    rows = read.my_courses(person)
    completed = CourseCompletion.objects.filter(person=person).select_related("course")
    attempts = QuizAttempt.objects.filter(person=person).select_related("course")
    return render_member(
        request,
        person,
        "record.html",
        {
            "periods": [(p, hours(s), s // 60) for p, s in person_periods(person, today)],
            "rows": rows,
            "completed": list(completed.order_by("-completed_at")),
            "attempts": list(attempts.order_by("-submitted_at")[:30]),
        },
    )
