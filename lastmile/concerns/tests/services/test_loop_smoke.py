"""The whole loop once, end to end, through the public services."""

from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Kind, Outcome, Satisfaction, Status
from lastmile.concerns.selectors import timeline
from lastmile.concerns.testing import ANONYMOUS
from lastmile.core import audit


def test_full_loop(world):
    res = services.concern_submit(
        actor=ANONYMOUS,
        channel=Channel.WEB,
        kind=Kind.COMPLAINT,
        text="楼道灯坏了一个月没人修",
        area=world.areas["c1g1"],
    )
    c = res.concern
    assert c.status == Status.RECEIVED
    c = services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=c, unit=world.units["housing"]
    )
    assert c.status == Status.DISPATCHED and c.sign_due and c.resolve_due
    c = services.concern_sign(actor=world.actor("handler"), concern=c)
    c = services.concern_contact(actor=world.actor("handler"), concern=c, note="电话联系了居民")
    c = services.concern_reply(
        actor=world.actor("handler"), concern=c, text="已更换楼道灯泡并检查线路", resolved=True
    )
    c = services.concern_callback(
        actor=ANONYMOUS,
        concern=c,
        contacted=True,
        resolved=True,
        satisfaction=Satisfaction.SATISFIED,
    )
    assert c.status == Status.CLOSED and c.outcome == Outcome.RATED
    assert [e.verb for e in timeline(c)] == [
        "concern.received",
        "concern.dispatch",
        "concern.sign",
        "concern.contact",
        "concern.reply",
        "concern.callback",
    ]
    assert audit.verify().ok
