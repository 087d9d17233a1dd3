"""Forms of the merits pages. They parse input; the services decide and write.

Every state-changing form on an existing row carries the ``version`` the person saw.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lastmile.merits.choices import PeriodKind, RuleUnit
from lastmile.merits.conf import merits_setting
from lastmile.merits.models import RuleItem
from lastmile.merits.selectors.deeds import active_rules


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class RuleChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, RuleItem)
        if obj.unit == RuleUnit.PER_HOUR:
            points = _("%(n)d points per hour") % {"n": obj.points}
        else:
            points = _("%(n)d points") % {"n": obj.points}
        return f"{obj.category.name} · {obj.name}（{points}）"


class DeedForm(forms.Form):
    item = RuleChoiceField(
        label=_("Kind of deed"),
        queryset=RuleItem.objects.none(),
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose the kind of deed.")},
    )
    title = forms.CharField(
        label=_("What they did"),
        max_length=120,
        help_text=_("One line, e.g. “Helped Grandma Zhang carry coal upstairs”."),
        error_messages={"required": _("Say briefly what was done.")},
    )
    description = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    occurred_on = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"required": _("Give the date.")},
    )
    hours = forms.DecimalField(
        label=_("Hours of service"),
        required=False,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5", "inputmode": "decimal"}),
    )
    name_public = forms.BooleanField(
        label=_("The person agreed that their full name is shown on the public page"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = active_rules()
        hours = self.fields["hours"]
        hours.help_text = _("For volunteer service: hours on that day (at most %(max)d).") % {
            "max": merits_setting("MAX_HOURS_PER_DAY")
        }


class SelfReportForm(DeedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_public"].label = _(
            "Show my full name on the public page (otherwise it is shown as 王*芳)"
        )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RejectForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The person reads this."),
        error_messages={"required": _("Give the reason, so the person knows why.")},
    )


class GoodsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    price = forms.IntegerField(
        label=_("Price in points"),
        min_value=1,
        max_value=100_000,
        help_text=_("1 point is worth 1 yuan."),
    )
    stock = forms.IntegerField(label=_("Stock"), min_value=0, max_value=100_000, initial=0)
    picture = forms.FileField(label=_("Picture"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        per_yuan = merits_setting("POINTS_PER_YUAN")
        self.fields["price"].help_text = _("%(n)d points are worth 1 yuan.") % {"n": per_yuan}


class GoodsEditForm(GoodsForm):
    is_active = forms.BooleanField(label=_("On the shelf"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["stock"]


class RestockForm(forms.Form):
    change = forms.IntegerField(
        label=_("Add to stock"),
        help_text=_("A negative number takes off stock (spoiled or miscounted)."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CounterForm(forms.Form):
    goods = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quantity = self.fields["quantity"]
        assert isinstance(quantity, forms.IntegerField)
        quantity.max_value = merits_setting("MAX_QUANTITY")
        quantity.widget.attrs.update({"max": quantity.max_value, "inputmode": "numeric"})


class ReserveForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)


class StoryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80)
    story = forms.CharField(label=_("Story"), widget=forms.Textarea(attrs={"rows": 6}))
    period_kind = forms.ChoiceField(label=_("Model of the"), choices=PeriodKind.choices)
    period_day = forms.DateField(
        label=_("A day in the period"),
        widget=DateInput(),
        help_text=_("E.g. any day of the quarter."),
    )
    photo = forms.FileField(label=_("Photo"), required=False)
    consent = forms.BooleanField(
        label=_("The person agreed to be named and pictured on the public page"),
        required=False,
    )


class TallyForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, required=False)
    on = forms.DateField(label=_("Including the day"), widget=DateInput(), required=False)
