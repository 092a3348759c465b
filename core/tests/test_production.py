"""Production is the default; its keys are required; redirects stay on this site."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

ROOT = Path(__file__).resolve().parents[2]
SECRET = "production-secret-key-" + "k3y" * 20
SM4 = "8f3a1c9e5b7d2f406a1e3c5b7d9f1a2c"


def manage(tmp_path, *args, **env_vars):
    """``manage.py`` as a server would start it: no development variables set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(FAZHI_VAR_DIR=str(tmp_path), FAZHI_ALLOWED_HOSTS="fazhi.example.gov.cn")
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_settings_the_server_is_production_and_wants_its_secret_key(tmp_path):
    out = manage(tmp_path, "check")
    assert out.returncode != 0
    assert "FAZHI_SECRET_KEY" in out.stderr and "生产模式" in out.stderr


@pytest.mark.parametrize("sm4", [None, "00112233445566778899aabbccddeeff"])
def test_production_refuses_to_start_without_its_own_sm4_key(tmp_path, sm4):
    env = {"FAZHI_SECRET_KEY": SECRET}
    if sm4:
        env["FAZHI_SM4_KEY"] = sm4  # the development key is refused too
    out = manage(tmp_path, "check", **env)
    assert out.returncode != 0
    assert "FAZHI_SM4_KEY" in out.stderr and "SM4" in out.stderr


def test_with_its_keys_an_unconfigured_server_runs_without_debug(tmp_path):
    code = (
        "from django.conf import settings; from django.test import Client\n"
        "print('DEBUG', settings.DEBUG)\n"
        "r = Client().get('/no-such-page/', HTTP_HOST='fazhi.example.gov.cn', secure=True)\n"
        "body = r.content.decode()\n"
        "print(r.status_code, 'URLconf' in body or 'Django' in body)\n"
    )
    out = manage(tmp_path, "shell", "-c", code, FAZHI_SECRET_KEY=SECRET, FAZHI_SM4_KEY=SM4)
    assert out.returncode == 0, out.stderr
    assert "DEBUG False" in out.stdout
    assert "404 False" in out.stdout  # no debug page listing the URLs


def test_a_malformed_sm4_key_is_refused(tmp_path):
    out = manage(tmp_path, "check", FAZHI_DEBUG="1", FAZHI_SM4_KEY="not-hex")
    assert out.returncode != 0 and "32位十六进制" in out.stderr


# --- Redirects after a form follow only this site's URLs ------------------------------------

EVIL = ["//evil.example", "https://evil.example/", "/\\evil.example", "http:evil.example"]


@pytest.mark.django_db
@pytest.mark.parametrize("target", EVIL)
def test_login_does_not_redirect_to_another_site(world, client, target):
    resp = client.post(
        f"/accounts/login/?next={target}", {"username": "officer_a", "password": world.password}
    )
    assert resp.status_code == 302 and resp["Location"] == "/"


@pytest.mark.django_db
def test_login_follows_a_local_next(world, client):
    resp = client.post(
        "/accounts/login/?next=/people/", {"username": "officer_a", "password": world.password}
    )
    assert resp["Location"] == "/people/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", EVIL)
def test_a_form_with_next_does_not_redirect_to_another_site(world, client_for, target):
    from django.contrib.contenttypes.models import ContentType

    from core.models import Person

    person = world.admin_a.person
    ct = ContentType.objects.get_for_model(Person)
    f = SimpleUploadedFile("笔录.pdf", b"%PDF-1.4 signed", "application/pdf")
    resp = client_for(world.admin_a).post(
        f"/attachments/add/{ct.pk}/{person.pk}/", {"file": f, "next": target}
    )
    assert resp.status_code == 302 and resp["Location"] == person.get_absolute_url()


@pytest.mark.django_db
def test_idle_timeout_sends_back_to_the_page_through_login(world, client_for, settings):
    client = client_for(world.officer_a)
    settings.SESSION_IDLE_TIMEOUT = -1
    resp = client.get("/people/?q=a&page=2")
    assert resp.status_code == 302
    assert resp["Location"] == "/accounts/login/?next=%2Fpeople%2F%3Fq%3Da%26page%3D2&idle=1"


def test_no_view_reads_a_redirect_target_but_through_safe_next_url():
    """A new ``next``/``return``/``back`` parameter must go through ``core.views.safe_next_url``."""
    import re

    pattern = re.compile(r"""(GET|POST|query_params|data)\.get\(\s*["'](next|return\w*|back\w*)""")
    offenders = []
    tops = [p for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    for path in (f for top in tops for f in top.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in rel or rel == "core/views.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []
