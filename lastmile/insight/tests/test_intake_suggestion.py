"""The category suggestion on the operator's intake form (desk "Take a call").

As the operator types (htmx, debounced) or on the "Suggest a category" button (no JavaScript),
the classifier's best category is shown with its confidence and pre-selected; the operator's own
choice is kept. ``concerns`` reaches the classifier only through ``concerns.hooks``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from lastmile.concerns import hooks
from lastmile.concerns.choices import Kind
from lastmile.concerns.models import Category, Concern
from lastmile.insight.classify import model as m
from lastmile.insight.classify import runtime
from lastmile.insight.tests.classify_fixtures import TAXONOMY, synthetic
from lastmile.orgs.testing import PASSWORD

NOISE = "小区附近噪音污染严重，晚上油烟排放也很大，希望尽快处理"
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(scope="module")
def small_model() -> m.Model:
    return m.train(*synthetic())


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.VAR_DIR = tmp_path
    settings.SHARED_DATA_DIR = tmp_path / "shared"
    runtime.forget()
    yield tmp_path
    runtime.forget()


def make_tree() -> dict[str, Category]:
    cats: dict[str, Category] = {}
    for i, (one, two, three) in enumerate(TAXONOMY, start=1):
        top = cats[one] = Category.objects.create(code=f"{i:02}", name=one, level=1)
        mid = Category.objects.create(code=f"{i:02}.01", name=two, level=2, parent=top)
        cats[three] = Category.objects.create(code=f"{i:02}.01.01", name=three, level=3, parent=mid)
    return cats


@pytest.fixture
def tree(db: Any) -> dict[str, Category]:
    return make_tree()


@pytest.fixture
def installed(var_dir: Path, tree: dict[str, Category], small_model: m.Model) -> Any:
    runtime.use_model(small_model)
    return tree


def _suggest(client: Any, data: dict[str, Any], **headers: Any) -> Any:
    return client.post(reverse("concerns:desk_new"), {"_suggest": "1", **data}, **headers)


def _selected(page: str) -> str:
    """The value of the category select's selected option ('' when none)."""
    start = page.index('name="category"')
    block = page[start : page.index("</select>", start)]
    marker = block.find(" selected")
    if marker < 0:
        return ""
    return block[block.rfind('value="', 0, marker) + 7 :].split('"', 1)[0]


def test_the_form_offers_categories_and_says_a_suggestion_will_come(client, world, tree) -> None:
    client.force_login(world.people["dispatcher"].user)
    page = client.get(reverse("concerns:desk_new")).content.decode()
    assert 'id="intake-category"' in page
    assert "噪音污染" in page  # the tree, indented in a plain select
    assert "录入来电内容时会自动建议分类" in page
    assert 'hx-post="/desk/new/"' in page and "delay:800ms" in page


