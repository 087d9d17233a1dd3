"""Forms of the bulletin pages. They only parse input; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lastmile.bulletin.choices import Audience, NoticeKind, PostKind, Visibility
from lastmile.orgs.models import Area

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _when_field(label: Any, help_text: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocal(),
    )


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Plain text: leave a blank line between paragraphs. Simple HTML (paragraphs, lists, "
            "bold, links) is kept; anything else is removed."
        ),
    )
    audience = forms.ChoiceField(label=_("Who is it for"), choices=Audience.choices)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    expires_at = _when_field(
        _("Expiry time"), _("Optional. After this time the notice is no longer shown.")
    )
    is_pinned = forms.BooleanField(label=_("Pin to the top of the list"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, areas: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = areas if areas is not None else Area.objects.none()


class PublishForm(forms.Form):
    publish_at = _when_field(
        _("Publish time"),
        _("Leave empty to publish now; a later time schedules it (hidden until then)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachForm(forms.Form):
    attachment = forms.FileField(
        label=_("Attachment"),
        help_text=_("A PDF or a photo (JPEG, PNG, WebP or GIF)."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )


class PostForm(forms.Form):
    """The resident's message. ``website`` is a honeypot: people never see or fill it."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=PostKind.choices, widget=forms.RadioSelect, initial="question"
    )
    area = forms.ModelChoiceField(
        label=_("Community / village"),
        queryset=Area.objects.filter(level="community"),
        empty_label=_("Choose…"),
    )
    title = forms.CharField(label=_("Subject"), max_length=80)
    text = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=3000
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=64,
        required=False,
        help_text=_("Shown only masked, like 张*."),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=32,
        required=False,
        help_text=_("Only the community staff see it, to call you back."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Public reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000
    )


class ModerateForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("approve", _("Show it")),
            ("hold", _("Hold for review")),
            ("hide", _("Hide it")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConvertForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of concern"),
        choices=[
            ("consult", _("Consultation")),
            ("help", _("Request for help")),
            ("complaint", _("Complaint")),
            ("report", _("Report")),
            ("suggestion", _("Suggestion")),
        ],
    )


VISIBILITY_FILTERS = [("", _("Waiting for attention")), *Visibility.choices, ("all", _("All"))]
