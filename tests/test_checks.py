"""The system checks name set-up mistakes that would otherwise fail silently in the browser."""

from __future__ import annotations

import sys
import types

import pytest
from django.core.checks import run_checks

from hypergen_vdom.groups import GROUPS_DECLARED_BY


def ids(**kwargs):
    return {message.id for message in run_checks(**kwargs) if message.id.startswith("hypergen_vdom.")}


def test_the_sample_site_passes():
    assert ids() == set()


def test_no_asgi_application(settings):
    del settings.ASGI_APPLICATION
    assert "hypergen_vdom.E001" in ids()


@pytest.fixture
def asgi_module():
    module = types.ModuleType("checks_asgi")
    sys.modules["checks_asgi"] = module
    yield module
    del sys.modules["checks_asgi"]


def test_an_asgi_app_without_our_websocket_route(settings, asgi_module):
    from channels.routing import ProtocolTypeRouter
    from django.core.asgi import get_asgi_application

    asgi_module.application = ProtocolTypeRouter({"http": get_asgi_application()})
    settings.ASGI_APPLICATION = "checks_asgi.application"
    assert "hypergen_vdom.E002" in ids()


def test_our_route_found_through_any_middleware(settings, asgi_module):
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator

    import hypergen_vdom.routing

    route = URLRouter(hypergen_vdom.routing.websocket_urlpatterns)
    websocket = AllowedHostsOriginValidator(AuthMiddlewareStack(route))
    asgi_module.application = ProtocolTypeRouter({"websocket": websocket})
    settings.ASGI_APPLICATION = "checks_asgi.application"
    assert "hypergen_vdom.E002" not in ids()


def test_an_unimportable_asgi_app(settings):
    settings.ASGI_APPLICATION = "no.such.module.application"
    assert "hypergen_vdom.E002" in ids()


def test_groups_without_a_channel_layer(settings):
    settings.CHANNEL_LAYERS = {}
    assert GROUPS_DECLARED_BY  # the test views declare groups=
    assert "hypergen_vdom.E003" in ids()


def test_daphne_must_come_first(settings):
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if a != "daphne"]
    assert "hypergen_vdom.W004" in ids()
    apps = list(settings.INSTALLED_APPS)
    settings.INSTALLED_APPS = [*apps, "daphne"]
    assert "hypergen_vdom.E004" in ids()


def test_sessions_are_needed_to_bind_tokens(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "SessionMiddleware" not in m]
    assert "hypergen_vdom.W005" in ids()


@pytest.mark.parametrize("threshold", [50_000, (50_000, "10"), (), (1, 2, 3, 4), (-1,), (1.5, 10, 10)])
def test_a_gc_threshold_gc_set_threshold_would_refuse(settings, threshold):
    settings.HYPERGEN_GC_THRESHOLD = threshold
    assert "hypergen_vdom.E005" in ids()


@pytest.mark.parametrize("threshold", [None, (50_000, 10, 10), [700], (0, 0)])
def test_gc_thresholds_it_takes(settings, threshold):
    settings.HYPERGEN_GC_THRESHOLD = threshold
    assert "hypergen_vdom.E005" not in ids()
