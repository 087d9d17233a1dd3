"""Message templates: a title and a body as Python format strings (gettext, Chinese by default),
plus the payload keys that fill a WeChat template message's keyword1, keyword2, …"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Template:
    title: str | Promise
    body: str | Promise
    keywords: tuple[str, ...] = ()


TEMPLATES: dict[str, Template] = {
    "concern_dispatched": Template(
        _("Your concern is being handled"),
        _("Concern %(code)s has been passed to %(unit)s, due by %(due)s."),
        ("code", "status", "unit"),
    ),
    "concern_replied": Template(
        _("Your concern has a reply"),
        _("%(unit)s replied to concern %(code)s: %(reply)s"),
        ("code", "status", "unit"),
    ),
    "concern_closed": Template(
        _("Your concern is closed"),
        _("Concern %(code)s is closed. Thank you for your trust."),
        ("code", "status", "unit"),
    ),
    "concern_assigned": Template(
        _("New concern for your unit"),
        _("Concern %(code)s “%(title)s” is assigned to %(unit)s; sign for it by %(sign_due)s."),
        ("code", "title", "sign_due"),
    ),
    "concern_urged": Template(
        _("Urged (催办): concern %(code)s"),
        _("%(by)s urged %(unit)s to finish concern %(code)s “%(title)s”. %(note)s"),
        ("code", "title", "unit"),
    ),
    "concern_circulated": Template(
        _("Circular (通报): concern %(code)s"),
        _("%(by)s circulated concern %(code)s “%(title)s” of %(unit)s to %(to)s. %(note)s"),
        ("code", "title", "unit"),
    ),
    "surge_alert": Template(
        _("Surge alert"),
        _(
            "%(label)s: %(count)s concerns in the last %(days)s days against a usual "
            "%(baseline)s; for example %(codes)s."
        ),
        ("label", "count", "codes"),
    ),
}


def register_template(
    name: str, title: str | Promise, body: str | Promise, keywords: tuple[str, ...] = ()
) -> None:
    """Let another app add its message templates (call it from its ``AppConfig.ready()`` or at
    import of its own ``notifications.py``): title and body are gettext_lazy strings with
    ``%(key)s`` placeholders filled from the payload. Registering the same name twice with the
    same text is harmless; a different text for a taken name is a programming error."""
    template = Template(title, body, keywords)
    existing = TEMPLATES.get(name)
    if existing is not None and existing != template:
        raise ValueError(f"notification template {name!r} is already registered differently")
    TEMPLATES[name] = template


class _Blank(dict):  # type: ignore[type-arg]
    """A mapping that renders a missing payload key as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str
    keywords: tuple[str, ...]


def render(template: str, payload: dict[str, Any]) -> Rendered:
    """Render a template in the site language (Simplified Chinese unless configured otherwise)."""
    tpl = TEMPLATES[template]
    values = _Blank({k: "" if v is None else v for k, v in payload.items()})
    with translation.override(settings.LANGUAGE_CODE):
        return Rendered(
            title=str(tpl.title),
            body=str(tpl.body) % values,
            keywords=tuple(str(values[k]) for k in tpl.keywords),
        )
