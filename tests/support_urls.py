from __future__ import annotations

from hypergen_vdom import autourls

from . import support_views

app_name = "support"
urlpatterns = autourls(support_views, namespace="support")
