"""What staff see at the learning desk, scoped to the areas they manage: courses organised in
those areas or above them (to assign), the audiences they may choose, and assignments."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from lastmile.learning import permissions
from lastmile.learning.models import Assignment, Course, CourseItem, Question
from lastmile.learning.selectors.member import path_ids
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Person
from lastmile.orgs.selectors import Actor, subtree_q


def course_scope_q(actor: Actor) -> Q:
    if actor.is_superuser:
        return Q()
    paths = permissions.manage_paths(actor)
    above = {i for p in paths for i in path_ids(p)}
    return subtree_q(paths) | Q(area_id__in=above)


def courses_for_actor(actor: Actor) -> QuerySet[Course]:
    if not permissions.may_manage(actor):
        return Course.objects.none()
    return (
        Course.objects.filter(course_scope_q(actor))
        .select_related("area")
        .annotate(
            n_items=Count("items", distinct=True),
            n_assignments=Count("assignments", distinct=True),
            n_completed=Count("completions", distinct=True),
        )
        .order_by("status", "-created_at", "-pk")
    )


def course_for_actor(actor: Actor, pk: int) -> Course:
    course = (
        Course.objects.filter(course_scope_q(actor)).select_related("area").filter(pk=pk).first()
        if permissions.may_manage(actor)
        else None
    )
    if course is None:
        raise Http404("course not found")
    return course


def item_for_actor(actor: Actor, pk: int) -> CourseItem:
    item = CourseItem.objects.select_related("course").filter(pk=pk).first()
    if item is None:
        raise Http404("item not found")
    course_for_actor(actor, item.course_id)
    return item


def question_for_actor(actor: Actor, pk: int) -> Question:
    question = Question.objects.select_related("course").filter(pk=pk).first()
    if question is None:
        raise Http404("question not found")
    course_for_actor(actor, question.course_id)
    return question


def questions(course: Course) -> list[Question]:
    return list(course.questions.prefetch_related("choices"))


def areas_for_actor(actor: Actor) -> QuerySet[Area]:
    """Areas the actor may organise courses for or assign to all members of (not grids)."""
    qs = Area.objects.exclude(level=AreaLevel.GRID)
    if not actor.is_superuser:
        qs = qs.filter(subtree_q(permissions.manage_paths(actor), "path"))
    return qs.order_by("path")


def branches_for_actor(actor: Actor) -> QuerySet[Area]:
    return areas_for_actor(actor).filter(level=AreaLevel.COMMUNITY)


def members_for_actor(actor: Actor) -> QuerySet[Person]:
    qs = Person.objects.filter(is_party_member=True)
    if not actor.is_superuser:
        qs = qs.filter(subtree_q(permissions.manage_paths(actor), "home_area__path"))
    return qs.select_related("home_area").order_by("home_area__path", "name")


def assignments_for_actor(actor: Actor, course: Course) -> QuerySet[Assignment]:
    """The course's assignments this person may see: all of them for the course's organisers,
    otherwise those to their areas and the ones they made."""
    qs = course.assignments.select_related("area", "assigned_by").annotate(
        n_members=Count("members")
    )
    if permissions.may_edit(actor, course):
        return qs
    mine = Q(assigned_by=actor.person) if actor.person else Q(pk__in=[])
    return qs.filter(subtree_q(permissions.manage_paths(actor)) | mine)


def assignment_for_actor(actor: Actor, pk: int) -> Assignment:
    assignment = Assignment.objects.select_related("course", "area").filter(pk=pk).first()
    if assignment is None:
        raise Http404("assignment not found")
    course = course_for_actor(actor, assignment.course_id)
    if not assignments_for_actor(actor, course).filter(pk=pk).exists():
        raise Http404("assignment not found")
    return assignment
