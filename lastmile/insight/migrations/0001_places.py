# The gazetteer (place names → area) and the administrative division table.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Division",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(max_length=12, unique=True, verbose_name="division code"),
                ),
                ("name", models.CharField(db_index=True, max_length=100, verbose_name="name")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("province", "province"),
                            ("city", "city"),
                            ("county", "county / district"),
                            ("town", "town / street"),
                            ("village", "village / community"),
                        ],
                        max_length=16,
                        verbose_name="level",
                    ),
                ),
                (
                    "parent_code",
                    models.CharField(
                        blank=True, db_index=True, max_length=12, verbose_name="parent code"
                    ),
                ),
            ],
            options={
                "verbose_name": "administrative division",
                "verbose_name_plural": "administrative divisions",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="Place",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=100, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("road", "road"),
                            ("building", "building or estate"),
                            ("landmark", "landmark"),
                        ],
                        max_length=16,
                        verbose_name="kind",
                    ),
                ),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="places",
                        to="orgs.area",
                        verbose_name="area",
                    ),
                ),
            ],
            options={
                "verbose_name": "place name",
                "verbose_name_plural": "place names",
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("name", "area"), name="insight_uniq_place_name_area"
                    )
                ],
            },
        ),
    ]
