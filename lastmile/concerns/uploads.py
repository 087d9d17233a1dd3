"""Upload checks live in ``lastmile.core.uploads``: one validator, judged by content, for every
upload field (size, real type, polyglots refused, EXIF removed from photos)."""

from lastmile.core.uploads import IMAGE_FORMATS, CleanFile, clean_upload

__all__ = ["IMAGE_FORMATS", "CleanFile", "clean_upload"]
