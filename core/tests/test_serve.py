"""The production server: `fazhi serve` checks its settings, then gunicorn serves the site with
hashed, compressed static files (WhiteNoise), a health endpoint and one JSON log line a request."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.db.migrations.recorder import MigrationRecorder

from core import health

ROOT = Path(__file__).resolve().parents[2]
FAZHI = str(Path(sys.executable).with_name("fazhi"))
HOST = "fazhi.example.gov.cn"
PROD = {
    "FAZHI_SECRET_KEY": "production-secret-key-" + "k3y9" * 15,
    "FAZHI_SM4_KEY": "8f3a1c9e5b7d2f406a1e3c5b7d9f1a2c",
    "FAZHI_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
}


def production_env(var_dir, **extra):
    """The environment of a server started by hand: no development variable, its own var/."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(PROD, FAZHI_VAR_DIR=str(var_dir), **extra)
    return env


def fazhi(env, *args, timeout=180):
    return subprocess.run(
        [FAZHI, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, **headers):
    req = urllib.request.Request(url, headers={"Host": HOST, **headers})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module")
def server_database():
    """On the PostgreSQL pass, a database of the server's own next to the test database (the
    server migrates it as a deployment would); otherwise SQLite under the server's var/."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield {}
        return
    import psycopg

    base, _, name = url.rpartition("/")
    name = f"{name.split('?')[0]}_serve"
    admin = psycopg.connect(base.replace("postgres://", "postgresql://") + "/postgres")
    admin.autocommit = True
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": f"{base}/{name}"}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, server_database):
    var_dir = tmp_path_factory.mktemp("serve")
    env = production_env(var_dir, **server_database)
    migrated = fazhi(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    log = open(var_dir / "server.log", "w+")
    proc = subprocess.Popen(
        [FAZHI, "serve", "--port", str(port), "--workers", "1", "--threads", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if get(base + "/healthz")[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            pytest.fail(f"the server did not start:\n{log.read()}")
        time.sleep(0.3)
    yield base, log
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
    log.close()


def test_the_health_endpoint_answers_json_over_plain_http(server):
    base, _log = server
    status, headers, body = get(base + "/healthz")  # no X-Forwarded-Proto: not redirected
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert "no-cache" in headers["Cache-Control"]
    answer = json.loads(body)
    assert answer["status"] == "ok"
    assert answer["checks"]["database"] == {"ok": True}
    assert answer["checks"]["migrations"] == {"ok": True}
    assert answer["checks"]["queue"] == {"ok": True}


def test_pages_link_hashed_static_files_served_compressed_and_cached_for_ever(server):
    base, _log = server
    status, _headers, body = get(base + "/accounts/login/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    css = re.search(r'href="(/static/core/fazhi\.[0-9a-f]{12}\.css)"', body.decode())
    assert css, "the login page links the stylesheet by its hashed name"
    status, headers, content = get(
        base + css.group(1), **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    import gzip

    original = (ROOT / "core" / "static" / "core" / "fazhi.css").read_bytes()
    assert gzip.decompress(content) == original


def test_plain_http_pages_are_sent_to_https_in_production(server):
    base, _log = server
    req = urllib.request.Request(base + "/accounts/login/", headers={"Host": HOST})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.build_opener(NoRedirect).open(req, timeout=10)
    assert err.value.code == 301
    assert err.value.headers["Location"] == f"https://{HOST}/accounts/login/"


def test_each_request_writes_one_json_line_with_request_id_user_and_duration(server):
    base, log = server
    _status, headers, _ = get(base + "/portal/", **{"X-Forwarded-Proto": "https"})
    request_id = headers["X-Request-ID"]
    time.sleep(0.3)
    log.seek(0)
    lines = [json.loads(line) for line in log if line.startswith("{") and request_id in line]
    assert len(lines) == 1
    line = lines[0]
    assert line["logger"] == "fazhi.request" and line["request_id"] == request_id
    assert line["path"] == "/portal/" and line["method"] == "GET"
    assert isinstance(line["status"], int) and line["duration_ms"] >= 0
    assert "user" not in line  # anonymous


def test_serve_refuses_to_start_without_its_settings(tmp_path):
    env = production_env(tmp_path)
    env.pop("FAZHI_ALLOWED_HOSTS")
    out = fazhi(env, "serve", "--check")
    assert out.returncode != 0
    assert "FAZHI_ALLOWED_HOSTS" in out.stderr and "must name" in out.stderr
    # and the database has no tables yet: the migrations are named
    assert "fazhi migrate" in out.stderr and "迁移未执行" in out.stderr

    env = production_env(tmp_path)
    env.pop("FAZHI_SECRET_KEY")
    out = fazhi(env, "serve", "--check")
    assert out.returncode == 2
    assert out.stderr.startswith("配置错误 (configuration error)")
    assert "FAZHI_SECRET_KEY" in out.stderr and "Traceback" not in out.stderr


def test_serve_refuses_an_unreachable_database(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    out = fazhi(env, "serve", "--check")
    assert out.returncode != 0
    assert "数据库无法连接" in out.stderr and "DATABASE_URL" in out.stderr


def test_serve_refuses_development_mode(tmp_path):
    out = fazhi(production_env(tmp_path, FAZHI_DEBUG="1"), "serve", "--check")
    assert out.returncode != 0 and "make run" in out.stderr


@pytest.mark.django_db
def test_health_is_503_and_names_the_check_when_a_migration_is_not_applied(client, monkeypatch):
    assert client.get("/healthz").json()["status"] == "ok"
    monkeypatch.setattr(health, "_migrations_applied", False)
    MigrationRecorder.Migration.objects.filter(app="core").order_by("-id").first().delete()
    resp = client.get("/healthz")
    assert resp.status_code == 503
    body = resp.json()
    assert body["status"] == "error" and body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"]["ok"] is False
    assert "1 个迁移未执行" in body["checks"]["migrations"]["error"]


@pytest.mark.django_db
def test_a_check_that_cannot_run_makes_the_instance_unhealthy(client, monkeypatch):
    def missing_table():
        raise DatabaseError("no such table")

    monkeypatch.setitem(health.CHECKS, "queue", missing_table)
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.json()["checks"]["queue"] == {
        "ok": False,
        "error": "检查无法完成 (check failed: DatabaseError)",
    }
