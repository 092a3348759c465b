"""API tokens (接口令牌) that end: they expire, and a password change or deactivation revokes them.

A token is issued at ``POST /api/token/`` (``core.api.views.ObtainAuthTokenView``) and is valid for
``FAZHI_API_TOKEN_HOURS`` hours from its issue; an expired token is deleted when it is next
presented and a new one is issued at the next request for one. Changing a user's password or
deactivating the user deletes their token at once (``revoke_on_credential_change``), however the
change is made (page, admin, ``changepassword``), as long as it goes through ``User.save()``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.FAZHI_API_TOKEN_HOURS)


def is_expired(token: Token) -> bool:
    return token.created <= timezone.now() - token_lifetime()


def issue_token(user) -> Token:
    """The user's valid token, or a new one when there is none or it has expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and is_expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF token authentication that refuses (and deletes) tokens older than their lifetime."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            token.delete()
            raise AuthenticationFailed("令牌已过期，请重新获取（POST /api/token/）。")
        return user, token


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="fazhi_revoke_tokens")
def revoke_on_credential_change(sender, instance, raw=False, **kwargs):
    """A new password or a deactivated account ends the user's API token."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["password"] != instance.password or (old["is_active"] and not instance.is_active):
        Token.objects.filter(user_id=instance.pk).delete()
