"""The personal-data access log: each staff page that shows unmasked data logs who, whose, why;
supervisors review it for their subtree; residents' own view; the desk's caller search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lastmile.concerns.testing import submit
from lastmile.core.crypto import phone_hash
from lastmile.core.models import AppendOnlyError, PiiAccess
from lastmile.core.pii import (
    AccessFilter,
    log_pii_access,
    pii_access_for_actor,
    pii_access_for_person,
)
from lastmile.orgs import services as org_services
from lastmile.orgs.choices import Role
from lastmile.orgs.testing import PASSWORD, World
from lastmile.stations.tests.conftest import clock, net  # noqa: F401  (fixtures)

PHONE = "13812345678"


def login(client, world: World, key: str) -> None:
    assert client.login(username=world.username(key), password=PASSWORD)


def c2_supervisor(world: World):
    """A supervisor whose jurisdiction is community c2 only."""
    person = org_services.person_create(name="向阳督办", username="t_c2_sup", password=PASSWORD)
    org_services.membership_add(
        person=person, unit=world.units["c2_org"], role=Role.SUPERVISOR, area=world.areas["c2"]
    )
    return person


@pytest.mark.django_db
def test_log_rows_are_append_only(world):
    row = log_pii_access(
        actor=world.actor("handler"),
        subject_type="concern",
        subject_id=1,
        fields=["resident_phone"],
        purpose="处理诉求",
    )
    row.purpose = "改写"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()


@pytest.mark.django_db
def test_desk_concern_page_logs_the_access(client, world):
    concern = submit(world, resident_name="李四", resident_phone=PHONE, address="幸福路12号")
    login(client, world, "dispatcher")
    response = client.get(reverse("concerns:desk_concern", args=[concern.code]))
    assert response.status_code == 200 and PHONE in response.content.decode()
    row = PiiAccess.objects.get()
    assert row.staff_id == world.people["dispatcher"].pk and row.staff_label == "派单员"
    assert (row.subject_type, row.subject_id, row.subject_label) == (
        "concern",
        str(concern.pk),
        concern.code,
    )
    assert row.fields == ["address", "resident_name", "resident_phone"]
    assert row.purpose == f"处理诉求 {concern.code}"
    assert row.area_path == world.areas["c1g1"].path
    # an anonymous concern shows nothing personal: nothing to log
    other = submit(world)
    client.get(reverse("concerns:desk_concern", args=[other.code]))
    assert PiiAccess.objects.count() == 1


@pytest.mark.django_db
def test_export_with_contacts_logs_each_concern(client, world):
    a = submit(world, resident_name="李四", resident_phone=PHONE)
    submit(world)  # no contact: not logged
    login(client, world, "dispatcher")
    response = client.get(reverse("concerns:desk_export"))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    rows = list(PiiAccess.objects.filter(purpose="导出含联系方式"))
    assert [r.subject_label for r in rows] == [a.code]


@pytest.mark.django_db
def test_household_page_logs_the_access(client, world, village):
    household = village.households[0]
    login(client, world, "v_secretary")
    assert client.get(reverse("outreach:household", args=[household.pk])).status_code == 200
    row = PiiAccess.objects.get(subject_type="household")
    assert row.purpose == "联系户走访" and "phone" in row.fields
    # the household's members see it as an access to their data
    member = household.people.first()
    if member is not None:
        assert list(pii_access_for_person(member)) == [row]


@pytest.mark.django_db
def test_wish_desk_page_logs_the_access(client, world):
    from lastmile.wishes.tests.helpers import submit as wish_submit

    wish = wish_submit(world)
    login(client, world, "c1_handler")
    assert client.get(reverse("wishes:desk_wish", args=[wish.code])).status_code == 200
    row = PiiAccess.objects.get(subject_type="wish")
    assert row.subject_label == wish.code and row.purpose == f"核实心愿 {wish.code}"
    assert set(row.fields) == {"beneficiary_name", "beneficiary_phone", "beneficiary_address"}


@pytest.mark.django_db
def test_board_desk_post_logs_the_access(client, world):
    from lastmile.bulletin.tests.helpers import submit as post_submit

    post = post_submit(world)
    login(client, world, "c1_handler")
    assert client.get(f"/messages/desk/{post.pk}/").status_code == 200
    row = PiiAccess.objects.get(subject_type="boardpost")
    assert row.fields == ["name", "phone"] and row.purpose == f"回复留言 #{post.pk}"


@pytest.mark.django_db
def test_agent_request_page_logs_the_access(client, world, net):  # noqa: F811
    from lastmile.stations.tests.helpers import register
    from lastmile.stations.tests.test_views_public import login as station_login

    request = register(net)
    station_login(client, net, "agent")
    assert client.get(reverse("stations:request", args=[request.pk])).status_code == 200
    row = PiiAccess.objects.get(subject_type="agentrequest")
    assert row.fields == ["resident_name", "resident_phone"]


@pytest.mark.django_db
def test_admin_change_form_logs_and_phone_search_uses_the_hash(client, world, village):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    assert client.login(username="root", password=PASSWORD)
    household = village.households[0]
    url = reverse("admin:orgs_household_change", args=[household.pk])
    assert client.get(url).status_code == 200
    assert PiiAccess.objects.filter(subject_type="household", purpose="后台维护").count() == 1
    found = client.get(reverse("admin:orgs_household_changelist"), {"q": household.phone})
    assert found.status_code == 200
    assert list(found.context["cl"].queryset) == [household]


@pytest.mark.django_db
def test_review_page_is_scoped_filtered_and_exports_csv(
    client, world, django_assert_max_num_queries
):
    c1 = submit(world, resident_phone=PHONE, area="c1g1")
    c2 = submit(world, resident_phone="13900000000", area="c2g1")
    login(client, world, "dispatcher")
    client.get(reverse("concerns:desk_concern", args=[c1.code]))
    client.get(reverse("concerns:desk_concern", args=[c2.code]))
    client.logout()
    assert PiiAccess.objects.count() == 2

    url = reverse("concerns:desk_privacy_access")
    login(client, world, "handler")  # no review role
    assert client.get(url).status_code == 403
    client.logout()

    c2_supervisor(world)
    assert client.login(username="t_c2_sup", password=PASSWORD)
    with django_assert_max_num_queries(10):
        page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and c2.code in body and c1.code not in body
    client.logout()

    login(client, world, "supervisor")  # the district: both
    body = client.get(url).content.decode()
    assert c1.code in body and c2.code in body and "个人信息查看记录" in body
    filtered = client.get(url, {"subject": c1.code}).content.decode()
    assert c1.code in filtered and c2.code not in filtered
    by_staff = client.get(url, {"staff": "派单"}).content.decode()
    assert c1.code in by_staff
    assert c1.code not in client.get(url, {"staff": "没有这个人"}).content.decode()
    bad = client.get(url, {"since": "27/11/2025"})
    assert bad.status_code == 400 and "请按 2025-11-27 的格式填写日期。" in bad.content.decode()
    csv = client.get(url, {"format": "csv"})
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv") and c1.code in text and "派单员" in text
    assert PHONE not in text  # the log names what was seen, never the values


@pytest.mark.django_db
def test_selector_filters_by_date_and_person(world):
    actor = world.actor("supervisor")
    log_pii_access(
        actor=world.actor("handler"),
        subject_type="concern",
        subject_id=1,
        person_id=42,
        fields=["resident_phone"],
        purpose="处理诉求",
        area=world.areas["c1g1"],
    )
    assert pii_access_for_actor(actor, AccessFilter(person_id=42)).count() == 1
    assert pii_access_for_actor(actor, AccessFilter(person_id=43)).count() == 0
    import datetime as dt

    today = dt.date.today()
    assert (
        pii_access_for_actor(actor, AccessFilter(since=today + dt.timedelta(days=2))).count() == 0
    )
    assert (
        pii_access_for_actor(actor, AccessFilter(until=today + dt.timedelta(days=1))).count() == 1
    )


@pytest.mark.django_db
def test_find_a_caller_by_phone_within_the_jurisdiction(
    client, world, django_assert_max_num_queries
):
    mine = submit(world, resident_phone=PHONE, area="c1g1")
    submit(world, resident_phone="13900000000", area="c1g1")
    url = reverse("concerns:desk_find")
    login(client, world, "gridder")  # the grid worker of c1g1
    with django_assert_max_num_queries(12):
        page = client.get(url, {"phone": "138 1234 5678"})
    body = page.content.decode()
    assert page.status_code == 200 and mine.code in body and "138****5678" in body
    assert PHONE not in body
    bad = client.get(url, {"phone": "12ab"})
    assert bad.status_code == 400 and "请输入来电人的完整电话号码" in bad.content.decode()
    client.logout()
    login(client, world, "c2_handler")  # another community: does not see it
    assert mine.code not in client.get(url, {"phone": PHONE}).content.decode()
    client.logout()
    login(client, world, "outsider")
    assert client.get(url, {"phone": PHONE}).status_code == 403


@pytest.mark.django_db
def test_same_caller_history_on_the_desk_uses_the_hash(client, world):
    first = submit(world, resident_phone=PHONE, address="幸福路 12 号")
    second = submit(world, resident_phone="138-1234-5678")
    third = submit(world, address="幸福路12号")
    login(client, world, "dispatcher")
    response = client.get(reverse("concerns:desk_concern", args=[second.code]))
    history = [c.code for c in response.context["history"]]
    assert first.code in history and third.code not in history
    response = client.get(reverse("concerns:desk_concern", args=[third.code]))
    assert first.code in [c.code for c in response.context["history"]]
    assert phone_hash(PHONE) == second.resident_phone_hash
