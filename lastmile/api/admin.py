"""API tokens in the admin: list and revoke. Tokens are created with ``lastmile apikey create``
(the raw token is shown once there); the admin never sees or edits a digest."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lastmile.api import tokens
from lastmile.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "scope",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = (
        "name",
        "prefix",
        "scope",
        "user",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the raw token must be shown once: create with `lastmile apikey create`

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.token_revoke(token=token)
            count += 1
        self.message_user(
            request, _("Revoked %(n)d token(s).") % {"n": count}, level=messages.SUCCESS
        )
