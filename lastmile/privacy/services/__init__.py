"""Writes of the privacy app: deletion requests, their review, and erasing a person's identity."""

from lastmile.privacy.services.erase import privacy_erase_identity
from lastmile.privacy.services.requests import (
    deletion_request_approve,
    deletion_request_create,
    deletion_request_refuse,
)

__all__ = [
    "deletion_request_approve",
    "deletion_request_create",
    "deletion_request_refuse",
    "privacy_erase_identity",
]
