"""Forms of the resident-facing pages: raise a concern, look up a concern, give feedback.

Forms only parse and check input; the services make every write and apply the domain rules.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lastmile.concerns.choices import Kind, Satisfaction, Urgency
from lastmile.concerns.selectors_public import grid_choices, grid_get
from lastmile.concerns.uploads import CleanFile, clean_upload
from lastmile.core.conf import setting
from lastmile.core.errors import InvalidInput

KIND_HELP = {
    Kind.CONSULT: _("You want to know a rule, a procedure or where to go."),
    Kind.HELP: _("You or a neighbour need a hand with a difficulty."),
    Kind.COMPLAINT: _("Something is wrong and affects you; you want it fixed."),
    Kind.REPORT: _("Someone is breaking rules or laws, e.g. illegal building."),
    Kind.SUGGESTION: _("An idea to make the neighbourhood or a service better."),
    Kind.PRAISE: _("Thank a person or a unit for good work."),
}

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, data: object, initial: object = None) -> list:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class AccessibleForm(forms.Form):
    """Links every input to its help text and error message (aria-describedby, aria-invalid)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.prepare_fields()
        self._describe()

    def prepare_fields(self) -> None:
        """Adjust fields per request (choices, help) before inputs are linked to their help."""

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def _describe(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            auto_id = self[name].auto_id
            ids = [f"{auto_id}_helptext"] if field.help_text else []
            if name in errors:
                ids.append(f"{auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)


class RaiseForm(AccessibleForm):
    text = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 5000}),
        help_text=_("Say what, where and since when. At least 5 characters."),
        error_messages={"required": _("Please describe what happened.")},
    )
    title = forms.CharField(
        label=_("Subject (optional)"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"maxlength": 120}),
    )
    kind = forms.ChoiceField(
        label=_("What kind of concern is it?"),
        choices=Kind.choices,
        initial=Kind.COMPLAINT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of concern this is.")},
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    area = forms.ChoiceField(
        label=_("Where: your grid"),
        required=False,
        help_text=_("Pick the grid (网格) you live in, or write the address below."),
    )
    address = forms.CharField(
        label=_("Where: address or landmark"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"maxlength": 200, "autocomplete": "street-address"}),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    # Declared before photos: clean_photos reads it. Off by default: photos lose their GPS.
    photo_location = forms.BooleanField(
        label=_("Share my location with these photos"),
        required=False,
        help_text=_(
            "Keeps the place stored in the photos (GPS) for the staff handling your concern. "
            "Otherwise it is removed."
        ),
    )
    photos = MultipleFileField(
        label=_("Photos (optional)"),
        required=False,
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": 64}),
    )
    phone = forms.CharField(
        label=_("Your phone (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "maxlength": 20}),
    )
    idempotency_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def prepare_fields(self) -> None:
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", _("— choose a grid —")), *grid_choices()]
        self.fields["photos"].help_text = gettext("Up to %(n)d photos, each at most %(mb)d MB.") % {
            "n": setting("UPLOAD_MAX_FILES"),
            "mb": setting("UPLOAD_MAX_BYTES") // 2**20,
        }
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean_area(self) -> object:
        value = self.cleaned_data.get("area")
        if not value:
            return None
        area = grid_get(int(value))
        if area is None:
            raise forms.ValidationError(_("Choose a grid from the list."))
        return area

    def clean_photos(self) -> list[CleanFile]:
        files = self.cleaned_data.get("photos") or []
        limit = setting("UPLOAD_MAX_FILES")
        if len(files) > limit:
            raise forms.ValidationError(_("Attach at most %(n)d photos.") % {"n": limit})
        max_bytes = setting("UPLOAD_MAX_BYTES")
        cleaned, errors = [], []
        for upload in files:
            try:
                if upload.size > max_bytes:  # refuse before reading it into memory
                    raise InvalidInput(
                        gettext("“%(name)s” is larger than %(mb)d MB.")
                        % {"name": upload.name, "mb": max_bytes // 2**20}
                    )
                keep = bool(self.cleaned_data.get("photo_location"))
                cleaned.append(clean_upload(upload.name, upload.read(), keep_location=keep))
            except InvalidInput as exc:
                errors.append(forms.ValidationError(str(exc.message)))
        if errors:
            raise forms.ValidationError(errors)
        return cleaned

    def clean(self) -> dict:
        data = super().clean() or {}
        placeless = not data.get("area") and not (data.get("address") or "").strip()
        if placeless and data.get("lat") is None and data.get("kind") != Kind.CONSULT:
            self.add_error("address", _("Pick your grid or write an address."))
        return data


class LookupForm(AccessibleForm):
    code = forms.CharField(
        label=_("Tracking code"),
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
        return self.cleaned_data["code"].strip().upper()


class CallbackForm(AccessibleForm):
    contacted = forms.ChoiceField(
        label=_("Did the unit contact you?"), choices=YES_NO, widget=forms.RadioSelect
    )
    resolved = forms.ChoiceField(
        label=_("Is the problem resolved?"), choices=YES_NO, widget=forms.RadioSelect
    )
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything else (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
    )
