"""Client values are coerced on the server, with clear errors."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from hypergen_vdom.coerce import CoercionError, decode_args


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({"$v": "12", "as": "int"}, 12),
        ({"$v": 12, "as": "int"}, 12),
        ({"$v": "1.5", "as": "float"}, 1.5),
        ({"$v": "x"}, "x"),
        ({"$v": True, "as": "bool"}, True),
        ({"$v": "on", "as": "bool"}, True),
        ({"$v": "2026-01-02", "as": "date"}, datetime.date(2026, 1, 2)),
        ({"$v": "2026-01-02T03:04", "as": "datetime"}, datetime.datetime(2026, 1, 2, 3, 4)),
        ({"$v": "03:04", "as": "time"}, datetime.time(3, 4)),
        ({"$v": ["a", "b"], "as": "list"}, ["a", "b"]),
        ({"$v": '{"a": 1}', "as": "json"}, {"a": 1}),
        ({"$v": "1.10", "as": "decimal"}, Decimal("1.10")),
        ([1, {"$v": "2", "as": "int"}], [1, 2]),
        ({"plain": {"$v": "3", "as": "int"}}, {"plain": 3}),
        (None, None),
    ],
)
def test_coercions(sent, expected):
    assert decode_args([sent]) == [expected]


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"$v": "abc", "as": "int"}, "argument 1: 'abc' is not a valid int"),
        ({"$v": "", "as": "int"}, "argument 1: '' is not a valid int"),
        ({"$v": 1.5, "as": "int"}, "not a valid int"),
        ({"$v": "2026-13-01", "as": "date"}, "not a valid date"),
        ({"$v": "maybe", "as": "bool"}, "not a valid bool"),
        ({"$v": "x", "as": "list"}, "not a valid list"),
        ({"$v": "x", "as": "evil"}, "unknown coercion 'evil'"),
    ],
)
def test_bad_values_name_the_argument(sent, message):
    with pytest.raises(CoercionError, match=message):
        decode_args([sent])


def test_arguments_must_be_a_list():
    with pytest.raises(CoercionError, match="must be a list"):
        decode_args({"a": 1})
