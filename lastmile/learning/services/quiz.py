"""Quiz attempts: answers are checked on the server against this course's questions only; every
attempt is recorded; passing may complete the course."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lastmile.core import audit
from lastmile.core.errors import Conflict, InvalidInput
from lastmile.learning.choices import QuestionKind
from lastmile.learning.models import Course, Question, QuizAttempt
from lastmile.learning.services.study import complete_if_done, require_assigned
from lastmile.learning.services.transition import OBJECT_TYPE
from lastmile.orgs.selectors import Actor


class Unanswered(InvalidInput):
    """Some questions have no answer; ``questions`` lists their ids."""

    def __init__(self, questions: list[int]):
        super().__init__(_("Answer every question."), field="answers")
        self.questions = questions


def _normalise(raw: Mapping[Any, Iterable[Any]]) -> dict[int, set[int]]:
    try:
        return {int(q): {int(c) for c in choices} for q, choices in raw.items()}
    except (TypeError, ValueError) as exc:
        raise InvalidInput(_("The answers could not be read."), field="answers") from exc


def _check(questions: list[Question], answers: dict[int, set[int]]) -> int:
    """Validate the answers and return how many are right."""
    by_id = {q.pk: q for q in questions}
    for question_id in answers:
        if question_id not in by_id:
            raise InvalidInput(
                _("An answer is for a question that is not in this quiz."), field="answers"
            )
    missing = [q.pk for q in questions if not answers.get(q.pk)]
    if missing:
        raise Unanswered(missing)
    right = 0
    for question in questions:
        chosen = answers[question.pk]
        options = {c.pk: c.is_correct for c in question.choices.all()}
        if not chosen <= options.keys():
            raise InvalidInput(
                _("An answer is not one of the question's choices."), field="answers"
            )
        if question.kind == QuestionKind.SINGLE and len(chosen) != 1:
            raise InvalidInput(
                _("Choose one answer for a single-choice question."), field="answers"
            )
        if chosen == {pk for pk, ok in options.items() if ok}:
            right += 1
    return right


@transaction.atomic
def quiz_submit(
    *, actor: Actor, course: Course, answers: Mapping[Any, Iterable[Any]]
) -> QuizAttempt:
    person = require_assigned(actor, course)
    questions = list(course.questions.prefetch_related("choices"))
    if not questions:
        raise InvalidInput(_("This course has no quiz."))
    previous = list(QuizAttempt.objects.filter(person=person, course=course))
    if any(a.passed for a in previous):
        raise InvalidInput(_("You have already passed this quiz."))
    if course.max_attempts and len(previous) >= course.max_attempts:
        raise InvalidInput(
            _("You have used all %(n)d attempts at this quiz.") % {"n": course.max_attempts}
        )
    normal = _normalise(answers)
    right = _check(questions, normal)
    score = round(100 * right / len(questions))
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                person=person,
                course=course,
                number=len(previous) + 1,
                answers={str(q): sorted(c) for q, c in normal.items()},
                correct=right,
                total=len(questions),
                score=score,
                passed=score >= course.pass_mark,
            )
    except IntegrityError as exc:
        raise Conflict(_("This quiz was just submitted from another page; reload it.")) from exc
    audit.record(
        verb="learning.quiz_attempted",
        obj_type=OBJECT_TYPE,
        obj_id=course.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={
            "attempt": attempt.pk,
            "number": attempt.number,
            "score": score,
            "passed": attempt.passed,
        },
    )
    if attempt.passed:
        complete_if_done(actor=actor, person=person, course=course)
    return attempt
