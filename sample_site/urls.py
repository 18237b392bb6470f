from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path


def favicon(request: HttpRequest) -> HttpResponse:
    # No icon, and no 404 in every page's console either.
    return HttpResponse(status=204)


urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
    path("", include("sample_site.demos.urls")),
    path("", include("sample_site.demos.hypergen_urls")),  # Hypergen apps on the compat layer
]
