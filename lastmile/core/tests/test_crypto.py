"""Personal data encrypted at rest: the fields, the keyed-hash index and the paths that write it."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import FieldError, ValidationError
from django.db import connection
from django.test import override_settings

from lastmile.concerns.models import Concern
from lastmile.concerns.testing import submit
from lastmile.core import crypto
from lastmile.core.crypto import blind_index, phone_hash
from lastmile.core.fields import (
    decrypt_existing,
    encrypt_existing,
    with_hash_values,
)
from lastmile.orgs.models import Household, Person

PHONE = "13812345678"


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def test_crypto_round_trip_and_empty():
    token = crypto.encrypt("张三")
    assert token.startswith(crypto.TOKEN_PREFIX) and "张三" not in token
    assert crypto.decrypt(token) == "张三"
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""
    assert crypto.decrypt("legacy plaintext") == "legacy plaintext"  # not yet migrated


def test_blind_index_normalises_phones():
    same = {phone_hash(p) for p in (PHONE, "138 1234 5678", "138-1234-5678", "+86 138 1234 5678")}
    assert len(same) == 1
    assert phone_hash("13812345679") not in same
    assert phone_hash("") == "" and phone_hash("--") == ""
    assert blind_index("幸福路 12 号") == blind_index("幸福路12号")
    assert blind_index("x", key="other-key") != blind_index("x")


@pytest.mark.django_db
def test_field_round_trip_and_ciphertext_in_the_database(world):
    concern = submit(world, resident_name="李四", resident_phone=PHONE, address="幸福路12号")
    fresh = Concern.objects.get(pk=concern.pk)
    assert (fresh.resident_name, fresh.resident_phone, fresh.address) == (
        "李四",
        PHONE,
        "幸福路12号",
    )
    for column, plain in (
        ("resident_phone", PHONE),
        ("resident_name", "李四"),
        ("address", "幸福路"),
    ):
        stored = raw("concerns_concern", column, concern.pk)
        assert plain not in stored and stored.startswith(crypto.TOKEN_PREFIX)
    assert raw("concerns_concern", "resident_phone_hash", concern.pk) == phone_hash(PHONE)
    assert PHONE not in raw("concerns_concern", "resident_phone_hash", concern.pk)
    # values() and values_list() decrypt too
    assert (
        Concern.objects.filter(pk=concern.pk).values_list("resident_phone", flat=True)[0] == PHONE
    )


@pytest.mark.django_db
def test_empty_stays_empty_and_filters_on_empty_work(world):
    concern = submit(world)
    assert raw("concerns_concern", "resident_phone", concern.pk) == ""  # empty stays empty
    assert Concern.objects.filter(pk=concern.pk, resident_phone="").exists()
    assert not Concern.objects.filter(pk=concern.pk).exclude(resident_phone="").exists()


@pytest.mark.django_db
def test_equality_goes_through_the_index_and_other_lookups_fail_loudly(world):
    concern = submit(world, resident_name="李四", resident_phone=PHONE)
    submit(world, resident_phone="13900000000")
    # field=value compares the keyed hashes (normalised like the index)
    assert list(Concern.objects.filter(resident_phone="138 1234 5678")) == [concern]
    assert concern not in Concern.objects.exclude(resident_phone=PHONE)
    assert not Concern.objects.filter(resident_phone="no digits").exists()
    with pytest.raises(FieldError, match="blind index"):
        list(Concern.objects.filter(resident_name="李四"))  # no index: cannot compare
    with pytest.raises(FieldError):
        list(Concern.objects.filter(resident_phone__contains="1381"))


@pytest.mark.django_db
def test_max_length_still_validates_the_plaintext(world):
    household = Household(area=world.areas["c1g1"], address="幸福路12号", head_name="王五")
    household.phone = "1" * 40
    with pytest.raises(ValidationError) as info:
        household.full_clean()
    assert "phone" in info.value.message_dict
    assert Household._meta.get_field("phone").formfield().max_length == 32


@pytest.mark.django_db
def test_hash_kept_in_step_on_save_bulk_create_update_and_update_fields(world):
    person = world.people["outsider"]
    person.phone = "139 0000 0001"
    person.save()
    assert Person.objects.filter(phone_hash=phone_hash("13900000001")).get() == person

    area = world.areas["c1g1"]
    made = Household.objects.bulk_create(
        [
            Household(area=area, address=f"幸福路{i}号", head_name="户主", phone=f"1370000000{i}")
            for i in range(3)
        ]
    )
    assert Household.objects.filter(phone_hash=phone_hash("13700000001")).count() == 1
    assert PHONE not in raw("orgs_household", "phone", made[0].pk)

    Household.objects.filter(pk=made[0].pk).update(**with_hash_values(Household, phone=PHONE))
    assert Household.objects.get(phone_hash=phone_hash(PHONE)).pk == made[0].pk

    made[1].phone = "13600000000"
    made[1].save(update_fields=["phone"])  # the index follows its source
    assert Household.objects.get(phone_hash=phone_hash("13600000000")).pk == made[1].pk
    made[2].phone = "13600000002"
    made[2].save(update_fields=["phone", "phone_hash"])
    assert Household.objects.get(phone_hash=phone_hash("13600000002")).pk == made[2].pk


@pytest.mark.django_db
def test_versioned_change_updates_the_hash(world):
    """core.workflow.apply_change (every transition service) writes the index with the value."""
    from lastmile.core import workflow

    concern = submit(world, resident_phone=PHONE)
    workflow.apply_change(concern, {"resident_phone": "13500000000"}, conflict="conflict")
    assert Concern.objects.get(resident_phone_hash=phone_hash("13500000000")).pk == concern.pk
    assert not Concern.objects.filter(resident_phone_hash=phone_hash(PHONE)).exists()


@pytest.mark.django_db
def test_data_migration_encrypts_plaintext_rows_and_reverses(world):
    concern = submit(world, resident_phone=PHONE, resident_name="赵六")
    with connection.cursor() as cursor:  # a row as it was before the migration: plaintext
        cursor.execute(
            "UPDATE concerns_concern SET resident_phone = %s, resident_name = %s, "
            "resident_phone_hash = '' WHERE id = %s",
            ["138 1234 5678", "赵六", concern.pk],
        )
    editor = SimpleNamespace(connection=connection)
    encrypt_existing("concerns", "concern", batch=1)(apps, editor)
    assert raw("concerns_concern", "resident_phone", concern.pk).startswith(crypto.TOKEN_PREFIX)
    assert Concern.objects.get(resident_phone_hash=phone_hash(PHONE)).resident_name == "赵六"
    encrypt_existing("concerns", "concern")(apps, editor)  # idempotent
    assert Concern.objects.get(pk=concern.pk).resident_phone == "138 1234 5678"

    decrypt_existing("concerns", "concern")(apps, editor)
    assert raw("concerns_concern", "resident_phone", concern.pk) == "138 1234 5678"
    assert raw("concerns_concern", "resident_name", concern.pk) == "赵六"


def test_production_refuses_to_start_without_pii_keys():
    env = {k: v for k, v in os.environ.items() if not k.startswith("LASTMILE_PII")}
    env["LASTMILE_SECRET_KEY"] = "x" * 50
    run = subprocess.run(
        [sys.executable, "-c", "import config.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode != 0
    assert "LASTMILE_PII_KEYS and LASTMILE_PII_HASH_KEY must be set in production" in run.stderr
    env["LASTMILE_PII_KEYS"] = Fernet.generate_key().decode()
    env["LASTMILE_PII_HASH_KEY"] = "a-long-random-hash-key"
    ok = subprocess.run(
        [sys.executable, "-c", "import config.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr


def test_malformed_key_is_a_clear_error():
    with (
        override_settings(LASTMILE_PII={"KEYS": ["not-a-key"], "HASH_KEY": "h"}),
        pytest.raises(Exception, match="Fernet keys"),
    ):
        crypto.encrypt("x")
