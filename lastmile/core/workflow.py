"""Transition tables and the checked, versioned state change every aggregate uses.

An aggregate (a concern, a ledger item) lists its moves in a ``TRANSITIONS`` table of
:class:`Transition`; its one transition service calls :func:`check` and :func:`apply_change`
and writes its own audit event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise

from lastmile.core.errors import Conflict, TransitionNotAllowed
from lastmile.core.fields import refresh_hashes, with_hash_fields


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the service decides among ``targets``
    targets: frozenset[str] = frozenset()


def check(
    table: Mapping[str, Transition], action: str, status: str, refusal: str | Promise
) -> None:
    """Raise TransitionNotAllowed (with ``refusal``, which names the status) unless allowed."""
    if status not in table[action].sources:
        raise TransitionNotAllowed(refusal)


def resolve_target(table: Mapping[str, Transition], action: str, target: str | None) -> str:
    transition = table[action]
    new_status = target or transition.target
    if new_status is None or (
        new_status != transition.target and new_status not in transition.targets
    ):
        raise ValueError(f"{action} cannot lead to {new_status}")
    return new_status


def apply_change(obj: models.Model, changes: dict[str, Any], *, conflict: str | Promise) -> None:
    """Set ``changes`` (with the new status) on ``obj``, bump its version and save only if nobody
    else saved it since it was read (conditional UPDATE); raise Conflict otherwise."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version += 1  # type: ignore[attr-defined]
    obj.updated_at = timezone.now()  # type: ignore[attr-defined]
    # Encrypted personal data changes its keyed-hash index with it (core/fields.py).
    refresh_hashes(obj)
    update_fields = with_hash_fields(type(obj), [*changes.keys(), "version", "updated_at"])
    with transaction.atomic():
        saved = (
            type(obj)
            ._default_manager.filter(pk=obj.pk, version=obj.version - 1)  # type: ignore[attr-defined]
            .update(**{name: getattr(obj, name) for name in update_fields})
        )
        if not saved:
            raise Conflict(conflict)
