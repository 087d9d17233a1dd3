"""Models of the wishes app."""
