"""Shared pieces of the JSON API that every app's router uses: the error body and input base.

Lives in core (below every app) so app routers can declare their error responses without
importing the API root.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict

# Ids of database rows: positive and within a 32-bit integer, so no database overflows.
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    # A lone surrogate (JSON "\ud800") cannot be encoded as UTF-8 nor stored.
    if any("\ud800" <= c <= "\udfff" for c in value):
        raise ValueError("text must not contain unpaired surrogate characters")
    return value


def _sane_datetime(value: datetime) -> datetime:
    if not 2000 <= value.year <= 2100:
        raise ValueError("date must be between the years 2000 and 2100")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _strict_bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


# Text the database accepts everywhere (PostgreSQL refuses NUL characters).
Text = Annotated[str, AfterValidator(_no_nul)]
# Aware datetimes in a range every database and time zone conversion handles.
When = Annotated[datetime, AfterValidator(_sane_datetime)]
StrictBool = Annotated[bool, BeforeValidator(_strict_bool)]


class InputSchema(Schema):
    """Base of every input body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class FieldErrorOut(Schema):
    field: str
    message: str
    type: str


class ErrorOut(Schema):
    code: str = Field(description="stable, for programs: invalid_input, not_found, conflict, …")
    message: str = Field(description="for people")
    field: str | None = Field(None, description="the input field at fault, when there is one")
    errors: list[FieldErrorOut] | None = None


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    429: ErrorOut,
}
