"""The persona world shared by every app's tests.

Agencies: ``city`` (市卫健委) with ``county_a`` and ``county_b`` below it.
Users: ``city_officer`` (法规科, city), ``officer_a`` / ``officer_b`` (执法人员, counties),
``reviewer_a`` (法制审核员, county A), ``admin_a`` (系统管理员, county A), ``city_admin``
(系统管理员, city).
"""

from __future__ import annotations

import datetime

import pytest

PASSWORD = "Fazhi-test-2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests hash with MD5 except where hashing itself is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    from core.models import Agency, AgencyLevel, Person, Role, User

    city = Agency.objects.create(code="330100", name="临江市卫生健康委员会", level=AgencyLevel.CITY)
    county_a = Agency.objects.create(
        code="330102", name="临江市东湖区卫生健康局", level=AgencyLevel.COUNTY, parent=city
    )
    county_b = Agency.objects.create(
        code="330103", name="临江市西山区卫生健康局", level=AgencyLevel.COUNTY, parent=city
    )

    def user(username, agency, role, person_name=None, **person_kw):
        person = None
        if person_name:
            person = Person.objects.create(agency=agency, name=person_name, **person_kw)
        u = User(username=username, agency=agency, role=role, person=person)
        u.set_password(PASSWORD)
        u.save()
        return u

    valid = datetime.date(2030, 12, 31)
    w = type("World", (), {})()
    w.city, w.county_a, w.county_b = city, county_a, county_b
    w.city_officer = user("city_officer", city, Role.LEGAL_OFFICE, "周明远")
    w.officer_a = user(
        "officer_a",
        county_a,
        Role.INSPECTOR,
        "陈立",
        certificate_number="ZJ3301020001",
        certificate_valid_until=valid,
    )
    w.officer_b = user(
        "officer_b",
        county_b,
        Role.INSPECTOR,
        "王芳",
        certificate_number="ZJ3301030001",
        certificate_valid_until=valid,
    )
    w.reviewer_a = user(
        "reviewer_a", county_a, Role.LEGAL_REVIEWER, "李静", has_legal_qualification=True
    )
    w.admin_a = user("admin_a", county_a, Role.ADMIN, "赵强")
    w.city_admin = user("city_admin", city, Role.ADMIN, "孙浩")
    w.password = PASSWORD
    return w


@pytest.fixture
def client_for(client):
    """Log a persona in: ``client_for(world.officer_a)``."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def make(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    return make


# --- Browser tests ------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
SCREENSHOT_DIR = "test-results/screenshots"


@pytest.fixture
def browser_page(live_server):
    """A Playwright page in Debian's chromium; skipped without chromium (fails when CI=true)."""
    import os
    import shutil
    from pathlib import Path

    path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "CI=true 但未安装 chromium：浏览器测试不得跳过（apt-get install chromium）。"
            )
        pytest.skip("未找到 chromium（/usr/bin/chromium），跳过浏览器测试。")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses that by default.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    Path(SCREENSHOT_DIR).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                # The browser's own controls (file and date inputs) in Chinese, as users see them.
                "--lang=zh-CN",
            ],
            env={**os.environ, "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh_CN:zh"},
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.base_url = live_server.url
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            # The test's own queries ran while Playwright's event loop was running, which gives
            # them a connection of their own: close it here, in the same context, or it stays
            # open and the test database cannot be dropped at the end of the run.
            from django.db import connections

            connections.close_all()
            context.close()
            browser.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def login(page, username, password):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
