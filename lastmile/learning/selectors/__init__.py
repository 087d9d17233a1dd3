"""Every read of the learning app, scoped to the actor: ``member`` (what a party member studies),
``desk`` (what staff manage), ``hours`` (the study-hours report), ``digest`` (手机党报)."""
