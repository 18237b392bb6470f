#!/usr/bin/env bash
# Run the benchmark (bench/run.py): bytes, server time, the peers (Hypergen 1.5.6 and pyview 0.9,
# measured in the same run), memory, bundle, load, Chromium client time.
# Writes bench/results/latest.md, latest.json and latest.png; 12–20 minutes on 2 cores from a fresh clone.
#   bash scripts/bench.sh                        everything
#   bash scripts/bench.sh --quick --out /tmp/b   tiny counts (a minute or two)
#   bash scripts/bench.sh --only bytes,server    some sections (see python -m bench.run --help)
# Creates .venv and installs the package with its `bench` extra on first use, plus channels-redis
# (the two-daphne load level) and, for the peers, .bench-venvs/hypergen and .bench-venvs/pyview
# (python -m bench.peers.install). Loopback only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ONLY=""
REPORT_ONLY=""
previous=""
for arg in "$@"; do
    [ "$previous" = "--only" ] && ONLY="$arg"
    case "$arg" in
        --only=*) ONLY="${arg#--only=}" ;;
        --report-only) REPORT_ONLY=1 ;;
    esac
    previous="$arg"
done
wants() {  # wants SECTION: whether this run measures it
    [ -z "$REPORT_ONLY" ] && { [ -z "$ONLY" ] || [[ ",${ONLY// /}," == *",$1,"* ]]; }
}

ensure_venv
PEERS_PID=""
PEERS_LOG="$(mktemp "${TMPDIR:-/tmp}/hypergen-bench-peers.XXXXXX")"
trap 'rm -f "$PEERS_LOG"' EXIT
if wants peers; then
    # Standard library only (bench/peers/install.py), so it runs beside our own install.
    say "python -m bench.peers.install, in the background (Hypergen 1.5.6 and pyview 0.9 in .bench-venvs/)"
    "$VENV/bin/python" -m bench.peers.install >"$PEERS_LOG" 2>&1 &
    PEERS_PID=$!
fi
install_package "bench"
if wants load; then
    if ! "$VENV/bin/python" -c 'import channels_redis' 2>/dev/null; then
        say "pip install channels-redis (the two-daphne load level)"
        "$VENV/bin/python" -m pip install --quiet channels-redis \
            || echo "channels-redis failed to install: the two-daphne level will be reported as not run"
    fi
    if ! command -v redis-server >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
            say "apt-get install redis-server (the two-daphne load level)"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                redis-server) || echo "no redis-server: the two-daphne level will be reported as not run"
        else
            echo "no redis-server (apt-get install redis-server): the two-daphne level will be reported as not run"
        fi
    fi
fi
if [ -n "$PEERS_PID" ]; then
    wait "$PEERS_PID" || echo "bench.peers.install exited with $? (the report says which peer is missing)"
    cat "$PEERS_LOG"
fi
if wants bundle && [ ! -d js/node_modules/esbuild ]; then
    if command -v npm >/dev/null 2>&1; then
        say "npm --prefix js ci (esbuild, to measure the patcher alone)"
        npm --prefix js ci --silent || echo "npm ci failed: the patcher-alone size will be missing"
    else
        echo "no npm: the patcher-alone size will be missing"
    fi
fi
if wants client; then
    CHROMIUM="${HYPERGEN_CHROMIUM:-/usr/bin/chromium}"
    [ -x "$CHROMIUM" ] || echo "no Chromium at $CHROMIUM (apt-get install chromium): the client section will be pending"
fi
rm -f "$PEERS_LOG"
say "python -m bench.run $*"
exec "$VENV/bin/python" -m bench.run "$@"
