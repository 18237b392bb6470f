"""Shared test configuration.

pytest-django takes ``DJANGO_SETTINGS_MODULE = sample_site.settings`` from ``setup.cfg``.
Browser tests (marker ``browser``; everything under ``tests/browser/`` gets it) run last: the
Playwright sync API leaves its asyncio loop marked as running for the rest of the session, which
would break the async tests and Django's async-safety checks if they ran after it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis loads its built-in "ci" profile by itself under CI (derandomized, no deadline);
# elsewhere drop the per-example deadline too: timing flakes on a busy machine are no bug.
if settings.get_current_profile_name() == "default":
    settings.register_profile("hypergen", deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "hypergen"))

BROWSER_DIR = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)
    # Stable partition: everything else first, browser tests last (see the module docstring).
    items[:] = [i for i in items if not i.get_closest_marker("browser")] + [
        i for i in items if i.get_closest_marker("browser")
    ]


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of a scratch Redis (``scripts/test.sh`` starts one and sets ``HYPERGEN_TEST_REDIS_URL``).

    Missing: the test fails under CI and is skipped elsewhere. The server starts empty and is shared
    by the whole run: use key prefixes / group names of your own so tests don't see each other.
    """
    url = os.environ.get("HYPERGEN_TEST_REDIS_URL", "")
    if not url:
        message = "HYPERGEN_TEST_REDIS_URL is not set (run scripts/test.sh, which starts a redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


def pytest_configure(config: pytest.Config) -> None:
    # The test process is no server: its first websocket connection must not freeze it or change
    # its collector's thresholds (test_bench_memory counts what a freeze keeps). tests/test_gcsetup.py
    # checks the set-up on instances of its own; live daphnes (browser tests, bench) do it for real.
    from hypergen_vdom.gcsetup import setup_gc

    setup_gc.done = True
