"""Security baseline: hashing, password rules, headers, CSP and the production checklist."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "FAZHI_DEBUG": "0",
        "FAZHI_SECRET_KEY": "x" * 20 + "production-secret-key-for-the-deploy-check-0123456789",
        "FAZHI_SM4_KEY": "8f3a1c9e5b7d2f406a1e3c5b7d9f1a2c",
        "FAZHI_ALLOWED_HOSTS": "fazhi.example.gov.cn",
        "FAZHI_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by browser tests in this process
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {**os.environ, "FAZHI_DEBUG": "0", "FAZHI_VAR_DIR": str(tmp_path)}
    env.pop("FAZHI_SECRET_KEY", None)
    out = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode != 0 and "FAZHI_SECRET_KEY" in out.stderr


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(world, settings):
    from fazhi import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    world.officer_a.set_password("Another-pass-2026")
    assert world.officer_a.password.startswith("argon2")
    assert world.officer_a.check_password("Another-pass-2026")


@pytest.mark.parametrize(
    "password, rule",
    [
        ("short1", "太短"),
        ("abcdefghijk", "字母和数字"),
        ("12345678901", "只包含数字"),
    ],
)
def test_password_rules(password, rule):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert any(rule in m for m in exc.value.messages), exc.value.messages


@pytest.mark.django_db
def test_security_headers_and_csp(client):
    resp = client.get("/accounts/login/")
    csp = resp["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert resp["X-Frame-Options"] == "DENY"
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_reference_no_external_assets(world, client_for):
    body = client_for(world.officer_a).get("/").content.decode()
    assert "http://" not in body and "https://" not in body and "//cdn" not in body


@pytest.mark.django_db
def test_idle_session_times_out(world, client, settings):
    import time_machine

    settings.SESSION_IDLE_TIMEOUT = 60
    with time_machine.travel(1_800_000_000, tick=False):
        client.post("/accounts/login/", {"username": "officer_a", "password": world.password})
        assert client.get("/").status_code == 200
    with time_machine.travel(1_800_000_000 + 30, tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(1_800_000_000 + 30 + 61, tick=False):
        resp = client.get("/")
        assert resp.status_code == 302 and "idle=1" in resp["Location"]
        assert client.get("/").status_code == 302


# Views that need no agency scope: login/logout, the API schema and docs, the public portal,
# the health endpoint (no data in its answer, core.health).
PUBLIC_PREFIXES = (
    "/healthz",
    "/accounts/",
    "/api/schema/",
    "/api/docs/",
    "/api/token/",
    "/admin/",
    "/portal/",
    "/static/",
)


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + _text(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + _text(p.pattern)


def _text(pattern) -> str:
    text = str(pattern)
    if "(?P<format>" in text or "drf_format_suffix" in text:
        return "\0"  # DRF format-suffix duplicates: skipped below
    text = text.lstrip("^").rstrip("$")
    text = re.sub(r"<year:\w+>", "2026", text)  # core.params.YearConverter: four digits
    text = re.sub(r"<int:\w+>|\(\?P<\w+>\[(?:\^/\.|0-9)\]\+\)", "1", text)
    return re.sub(r"<(?:str|slug|path|uuid):\w+>|<\w+>", "x", text)


@pytest.mark.django_db
def test_every_view_requires_login_unless_public(client):
    """Anonymous requests to every non-public URL are refused (redirect to login, 401 or 403).

    A view that requires login narrows its rows with ``visible_to``/``editable_by`` (core.views,
    core.api.base); a view reachable anonymously would bypass the agency scope.
    """
    open_urls = []
    for route in _walk(get_resolver().url_patterns):
        url = "/" + route
        if "\0" in url or url.startswith(PUBLIC_PREFIXES):
            continue
        resp = client.get(url)
        refused = resp.status_code in (401, 403) or (
            resp.status_code == 302 and "/accounts/login/" in resp["Location"]
        )
        if not refused:
            open_urls.append((url, resp.status_code))
    assert open_urls == []
