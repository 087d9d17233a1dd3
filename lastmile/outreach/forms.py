"""Forms of the outreach pages. They parse input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.choices import Kind
from lastmile.orgs.models import Household, Person
from lastmile.outreach.choices import CoverageState


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def household_label(h: Household) -> str:
    label = f"{h.area.name} · {h.address} · {h.head_name}"
    contact = getattr(h, "contact_name", None)
    if contact:
        label += " · " + str(_("contact: %(name)s") % {"name": contact})
    return label


class HouseholdChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return household_label(obj)


class VisitForm(forms.Form):
    household = HouseholdChoiceField(label=_("Household"), queryset=Household.objects.none())
    visitor = forms.ModelChoiceField(
        label=_("Visited by"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Me"),
        help_text=_("Recording a visit for a cadre of your community (代录)."),
    )
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    people_met = forms.CharField(
        label=_("People met"),
        max_length=200,
        help_text=_("For example: the head of household and his mother."),
    )
    heard = forms.CharField(
        label=_("What you heard"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Their situation, difficulties, requests and suggestions."),
    )
    help_given = forms.CharField(
        label=_("Help given"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    followup_text = forms.CharField(
        label=_("Follow-up (what you promised to do)"), max_length=200, required=False
    )
    followup_due = forms.DateField(label=_("Follow-up due"), widget=DateInput(), required=False)

    def __init__(
        self,
        *args: Any,
        households: QuerySet[Household],
        visitors: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["household"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = households
        if visitors is None:
            del self.fields["visitor"]
        else:
            visitor = self.fields["visitor"]
            assert isinstance(visitor, forms.ModelChoiceField)
            visitor.queryset = visitors
        today = timezone.localdate().isoformat()
        self.fields["visited_on"].widget.attrs["max"] = today
        self.fields["followup_due"].widget.attrs["min"] = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("followup_text") and not data.get("followup_due"):
            self.add_error("followup_due", _("Give the follow-up a due date."))
        if data.get("followup_due") and not data.get("followup_text"):
            self.add_error("followup_text", _("Write what is to be done."))
        return data


class ConvertForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, label) for k, label in Kind.choices if k != Kind.PRAISE],
        initial=Kind.HELP,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Subject"), max_length=120, required=False)
    text = forms.CharField(
        label=_("What the household needs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Taken from what you heard; edit it so the responsible unit understands."),
    )


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Follow-up"), max_length=200)
    due = forms.DateField(label=_("Due"), widget=DateInput())


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class FollowUpDoneForm(VersionForm):
    note = forms.CharField(label=_("What was done"), max_length=200, required=False)


class CadreChoiceField(forms.ModelChoiceField):
    """Labels name the post and the links used (王伟 · 党组织书记 · 3/5)."""

    labels: dict[int, str]

    def label_from_instance(self, obj: Any) -> str:
        return getattr(self, "labels", {}).get(obj.pk, obj.name)


class LinkForm(forms.Form):
    household = HouseholdChoiceField(label=_("Household"), queryset=Household.objects.none())
    cadre = CadreChoiceField(label=_("Contact cadre"), queryset=Person.objects.none())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        households: QuerySet[Household],
        cadres: QuerySet[Person],
        cadre_labels: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (("household", households), ("cadre", cadres)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs
        cadre = self.fields["cadre"]
        assert isinstance(cadre, CadreChoiceField)
        cadre.labels = cadre_labels


STATE_FILTERS = [
    ("gaps", _("Overdue or never visited")),
    (CoverageState.DUE_SOON, _("Visit due soon")),
    ("unlinked", _("No contact cadre")),
    ("all", _("All households")),
]
