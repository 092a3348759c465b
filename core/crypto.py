"""Personal data encrypted at rest (SM4-GCM) and masked for display.

Complainants' names, phone numbers and ID numbers are stored with ``EncryptedCharField``: SM4 in
GCM mode (GB/T 32907, authenticated), a random 96-bit nonce per value, the key from
``settings.SM4_KEY`` (32 hex digits). A tampered value fails authentication and raises instead
of decrypting to garbage. Encrypted fields cannot be searched or sorted in the database; store a
keyed digest beside them when lookups are needed (``blind_index``).
"""

from __future__ import annotations

import base64
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import capfirst

PREFIX = "sm4gcm:"


class DecryptionError(ValueError):
    """The stored value was altered or encrypted with another key."""


def _key() -> bytes:
    key = bytes.fromhex(settings.SM4_KEY)
    if len(key) != 16:
        raise ValueError("FAZHI_SM4_KEY 应为32位十六进制数（128位密钥）。")
    return key


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    enc = Cipher(algorithms.SM4(_key()), modes.GCM(nonce)).encryptor()
    body = enc.update(plaintext.encode()) + enc.finalize()
    return PREFIX + base64.b64encode(nonce + enc.tag + body).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise DecryptionError("不是加密数据。")
    raw = base64.b64decode(token[len(PREFIX) :])
    nonce, tag, body = raw[:12], raw[12:28], raw[28:]
    dec = Cipher(algorithms.SM4(_key()), modes.GCM(nonce, tag)).decryptor()
    try:
        return (dec.update(body) + dec.finalize()).decode()
    except InvalidTag as exc:
        raise DecryptionError("加密数据校验失败：可能已被篡改。") from exc


def blind_index(value: str) -> str:
    """A keyed SM3 digest of a normalised value, to find equal values without decrypting."""
    h = hmac.new(_key(), digestmod=lambda: _SM3())
    h.update(value.strip().lower().encode())
    return h.hexdigest()


class _SM3:
    """hashlib-style wrapper of cryptography's SM3 for ``hmac``."""

    digest_size = 32
    block_size = 64
    name = "sm3"

    def __init__(self, data: bytes = b"") -> None:
        self._h = hashes.Hash(hashes.SM3())
        if data:
            self._h.update(data)

    def update(self, data: bytes) -> None:
        self._h.update(data)

    def copy(self) -> _SM3:
        c = _SM3.__new__(_SM3)
        c._h = self._h.copy()
        return c

    def digest(self) -> bytes:
        return self._h.copy().finalize()

    def hexdigest(self) -> str:
        return self.digest().hex()


class EncryptedCharField(models.TextField):
    """A text field stored SM4-encrypted; reads decrypt, writes encrypt.

    ``max_plain_length`` limits the value as entered (forms, API, imports). ``mask`` turns a
    value into what users who may not see it read (``shown_value``); the audit chain records a
    keyed digest instead of the value (``audit_value``), so changes are traceable without
    copying personal data into the log.
    """

    description = "SM4 加密文本"

    def __init__(self, *args, max_plain_length: int = 200, mask=None, **kwargs):
        self.max_plain_length = max_plain_length
        self.mask = mask or mask_text
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_plain_length))

    def formfield(self, **kwargs):
        return forms.CharField(
            **{
                "label": capfirst(self.verbose_name),
                "required": not self.blank,
                "help_text": self.help_text,
                "max_length": self.max_plain_length,
                **kwargs,
            }
        )

    def audit_value(self, value):
        """What the audit chain stores for a value: a keyed SM3 digest, never the value."""
        if not value:
            return value
        return f"（已加密，摘要 {blind_index(value)[:16]}）"

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_plain_length"] = self.max_plain_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if value.startswith(PREFIX):
            return value
        return encrypt(value)


def mask_text(text: str) -> str:
    """Any other personal text: first and last character kept (住址 → 浙****号)."""
    if len(text) <= 2:
        return "*" * len(text)
    return text[0] + "*" * (len(text) - 2) + text[-1]


def shown_value(obj: models.Model, name: str, user) -> str:
    """A field's value as ``user`` may see it: an encrypted field is masked unless the record
    says the user may read it in full (``obj.reveals_personal_data_to(user)``; without such a
    method, masked for everyone). Pages, the API and exports all show values through here."""
    value = getattr(obj, name)
    field = obj._meta.get_field(name)
    if not value or not isinstance(field, EncryptedCharField):
        return value
    reveals = getattr(obj, "reveals_personal_data_to", None)
    if reveals is not None and user is not None and reveals(user):
        return value
    return field.mask(value)


def mask_name(name: str) -> str:
    """张三 → 张*，张三丰 → 张*丰，欧阳娜娜 → 欧**娜."""
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; short numbers keep only the last 2 digits."""
    digits = phone.strip()
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 2:
        return "*" * (len(digits) - 2) + digits[-2:]
    return "*" * len(digits)


def mask_id(number: str) -> str:
    """110105194912310021 → 110105********0021."""
    n = number.strip()
    if len(n) < 8:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]
