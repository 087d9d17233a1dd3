"""Writing courses: create and edit, publish/archive (through the transition table), items
(articles, documents, video links) and quiz questions."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.core.errors import InvalidInput
from lastmile.learning import permissions
from lastmile.learning.choices import EDITABLE, Completion, ItemKind, QuestionKind
from lastmile.learning.content import (
    Document,
    article_text,
    clean_article,
    clean_video_url,
)
from lastmile.learning.models import Choice, Course, CourseItem, Question, QuizAttempt
from lastmile.learning.services import transition
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area
from lastmile.orgs.selectors import Actor

MAX_MINUTES = 600
MAX_CHOICES = 8


def _check_rules(*, title: str, completion: str, pass_mark: int, max_attempts: int) -> str:
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Give the course a title."), field="title")
    if completion not in Completion.values:
        raise InvalidInput(_("Choose how the course is completed."), field="completion")
    if not 1 <= int(pass_mark) <= 100:
        raise InvalidInput(_("The pass mark is a percentage from 1 to 100."), field="pass_mark")
    if not 0 <= int(max_attempts) <= 99:
        raise InvalidInput(_("Allow from 0 (no limit) to 99 attempts."), field="max_attempts")
    return title[:120]


@transaction.atomic
def course_create(
    *,
    actor: Actor,
    title: str,
    area: Area,
    summary: str = "",
    completion: str = Completion.TIME,
    pass_mark: int = 60,
    max_attempts: int = 3,
) -> Course:
    permissions.require_manager(actor)
    permissions.require_cover(actor, area)
    if area.level == AreaLevel.GRID:
        raise InvalidInput(
            _("Courses are organised by a district, street or branch."), field="area"
        )
    title = _check_rules(
        title=title, completion=completion, pass_mark=pass_mark, max_attempts=max_attempts
    )
    course = Course.objects.create(
        title=title,
        summary=(summary or "").strip(),
        area=area,
        completion=completion,
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        created_by=actor.person,
    )
    transition.record(actor=actor, course=course, verb="course_created", data={"area": area.pk})
    return course


def _editable(actor: Actor, course: Course, expected_version: int | None = None) -> Course:
    permissions.require_editor(actor, course)
    locked = transition.lock(course, expected_version)
    if locked.status not in EDITABLE:
        raise InvalidInput(
            _("An archived course cannot be changed; publish it again first.")
            if locked.status == "archived"
            else _("This course cannot be changed now.")
        )
    return locked


@transaction.atomic
def course_update(
    *,
    actor: Actor,
    course: Course,
    title: str,
    summary: str,
    completion: str,
    pass_mark: int,
    max_attempts: int,
    expected_version: int | None = None,
) -> Course:
    locked = _editable(actor, course, expected_version)
    title = _check_rules(
        title=title, completion=completion, pass_mark=pass_mark, max_attempts=max_attempts
    )
    if completion != Completion.TIME and locked.status != "draft" and not locked.questions.exists():
        raise InvalidInput(_("Add quiz questions before requiring the quiz."), field="completion")
    fields = {
        "title": title,
        "summary": (summary or "").strip(),
        "completion": completion,
        "pass_mark": pass_mark,
        "max_attempts": max_attempts,
    }
    changed = sorted(k for k, v in fields.items() if getattr(locked, k) != v)
    return transition.change(
        actor=actor, course=locked, verb="course_updated", fields=fields, data={"fields": changed}
    )


@transaction.atomic
def course_publish(*, actor: Actor, course: Course, expected_version: int | None = None) -> Course:
    permissions.require_editor(actor, course)
    locked = transition.lock(course, expected_version)
    transition.check("publish", locked)
    if not locked.items.exists():
        raise InvalidInput(_("Add at least one item before publishing the course."))
    if locked.completion != Completion.TIME and not locked.questions.exists():
        raise InvalidInput(_("This course is completed on its quiz: add questions first."))
    return transition.apply(
        actor=actor, course=locked, action="publish", fields={"published_at": timezone.now()}
    )


@transaction.atomic
def course_archive(*, actor: Actor, course: Course, expected_version: int | None = None) -> Course:
    permissions.require_editor(actor, course)
    locked = transition.lock(course, expected_version)
    return transition.apply(actor=actor, course=locked, action="archive")


@transaction.atomic
def course_republish(
    *, actor: Actor, course: Course, expected_version: int | None = None
) -> Course:
    permissions.require_editor(actor, course)
    locked = transition.lock(course, expected_version)
    return transition.apply(actor=actor, course=locked, action="republish")


# --- items ------------------------------------------------------------------------------------


def _item_fields(
    kind: str,
    *,
    title: str,
    expected_minutes: int | None,
    body: str,
    video_url: str,
    document: Document | None,
    existing: CourseItem | None = None,
) -> dict[str, Any]:
    if kind not in ItemKind.values:
        raise InvalidInput(_("Choose the kind of item."), field="kind")
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Give the item a title."), field="title")
    if expected_minutes is None or not 1 <= int(expected_minutes) <= MAX_MINUTES:
        raise InvalidInput(
            _("The expected study time is from 1 to %(n)d minutes.") % {"n": MAX_MINUTES},
            field="expected_minutes",
        )
    fields: dict[str, Any] = {"title": title[:120], "expected_minutes": int(expected_minutes)}
    if kind == ItemKind.ARTICLE:
        clean = clean_article(body)
        if not article_text(clean):
            raise InvalidInput(_("Write the article's text."), field="body")
        fields["body"] = clean
    elif kind == ItemKind.VIDEO:
        fields["video_url"] = clean_video_url(video_url)
    elif document is None and not (existing and existing.document):
        raise InvalidInput(_("Attach the PDF document."), field="document")
    return fields


def _store(item: CourseItem, document: Document | None) -> None:
    if document is None:
        return
    item.document.save(document.name, ContentFile(document.content), save=False)
    item.document_name = document.name
    item.document_size = len(document.content)


@transaction.atomic
def item_add(
    *,
    actor: Actor,
    course: Course,
    kind: str,
    title: str,
    expected_minutes: int | None,
    body: str = "",
    video_url: str = "",
    document: Document | None = None,
) -> CourseItem:
    locked = _editable(actor, course)
    fields = _item_fields(
        kind,
        title=title,
        expected_minutes=expected_minutes,
        body=body,
        video_url=video_url,
        document=document,
    )
    last = locked.items.aggregate(m=Max("position"))["m"] or 0
    item = CourseItem(course=locked, kind=kind, position=last + 1, **fields)
    _store(item, document)
    item.save()
    transition.record(
        actor=actor,
        course=locked,
        verb="item_added",
        data={"item": item.pk, "kind": kind, "minutes": item.expected_minutes},
    )
    return item


@transaction.atomic
def item_update(
    *,
    actor: Actor,
    item: CourseItem,
    title: str,
    expected_minutes: int | None,
    body: str = "",
    video_url: str = "",
    document: Document | None = None,
) -> CourseItem:
    locked = _editable(actor, item.course)
    fields = _item_fields(
        item.kind,
        title=title,
        expected_minutes=expected_minutes,
        body=body,
        video_url=video_url,
        document=document,
        existing=item,
    )
    for name, value in fields.items():
        setattr(item, name, value)
    _store(item, document)
    item.save()
    transition.record(
        actor=actor,
        course=locked,
        verb="item_updated",
        data={"item": item.pk, "fields": sorted(fields), "document": document is not None},
    )
    return item


@transaction.atomic
def item_remove(*, actor: Actor, item: CourseItem) -> None:
    locked = _editable(actor, item.course)
    if item.records.exists():
        raise InvalidInput(
            _("Members have already studied this item; it stays so their hours still add up.")
        )
    pk = item.pk
    item.delete()
    transition.record(actor=actor, course=locked, verb="item_removed", data={"item": pk})


# --- quiz ------------------------------------------------------------------------------------


def _quiz_open(course: Course) -> None:
    if QuizAttempt.objects.filter(course=course).exists():
        raise InvalidInput(
            _("Members have already taken this quiz; its questions can no longer change.")
        )


def clean_choices(kind: str, choices: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    kept = [(text.strip()[:200], bool(ok)) for text, ok in choices if text and text.strip()]
    if len(kept) < 2:
        raise InvalidInput(_("Give at least two choices."), field="choices")
    if len(kept) > MAX_CHOICES:
        raise InvalidInput(_("Give at most %(n)d choices.") % {"n": MAX_CHOICES}, field="choices")
    right = sum(1 for _text, ok in kept if ok)
    if kind == QuestionKind.SINGLE and right != 1:
        raise InvalidInput(
            _("A single-choice question has exactly one right answer."), field="choices"
        )
    if kind == QuestionKind.MULTIPLE and right < 1:
        raise InvalidInput(_("Mark at least one right answer."), field="choices")
    return kept


@transaction.atomic
def question_add(
    *, actor: Actor, course: Course, text: str, kind: str, choices: list[tuple[str, bool]]
) -> Question:
    locked = _editable(actor, course)
    _quiz_open(locked)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Write the question."), field="text")
    if kind not in QuestionKind.values:
        raise InvalidInput(_("Choose single or multiple choice."), field="kind")
    kept = clean_choices(kind, choices)
    last = locked.questions.aggregate(m=Max("position"))["m"] or 0
    question = Question.objects.create(course=locked, position=last + 1, text=text[:300], kind=kind)
    Choice.objects.bulk_create(
        Choice(question=question, position=i, text=t, is_correct=ok)
        for i, (t, ok) in enumerate(kept, start=1)
    )
    transition.record(
        actor=actor, course=locked, verb="question_added", data={"question": question.pk}
    )
    return question


@transaction.atomic
def question_remove(*, actor: Actor, question: Question) -> None:
    locked = _editable(actor, question.course)
    _quiz_open(locked)
    pk = question.pk
    question.delete()
    transition.record(actor=actor, course=locked, verb="question_removed", data={"question": pk})
