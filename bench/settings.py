"""Settings for the benchmark server: the project's own, plus the scale app and its bare endpoint.

Everything else (middleware, database, security, static files) is config.settings as
production runs it; bench/run.py sets the environment (DEBUG=0, SECRET_KEY, …).
"""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, INSTALLED_APPS

if "pamong.scale" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "pamong.scale"]
ROOT_URLCONF = "bench.urls"
# collectstatic for the DEBUG=0 server goes here, not into the project's staticfiles/.
STATIC_ROOT = BASE_DIR / "var" / "bench" / "static"
