"""The sdist and the wheel carry what they should, and nothing they shouldn't.

Both are built with setuptools' PEP 517 hooks (`setuptools.build_meta`) in a subprocess, so the
build can't touch this test process. The subprocess works in a copy of the source tree under
tmp_path: setuptools writes `*.egg-info`, `build/` and a temporary release tree into its working
directory, and none of that may land in the checkout (where the editable install keeps its own
egg-info). Local litter (.venv, node_modules, caches, a SQLite database) is planted in the copy so
that MANIFEST.in's exclusions are checked whatever the developer's tree holds.
"""

from __future__ import annotations

import email.message
import email.parser
import importlib.metadata
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import hypergen_vdom

REPO = Path(__file__).resolve().parent.parent
VERSION = hypergen_vdom.__version__
DIST_INFO = f"hypergen_vdom-{VERSION}.dist-info"

# Not copied into the build's source tree: dot-entries (version control, environments, caches),
# JS dependencies, build output, databases.
NOT_COPIED = shutil.ignore_patterns(
    ".*", "node_modules", "build", "dist", "*.egg-info", "__pycache__", "*.sqlite3",
)
# Planted in the copy; none of it may reach the sdist.
LITTER = [
    ".venv/pyvenv.cfg",
    ".venv/lib/python3/site-packages/x.py",
    "js/node_modules/idiomorph/dist/idiomorph.js",
    "db.sqlite3",
    "sample_site/db.sqlite3",
    "tests/__pycache__/test_html.cpython-311.pyc",
    "tests/.hypothesis/examples/x",
    ".pytest_cache/v/cache/nodeids",
    ".mypy_cache/3.11/x.json",
]
LITTER_NAMES = {".venv", "node_modules", "__pycache__", ".hypothesis", ".pytest_cache", ".mypy_cache",
                ".ruff_cache", ".tox", ".git"}

# The hooks rewrite sys.argv, so the output directory is read first.
BUILD = """
import sys
from setuptools import build_meta
out = sys.argv[1]
build_meta.build_sdist(out)
build_meta.build_wheel(out)
"""

STATIC = REPO / "hypergen_vdom" / "static" / "hypergen_vdom"
BUNDLES = ["hypergen.min.js", "hypergen-diff.min.js", "hypergen-morph.min.js"]


class Built:
    def __init__(self, out: Path) -> None:
        (self.sdist,) = out.glob("*.tar.gz")
        (self.wheel,) = out.glob("*.whl")
        with tarfile.open(self.sdist) as tar:
            # Paths inside the sdist without its top directory (hypergen_vdom-0.1.0/).
            self.sdist_files = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
            pkg_info = tar.extractfile(f"{tar.getnames()[0].split('/')[0]}/PKG-INFO")
            assert pkg_info is not None
            self.sdist_metadata = email.parser.BytesParser().parse(pkg_info)
        with zipfile.ZipFile(self.wheel) as whl:
            self.wheel_files = set(whl.namelist())
            self.wheel_bytes = {name: whl.read(name) for name in self.wheel_files if name.endswith(".js")}
            self.metadata = email.parser.BytesParser().parsebytes(whl.read(f"{DIST_INFO}/METADATA"))


def _backend_requirement() -> Requirement:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    requires = pyproject["build-system"]["requires"]
    (setuptools,) = [Requirement(r) for r in requires if Requirement(r).name == "setuptools"]
    return setuptools


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    required = _backend_requirement()
    installed = importlib.metadata.version("setuptools")
    assert required.specifier.contains(installed, prereleases=True), (
        f"pyproject.toml builds with {required}, this environment has setuptools {installed}: "
        "`pip install -e .[test]` installs a matching one"
    )
    tmp = tmp_path_factory.mktemp("packaging")
    src, out = tmp / "src", tmp / "out"
    shutil.copytree(REPO, src, ignore=NOT_COPIED, symlinks=True)
    for litter in LITTER:
        (src / litter).parent.mkdir(parents=True, exist_ok=True)
        (src / litter).write_text("litter\n")
    out.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", BUILD, str(out)],
        cwd=src, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return Built(out)


def test_nothing_is_written_into_the_checkout(built: Built) -> None:
    for name in ("build", "dist", f"hypergen_vdom-{VERSION}", f"hypergen-vdom-{VERSION}"):
        assert not (REPO / name).exists(), name
    assert built.sdist.parent != REPO


@pytest.mark.parametrize("path", [
    "LICENSE", "README.md", "CHANGELOG.md", "MANIFEST.in", "PKG-INFO",
    "pyproject.toml", "setup.cfg", "tox.ini", "ruff.toml", "manage.py",
    "hypergen_vdom/__init__.py", "hypergen_vdom/py.typed",
    *(f"hypergen_vdom/static/hypergen_vdom/{bundle}" for bundle in BUNDLES),
    "tests/conftest.py", "tests/test_websocket.py", "tests/test_packaging.py",
    "tests/browser/conftest.py", "tests/js_fixtures/pairs.json", "tests/js_fixtures/treegen.py",
    "sample_site/settings.py", "sample_site/demos/static/demos/demos.css",
    "bench/__init__.py", "bench/scenario_data.json",
    "docs/protocol.md", "scripts/test.sh", "scripts/lib.sh",
    "js/package.json", "js/package-lock.json", "js/build.mjs", "js/src/socket.js", "js/src/ops.js",
    "js/test/socket.test.js", "js/harness/page.js",
])
def test_sdist_carries_what_the_tests_need(built: Built, path: str) -> None:
    assert path in built.sdist_files


def test_sdist_carries_no_litter(built: Built) -> None:
    for path in built.sdist_files:
        parts = path.split("/")
        assert not LITTER_NAMES.intersection(parts), path
        assert not path.endswith((".sqlite3", ".pyc")), path
        assert parts[0] not in {"build", "dist"}, path


def test_sdist_carries_every_test_module(built: Built) -> None:
    for test in REPO.glob("tests/**/*.py"):
        if "__pycache__" not in test.parts:
            assert test.relative_to(REPO).as_posix() in built.sdist_files


def test_wheel_carries_the_package_its_type_marker_bundles_and_license(built: Built) -> None:
    assert "hypergen_vdom/__init__.py" in built.wheel_files
    assert "hypergen_vdom/py.typed" in built.wheel_files
    for bundle in BUNDLES:
        name = f"hypergen_vdom/static/hypergen_vdom/{bundle}"
        assert built.wheel_bytes[name] == (STATIC / bundle).read_bytes(), name
    assert f"{DIST_INFO}/licenses/LICENSE" in built.wheel_files
    # Only the package: no tests, sample site or benchmark installed as top-level packages.
    assert {name.split("/")[0] for name in built.wheel_files} == {"hypergen_vdom", DIST_INFO}


@pytest.mark.parametrize("which", ["wheel", "sdist"])
def test_metadata_declares_license_urls_and_requirements(built: Built, which: str) -> None:
    metadata: email.message.Message = built.metadata if which == "wheel" else built.sdist_metadata
    assert metadata["Version"] == VERSION
    assert metadata["License-Expression"] == "BSD-3-Clause"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["License"] is None
    assert not [c for c in metadata.get_all("Classifier", []) if c.startswith("License ::")]
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL", []))
    assert set(urls) == {"Documentation", "Changelog", "Source", "Issues"}
    assert all(url.startswith("https://") for url in urls.values())
    requires = metadata.get_all("Requires-Dist", [])
    for requirement in ("msgpack>=1.0", "django>=5.2", "channels>=4.1"):
        assert requirement in requires
    assert metadata["Requires-Python"] == ">=3.11"
