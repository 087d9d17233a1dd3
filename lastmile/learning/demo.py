"""The demo's learning story: five courses made by the district, assigned to every branch over the
past six months by the branch secretaries, studied by the party members in the evenings (real
heartbeats, one a minute), quizzes taken (some failed first), and weekly digests in the last month.

``seed(*, org, rng, now)`` is listed in ``LASTMILE["DEMO_EXTENSIONS"]`` (see
``concerns/demo/extensions.py``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.utils import timezone

from lastmile.concerns.demo.org import DemoOrg
from lastmile.concerns.demo.timeline import ExtraStep
from lastmile.learning import services
from lastmile.learning.content import Document, clean_document
from lastmile.learning.demo_content import COURSES, HANDBOOK_HTML, CourseSpec
from lastmile.learning.models import Course, CourseItem, Question
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor, actor_for_user

# Days after the start of the demo window on which each course is assigned; the last one is
# assigned twelve days before the present, so members still have it open.
ASSIGN_DAYS = (3, 35, 70, 110)
RECENT_DAYS = 12
DUE_DAYS = 30
BEAT = 60  # one heartbeat a minute in the story (the real page reports every 30 s)
FALLBACK_PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"

Action = tuple[float, Callable[[], object]]  # (seconds after the previous one, what to do)


def _handbook() -> Document:
    try:
        from weasyprint import HTML

        pdf = HTML(string=HANDBOOK_HTML).write_pdf()
    except Exception:  # no PDF engine or fonts: a blank but valid PDF still shows the flow
        pdf = FALLBACK_PDF
    return clean_document("社区消防安全手册.pdf", pdf or FALLBACK_PDF)


def _course(admin: Actor, org: DemoOrg, spec: CourseSpec) -> Course:
    course = services.course_create(
        actor=admin,
        title=spec.title,
        summary=spec.summary,
        area=org.district,
        completion=spec.completion,
        pass_mark=60,
        max_attempts=3,
    )
    for item in spec.items:
        services.item_add(
            actor=admin,
            course=course,
            kind=item.kind,
            title=item.title,
            expected_minutes=item.minutes,
            body=item.body,
            video_url=item.url,
            document=_handbook() if item.kind == "document" else None,
        )
    for ask in spec.questions:
        services.question_add(
            actor=admin, course=course, text=ask.text, kind=ask.kind, choices=list(ask.choices)
        )
    return services.course_publish(actor=admin, course=course)


def member_actor(person: Person) -> Actor:
    """The member as an actor (members without a login act through their record)."""
    if person.user_id:
        return actor_for_user(person.user)
    return Actor(user_id=None, label=person.name, person=person)


def chain(start: dt.datetime, actions: list[Action]) -> ExtraStep:
    """One story step per action, each returning the next one (so audit times stay in order)."""

    def step_at(index: int, moment: dt.datetime) -> Callable[[], object]:
        def run() -> object:
            actions[index][1]()
            if index + 1 < len(actions):
                following = moment + dt.timedelta(seconds=actions[index + 1][0])
                return [(following, step_at(index + 1, following))]
            return None

        return run

    first = start + dt.timedelta(seconds=actions[0][0])
    return first, step_at(0, first)


def _answers(questions: list[Question], right: bool) -> dict[int, list[int]]:
    """Every answer right, or every answer wrong (a first attempt that fails)."""
    answers = {}
    for q in questions:
        choices = list(q.choices.all())
        good = [c.pk for c in choices if c.is_correct]
        bad = [c.pk for c in choices if not c.is_correct][:1]
        answers[q.pk] = good if right else bad
    return answers


def _study(actor: Actor, items: list[CourseItem], rng: random.Random) -> list[Action]:
    actions: list[Action] = []
    for index, item in enumerate(items):
        if index and rng.random() < 0.12:
            break  # stopped part-way: the course stays open
        actions.append((60 if actions else 0, _beat(actor, item, start=True)))
        minutes = item.expected_minutes + (1 if rng.random() < 0.3 else 0)
        actions.extend((BEAT, _beat(actor, item)) for _ in range(minutes))
    return actions


def _beat(actor: Actor, item: CourseItem, start: bool = False) -> Callable[[], object]:
    return lambda: services.study_beat(actor=actor, item=item, seconds=BEAT, start=start)


def _quiz(actor: Actor, course: Course, rng: random.Random) -> list[Action]:
    questions = list(course.questions.prefetch_related("choices"))
    if not questions:
        return []
    submit = services.quiz_submit
    if rng.random() < 0.7:
        return [
            (120, lambda: submit(actor=actor, course=course, answers=_answers(questions, True)))
        ]
    return [
        (120, lambda: submit(actor=actor, course=course, answers=_answers(questions, False))),
        (180, lambda: submit(actor=actor, course=course, answers=_answers(questions, True))),
    ]


def _evening(day: dt.date, rng: random.Random) -> dt.datetime:
    at = dt.time(rng.choice((12, 19, 20, 20, 21)), rng.randrange(0, 60, 5))
    return timezone.make_aware(dt.datetime.combine(day, at))


def _assignments(
    org: DemoOrg, courses: list[Course], start: dt.datetime, now: dt.datetime
) -> list[tuple[Course, dt.datetime]]:
    days = [start + dt.timedelta(days=d) for d in ASSIGN_DAYS]
    days.append(now - dt.timedelta(days=RECENT_DAYS))
    pairs = zip(courses, days, strict=True)
    return [(course, day.replace(hour=9, minute=30)) for course, day in pairs]


def _assign_step(org: DemoOrg, key: str, course: Course) -> Callable[[], object]:
    def run() -> object:
        secretary = actor_for_user(org.people[f"l_{key}"].user)
        services.assignment_create(
            actor=secretary,
            course=course,
            audience="branch",
            area=org.communities[key],
            due=timezone.localdate() + dt.timedelta(days=DUE_DAYS),
        )
        return None

    return run


def _digest_moments(now: dt.datetime) -> list[dt.datetime]:
    local = timezone.localtime(now)
    monday = (local - dt.timedelta(days=local.weekday())).replace(
        hour=7, minute=0, second=0, microsecond=0
    )
    return [m for m in (monday - dt.timedelta(weeks=w) for w in range(4, 0, -1)) if m < now]


def seed(*, org: DemoOrg, rng: random.Random, now: dt.datetime) -> list[ExtraStep]:
    start = timezone.now()  # the demo clock stands at the start of the window
    admin = actor_for_user(org.people["admin"].user)
    courses = [_course(admin, org, spec) for spec in COURSES]
    steps: list[ExtraStep] = []
    for course, assigned in _assignments(org, courses, start, now):
        items = list(course.items.all())
        for key in org.communities:
            steps.append((assigned, _assign_step(org, key, course)))
            for person in org.party_members.get(key, []):
                if rng.random() > (0.55 if assigned < now - dt.timedelta(days=30) else 0.4):
                    continue
                day = timezone.localdate(assigned) + dt.timedelta(days=rng.randint(1, DUE_DAYS))
                begin = _evening(day, rng)
                if begin >= now:
                    continue
                actor = member_actor(person)
                actions = _study(actor, items, rng)
                if len(actions) > 1:
                    actions += _quiz(actor, course, rng)
                    steps.append(chain(begin, actions))
    steps.extend((moment, _send_digests) for moment in _digest_moments(now))
    return steps


def _send_digests() -> None:
    services.digests_send()
