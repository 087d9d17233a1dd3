from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    sms = forms.BooleanField(label=_("Text messages (SMS)"), required=False)
    wechat = forms.BooleanField(label=_("WeChat messages"), required=False)
    email = forms.BooleanField(label=_("Email"), required=False)
    quiet_start = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_end = forms.TimeField(
        label=_("Quiet hours until"),
        required=False,
        help_text=_("No text, WeChat or email messages in between, except urgent ones."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
