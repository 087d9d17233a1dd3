"""The digest's notification template and the desk entry, registered at start-up (the notify app
and the desk hold the registries; this app owns the wording)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TEMPLATE = "member_digest"


def register() -> None:
    from lastmile.concerns.hooks import DeskLink, register_desk_link
    from lastmile.learning.permissions import may_manage
    from lastmile.notify.messages import register_template

    register_template(
        TEMPLATE,
        _("Your member digest (手机党报)"),
        _(
            "%(notices)s new notices, %(news)s local news and %(tasks)s open study tasks. "
            "Read it here: %(url)s"
        ),
        ("date", "notices", "tasks"),
    )
    register_desk_link(
        DeskLink(
            label=_("Party-member learning"),
            url="learning:desk",
            description=_("Courses, assignments and study hours of the party members (学习培训)."),
            order=70,
            visible=may_manage,
        )
    )
