"""The resident-facing and public pages, through the Django test client."""

from __future__ import annotations

import io
import re
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lastmile.concerns import services
from lastmile.concerns.choices import Kind, Satisfaction, Status
from lastmile.concerns.models import Concern, MeToo
from lastmile.concerns.services import pin_for
from lastmile.concerns.testing import ANONYMOUS, fresh, reach, submit

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def chinese(settings, tmp_path):
    """The project's Chinese catalogue compiled into a temporary locale directory."""
    target = tmp_path / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    polib.pofile(str(PO)).save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]
    settings.LANGUAGE_CODE = "zh-hans"
    return tmp_path


def png(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def raise_data(world, **overrides):
    data = {
        "text": "小区东门路灯坏了一个星期，晚上很黑",
        "title": "",
        "kind": Kind.COMPLAINT,
        "urgency": "normal",
        "area": str(world.areas["c1g1"].pk),
        "address": "",
        "name": "",
        "phone": "",
        "idempotency_key": "k-" + str(id(overrides)),
    }
    data.update(overrides)
    return data


def html(response) -> str:
    return response.content.decode()


def unlock(client, concern: Concern):
    return client.post(
        reverse("concerns:track_lookup"), {"code": concern.code, "pin": pin_for(concern.code)}
    )


# ---- home ------------------------------------------------------------------------------------


def test_home_shows_raise_button_track_form_and_month_figures(client, world):
    reach(world, Status.CLOSED)  # rated satisfied
    reach(world, Status.IN_PROGRESS)
    response = client.get(reverse("concerns:home"))
    assert response.status_code == 200
    page = html(response)
    assert reverse("concerns:raise") in page
    assert 'name="pin"' in page and "csrfmiddlewaretoken" in page
    assert "100.0%" in page  # one rated concern, satisfied
    assert reverse("concerns:board") in page


def test_month_figures_weigh_mostly_satisfied_and_ignore_not_rated(world):
    from lastmile.concerns.selectors_public import month_figures

    happy = reach(world, Status.REPLIED)
    services.concern_callback(
        actor=ANONYMOUS,
        concern=happy,
        contacted=True,
        resolved=True,
        satisfaction=Satisfaction.MOSTLY_SATISFIED,
    )
    reach(world, Status.CLOSED)
    figures = month_figures()
    assert figures.received == 2 and figures.closed == 2 and figures.rated == 2
    assert figures.satisfaction == pytest.approx(0.95)


# ---- raise -----------------------------------------------------------------------------------


def test_raise_form_has_key_grouped_grids_and_kind_explanations(client, world):
    page = html(client.get(reverse("concerns:raise")))
    assert re.search(r'name="idempotency_key" value="[0-9a-f]{32}"', page)
    assert '<optgroup label="东风社区">' in page
    assert "东风社区第1网格" in page
    assert 'type="file" name="photos"' in page and "multiple" in page
    assert page.count('name="kind"') == len(Kind.values)
    assert "never shown publicly" in page or "不会公开" in page


def test_submit_redirects_to_done_page_with_code_and_pin(client, world):
    response = client.post(reverse("concerns:raise"), raise_data(world))
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:submitted", args=[concern.code])
    assert concern.area == world.areas["c1g1"] and concern.status == Status.RECEIVED
    page = html(client.get(response["Location"]))
    assert concern.code in page and pin_for(concern.code) in page
    # Another browser sees the code but never the PIN.
    from django.test import Client

    other = html(Client().get(response["Location"]))
    assert concern.code in other and pin_for(concern.code) not in other
    # The submitter's browser may go straight to the tracking page.
    assert client.get(reverse("concerns:track", args=[concern.code])).status_code == 200


def test_submit_with_photos_stores_them(client, world):
    photos = [SimpleUploadedFile(f"p{i}.png", png(), content_type="image/png") for i in range(2)]
    response = client.post(reverse("concerns:raise"), {**raise_data(world), "photos": photos})
    assert response.status_code == 302
    assert Concern.objects.get().attachments.count() == 2


def test_invalid_text_shows_chinese_error_and_keeps_other_fields(client, world, chinese):
    data = raise_data(world, text="灯坏", address="幸福路12号", name="李四", phone="13900001111")
    response = client.post(reverse("concerns:raise"), data)
    assert response.status_code == 400
    page = html(response)
    assert "请描述具体情况，至少 5 个字。" in page
    assert 'id="id_text_error"' in page and 'aria-invalid="true"' in page
    assert 'value="幸福路12号"' in page and 'value="李四"' in page and 'value="13900001111"' in page
    assert f'value="{world.areas["c1g1"].pk}" selected' in page
    assert Concern.objects.count() == 0


def test_non_image_upload_is_rejected_and_form_kept(client, world):
    fake = SimpleUploadedFile(
        "photo.jpg", b"%PDF-1.4 not really a photo", content_type="image/jpeg"
    )
    data = raise_data(world, address="幸福路12号")
    response = client.post(reverse("concerns:raise"), {**data, "photos": [fake]})
    assert response.status_code == 400
    page = html(response)
    assert 'id="id_photos_error"' in page and "photo.jpg" in page
    assert "小区东门路灯坏了一个星期" in page and 'value="幸福路12号"' in page
    assert Concern.objects.count() == 0


def test_upload_over_10_mb_is_rejected(client, world):
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (11 * 2**20), content_type="image/png")
    response = client.post(reverse("concerns:raise"), {**raise_data(world), "photos": [big]})
    assert response.status_code == 400
    page = html(response)
    assert 'id="id_photos_error"' in page and "big.png" in page and "10 MB" in page
    assert Concern.objects.count() == 0


