"""Settings of the sample site (development only: DEBUG is on and the secret key is public).

Environment:
  HYPERGEN_SAMPLE_DB    SQLite file (default: db.sqlite3 in the repo root); the browser tests use a temp one.
  HYPERGEN_REDIS_URL    when set, the channel layer and the page store use this Redis
                        (several daphne processes can then serve the same pages); else in-memory.
  HYPERGEN_DEBUG        "0" turns DEBUG off (static files are then not served).
  HYPERGEN_MAX_CONNECTIONS_PER_SESSION   overrides that setting (tests use 1).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "sample-site-insecure-development-key-do-not-deploy")
DEBUG = os.environ.get("HYPERGEN_DEBUG", "1") != "0"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "daphne",  # first: its `runserver` replaces Django's with an ASGI one
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "hypergen_vdom",
    "sample_site.demos",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sample_site.csp.StrictCspMiddleware",
]

ROOT_URLCONF = "sample_site.urls"
ASGI_APPLICATION = "sample_site.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("HYPERGEN_SAMPLE_DB") or BASE_DIR / "db.sqlite3",
    }
}

AUTH_PASSWORD_VALIDATORS: list[dict[str, Any]] = []

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("HYPERGEN_REDIS_URL", "")

CHANNEL_LAYERS: dict[str, Any]
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
    }
    # Page state must be shared too: a page served by one process may reconnect to another.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "hypergen": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
    }
    HYPERGEN_PAGE_STORE = "hypergen_vdom.store.CachePageStore"
    HYPERGEN_PAGE_CACHE = "hypergen"
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# The demos keep the rows of long keyed lists sealed (README "Kept rows are sealed"): the forms
# demo's list of bookings, for one, from 128 rows.
HYPERGEN_SEALED_ROWS_MIN = 128

# Tests (tests/browser) turn the open-sockets cap per session down to see what a user sees.
if "HYPERGEN_MAX_CONNECTIONS_PER_SESSION" in os.environ:
    HYPERGEN_MAX_CONNECTIONS_PER_SESSION = int(os.environ["HYPERGEN_MAX_CONNECTIONS_PER_SESSION"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
