import pytest
from django.db import connection, models

from core.crypto import (
    DecryptionError,
    EncryptedCharField,
    blind_index,
    decrypt,
    encrypt,
    mask_id,
    mask_name,
    mask_phone,
)


def test_round_trip_with_random_nonce():
    a, b = encrypt("13812345678"), encrypt("13812345678")
    assert a != b and "13812345678" not in a
    assert decrypt(a) == decrypt(b) == "13812345678"


def test_tampered_ciphertext_is_refused():
    import base64

    token = encrypt("张三")
    raw = bytearray(base64.b64decode(token.removeprefix("sm4gcm:")))
    raw[-1] ^= 0x01  # flip one bit of the ciphertext
    with pytest.raises(DecryptionError, match="篡改"):
        decrypt("sm4gcm:" + base64.b64encode(bytes(raw)).decode())


def test_wrong_key_is_refused(settings):
    token = encrypt("张三")
    settings.SM4_KEY = "ffeeddccbbaa99887766554433221100"
    with pytest.raises(DecryptionError):
        decrypt(token)


def test_blind_index_is_stable_and_keyed(settings):
    assert blind_index(" 13812345678 ") == blind_index("13812345678")
    first = blind_index("13812345678")
    settings.SM4_KEY = "ffeeddccbbaa99887766554433221100"
    assert blind_index("13812345678") != first


def test_masks():
    assert mask_name("张三") == "张*" and mask_name("张三丰") == "张*丰"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id("110105194912310021") == "110105********0021"


@pytest.mark.django_db(transaction=True)
def test_field_stores_ciphertext_not_plaintext():
    class Secret(models.Model):
        phone = EncryptedCharField()

        class Meta:
            app_label = "core"
            db_table = "core_test_secret"

        def __str__(self) -> str:
            return "secret"

    with connection.schema_editor() as editor:
        editor.create_model(Secret)
    try:
        obj = Secret.objects.create(phone="13912345678")
        with connection.cursor() as cur:
            cur.execute("SELECT phone FROM core_test_secret WHERE id = %s", [obj.pk])
            stored = cur.fetchone()[0]
        assert stored.startswith("sm4gcm:") and "13912345678" not in stored
        assert Secret.objects.get(pk=obj.pk).phone == "13912345678"
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Secret)
