"""The tracking page's 群众评议 panel (``concerns.hooks`` slot "track"): once the concern has a
reply, the resident rates the cadre who replied and the household's contact cadre."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from lastmile.orgs.selectors import actor_for_user
from lastmile.scores.evaluation.conf import eval_setting
from lastmile.scores.evaluation.forms import AnswerForm
from lastmile.scores.evaluation.selectors import evaluations_of_concern, targets_for

DRAFT = "lastmile_evaluation_draft"  # the rejected form (data + error), shown again once


def track_evaluation_panel(request: Any, *, concern: Any = None, **_context: Any) -> str | None:
    if concern is None:
        return None
    targets = targets_for(concern)
    if not targets:
        return None
    draft = request.session.pop(DRAFT, None) if hasattr(request, "session") else None
    if draft and draft.get("code") != concern.code:
        draft = None
    done = evaluations_of_concern(concern)
    window = timedelta(days=int(eval_setting("EDIT_DAYS")))
    now = timezone.now()
    items = []
    for target in targets:
        prefix = f"c{target.person.pk}"
        existing = done.get(target.person.pk)
        if draft and draft.get("cadre") == target.person.pk:
            form = AnswerForm(draft["data"], prefix=prefix)
            form.is_valid()
            if draft.get("field") in form.fields:
                form.add_error(draft["field"], draft["error"])
        elif existing is not None:
            form = AnswerForm(
                prefix=prefix,
                initial={
                    k: getattr(existing, k)
                    for k in ("verdict", "attitude", "efficiency", "conduct", "comment")
                },
            )
        else:
            form = AnswerForm(prefix=prefix)
        editable = existing is None or now <= existing.created_at + window
        error = (
            draft["error"]
            if draft
            and draft.get("cadre") == target.person.pk
            and draft.get("field") not in form.fields
            else ""
        )
        items.append(
            {
                "target": target,
                "form": form,
                "existing": existing,
                "editable": editable,
                "error": error,
            }
        )
    is_staff = actor_for_user(getattr(request, "user", None)).is_staff_member
    return render_to_string(
        "scores/evaluation/track_panel.html",
        {"concern": concern, "items": items, "is_staff": is_staff},
        request=request,
    )
