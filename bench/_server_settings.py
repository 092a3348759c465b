"""Settings of the server that ``bench/entity_list.py`` starts: production mode over plain HTTP.

DEBUG off (no query log, production template loaders); HTTPS redirects and secure-only cookies
off, because the benchmark talks to the server on 127.0.0.1 without TLS.
"""

import os

os.environ.setdefault("FAZHI_DEBUG", "0")
os.environ.setdefault("FAZHI_SECRET_KEY", "bench-only-secret-key-" + "0123456789" * 5)
os.environ.setdefault("FAZHI_SSL_REDIRECT", "0")
os.environ.setdefault("FAZHI_SM4_KEY", "0123456789abcdef0123456789abcdef")

from fazhi.settings import *  # noqa: F403 (the project settings, then the overrides below)

DEBUG = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
