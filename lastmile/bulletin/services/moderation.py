"""The one place a message-board post changes visibility (visible / held for review / hidden):
checks the transition table, bumps the version, and keeps the change with its reason and who
in the post's moderation history, plus one audit event, in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lastmile.bulletin import permissions
from lastmile.bulletin.choices import POST_TRANSITIONS
from lastmile.bulletin.models import BlockedWord, BoardPost, ModerationRecord
from lastmile.core import audit, workflow
from lastmile.core.errors import Conflict, InvalidInput
from lastmile.orgs.selectors import Actor

OBJECT_TYPE = "board_post"


def lock(post: BoardPost, expected_version: int | None = None) -> BoardPost:
    locked = (
        BoardPost.objects.select_for_update(of=("self",))
        .select_related("area", "concern")
        .get(pk=post.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            _(
                "Someone else changed this post a moment ago (it is now “%(status)s”). "
                "Reload the page to see the latest state."
            )
            % {"status": locked.get_visibility_display()}
        )
    return locked


def check(action: str, post: BoardPost) -> None:
    workflow.check(
        POST_TRANSITIONS,
        action,
        post.visibility,
        _("This action is not possible while the post is “%(status)s”.")
        % {"status": post.get_visibility_display()},
    )


def keep(*, post: BoardPost, old: str, new: str, reason: str, actor: Actor) -> ModerationRecord:
    """One line of the moderation history (``actor`` SYSTEM: an automatic hold)."""
    return ModerationRecord.objects.create(
        post=post,
        from_status=old,
        to_status=new,
        reason=reason[:200],
        by_id=actor.user_id,
        by_label=actor.label if actor.user_id else "",
    )


def record(*, actor: Actor, post: BoardPost, verb: str, data: dict[str, Any]) -> None:
    audit.record(
        verb=f"bulletin.post.{verb}",
        obj_type=OBJECT_TYPE,
        obj_id=post.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data=data,
    )


@transaction.atomic
def post_moderate(
    *,
    actor: Actor,
    post: BoardPost,
    action: str,
    reason: str,
    expected_version: int | None = None,
) -> BoardPost:
    """Show (approve), hold for review or hide a post, with a reason, by staff of its area."""
    post = lock(post, expected_version)
    permissions.require_board_staff(actor, post.area)
    if action not in POST_TRANSITIONS:
        raise InvalidInput(_("Choose what to do with the post."), field="action")
    reason = " ".join((reason or "").split())
    if len(reason) < 2:
        raise InvalidInput(_("Give a reason; it is kept in the post's history."), field="reason")
    if len(reason) > 200:
        raise InvalidInput(_("Please keep the reason under 200 characters."), field="reason")
    check(action, post)
    old = post.visibility
    new = workflow.resolve_target(POST_TRANSITIONS, action, None)
    workflow.apply_change(
        post,
        {"visibility": new},
        conflict=_("Someone else changed this post a moment ago. Please reload."),
    )
    keep(post=post, old=old, new=new, reason=reason, actor=actor)
    record(actor=actor, post=post, verb=action, data={"from": old, "to": new, "reason": reason})
    return post


@transaction.atomic
def blocked_word_add(*, actor: Actor, word: str) -> BlockedWord:
    """Add a word that holds posts for review (the admin edits the list too)."""
    permissions.require_staff(actor)
    word = " ".join((word or "").split())
    if not 2 <= len(word) <= 40:
        raise InvalidInput(_("A blocked word has 2 to 40 characters."), field="word")
    item, _created = BlockedWord.objects.get_or_create(word=word)
    audit.record(
        verb="bulletin.blocked_word.add",
        obj_type="blocked_word",
        obj_id=item.pk,
        actor_id=actor.user_id,
        actor_label=actor.label,
        data={"word": word},
    )
    return item
