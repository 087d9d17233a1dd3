"""Models of the bulletin app."""
