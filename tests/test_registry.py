"""registry.py: the handler ids a client may invoke."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hypergen_vdom import registry
from hypergen_vdom.registry import HandlerIdCollisionError, handler_id, lookup, register

NAMES = ["myapp.views.increment", "myapp.views.decrement", "myapp.views.Cart.add", "x"]


@pytest.fixture
def empty_registry(monkeypatch):
    monkeypatch.setattr(registry, "_handlers", {})


def test_ids_are_six_url_safe_characters_and_differ_by_name():
    ids = [handler_id(name) for name in NAMES]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{6}", ident) for ident in ids)
    assert len(set(ids)) == len(NAMES)
    assert ids == [handler_id(name) for name in NAMES]


def test_another_process_computes_the_same_ids():
    script = f"from hypergen_vdom.registry import handler_id; print(*map(handler_id, {NAMES!r}))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # str hashes differ; the ids must not
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=Path(__file__).parent.parent,
        timeout=120,
    ).stdout
    assert out.split() == [handler_id(name) for name in NAMES]


def test_register_returns_the_id_and_lookup_finds_the_function(empty_registry):
    def handler():
        pass

    ident = register("myapp.views.handler", handler)
    assert ident == handler_id("myapp.views.handler")
    assert lookup(ident) is handler


def test_registering_the_same_name_again_replaces_it(empty_registry):
    def old():
        pass

    def new():
        pass

    assert register("myapp.views.h", old) == register("myapp.views.h", new)
    assert lookup(handler_id("myapp.views.h")) is new


def test_two_names_with_one_id_collide(empty_registry, monkeypatch):
    def first():
        pass

    register("myapp.views.first", first)
    monkeypatch.setattr(registry, "handler_id", lambda name: handler_id("myapp.views.first"))
    with pytest.raises(HandlerIdCollisionError, match=r"myapp.views.second and myapp.views.first share"):
        register("myapp.views.second", lambda: None)
    assert lookup(handler_id("myapp.views.first")) is first  # the first one keeps its id


@pytest.mark.parametrize("ident", [None, 123, b"abcdef", ["abcdef"], "", "nope!!", "AAAAAA"])
def test_lookup_of_anything_unregistered_is_none(empty_registry, ident):
    register("myapp.views.only", lambda: None)
    assert lookup(ident) is None
