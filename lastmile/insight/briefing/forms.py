"""The briefing's forms: which area and period; the editable agenda (问题清单)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy

from lastmile.insight.briefing.data import AgendaItem


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Problem"), max_length=200)
    detail = forms.CharField(
        label=gettext_lazy("Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = forms.ChoiceField(label=gettext_lazy("Proposed owner unit"), required=False)
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    source_codes = forms.CharField(
        label=gettext_lazy("Source concerns"),
        required=False,
        max_length=4000,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, units: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—"), *(units or [])]  # type: ignore[attr-defined]


AgendaFormSet = formset_factory(
    AgendaItemForm, extra=1, max_num=60, validate_max=True, can_delete=True
)


def agenda_initial(items: list[AgendaItem]) -> list[dict[str, Any]]:
    return [
        {
            "title": i.title,
            "detail": i.detail,
            "owner": str(i.owner_unit_id or ""),
            "deadline": i.deadline,
            "source_codes": " ".join(i.source_codes),
        }
        for i in items
    ]


def agenda_from_formset(formset: Any, units: dict[str, str]) -> list[AgendaItem]:
    """The items the person kept (not dropped, with a title), as edited."""
    items = []
    for data in (f.cleaned_data for f in formset.forms):
        if not data or data.get("DELETE") or not data.get("title"):
            continue
        owner = data.get("owner") or ""
        items.append(
            AgendaItem(
                title=data["title"],
                detail=data.get("detail", ""),
                owner_unit_id=int(owner) if owner else None,
                owner_name=units.get(owner, ""),
                deadline=data["deadline"],
                source_codes=(data.get("source_codes") or "").split(),
            )
        )
    return items
