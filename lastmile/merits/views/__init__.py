"""Pages of the merits app: public (``public``), the person's own (``me``) and the desk."""
