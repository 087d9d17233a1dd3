"""协办: assisting units report back to the lead unit."""

import pytest

from lastmile.concerns import services
from lastmile.concerns.selectors import inbox_for_actor, timeline
from lastmile.concerns.testing import fresh, submit
from lastmile.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed


def _with_assist(world):
    concern = submit(world)
    return services.concern_dispatch(
        actor=world.actor("dispatcher"),
        concern=concern,
        unit=world.units["housing"],
        assist_units=[world.units["sanitation"]],
    )


def test_assisting_unit_reports_once_and_leaves_the_inbox(world):
    concern = _with_assist(world)
    assert [c.pk for c in inbox_for_actor(world.actor("handler2")).assisting] == [concern.pk]
    assist = services.concern_assist_report(
        actor=world.actor("handler2"), concern=concern, report="已清理现场堆放的建筑垃圾"
    )
    assert assist.reported_at is not None
    assert inbox_for_actor(world.actor("handler2")).counts["assisting"] == 0
    assert timeline(concern)[-1].verb == "concern.assist_report"
    assert fresh(concern).status == concern.status  # no change of state


def test_only_assisting_handlers_may_report(world):
    concern = _with_assist(world)
    for outsider in ("handler", "c1_handler", "dispatcher"):
        with pytest.raises(NotPermitted):
            services.concern_assist_report(
                actor=world.actor(outsider), concern=concern, report="我们也处理了一部分"
            )


def test_report_needs_content_and_an_open_concern(world):
    concern = _with_assist(world)
    with pytest.raises(InvalidInput) as error:
        services.concern_assist_report(actor=world.actor("handler2"), concern=concern, report="好")
    assert error.value.field == "report"
    stopped = services.concern_sign(actor=world.actor("handler"), concern=concern)
    stopped = services.concern_reply(
        actor=world.actor("handler"), concern=stopped, text="已处理完毕并答复群众", resolved=True
    )
    with pytest.raises(TransitionNotAllowed):
        services.concern_assist_report(
            actor=world.actor("handler2"), concern=stopped, report="已清理现场堆放的建筑垃圾"
        )


def test_grid_worker_sees_open_concerns_in_their_grid_only(world):
    inside = submit(world, area="c1g1")
    submit(world, area="c2g1")
    box = inbox_for_actor(world.actor("gridder"))
    assert [c.pk for c in box.my_grids] == [inside.pk]
