"""Forms of the ledger desk. They parse input; the services decide and write.

Every state-changing form carries the item ``version`` the person saw (``expected_version``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.forms_desk import MultipleFileField
from lastmile.orgs.models import Area, Person, Unit
from lastmile.rectify.choices import ReopenReason, Satisfaction, Source

REQUIRED = _("Required: this is one of the five fixed items.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _area(required: bool = False, label: Any = None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label or _("Area"),
        queryset=Area.objects.all(),
        required=required,
        help_text=_("Defaults to the responsible unit's area."),
    )


class RegisterForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    title = forms.CharField(
        label=_("Problem"), max_length=120, error_messages={"required": REQUIRED}
    )
    content = forms.CharField(
        label=_("Problem in detail"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REQUIRED},
    )
    owner_unit = forms.ModelChoiceField(
        label=_("Responsible unit"),
        queryset=Unit.objects.filter(is_active=True),
        error_messages={"required": REQUIRED},
    )
    owner_person = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=Person.objects.filter(memberships__is_active=True).distinct(),
        required=False,
    )
    standard_of_done = forms.CharField(
        label=_("Standard of done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REQUIRED},
    )
    measures = forms.CharField(
        label=_("Measures"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REQUIRED},
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=DateInput(), error_messages={"required": REQUIRED}
    )
    area = _area()
    is_long_term = forms.BooleanField(
        label=_("Long-term problem (needs a dated plan of milestones)"), required=False
    )
    is_public = forms.BooleanField(label=_("Show on the public ledger"), required=False)
    concern = forms.CharField(widget=forms.HiddenInput, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StartForm(VersionForm):
    pass


class NoteForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label=_("Evidence (photos or PDF)"))
    public_files = forms.BooleanField(
        label=_("Evidence may be shown on the public ledger"), required=False
    )


class SubmitForm(VersionForm):
    summary = forms.CharField(
        label=_("What was done, against the standard of done"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Evidence (photos or PDF)"))
    public_files = forms.BooleanField(
        label=_("Evidence may be shown on the public ledger"), required=False
    )


class AcceptForm(VersionForm):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction check"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Acceptance note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReopenForm(VersionForm):
    reason = forms.ChoiceField(
        label=_("Why reopen"), choices=ReopenReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}))
    new_deadline = forms.DateField(label=_("New deadline"), widget=DateInput(), required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=120)
    due = forms.DateField(label=_("Due"), widget=DateInput())


class MilestoneDoneForm(forms.Form):
    milestone = forms.TypedChoiceField(label=_("Milestone"), coerce=int, choices=())

    def __init__(self, *args: Any, milestones: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["milestone"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(m.pk, f"{m.due:%m-%d} {m.title}") for m in milestones]


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "start": StartForm,
    "note": NoteForm,
    "milestone_add": MilestoneForm,
    "milestone_done": MilestoneDoneForm,
    "submit": SubmitForm,
    "accept": AcceptForm,
    "reopen": ReopenForm,
}
FILE_ACTIONS = frozenset({"note", "submit"})
