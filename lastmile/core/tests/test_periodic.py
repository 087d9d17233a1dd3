"""Every periodic task the scheduler enqueues imports, runs on an organisation with nothing to
do, and is harmless when run twice."""

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from lastmile.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(settings.LASTMILE["PERIODIC_TASKS"]))
def test_a_periodic_task_runs_idle_and_twice(world, name):
    task = import_string(settings.LASTMILE["PERIODIC_TASKS"][name])
    task.call()
    events = AuditEvent.objects.count()
    task.call()
    assert AuditEvent.objects.count() == events  # nothing was due, nothing was done again


def test_every_demo_story_is_importable():
    for dotted in settings.LASTMILE["DEMO_EXTENSIONS"]:
        assert callable(import_string(dotted))
