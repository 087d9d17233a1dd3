"""Forms of the staff desk: one small form per transition, plus the operator's intake form.

Forms only parse and validate input; the services decide and write. Every action form carries the
concern ``version`` the person saw, passed on as ``expected_version`` (two people acting at once:
one wins, the other gets a clear conflict message).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.choices import Diversion, Kind, Satisfaction, Urgency
from lastmile.concerns.models import Category
from lastmile.orgs.models import Area, Unit

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
DECISION = [("approve", _("Approve")), ("reject", _("Refuse"))]
OBJECTION_DECISION = [
    ("upheld", _("Upheld: re-dispatch to another unit")),
    ("rejected", _("Rejected: the unit must handle it")),
]


def _units() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Lead unit"),
        queryset=Unit.objects.filter(is_active=True).select_related("area"),
        required=False,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked again by ``clean_upload`` in the view."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class TextArea(forms.Textarea):
    def __init__(self, rows: int = 3) -> None:
        super().__init__(attrs={"rows": rows})


class ActionForm(forms.Form):
    """Base of every action form: the version the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DispatchForm(ActionForm):
    unit = _units()
    assist_units = forms.ModelMultipleChoiceField(
        label=_("Assisting units"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(level=3, is_active=True),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    note = forms.CharField(label=_("Note for the unit"), required=False, widget=TextArea(2))


class DivertForm(ActionForm):
    case = forms.ChoiceField(
        label=_("Diversion case"), choices=[("", "---------"), *Diversion.choices]
    )
    note = forms.CharField(label=_("Where the resident should go instead"), widget=TextArea())
    repeat_of = forms.CharField(
        label=_("Tracking code of the concern it repeats"),
        required=False,
        max_length=16,
        help_text=_("Only for a repeat with no new facts."),
    )


class AnswerForm(ActionForm):
    answer = forms.CharField(label=_("Answer given to the resident"), widget=TextArea())


class SignForm(ActionForm):
    pass


class ObjectForm(ActionForm):
    reason = forms.CharField(label=_("Why your unit is not responsible"), widget=TextArea())
    suggested_unit = forms.ModelChoiceField(
        label=_("Responsible unit, if known"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
    )
    attachments = MultipleFileField(label=_("Supporting material (photos or PDF)"))


class ReviewObjectionForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=OBJECTION_DECISION, widget=forms.RadioSelect
    )
    unit = forms.ModelChoiceField(
        label=_("New lead unit (if upheld)"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
    )
    note = forms.CharField(label=_("Note"), widget=TextArea(2))


class ContactForm(ActionForm):
    note = forms.CharField(label=_("How the resident was contacted"), widget=TextArea(2))


class ExtensionRequestForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), widget=TextArea())
    new_due = forms.DateTimeField(
        label=_("New deadline"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class DecideForm(ActionForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=TextArea(2))


class DecideStopForm(DecideForm):
    note = forms.CharField(label=_("Note"), widget=TextArea(2))


class ReplyForm(ActionForm):
    text = forms.CharField(label=_("What was done"), widget=TextArea(4))
    resolved = forms.ChoiceField(
        label=_("Is the problem resolved?"), choices=YES_NO, widget=forms.RadioSelect
    )
    attachments = MultipleFileField(label=_("Evidence (photos or PDF)"))


class StopRequestForm(ActionForm):
    reason = forms.CharField(label=_("Why handling should stop"), widget=TextArea())


class CallbackForm(ActionForm):
    contacted = forms.ChoiceField(
        label=_("Were you contacted?"), choices=YES_NO, widget=forms.RadioSelect
    )
    resolved = forms.ChoiceField(
        label=_("Was it resolved?"), choices=YES_NO, widget=forms.RadioSelect
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=TextArea(2))


class AssistReportForm(ActionForm):
    report = forms.CharField(label=_("What your unit did"), widget=TextArea(3))


class ReopenForm(ActionForm):
    reason = forms.CharField(label=_("Why it is reopened"), widget=TextArea(2))


class MergeForm(ActionForm):
    parent = forms.CharField(label=_("Tracking code of the parent concern"), max_length=16)

    def clean_parent(self) -> str:
        return self.cleaned_data["parent"].strip().upper()


class AreaChoiceField(forms.ModelChoiceField):
    """Areas indented by depth, so the tree reads in a plain select."""

    def label_from_instance(self, obj: Any) -> str:
        depth = max(obj.path.count("/") - 2, 0)
        return f"{'　' * depth}{obj.name}"


class CategoryChoiceField(forms.ModelChoiceField):
    """Categories indented by level (tree order by code), so the tree reads in a plain select."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{'　' * max(obj.level - 1, 0)}{obj.name}"


class IntakeForm(forms.Form):
    """A phone call taken by the hotline operator."""

    text = forms.CharField(label=_("What the resident said"), widget=TextArea(5), max_length=5000)
    # Pre-selected with the classifier's suggestion (views/desk.py: intake_suggestion).
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True).order_by("code"),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    area = AreaChoiceField(
        label=_("Grid or area"),
        queryset=Area.objects.all(),
        required=False,
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    resident_name = forms.CharField(label=_("Resident's name"), required=False, max_length=64)
    resident_phone = forms.CharField(label=_("Resident's phone"), required=False, max_length=32)

    def __init__(
        self,
        *args: Any,
        areas: QuerySet[Area] | None = None,
        suggest_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ModelChoiceField)
        if areas is not None:
            field.queryset = areas
        if suggest_url:  # htmx: ask for a suggestion as the operator types (debounced)
            self.fields["text"].widget.attrs.update(
                {
                    "hx-post": suggest_url,
                    "hx-trigger": "input changed delay:800ms",
                    "hx-target": "#intake-category",
                    "hx-swap": "outerHTML",
                    "hx-include": "closest form",
                    "hx-vals": '{"_suggest": "1"}',
                    "hx-sync": "this:replace",
                }
            )


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "dispatch": DispatchForm,
    "divert": DivertForm,
    "answer": AnswerForm,
    "sign": SignForm,
    "object": ObjectForm,
    "review_objection": ReviewObjectionForm,
    "contact": ContactForm,
    "request_extension": ExtensionRequestForm,
    "decide_extension": DecideForm,
    "reply": ReplyForm,
    "request_stop": StopRequestForm,
    "decide_stop": DecideStopForm,
    "callback": CallbackForm,
    "reopen": ReopenForm,
    "merge": MergeForm,
    "assist_report": AssistReportForm,
}
# Actions whose form takes files (object: material; reply: evidence).
FILE_ACTIONS = frozenset({"object", "reply"})
