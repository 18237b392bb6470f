"""Settings, with their defaults (all optional). README §Settings documents each one.

Every resource a client can make the server hold (memory, CPU, log bytes, sockets) is bounded by
one of these; the defaults are safe for a public site.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed

__all__ = ["DEFAULTS", "apply_to_core", "setting"]

DEFAULTS: dict[str, Any] = {
    # Largest client frame accepted: a larger event gets an error frame, any other larger frame
    # closes the socket (4009).
    "HYPERGEN_MAX_MESSAGE_BYTES": 256 * 1024,
    # Where pages' server-side state lives (dotted path of a PageStore class).
    "HYPERGEN_PAGE_STORE": "hypergen_vdom.store.MemoryPageStore",
    # The Django cache ``CachePageStore`` keeps pages in.
    "HYPERGEN_PAGE_CACHE": "default",
    # How long a served page can still connect and find its state (seconds); also the lifetime of
    # its signed token.
    "HYPERGEN_PAGE_TTL": 3600,
    # The in-process store keeps at most this many pages and about this many bytes (least recently
    # used dropped first; a dropped page is rebuilt from its signed token when it reconnects).
    "HYPERGEN_MEMORY_STORE_MAX_PAGES": 10_000,
    "HYPERGEN_MEMORY_STORE_MAX_BYTES": 256 * 1024 * 1024,
    # Of those, pages served over HTTP whose websocket has not said hello yet (what anonymous
    # requests alone can make the server hold) get at most this many bytes, oldest dropped first.
    "HYPERGEN_UNCONNECTED_MAX_BYTES": 32 * 1024 * 1024,
    # The in-process store packs a page no connection has used for this many seconds into one
    # bytes object (smaller, and nothing for the garbage collector to walk; unpacked on hello).
    "HYPERGEN_PACK_AFTER": 2.0,
    "HYPERGEN_WEBSOCKET_PATH": "/ws/hypergen/",
    # A connection must name its page within this many seconds, or it is closed.
    "HYPERGEN_HELLO_TIMEOUT": 10.0,
    # Longest page token / page path a hello may carry (characters).
    "HYPERGEN_MAX_TOKEN_CHARS": 4096,
    # Frames per second a connection may send (a burst of twice as many is allowed); frames over
    # the limit get an error frame and are not acted on.
    "HYPERGEN_FRAMES_PER_SECOND": 30,
    # Hellos and resyncs (each costs a full render or a whole-target frame) per minute; burst 5.
    "HYPERGEN_RESYNCS_PER_MINUTE": 12,
    # Server output a client may leave unacknowledged before it counts as not reading and is
    # closed (code 4008); a reading client acknowledges every 64 KiB.
    "HYPERGEN_MAX_UNACKED_BYTES": 8 * 1024 * 1024,
    # Open websockets one session, and one client address (the ASGI scope's client: behind a
    # reverse proxy, run daphne with --proxy-headers or every client shares the proxy's address),
    # may hold in one process; more are closed with 4029 and the client retries later. None: no cap.
    "HYPERGEN_MAX_CONNECTIONS_PER_SESSION": 32,
    "HYPERGEN_MAX_CONNECTIONS_PER_ADDRESS": 1000,
    # Threads that run users' synchronous @consumer code (one slow handler never blocks others
    # while a thread is free).
    "HYPERGEN_WORKER_THREADS": 16,
    # At the first websocket connection of the process (gcsetup.py): gc.collect(), then
    # gc.freeze(), so full collections no longer walk the objects of start-up …
    "HYPERGEN_GC_FREEZE": True,
    # … and gc.set_threshold(*this), so collections don't run in the middle of every render
    # (None: Python's own, (700, 10, 10)).
    "HYPERGEN_GC_THRESHOLD": (50_000, 10, 10),
    # Pickled consumer app state kept per page at most; larger state is not kept (log warning).
    "HYPERGEN_MAX_APP_STATE_BYTES": 1024 * 1024,
    # Largest multipart action request (file uploads, ``upload_files=True``): a larger one is
    # refused with 413 before Django reads it.
    "HYPERGEN_MAX_UPLOAD_BYTES": 10 * 1024 * 1024,
    # Files one websocket may have announced and not yet handed to their event (uploads.py); each
    # file, and those files together, are at most HYPERGEN_MAX_UPLOAD_BYTES.
    "HYPERGEN_MAX_UPLOADS_PER_CONNECTION": 8,
    # Diff mode keeps the rows of a keyed list at least this long sealed (their insides as bytes,
    # ~5× less memory per connection and far less for the garbage collector to walk, for ~4 µs
    # more per unchanged row and event; 128 is a good value); None: never. ``@memo`` rows are
    # sealed either way.
    "HYPERGEN_SEALED_ROWS_MIN": None,
}


# Read on every frame (a dozen look-ups per event): Django caches the settings a project defines,
# but a missing one, which is what a default is, goes through LazySettings.__getattr__ and an
# AttributeError each time (~1-2 µs). Cached here, forgotten when a setting changes the way Django
# supports at run time (override_settings and pytest-django's ``settings`` fixture send
# ``setting_changed``; like Django's own caches, a plain assignment to django.conf.settings is
# not seen).
_values: dict[str, Any] = {}


def setting(name: str) -> Any:
    try:
        return _values[name]
    except KeyError:
        value = _values[name] = getattr(settings, name, DEFAULTS[name])
        return value


def _forget(*, setting: str, **kwargs: Any) -> None:
    _values.pop(setting, None)
    if setting == "HYPERGEN_SEALED_ROWS_MIN":
        apply_to_core()


def apply_to_core() -> None:
    """Hand the settings the pure core reads to it (at start-up and when one changes)."""
    from django.core.exceptions import ImproperlyConfigured

    from . import sealed

    try:
        sealed.configure(setting("HYPERGEN_SEALED_ROWS_MIN"))
    except ValueError as error:
        raise ImproperlyConfigured(f"HYPERGEN_SEALED_ROWS_MIN: {error}") from None


setting_changed.connect(_forget, dispatch_uid="hypergen_vdom.conf")
