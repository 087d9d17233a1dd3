"""The one router of the concern API. Operations sharing a path (GET and POST /concerns) must
live on the same router, so the modules register onto this one, each with its own tag."""

from ninja import Router

router = Router()
