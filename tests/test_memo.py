"""``@memo``: reuse of unchanged outputs, the argument contract, what a reuse replays, the cache's
bounds, and node ids when a reused subtree stays, moves or appears twice (checked on the
reference patcher, against the plain render)."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import pickle
from decimal import Decimal
from typing import Any

import pytest

from bench.scenarios import Handlers, memo_scenarios, scenario
from hypergen_vdom import NO_PERM_REQUIRED, DuplicateIdError, command, consumer
from hypergen_vdom.bindings import callback
from hypergen_vdom.diffmode import DiffSession, baseline
from hypergen_vdom.html import to_html
from hypergen_vdom.memo import MemoCache, entry_nodes, memo, numbered
from hypergen_vdom.nodeids import assign_ids
from hypergen_vdom.tags import b, button, div, input_, li, p, span, ul
from hypergen_vdom.testing.patcher import Patcher, shape
from hypergen_vdom.tree import Element, Fragment, Raw, rendering, write
from hypergen_vdom.wire import Op, decode_frame

calls: list[Any] = []


@memo
def row(key: Any, text: str) -> None:
    calls.append((key, text))
    li(text, key=key)


@memo
def shown(value: Any) -> None:
    calls.append(value)
    write(value)


def render(template: Any, *args: Any, memo: MemoCache | None = None) -> Element:
    with rendering(memo), div(id="content") as target:
        template(*args)
    return target


def rows(items: list[tuple[Any, str]]) -> None:
    with ul():
        for key, text in items:
            row(key, text)


def plain_rows(items: list[tuple[Any, str]]) -> None:
    with ul():
        for key, text in items:
            li(text, key=key)


class Connection:
    """A diff-mode connection as LivePage runs one: every render uses the session's memo cache,
    its frames go to a reference client, and a plain twin (no memo) must send the same bytes."""

    def __init__(self, template: Any, plain: Any, *args: Any) -> None:
        self.template, self.plain = template, plain
        cache = MemoCache()
        target = render(template, *args, memo=cache)
        self.session = DiffSession(target, assign_ids(target, 0), memo=cache)
        twin = render(plain, *args)
        self.twin = DiffSession(twin, assign_ids(twin, 0))
        self.client = Patcher(target)

    def update(self, *args: Any) -> list[Any]:
        new = render(self.template, *args, memo=self.session.memo)
        frame = self.session.update(Fragment(new.children), 1)
        plain = render(self.plain, *args)
        assert frame == self.twin.update(Fragment(plain.children), 1)
        self.client.apply(frame)
        assert shape(self.client.to_element()) == shape(self.session.tree) == shape(self.twin.tree)
        return decode_frame(frame).ops


def lis(target: Element) -> list[Element]:
    return target.children[0].children  # type: ignore[union-attr,return-value]


# -- reuse -----------------------------------------------------------------------------------


def test_unchanged_arguments_give_the_same_element_objects_and_the_differ_skips_them():
    calls.clear()
    items = [(n, f"item {n}") for n in range(5)]
    connection = Connection(rows, plain_rows, items)
    first = lis(connection.session.tree)
    assert len(calls) == 5
    calls.clear()
    edited = [*items[:2], (2, "changed"), *items[3:]]
    ops = connection.update(edited)
    assert calls == [(2, "changed")]  # only the changed row ran
    kept = lis(connection.session.tree)
    assert [kept[i] is first[i] for i in range(5)] == [True, True, False, True, True]
    assert ops == [(Op.SET_TEXT, kept[2].nid + 1, "changed")]


def test_a_render_without_a_cache_reuses_within_itself_only():
    calls.clear()
    first = render(rows, [(1, "a"), (1, "a")])
    assert calls == [(1, "a")]
    assert lis(first)[0] is lis(first)[1]
    render(rows, [(1, "a")])
    assert len(calls) == 2


def test_output_is_appended_and_returned_as_a_fragment_that_nests_by_moving():
    @memo
    def item(text: str) -> Element:
        return li(text)  # returning what it wrote does not write it twice

    with rendering() as state:
        with ul():
            item("a")
        div(item("b"), id="wrap")
    assert to_html(state.root) == '<ul><li>a</li></ul><div id="wrap"><li>b</li></div>'


def test_a_returned_text_is_output_like_a_components():
    @memo
    def greeting(name: str) -> str:
        return f"hello {name}"

    with rendering() as state, p():
        greeting("ann")
        greeting("ann")
    assert to_html(state.root) == "<p>hello annhello ann</p>"


def test_nested_memo_functions_reuse_the_inner_output_inside_a_changed_outer_one():
    @memo
    def inner(n: int) -> None:
        span(n)

    @memo
    def outer(n: int, title: str) -> None:
        with div(key=n):
            b(title)
            inner(n)

    cache = MemoCache()
    first = render(outer, 1, "one", memo=cache)
    assign_ids(first, 0)
    cache.commit()
    second = render(outer, 1, "ONE", memo=cache)
    assert second.children[0] is not first.children[0]
    assert second.children[0].children[1] is first.children[0].children[1]  # type: ignore[union-attr]


def test_memo_needs_a_render():
    with pytest.raises(RuntimeError, match="only available while rendering"):
        row(1, "a")


# -- the argument contract -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Todo:
    id: int
    text: str
    done: bool = False


@dataclasses.dataclass
class MutableTodo:
    id: int
    text: str


@dataclasses.dataclass(frozen=True)
class Holder:
    items: Any


class Versioned:
    def __init__(self, pk: int, version: int, text: str) -> None:
        self.pk, self.version, self.text = pk, version, text

    def memo_key(self) -> tuple[int, int]:
        return (self.pk, self.version)


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


def some_handler() -> None: ...


@pytest.mark.parametrize(
    "value",
    [
        None, True, 3, 2.5, 1j, "x", b"x", Decimal("1.5"), datetime.date(2024, 1, 2),
        datetime.datetime(2024, 1, 2, 3, 4), datetime.time(1, 2), datetime.timedelta(3),
        (1, "a", (None, 2.0)), frozenset({1, 2}), Todo(1, "milk"), Versioned(1, 2, "x"),
        Color.RED, some_handler, Element, Raw("<b>"),
    ],
)  # fmt: skip
def test_immutable_arguments_are_accepted(value):
    with rendering():
        shown(value) if not isinstance(value, (Todo, Versioned)) else shown(str(value))
        row(value, "x")


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ([1, 2], "list"),
        ({"id": 1}, "dict"),
        ({1}, "set"),
        (bytearray(b"x"), "bytearray"),
        (MutableTodo(1, "milk"), "MutableTodo"),
        (object(), "object"),
        (Holder([1]), "list"),
        ((1, {"a": 1}), "dict"),
        (Element("p"), "Element"),
        (lambda: None, None),  # a function is fine (by identity): no error
    ],
)
def test_mutable_arguments_are_refused_naming_the_argument(value, found):
    with rendering():
        if found is None:
            row(value, "x")
            return
        with pytest.raises(TypeError) as error:
            row(value, "x")
    message = str(error.value)
    assert message.startswith("@memo row(): argument 'key'")
    assert f"is a {found}," in message
    assert "stale" in message and "tuple" in message and "memo_key" in message


def test_a_keyword_argument_is_named_too():
    with rendering(), pytest.raises(TypeError, match=r"argument 'text'.* is a dict"):
        row(1, text={"a": 1})


def test_mutating_a_dict_in_place_can_never_leave_a_stale_row():
    """The classic trap: the handler flips ``todo["done"]`` in the very dict it rendered before.
    The dict itself is refused as an argument; the values it holds are the key, so the flipped
    row renders afresh."""
    todos = [{"id": n, "text": f"todo {n}", "done": False} for n in range(3)]

    @memo
    def todo_row(todo_id: int, text: str, done: bool) -> None:
        li(text, class_="done" if done else None, key=todo_id)

    def page(items: list[dict[str, Any]]) -> None:
        with ul():
            for todo in items:
                todo_row(todo["id"], todo["text"], todo["done"])

    def plain(items: list[dict[str, Any]]) -> None:
        with ul():
            for todo in items:
                li(todo["text"], class_="done" if todo["done"] else None, key=todo["id"])

    connection = Connection(page, plain, todos)
    todos[1]["done"] = True  # in place
    assert connection.update(todos) != []
    assert lis(connection.session.tree)[1].attrs == {"class": "done"}

    @memo
    def whole(todo: dict[str, Any]) -> None: ...

    with rendering(), pytest.raises(TypeError, match="argument 'todo' is a dict"):
        whole(todos[0])


def test_values_equal_in_python_but_rendered_differently_are_different_keys():
    calls.clear()
    with rendering() as state, p():
        for value in (1, True, 1.0, Decimal("1.0"), Decimal("1.00"), 0.0, -0.0, "<b>", Raw("<b>")):
            shown(value)
    assert len(calls) == 9
    assert to_html(state.root) == "<p hv-raw>1True1.01.01.000.0-0.0&lt;b&gt;<b></p>"


def test_memo_key_stands_for_the_object():
    calls.clear()

    @memo
    def versioned(item: Versioned) -> None:
        calls.append(item.text)
        li(item.text)

    with rendering():
        versioned(Versioned(1, 1, "one"))
        versioned(Versioned(1, 1, "not shown: the same key says nothing changed"))
        versioned(Versioned(1, 2, "two"))
    assert calls == ["one", "two"]


def test_frozen_dataclass_fields_are_the_key():
    calls.clear()
    cache = MemoCache()
    with rendering(cache):
        shown(str(Todo(1, "a")))
        row(Todo(1, "a"), "x")
        row(Todo(1, "a"), "x")
        row(Todo(1, "a", True), "x")
    assert calls[1:] == [(Todo(1, "a"), "x"), (Todo(1, "a", True), "x")]


# -- what a reuse replays --------------------------------------------------------------------


@memo
def with_id(n: int) -> None:
    span(n, id=f"s{n}")


def test_ids_of_a_reused_output_are_registered_again():
    cache = MemoCache()
    render(with_id, 1, memo=cache)
    with pytest.raises(DuplicateIdError):
        with rendering(cache):
            span("x", id="s1")
            with_id(1)  # reused, and its id clashes as the plain render's would
    with pytest.raises(DuplicateIdError):
        with rendering(cache):
            with_id(1)
            with_id(1)


def test_an_automatic_id_inside_memo_is_refused_an_explicit_one_works():
    @memo
    def auto(n: int) -> None:
        box = input_(value=n)
        button("go", onclick=callback(some_consumer, box))

    @memo
    def explicit(n: int) -> None:
        box = input_(value=n, id=f"box{n}")
        button("go", onclick=callback(some_consumer, box))

    with rendering(), pytest.raises(ValueError, match="id_="):
        auto(1)
    with rendering() as state:
        explicit(1)
    assert '["' in to_html(state.root) and '"$el":"box1"' in to_html(state.root)


@consumer(perm=NO_PERM_REQUIRED)
def some_consumer(consumer: Any, request: Any, *args: Any) -> None: ...


@consumer(perm=NO_PERM_REQUIRED)
def other_consumer(consumer: Any, request: Any, *args: Any) -> None: ...


def test_the_handlers_a_reused_output_binds_are_bound_again():
    @memo
    def bound(n: int) -> None:
        button(n, onclick=callback(some_consumer, n))

    cache = MemoCache()
    with rendering(cache) as first:
        button("x", onclick=callback(other_consumer))
        bound(1)
    with rendering(cache) as second:
        bound(1)
    assert set(first.consumers) == {some_consumer.hypergen.handler_id, other_consumer.hypergen.handler_id}
    assert set(second.consumers) == {some_consumer.hypergen.handler_id}


def test_a_reused_output_inside_another_binds_its_handlers_to_the_outer_one_too():
    @memo
    def inner(n: int) -> None:
        button(n, onclick=callback(some_consumer, n))

    @memo
    def outer(n: int) -> None:
        with div(key=n):
            inner(n)

    cache = MemoCache()
    with rendering(cache), div(id="content") as target:
        inner(1)  # its handlers bound to the page here first
        inner(1)  # reused: the page has them already
        outer(1)  # inside, inner(1) is reused once more: outer's own output binds them too
    assign_ids(target, 0)
    cache.commit()
    with rendering(cache) as second:
        outer(1)  # reused alone: it must bind what it bound
    assert set(second.consumers) == {some_consumer.hypergen.handler_id}


def test_bools_and_ints_are_different_keys_among_several_arguments():
    @memo
    def pair(a: object, b: object) -> None:
        calls.append((a, b))
        span(f"{a!r}/{b!r}")

    calls.clear()
    with rendering() as state, p():
        for a, b in ((1, True), (1, 1), (True, 1), (1, False), (1, 0), (1, True), (toggle_like, 1)):
            pair(a, b)
    assert len(calls) == 6  # the second (1, True) is reused
    assert "1/True" in to_html(state.root) and "1/1" in to_html(state.root)


def toggle_like() -> None:  # a module-level function: an argument that is its own key
    pass


def test_a_command_inside_memo_is_refused():
    @memo
    def noisy(n: int) -> None:
        command("console.log", n)

    @memo
    def pushy(n: int) -> None:
        command("console.log", n, prepend=True)

    for refused in (noisy, pushy):
        with rendering() as state, pytest.raises(TypeError, match="command"):
            command("kept")
            command("kept too")
            refused(1)
        assert state.commands == [["kept"], ["kept too"]]


def test_an_exception_inside_memo_caches_nothing():
    attempts = []

    @memo
    def flaky(n: int) -> None:
        attempts.append(n)
        span(n)
        if len(attempts) == 1:
            raise RuntimeError("boom")

    cache = MemoCache()
    with pytest.raises(RuntimeError), rendering(cache):
        flaky(1)
    render(flaky, 1, memo=cache)
    assert attempts == [1, 1]


# -- the cache: bounded, numbered, shared safely, not pickled ----------------------------------


def test_the_cache_keeps_only_what_the_last_kept_render_used():
    connection = Connection(rows, plain_rows, [(n, str(n)) for n in range(10)])
    assert len(connection.session.memo) == 10
    connection.update([(n, str(n)) for n in range(3)])
    assert len(connection.session.memo) == 3
    assert all(numbered(entry) for _, _, entry in connection.session.memo.items())


def test_outputs_that_never_reached_the_kept_tree_are_not_kept():
    cache = MemoCache()
    with rendering(cache):
        row(2, "outside the target")  # e.g. in the base template
        with div(id="content") as target:
            row(1, "a")
    session = DiffSession(target, assign_ids(target, 0), memo=cache)
    assert [key for _, key, _ in session.memo.items()] == [(1, "a")]  # the numbered one
    kept = session.memo.entries
    render(rows, [(3, "c")], memo=session.memo)  # never diffed (another target, an exception …)
    assert session.memo.entries is kept


def test_copies_share_the_committed_entries_and_pickles_leave_the_cache_out():
    connection = Connection(rows, plain_rows, [(1, "a"), (2, "b")])
    session = connection.session
    copy = session.copy()
    assert copy.memo is not session.memo and copy.memo.entries is session.memo.entries
    connection.update([(1, "a")])
    assert len(copy.memo) == 2 and len(session.memo) == 1  # the copy's entries never changed
    restored = pickle.loads(pickle.dumps(copy))
    assert len(restored.memo) == 0 and restored.next_id == copy.next_id
    assert shape(restored.tree) == shape(copy.tree)
    assert len(pickle.dumps(session)) < len(pickle.dumps(session.tree)) + 200


def test_a_replace_all_starts_the_cache_afresh():
    connection = Connection(rows, plain_rows, [(1, "a")])
    connection.session.replace_all()
    assert len(connection.session.memo) == 0


def test_the_session_made_from_the_http_render_starts_with_its_cache():
    with rendering() as state:
        with div(id="content"):
            row(1, "a")
    session = baseline(state.root, "content")
    assert session is not None
    assert len(session.memo) == 1
    [(_, _, entry)] = session.memo.items()
    assert entry_nodes(entry)[0] is session.tree.children[0]


# -- node ids when a reused subtree stays, moves or repeats ------------------------------------


def test_keyed_moves_keep_the_reused_rows_and_their_ids():
    items = [(n, f"item {n}") for n in range(8)]
    connection = Connection(rows, plain_rows, items)
    before = {el.key: el for el in lis(connection.session.tree)}
    connection.update([items[7], *items[:7]])
    connection.update(list(reversed(items)))
    assert all(before[el.key] is el for el in lis(connection.session.tree))


def unkeyed(items: list[str]) -> None:
    with ul():
        for text in items:
            row(None, text)


def plain_unkeyed(items: list[str]) -> None:
    with ul():
        for text in items:
            li(text)


def test_unkeyed_rows_shifting_position_get_copies_with_the_right_ids():
    connection = Connection(unkeyed, plain_unkeyed, ["a", "b", "c"])
    connection.update(["x", "a", "b", "c"])  # every row shifts one place down
    connection.update(["a", "b", "c"])
    connection.update(["c", "a", "b", "c", "a"])


def test_one_output_twice_in_a_render_and_a_reused_one_placed_elsewhere():
    def page(groups: list[list[str]]) -> None:
        for group in groups:
            with div(key=len(group)):
                for text in group:
                    row(None, text)

    def plain(groups: list[list[str]]) -> None:
        for group in groups:
            with div(key=len(group)):
                for text in group:
                    li(text)

    connection = Connection(page, plain, [["a", "a"], ["b"]])
    connection.update([["b", "a", "b"]])
    connection.update([["a"], ["a", "b"]])


@pytest.mark.parametrize("name", [s.name for s in memo_scenarios()])
def test_the_memoized_scenarios_send_the_golden_frames(name):
    memoized = {s.name: s for s in memo_scenarios()}[name]
    plain = scenario(name, Handlers())
    cache = MemoCache()
    target = memoized.render_a(cache)
    session = DiffSession(target, assign_ids(target, 0), memo=cache)
    new = memoized.render_b(session.memo)
    frame = session.update(Fragment(new.children), 1)
    old = plain.render_a()
    twin = DiffSession(old, assign_ids(old, 0))
    assert frame == twin.update(Fragment(plain.render_b().children), 1)
    client = Patcher(target)
    client.apply(frame)
    assert shape(client.to_element()) == shape(plain.render_b())
