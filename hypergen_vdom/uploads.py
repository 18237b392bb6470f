"""Files uploaded over the page's websocket (docs/protocol.md §5 "Uploads").

A ``@consumer`` bound with ``upload_callback`` (compat ``callback(..., upload_files=True)``) gets
the files of its file inputs over the page's own socket: the client announces each file
(``["u", upload_id, handler_id, name, size, content_type]``), sends it in chunks
(``["u+", upload_id, offset, bytes]``), each answered with ``["U", upload_id, received]`` before the
next goes (stop and wait: progress is what the server has, and a client can't run ahead), then
sends the event with ``{"$upload": [upload_id, …]}`` where the file input was passed; the handler
gets a list of Django ``UploadedFile`` objects there, as ``request.FILES.getlist(id)`` would give.

Bounded like an HTTP upload (README "Settings"): each file and the files of one connection
together are at most ``HYPERGEN_MAX_UPLOAD_BYTES``; at most ``HYPERGEN_MAX_UPLOADS_PER_CONNECTION``
are open (or done and not claimed by their event yet); a file over Django's
``FILE_UPLOAD_MAX_MEMORY_SIZE`` is spooled to a temporary file from its first byte, a smaller one is
kept in memory. Everything not claimed is discarded when the connection ends. A refused upload is
answered ``["U", upload_id, nil, message]`` and discarded; the connection stays.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, TemporaryUploadedFile, UploadedFile

from .clip import clip
from .conf import setting
from .exceptions import HypergenError
from .wire import Tag

__all__ = ["CHUNK_OVERHEAD", "UploadError", "Uploads", "chunk_bytes", "chunk_interval_ms"]

Log = Callable[[str], None]

# Bytes of a chunk frame besides its data (array header, tag, id, offset, bin header): a chunk of
# ``chunk_bytes()`` always fits in HYPERGEN_MAX_MESSAGE_BYTES.
CHUNK_OVERHEAD = 64
# The longest file name (Django's UploadedFile cuts at 255 too) and content type accepted.
_MAX_NAME_CHARS = 255


class UploadError(HypergenError):
    """An upload frame we refuse; the upload is discarded and the client told why."""


def chunk_bytes() -> int:
    """The chunk size the server asks for: as big as a frame may be, so an upload spends as few of
    the connection's frames per second as it can."""
    limit: int = setting("HYPERGEN_MAX_MESSAGE_BYTES")
    return limit - CHUNK_OVERHEAD


def chunk_interval_ms() -> int:
    """The least time between two chunks: uploads may use half of HYPERGEN_FRAMES_PER_SECOND, so
    the page's own events still get through while a file goes up (30 frames per second and 256 KiB
    frames: 15 chunks, about 3.7 MiB per second)."""
    per_second: float = setting("HYPERGEN_FRAMES_PER_SECOND")
    return math.ceil(2000 / per_second)


@dataclass
class _Upload:
    handler: str
    name: str
    content_type: str
    size: int
    file: IO[bytes] | TemporaryUploadedFile
    received: int = 0

    def uploaded_file(self) -> UploadedFile[Any]:
        if isinstance(self.file, TemporaryUploadedFile):
            self.file.size = self.received
            self.file.seek(0)
            return self.file
        self.file.seek(0)
        return InMemoryUploadedFile(self.file, "", self.name, self.content_type, self.size, None)

    def close(self) -> None:
        self.file.close()  # a TemporaryUploadedFile deletes its file on close


def _name(raw: Any) -> str:
    if not isinstance(raw, str) or not 0 < len(raw) <= _MAX_NAME_CHARS:
        raise UploadError(f"a file name is a string of 1 to {_MAX_NAME_CHARS} characters")
    # A browser sends the base name only (File.name): a separator or NUL is someone crafting paths.
    if any(c in raw for c in "/\\\0") or raw in (".", ".."):
        raise UploadError(f"file name {clip(raw)} is not a plain file name")
    return raw


