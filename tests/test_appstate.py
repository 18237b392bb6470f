"""The consumer's app state: what is kept, what is reported, what is restored."""

from __future__ import annotations

import threading

from hypergen_vdom.appstate import dump_app_state, load_app_state, user_attributes


class Consumer:
    def __init__(self):
        self.scope = {}
        self.own = 1


def test_only_attributes_user_code_set_are_app_state():
    consumer = Consumer()
    own = frozenset(vars(consumer))
    consumer.todos = ["a"]
    assert user_attributes(consumer, own) == {"todos": ["a"]}


def test_state_round_trips_as_an_independent_copy():
    todos = ["a"]
    data, complete = dump_app_state({"todos": todos}, 10_000, "/p/")
    restored = load_app_state(data)
    restored["todos"].append("b")
    assert complete and todos == ["a"] and load_app_state(data) == {"todos": ["a"]}


def test_an_unpicklable_attribute_is_named_and_the_state_marked_incomplete(caplog):
    data, complete = dump_app_state({"lock": threading.Lock(), "n": 1}, 10_000, "/p/")
    assert not complete and load_app_state(data) == {"n": 1}
    assert "'lock' can't be kept" in caplog.text


def test_state_over_the_limit_is_not_kept(caplog):
    data, complete = dump_app_state({"big": "x" * 5000}, 1000, "/p/")
    assert data is None and not complete
    assert "over HYPERGEN_MAX_APP_STATE_BYTES" in caplog.text


def test_no_state_is_nothing_to_keep():
    assert dump_app_state({}, 10, "/p/") == (None, True)
    assert load_app_state(None) == {}
