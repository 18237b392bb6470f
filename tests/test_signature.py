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


def plain(consumer, request, todo_id: int, text: str):
    pass


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "got 0 argument"),
        ([1], "got 1 argument"),
        ([1, "x", "extra"], "got 3 argument"),
        (["1", "x"], "'todo_id' must be int, got str"),
        ([False, "x"], "'todo_id' must be int, got bool"),
        ([1, {"$el": "x"}], "'text' must be str, got dict"),
    ],
)
def test_plain_parameters_take_the_short_path_with_the_same_checks(args, message):
    # Every parameter positional without a default: counted, not bound by inspect; the same
    # errors, the type checks included, and a client's keyword-looking values stay positional.
    check_arguments(plain, ("consumer", "request"), [7, "milk"])
    with pytest.raises(BadArgumentsError, match=message):
        check_arguments(plain, ("consumer", "request"), args)


def test_defaults_and_keyword_only_parameters_still_bind():
    def with_default(consumer, request, a: int, b: int = 2):
        pass

    def keyword_only(consumer, request, a, *, b):
        pass

    check_arguments(with_default, ("c", "r"), [1])
    check_arguments(with_default, ("c", "r"), [1, 3])
    with pytest.raises(BadArgumentsError, match="'b' must be int"):
        check_arguments(with_default, ("c", "r"), [1, "3"])
    with pytest.raises(BadArgumentsError, match="got 1 argument"):
        check_arguments(keyword_only, ("c", "r"), [1])
