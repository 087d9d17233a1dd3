"""典型示范: model stories of people who agreed to be named, published on the public page."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lastmile.concerns.uploads import CleanFile
from lastmile.core import audit
from lastmile.core.errors import InvalidInput, NotPermitted
from lastmile.merits import permissions
from lastmile.merits.choices import PeriodKind
from lastmile.merits.models import ModelStory
from lastmile.merits.periods import period_start
from lastmile.merits.places import community_of
from lastmile.orgs.models import Person
from lastmile.orgs.selectors import Actor


def story_publish(
    *,
    actor: Actor,
    person: Person,
    title: str,
    story: str,
    period_kind: str,
    period_day: dt.date,
    consent: bool,
    photo: CleanFile | None = None,
) -> ModelStory:
    """Publish a model story about a person of the actor's community. The person must have
    agreed to be named and pictured (``consent``); the consent is recorded with the story."""
    community = community_of(person)
    if community is None or not permissions.may_review(actor, community):
        if not permissions.is_cadre(actor):
            raise NotPermitted(_("Only community cadres publish model stories."))
        raise InvalidInput(
            _("%(name)s does not live in your community.") % {"name": person.name},
            field="person",
        )
    title, story = (title or "").strip(), (story or "").strip()
    if not title:
        raise InvalidInput(_("Give the story a title."), field="title")
    if len(title) > 80:
        raise InvalidInput(_("At most %(n)d characters.") % {"n": 80}, field="title")
    if len(story) < 20:
        raise InvalidInput(_("Tell the story in at least 20 characters."), field="story")
    if period_kind not in PeriodKind.values:
        raise InvalidInput(_("Choose a month, quarter or year."), field="period_kind")
    if not consent:
        raise InvalidInput(
            _("A model story names the person: record that they agreed first."),
            field="consent",
        )
    now = timezone.now()
    with transaction.atomic():
        obj = ModelStory(
            community=community,
            person=person,
            title=title,
            story=story,
            period_kind=period_kind,
            period_start=period_start(period_kind, period_day),
            consent_recorded_at=now,
            consent_recorded_by=actor.person,
            created_by=actor.person,
            created_at=now,
        )
        if photo is not None:
            obj.photo.save(photo.name, ContentFile(photo.content), save=False)
        obj.save()
        audit.record(
            verb="merits.story.published",
            obj_type="merits.modelstory",
            obj_id=obj.pk,
            actor_id=actor.user_id,
            actor_label=actor.label,
            data={"community": community.pk, "period": obj.period_start, "consent": True},
            at=now,
        )
    return obj


def story_withdraw(*, actor: Actor, story: ModelStory) -> ModelStory:
    """Take a story off the public page (e.g. the person withdrew their consent)."""
    if not permissions.may_review(actor, story.community):
        raise NotPermitted(_("Only community cadres publish model stories."))
    with transaction.atomic():
        ModelStory.objects.filter(pk=story.pk).update(is_published=False)
        story.is_published = False
        audit.record(
            verb="merits.story.withdrawn",
            obj_type="merits.modelstory",
            obj_id=story.pk,
            actor_id=actor.user_id,
            actor_label=actor.label,
        )
    return story
