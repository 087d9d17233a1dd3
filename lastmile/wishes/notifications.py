"""The claimer hears about a claim that is about to lapse (a day before) and about a lapse,
in-app through ``notify`` (delivered after commit). The message templates are registered into
``notify.messages.TEMPLATES`` at start-up (``WishesConfig.ready``) — notify never imports us."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lastmile.notify.messages import Template, register_template
from lastmile.notify.models import NotifyChannel
from lastmile.notify.services import notify
from lastmile.wishes.conf import contact_days
from lastmile.wishes.models import Claim, Wish

LAPSING = "wish_claim_lapsing"
LAPSED = "wish_claim_lapsed"

WISH_TEMPLATES: dict[str, Template] = {
    LAPSING: Template(
        _("Please contact the family of the wish you claimed"),
        _(
            "You claimed the wish “%(title)s” (%(code)s). Contact the family by %(due)s, or "
            "the claim lapses and the wish goes back to the pool."
        ),
        ("code", "title", "due"),
    ),
    LAPSED: Template(
        _("Your claim of a wish has lapsed"),
        _(
            "The family of the wish “%(title)s” (%(code)s) was not contacted within %(days)s "
            "days, so your claim lapsed and the wish went back to the pool for others."
        ),
        ("code", "title"),
    ),
}


def register_templates() -> None:
    for name, template in WISH_TEMPLATES.items():
        register_template(name, template.title, template.body, template.keywords)


def _send(claim: Claim, wish: Wish, template: str) -> None:
    user = claim.person.user
    if user is None or not user.is_active:
        return
    register_templates()
    notify(
        channel=NotifyChannel.INAPP,
        template=template,
        user=user,
        payload={
            "code": wish.code,
            "title": wish.title,
            "due": timezone.localtime(claim.contact_due).strftime("%Y-%m-%d %H:%M"),
            "days": contact_days(),
        },
    )


def claim_lapsing(claim: Claim, wish: Wish) -> None:
    _send(claim, wish, LAPSING)


def claim_lapsed(claim: Claim, wish: Wish) -> None:
    _send(claim, wish, LAPSED)
