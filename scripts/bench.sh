#!/usr/bin/env bash
# Run the benchmark (bench/run.py): bytes, server time, memory, bundle, load, Chromium client time.
# Writes bench/results/latest.md, latest.json and latest.png; about 10 minutes on 2 cores.
#   bash scripts/bench.sh                        everything
#   bash scripts/bench.sh --only bytes,server    some sections (see python -m bench.run --help)
# Creates .venv and installs the package with its `bench` extra on first use. Loopback only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ensure_venv
install_package "bench"
if [ ! -d js/node_modules/esbuild ]; then
    if command -v npm >/dev/null 2>&1; then
        say "npm --prefix js ci (esbuild, to measure the patcher alone)"
        npm --prefix js ci --silent || echo "npm ci failed: the patcher-alone size will be missing"
    else
        echo "no npm: the patcher-alone size will be missing"
    fi
fi
CHROMIUM="${HYPERGEN_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || echo "no Chromium at $CHROMIUM (apt-get install chromium): the client section will be pending"
say "python -m bench.run $*"
exec "$VENV/bin/python" -m bench.run "$@"
