"""The course editor's items and quiz questions (staff), and assignments."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lastmile.core.errors import DomainError
from lastmile.learning import services
from lastmile.learning.choices import ItemKind
from lastmile.learning.content import Document, clean_document
from lastmile.learning.forms import AssignForm, ItemForm, QuestionForm
from lastmile.learning.selectors import desk as read
from lastmile.learning.views.common import render_desk, staff_actor
from lastmile.learning.views.desk import render_course
from lastmile.learning.views.member import document_response


def _document(upload: UploadedFile | None) -> Document | None:
    if upload is None:
        return None
    return clean_document(upload.name or "document.pdf", upload.read())


@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    actor = staff_actor(request)
    course = read.course_for_actor(actor, pk)
    if kind not in ItemKind.values:
        raise Http404("unknown kind")
    form = ItemForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_add(
                actor=actor,
                course=course,
                kind=kind,
                title=data["title"],
                expected_minutes=data["expected_minutes"],
                body=data.get("body", ""),
                video_url=data.get("video_url", ""),
                document=_document(data.get("document")),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Item added."))
            return redirect("learning:desk_course", pk=course.pk)
    return render_desk(
        request,
        actor,
        "item_form.html",
        {"form": form, "course": course, "kind": ItemKind(kind)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    item = read.item_for_actor(actor, pk)
    initial = {
        "title": item.title,
        "expected_minutes": item.expected_minutes,
        "body": item.body,
        "video_url": item.video_url,
    }
    form = ItemForm(request.POST or None, request.FILES or None, kind=item.kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_update(
                actor=actor,
                item=item,
                title=data["title"],
                expected_minutes=data["expected_minutes"],
                body=data.get("body", ""),
                video_url=data.get("video_url", ""),
                document=_document(data.get("document")),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Item saved."))
            return redirect("learning:desk_course", pk=item.course_id)
    return render_desk(
        request,
        actor,
        "item_form.html",
        {"form": form, "course": item.course, "kind": ItemKind(item.kind), "item": item},
        status=400 if form.errors else 200,
    )


@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    item = read.item_for_actor(actor, pk)
    try:
        services.item_remove(actor=actor, item=item)
    except DomainError as exc:
        course = read.course_for_actor(actor, item.course_id)
        return render_course(request, actor, course, error=str(exc), status=exc.http_status)
    messages.success(request, _("Item removed."))
    return redirect("learning:desk_course", pk=item.course_id)


@require_GET
def item_document(request: HttpRequest, pk: int) -> FileResponse:
    actor = staff_actor(request)
    item = read.item_for_actor(actor, pk)
    if item.kind != ItemKind.DOCUMENT or not item.document:
        raise Http404("no document")
    return document_response(item)


@require_http_methods(["GET", "POST"])
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    course = read.course_for_actor(actor, pk)
    form = QuestionForm(request.POST or None, initial={"kind": "single"})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(
                actor=actor,
                course=course,
                text=form.cleaned_data["text"],
                kind=form.cleaned_data["kind"],
                choices=form.choices(),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Question added."))
            return redirect("learning:desk_course", pk=course.pk)
    return render_desk(
        request,
        actor,
        "question_form.html",
        {"form": form, "course": course},
        status=400 if form.errors else 200,
    )


@require_POST
def question_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    question = read.question_for_actor(actor, pk)
    try:
        services.question_remove(actor=actor, question=question)
    except DomainError as exc:
        course = read.course_for_actor(actor, question.course_id)
        return render_course(request, actor, course, error=str(exc), status=exc.http_status)
    messages.success(request, _("Question removed."))
    return redirect("learning:desk_course", pk=question.course_id)


@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    course = read.course_for_actor(actor, pk)
    form = AssignForm(
        request.POST or None,
        areas=read.areas_for_actor(actor),
        branches=read.branches_for_actor(actor),
        members=read.members_for_actor(actor),
        initial={"audience": "branch"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = data["branch"] if data["audience"] == "branch" else data["area"]
        try:
            services.assignment_create(
                actor=actor,
                course=course,
                audience=data["audience"],
                due=data["due"],
                area=area,
                members=data["members"] or [],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Course assigned."))
            return redirect("learning:desk_course", pk=course.pk)
    return render_desk(
        request,
        actor,
        "assign.html",
        {"form": form, "course": course},
        status=400 if form.errors else 200,
    )


@require_POST
def assignment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    assignment = read.assignment_for_actor(actor, pk)
    course_id = assignment.course_id
    try:
        services.assignment_cancel(actor=actor, assignment=assignment)
    except DomainError as exc:
        course = read.course_for_actor(actor, course_id)
        return render_course(request, actor, course, error=str(exc), status=exc.http_status)
    messages.success(request, _("Assignment withdrawn."))
    return redirect("learning:desk_course", pk=course_id)
