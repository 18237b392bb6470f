"""hypergen_vdom.compat.serialization: Hypergen's dumps/loads."""

from __future__ import annotations

import datetime
from collections import deque

import pytest

from hypergen_vdom.compat.serialization import EVENT, dumps, loads


def test_round_trips_what_json_lacks():
    value = {
        "deque": deque([1, 2]),
        "time": datetime.time(9, 30),
        "set": {"b", "a"},
        "nested": [{"when": datetime.date(2024, 2, 29)}],
    }
    assert loads(dumps(value)) == value
    assert dumps({"s": {"b", "a"}}) == '{"s":{"_":["set",["a","b"]]}}'  # sorted: same bytes every run


def test_event_is_written_as_hypergen_writes_it():
    assert dumps([EVENT]) == '[{"_":["EVENT",null]}]'


def test_integer_keys():
    assert loads('{"1": "a", "x": 2}', integer_keys=True) == {1: "a", "x": 2}


def test_unknown_types_are_errors_both_ways():
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps(object())
    with pytest.raises(ValueError, match="unknown datatype 'pickle'"):
        loads('{"_": ["pickle", "..."]}')
    # A dict that only looks tagged stays a dict.
    assert loads('{"_": "x"}') == {"_": "x"}
