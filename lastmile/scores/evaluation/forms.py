"""Forms of 群众评议 (the rules themselves are checked in the services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lastmile.orgs.models import Area
from lastmile.scores.evaluation.choices import Satisfaction
from lastmile.scores.evaluation.services.common import COMMENT_MAX

ASPECT_CHOICES = [("", _("No answer")), *Satisfaction.choices]


class AnswerForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Overall, are you satisfied?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    attitude = forms.ChoiceField(
        label=_("Attitude"), choices=ASPECT_CHOICES, required=False, widget=forms.RadioSelect
    )
    efficiency = forms.ChoiceField(
        label=_("Efficiency"), choices=ASPECT_CHOICES, required=False, widget=forms.RadioSelect
    )
    conduct = forms.ChoiceField(
        label=_("Conduct"), choices=ASPECT_CHOICES, required=False, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything to add (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SurveyAnswerForm(AnswerForm):
    """In a round every cadre is optional: a resident answers about those they know."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        verdict = self.fields["verdict"]
        verdict.required = False
        verdict.choices = [("", _("I don't know this cadre")), *Satisfaction.choices]  # type: ignore[attr-defined]
        verdict.label = _("Your verdict")


class RoundForm(forms.Form):
    title = forms.CharField(
        label=_("Period"), max_length=60, help_text=_("For example 2026年第四季度.")
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), empty_label=None)

    def __init__(self, *args: object, areas: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
