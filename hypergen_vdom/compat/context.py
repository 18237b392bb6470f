"""Hypergen's global ``context``: ``context.request``, ``with context(at=..., **items)``, ``context.replace``.

The context is an immutable mapping held in a ``ContextVar`` (Hypergen keeps it in a thread-local;
a ContextVar also keeps concurrent asyncio consumers apart). ``with context(...)`` layers new items
on top for the block and puts the previous mapping back afterwards, so nothing leaks between
requests. ``at="name"`` merges the items into the mapping stored under ``name`` — which must be
immutable (a ``FrozenMap`` or any read-only mapping such as pyrsistent's ``pmap``): merging into a
plain ``dict`` would change the outer block's value too, so it is refused.
"""

from __future__ import annotations

from collections import UserList, defaultdict
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from ..tree import Fragment, RenderState, rendering

__all__ = [
    "Context",
    "ContextMiddleware",
    "FrozenMap",
    "context",
    "context_middleware",
    "contextlist",
]


class FrozenMap(Mapping[str, Any]):
    """A small immutable mapping; ``set`` and ``update`` return a new one."""

    __slots__ = ("_items",)

    def __init__(self, mapping: Mapping[str, Any] | None = None, /, **more: Any) -> None:
        self._items: dict[str, Any] = {**(mapping or {}), **more}

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __getattr__(self, key: str) -> Any:
        # ``context.hypergen.into``: Hypergen's pmap gives attribute access to its keys too.
        if key == "_items":  # not set yet (unpickling, copying): no recursion through here
            raise AttributeError(key)
        try:
            return self._items[key]
        except KeyError:
            raise AttributeError(key) from None

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    def set(self, key: str, value: Any) -> FrozenMap:
        return FrozenMap(self._items, **{key: value})

    def update(self, items: Mapping[str, Any]) -> FrozenMap:
        return FrozenMap({**self._items, **items})


_EMPTY = FrozenMap()
_current: ContextVar[FrozenMap] = ContextVar("hypergen_vdom_compat_context", default=_EMPTY)  # immutable


class Context:
    """The one global ``context``; see the module docstring."""

    __slots__ = ()

    @property
    def ctx(self) -> FrozenMap:
        return _current.get()

    def replace(self, **items: Any) -> None:
        """Replace everything (``ContextMiddleware`` does this once per request)."""
        _current.set(FrozenMap(items))

    def __getattr__(self, key: str) -> Any:
        try:
            return _current.get()[key]
        except KeyError:
            raise AttributeError(f"context has no {key!r}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        _current.set(_current.get().set(key, value))

    def __getitem__(self, key: str) -> Any:
        return _current.get()[key]

    def __setitem__(self, key: str, value: Any) -> None:
        raise TypeError("context is immutable: use `with context(key=value):` or context.replace()")

    def __contains__(self, key: object) -> bool:
        return key in _current.get()

    def get(self, key: str, default: Any = None) -> Any:
        return _current.get().get(key, default)

    def clone(self) -> FrozenMap:
        """The mapping as it is now (it never changes: later blocks make new ones)."""
        return _current.get()

    @contextmanager
    def __call__(
        self, transformer: Callable[[Any], Any] | None = None, at: str | None = None, **items: Any
    ) -> Iterator[None]:
        previous = _current.get()
        if at is None:
            new = transformer(previous) if transformer is not None else previous
            new = _freeze(new).update(items)
        else:
            inner = previous.get(at)
            if inner is None:
                inner_new: Any = FrozenMap(items)
            elif isinstance(inner, MutableMapping):
                raise TypeError(
                    f"context(at={at!r}) can't update context[{at!r}], a mutable {type(inner).__name__}: "
                    "the outer block would see the change. Store a FrozenMap (or another immutable mapping)."
                )
            else:
                inner_new = FrozenMap({**inner, **items})
            if transformer is not None:
                inner_new = transformer(inner_new)
            new = previous.set(at, inner_new)
        token = _current.set(new)
        # A target switch inside a render (multi-target rendering): the render's ``into`` follows it.
        into = new.get("hypergen", {}).get("into") if at == "hypergen" and "target_id" in items else None
        switch = getattr(into, "enter_target", None)
        if switch is not None:
            switch(items["target_id"])
        try:
            if at == "hypergen" and isinstance(items.get("into"), contextlist):
                # Hypergen's low-level idiom, ``with context(at="hypergen", into=contextlist(...))``:
                # the block is a render whose output lands in that list.
                with rendering() as state:
                    items["into"].bind_render(state)
                    yield
            else:
                yield
        finally:
            if switch is not None:
                into.exit_target()  # type: ignore[union-attr]  # it has enter_target
            _current.reset(token)


def _freeze(value: Any) -> FrozenMap:
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap(value)
    raise TypeError(f"a context transformer must return a mapping, got {type(value).__name__}")


context = Context()


def _init_context(request: Any) -> dict[str, Any]:
    return {"request": request, "user": getattr(request, "user", None)}


def context_middleware(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Django middleware: ``context.request`` (and ``context.user``) during each request."""

    def middleware(request: Any) -> Any:
        with context(**_init_context(request)):
            return get_response(request)

    return middleware


class ContextMiddleware:
    """The old-style (``process_request``) spelling of ``context_middleware``."""

    def __init__(self, get_response: Callable[[Any], Any] | None = None) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if self.get_response is None:
            raise TypeError("ContextMiddleware() was made without get_response")
        with context(**_init_context(request)):
            return self.get_response(request)

    def process_request(self, request: Any) -> None:
        context.replace(**_init_context(request))


class contextlist(UserList):  # type: ignore[type-arg]  # Hypergen's name
    """A list per value of ``context.hypergen[context_key]``: appends go to the current one."""

    def __init__(self, context_key: str, *args: Any) -> None:
        self.context_key = context_key
        self.contexts: defaultdict[str, list[Any]] = defaultdict(list)
        self._render: RenderState | None = None
        self._pushed: list[bool] = []
        super().__init__(*args)

    def bind_render(self, state: RenderState) -> None:
        """Elements rendered into ``state`` land in this list (per target, see ``enter_target``)."""
        self._render = state
        state.root.children = self.data

    def enter_target(self, target_id: str | None) -> None:
        state = self._render
        key = target_id or "__default_context__"
        pushed = state is not None and state.stack[-1].children is not self.contexts[key]
        if pushed:
            assert state is not None
            state.stack.append(Fragment(self.contexts[key]))
        self._pushed.append(pushed)

    def exit_target(self) -> None:
        if self._pushed.pop() and self._render is not None:
            self._render.stack.pop()

    def _key(self) -> str:
        hypergen = context.get("hypergen")
        value = hypergen.get(self.context_key) if hypergen is not None else None
        return value if value else "__default_context__"

    @property
    def data(self) -> list[Any]:
        return self.contexts[self._key()]

    @data.setter
    def data(self, value: list[Any]) -> None:
        self.contexts[self._key()] = value
