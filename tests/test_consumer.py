"""consumer.py: @consumer registers a websocket handler and leaves the function as written."""

from __future__ import annotations

import pytest

from hypergen_vdom import NO_PERM_REQUIRED, button, callback, consumer
from hypergen_vdom.groups import GROUPS_DECLARED_BY
from hypergen_vdom.perms import MissingPermError
from hypergen_vdom.registry import handler_id, lookup
from hypergen_vdom.spec import handler_id_of, spec_of
from hypergen_vdom.tree import rendering


@consumer(perm="auth.view_user", target_id="box", groups=["news"])
def add(consumer, request, a: int, b: int = 1):
    """Adds."""
    return a + b


def test_registered_under_the_id_of_its_qualified_name():
    ident = handler_id_of(add)
    assert ident == handler_id(f"{__name__}.add")
    assert lookup(ident) is add


def test_the_function_stays_callable_as_written():
    assert add(None, None, 2) == 3 and add(None, None, 2, b=5) == 7
    assert add.__name__ == "add" and add.__doc__ == "Adds."


def test_its_spec():
    spec = spec_of(add)
    assert spec.kind == "consumer" and spec.qualified_name == f"{__name__}.add"
    assert spec.routable is None  # no URL: reachable only by its id over a page's websocket
    options = spec.options
    assert options.func is add and options.perms == ("auth.view_user",) and options.target_id == "box"
    assert options.extra["groups"] == ["news"]
    assert f"{__name__}.add" in GROUPS_DECLARED_BY


def test_perm_is_required():
    def handler(consumer, request):
        pass

    with pytest.raises(MissingPermError, match=rf"@consumer {__name__}\..*handler needs perm="):
        consumer()(handler)
    assert lookup(handler_id(f"{__name__}.{handler.__qualname__}")) is None  # not registered


def test_a_rendered_callback_records_the_consumer_in_the_render():
    @consumer(perm=NO_PERM_REQUIRED)
    def other(consumer, request):
        pass

    with rendering() as state:
        button("add", onclick=callback(add, 1))
        button("again", onclick=callback(add, 2))
        button("other", onclick=callback(other))
    assert state.consumers == {
        handler_id_of(add): spec_of(add).options,
        handler_id_of(other): spec_of(other).options,
    }
    with rendering() as empty:  # each render records its own bindings
        button("plain")
    assert empty.consumers == {}
