"""认领 (one-to-one, many-to-one, one-to-many), contact, 圆梦 and the family's confirmation,
with every refusal the brief names."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from lastmile.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from lastmile.orgs import services as org_services
from lastmile.wishes import services
from lastmile.wishes.choices import ClaimStatus, ConfirmMethod, Status
from lastmile.wishes.models import Claim, Photo
from lastmile.wishes.tests.helpers import claim_of, photo, refreshed, to_status, volunteer

pytestmark = pytest.mark.django_db


def test_one_to_one_claim_covers_the_wish(world):
    wish = to_status(world, "published")
    volunteer(world)
    claim = services.wish_claim(actor=world.actor("vol"), wish=wish)
    wish = refreshed(wish)
    assert claim.amount == Decimal("120") and claim.status == ClaimStatus.ACTIVE
    assert claim.contact_due - claim.claimed_at == timedelta(days=7)
    assert wish.status == Status.CLAIMED and wish.pledged == wish.value


def test_many_to_one_pledges_until_covered(world):
    wish = to_status(world, "published", value="300")
    a, b = volunteer(world, "a", "甲志愿"), volunteer(world, "b", "乙志愿")
    services.wish_claim(actor=world.actor("a"), wish=wish, amount="100")
    wish = refreshed(wish)
    assert wish.status == Status.PUBLISHED and wish.pledged == Decimal("100")
    assert wish.left == Decimal("200")
    with pytest.raises(InvalidInput, match="认领金额超过了这个心愿剩余的 200 元") as exc:
        services.wish_claim(actor=world.actor("b"), wish=wish, amount="250")
    assert exc.value.field == "amount"
    services.wish_claim(actor=world.actor("b"), wish=wish, amount="150")
    # A unit, through one of its members, takes the rest.
    services.wish_claim(actor=world.actor("c1_handler"), wish=wish, unit=world.units["c1_org"])
    wish = refreshed(wish)
    assert wish.status == Status.CLAIMED and wish.pledged == Decimal("300")
    assert [c.amount for c in wish.claims.order_by("pk")] == [100, 150, 50]
    assert {c.person for c in wish.claims.all()} == {a, b, world.people["c1_handler"]}


def test_one_to_many(world):
    volunteer(world)
    first = to_status(world, "published")
    second = to_status(world, "published", title="一盏台灯", value="60")
    for wish in (first, second):
        services.wish_claim(actor=world.actor("vol"), wish=wish)
    assert Claim.objects.filter(person=world.people["vol"]).count() == 2


def test_claim_refusals(world):
    volunteer(world)
    vol = world.actor("vol")
    claimed = to_status(world, "claimed", claimer="other")
    with pytest.raises(TransitionNotAllowed, match="这个心愿已被认领满额"):
        services.wish_claim(actor=vol, wish=claimed)
    for status in ("submitted", "verified"):
        with pytest.raises(TransitionNotAllowed, match="还没有发布到心愿墙"):
            services.wish_claim(actor=vol, wish=to_status(world, status))
    closed = to_status(world, "closed", claimer="third")
    with pytest.raises(TransitionNotAllowed, match="这个心愿已经圆梦（当前为“已销号”）"):
        services.wish_claim(actor=vol, wish=closed)
    wish = to_status(world, "published")
    with pytest.raises(InvalidInput, match="认领金额必须大于 0 元"):
        services.wish_claim(actor=vol, wish=wish, amount="0")
    with pytest.raises(InvalidInput, match="请填写认领金额"):
        services.wish_claim(actor=vol, wish=wish, amount="五十")
    services.wish_claim(actor=vol, wish=wish, amount="20")
    with pytest.raises(InvalidInput, match="您已经认领过这个心愿"):
        services.wish_claim(actor=vol, wish=wish, amount="20")
    handler = world.actor("c1_handler")
    services.wish_claim(actor=handler, wish=wish, amount="20", unit=world.units["c1_org"])
    gridder = world.actor("gridder")  # another member of the same unit
    with pytest.raises(InvalidInput, match="东风社区党委已经认领过这个心愿"):
        services.wish_claim(actor=gridder, wish=wish, amount="20", unit=world.units["c1_org"])


def test_who_may_claim(world):
    wish = to_status(world, "published")
    resident = org_services.person_create(name="普通居民", username="t_res", password="x")
    with pytest.raises(NotPermitted, match="心愿由党员、注册志愿者和单位认领"):
        services.wish_claim(actor=world.actor("outsider"), wish=wish)
    world.people["res"] = resident
    with pytest.raises(NotPermitted):
        services.wish_claim(actor=world.actor("res"), wish=wish)
    with pytest.raises(NotPermitted, match="只有区住建局的成员才能以该单位名义认领"):
        services.wish_claim(actor=world.actor("c1_handler"), wish=wish, unit=world.units["housing"])
    with pytest.raises(NotPermitted, match="请先登录"):
        services.wish_claim(actor=services.FAMILY, wish=wish)
    member = org_services.person_create(
        name="党员老赵", username="t_party", password="x", is_party_member=True
    )
    world.people["party"] = member
    assert services.wish_claim(actor=world.actor("party"), wish=wish).person == member


def test_contact_then_fulfil_then_family_confirms(world):
    wish = to_status(world, "claimed")
    claim = claim_of(wish)
    vol = world.actor("vol")
    with pytest.raises(TransitionNotAllowed, match="请先联系心愿人"):
        services.wish_fulfil(actor=vol, claim=claim, note="送到了", files=[photo()])
    with pytest.raises(InvalidInput, match="请写明何时、如何联系"):
        services.claim_contact(actor=vol, claim=claim, note="")
    claim = services.claim_contact(actor=vol, claim=claim, note="电话联系")
    assert claim.status == ClaimStatus.CONTACTED and claim.contacted_at is not None
    with pytest.raises(TransitionNotAllowed, match="认领处于“已联系心愿人”时不能这样操作"):
        services.claim_contact(actor=vol, claim=claim, note="再联系一次")
    with pytest.raises(
        TransitionNotAllowed, match="认领人登记圆梦后，心愿人才能确认（当前为“已认领”）"
    ):
        services.wish_confirm_by_family(wish=refreshed(wish), pin=services.pin_for(wish.code))
    with pytest.raises(InvalidInput, match="请至少上传一张照片") as exc:
        services.wish_fulfil(actor=vol, claim=claim, note="送到了", files=[])
    assert exc.value.field == "photos"
    wish = services.wish_fulfil(actor=vol, claim=claim, note="送到了", files=[photo()])
    assert wish.status == Status.FULFILLED and wish.photos.count() == 1
    with pytest.raises(InvalidInput, match="心愿编号或密码不正确"):
        services.wish_confirm_by_family(wish=wish, pin="12345")
    wish = services.wish_confirm_by_family(
        wish=wish, pin=services.pin_for(wish.code), comment="谢谢"
    )
    assert wish.status == Status.CLOSED and wish.confirm_method == ConfirmMethod.PIN
    assert claim_of(wish).status == ClaimStatus.DONE


def test_only_the_claimer_or_their_unit_acts_on_a_claim(world):
    wish = to_status(world, "claimed")
    claim = claim_of(wish)
    volunteer(world, "other", "别人")
    with pytest.raises(NotFound):
        services.claim_contact(actor=world.actor("other"), claim=claim, note="联系了")
    unit_wish = to_status(world, "published", title="一盏台灯")
    unit_claim = services.wish_claim(
        actor=world.actor("c1_handler"), wish=unit_wish, unit=world.units["c1_org"]
    )
    # Another member of the unit may record the contact of the unit's claim.
    services.claim_contact(actor=world.actor("gridder"), claim=unit_claim, note="上门了解")


def test_fulfil_waits_for_every_claimer(world):
    wish = to_status(world, "published", value="200")
    volunteer(world, "a", "甲志愿"), volunteer(world, "b", "乙志愿")
    first = services.wish_claim(actor=world.actor("a"), wish=wish, amount="100")
    services.wish_claim(actor=world.actor("b"), wish=wish, amount="100")
    services.claim_contact(actor=world.actor("a"), claim=first, note="电话联系")
    with pytest.raises(TransitionNotAllowed, match="尚未联系：乙志愿"):
        services.wish_fulfil(actor=world.actor("a"), claim=first, note="送到", files=[photo()])


def test_fulfil_of_a_partly_claimed_wish_is_refused(world):
    wish = to_status(world, "published")
    volunteer(world)
    claim = services.wish_claim(actor=world.actor("vol"), wish=wish, amount="20")
    services.claim_contact(actor=world.actor("vol"), claim=claim, note="电话联系")
    with pytest.raises(TransitionNotAllowed, match="只有认领满额的心愿才能登记圆梦"):
        services.wish_fulfil(actor=world.actor("vol"), claim=claim, note="送", files=[photo()])


def test_photos_lose_their_exif(world):
    import io

    buffer = io.BytesIO()
    image = Image.new("RGB", (30, 20), (1, 2, 3))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    from lastmile.concerns.uploads import clean_upload

    cleaned = clean_upload("gps.jpg", buffer.getvalue())
    wish = to_status(world, "claimed")
    claim = claim_of(wish)
    services.claim_contact(actor=world.actor("vol"), claim=claim, note="电话")
    services.wish_fulfil(actor=world.actor("vol"), claim=claim, note="送到", files=[cleaned])
    stored = Photo.objects.get(wish=wish)
    with stored.file.open("rb") as handle, Image.open(handle) as reread:
        assert not reread.getexif()


def test_cadre_records_the_confirmation(world):
    wish = to_status(world, "fulfilled")
    staff = world.actor("c1_handler")
    with pytest.raises(InvalidInput, match="请选择心愿人是当面还是电话确认的"):
        services.wish_confirm(actor=staff, wish=wish, method="pin", note="x")
    with pytest.raises(InvalidInput, match="请写明家中谁、何时确认的"):
        services.wish_confirm(actor=staff, wish=wish, method="phone", note="")
    with pytest.raises(NotFound):
        services.wish_confirm(actor=world.actor("c2_handler"), wish=wish, method="phone", note="a")
    wish = services.wish_confirm(
        actor=staff, wish=wish, method="in_person", note="入户回访，王奶奶确认收到"
    )
    assert wish.status == Status.CLOSED and wish.confirm_method == ConfirmMethod.IN_PERSON


def test_unit_role_of_a_department_can_claim_for_it(world):
    wish = to_status(world, "published")
    claim = services.wish_claim(actor=world.actor("leader"), wish=wish, unit=world.units["housing"])
    assert claim.unit == world.units["housing"] and claim.person == world.people["leader"]


def test_contact_deadline_is_from_settings(world, settings):
    settings.LASTMILE_WISHES = {**settings.LASTMILE_WISHES, "CONTACT_DAYS": 3}
    wish = to_status(world, "published")
    volunteer(world)
    claim = services.wish_claim(actor=world.actor("vol"), wish=wish)
    assert claim.contact_due - claim.claimed_at == timedelta(days=3)
    assert claim.contact_due > timezone.now()


def test_a_stale_copy_is_checked_again_under_the_lock(world):
    wish = to_status(world, "published")
    stale = refreshed(wish)  # read before someone else takes the whole wish
    volunteer(world, "first", "先到者")
    services.wish_claim(actor=world.actor("first"), wish=wish)
    volunteer(world)
    with pytest.raises(TransitionNotAllowed, match="这个心愿已被认领满额"):
        services.wish_claim(actor=world.actor("vol"), wish=stale, amount="10")
    assert refreshed(wish).pledged == Decimal("120")