def test_more_than_six_photos_is_rejected(client, world):
    photos = [SimpleUploadedFile(f"p{i}.png", png(), content_type="image/png") for i in range(7)]
    response = client.post(reverse("concerns:raise"), {**raise_data(world), "photos": photos})
    assert response.status_code == 400 and Concern.objects.count() == 0


def test_same_idempotency_key_twice_makes_one_concern(client, world):
    data = raise_data(world, idempotency_key="same-key-123")
    first = client.post(reverse("concerns:raise"), data)
    second = client.post(reverse("concerns:raise"), {**data, "text": data["text"] + "！"})
    assert Concern.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_place_is_required_except_for_a_consultation(client, world):
    response = client.post(reverse("concerns:raise"), raise_data(world, area=""))
    assert response.status_code == 400 and 'id="id_address_error"' in html(response)
    response = client.post(reverse("concerns:raise"), raise_data(world, area="", kind=Kind.CONSULT))
    assert response.status_code == 302


def test_similar_lists_open_concerns_with_me_too_button(client, world):
    concern = reach(world, Status.IN_PROGRESS)
    response = client.get(
        reverse("concerns:similar"),
        {"text": concern.text[:12], "area": world.areas["c1g1"].pk},
    )
    page = html(response)
    assert response.status_code == 200
    assert reverse("concerns:me_too", args=[concern.code]) in page
    assert html(client.get(reverse("concerns:similar"), {"text": "无"})).strip() == ""


# ---- track -----------------------------------------------------------------------------------


def test_wrong_pin_is_refused_without_saying_which_part(client, world):
    concern = submit(world)
    wrong = "000000" if pin_for(concern.code) != "000000" else "111111"
    response = client.post(reverse("concerns:track_lookup"), {"code": concern.code, "pin": wrong})
    assert response.status_code == 400
    page = html(response)
    assert 'role="alert"' in page
    unknown = html(client.post(reverse("concerns:track_lookup"), {"code": "ZZZZZZ", "pin": wrong}))
    alert = re.compile(r'<div class="msg error" role="alert".*?</div>', re.S)
    shown, shown_unknown = alert.search(page), alert.search(unknown)
    assert shown and shown_unknown and shown.group(0) == shown_unknown.group(0)  # same words
    assert client.get(reverse("concerns:track", args=[concern.code])).status_code == 302


def test_too_many_wrong_pins_are_throttled(client, world):
    concern = submit(world)
    right = pin_for(concern.code)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(10):
        client.post(reverse("concerns:track_lookup"), {"code": concern.code, "pin": wrong})
    response = unlock(client, concern)
    assert response.status_code == 400


def test_right_pin_opens_the_tracking_page(client, world):
    concern = reach(world, Status.IN_PROGRESS)
    response = unlock(client, concern)
    assert response["Location"] == reverse("concerns:track", args=[concern.code])
    page = html(client.get(response["Location"]))
    assert world.units["housing"].name in page  # who owns it now
    assert reverse("concerns:track_callback", args=[concern.code]) not in page


