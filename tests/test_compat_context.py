"""hypergen_vdom.compat.context: the global context, its middlewares and contextlist."""

from __future__ import annotations

import asyncio
import threading

import pytest

from hypergen_vdom.compat.context import (
    ContextMiddleware,
    FrozenMap,
    context,
    context_middleware,
    contextlist,
)


@pytest.fixture(autouse=True)
def _fresh_context():
    context.replace()
    yield
    context.replace()


def test_frozen_map_is_immutable_and_reads_like_a_dict():
    base = FrozenMap({"a": 1}, b=2)
    assert base.set("c", 3) == {"a": 1, "b": 2, "c": 3}
    assert base.update({"a": 9}) == {"a": 9, "b": 2}
    assert base == {"a": 1, "b": 2} and base.a == 1
    with pytest.raises(AttributeError):
        base.missing  # noqa: B018
    with pytest.raises(TypeError):
        base["a"] = 2  # type: ignore[index]


def test_a_block_restores_the_previous_context_even_on_error():
    with context(user="outer"):
        with pytest.raises(RuntimeError), context(user="inner"):
            assert context.user == "inner"
            raise RuntimeError
        assert context.user == "outer"
    assert "user" not in context


def test_setting_an_item_is_refused_but_attribute_assignment_sets_it():
    with pytest.raises(TypeError, match="immutable"):
        context["x"] = 1
    context.x = 1
    assert context.x == 1 and context.get("y", "default") == "default"
    with pytest.raises(AttributeError, match="no 'nothing'"):
        context.nothing  # noqa: B018


def test_a_transformer_must_return_a_mapping():
    with pytest.raises(TypeError, match="must return a mapping"), context(lambda ctx: [1]):
        pass


def test_at_merges_into_an_immutable_third_party_mapping():
    class ReadOnly(dict):  # stands for pyrsistent's pmap: a Mapping, not a MutableMapping
        pass

    from collections.abc import Mapping

    class View(Mapping):
        def __init__(self, data):
            self._data = data

        def __getitem__(self, key):
            return self._data[key]

        def __iter__(self):
            return iter(self._data)

        def __len__(self):
            return len(self._data)

    with context(app=View({"title": "t", "n": 1})), context(at="app", n=2):
        assert dict(context.app) == {"title": "t", "n": 2}
    with (
        pytest.raises(TypeError, match="mutable ReadOnly"),
        context(app=ReadOnly(a=1)),
        context(at="app", a=2),
    ):
        pass


def test_each_thread_and_task_has_its_own_context():
    seen = {}

    def worker(name):
        with context(name=name):
            seen[name] = context.name

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"a": "a", "b": "b"} and "name" not in context

    async def task(name):
        with context(name=name):
            await asyncio.sleep(0)
            return context.name

    async def both():
        return await asyncio.gather(task("x"), task("y"))

    assert asyncio.run(both()) == ["x", "y"]


def test_middlewares_set_request_and_user_for_the_request_only():
    class Request:
        user = "alice"

    request = Request()
    assert context_middleware(lambda r: (context.request, context.user))(request) == (request, "alice")
    assert ContextMiddleware(lambda r: context.user)(request) == "alice"
    assert "request" not in context
    with pytest.raises(TypeError, match="get_response"):
        ContextMiddleware()(request)


def test_contextlist_keeps_a_list_per_target_and_a_render_as_into_collects_elements():
    from hypergen_vdom.compat.template import join_html, p

    into = contextlist("target_id")
    with context(at="hypergen", into=into, plugins=[]):
        p("a")
        with context(at="hypergen", target_id="side"):
            into.append("appended")
            p("b")
        p("c")
    assert join_html(into.contexts["__default_context__"]) == "<p>a</p><p>c</p>"
    assert join_html(into.contexts["side"]) == "appended<p>b</p>"
