"""The matrix's organisation: two complete worlds (``t`` = inside, ``x`` = another district, so
every ``t`` staff member is an outsider there), with one object of every kind in each, and a
login per role. Built once per module (see ``conftest.py``) through the real services."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image

from lastmile.concerns.choices import Kind, Status
from lastmile.concerns.testing import reach
from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.orgs import services as org_services
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor, actor_for_user
from lastmile.orgs.testing import PASSWORD, Village, World, build_village, build_world

# Residents' identities in the fixture: public pages must never show them.
RESIDENT_NAME = "王小芳"
RESIDENT_PHONE = "13800001234"
BENEFICIARY_NAME = "王小明"
BENEFICIARY_PHONE = "13812345678"
POSTER_NAME = "张三丰"
POSTER_PHONE = "13812345679"
AGENT_CLIENT_NAME = "陈桂英"
AGENT_CLIENT_PHONE = "13907310001"
PII = [
    RESIDENT_PHONE,
    BENEFICIARY_NAME,
    BENEFICIARY_PHONE,
    POSTER_NAME,
    POSTER_PHONE,
    AGENT_CLIENT_NAME,
    AGENT_CLIENT_PHONE,
]


def photo(name: str = "p.jpg") -> CleanFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 60)).save(buffer, format="JPEG")
    return clean_upload(name, buffer.getvalue())


PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Side:
    """One world's objects, by kind (see ``populate``)."""

    world: World
    village: Village
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass
class Matrix:
    inside: Side
    outside: Side
    users: dict[str, Any] = field(default_factory=dict)  # role -> User (None: anonymous)
    clients: dict[str, Any] = field(default_factory=dict)  # role -> signed-in test Client
    sessions: dict[str, str] = field(default_factory=dict)  # role -> its session key
    tokens: dict[str, str] = field(default_factory=dict)  # role -> its API bearer token

    def side_for(self, role: str, where: str) -> Side:
        """The world of the object a cell asks for: the role's own ("in", "-") or the other."""
        home_is_x = role.startswith("x_")
        own = where != "out"
        return self.outside if home_is_x == own else self.inside


def _login_person(prefix: str, key: str, name: str, w: World, **values: Any) -> Person:
    person = org_services.person_create(
        name=name, username=f"{prefix}_{key}", password=PASSWORD, **values
    )
    w.people[key] = person
    return person


def _actor(w: World, key: str) -> Actor:
    return actor_for_user(w.people[key].user)


