"""Forms of the organisation app: the resident / volunteer / party-member sign-up."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from lastmile.orgs.choices import AreaLevel
from lastmile.orgs.models import Area

PHONE = re.compile(r"^1[3-9]\d{9}$")


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=64)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_(
            "Only staff of your community see it, to contact you about what you sign up for."
        ),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    community = forms.ModelChoiceField(
        label=_("Your community or village"),
        queryset=Area.objects.filter(level=AreaLevel.COMMUNITY),
        empty_label=_("Choose …"),
    )
    username = forms.CharField(
        label=_("Login name"),
        max_length=30,
        help_text=_("Letters, digits and _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    is_volunteer = forms.BooleanField(label=_("I want to volunteer"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and phone are kept to contact me; they are never shown publicly."
        )
    )

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s-]", "", self.cleaned_data["phone"])
        if not PHONE.match(phone):
            raise forms.ValidationError(_("Enter an 11-digit mainland mobile number."))
        return phone

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if not re.fullmatch(r"[A-Za-z0-9_]{3,30}", username):
            raise forms.ValidationError(_("Use 3 to 30 letters, digits or _."))
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This login name is taken. Choose another."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password = data.get("password")
        if password:
            user = get_user_model()(
                username=data.get("username", ""), first_name=data.get("name", "")
            )
            try:
                validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data
