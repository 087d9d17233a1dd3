"""What a party member sees: the courses assigned to them (published only), their progress, the
items and the quiz. Anything not assigned to them is Http404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from lastmile.learning.choices import Audience, Completion, CourseStatus
from lastmile.learning.conf import setting
from lastmile.learning.models import (
    Assignment,
    Course,
    CourseCompletion,
    CourseItem,
    QuizAttempt,
    StudyRecord,
)
from lastmile.learning.permissions import branch_of, is_member
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor


def member_person(actor: Actor) -> Person | None:
    """The acting party member with their home area and branch loaded, or None."""
    if not is_member(actor):
        return None
    assert actor.person is not None
    cached = actor.__dict__.get("_learning_person")
    if cached is None:
        cached = Person.objects.select_related("home_area__parent").get(pk=actor.person.pk)
        actor.__dict__["_learning_person"] = cached
    return cached  # type: ignore[no-any-return]


def path_ids(path: str) -> list[int]:
    return [int(x) for x in path.strip("/").split("/") if x]


def assignment_q(person: Person) -> Q:
    """Assignments that reach this member: named, their branch, or all members of an area above
    (or at) their home."""
    named = Assignment.members.through.objects.filter(person_id=person.pk).values("assignment_id")
    q = Q(audience=Audience.MEMBERS, pk__in=named) | Q(audience=Audience.ALL, area__isnull=True)
    if person.home_area is not None:
        q |= Q(audience=Audience.ALL, area_id__in=path_ids(person.home_area.path))
    branch = branch_of(person)
    if branch is not None:
        q |= Q(audience=Audience.BRANCH, area_id=branch.pk)
    return q


def assignments_for(person: Person) -> QuerySet[Assignment]:
    return Assignment.objects.filter(assignment_q(person), course__status=CourseStatus.PUBLISHED)


def is_assigned(person: Person, course_id: int) -> bool:
    return assignments_for(person).filter(course_id=course_id).exists()


@dataclass
class Progress:
    course: Course
    due: dt.date
    assigned_at: dt.datetime
    items: int = 0
    items_done: int = 0
    seconds: int = 0
    questions: int = 0
    attempts: int = 0
    best_score: int | None = None
    passed: bool = False
    completed_at: dt.datetime | None = None

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def overdue(self) -> bool:
        return not self.completed and self.due < timezone.localdate()

    @property
    def has_quiz(self) -> bool:
        return self.questions > 0

    @property
    def steps(self) -> int:
        quiz = self.course.completion != Completion.TIME
        time = self.course.completion != Completion.QUIZ
        return (self.items if time else 0) + (1 if quiz else 0)

    @property
    def steps_done(self) -> int:
        quiz = self.course.completion != Completion.TIME
        time = self.course.completion != Completion.QUIZ
        return (self.items_done if time else 0) + (1 if quiz and self.passed else 0)

    @property
    def percent(self) -> int:
        if self.completed:
            return 100
        return int(100 * self.steps_done / self.steps) if self.steps else 0

    @property
    def minutes(self) -> int:
        return self.seconds // 60


def progress_for(person: Person, courses: dict[int, tuple[dt.date, dt.datetime]]) -> list[Progress]:
    """Progress on the given courses (id → (due, assigned at)), in five queries."""
    ids = list(courses)
    by_id = {c.pk: c for c in Course.objects.filter(pk__in=ids).select_related("area")}
    rows = {
        pk: Progress(course=by_id[pk], due=due, assigned_at=at)
        for pk, (due, at) in courses.items()
        if pk in by_id
    }
    counted = Course.objects.filter(pk__in=ids).annotate(
        n_items=Count("items", distinct=True), n_questions=Count("questions", distinct=True)
    )
    for pk, n_items, n_questions in counted.values_list("pk", "n_items", "n_questions"):
        rows[pk].items, rows[pk].questions = n_items, n_questions
    for r in (
        StudyRecord.objects.filter(person=person, item__course_id__in=ids)
        .values("item__course_id")
        .annotate(done=Count("pk", filter=Q(completed_at__isnull=False)), s=Sum("seconds"))
    ):
        rows[r["item__course_id"]].items_done = r["done"]
        rows[r["item__course_id"]].seconds = r["s"] or 0
    for r in (
        QuizAttempt.objects.filter(person=person, course_id__in=ids)
        .values("course_id")
        .annotate(n=Count("pk"), best=Max("score"), ok=Count("pk", filter=Q(passed=True)))
    ):
        p = rows[r["course_id"]]
        p.attempts, p.best_score, p.passed = r["n"], r["best"], r["ok"] > 0
    for c in CourseCompletion.objects.filter(person=person, course_id__in=ids):
        rows[c.course_id].completed_at = c.completed_at
    return sorted(rows.values(), key=lambda p: (p.completed, p.due, p.course.pk))


def my_courses(person: Person) -> list[Progress]:
    """Every published course assigned to the member, open ones first by due date."""
    courses: dict[int, tuple[dt.date, dt.datetime]] = {}
    for course_id, due, at in assignments_for(person).values_list("course_id", "due", "created_at"):
        known = courses.get(course_id)
        courses[course_id] = (min(due, known[0]), min(at, known[1])) if known else (due, at)
    return progress_for(person, courses)


def course_for_member(person: Person, pk: int) -> Progress:
    assigned = list(assignments_for(person).filter(course_id=pk).values_list("due", "created_at"))
    if not assigned:
        raise Http404("course not assigned")
    due = min(a[0] for a in assigned)
    at = min(a[1] for a in assigned)
    return progress_for(person, {pk: (due, at)})[0]


@dataclass
class ItemRow:
    item: CourseItem
    seconds: int = 0
    completed: bool = False
    required: int = 0
    cap: int = 0

    @property
    def minutes(self) -> int:
        return self.seconds // 60

    @property
    def clock(self) -> str:
        return f"{self.seconds // 60}:{self.seconds % 60:02d}"

    @property
    def percent(self) -> int:
        if self.completed or not self.required:
            return 100 if self.completed else 0
        return min(100, int(100 * self.seconds / self.required))


@dataclass
class CourseView:
    progress: Progress
    items: list[ItemRow] = field(default_factory=list)


def required_seconds(item: CourseItem) -> int:
    return max(1, int(item.expected_seconds * float(setting("COMPLETE_RATIO"))))


def cap_seconds(item: CourseItem) -> int:
    return int(item.expected_seconds * float(setting("CAP_RATIO")))


def item_rows(person: Person, course: Course) -> list[ItemRow]:
    items = list(course.items.all())
    records = {r.item_id: r for r in StudyRecord.objects.filter(person=person, item__course=course)}
    rows = []
    for item in items:
        record = records.get(item.pk)
        rows.append(
            ItemRow(
                item=item,
                seconds=record.seconds if record else 0,
                completed=bool(record and record.completed_at),
                required=required_seconds(item),
                cap=cap_seconds(item),
            )
        )
    return rows


def item_for_member(person: Person, pk: int) -> CourseItem:
    item = CourseItem.objects.select_related("course", "course__area").filter(pk=pk).first()
    if item is None or item.course.status != CourseStatus.PUBLISHED:
        raise Http404("item not found")
    if not is_assigned(person, item.course_id):
        raise Http404("item not assigned")
    return item


def record_for(person: Person, item: CourseItem) -> StudyRecord | None:
    return StudyRecord.objects.filter(person=person, item=item).first()


def attempts_for(person: Person, course: Course) -> list[QuizAttempt]:
    return list(QuizAttempt.objects.filter(person=person, course=course).order_by("number"))
