"""Every write of the learning app. Keyword-only, takes the acting ``Actor``, one transaction."""

from lastmile.learning.services.assign import assignment_cancel, assignment_create
from lastmile.learning.services.courses import (
    course_archive,
    course_create,
    course_publish,
    course_republish,
    course_update,
    item_add,
    item_remove,
    item_update,
    question_add,
    question_remove,
)
from lastmile.learning.services.digest import digest_make, digests_send, preference_set
from lastmile.learning.services.quiz import quiz_submit
from lastmile.learning.services.study import study_beat

__all__ = [
    "assignment_cancel",
    "assignment_create",
    "course_archive",
    "course_create",
    "course_publish",
    "course_republish",
    "course_update",
    "digest_make",
    "digests_send",
    "item_add",
    "item_remove",
    "item_update",
    "preference_set",
    "question_add",
    "question_remove",
    "quiz_submit",
    "study_beat",
]
