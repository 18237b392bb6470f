from __future__ import annotations

from django.urls import include, path

urlpatterns = [path("", include("tests.support_urls"))]
