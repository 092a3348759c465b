"""Settings of the test runner: the project settings in development mode.

The project runs as production unless ``FAZHI_DEBUG=1`` is set; the tests set it here (before
the settings are read) unless the environment chose otherwise. Tests of production behaviour
start ``manage.py`` in a subprocess with their own environment.
"""

import os

os.environ.setdefault("FAZHI_DEBUG", "1")

from fazhi.settings import *  # noqa: F403 (the project settings, unchanged)
