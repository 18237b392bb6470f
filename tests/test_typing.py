"""Type checkers see the public API as users use it: a star import exports every name, the
decorators keep signatures, ``view.reverse()`` and ``@targets`` type-check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent / "typing_examples"
REPO = Path(__file__).parent.parent
CONFIG = str(REPO / "setup.cfg")


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", CONFIG, *args],
        capture_output=True, text=True, cwd=REPO, check=False,
    )


def test_a_user_page_passes_mypy_strict():
    done = mypy(str(EXAMPLES / "user_page.py"))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_wrong_call_is_caught(tmp_path):
    wrong = tmp_path / "wrong_page.py"
    wrong.write_text(
        (EXAMPLES / "user_page.py").read_text()
        + '\nincrement(None, HttpRequest(), "one")\nnot_a_tag("x")  # noqa: F405\n'
    )
    done = mypy(str(wrong))
    wrong_argument = (
        'Argument 3 to "__call__" of "ConsumerFunction" has incompatible type "str"; expected "int"'
    )
    assert wrong_argument in done.stdout
    assert 'Name "not_a_tag" is not defined' in done.stdout


def test_the_sample_sites_demos_pass_mypy_strict_as_user_code():
    # The demos are written as users write pages (star imports, layouts made by a factory,
    # `@targets`), and held to --strict like the package: setup.cfg excludes none of them.
    done = mypy("sample_site/demos")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