def populate(w: World, v: Village, prefix: str) -> dict[str, Any]:
    """One object of every kind in world ``w`` (every one inside 东风社区 or 桃园村)."""
    o: dict[str, Any] = {}
    a = w.areas
    admin, c1h = _actor(w, "admin"), _actor(w, "c1_handler")
    resident = _login_person(
        prefix, "resident", RESIDENT_NAME, w, phone=RESIDENT_PHONE, home_area=a["c1g1"]
    )
    _login_person(prefix, "resident2", "李大山", w, home_area=a["c2g1"])
    _login_person(prefix, "vol", "李志愿", w, is_volunteer=True, phone="13900001111")
    _login_person(prefix, "member", "桃园学员", w, is_party_member=True, household=v.households[3])

    # concerns
    from lastmile.concerns.models import Attachment as ConcernFile
    from lastmile.concerns.testing import submit

    o["concern"] = reach(w, Status.IN_PROGRESS)
    o["concern_answered"] = reach(w, Status.ANSWERED, kind=Kind.CONSULT)
    o["concern_received"] = submit(
        w, resident_name=RESIDENT_NAME, resident_phone=RESIDENT_PHONE, files=[photo()]
    )
    o["concern_file"] = ConcernFile.objects.filter(concern=o["concern_received"]).first()

    # rectify
    from lastmile.rectify.tests.helpers import to_status as rectify_status

    o["ledger"] = rectify_status(w, "in_progress")
    from lastmile.rectify.models import Evidence
    from lastmile.rectify.services import item_note

    item_note(actor=c1h, item=o["ledger"], text="已清理一半", files=[photo("e.jpg")])
    o["evidence"] = Evidence.objects.filter(item=o["ledger"]).first()  # not public

    # scores: an integrity flag about 东风社区 (made as the scan makes them)
    from lastmile.scores.models import IntegrityFlag

    o["flag"] = IntegrityFlag.objects.create(
        kind="quick_ratings",
        severity="medium",
        fingerprint=f"matrix-{prefix}",
        subject="评价过快",
        area=a["c1"],
        explanation="答复后几秒内即评价",
        first_seen=timezone.now(),
        last_seen=timezone.now(),
    )

    # wishes
    from lastmile.wishes.models import Photo as WishPhoto
    from lastmile.wishes.services import round_create
    from lastmile.wishes.tests import helpers as wish_helpers

    o["wish"] = wish_helpers.to_status(w, "fulfilled")
    o["wish_claim"] = wish_helpers.claim_of(o["wish"])
    o["wish_photo"] = WishPhoto.objects.filter(wish=o["wish"]).first()
    o["wish_round"] = round_create(
        actor=c1h,
        name=f"{prefix}秋季微心愿",
        area=a["c1"],
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=60),
    )

    # merits
    from lastmile.merits.models import RuleCategory, RuleItem
    from lastmile.merits.services import deeds as deed_services
    from lastmile.merits.services.points import points_award
    from lastmile.merits.services.shop import goods_create, reserve
    from lastmile.merits.services.stories import story_publish

    category, _ = RuleCategory.objects.get_or_create(name="矩阵测试", defaults={"order": 95})
    item, _ = RuleItem.objects.get_or_create(
        category=category, name="矩阵帮扶", defaults={"unit": "deed", "points": 10}
    )
    o["deed"] = deed_services.deed_record(
        actor=_actor(w, "gridder"),
        person=resident,
        item=item,
        title="帮独居老人买菜送药",
        occurred_on=timezone.localdate(),
    )
    o["goods"] = goods_create(
        actor=c1h, community=a["c1"], name="洗衣液", price=5, stock=10, picture=photo("g.jpg")
    )
    points_award(actor=admin, person=resident, points=50, cause=f"{prefix}:seed", reason="测试")
    o["redemption"] = reserve(actor=_actor(w, "resident"), goods=o["goods"])
    o["story"] = story_publish(
        actor=c1h,
        person=resident,
        title="热心邻居",
        story="常年照顾楼里的独居老人，每天上门送饭送药，风雨无阻，邻居们都很感动。",
        period_kind="month",
        period_day=timezone.localdate().replace(day=1),
        consent=True,
        photo=photo("s.jpg"),
    )

    # decisions
    from lastmile.decisions.tests.helpers import to_stage

    o["matter"] = to_stage(w, "implementing", area_key="v1")
    o["matter_area"] = v.area

    # outreach
    from lastmile.outreach import services as outreach
    from lastmile.outreach.tests.helpers import log_visit

    household = v.households[2]
    o["household"] = household
    o["link"] = outreach.link_household(
        actor=_actor(w, "v_secretary"), household=household, cadre=v.committee[0]
    )
    o["visit"] = log_visit(w, household)
    o["followup"] = outreach.followup_add(
        actor=_actor(w, "v_committee"),
        visit=o["visit"],
        text="联系维修",
        due=timezone.localdate() + dt.timedelta(days=7),
    )

    # stations
    from lastmile.stations import services as st

    centre = st.station_create(
        actor=admin,
        name=f"{prefix}街道中心",
        kind="centre",
        area=a["street"],
        unit=w.units["street_gov"],
        address="人民路1号",
        phone="0731-8000100",
    )
    o["station"] = st.station_create(
        actor=admin,
        name=f"{prefix}东风站",
        kind="station",
        area=a["c1"],
        unit=w.units["c1_org"],
        address="幸福路8号",
        phone="0731-8000201",
    )
    o["guide"] = st.guide_save(
        actor=admin,
        code=f"{prefix}dibao",
        name="最低生活保障申请",
        category="assistance",
        materials="户口簿",
        steps="受理\n审核",
        time_limit="30个工作日",
        stations=[centre, o["station"]],
        handled_by=centre,
    )
    start = timezone.now() + dt.timedelta(days=2)
    o["shift"] = st.shift_add(
        actor=admin,
        station=o["station"],
        person=w.people["c1_handler"],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        post="值班人员",
    )
    agent = _login_person(prefix, "agent", "张代办", w)
    st.agent_assign(actor=admin, person=agent, area=v.area)
    o["agent_request"] = st.request_register(
        actor=_actor(w, "agent"),
        area=v.area,
        service=o["guide"],
        resident_name=AGENT_CLIENT_NAME,
        resident_phone=AGENT_CLIENT_PHONE,
    )

    # bulletin
    from lastmile.bulletin.services import board, notices

    notice = notices.notice_create(
        actor=c1h,
        data=notices.NoticeInput(
            kind="notice", title="停水通知", body="本周六停水。", audience="public", area=a["c1"]
        ),
    )
    o["notice_file"] = notices.notice_attach(actor=c1h, notice=notice, name="a.pdf", content=PDF)
    o["notice"] = notices.notice_publish(actor=c1h, notice=notice)
    o["post"] = board.post_submit(
        actor=actor_for_user(None),
        data=board.PostInput(
            kind="question",
            title="小区电梯经常停运",
            text="3栋电梯这个月停了三次。",
            area=a["c1"],
            name=POSTER_NAME,
            phone=POSTER_PHONE,
        ),
        ip="10.0.0.1",
    )

    # learning
    from lastmile.learning import services as learning

    sec = _actor(w, "v_secretary")
    course = learning.course_create(
        actor=sec, area=v.area, title="党章学习", summary="逐章学习", completion="time"
    )
    o["course_item"] = learning.item_add(
        actor=sec,
        course=course,
        kind="article",
        title="第一章",
        expected_minutes=2,
        body="<p>第一条</p>",
    )
    o["question"] = learning.question_add(
        actor=sec,
        course=course,
        text="最高理想？",
        kind="single",
        choices=[("共产主义", True), ("其他", False)],
    )
    o["course"] = learning.course_publish(actor=sec, course=course)
    o["assignment"] = learning.assignment_create(
        actor=sec,
        course=course,
        audience="branch",
        area=v.area,
        due=timezone.localdate() + dt.timedelta(days=14),
    )
    return o


def build_matrix() -> Matrix:
    sides = {}
    for prefix in ("t", "x"):
        w = build_world(prefix)
        v = build_village(w, prefix)
        sides[prefix] = Side(w, v, populate(w, v, prefix))
    m = Matrix(inside=sides["t"], outside=sides["x"])
    t, x = sides["t"].world, sides["x"].world
    for key, person in t.people.items():
        m.users[key] = person.user
    m.users["x_dispatcher"] = x.people["dispatcher"].user
    m.users["x_c1_handler"] = x.people["c1_handler"].user
    m.users["superuser"] = get_user_model().objects.create_superuser(
        "t_superuser", "su@example.org", PASSWORD
    )
    m.users["anonymous"] = None
    return m
