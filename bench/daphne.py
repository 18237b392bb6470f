"""One daphne process serving the sample site and the benchmark pages (``bench.server_settings``) on
127.0.0.1 for the benchmark (load, RSS, Chromium); with ``redis_url``, one of several sharing a Redis.

It gets a free loopback port, its own migrated SQLite file in a temporary directory (a copy of the
first one's, migrated once per run), and stops by itself at the end of the ``with`` block
(SIGTERM, then SIGKILL after 10 s). The process itself is
``hypergen_vdom.testing.daphne.DaphneProcess``, the one the browser tests use.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Self

from hypergen_vdom.testing.daphne import HOST, DaphneProcess

__all__ = ["HOST", "Daphne", "process_cpu_seconds"]

REPO = Path(__file__).resolve().parent.parent

# The first daphne's freshly migrated database, copied for the next ones (a migrate costs seconds).
_MIGRATED: tempfile.TemporaryDirectory[str] | None = None


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time process ``pid`` used so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Daphne(DaphneProcess):
    """``redis_url``: the channel layer and the page store on that Redis (``sample_site/settings.py``
    switches on ``HYPERGEN_REDIS_URL``), so several processes serve the same pages; else in-memory."""

    def __init__(self, debug: bool = False, redis_url: str | None = None) -> None:
        self.tmp = tempfile.TemporaryDirectory(prefix="hypergen-bench-")
        env = {
            "HYPERGEN_SAMPLE_DB": str(Path(self.tmp.name) / "db.sqlite3"),
            "HYPERGEN_DEBUG": "1" if debug else "0",  # static files (the client bundle) need DEBUG
        }
        if redis_url:
            env["HYPERGEN_REDIS_URL"] = redis_url
        super().__init__(
            "sample_site.asgi:application",
            settings="bench.server_settings",  # bench.settings, SQLite waiting for its lock
            env=env,
            # one process, in-memory channel layer and store, unless redis_url says otherwise
            unset_env=("HYPERGEN_REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"),
            cwd=REPO,
            log_path=Path(self.tmp.name) / "daphne.log",
            ready_path="/bench/s1-classic/",
            ready_status=200,
        )

    def start(self, timeout: float = 60.0) -> Self:
        if not self.running:
            self._migrated_database()
        super().start(timeout)
        return self

    def _migrated_database(self) -> None:
        """A fresh database: a copy of the first daphne's just-migrated one, or migrated now."""
        global _MIGRATED
        database = Path(self.env["HYPERGEN_SAMPLE_DB"])
        template = Path(_MIGRATED.name) / "db.sqlite3" if _MIGRATED is not None else None
        if not database.exists() and template is not None and template.exists():
            shutil.copyfile(template, database)
            return
        self.migrate()
        if _MIGRATED is None:
            _MIGRATED = tempfile.TemporaryDirectory(prefix="hypergen-bench-migrated-")
            shutil.copyfile(database, Path(_MIGRATED.name) / "db.sqlite3")

    def rss_bytes(self) -> int:
        """Resident set size of the daphne process."""
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    def cpu_seconds(self) -> float:
        """User + system CPU time the daphne process used so far."""
        assert self.process is not None
        return process_cpu_seconds(self.process.pid)

    def close(self) -> None:
        """Stop daphne and remove its temporary directory (database and log); the ``with`` block's end."""
        super().close()
        self.tmp.cleanup()