def test_htmx_suggestion_preselects_the_category_with_confidence(
    client, world, installed, django_assert_max_num_queries
) -> None:
    client.force_login(world.people["dispatcher"].user)
    with django_assert_max_num_queries(8):
        response = _suggest(client, {"text": NOISE}, **HX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="intake-category"')  # the fragment only
    leaf = installed["噪音污染"]  # named in the text, under the predicted 环境保护
    assert "建议分类：噪音污染，置信度" in page
    assert _selected(page) == str(leaf.pk)
    assert f'name="suggested" value="{leaf.pk}"' in page
    assert not Concern.objects.exists()


def test_the_operators_own_choice_is_kept(client, world, installed) -> None:
    client.force_login(world.people["dispatcher"].user)
    own = installed["公交线路"]
    leaf = installed["噪音污染"]
    page = _suggest(
        client, {"text": NOISE, "category": own.pk, "suggested": leaf.pk}, **HX
    ).content.decode()
    assert _selected(page) == str(own.pk)
    assert "已保留您自己选的分类" in page
    # Still the previous suggestion: replaced by the new one.
    page = _suggest(
        client, {"text": NOISE, "category": leaf.pk, "suggested": leaf.pk}, **HX
    ).content.decode()
    assert _selected(page) == str(leaf.pk)
    assert "已保留" not in page


def test_without_javascript_the_button_keeps_everything_typed(client, world, installed) -> None:
    client.force_login(world.people["dispatcher"].user)
    response = _suggest(
        client,
        {"text": NOISE, "address": "幸福路1号", "resident_phone": "13812345678", "kind": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in page and NOISE in page and "幸福路1号" in page and "13812345678" in page
    assert _selected(page) == str(installed["噪音污染"].pk)
    assert 'role="alert"' not in page  # asking for a suggestion is not a rejected form
    assert not Concern.objects.exists()


def test_saving_keeps_the_preselected_category(client, world, installed) -> None:
    client.force_login(world.people["dispatcher"].user)
    leaf = installed["噪音污染"]
    response = client.post(
        reverse("concerns:desk_new"),
        {
            "text": NOISE,
            "category": leaf.pk,
            "suggested": leaf.pk,
            "kind": Kind.COMPLAINT,
            "urgency": "normal",
            "area": world.areas["c1g1"].pk,
        },
    )
    assert response.status_code == 302
    assert Concern.objects.get().category == leaf


def test_a_rejected_form_shows_the_suggestion_and_keeps_the_choice(client, world, installed):
    client.force_login(world.people["dispatcher"].user)
    own = installed["公交线路"]
    response = client.post(
        reverse("concerns:desk_new"),
        {"text": NOISE, "category": own.pk, "kind": Kind.COMPLAINT, "urgency": "normal",
         "resident_phone": "12345"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert _selected(page) == str(own.pk)
    assert "建议分类：噪音污染" in page
    assert not Concern.objects.exists()


def test_no_model_no_suggestion_and_no_error(client, world, var_dir, tree) -> None:
    client.force_login(world.people["dispatcher"].user)
    response = _suggest(client, {"text": NOISE}, **HX)
    assert response.status_code == 200
    assert "建议分类：" not in response.content.decode()
    assert _selected(response.content.decode()) == ""


@pytest.mark.parametrize("text", ["", "😀😀😀", "<b></b>", "字" * 100_000])
def test_odd_texts_never_fail(client, world, installed, text: str) -> None:
    client.force_login(world.people["dispatcher"].user)
    response = _suggest(client, {"text": text}, **HX)
    assert response.status_code == 200


def test_a_failing_classifier_does_not_break_the_form(client, world, tree, monkeypatch) -> None:
    def broken(text: str) -> list[hooks.CategoryGuess]:
        raise RuntimeError("model exploded")

    monkeypatch.setitem(hooks._providers, "suggester", broken)
    assert hooks.best_category(NOISE) is None
    client.force_login(world.people["dispatcher"].user)
    assert _suggest(client, {"text": NOISE}, **HX).status_code == 200


def test_only_operators_may_ask(client, world, installed) -> None:
    client.force_login(world.people["handler"].user)
    assert _suggest(client, {"text": NOISE}, **HX).status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_sees_the_suggestion_as_they_type(live_server, browser_page, small_model, var_dir):
    from lastmile.orgs.testing import build_world

    world = build_world("s")
    cats = make_tree()
    runtime.use_model(small_model)
    page = browser_page
    page.set_default_timeout(60_000)  # the shared test machine can be slow; nothing is timed
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", world.username("dispatcher"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit], main input[type=submit]").first.click()
    page.wait_for_url("**/desk/**")
    page.goto(live_server.url + reverse("concerns:desk_new"))
    page.locator("#id_text").press_sequentially(NOISE, delay=5)
    note = page.locator("#intake-category .notice")
    note.wait_for()
    assert "建议分类：噪音污染" in note.inner_text()
    assert page.input_value("#id_category") == str(cats["噪音污染"].pk)
    # The operator changes it; typing more keeps their choice.
    page.select_option("#id_category", str(cats["公交线路"].pk))
    page.locator("#id_text").press_sequentially("，还有排放", delay=5)
    page.locator("#intake-category", has_text="已保留您自己选的分类").wait_for()
    assert page.input_value("#id_category") == str(cats["公交线路"].pk)
    page.select_option("#id_kind", Kind.COMPLAINT)
    page.select_option("#id_area", str(world.areas["c1g1"].pk))
    page.get_by_role("button", name="保存诉求").click()
    page.wait_for_url("**/desk/c/**")
    concern = Concern.objects.get()
    assert concern.category == cats["公交线路"]
    assert page.console_errors == []
