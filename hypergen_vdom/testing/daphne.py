"""daphne in a subprocess, for tests (and benchmarks) that need a real server on a real port.

::

    from hypergen_vdom.testing.daphne import DaphneProcess

    with DaphneProcess("mysite.asgi:application", settings="mysite.settings") as server:
        server.migrate()  # optional: ``manage.py migrate`` against the server's settings and env
        ...  # a browser, ``websockets`` or ``urllib`` talks to server.url_for("/page/")

:class:`DaphneProcess` runs ``python -m daphne -b 127.0.0.1 -p <port> <application>`` with its
output in a log file, and waits (bounded) until the server answers HTTP; if daphne exits or does
not answer in time, :class:`DaphneError` carries the tail of its log. ``stop()`` terminates it
(SIGTERM, or SIGKILL to simulate a crash), killing it if it does not exit in time; ``restart()``
brings it back on the same port (for reconnect tests). ``env=`` adds environment variables, e.g.
two servers sharing a Redis channel layer.

:func:`stop_process` and :func:`wait_for_port` are the same stopping and waiting for any other
server subprocess (the benchmark's ``redis-server`` and uvicorn peers use them).
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from ..exceptions import HypergenError

__all__ = ["HOST", "DaphneError", "DaphneProcess", "free_port", "stop_process", "wait_for_port"]

HOST = "127.0.0.1"
LOG_TAIL_LINES = 40


def free_port(host: str = HOST) -> int:
    """A TCP port that was free on ``host`` a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def stop_process(
    process: subprocess.Popen[Any] | None, *, kill: bool = False, timeout: float = 10.0, group: bool = False
) -> None:
    """Stop ``process``: SIGTERM (a clean shutdown) or, with ``kill=True``, SIGKILL (a crash), then
    wait for it; one still there after ``timeout`` seconds is killed. ``group=True`` signals its
    whole process group (it was started with ``start_new_session=True``). Does nothing if
    ``process`` is None or has exited.
    """
    if process is None or process.poll() is not None:
        return

    def send(signum: int) -> None:
        if group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)

    send(signal.SIGKILL if kill else signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait(timeout)


def wait_for_port(
    process: subprocess.Popen[Any], port: int, timeout: float, *, host: str = HOST, interval: float = 0.05
) -> bool:
    """Wait until something accepts TCP connections on ``host:port``: True then; False if
    ``process`` exited first (``process.poll()`` is not None) or ``timeout`` seconds passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(interval)
    return False


class DaphneError(HypergenError, RuntimeError):
    """daphne did not come up (exited, or did not answer in time); the message ends with its log."""


class DaphneProcess:
    """One ``python -m daphne`` subprocess serving ``application`` on ``host:port``.

    - ``application``: the ASGI application, ``"module:attribute"``.
    - ``settings``: sets ``DJANGO_SETTINGS_MODULE`` for the server (and for :meth:`manage`).
    - ``env``: more environment variables (they win over the inherited ones and ``settings``).
    - ``unset_env``: inherited variables the server must not see; by default
      ``DJANGO_ALLOW_ASYNC_UNSAFE``, which a test process driving a sync browser API often sets.
    - ``port``: default a free one; kept across :meth:`restart`.
    - ``cwd``: the server's working directory (first on its ``sys.path``); default the current one.
    - ``log_path``: where daphne's output goes (appended); default a file in a temporary directory
      removed at the end of the ``with`` block.
    - ``ready_path`` / ``ready_status``: the server is up when ``GET ready_path`` answers, with
      that status if one is given.
    """

    def __init__(
        self,
        application: str,
        *,
        settings: str | None = None,
        env: Mapping[str, str] | None = None,
        unset_env: Iterable[str] = ("DJANGO_ALLOW_ASYNC_UNSAFE",),
        port: int | None = None,
        host: str = HOST,
        cwd: str | os.PathLike[str] | None = None,
        log_path: str | os.PathLike[str] | None = None,
        ready_path: str = "/",
        ready_status: int | None = None,
    ) -> None:
        self.application = application
        self.host = host
        self.port = port if port is not None else free_port(host)
        self.cwd = Path(cwd) if cwd is not None else Path.cwd()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if log_path is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="daphne-")
            log_path = Path(self._tmp.name) / "daphne.log"
        self.log_path = Path(log_path)
        self.ready_path = ready_path
        self.ready_status = ready_status
        unset = set(unset_env)
        self.env: dict[str, str] = {k: v for k, v in os.environ.items() if k not in unset}
        self.env["PYTHONUNBUFFERED"] = "1"  # the log shows what happened up to a crash
        if settings is not None:
            self.env["DJANGO_SETTINGS_MODULE"] = settings
        self.env.update(env or {})
        self.process: subprocess.Popen[bytes] | None = None
        self._last_answer = "no answer"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url_for(self, path: str = "/") -> str:
        return self.url + path

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 30.0) -> Self:
        """Start daphne (on the same port as before, if it ran already) and wait until it answers.

        Does nothing if it is running. Raises :class:`DaphneError` (with the log's tail) if daphne
        exits meanwhile or does not answer within ``timeout`` seconds (it is killed then).
        """
        if self.running:
            return self
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            log.write(f"--- starting daphne on {self.url} ---\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", self.host, "-p", str(self.port), self.application],
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl+C in the terminal reaches the test runner, not daphne
            )
        process = self.process
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.process = None
                raise DaphneError(f"daphne exited with {process.returncode}:\n{self.log(LOG_TAIL_LINES)}")
            if self._answers():
                return self
            time.sleep(0.05)
        self.stop(kill=True)
        raise DaphneError(
            f"daphne did not answer GET {self.ready_path} on {self.url} within {timeout} s "
            f"(last: {self._last_answer}):\n{self.log(LOG_TAIL_LINES)}"
        )

    def stop(self, *, kill: bool = False, timeout: float = 10.0) -> None:
        """Stop daphne: SIGTERM (a clean shutdown) or, with ``kill=True``, SIGKILL (a crash).

        A process still there after ``timeout`` seconds is killed. Does nothing if it is not running.
        """
        process, self.process = self.process, None
        stop_process(process, kill=kill, timeout=timeout)

    def restart(self, *, kill: bool = False, down_for: float = 0.0, timeout: float = 30.0) -> Self:
        """Stop and start again on the same port, ``down_for`` seconds in between."""
        self.stop(kill=kill)
        if down_for:
            time.sleep(down_for)
        return self.start(timeout)

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``python -m django <args>`` (a ``manage.py`` command) with the server's environment
        and working directory, so against its settings and database. Raises on failure."""
        return subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=self.cwd,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )

    def migrate(self) -> None:
        """``migrate --noinput`` the server's database; :class:`DaphneError` with the output if it fails."""
        try:
            self.manage("migrate", "--noinput", "-v", "0")
        except subprocess.CalledProcessError as error:
            raise DaphneError(f"migrate failed:\n{error.stdout}{error.stderr}") from error

    def log(self, lines: int | None = None) -> str:
        """daphne's output so far (the last ``lines`` lines)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:]) if lines else text

    def close(self) -> None:
        """Stop daphne and remove the temporary log directory, if this object made one."""
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=2)
        try:
            connection.request("GET", self.ready_path)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            self._last_answer = repr(error)
            return False
        finally:
            connection.close()
        self._last_answer = f"HTTP {response.status}"
        return self.ready_status is None or response.status == self.ready_status

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url} {'running' if self.running else 'stopped'}>"
