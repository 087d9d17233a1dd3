"""Forms of the learning pages. They parse input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lastmile.learning.choices import (
    Audience,
    Completion,
    Frequency,
    ItemKind,
    PeriodKind,
    QuestionKind,
)
from lastmile.orgs.models import Area, Person

CHOICE_SLOTS = 6


def _model_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    area = forms.ModelChoiceField(
        label=_("Organised by"),
        queryset=Area.objects.none(),
        help_text=_("Staff covering this area manage the course."),
    )
    completion = forms.ChoiceField(
        label=_("Completed"), choices=Completion.choices, widget=forms.RadioSelect
    )
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=1, max_value=100)
    max_attempts = forms.IntegerField(
        label=_("Quiz attempts allowed"),
        min_value=0,
        max_value=99,
        help_text=_("0 means no limit."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, areas: Any = None, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["area"]
        else:
            _model_field(self, "area").queryset = areas


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    expected_minutes = forms.IntegerField(
        label=_("Expected study time (minutes)"), min_value=1, max_value=600
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_(
            "Paragraphs, headings, lists, bold and links are kept; scripts, pictures and "
            "embedded frames are removed."
        ),
    )
    video_url = forms.CharField(
        label=_("Video address"),
        max_length=500,
        required=False,
        help_text=_("An http:// or https:// address; members open it as a link."),
    )
    document = forms.FileField(
        label=_("PDF document"), required=False, help_text=_("A PDF file of at most 20 MB.")
    )

    FIELDS_BY_KIND = {
        ItemKind.ARTICLE: ("title", "expected_minutes", "body"),
        ItemKind.DOCUMENT: ("title", "expected_minutes", "document"),
        ItemKind.VIDEO: ("title", "expected_minutes", "video_url"),
    }

    def __init__(self, *args: Any, kind: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        keep = self.FIELDS_BY_KIND[ItemKind(kind)]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "document" in self.fields:
            self.fields["document"].widget.attrs["accept"] = "application/pdf,.pdf"


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question text"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=QuestionKind.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for i in range(1, CHOICE_SLOTS + 1):
            self.fields[f"choice_{i}"] = forms.CharField(
                label=_("Choice %(n)d") % {"n": i}, max_length=200, required=False
            )
            self.fields[f"correct_{i}"] = forms.BooleanField(
                label=_("Right answer"), required=False
            )

    def choices(self) -> list[tuple[str, bool]]:
        data = self.cleaned_data
        return [
            (data.get(f"choice_{i}") or "", bool(data.get(f"correct_{i}")))
            for i in range(1, CHOICE_SLOTS + 1)
        ]

    def slots(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"choice_{i}"], self[f"correct_{i}"]) for i in range(1, CHOICE_SLOTS + 1)]


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        area = obj.home_area.name if obj.home_area else ""
        return f"{obj.name}（{area}）" if area else str(obj.name)


class AssignForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Who is it for"), choices=Audience.choices, widget=forms.RadioSelect
    )
    area = forms.ModelChoiceField(
        label=_("Area (for all members in an area)"), queryset=Area.objects.none(), required=False
    )
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Area.objects.none(), required=False)
    members = MemberChoiceField(
        label=_("Members"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    due = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args: Any, areas: Any, branches: Any, members: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _model_field(self, "area").queryset = areas
        _model_field(self, "branch").queryset = branches
        _model_field(self, "members").queryset = members


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect
    )


class HoursForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, required=False)
    value = forms.CharField(
        label=_("Which"),
        required=False,
        max_length=10,
        help_text=_("For example 2025-11, 2025-Q4 or 2025; blank for the current one."),
    )
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Area.objects.none(), required=False)

    def __init__(self, *args: Any, branches: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _model_field(self, "branch").queryset = branches
