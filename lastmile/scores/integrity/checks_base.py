"""Helpers shared by the integrity checks."""

from __future__ import annotations

from lastmile.scores.integrity.data import Event, Row, ScanData, conf


def _cap(evidence: list[dict[str, str]]) -> list[dict[str, str]]:
    return evidence[: conf("EVIDENCE_LIMIT")]


def _rated(data: ScanData) -> list[tuple[Event, Row]]:
    out = []
    for event in data.of_verb("concern.callback"):
        row = data.rows.get(event.concern_id)
        if row is not None:
            out.append((event, row))
    return out
