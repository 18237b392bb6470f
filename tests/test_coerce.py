"""Client values are coerced on the server, with clear errors."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from hypergen_vdom.coerce import MAX_FORM_FIELDS, MAX_JSON_CHARS, MAX_NESTING, CoercionError, decode_args


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


@pytest.mark.parametrize(
    "name", ["str", "int", "float", "bool", "date", "datetime", "time", "json", "decimal"]
)
def test_an_empty_value_is_none_for_every_coercion(name):
    # An optional field left blank reaches the handler (as in Hypergen), never a 400.
    assert decode_args([{"$v": "", "as": name}, {"$v": None, "as": name}]) == [None, None]


def test_values_arrive_untrimmed():
    assert decode_args([{"$v": "  padded  "}]) == ["  padded  "]


def test_arguments_must_be_a_list():
    with pytest.raises(CoercionError, match="must be a list"):
        decode_args({"a": 1})


# -- hostile input: always a CoercionError, with a short one-line message ----------------------


def nested(depth: int, inner=1):
    value = inner
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"$v": 1, "as": ["int"]}, r"unknown coercion \['int'\]"),  # unhashable
        ({"$v": 1, "as": {"a": 1}}, "unknown coercion"),
        ({"$v": 1, "as": 5}, "unknown coercion 5"),
        ({"$v": "[" * 100_000, "as": "json"}, "is not a valid json"),  # RecursionError in json
        ({"$v": "[" * 33 + "]" * 33, "as": "json"}, "is not a valid json"),  # over MAX_NESTING
        ({"$v": " " * (MAX_JSON_CHARS + 1), "as": "json"}, "is not a valid json"),
        ({"$v": "9" * 5000, "as": "int"}, "is not a valid int"),  # Python's int digit limit
        ({"$v": [1], "as": "int"}, "is not a valid int"),
        ({"$v": float("inf"), "as": "int"}, "is not a valid int"),
        ({"$v": 10**400, "as": "float"}, "is not a valid float"),  # OverflowError
        ({"$v": "1e999", "as": "float"}, "'1e999' is not a valid float"),  # inf: refused
        ({"$v": "nan", "as": "float"}, "is not a valid float"),
        ({"$v": "1" * 5000, "as": "float"}, "is not a valid float"),
        ({"$v": "NaN", "as": "decimal"}, "is not a valid decimal"),
        ({"$v": "-Infinity", "as": "decimal"}, "is not a valid decimal"),
        ({"$v": "1e999999999", "as": "decimal"}, "is not a valid decimal"),  # gigabytes as int()
        ({"$v": "1" * 5000, "as": "decimal"}, "is not a valid decimal"),
        ({"$v": {"a": 1}, "as": "date"}, "is not a valid date"),
        ({"$v": [], "as": "bool"}, "is not a valid bool"),
    ],
)
def test_hostile_values_are_coercion_errors(sent, message):
    with pytest.raises(CoercionError, match=message) as caught:
        decode_args([sent])
    assert len(str(caught.value)) < 400 and "\n" not in str(caught.value)


def test_nesting_is_limited_before_anything_recurses():
    assert decode_args([nested(MAX_NESTING)]) == [nested(MAX_NESTING)]
    as_json = "[" * MAX_NESTING + "]" * MAX_NESTING
    assert decode_args([{"$v": as_json, "as": "json"}]) == [nested(MAX_NESTING - 1, [])]
    for depth in (MAX_NESTING + 1, 490, 100_000):  # 490: where the recursive decoder used to fail
        with pytest.raises(CoercionError, match=f"argument 2: lists and dicts nest more than {MAX_NESTING}"):
            decode_args([1, nested(depth)])
    deep_dict: dict = {}
    inner = deep_dict
    for _ in range(1000):
        inner["k"] = inner = {}
    with pytest.raises(CoercionError, match="nest more than"):
        decode_args([deep_dict])
    # The raw value of a tagged literal counts too: str() of it would recurse.
    with pytest.raises(CoercionError, match="nest more than"):
        decode_args([{"$v": nested(100_000)}])


def test_a_huge_value_gives_a_short_one_line_message():
    with pytest.raises(CoercionError) as caught:
        decode_args([{"$v": "x\n" * 500_000, "as": "int"}])
    message = str(caught.value)
    assert message.startswith("argument 1: 'x\\nx\\n") and message.endswith("is not a valid int")
    assert len(message) < 300 and "\n" not in message


# -- forms: {"$v": {name: value}, "as": "form"} ---------------------------------------------------


def test_a_form_arrives_as_a_dict_of_strings_and_lists_blank_fields_kept():
    sent = {"$v": {"title": "Hi", "note": "", "tags": ["a", "b"], "none": []}, "as": "form"}
    assert decode_args([sent]) == [{"title": "Hi", "note": "", "tags": ["a", "b"], "none": []}]
    assert decode_args([{"$v": {}, "as": "form"}]) == [{}]


def test_a_form_feeds_a_django_form_directly():
    from django import forms

    class Signup(forms.Form):
        name = forms.CharField()
        nickname = forms.CharField(required=False)
        age = forms.IntegerField()
        agree = forms.BooleanField()
        news = forms.BooleanField(required=False)
        colors = forms.MultipleChoiceField(choices=[("r", "red"), ("g", "green")])

    (data,) = decode_args([{
        "$v": {"name": "Ada", "nickname": "", "age": "36", "agree": "on", "colors": ["g"]},
        "as": "form",
    }])
    form = Signup(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "name": "Ada", "nickname": "", "age": 36, "agree": True, "news": False, "colors": ["g"],
    }
    (blank,) = decode_args([{"$v": {"name": "", "age": ""}, "as": "form"}])
    assert set(Signup(blank).errors) == {"name", "age", "agree", "colors"}  # "required", not a 400


@pytest.mark.parametrize(
    "raw",
    [
        "title=Hi",  # not a dict
        ["a", "b"],
        {"n": 1},  # values are strings
        {"n": None},
        {"n": ["a", 2]},
        {"n": [["a"]]},
        {"n": {"a": "b"}},
        {"n": "x" * (MAX_JSON_CHARS + 1)},
        {"x" * (MAX_JSON_CHARS + 1): "n"},
        {f"f{i}": "v" for i in range(MAX_FORM_FIELDS + 1)},
        {"many": ["v"] * (MAX_FORM_FIELDS + 1)},  # every value of a list counts
    ],
)
def test_a_bad_form_is_a_short_coercion_error(raw):
    with pytest.raises(CoercionError, match=r"argument 1: .* is not a valid form") as caught:
        decode_args([{"$v": raw, "as": "form"}])
    assert len(str(caught.value)) < 400 and "\n" not in str(caught.value)


def test_a_form_at_the_limits_is_fine():
    fields = {f"f{i}": "v" for i in range(MAX_FORM_FIELDS - 1)}
    fields["long"] = "x" * MAX_JSON_CHARS
    assert decode_args([{"$v": fields, "as": "form"}]) == [fields]


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({"$v": "  spaced  ", "as": "trim"}, "spaced"),
        ({"$v": "   ", "as": "trim"}, None),
        ({"$v": "2024-05", "as": "month"}, {"year": 2024, "month": 5}),
        ({"$v": "2024-W07", "as": "week"}, {"year": 2024, "week": 7}),
        ({"$v": ["1", "2"], "as": "intlist"}, [1, 2]),
        ({"$v": "C:\\fakepath\\report.pdf", "as": "filename"}, "report.pdf"),
        ({"$v": "/home/u/x.txt", "as": "filename"}, "x.txt"),
        ({"$v": [1, "a", 1], "as": "set"}, {1, "a"}),
        ({"$v": [2, 1], "as": "frozenset"}, frozenset({1, 2})),
        ({"$v": [0, 10, 5], "as": "range"}, range(0, 10, 5)),
    ],
)
def test_hypergens_value_types(sent, expected):
    assert decode_args([sent]) == [expected]


@pytest.mark.parametrize(
    "sent",
    [
        {"$v": "2024-13", "as": "month"},
        {"$v": "2024", "as": "month"},
        {"$v": "2024-W99", "as": "week"},
        {"$v": "x-Wy", "as": "week"},
        {"$v": ["1", "x"], "as": "intlist"},
        {"$v": "12", "as": "intlist"},
        {"$v": [[1], [2]], "as": "set"},
        {"$v": [0, 10], "as": "range"},
        {"$v": [0, 10, 0], "as": "range"},
        {"$v": [0, "9", 1], "as": "range"},
        {"$v": {"a": 1}, "as": "set"},
    ],
)
def test_bad_hypergen_values_are_coercion_errors(sent):
    with pytest.raises(CoercionError, match="is not a valid"):
        decode_args([sent])
