"""Models of the merits app."""
