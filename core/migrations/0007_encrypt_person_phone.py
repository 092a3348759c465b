"""People's phone numbers are stored SM4-encrypted (core.crypto.EncryptedCharField).

The column becomes text, the values are encrypted in place, then the field is declared
encrypted (which needs no further change to the database). Backwards: decrypt, then back to
``varchar(30)``. Values are read and written through a plain text field, so this runs the same
on SQLite and PostgreSQL whatever the state of each row.
"""

import core.crypto
import core.validators
from django.db import migrations, models


def encrypt_phones(apps, schema_editor):
    from core.crypto import PREFIX, encrypt

    Person = apps.get_model("core", "Person")
    for pk, phone in Person.objects.exclude(phone="").values_list("pk", "phone").iterator():
        if not phone.startswith(PREFIX):
            Person.objects.filter(pk=pk).update(phone=encrypt(phone))


def decrypt_phones(apps, schema_editor):
    from core.crypto import PREFIX, decrypt

    Person = apps.get_model("core", "Person")
    for pk, phone in Person.objects.exclude(phone="").values_list("pk", "phone").iterator():
        if phone.startswith(PREFIX):
            Person.objects.filter(pk=pk).update(phone=decrypt(phone))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_document_numbering"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=models.TextField(blank=True, verbose_name="办公电话"),
        ),
        migrations.RunPython(encrypt_phones, decrypt_phones),
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=core.crypto.EncryptedCharField(
                blank=True,
                max_plain_length=30,
                validators=[core.validators.validate_phone],
                verbose_name="办公电话",
            ),
        ),
    ]
