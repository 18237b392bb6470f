"""Create the peers' virtual environments: ``.bench-venvs/hypergen`` and ``.bench-venvs/pyview``.

    python -m bench.peers.install            # both (scripts/bench.sh runs this before the benchmark)
    python -m bench.peers.install pyview     # one

Each peer gets a venv of its own (``python -m venv``, then ``pip install`` of the pinned
requirements below), so its packages never mix with ours; ``bench.peers`` runs the peer's pages
and timing script with that venv's Python. A venv whose stamp file records the same requirements
is left as it is. A failed install is recorded in the venv's ``bench-install.log`` and reported
(with its reason) by the peers section of the benchmark; it never stops the rest of the run.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

__all__ = ["REQUIREMENTS", "VENVS", "install", "venv_python"]

REPO = Path(__file__).resolve().parent.parent.parent
VENVS = REPO / ".bench-venvs"

# peer → pip requirements. Hypergen 1.5.6 is a Django app (its actions are plain Django views);
# pyview is a Starlette app. Both are served by uvicorn on 127.0.0.1 for the bytes measurement.
REQUIREMENTS: dict[str, list[str]] = {
    "hypergen": ["django-hypergen==1.5.6", "Django>=5.2,<6", "uvicorn>=0.30"],
    "pyview": ["pyview-web==0.9.*", "uvicorn>=0.30"],
}
STAMP = ".bench-requirements"
LOG = "bench-install.log"


def venv_python(peer: str) -> Path:
    return VENVS / peer / "bin" / "python"


def install(peer: str, timeout: float = 600.0) -> tuple[bool, str]:
    """Create (or keep) the peer's venv; ``(ok, message)``."""
    venv = VENVS / peer
    wanted = "\n".join(REQUIREMENTS[peer]) + "\n"
    stamp = venv / STAMP
    if stamp.exists() and stamp.read_text() == wanted and venv_python(peer).exists():
        return True, f"{peer}: {venv.relative_to(REPO)} up to date"
    venv.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    log = venv / LOG
    start = time.monotonic()
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [str(venv_python(peer)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         *REQUIREMENTS[peer]],
    ]  # fmt: skip
    output = []
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=timeout, cwd=REPO)
        except (OSError, subprocess.TimeoutExpired) as error:
            output.append(f"$ {' '.join(step)}\n{error!r}\n")
            log.write_text("".join(output))
            return False, f"{peer}: {error!r}"
        output.append(f"$ {' '.join(step)}\n{done.stdout}{done.stderr}")
        log.write_text("".join(output))  # venv --clear empties the directory: write after each step
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["(no output)"]
            return False, f"{peer}: `{' '.join(step[2:5])} …` failed: {last[0][:300]}"
    stamp.write_text(wanted)
    return True, f"{peer}: installed into {venv.relative_to(REPO)} in {time.monotonic() - start:.0f} s"


def main(argv: list[str] | None = None) -> int:
    peers = (argv if argv is not None else sys.argv[1:]) or list(REQUIREMENTS)
    for peer in peers:
        ok, message = install(peer)
        print(("    " if ok else "    FAILED ") + message, flush=True)
    return 0  # a peer that could not be installed is reported by the benchmark, not fatal here


if __name__ == "__main__":
    sys.exit(main())
