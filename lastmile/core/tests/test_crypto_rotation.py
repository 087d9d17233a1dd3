"""`lastmile rotate-keys`: re-encrypt with the first key, rehash with a new hash key."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from lastmile.concerns.models import Concern
from lastmile.concerns.testing import submit
from lastmile.core import crypto
from lastmile.core.crypto import phone_hash
from lastmile.core.tests.test_crypto import raw
from lastmile.orgs.models import Household
from lastmile.wechat.models import WechatSession

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
PHONE = "13812345678"


def pii(**values: object) -> dict[str, object]:
    return {**settings.LASTMILE_PII, **values}


def rotate(**options: object) -> str:
    out = io.StringIO()
    call_command("rotate_keys", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_rotation_moves_every_row_to_the_new_key(world):
    with override_settings(LASTMILE_PII=pii(KEYS=[KEY_A])):
        concern = submit(world, resident_phone=PHONE, resident_name="李四", address="幸福路1号")
        home = Household.objects.create(
            area=world.areas["c1g1"], address="幸福路2号", head_name="王五", phone="13900000000"
        )
        session = WechatSession.objects.create(openid="oAbCdEfGhIjKlMnOpQrStUvWx123")
    with (
        override_settings(LASTMILE_PII=pii(KEYS=[KEY_B])),
        pytest.raises(crypto.DecryptionError),
    ):
        Concern.objects.get(pk=concern.pk)  # B alone cannot read rows written with A

    with override_settings(LASTMILE_PII=pii(KEYS=[KEY_B, KEY_A])):
        dry = rotate(dry_run=True)
        assert "would change" in dry
        assert crypto.encrypted_with_first_key(
            raw("concerns_concern", "resident_phone", concern.pk), keys=(KEY_A,)
        )  # the dry run changed nothing
        out = rotate(batch=2)
        assert "concerns.concern" in out and "done: changed" in out
        again = rotate()  # idempotent: nothing left to do
        assert "done: changed 0 rows" in again

    with override_settings(LASTMILE_PII=pii(KEYS=[KEY_B])):
        fresh = Concern.objects.get(pk=concern.pk)
        assert (fresh.resident_phone, fresh.resident_name, fresh.address) == (
            PHONE,
            "李四",
            "幸福路1号",
        )
        assert Household.objects.get(pk=home.pk).head_name == "王五"
        assert WechatSession.objects.get(pk=session.pk).openid == "oAbCdEfGhIjKlMnOpQrStUvWx123"
        # the keyed hashes did not change: phone search still finds the rows
        assert Concern.objects.filter(resident_phone_hash=phone_hash(PHONE)).count() == 1


@pytest.mark.django_db
def test_rehash_with_a_new_hash_key(world):
    concern = submit(world, resident_phone=PHONE)
    old = phone_hash(PHONE)
    new_key = "a-new-hash-key-for-the-blind-index"
    with override_settings(LASTMILE_PII=pii(HASH_KEY_NEW=new_key)):
        rotate(rehash=True, model="concerns.concern")
    assert raw("concerns_concern", "resident_phone_hash", concern.pk) != old
    with override_settings(LASTMILE_PII=pii(HASH_KEY=new_key, HASH_KEY_NEW="")):
        assert Concern.objects.get(resident_phone_hash=phone_hash(PHONE)).pk == concern.pk
        assert "done: changed 0 rows" in rotate(rehash=True, model="concerns.concern")


@pytest.mark.django_db
def test_unknown_model_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        rotate(model="concerns.category")
