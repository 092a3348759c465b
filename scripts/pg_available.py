"""Exit 0 when the test PostgreSQL answers; otherwise skip (exit 0 after a message) or fail in CI.

Used by ``make test-postgres``. Exit codes: 0 = run the suite, 3 = skip, 1 = CI and no database.
"""

import os
import sys

url = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
try:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=3) as conn:
        conn.execute("SELECT 1")
except Exception as exc:
    if os.environ.get("CI", "").lower() == "true":
        print(
            f"PostgreSQL 不可用（{url}）：{exc}\nCI=true：PostgreSQL 测试不得跳过。",
            file=sys.stderr,
        )
        sys.exit(1)
    print(f"跳过 PostgreSQL 测试：{url} 无法连接（{exc.__class__.__name__}）。", file=sys.stderr)
    sys.exit(3)
sys.exit(0)
