from django.db import migrations

# domain-rules §1 defaults: (kind, urgency, sign amount, unit, resolve amount, unit)
ROWS = [
    ("", "urgent", 30, "m", 2, "h"),
    ("", "utilities", 30, "m", 24, "h"),
    ("consult", "normal", 2, "wh", 2, "wd"),
    ("help", "normal", 2, "wh", 10, "wd"),
    ("suggestion", "normal", 2, "wh", 10, "wd"),
    ("praise", "normal", 2, "wh", 10, "wd"),
    ("complaint", "normal", 2, "wh", 15, "wd"),
    ("report", "normal", 2, "wh", 15, "wd"),
]


def seed(apps, schema_editor):
    rule = apps.get_model("concerns", "DeadlineRule")
    for kind, urgency, sa, su, ra, ru in ROWS:
        rule.objects.get_or_create(
            kind=kind,
            urgency=urgency,
            defaults={"sign_amount": sa, "sign_unit": su, "resolve_amount": ra, "resolve_unit": ru},
        )


class Migration(migrations.Migration):
    dependencies = [("concerns", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
