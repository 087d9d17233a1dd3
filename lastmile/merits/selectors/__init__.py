"""Every read of the merits app, scoped to the actor: outside the actor's reach means 404."""
