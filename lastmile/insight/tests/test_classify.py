"""Classifier core: cleaning, training, prediction, bad inputs, the versioned model file."""

from __future__ import annotations

import joblib
import pytest

from lastmile.insight.classify import model as m
from lastmile.insight.classify.features import name_keywords
from lastmile.insight.classify.text import MAX_CHARS, clean
from lastmile.insight.tests.classify_fixtures import synthetic


@pytest.fixture(scope="module")
def trained() -> m.Model:
    texts, labels = synthetic()
    return m.train(texts, labels, unlabelled=["小区附近最近很吵", "学校门口拥堵"])


def test_clean_strips_html_and_converts_traditional() -> None:
    out = clean("<p>學校<b>門口</b>的&nbsp;車</p><script>alert(1)</script>")
    assert out.text == "学校门口的 车"
    assert not out.declined


@pytest.mark.parametrize("text", ["", "   ", None, "😀😀😀", "!!!???。。", "<br><br/>"])
def test_clean_declines_text_without_words(text: object) -> None:
    out = clean(text)
    assert out.text == "" and out.declined


def test_clean_truncates_very_long_text() -> None:
    assert len(clean("噪" * 100_000).text) == MAX_CHARS


def test_predicts_the_topic_with_probabilities(trained: m.Model) -> None:
    guess = trained.predict_one("学校的老师给学生布置太多作业")
    assert guess.label == "教育文体"
    assert 0 < guess.confidence <= 1
    assert abs(sum(p for _, p in guess.ranked) - 1) < 1e-6
    assert guess.ranked[0][0] == guess.label


@pytest.mark.parametrize(
    "text",
    [
        "噪音" * 50_000,  # 100k characters
        "公交車站牌壞了,紅綠燈也不亮",  # traditional
        "The bus 公交车 is late again, 地铁站 too crowded",  # mixed
        "<div onclick='x'>空气污染<img src=x></div>",  # HTML
        "ok",
        "١٢٣ abc",
    ],
)
def test_odd_texts_are_classified(trained: m.Model, text: str) -> None:
    guess = trained.predict_one(text)
    assert guess.label in trained.labels and not guess.declined


@pytest.mark.parametrize("text", ["", "🚌🚌🚌", "\u200b\u200b", "<p></p>", "12345 !!"])
def test_unusable_texts_are_declined(trained: m.Model, text: str) -> None:
    guess = trained.predict_one(text)
    assert guess.declined and guess.ranked == [] and guess.label == ""


def test_traditional_text_gets_the_same_answer(trained: m.Model) -> None:
    assert trained.predict_one("學校老師").label == trained.predict_one("学校老师").label


def test_batch_keeps_order_with_declined_rows(trained: m.Model) -> None:
    out = trained.predict(["公交车红绿灯", "", "污水排放"])
    assert [p.label for p in out] == ["交通运输", "", "环境保护"]
    assert out[1].declined


def test_keyword_weak_labels() -> None:
    pairs = [
        ("公交线路", "交通运输"),
        ("学前教育", "教育文体"),
        ("其他", "教育文体"),
        ("噪音污染", "环境保护"),
        ("噪音污染", "交通运输"),
        ("x", "交通运输"),
    ]
    keywords = dict(name_keywords(pairs, {"交通运输", "教育文体", "环境保护"}))
    assert keywords["公交线路"] == "交通运输"
    assert "噪音污染" not in keywords  # points to two labels: dropped
    assert "x" not in keywords and "其他" not in keywords
    texts, labels = synthetic(per_label=4)
    model = m.train(texts, labels, keywords=list(keywords.items()))
    assert model.meta["keywords"] == len(keywords)
    assert model.predict_one("学前教育收费").label == "教育文体"


def test_training_refuses_unusable_data() -> None:
    with pytest.raises(m.ModelError, match="two categories"):
        m.train(["学校", "老师"], ["教育文体", "教育文体"])
    with pytest.raises(m.ModelError, match="Fewer than"):
        m.train(["学校", "老师", "公交"], ["教育文体", "教育文体", "交通运输"])
    with pytest.raises(m.ModelError, match="No usable"):
        m.train(["", "😀"], ["a", "b"])


def test_model_file_round_trip(trained: m.Model, tmp_path) -> None:
    path = tmp_path / "model.joblib"
    m.save(trained, path)
    again = m.load(path)
    text = "污水排放到河里"
    assert again.predict_one(text) == trained.predict_one(text)
    assert again.labels == trained.labels


def test_model_from_another_version_is_refused(trained: m.Model, tmp_path) -> None:
    path = tmp_path / "model.joblib"
    m.save(trained, path)
    payload = joblib.load(path)
    payload["sklearn_version"] = "0.1"
    joblib.dump(payload, path)
    with pytest.raises(m.ModelError, match="another version") as exc:
        m.load(path)
    assert "版本不符" in str(exc.value)
    payload["sklearn_version"], payload["format_version"] = m.sklearn.__version__, 99
    joblib.dump(payload, path)
    with pytest.raises(m.ModelError, match="format 99"):
        m.load(path)


@pytest.mark.parametrize("content", [b"not a pickle", b""])
def test_foreign_or_missing_file_is_refused(tmp_path, content: bytes) -> None:
    path = tmp_path / "model.joblib"
    path.write_bytes(content)
    with pytest.raises(m.ModelError, match="Cannot read"):
        m.load(path)
    joblib.dump({"something": "else"}, path)
    with pytest.raises(m.ModelError, match="Not a Lastmile"):
        m.load(path)
    with pytest.raises(m.ModelError, match="not found"):
        m.load(tmp_path / "missing.joblib")


def test_binary_labels_work() -> None:
    texts, labels = synthetic(per_label=6)
    keep = [i for i, lab in enumerate(labels) if lab != "环境保护"]
    model = m.train([texts[i] for i in keep], [labels[i] for i in keep])
    guess = model.predict_one("地铁站拥堵")
    assert guess.label == "交通运输" and len(guess.ranked) == 2
