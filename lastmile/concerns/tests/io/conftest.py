from pathlib import Path

import pytest
from django.conf import settings

from lastmile.concerns.services.taxonomy import taxonomy_load


def tipdm(name: str) -> Path:
    path = Path(settings.SHARED_DATA_DIR) / "tipdm2020" / name
    if not path.exists():
        pytest.skip(f"shared data file missing: {path}")
    return path


@pytest.fixture
def taxonomy(db):
    taxonomy_load(path=tipdm("taxonomy.csv"))
