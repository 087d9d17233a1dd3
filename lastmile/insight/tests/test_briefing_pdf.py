"""The briefing PDF: WeasyPrint with Noto Sans CJK SC, checked with poppler (pdftotext for the
Chinese text, pdftoppm to see that page 1 is not blank)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from lastmile.concerns.choices import Status
from lastmile.concerns.testing import aware, frozen, reach, submit
from lastmile.insight.briefing.data import briefing_for
from lastmile.insight.briefing.pdf import render_html, render_pdf
from lastmile.insight.briefing.period import parse_period
from lastmile.orgs.testing import PASSWORD

OCT = parse_period("2026-10", today=date(2026, 11, 27))
NOW = aware(2026, 11, 20, 10)
poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="poppler-utils (pdftotext, pdftoppm) not installed",
)


@pytest.fixture
def briefing(world):
    with frozen(aware(2026, 10, 9, 9)):
        reach(world, Status.CLOSED)
    with frozen(aware(2026, 10, 12, 9)):
        reach(world, Status.IN_PROGRESS, area="c2g1")
    for day in (14, 15):
        with frozen(aware(2026, 10, day, 9)):
            submit(world, text="小区健身器材损坏多日，老人孩子使用很危险，请尽快维修")
    return briefing_for(
        actor=world.actor("dispatcher"), area=world.areas["street"], period=OCT, now=NOW
    )


def _text(pdf: Path) -> str:
    """The PDF's text without white space (the title's letter-spacing splits it into glyphs)."""
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    return "".join(out.split())


def _ink_share(pdf: Path, tmp_path: Path) -> float:
    """Share of non-white pixels on page 1, rasterised in grey at 40 dpi (PGM, no PIL needed)."""
    base = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(pdf), str(base)], check=True
    )
    image = next(tmp_path.glob("page*.pgm")).read_bytes()
    fields = image.split(maxsplit=4)  # P5, width, height, maxval, pixels
    assert fields[0] == b"P5"
    pixels = fields[4]
    return sum(1 for p in pixels if p < 200) / len(pixels)


def test_print_html_has_svg_charts_and_cjk_font(briefing) -> None:
    html = render_html(briefing)
    assert html.count("<svg") == 4
    assert 'font-family: "Noto Sans CJK SC"' in html
    assert "东风社区" in html and "<script" not in html


@poppler
def test_pdf_has_chinese_text_and_a_drawn_first_page(briefing, tmp_path) -> None:
    content = render_pdf(briefing)
    assert content.startswith(b"%PDF")
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(content)
    text = _text(pdf)
    for heading in (
        "民情分析会简报",
        "一、主要数据",
        "二、诉求分布",
        "按一级分类",
        "会议议程：问题清单",
    ):
        assert heading in text, heading
    assert "和平街道" in text and "2026年10月" in text
    assert "东风社区" in text  # a chart label: the SVG charts are drawn with real glyphs
    assert _ink_share(pdf, tmp_path) > 0.01


@poppler
def test_empty_period_pdf_says_so(world, tmp_path) -> None:
    empty = briefing_for(
        actor=world.actor("dispatcher"),
        area=world.areas["street"],
        period=parse_period("2026-06", today=date(2026, 11, 27)),
        now=NOW,
    )
    pdf = tmp_path / "empty.pdf"
    pdf.write_bytes(render_pdf(empty))
    assert "没有诉求" in _text(pdf)


@poppler
def test_pdf_download(client, world, briefing, tmp_path) -> None:
    assert client.login(username=world.username("dispatcher"), password=PASSWORD)
    response = client.get(
        "/insight/briefing/pdf/", {"area": world.areas["street"].code, "period": "2026-10"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "briefing-tS-2026-10.pdf" in response["Content-Disposition"]
    pdf = tmp_path / "download.pdf"
    pdf.write_bytes(response.content)
    assert "民情分析会简报" in _text(pdf)
