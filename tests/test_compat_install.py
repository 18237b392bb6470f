"""hypergen_vdom.compat.install(): `import hypergen.*` gives the compat modules; a real Hypergen is
never shadowed. Each case runs in a fresh interpreter: aliases are process-wide."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(code: str, extra_path: str = "") -> subprocess.CompletedProcess[str]:
    path = f"{extra_path}:{REPO}" if extra_path else str(REPO)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": path, "DJANGO_SETTINGS_MODULE": "sample_site.settings", "PATH": "/usr/bin:/bin"},
        cwd=REPO,
        timeout=120,
    )


def test_hypergen_imports_resolve_to_the_compat_modules():
    result = run(
        "import django; django.setup()\n"
        "import hypergen_vdom.compat as compat; compat.install(); compat.install()\n"
        "from hypergen.imports import *\n"
        "from hypergen.template import join_html, TemplatePlugin\n"
        "from hypergen.context import context_middleware, ContextMiddleware, contextlist\n"
        "from hypergen.liveview import callback as cb, LiveviewPlugin, ActionPlugin\n"
        "from hypergen.hypergen import compare_funcs\n"
        "from hypergen.plugins.appstate import AppstatePlugin\n"
        "print(hypergen(lambda: div('ok', sep=' ')))\n"
        "import sys, hypergen_vdom.compat.template as t\n"
        "import hypergen.templatetags.hypergen, hypergen.websocket\n"
        "assert sys.modules['hypergen.template'] is t and div is t.div and 'input' not in dir()\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "<div>ok</div>\n"


def test_a_real_hypergen_on_the_path_is_refused(tmp_path):
    (tmp_path / "hypergen").mkdir()
    (tmp_path / "hypergen" / "__init__.py").write_text("")
    result = run("import hypergen_vdom.compat as c; c.install()", extra_path=str(tmp_path))
    assert result.returncode == 1
    assert "HypergenAlreadyInstalled: django-hypergen is installed" in result.stderr
    result = run("import hypergen, hypergen_vdom.compat as c; c.install()", extra_path=str(tmp_path))
    assert "is already imported" in result.stderr
