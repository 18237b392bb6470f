"""spec.py: what a decorator attached to a function, and @targets."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from hypergen_vdom import NO_PERM_REQUIRED, callback, consumer, div, p, targets
from hypergen_vdom.bindings import NotCallableError
from hypergen_vdom.html import to_html
from hypergen_vdom.spec import handler_id_of, spec_of
from hypergen_vdom.tree import rendering

from . import support_views


def test_spec_of_each_kind():
    assert spec_of(support_views.page).kind == "liveview"
    assert spec_of(support_views.bump).kind == "action"
    spec = spec_of(support_views.ws_handler)
    assert spec.kind == "consumer" and spec.qualified_name == "tests.support_views.ws_handler"


def test_spec_of_anything_else_is_none():
    def plain():
        pass

    plain.hypergen = {"kind": "consumer"}  # not a HypergenSpec: a look-alike attribute doesn't count
    assert spec_of(plain) is None and spec_of(None) is None and spec_of(print) is None


def test_handler_id_of_a_consumer_only():
    assert handler_id_of(support_views.ws_handler) == spec_of(support_views.ws_handler).handler_id
    for not_a_consumer in (support_views.page, support_views.bump, lambda: None, "abcdef"):
        with pytest.raises(TypeError, match="is not a @consumer function"):
            handler_id_of(not_a_consumer)


def test_a_liveview_is_no_callback_target():
    with pytest.raises(NotCallableError, match=r"not liveview tests\.support_views\.page"):
        spec_of(support_views.page).callback_target()
    with pytest.raises(NotCallableError):
        callback(support_views.page)


def test_targets_names_the_target_of_a_contextmanager_base_template():
    @targets("main")
    @contextmanager
    def base():
        with div(id="shell"), div(id="main"):
            yield

    assert base.target_id == "main"
    with rendering() as state, base():
        p("inside")
    assert to_html(state.root) == '<div id="shell"><div id="main"><p>inside</p></div></div>'

    @consumer(perm=NO_PERM_REQUIRED, base_template=base)
    def handler(consumer, request):
        pass

    assert spec_of(handler).options.target_id == "main"
