"""Django settings for the Hypergen 1.5.6 pages (run in ``.bench-venvs/hypergen`` only).

The smallest Django project Hypergen's docs describe: the ``hypergen`` app, its context
middleware, CSRF (Hypergen's client sends ``X-CSRFToken`` from the ``csrftoken`` cookie). No
database and no sessions: the pages keep their data in memory (``views.DB``).
"""

from __future__ import annotations

SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.staticfiles", "hypergen"]
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "hypergen.context.context_middleware",
]
ROOT_URLCONF = "hypergen_site.urls"
DATABASES: dict[str, object] = {}
STATIC_URL = "/static/"
USE_TZ = True
TEMPLATES: list[object] = []
