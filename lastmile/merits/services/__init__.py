"""Every write of the merits app. Keyword-only, takes the acting ``Actor``, one transaction each."""
