# Written by hand (bench/README.md, "Then lead"): only this index, so that the pending model
# changes of other work in concerns stay in their own migrations.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0006_pii_encrypt_rows"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="concern",
            index=models.Index(fields=["channel", "external_id"], name="concern_channel_extid_idx"),
        ),
    ]