class Uploads:
    """One connection's uploads, by the client's upload id."""

    def __init__(self) -> None:
        self._open: dict[int, _Upload] = {}
        self.claimed: list[UploadedFile[Any]] = []  # handed to the running event; closed after it

    def receive(self, frame: list[Any], bound: frozenset[str] | None, log: Log) -> list[Any]:
        """An ``"u"`` or ``"u+"`` frame (``bound``: the page's handlers, None before the hello);
        returns the answer. A refused upload is discarded, logged and answered ``["U", id, nil,
        message]``; a frame without a usable upload id gets an error frame."""
        upload_id = frame[1] if len(frame) > 1 else None
        if type(upload_id) is not int or not 0 < upload_id < 2**31:
            return [Tag.ERROR, 0, f"an upload id is an int > 0, got {clip(upload_id)}"]
        try:
            if bound is None:
                raise UploadError("say hello first: no page is open on this connection")
            return self.start(frame, bound) if frame[0] == Tag.UPLOAD else self.chunk(frame)
        except UploadError as error:
            self.drop(upload_id)
            log(f"upload refused: {error}")
            return [Tag.UPLOADED, upload_id, None, str(error)]

    def start(self, frame: list[Any], bound: frozenset[str]) -> list[Any]:
        """``["u", upload_id, handler_id, name, size, content_type]``; answers ``["U", id, 0,
        chunk_bytes, chunk_interval_ms]``."""
        upload_id = frame[1]
        if len(frame) != 6:
            raise UploadError('an upload frame is ["u", upload_id, handler_id, name, size, content_type]')
        _, _, handler, raw_name, size, content_type = frame
        if not isinstance(handler, str) or handler not in bound:
            raise UploadError(f"upload for handler {clip(handler)}, which is not bound on this page")
        name = _name(raw_name)
        limit = setting("HYPERGEN_MAX_UPLOAD_BYTES")
        if type(size) is not int or size < 0 or size > limit:
            raise UploadError(f"{name}: {clip(size)} bytes is over HYPERGEN_MAX_UPLOAD_BYTES ({limit})")
        if upload_id in self._open:  # (receive drops it: a client reusing ids is confused anyway)
            raise UploadError(f"upload {upload_id} is already open")
        cap = setting("HYPERGEN_MAX_UPLOADS_PER_CONNECTION")
        if len(self._open) >= cap:
            raise UploadError(f"too many uploads at once (HYPERGEN_MAX_UPLOADS_PER_CONNECTION, {cap})")
        if size + sum(u.size for u in self._open.values()) > limit:
            raise UploadError(f"{name}: the uploads together are over HYPERGEN_MAX_UPLOAD_BYTES ({limit})")
        plausible = isinstance(content_type, str) and 0 < len(content_type) <= _MAX_NAME_CHARS
        kind = content_type if plausible else "application/octet-stream"
        spool = size > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
        file = TemporaryUploadedFile(name, kind, size, None) if spool else io.BytesIO()
        self._open[upload_id] = _Upload(handler, name, kind, size, file)
        return [Tag.UPLOADED, upload_id, 0, chunk_bytes(), chunk_interval_ms()]

    def chunk(self, frame: list[Any]) -> list[Any]:
        """``["u+", upload_id, offset, bytes]``; answers ``["U", id, received]``."""
        upload_id = frame[1]
        upload = self._open.get(upload_id)
        if upload is None:
            raise UploadError(f"chunk for upload {upload_id}, which is not open")
        if len(frame) != 4 or not isinstance(frame[3], bytes) or frame[2] != upload.received:
            raise UploadError(f"{upload.name}: expected a chunk [\"u+\", id, {upload.received}, bytes]")
        data = frame[3]
        if upload.received + len(data) > upload.size:
            raise UploadError(f"{upload.name}: more bytes than the {upload.size} announced")
        # Blocking writes on the event loop, deliberately: one chunk (a frame, 256 KiB at most) to
        # memory or the OS's page cache is shorter than a thread hop.
        upload.file.write(data)
        upload.received += len(data)
        return [Tag.UPLOADED, upload_id, upload.received]

    def claim(self, handler: str, args: list[Any]) -> list[Any]:
        """The event's arguments with each ``{"$upload": [upload_id, …]}`` replaced by the list
        of those (complete, this handler's) files; they leave this connection's uploads."""
        try:
            return [self._claim(handler, arg) for arg in args]
        except UploadError:
            self.close_claimed()
            raise

    def _claim(self, handler: str, value: Any) -> Any:
        # Arguments are nested at most coerce.MAX_NESTING deep (decode_args checked): bounded.
        if isinstance(value, list):
            return [self._claim(handler, item) for item in value]
        if not isinstance(value, dict):
            return value
        if len(value) != 1 or "$upload" not in value:
            return {key: self._claim(handler, item) for key, item in value.items()}
        ids = value["$upload"]
        if not isinstance(ids, list):
            raise UploadError("$upload takes a list of upload ids")
        files = []
        for upload_id in ids:
            upload = self._open.get(upload_id) if type(upload_id) is int else None
            if upload is None or upload.handler != handler or upload.received != upload.size:
                raise UploadError(f"upload {clip(upload_id)} is not a complete upload for this handler")
            del self._open[upload_id]
            files.append(upload.uploaded_file())
            self.claimed.append(files[-1])
        return files

    def close_claimed(self) -> None:
        """After the event ran: its files are closed (temporary ones deleted), as Django closes
        ``request.FILES`` after the request."""
        for file in self.claimed:
            file.close()
        self.claimed = []

    def drop(self, upload_id: int) -> None:
        upload = self._open.pop(upload_id, None)
        if upload is not None:
            upload.close()

    def discard(self) -> None:
        """The connection ended: every partial or unclaimed upload goes."""
        for upload_id in list(self._open):
            self.drop(upload_id)
        self.close_claimed()

    def __len__(self) -> int:
        return len(self._open)
