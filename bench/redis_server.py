"""A scratch ``redis-server`` on a free loopback port for the benchmark's two-daphne load level
(what ``scripts/test.sh`` does for the tests): no persistence, its own temporary directory,
stopped at the end of the ``with`` block."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Self

from hypergen_vdom.testing.daphne import stop_process, wait_for_port

from .daphne import HOST, process_cpu_seconds

__all__ = ["RedisServer", "redis_available"]


def redis_available() -> str | None:
    """The ``redis-server`` executable on PATH, or None."""
    return shutil.which("redis-server")


class RedisServer:
    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind((HOST, 0))
            self.port = int(s.getsockname()[1])
        self.url = f"redis://{HOST}:{self.port}/0"
        self.tmp = tempfile.TemporaryDirectory(prefix="hypergen-bench-redis-")
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        executable = redis_available()
        if executable is None:
            raise RuntimeError("no redis-server on PATH (apt-get install redis-server)")
        log = Path(self.tmp.name) / "redis-server.log"
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no",
             "--dir", self.tmp.name, "--logfile", str(log), "--maxclients", "10000"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        if wait_for_port(self.process, self.port, 20, host=HOST):
            return self
        if self.process.poll() is not None:
            tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
            raise RuntimeError(f"redis-server exited with {self.process.returncode}: {tail}")
        self.__exit__(None, None, None)
        raise RuntimeError(f"redis-server did not listen on {HOST}:{self.port} within 20 s")

    def cpu_seconds(self) -> float:
        """User + system CPU time redis-server used so far."""
        assert self.process is not None
        return process_cpu_seconds(self.process.pid)

    def __exit__(self, *exc: object) -> None:
        process, self.process = self.process, None
        stop_process(process, timeout=10)
        self.tmp.cleanup()
