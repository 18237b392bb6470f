from __future__ import annotations

from django.urls import include, path

from hypergen_vdom.compat.hypergen import autourls

from . import support_compat_views

urlpatterns = [
    path("compat/", include((autourls(support_compat_views, namespace="compat"), "compat"))),
    path("manual/", support_compat_views.not_routed, name="manual"),
]
