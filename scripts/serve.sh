#!/usr/bin/env bash
# Serve the sample site on http://127.0.0.1:8000/ (daphne, in-memory channel layer, SQLite db.sqlite3).
#   bash scripts/serve.sh            PORT=8001 bash scripts/serve.sh
# Creates .venv and installs the package (editable) on first use. Set HYPERGEN_REDIS_URL to use Redis.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

ensure_venv
install_package ""
say "migrate (db.sqlite3)"
"$VENV/bin/python" manage.py migrate --noinput -v 0
PORT="${PORT:-8000}"
say "serving sample_site on http://127.0.0.1:$PORT/  (Ctrl+C stops)"
exec "$VENV/bin/python" -m daphne -b 127.0.0.1 -p "$PORT" sample_site.asgi:application
