"""Domain errors. Views and the API turn these into clear messages, never a 500."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain refused the action. ``code`` is stable; ``message`` is for people."""

    code = "domain_error"
    http_status = 400

    def __init__(self, message: str | Promise, *, code: str | None = None, field: str = ""):
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code

    def __str__(self) -> str:
        return str(self.message)


class InvalidInput(DomainError):
    code = "invalid_input"
    http_status = 400


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    http_status = 409


class Conflict(DomainError):
    code = "conflict"
    http_status = 409


class NotPermitted(DomainError):
    code = "forbidden"
    http_status = 403


class NotFound(DomainError):
    code = "not_found"
    http_status = 404