def test_track_page_without_access_redirects_to_lookup(client, world):
    concern = submit(world)
    response = client.get(reverse("concerns:track", args=[concern.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("concerns:track_lookup"))


def test_callback_satisfied_closes(client, world):
    concern = reach(world, Status.REPLIED)
    unlock(client, concern)
    page = html(client.get(reverse("concerns:track", args=[concern.code])))
    assert reverse("concerns:track_callback", args=[concern.code]) in page
    response = client.post(
        reverse("concerns:track_callback", args=[concern.code]),
        {"contacted": "yes", "resolved": "yes", "satisfaction": "satisfied", "comment": "谢谢"},
    )
    assert response.status_code == 302
    concern = fresh(concern)
    assert concern.status == Status.CLOSED and concern.cb_satisfaction == "satisfied"


def test_callback_unresolved_reopens_once_then_closes(client, world):
    concern = reach(world, Status.REPLIED)
    unlock(client, concern)
    url = reverse("concerns:track_callback", args=[concern.code])
    bad = {"contacted": "yes", "resolved": "no", "satisfaction": "dissatisfied"}
    client.post(url, bad)
    assert fresh(concern).status == Status.REOPENED
    # Handled again and replied again: a second "unhappy" answer closes it (rated).
    c = services.concern_dispatch(
        actor=world.actor("dispatcher"), concern=fresh(concern), unit=world.units["housing"]
    )
    c = services.concern_sign(actor=world.actor("handler"), concern=c)
    c = services.concern_reply(
        actor=world.actor("handler"), concern=c, text="再次到现场处理，已更换灯具。", resolved=True
    )
    client.post(url, bad)
    assert fresh(concern).status == Status.CLOSED


def test_callback_when_not_awaiting_feedback_shows_message_not_500(client, world):
    concern = reach(world, Status.IN_PROGRESS)
    unlock(client, concern)
    response = client.post(
        reverse("concerns:track_callback", args=[concern.code]),
        {"contacted": "yes", "resolved": "yes", "satisfaction": "satisfied"},
    )
    assert response.status_code == 400
    assert 'role="alert"' in html(response)
    assert fresh(concern).status == Status.IN_PROGRESS


def test_callback_needs_tracking_access(client, world):
    concern = reach(world, Status.REPLIED)
    response = client.post(
        reverse("concerns:track_callback", args=[concern.code]),
        {"contacted": "yes", "resolved": "yes", "satisfaction": "satisfied"},
    )
    assert response.status_code == 302 and fresh(concern).status == Status.REPLIED


# ---- board -----------------------------------------------------------------------------------


def test_board_never_shows_name_or_phone(client, world):
    data = raise_data(
        world,
        name="张三丰",
        phone="13812345678",
        title="张三丰家门口路灯坏了",
        text="我是张三丰，电话13812345678，家门口路灯坏了很久",
        address="幸福路12号3单元",
    )
    client.post(reverse("concerns:raise"), data)
    concern = Concern.objects.get()
    pages = [
        html(client.get(reverse("concerns:board"))),
        html(client.get(reverse("concerns:board_detail", args=[concern.code]))),
    ]
    for page in pages:
        assert "张三丰" not in page
        assert "13812345678" not in page
        assert "幸福路12号" not in page
        assert "东风社区第1网格" not in page
        assert "东风社区" in page
    assert "138****5678" in pages[1]


def test_board_filters_by_status_community_and_search(client, world):
    open_one = reach(world, Status.IN_PROGRESS)
    closed = reach(world, Status.CLOSED, area="c2g1")
    page = html(client.get(reverse("concerns:board"), {"status": "closed"}))
    assert closed.code in page and open_one.code not in page
    page = html(client.get(reverse("concerns:board"), {"area": world.areas["c1"].pk}))
    assert open_one.code in page and closed.code not in page
    page = html(client.get(reverse("concerns:board"), {"q": closed.code}))
    assert closed.code in page and open_one.code not in page


def test_board_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    for _ in range(3):
        reach(world, Status.DISPATCHED)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("concerns:board"))
    for area in ["c1g2", "c2g1", "c2g2"] * 4:
        reach(world, Status.DISPATCHED, area=area)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("concerns:board"))
    assert html(response).count('class="item"') == 15


def test_board_paginates_25_per_page(client, world):
    for _ in range(26):
        submit(world)
    first = html(client.get(reverse("concerns:board")))
    assert first.count('class="item"') == 25 and "page=2" in first
    second = html(client.get(reverse("concerns:board"), {"page": 2}))
    assert second.count('class="item"') == 1


def test_board_detail_shows_public_timeline_and_reply(client, world):
    concern = reach(world, Status.REPLIED)
    page = html(client.get(reverse("concerns:board_detail", args=[concern.code])))
    assert concern.reply_text in page
    assert world.units["housing"].name in page
    assert world.people["handler"].name not in page  # no staff names in public


def test_merged_concern_links_to_its_parent(client, world):
    child = reach(world, Status.MERGED)
    assert child.parent is not None
    page = html(client.get(reverse("concerns:board_detail", args=[child.code])))
    assert reverse("concerns:board_detail", args=[child.parent.code]) in page


def test_me_too_counts_once_per_session(client, world):
    concern = reach(world, Status.IN_PROGRESS)
    url = reverse("concerns:me_too", args=[concern.code])
    assert client.post(url).status_code == 302
    client.post(url)
    assert fresh(concern).me_too_count == 1
    from django.test import Client

    Client().post(url)
    assert fresh(concern).me_too_count == 2
    page = html(client.get(reverse("concerns:board_detail", args=[concern.code])))
    assert "2" in page


def test_me_too_over_htmx_returns_a_fragment(client, world):
    concern = reach(world, Status.IN_PROGRESS)
    response = client.post(reverse("concerns:me_too", args=[concern.code]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in html(response)
    assert fresh(concern).me_too_count == 1


def test_get_never_changes_state(client, world):
    concern = reach(world, Status.REPLIED)
    unlock(client, concern)
    assert client.get(reverse("concerns:me_too", args=[concern.code])).status_code == 405
    assert client.get(reverse("concerns:track_callback", args=[concern.code])).status_code == 405
    assert MeToo.objects.count() == 0
    assert fresh(concern).status == Status.REPLIED and fresh(concern).me_too_count == 0


def test_posts_need_csrf(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    concern = reach(world, Status.IN_PROGRESS)
    assert strict.post(reverse("concerns:me_too", args=[concern.code])).status_code == 403
    assert strict.post(reverse("concerns:raise"), raise_data(world)).status_code == 403
