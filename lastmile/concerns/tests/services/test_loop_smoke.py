from lastmile.concerns import services
from lastmile.concerns.choices import Channel, Kind, Satisfaction, Status
from lastmile.core import audit


def test_full_loop(world):
    anon = services.concern_submit.__globals__["Actor"](user_id=None, label="anonymous")
    res = services.concern_submit(
        actor=anon,
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
        actor=anon, concern=c, contacted=True, resolved=True, satisfaction=Satisfaction.SATISFIED
    )
    assert c.status == Status.CLOSED
    assert audit.verify().ok
