"""Forms of the decision desk. They parse input; the services decide and write.

Every step form carries the matter ``version`` the person saw (``expected_version``) and the
``step`` they meant to record, so a stale page or a skipped step is refused with a message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.forms_desk import MultipleFileField
from lastmile.decisions.choices import Basis, Category
from lastmile.decisions.registers import RollSnapshot
from lastmile.decisions.steps import BODY_RULES
from lastmile.orgs.models import Area


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def _text(label: Any, rows: int = 3, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=required
    )


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class MatterForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Community or village"), queryset=Area.objects.none())
    category = forms.ChoiceField(label=_("Kind of matter (Art.28)"), choices=Category.choices)
    title = forms.CharField(label=_("Name of the matter"), max_length=120)
    summary = _text(_("What is proposed"), rows=5)

    def __init__(self, *args: Any, areas: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = areas if areas is not None else Area.objects.none()


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    step = forms.CharField(widget=forms.HiddenInput, required=False)


class AnyIds(forms.TypedMultipleChoiceField):
    """Checkboxes of the roll. Any whole number passes the form: whether each person is on the
    roll is the service's rule, refused there with a message that names them."""

    def valid_value(self, value: Any) -> bool:
        return str(value).isdecimal()


class MeetingForm(VersionForm):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    votes_for = _count(_("Votes for"))
    votes_against = _count(_("Votes against"))
    votes_abstain = _count(_("Abstentions"))
    minutes = _text(_("Meeting minutes"), rows=5, required=False)
    attachments = MultipleFileField(label=_("Attachments (sign-in sheet, photos or PDF)"))

    def __init__(self, *args: Any, body: str, roll: RollSnapshot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = BODY_RULES[body]
        self.body = body
        if rule.named:
            self.fields["attendees"] = AnyIds(
                label=_("Present (the roll from the registers)"),
                choices=[(m.person_id, m.label) for m in roll.members],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "roll"}),
            )
            self.order_fields(["held_on", "attendees"])
        else:
            self.fields["basis"] = forms.ChoiceField(
                label=_("The assembly sat as"),
                choices=[(b, Basis(b).label) for b in rule.bases],
                widget=forms.RadioSelect,
            )
            self.fields["present_count"] = forms.IntegerField(
                label=_("Number present"), min_value=0
            )
            if rule.announced:
                self.fields["announced_on"] = forms.DateField(
                    label=_("Announced on"), widget=DateInput()
                )
            self.order_fields(["announced_on", "held_on", "basis", "present_count"])


class ReviseForm(VersionForm):
    note = _text(_("What was changed after the failed vote"))
    title = forms.CharField(label=_("New wording of the matter"), max_length=120, required=False)
    summary = _text(_("New text of what is proposed"), rows=4, required=False)


class NoticeForm(VersionForm):
    title = forms.CharField(label=_("Title of the notice"), max_length=120)
    body = _text(_("Text of the notice"), rows=6)
    posted_at = forms.DateTimeField(
        label=_("Notice posted at"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )


class ResultNoticeForm(NoticeForm):
    finished_on = forms.DateField(label=_("Implementation finished on"), widget=DateInput())


class ImplementForm(VersionForm):
    started_on = forms.DateField(label=_("Implementation started on"), widget=DateInput())
    note = _text(_("How it is implemented (who, what, by when)"))


class ObjectionForm(forms.Form):
    notice = forms.IntegerField(widget=forms.HiddenInput)
    raised_on = forms.DateField(label=_("Raised on"), widget=DateInput())
    text = _text(_("The objection"))
    raised_by = forms.CharField(
        label=_("Raised by (kept at the desk, never shown publicly)"),
        max_length=64,
        required=False,
    )
    response = _text(_("How it was answered"), required=False)


class CloseForm(VersionForm):
    pass


class WithdrawForm(VersionForm):
    reason = _text(_("Why the matter is withdrawn"))


class SettingForm(forms.Form):
    merge_first_steps = forms.BooleanField(
        label=_("Hold steps 1 and 2 as one joint meeting (一肩挑 only)"), required=False
    )
