"""Encrypt the personal data already stored and fill its keyed-hash index, in batches.

Reversible: going back writes the plaintext again (before the schema migration turns the columns
back into plain character fields). Needs the same LASTMILE_PII_KEYS either way."""

from django.db import migrations

from lastmile.core.fields import decrypt_existing, encrypt_existing


class Migration(migrations.Migration):
    atomic = False  # each batch commits on its own: a large table is not one long transaction

    dependencies = [("concerns", "0005_pii_encrypt_schema")]

    operations = [
        migrations.RunPython(
            encrypt_existing('concerns', 'concern'), decrypt_existing('concerns', 'concern'), elidable=False
        ),
    ]
