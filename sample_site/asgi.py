"""ASGI entry point: ``python -m daphne sample_site.asgi:application``.

HTTP goes to Django (static files too while DEBUG is on, as ``runserver`` would do); websockets go
through the allowed-hosts origin check and the session/auth middleware to hypergen_vdom's route.
"""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sample_site.settings")

# Set up Django (apps, models) before anything that imports models, like the auth middleware.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

import hypergen_vdom.routing  # noqa: E402
from sample_site.demos import compat_chat  # noqa: E402

http_app = ASGIStaticFilesHandler(django_asgi_app) if settings.DEBUG else django_asgi_app

application = ProtocolTypeRouter(
    {
        "http": http_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                URLRouter(hypergen_vdom.routing.websocket_urlpatterns + compat_chat.websocket_urlpatterns)
            )
        ),
    }
)
