"""Reads of model stories (典型示范)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from lastmile.merits.models import ModelStory
from lastmile.merits.selectors.scope import area_q
from lastmile.orgs.selectors import Actor


def stories_public() -> QuerySet[ModelStory]:
    return (
        ModelStory.objects.filter(is_published=True)
        .select_related("person", "community")
        .order_by("-period_start", "-created_at", "-pk")
    )


def story_public(pk: int) -> ModelStory:
    story = stories_public().filter(pk=pk).first()
    if story is None:
        raise Http404("story not found")
    return story


def stories_for_actor(actor: Actor) -> QuerySet[ModelStory]:
    q = area_q(actor, "community__path", cadre=True)
    if q is None:
        return ModelStory.objects.none()
    return ModelStory.objects.filter(q).select_related("person", "community")


def story_get_for_actor(actor: Actor, pk: int) -> ModelStory:
    story = stories_for_actor(actor).filter(pk=pk).first()
    if story is None:
        raise Http404("story not found")
    return story
