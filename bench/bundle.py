"""Client bundle sizes: min and min+gzip bytes of the built files a page loads, and the diff-mode
patcher alone.

The built files are measured as committed in ``hypergen_vdom/static/hypergen_vdom/`` (gzip level
9, as ``js/build.mjs`` counts). The patcher alone comes from the JS build's own ``patcher()``
(``patch.js`` and what it imports, minified as a module) when Node and ``js/node_modules`` are
there; otherwise it is reported as unavailable.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

__all__ = ["bundle_sizes"]

REPO = Path(__file__).resolve().parent.parent
STATIC = REPO / "hypergen_vdom" / "static" / "hypergen_vdom"
FILES = {
    "hypergen.min.js": "classic pages",
    "hypergen-diff.min.js": "diff-mode pages",
    "hypergen-morph.min.js": "loaded by diff pages on their first morph",
}
# The JS build's own measure: its patcher() and gzipSize() (zlib level 9), the files given as argv.
NODE_JS = (
    "import { patcher, gzipSize } from './build.mjs';"
    "import { readFileSync } from 'node:fs';"
    "const text = await patcher();"
    "const files = Object.fromEntries(process.argv.slice(1).map(f => [f, gzipSize(readFileSync(f))]));"
    "console.log(JSON.stringify({ min: Buffer.byteLength(text), gzip: gzipSize(text), files }))"
)


def _gzip(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def bundle_sizes() -> dict[str, Any]:
    paths = {name: STATIC / name for name in FILES if (STATIC / name).exists()}
    files = {
        name: {"role": FILES[name], "min": path.stat().st_size, "gzip": _gzip(path.read_bytes())}
        for name, path in paths.items()
    }
    gzip_by = "python gzip -9"
    patcher: dict[str, Any] = {"available": False}
    node = shutil.which("node")
    if node and (REPO / "js" / "node_modules" / "esbuild").exists():
        try:
            out = subprocess.run(
                [node, "--input-type=module", "-e", NODE_JS, *map(str, paths.values())],
                cwd=REPO / "js",
                check=True,
                capture_output=True,
                text=True,
                timeout=120,
            )
            measured = json.loads(out.stdout.strip().splitlines()[-1])
            for name, path in paths.items():
                files[name]["gzip"] = measured["files"][str(path)]
            gzip_by = "js/build.mjs gzipSize (zlib level 9)"
            patcher = {"available": True, "min": measured["min"], "gzip": measured["gzip"]}
        except (subprocess.SubprocessError, ValueError, IndexError, KeyError) as error:
            patcher = {"available": False, "error": str(error)[:300]}
    else:
        patcher["error"] = "node or js/node_modules missing (npm --prefix js ci)"
    return {"files": files, "patcher": patcher, "gzip_by": gzip_by}
