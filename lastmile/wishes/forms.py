"""Forms of the wish pages. They parse input; the services decide and write.

Money fields are plain text inputs (``inputmode=decimal``) parsed by the services, so a value
over the cap gets the service's clear message next to the field and nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.forms_desk import MultipleFileField, MultipleFileInput
from lastmile.concerns.forms_public import AccessibleForm
from lastmile.core import uploads
from lastmile.core.errors import InvalidInput
from lastmile.core.uploads import verify_upload
from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area, Household
from lastmile.wishes.choices import Category, ConfirmMethod, VerifyMethod
from lastmile.wishes.conf import value_cap, yuan


def _money(label: Any, help_text: Any = "", required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _textarea(rows: int = 3, maxlength: int = 1000) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": maxlength})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class WishFields(AccessibleForm):
    """The wish itself and the family's details (shared by the resident and the cadre)."""

    community = forms.ModelChoiceField(
        label=_("Community or village"),
        queryset=Area.objects.filter(level=AreaLevel.COMMUNITY).order_by("path"),
        empty_label=_("Choose…"),
    )
    title = forms.CharField(
        label=_("The wish"),
        max_length=60,
        help_text=_("In a few words, e.g. a school bag for the start of term."),
    )
    category = forms.ChoiceField(label=_("Kind of wish"), choices=Category.choices)
    value = _money(_("About how much is it worth (yuan)?"))
    description = forms.CharField(
        label=_("Why it matters"),
        required=False,
        widget=_textarea(4),
        help_text=_(
            "Shown on the wish wall. Do not write names, phone numbers or the address here."
        ),
    )
    beneficiary_name = forms.CharField(label=_("Full name"), max_length=64)
    beneficiary_phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    beneficiary_address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=200,
        help_text=_("Needed if there is no phone: the community visits to verify."),
    )

    def prepare_fields(self) -> None:
        self.fields["value"].help_text = _("A micro-wish is worth at most %(cap)s yuan.") % {
            "cap": yuan(value_cap())
        }


class SubmitForm(WishFields):
    """The family's own page (no login)."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the community checks our situation and publishes the wish without "
            "our name, phone or address."
        ),
        error_messages={"required": _("Please agree, or the wish cannot be published.")},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class HouseholdField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.area.name} · {obj.address} · {obj.head_name}"


class CollectForm(WishFields):
    """A cadre collects a wish on the family's behalf (door to door, at the wish wall)."""

    channel = forms.ChoiceField(
        label=_("Collected"),
        choices=[
            ("visit", _("Door to door")),
            ("wall", _("At the wish wall")),
        ],
        widget=forms.RadioSelect,
        initial="visit",
    )
    household = HouseholdField(
        label=_("Household (if registered)"),
        queryset=Household.objects.none(),
        required=False,
        empty_label=_("Not linked"),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, communities: Any = None, households: Any = None, **kwargs: Any):
        self._communities, self._households = communities, households
        super().__init__(*args, **kwargs)

    def prepare_fields(self) -> None:
        super().prepare_fields()
        community = self.fields["community"]
        household = self.fields["household"]
        assert isinstance(community, forms.ModelChoiceField)
        assert isinstance(household, forms.ModelChoiceField)
        if self._communities is not None:
            community.queryset = self._communities
        if self._households is not None:
            household.queryset = self._households


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class EditForm(VersionForm):
    title = forms.CharField(label=_("The wish"), max_length=60)
    category = forms.ChoiceField(label=_("Kind of wish"), choices=Category.choices)
    value = _money(_("Value (yuan)"))
    description = forms.CharField(
        label=_("Why it matters (public)"), required=False, widget=_textarea(4)
    )
    beneficiary_name = forms.CharField(label=_("Full name"), max_length=64)
    beneficiary_phone = forms.CharField(label=_("Phone"), required=False, max_length=32)
    beneficiary_address = forms.CharField(label=_("Address"), required=False, max_length=200)


class VerifyForm(VersionForm):
    method = forms.ChoiceField(
        label=_("How was it checked?"), choices=VerifyMethod.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What was found"),
        widget=_textarea(3),
        help_text=_("E.g. 入户核实：低保户，孩子读三年级，书包已破损."),
    )


class RejectForm(VersionForm):
    reason = forms.CharField(label=_("Reason (the family sees it)"), widget=_textarea(3))


class PublishForm(VersionForm):
    pass


class StaffConfirmForm(VersionForm):
    method = forms.ChoiceField(
        label=_("How did the family confirm?"),
        choices=[(ConfirmMethod.IN_PERSON, _("In person")), (ConfirmMethod.PHONE, _("By phone"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Who confirmed, when, and what they said"), widget=_textarea(3))


class ClaimForm(AccessibleForm):
    amount = _money(
        _("Your pledge (yuan)"),
        help_text=_("Leave it as it is to take the whole wish, or pledge a part of it."),
        required=False,
    )
    unit = forms.TypedChoiceField(label=_("Claim as"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, units: Any = (), personal: bool = True, **kwargs: Any):
        self._units, self._personal = list(units), personal
        super().__init__(*args, **kwargs)

    def prepare_fields(self) -> None:
        field = self.fields["unit"]
        assert isinstance(field, forms.TypedChoiceField)
        choices: list[tuple[Any, Any]] = []
        if self._personal:
            choices.append(("", _("Myself")))
        choices += [(u.pk, u.name) for u in self._units]
        field.choices = choices
        field.required = not self._personal
        if len(choices) <= 1:
            field.widget = forms.HiddenInput()


class ContactForm(AccessibleForm):
    note = forms.CharField(
        label=_("How and when did you contact the family?"),
        widget=_textarea(3),
        help_text=_("E.g. 11月27日电话联系王奶奶，约好周六上门."),
    )


class FulfilForm(AccessibleForm):
    note = forms.CharField(label=_("What was given or done"), widget=_textarea(3))
    photos = MultipleFileField(
        label=_("Photos (at least one)"), widget=MultipleFileInput(attrs={"accept": "image/*"})
    )
    public_photos = forms.BooleanField(
        label=_("The photos show no faces and no home address: they may be shown publicly"),
        required=False,
    )


class LookupForm(AccessibleForm):
    code = forms.CharField(
        label=_("Wish code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    pin = forms.CharField(
        label=_("PIN (6 digits)"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()


class FamilyConfirmForm(AccessibleForm):
    comment = forms.CharField(
        label=_("A word for the people who helped (optional)"),
        required=False,
        widget=_textarea(2, 500),
    )


class RoundForm(AccessibleForm):
    name = forms.CharField(label=_("Name of the round"), max_length=80)
    area = forms.TypedChoiceField(label=_("Area"), coerce=int)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())

    def __init__(self, *args: Any, areas: Any = (), **kwargs: Any):
        self._areas = list(areas)
        super().__init__(*args, **kwargs)

    def prepare_fields(self) -> None:
        field = self.fields["area"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(a.pk, a.name) for a in self._areas]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Choose a .xlsx or .csv file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        xlsx = upload.name.lower().endswith(".xlsx")
        try:  # judged by content: a real workbook (no macros) or plain text
            verify_upload(
                upload.name,
                upload.read(),
                kinds=(uploads.XLSX,) if xlsx else (uploads.CSV,),
                max_bytes=5 * 1024 * 1024,
                field="file",
            )
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc.message)) from exc
        upload.seek(0)
        return upload
