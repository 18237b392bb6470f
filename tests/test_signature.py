"""Argument count and annotated types are checked before user code runs."""

from __future__ import annotations

import datetime

import pytest

from hypergen_vdom.signature import BadArgumentsError, check_arguments


def typed(request, count: int, name: str, when: datetime.date, ratio: float = 1.0):
    pass


def untyped(request, a, *rest):
    pass


def test_fitting_arguments_pass():
    check_arguments(typed, ("req",), [1, "x", datetime.date(2026, 1, 1)])
    check_arguments(typed, ("req",), [1, "x", datetime.date(2026, 1, 1), 2])  # int is a float
    check_arguments(untyped, ("req",), [object(), 1, 2, 3])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([1], "got 1 argument"),
        ([1, "x", datetime.date(2026, 1, 1), 1.0, 5], "got 5 argument"),
        (["1", "x", datetime.date(2026, 1, 1)], "'count' must be int, got str"),
        ([True, "x", datetime.date(2026, 1, 1)], "'count' must be int, got bool"),
        ([1, "x", datetime.datetime(2026, 1, 1)], "'when' must be date, got datetime"),
    ],
)
def test_misfits_are_named(args, message):
    with pytest.raises(BadArgumentsError, match=message):
        check_arguments(typed, ("req",), args)
