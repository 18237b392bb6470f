"""The sample site's layout and catalog (``sample_site/demos/base.py``, ``catalog.py``): every demo
renders with its own source, escaped and bounded; no request chooses which file is shown; no demo
borrows the benchmark's markup."""

from __future__ import annotations

import ast
import html
from pathlib import Path

import pytest
from django.test import Client

from sample_site.demos import base
from sample_site.demos.catalog import DEMOS, demo_for

DEMOS_DIR = Path(base.__file__).parent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("demo", [demo for demo in DEMOS if demo.path != "/private/"], ids=lambda d: d.path)
def test_each_demo_shows_its_title_status_and_own_source(client: Client, demo) -> None:
    body = client.get(demo.path).content.decode()
    assert f"<h1>{html.escape(demo.title)}</h1>" in body
    assert f'<p class="lede">{html.escape(demo.shows, quote=False)}</p>' in body
    state = "http" if demo.transport == "http" else "connecting"
    assert f'id="connection" class="connection" data-state="{state}"' in body
    assert '<span id="meter" class="meter"' in body
    source = (DEMOS_DIR.parent.parent / (demo.module.replace(".", "/") + ".py")).read_text()
    assert f"<pre><code>{html.escape(source, quote=False)}</code></pre>" in body  # all of it, escaped
    assert f"<code>{demo.module.replace('.', '/')}.py</code> ({source.count(chr(10))} lines)" in body


def test_the_private_demo_asks_for_a_login_first(client: Client) -> None:
    response = client.get("/private/")
    assert response.status_code == 302 and response["Location"] == "/admin/login/?next=/private/"


def test_the_index_lists_every_demo_with_what_it_shows(client: Client) -> None:
    body = client.get("/").content.decode()
    for demo in DEMOS:
        assert f'<a href="{demo.path}" class="card-title">{html.escape(demo.title)}</a>' in body
        assert f"<p>{html.escape(demo.shows, quote=False)}</p>" in body
    assert 'id="connection"' not in body and 'id="source"' not in body  # not a live demo


def test_source_is_escaped(client: Client) -> None:
    body = client.get("/table/").content.decode()
    assert "if row_id is not None and score is not None and 1 &lt;= row_id" in body
    assert "1 <= row_id" not in body


def test_a_long_module_is_cut() -> None:
    text = base.source_of("typing")  # any importable module: the demos' are short
    assert len(Path(__import__("typing").__file__).read_text()) > base.SOURCE_MAX_CHARS
    assert text.endswith("\n# … (cut: the rest is in the file)\n")
    assert len(text) == base.SOURCE_MAX_CHARS + len("\n# … (cut: the rest is in the file)\n")


@pytest.mark.parametrize("query", [
    "?source=../settings.py", "?module=sample_site.settings", "?path=/etc/passwd",
    "?source=" + "../" * 2000 + "etc/passwd",
])
def test_no_request_chooses_the_source_shown(client: Client, query: str) -> None:
    body = client.get("/counter/" + query).content.decode()
    assert "<code>sample_site/demos/counter.py</code>" in body
    assert "SECRET_KEY" not in body and "root:x:" not in body
    for path in ("/static/demos/../../settings.py", "/source/sample_site/settings.py",
                 "/static/demos/%2e%2e/%2e%2e/settings.py"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"SECRET_KEY =" not in response.content


def test_an_unknown_demo_path_is_named() -> None:
    with pytest.raises(KeyError, match="no demo at '/nope/'"):
        demo_for("/nope/")


def test_every_catalog_entry_is_served_and_every_page_listed() -> None:
    from django.urls import resolve

    for demo in DEMOS:
        assert resolve(demo.path).func.__module__ == demo.module, demo.path
    assert len({demo.path for demo in DEMOS}) == len(DEMOS)


def test_no_demo_imports_the_benchmark() -> None:
    for path in sorted(DEMOS_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(name == "bench" or name.startswith("bench.") for name in names), path
