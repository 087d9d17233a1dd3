"""群众评议: residents' evaluations of the cadres who handled their concern (tracking page), and
the periodic survey (民主评议 round) with its cadres, responses and answers.

Imported at the end of ``lastmile/scores/models.py`` so the models belong to the ``scores`` app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lastmile.scores.evaluation.choices import CadreRole, RoundStatus, Satisfaction


def _verdict(verbose: Any, *, blank: bool = False) -> models.CharField:  # type: ignore[type-arg]
    return models.CharField(
        verbose, max_length=16, choices=Satisfaction.choices, blank=blank, default=""
    )


class CadreEvaluation(models.Model):
    """One resident's verdict on one cadre for one concern (unique), editable for a few days."""

    concern = models.ForeignKey(
        "concerns.Concern", on_delete=models.CASCADE, related_name="cadre_evaluations"
    )
    cadre = models.ForeignKey(
        "orgs.Person", on_delete=models.PROTECT, related_name="evaluations_received"
    )
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("why this cadre"), max_length=8, choices=CadreRole.choices)
    verdict = _verdict(_("overall"))
    attitude = _verdict(_("attitude"), blank=True)
    efficiency = _verdict(_("efficiency"), blank=True)
    conduct = _verdict(_("conduct"), blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # sha256 of the browser session (tracking code + PIN path): lets the integrity check see one
    # browser evaluating many cadres without keeping anything that names the resident.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    by_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("given at"), db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("cadre evaluation")
        verbose_name_plural = _("cadre evaluations")
        constraints = [
            models.UniqueConstraint(fields=["concern", "cadre"], name="uniq_cadre_evaluation")
        ]

    def __str__(self) -> str:
        return f"{self.concern_id}→{self.cadre_id}: {self.verdict}"


class EvaluationRound(models.Model):
    """A 民主评议 round: an area subtree, a period label, the cadres taken from the registers."""

    title = models.CharField(_("period"), max_length=60)
    area = models.ForeignKey("orgs.Area", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        "orgs.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self) -> str:
        return f"{self.title} · {self.area_id}"


class RoundCadre(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="cadres")
    person = models.ForeignKey("orgs.Person", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.CharField(_("post"), max_length=80, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="uniq_round_cadre")]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.person_id}"


class RoundResponse(models.Model):
    """One resident's answer sheet in a round: one per person per round (database unique)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey("orgs.Person", on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="uniq_round_response")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.person_id}"


class RoundAnswer(models.Model):
    response = models.ForeignKey(RoundResponse, on_delete=models.CASCADE, related_name="answers")
    cadre = models.ForeignKey(RoundCadre, on_delete=models.CASCADE, related_name="answers")
    verdict = _verdict(_("overall"))
    attitude = _verdict(_("attitude"), blank=True)
    efficiency = _verdict(_("efficiency"), blank=True)
    conduct = _verdict(_("conduct"), blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "cadre"], name="uniq_round_answer")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.cadre_id}"
