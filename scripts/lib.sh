# Helpers shared by scripts/serve.sh and scripts/test.sh (sourced, not run).

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1  # we drive the system's /usr/bin/chromium, never a download

if [ -t 1 ]; then
    say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
else
    say() { printf '==> %s\n' "$*"; }
fi

# A Python >= 3.11: $PYTHON if set, else the newest python3.x on PATH.
find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# Create .venv if it is missing or broken.
ensure_venv() {
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        return 0
    fi
    local python
    python="$(find_python)" || { echo "need Python >= 3.11 with venv/ensurepip (or set PYTHON=...)" >&2; return 1; }
    echo "creating .venv with $python ($("$python" --version 2>&1))"
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
}

# Editable install of the package with the given extras ("" or "test"); skipped when setup.cfg
# and pyproject.toml did not change since the last successful install into this .venv.
install_package() {
    local extras="$1" spec="$REPO" stamp key
    [ -n "$extras" ] && spec="$REPO[$extras]"
    stamp="$VENV/.hypergen-installed${extras:+-$extras}"
    key="$(cat "$REPO/setup.cfg" "$REPO/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] \
        && "$VENV/bin/python" -c 'import hypergen_vdom' 2>/dev/null; then
        echo "hypergen_vdom${extras:+[$extras]} already installed in .venv (setup.cfg unchanged)"
        return 0
    fi
    "$VENV/bin/python" -m pip install --quiet --editable "$spec" \
        && echo "$key" >"$stamp" \
        && echo "installed hypergen_vdom${extras:+[$extras]} (editable) into .venv"
}

# A free TCP port on 127.0.0.1.
free_port() {
    "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
