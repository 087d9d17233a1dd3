"""``lastmile apikey create --name NAME --scope api|open311 [--user USERNAME] [--days N]``
prints the new token as the last line; also ``lastmile apikey revoke PREFIX`` and ``list``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lastmile.api import tokens
from lastmile.api.models import ApiToken
from lastmile.core.errors import DomainError


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (the raw token is printed once, on the last line)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--name", required=True)
        create.add_argument("--scope", required=True, choices=["api", "open311"])
        create.add_argument("--user", dest="username")
        create.add_argument("--days", type=int, default=365, help="0: never expires")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")
        sub.add_parser("list")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            try:
                new = tokens.token_create(
                    name=options["name"],
                    scope=options["scope"],
                    username=options.get("username"),
                    days=options["days"] or None,
                )
            except DomainError as exc:
                raise CommandError(str(exc)) from exc
            expires = new.token.expires_at.isoformat() if new.token.expires_at else "never"
            self.stdout.write(
                f"token {new.token.name!r} scope={new.token.scope} expires={expires} "
                "(shown once; store it now):"
            )
            self.stdout.write(new.raw)
        elif action == "revoke":
            token = ApiToken.objects.filter(prefix=options["prefix"][:10]).first()
            if token is None:
                raise CommandError(f"no token with prefix {options['prefix']!r}")
            tokens.token_revoke(token=token)
            self.stdout.write(f"revoked {token}")
        else:
            for token in ApiToken.objects.select_related("user").order_by("created_at"):
                state = "revoked" if token.revoked_at else "active"
                who = token.user.get_username() if token.user else "-"
                self.stdout.write(
                    f"{token.prefix}…  {token.scope:<8} {state:<8} {who:<16} {token.name}"
                )
