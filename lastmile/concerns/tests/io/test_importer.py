import pytest
from django.utils import timezone

from lastmile.concerns.choices import Channel, Kind, Outcome, Status
from lastmile.concerns.io.importer import import_file
from lastmile.concerns.models import Concern
from lastmile.concerns.tests.io.conftest import tipdm
from lastmile.concerns.tests.io.helpers import csv_bytes, row, xlsx_bytes
from lastmile.core.errors import InvalidInput
from lastmile.core.models import AuditEvent
from lastmile.orgs.selectors import Actor

SYSTEM = Actor(user_id=None, label="system")


def _import(data, name="a.csv", **kw):
    return import_file(actor=SYSTEM, data=data, name=name, **kw)


def _bad_file():
    return csv_bytes([row(1), row(2, 留言详情="短"), row(3, 留言时间="昨天"), row(4)])


# ---- the real files --------------------------------------------------------------------------


def test_real_labeled_csv_imports_whole_and_reimports_nothing(taxonomy):
    data = tipdm("messages_labeled.csv").read_bytes()
    report = _import(data, name="messages_labeled.csv")  # timings live in docs, not tests
    assert not report.errors and not report.refused
    assert (report.rows, report.created, report.duplicates) == (495, 494, 1)  # 37042 twice
    assert Concern.objects.filter(channel=Channel.IMPORT).count() == 494
    first = Concern.objects.get(channel=Channel.IMPORT, external_id="24")
    assert first.title == "A市西湖建筑集团占道施工有安全隐患"
    assert first.category is not None and first.category.name == "城乡建设"
    assert first.status == Status.RECEIVED and first.resident_name == ""
    local = timezone.localtime(first.created_at)
    assert (local.year, local.month, local.day, local.hour) == (2020, 1, 6, 12)
    again = _import(data, name="messages_labeled.csv")
    assert (again.created, again.existing) == (0, 494)
    assert Concern.objects.count() == 494
    assert AuditEvent.objects.filter(verb="concerns.imported").count() == 2


def test_real_xlsx_imports_the_same_rows_as_the_csv(taxonomy):
    _import(tipdm("messages_labeled.csv").read_bytes(), name="messages_labeled.csv")
    report = _import(tipdm("attachment2_labeled_sample.xlsx").read_bytes(), name="attachment2.xlsx")
    assert not report.errors
    assert (report.rows, report.created, report.existing) == (495, 0, 494)


def test_real_replies_end_closed_with_the_official_reply(db):
    # The full file (2,816 rows, three transitions each) takes ~30 s: a capped run here.
    report = _import(
        tipdm("messages_replies.csv").read_bytes(), name="messages_replies.csv", limit=150
    )
    assert not report.errors and report.truncated
    assert (report.created, report.replied) == (150, 150)
    assert "可解释性" in report.ignored_columns
    concern = Concern.objects.get(external_id="2549")
    assert concern.status == Status.CLOSED and concern.outcome == Outcome.NOT_RATED
    assert concern.reply_text and concern.replied_at > concern.created_at
    verbs = list(
        AuditEvent.objects.filter(object_id=str(concern.pk)).values_list("verb", flat=True)
    )
    assert verbs == ["concern.received", "concern.import_reply"]
    again = _import(tipdm("messages_replies.csv").read_bytes(), name="r.csv", limit=150)
    assert (again.created, again.existing, again.replied) == (0, 150, 0)


# ---- modes and checks ------------------------------------------------------------------------


def test_all_or_nothing_writes_nothing_and_reports_row_and_column(world):
    report = _import(_bad_file(), mode="all")
    assert report.refused
    assert Concern.objects.count() == 0
    assert [(i.row, i.column) for i in report.errors] == [(3, "留言详情"), (4, "留言时间")]
    assert not AuditEvent.objects.filter(verb="concerns.imported").exists()


def test_skip_mode_writes_only_good_rows(world):
    report = _import(_bad_file(), mode="skip")
    assert (report.created, report.skipped) == (2, 2)
    assert set(Concern.objects.values_list("external_id", flat=True)) == {"1", "4"}


def test_unknown_category_is_a_warning_and_the_row_imports(world):
    report = _import(csv_bytes([row(1, 一级分类="不存在的分类")]))
    assert report.created == 1 and not report.errors
    assert report.warnings[0].column == "一级分类"
    assert Concern.objects.get().category is None


def test_missing_header_is_reported(world):
    report = _import(csv_bytes([["1", "x"]], header=["编号X", "正文"]))
    assert report.refused and report.errors[0].row == 1


def test_mapping_override_and_kind_guess(world):
    header = ["id", "标题", "内容", "时间"]
    rows = [
        [
            "a1",
            "咨询孩子入学需要什么材料",
            "外地户口孩子秋季上小学需要准备哪些材料",
            "2019-01-06 12:09",
        ],
        ["a2", "举报小区违建", "三栋顶楼有人私搭乱建，存在安全隐患", "2019-01-06 12:09"],
        ["a3", "路面坑洼", "东风路路面坑洼很多，雨天积水严重", "2019-01-06 12:09"],
    ]
    report = _import(csv_bytes(rows, header=header), mapping_text="id=external_id,时间=created_at")
    assert report.created == 3, report.issues
    kinds = dict(Concern.objects.values_list("external_id", "kind"))
    assert kinds == {"a1": Kind.CONSULT, "a2": Kind.REPORT, "a3": Kind.HELP}


def test_bad_mapping_is_an_input_error(world):
    with pytest.raises(InvalidInput):
        _import(csv_bytes([row(1)]), mapping_text="标题=nonsense")


def test_refused_file_leaves_nothing(world):
    data = xlsx_bytes([row(1), row(2)], setup=lambda ws: ws.merge_cells("A2:A3"))
    report = _import(data, name="m.xlsx", mode="skip")
    assert report.rejected and report.refused
    assert Concern.objects.count() == 0


def test_dry_run_counts_without_writing(world):
    _import(csv_bytes([row(1)]))
    report = _import(csv_bytes([row(1), row(2)]), dry_run=True)
    assert (report.created, report.existing) == (1, 1)
    assert Concern.objects.count() == 1


def test_reply_without_time_and_future_time_are_errors(world):
    header = ["留言编号", "留言详情", "留言时间", "答复意见", "答复时间"]
    rows = [
        ["1", "路灯坏了很久没人修", "2019/1/1 8:00", "已修复", ""],
        ["2", "路灯坏了很久没人修", "2099/1/1 8:00", "", ""],
        ["3", "路灯坏了很久没人修", "2019/1/2 8:00", "已修复", "2019/1/1 8:00"],
    ]
    report = _import(csv_bytes(rows, header=header), mode="skip")
    assert [(i.row, i.column) for i in report.errors] == [
        (2, "答复时间"),
        (3, "留言时间"),
        (4, "答复时间"),
    ]
    assert report.created == 0
