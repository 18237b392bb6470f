"""Hypergen's autourls: every @liveview and @action of ``views`` gets its URL."""

from __future__ import annotations

from django.urls import include, path
from hypergen.hypergen import autourls

from . import views

urlpatterns = [path("", include((autourls(views, namespace="peer"), "peer"), namespace="peer"))]
