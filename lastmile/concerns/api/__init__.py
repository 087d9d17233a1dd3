"""The concern loop's API router (mounted at /api/v1/ by lastmile/api/api.py).

``intake``: anonymous submission, public board, resident tracking; ``staff``: scoped list,
detail and transitions; ``master``: categories and the dispatch table. All register on the one
router in ``router.py``.
"""

from lastmile.concerns.api import intake, master, staff  # noqa: F401  (registers operations)
from lastmile.concerns.api.router import router

__all__ = ["router"]
