"""Hypergen's ``callback()``, ``call_js()`` and ``command()`` over hypergen_vdom's bindings.

``callback(url_or_action, *args, ...)`` renders the core binding (an ``hv-<event>`` attribute, no
inline JavaScript). Its target is an ``@action`` (ours or this package's) or a URL string such as
``my_action.reverse(pk)``: the client POSTs to it like to any action. Only same-site paths are
accepted, since the POST carries the CSRF token.

Each of Hypergen's keywords either works or is refused here, when the callback is made, with the
alternative named: nothing is accepted and then ignored.
"""

from __future__ import annotations

from typing import Any

from ..bindings import THIS, Binding
from ..bindings import call_js as core_call_js
from ..commands import command as core_command
from ..spec import spec_of
from .elements import base_element, python_repr
from .serialization import EVENT

__all__ = ["THIS", "CallJs", "Callback", "call_js", "callback", "command", "unwrap_arg"]

_DEFAULT_TIMEOUT = 20000


def unwrap_arg(arg: Any) -> Any:
    """A callback argument as the core takes it: compat elements become their core element."""
    if isinstance(arg, base_element):
        if arg.value_error is not None:
            raise arg.value_error
        return arg.node
    if arg is EVENT:
        raise TypeError(
            "callback(..., EVENT): the DOM event is not sent (Hypergen 1.5.6's client never sent it"
            " either); pass THIS or the elements whose values you need"
        )
    if isinstance(arg, (list, tuple)):
        return type(arg)(unwrap_arg(item) for item in arg)
    if isinstance(arg, dict):
        return {key: unwrap_arg(value) for key, value in arg.items()}
    if isinstance(arg, (set, frozenset)):
        return type(arg)(unwrap_arg(item) for item in arg)
    return arg


def _local_path(url: str) -> str:
    # "//evil.example/x" and "/\\evil.example" are other sites to a browser: the CSRF token the
    # client sends with the POST would go there.
    if not url.startswith("/") or url.startswith("//") or url.startswith("/\\"):
        raise ValueError(
            f"callback({url!r}): a URL callback must be a path on this site, like my_action.reverse()"
            " or '/app/save/'"
        )
    return url


def _when(when: Any) -> list[Any]:
    """Hypergen's ``when=[js_path, *args]`` as a binding option: the compat client calls the filter
    as Hypergen does (``client.compat_when``); without it, as the core client does."""
    from .decorators import compat_client  # (decorators imports this module)

    client = compat_client()
    if client is None:
        return [when] if isinstance(when, str) else list(when)
    return client.compat_when(when)  # type: ignore[no-any-return]


def _is_websocket_url(url: Any) -> bool:
    return isinstance(url, str) and url.startswith(("ws://", "wss://"))


def _target(url: Any) -> tuple[str, str]:
    """The binding target and how repr() shows it."""
    if _is_websocket_url(url):
        # Hypergen's websocket callback: the compat client's hypergen.callback sends it there.
        return "js:hypergen.callback", python_repr(url)
    if isinstance(url, str):
        return _local_path(url), python_repr(url)
    if getattr(url, "is_hypergen_liveview", False) or getattr(spec_of(url), "kind", None) == "liveview":
        raise TypeError(f"callback({url!r}): you can't callback to a @liveview, only to an @action")
    spec = spec_of(url)
    if spec is None:
        raise TypeError(f"callback() needs an @action, a @consumer or a URL path, got {url!r}")
    name = getattr(url, "__name__", spec.qualified_name)
    return spec.callback_target(), f"{getattr(url, '__module__', '')}.{name}".lstrip(".")


