"""Every read of the service network: ``public`` (no login), ``duty`` and ``agents`` (scoped to
the actor)."""
