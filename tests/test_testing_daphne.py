"""``hypergen_vdom.testing.daphne``: a real daphne subprocess comes up, answers HTTP, restarts on its
port, stops and frees the port; a daphne that dies says why."""

from __future__ import annotations

import http.client
import socket
from pathlib import Path

import pytest

from hypergen_vdom.testing.daphne import HOST, DaphneError, DaphneProcess, free_port

REPO_ROOT = Path(__file__).resolve().parent.parent


def sample_site(tmp_path: Path, env: dict[str, str] | None = None) -> DaphneProcess:
    return DaphneProcess(
        "sample_site.asgi:application",
        settings="sample_site.settings",
        env={"HYPERGEN_SAMPLE_DB": str(tmp_path / "db.sqlite3"), **(env or {})},  # never the repo's db
        cwd=REPO_ROOT,
        ready_path="/favicon.ico",  # the sample site answers 204 without touching the db
        ready_status=204,
    )


def get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
        return True


def test_daphne_answers_http_then_stops_and_frees_its_port(tmp_path: Path) -> None:
    server = sample_site(tmp_path)
    server.migrate()  # the temp db, with the server's settings and env
    with server:
        assert server.running
        assert server.url == f"http://{HOST}:{server.port}"
        assert get(server.port, "/favicon.ico") == 204
        assert get(server.port, "/counter/") == 200  # a page of the site
        assert f"starting daphne on {server.url}" in server.log()
        port = server.port
    assert not server.running
    with pytest.raises(OSError):
        get(port, "/favicon.ico")
    assert port_is_free(port)


def test_restart_keeps_the_port_and_env_reaches_the_server(tmp_path: Path) -> None:
    server = sample_site(tmp_path, env={"HYPERGEN_X": "1"})
    assert server.env["HYPERGEN_X"] == "1" and server.env["DJANGO_SETTINGS_MODULE"] == "sample_site.settings"
    try:
        server.start()
        port, pid = server.port, server.process.pid if server.process else None
        server.restart(kill=True)
        assert server.running and server.port == port
        assert server.process is not None and server.process.pid != pid
        assert get(port, "/favicon.ico") == 204
        assert server.log().count("starting daphne on") == 2
    finally:
        server.close()
    assert port_is_free(port)


def test_a_daphne_that_dies_raises_with_the_tail_of_its_log(tmp_path: Path) -> None:
    server = DaphneProcess("no_such_module_here:application", cwd=REPO_ROOT, log_path=tmp_path / "daphne.log")
    with pytest.raises(DaphneError, match=r"(?s)daphne exited with \d+:.*no_such_module_here"):
        server.start(timeout=30)
    assert not server.running


def test_a_port_nobody_answers_on_times_out(tmp_path: Path) -> None:
    # the ready check wants a status the site never sends: bounded wait, then the process is killed
    server = sample_site(tmp_path)
    server.ready_status = 418
    # 10 s: long enough for daphne to come up on a busy 2-core machine and answer the wrong status
    expected = r"did not answer GET /favicon.ico .* within 10 s \(last: HTTP 204\)"
    with pytest.raises(DaphneError, match=expected):
        server.start(timeout=10)
    assert not server.running
    server.close()
    assert port_is_free(server.port)


def test_free_port_is_bindable() -> None:
    assert port_is_free(free_port())
