"""Hypergen 1.5.6 and pyview 0.9 measured in the same run as ours (the ``peers`` section).

Each peer runs in its own venv (``.bench-venvs/<peer>``, made by ``python -m bench.peers.install``;
``HYPERGEN_BENCH_VENVS`` names another directory): its pages are in ``bench/peers/<peer>_site/``,
written in that framework's idiom. For S1, S2b, S3a and S3b:

- server time: the peer's ``timing`` module in a subprocess of that venv (the handler, the
  render, the peer's diff or HTML and its encoding, in-process, median of N);
- bytes: the peer's app under uvicorn on 127.0.0.1, one event on a freshly served page sent by
  ``clients.py`` as the peer's browser client sends it; the size of the answer.

A peer whose venv is missing or broken is reported as not installed, with the reason; one that
fails while measured is reported as failed, with the error. Either way the rest goes on.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from hypergen_vdom.testing.daphne import stop_process, wait_for_port

from .clients import HOST, hypergen_answer, pyview_answer
from .install import LOG, REQUIREMENTS, STAMP, VENVS
from .peer_common import SCENARIOS, PeerEvent, events

__all__ = ["PEERS", "Peer", "peer_results", "venvs_dir"]

HERE = Path(__file__).resolve().parent


class Peer(NamedTuple):
    title: str
    settings: str | None  # DJANGO_SETTINGS_MODULE, for a Django peer
    package: str  # the distribution whose version is reported
    app: str  # what uvicorn serves (module:attribute, from bench/peers/)
    lifespan: str
    timing: str  # the module printing the in-process times
    transport: str
    client: Callable[[int, PeerEvent], dict[str, Any]]


PEERS: dict[str, Peer] = {
    "hypergen": Peer(
        "Hypergen", "hypergen_site.settings", "django-hypergen", "hypergen_site.asgi:application", "off",
        "hypergen_site.timing",
        "HTTP POST to the @action (response body)", hypergen_answer,
    ),
    "pyview": Peer(
        "pyview", None, "pyview-web", "pyview_site.app:app", "on", "pyview_site.timing",
        "websocket (phx_reply text message)", pyview_answer,
    ),
}  # fmt: skip


def venvs_dir() -> Path:
    return Path(os.environ.get("HYPERGEN_BENCH_VENVS") or VENVS)


def _missing(peer: str, venv: Path) -> str | None:
    """Why the peer's venv can't be used, or None."""
    python = venv / "bin" / "python"
    log = venv / LOG
    if not (venv / STAMP).exists() or not python.exists():
        if log.exists():
            lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
            return f"its install failed ({venv}/{LOG}: {(lines or ['?'])[-1][:300]})"
        return f"no venv at {venv} (`bash scripts/bench.sh` makes it: python -m bench.peers.install {peer})"
    wanted = "\n".join(REQUIREMENTS[peer]) + "\n"
    if (venv / STAMP).read_text() != wanted:
        return f"{venv} was made for other requirements (run python -m bench.peers.install {peer})"
    return None


def _env(peer: Peer) -> dict[str, str]:
    """The peer's processes' environment: ours, less what configures our Django and venv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HYPERGEN_", "VIRTUAL_ENV"))}
    env["PYTHONPATH"] = str(HERE)
    if peer.settings:
        env["DJANGO_SETTINGS_MODULE"] = peer.settings
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class PeerServer:
    """uvicorn serving the peer's app on a free loopback port; stopped at the end of the block."""

    def __init__(self, python: Path, peer: Peer, log: Path) -> None:
        self.port = _free_port()
        self.log = log
        self.command = [
            str(python), "-m", "uvicorn", peer.app, "--host", HOST, "--port", str(self.port),
            "--lifespan", peer.lifespan, "--log-level", "warning", "--no-access-log",
        ]  # fmt: skip
        self.env = _env(peer)
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> PeerServer:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=HERE, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, env=self.env,
            )  # fmt: skip
        if wait_for_port(self.process, self.port, 60, host=HOST, interval=0.1):
            return self
        if self.process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {self.process.returncode}: {self._tail()}")
        self.__exit__(None, None, None)
        raise RuntimeError(f"uvicorn did not listen on {HOST}:{self.port} within 60 s: {self._tail()}")

    def _tail(self) -> str:
        try:
            return " | ".join(self.log.read_text(errors="replace").strip().splitlines()[-5:])[:500]
        except OSError:
            return ""

    def __exit__(self, *exc: object) -> None:
        process, self.process = self.process, None
        stop_process(process, timeout=10, group=True)


def _measure(peer_id: str, peer: Peer, python: Path, quick: bool, log: Path) -> dict[str, Any]:
    version = subprocess.run(
        [str(python), "-c", f"from importlib.metadata import version; print(version({peer.package!r}))"],
        capture_output=True, text=True, timeout=60, check=True, env=_env(peer),
    ).stdout.strip()  # fmt: skip
    # Hypergen renders a 1000-row table in about a second here: few runs, but at least 5 (2 quick)
    counts = ["0", "2", "2", "1"] if quick else ["1.0", "5", "3000", "1"]
    timing = subprocess.run(
        [str(python), "-m", peer.timing, *counts], cwd=HERE, capture_output=True, text=True,
        timeout=900, env=_env(peer),
    )  # fmt: skip
    if timing.returncode != 0:
        raise RuntimeError(f"{peer.timing} failed: {timing.stderr.strip().splitlines()[-1:]}")
    times = json.loads(timing.stdout)
    scenarios: dict[str, Any] = {}
    with PeerServer(python, peer, log) as server:
        for name in SCENARIOS:
            answer = peer.client(server.port, events(peer_id)[name])
            core, frame = times[name]["core_ms"], times[name]["frame_bytes"]
            scenarios[name] = {**answer, "core_ms": core, "frame_bytes": frame}
    return {"title": peer.title, "version": version, "status": "measured", "transport": peer.transport,
            "scenarios": scenarios}  # fmt: skip


def peer_results(
    quick: bool = False, venvs: Path | None = None, only: tuple[str, ...] | None = None
) -> dict[str, dict[str, Any]]:
    """Per peer (``only`` some): ``status`` "measured" (with ``version`` and per scenario
    ``core_ms``, ``bytes``), or "not installed" / "failed" with the ``reason``."""
    root = venvs or venvs_dir()
    results: dict[str, dict[str, Any]] = {}
    for peer_id, peer in PEERS.items():
        if only is not None and peer_id not in only:
            continue
        venv = root / peer_id
        base = {"title": peer.title, "transport": peer.transport}
        reason = _missing(peer_id, venv)
        if reason is not None:
            results[peer_id] = {**base, "status": "not installed", "reason": reason}
            print(f"    {peer.title}: not installed: {reason}", flush=True)
            continue
        start = time.perf_counter()
        try:
            python, log = venv / "bin" / "python", venv / "bench-server.log"
            results[peer_id] = _measure(peer_id, peer, python, quick, log)
        except Exception as error:  # report it; the other peer and the other sections go on
            traceback.print_exc()
            results[peer_id] = {**base, "status": "failed", "reason": f"{error!r}"[:500]}
            print(f"    {peer.title}: failed: {error!r:.300}", flush=True)
        else:
            print(f"    {peer.title} {results[peer_id]['version']}: measured in "
                  f"{time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip
    return results
