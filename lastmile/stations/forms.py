"""Forms of the staff pages. They parse; the services decide (their errors go next to the
field they name)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lastmile.orgs.models import Area, Person
from lastmile.stations.models import ServiceGuide

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ShiftForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person on duty"), queryset=Person.objects.none(), empty_label=_("Choose…")
    )
    post = forms.CharField(
        label=_("Post"),
        max_length=40,
        required=False,
        help_text=_("Shown to the public with the surname, e.g. 值班站长 李同志."),
    )
    day = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Starts at"), widget=TIME)
    ends = forms.TimeField(label=_("Ends at"), widget=TIME)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people  # type: ignore[attr-defined]


class RegisterRequestForm(forms.Form):
    # Any id parses; the service decides whether it is this agent's village (else 404).
    area = forms.IntegerField(label=_("Village"), widget=forms.Select)
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=ServiceGuide.objects.filter(is_active=True),
        empty_label=_("Choose…"),
    )
    resident_name = forms.CharField(label=_("Name of the resident"), max_length=64)
    resident_phone = forms.CharField(
        label=_("Phone of the resident"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
        help_text=_("Kept private: only you and the service centre's staff see it."),
    )
    notes = forms.CharField(
        label=_("What the resident needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    materials = forms.CharField(
        label=_("Materials received"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the resident handed you (originals or copies), one per line."),
    )

    def __init__(self, *args: Any, villages: list[Area] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["area"].widget
        widget.choices = [(a.pk, a.name) for a in villages or []]  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ForwardForm(VersionForm):
    note = forms.CharField(
        label=_("Note for the centre"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(VersionForm):
    pass


class ReplyForm(VersionForm):
    reply = forms.CharField(
        label=_("Result for the resident"), widget=forms.Textarea(attrs={"rows": 4})
    )
    documents_ready = forms.BooleanField(label=_("Documents ready for pickup"), required=False)


class HandBackForm(VersionForm):
    note = forms.CharField(
        label=_("How it was handed back"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(VersionForm):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"), widget=forms.Textarea(attrs={"rows": 2})
    )


ACTION_FORMS: dict[str, type[VersionForm]] = {
    "forward": ForwardForm,
    "accept": AcceptForm,
    "reply": ReplyForm,
    "hand_back": HandBackForm,
    "cancel": CancelForm,
}
