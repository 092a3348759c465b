"""Benchmark of the entity list, search and filter pages over HTTP, on the configured database.

    python bench/entity_list.py [--entities 1000000] [--requests 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1m python bench/entity_list.py

Uses the shared county of ``bench/_fixture.py`` (built once per database), starts
``manage.py runserver --noreload`` against the same database with DEBUG off
(``bench/_server_settings.py``), logs in as the county's inspector through the login form and
requests each page ``--requests`` times with ``http.client`` (after two warm-up requests), the
session cookie sent along. Prints p50/p95 per case, in milliseconds, against the target of 300 ms.

Baselines measured in the same run:

* HTTP: the login page (a page that reads no entity);
* database only (ORM, no HTTP): ``COUNT(*)`` of the county's entities (what a numbered pager
  costs on every page), the old page at offset 500,000 (``ORDER BY id DESC OFFSET``), and the old
  search (``name LIKE '%…%'`` over every row) for a name that does not exist.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300


class Client:
    """A tiny HTTP client that keeps the session and CSRF cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        content = resp.read()
        for header, value in resp.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return resp.status, content.decode("utf-8", "replace")

    def timed(self, path: str, n: int) -> tuple[list[float], str]:
        for _ in range(2):
            status, html = self.request("GET", path)
            if status != 200:
                raise SystemExit(f"GET {path}: HTTP {status}")
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            self.request("GET", path)
            times.append((time.perf_counter() - t0) * 1000)
        return times, html


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(times: list[float], p: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=20)
    args = ap.parse_args()
    from _fixture import BENCH_PASSWORD, BENCH_USER, county, machine, setup

    vendor = setup(args.entities)
    from django.db import connection
    from django.db.models import Q

    from core.models import Region
    from registry.models import SupervisedEntity

    agency = county(args.entities)
    base = SupervisedEntity.objects.filter(agency__path__startswith=agency.path)
    newest = base.order_by("-id").values_list("pk", flat=True)
    by_name = base.order_by("name", "id").values_list("pk", flat=True)
    total = args.entities
    exact = base.order_by("-id").values_list("name", flat=True)[total // 3]
    region = Region.objects.filter(agency=agency).values_list("pk", flat=True).first()
    cases = [
        ("first page", ""),
        ("page 2 (next)", f"after={newest[24]}"),
        ("page at 100,000 (next)", f"after={newest[99_999]}"),
        ("half-way, 500,000 (next)", f"after={newest[total // 2 - 1]}"),
        ("half-way, previous", f"before={newest[total // 2]}"),
        ("sort by name", "sort=name"),
        ("sort by name, half-way", f"sort=name&after={by_name[total // 2 - 1]}"),
        ("search common word 幼儿园", "q=幼儿园"),
        ("search exact full name", "q=" + exact),
        ("search, no match", "q=不存在的单位名称"),
        ("search 2 chars, no match", "q=无此"),
        ("search 2 chars, prefix", "q=安康"),
        ("filter category", "category=radiation"),
        ("filter region", f"region={region}"),
        ("filter status", "status=closed"),
        ("filter risk grade", "risk_grade=high"),
        ("filter credit grade", "credit_grade=D"),
        ("filter + search + sort", "category=school&q=幼儿园&sort=name"),
    ]
    no_rows = {"search, no match", "search 2 chars, no match"}

    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "_server_settings"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "bench"), str(ROOT)])
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = Client(port)
        for _ in range(300):
            try:
                status, html = client.request("GET", "/accounts/login/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("server did not start")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, _ = client.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token,
                "username": f"{BENCH_USER}_{agency.code}",
                "password": BENCH_PASSWORD,
            },
        )
        if status != 302 or "sessionid" not in client.cookies:
            raise SystemExit(f"login failed (HTTP {status})")

        print(f"[{vendor}] {total:,} entities, {args.requests} requests per case, ms")
        print(f"{'case':<34} {'p50':>7} {'p95':>7}  rows")
        worst = 0.0
        for label, query in cases:
            path = "/registry/entities/" + ("?" + quote(query, safe="=&") if query else "")
            times, html = client.timed(path, args.requests)
            rows = len(re.findall(r'href="/registry/entities/\d+/"', html))
            if (rows == 0) != (label in no_rows):
                raise SystemExit(f"{label}: unexpected {rows} rows")
            worst = max(worst, pct(times, 95))
            print(f"{label:<34} {pct(times, 50):7.1f} {pct(times, 95):7.1f}  {rows}")
        times, _ = client.timed("/accounts/login/", args.requests)
        print(f"{'baseline: login page (HTTP)':<34} {pct(times, 50):7.1f} {pct(times, 95):7.1f}")
    finally:
        server.terminate()
        server.wait()

    def db_time(fn, n=3) -> float:
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times)

    old_search = Q(name__startswith="不存在的单位名称") | Q(name__icontains="不存在的单位名称")
    baselines = [
        ("COUNT(*) of the list", lambda: base.count()),
        ("old page at offset 500,000", lambda: list(base.order_by("-id")[total // 2 :][:25])),
        ("old search LIKE, no match", lambda: list(base.filter(old_search).order_by("-id")[:26])),
    ]
    for label, fn in baselines:
        print(f"{'baseline: ' + label + ' (DB)':<42} median {db_time(fn):7.1f}")
    print(
        f"[{vendor}] worst p95 {worst:.1f} ms (target {TARGET_MS} ms): "
        + ("met" if worst <= TARGET_MS else "NOT met")
        + f" ({machine()})"
    )
    connection.close()


if __name__ == "__main__":
    main()
