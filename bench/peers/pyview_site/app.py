"""The pyview application uvicorn serves (``uvicorn pyview_site.app:app``): /s1/, /s2/, /s3/."""

from __future__ import annotations

from pyview import PyView

from .counter import CounterLiveView
from .table import TableLiveView
from .todo import TodoLiveView

app = PyView()
app.add_live_view("/s1/", CounterLiveView)
app.add_live_view("/s2/", TodoLiveView)
app.add_live_view("/s3/", TableLiveView)
