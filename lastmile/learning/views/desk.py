"""The learning desk (staff): the course list, a new course, the course editor page and its
status actions (publish, archive, republish)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.learning import permissions, services
from lastmile.learning.choices import EDITABLE, ItemKind, allowed_actions
from lastmile.learning.forms import CourseForm
from lastmile.learning.models import Course
from lastmile.learning.selectors import desk as read
from lastmile.learning.views.common import render_desk, staff_actor
from lastmile.orgs.selectors import Actor

ACTIONS: dict[str, Any] = {
    "publish": (services.course_publish, gettext_lazy("Course published.")),
    "archive": (services.course_archive, gettext_lazy("Course archived.")),
    "republish": (services.course_republish, gettext_lazy("Course published again.")),
}
ACTION_LABELS = {
    "publish": gettext_lazy("Publish"),
    "archive": gettext_lazy("Archive"),
    "republish": gettext_lazy("Publish again"),
}


@require_GET
def courses(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    return render_desk(
        request, actor, "courses.html", {"courses": list(read.courses_for_actor(actor))}
    )


@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    areas = read.areas_for_actor(actor)
    initial = {"completion": "time", "pass_mark": 60, "max_attempts": 3, "area": areas.first()}
    form = CourseForm(request.POST or None, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_create(
                actor=actor,
                title=data["title"],
                summary=data["summary"],
                area=data["area"],
                completion=data["completion"],
                pass_mark=data["pass_mark"],
                max_attempts=data["max_attempts"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Course created. Add its items next."))
            return redirect("learning:desk_course", pk=course.pk)
    return render_desk(
        request, actor, "course_form.html", {"form": form}, status=400 if form.errors else 200
    )


def render_course(
    request: HttpRequest,
    actor: Actor,
    course: Course,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    editable = permissions.may_edit(actor, course)
    return render_desk(
        request,
        actor,
        "course.html",
        {
            "course": course,
            "items": list(course.items.all()),
            "questions": read.questions(course),
            "assignments": list(read.assignments_for_actor(actor, course)),
            "may_edit": editable and course.status in EDITABLE,
            "may_assign": permissions.may_use(actor, course) and course.status == "published",
            "actions": [(a, ACTION_LABELS[a]) for a in allowed_actions(course.status)]
            if editable
            else [],
            "kinds": ItemKind.choices,
            "error": error,
        },
        status=status,
    )


@require_GET
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    return render_course(request, actor, read.course_for_actor(actor, pk))


@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    course = read.course_for_actor(actor, pk)
    initial = {
        "title": course.title,
        "summary": course.summary,
        "completion": course.completion,
        "pass_mark": course.pass_mark,
        "max_attempts": course.max_attempts,
        "version": course.version,
    }
    form = CourseForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.course_update(
                actor=actor,
                course=course,
                title=data["title"],
                summary=data["summary"],
                completion=data["completion"],
                pass_mark=data["pass_mark"],
                max_attempts=data["max_attempts"],
                expected_version=data["version"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Course saved."))
            return redirect("learning:desk_course", pk=course.pk)
    return render_desk(
        request,
        actor,
        "course_form.html",
        {"form": form, "course": course},
        status=400 if form.errors else 200,
    )


@require_POST
def course_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    course = read.course_for_actor(actor, pk)
    if action not in ACTIONS:
        raise Http404("unknown action")
    run, done = ACTIONS[action]
    version = request.POST.get("version", "")
    try:
        run(
            actor=actor,
            course=course,
            expected_version=int(version) if version.isdecimal() else None,
        )
    except DomainError as exc:
        fresh = read.course_for_actor(actor, pk)
        return render_course(request, actor, fresh, error=str(exc), status=exc.http_status)
    messages.success(request, str(done))
    return redirect("learning:desk_course", pk=course.pk)