class Callback:
    """A ``callback(...)`` attribute value: rendered as the core binding of its element."""

    __slots__ = ("_repr_target", "args", "options", "signature", "target", "upload_files", "url")

    def __init__(
        self,
        url: Any,
        target: str,
        repr_target: str,
        args: tuple[Any, ...],
        options: dict[str, Any],
        signature: dict[str, Any],
        upload_files: bool = False,
    ) -> None:
        self.url = url
        self.target = target
        self._repr_target = repr_target
        self.args = args
        self.options = options
        self.signature = signature
        self.upload_files = upload_files

    def hypergen_binding(self, element: base_element) -> Binding:
        if THIS in self.args and element.value_error is not None:
            raise element.value_error
        args = tuple(unwrap_arg(arg) for arg in self.args)
        if self.upload_files:  # the compat client posts the file inputs among args as multipart
            from .decorators import compat_client  # (decorators imports this module)

            client = compat_client()
            if client is None:
                raise TypeError("callback(upload_files=True) needs hypergen_vdom.compat.client")
            return client.UploadBinding(self.target, args, self.options)  # type: ignore[no-any-return]
        if _is_websocket_url(self.url):  # the compat client's hypergen.callback(url, [args])
            args = (self.url, list(args))
        return Binding(self.target, args, self.options)

    def __call__(self, element: base_element, name: str, value: Any = None) -> list[str]:
        """Hypergen calls an attribute value as ``v(element, name, v)`` and gets the attribute's
        pieces back; here: ``[name, binding JSON]``."""
        return [name, self.hypergen_binding(element).render(element.node)]

    def __repr__(self) -> str:
        parts = [self._repr_target, *(python_repr(arg) for arg in self.args)]
        parts += [f"{key}={python_repr(value)}" for key, value in self.signature.items()]
        return f"callback({', '.join(parts)})"


def callback(
    url: Any,
    *cb_args: Any,
    debounce: int = 0,
    confirm_: Any = False,
    confirm: Any = False,
    blocks: bool = False,
    upload_files: bool = False,
    clear: bool = False,
    headers: dict[str, str] | None = None,
    meta: dict[str, Any] | None = None,
    when: Any = None,
    each_url_blocks: bool = True,
    timeout: int = _DEFAULT_TIMEOUT,
) -> Callback:
    """Hypergen's ``callback``; see the module docstring for what each keyword does here."""
    if confirm is not False:
        confirm_ = confirm
    if confirm_ is True:
        raise TypeError('callback(confirm_=True): give the question to ask, confirm_="Delete it?"')
    if upload_files and (_is_websocket_url(url) or getattr(spec_of(url), "kind", "action") == "liveview"):
        raise TypeError(
            "callback(upload_files=True) needs an @action, a @consumer or a URL path: a Hypergen"
            " websocket url (hypergen.websocket.open) takes no files"
        )
    if headers:
        raise TypeError(
            "callback(headers=...): the client sends no custom headers; pass the values as arguments"
        )
    if meta:
        raise TypeError("callback(meta=...): pass the values as callback arguments instead")
    if timeout != _DEFAULT_TIMEOUT:
        raise TypeError(
            "callback(timeout=...): the client's retry and timeout are settings of hypergen_vdom"
            " (see README, Settings), not per callback"
        )
    target, repr_target = _target(url)
    for arg in cb_args:
        unwrap_arg(arg)  # refuse EVENT and unreadable elements now, not at render time
    options: dict[str, Any] = {}
    if debounce:
        options["debounce"] = int(debounce)
    if confirm_:
        options["confirm"] = str(confirm_)
    if when is not None:
        options["when"] = _when(when)
    if clear:
        options["clear"] = True
    if blocks:
        options["blocks"] = True
    # What Hypergen's repr shows: its keywords with a truthy value, in its order.
    signature = {
        key: value
        for key, value in (
            ("debounce", debounce),
            ("confirm_", confirm_),
            ("blocks", blocks),
            ("upload_files", upload_files),
            ("clear", clear),
            ("meta", meta),
            ("when", when),
            ("eachUrlBlocks", each_url_blocks),
            ("timeout", timeout),
        )
        if value
    }
    return Callback(url, target, repr_target, cb_args, options, signature, upload_files)


class CallJs:
    """A ``call_js(...)`` attribute value: a client function called with the (read) arguments."""

    __slots__ = ("args", "path")

    def __init__(self, path: str, args: tuple[Any, ...]) -> None:
        self.path = path
        self.args = args

    def hypergen_binding(self, element: base_element) -> Binding:
        return core_call_js(self.path, *(unwrap_arg(arg) for arg in self.args))

    def __call__(self, element: base_element, name: str, value: Any = None) -> list[str]:
        return [name, self.hypergen_binding(element).render(element.node)]

    def __repr__(self) -> str:
        return f"call_js({', '.join(python_repr(x) for x in (self.path, *self.args))})"


def call_js(command_path: str, *cb_args: Any) -> CallJs:
    return CallJs(command_path, cb_args)


def command(javascript_func_path: str, *args: Any, prepend: bool = False, return_: bool = False) -> Any:
    """Queue a client command (``return_=True``: just return it, e.g. for ``intervalSet``)."""
    item = [javascript_func_path, *args]
    if return_:
        return item
    core_command(javascript_func_path, *args, prepend=prepend)
    return None
