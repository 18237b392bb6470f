#!/usr/bin/env bash
# Install what the tests need and run every check:
#   bash scripts/test.sh                 everything (what CI runs)
#   bash scripts/test.sh -k counter -x   extra arguments go to pytest
#
# Setup: apt packages that are missing (chromium, redis-server; nodejs/npm, python3-venv only if
# absent; needs root), .venv + `pip install -e .[test]`, `npm --prefix js ci`.
# Checks: ruff, mypy, `npm --prefix js test`, pytest (all of tests/, browser tests included).
# Every step runs even when an earlier one failed; the exit status is non-zero if any failed.
# A scratch redis-server runs on a free loopback port meanwhile (HYPERGEN_TEST_REDIS_URL).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO"

export DEBIAN_FRONTEND=noninteractive
CHROMIUM="${HYPERGEN_CHROMIUM:-/usr/bin/chromium}"
LOGS="$(mktemp -d "${TMPDIR:-/tmp}/hypergen-test.XXXXXX")"
REDIS_PID=""
SUMMARY=()
FAILED=0
START=$SECONDS

cleanup() {
    if [ -n "$REDIS_PID" ]; then
        kill "$REDIS_PID" 2>/dev/null
        wait "$REDIS_PID" 2>/dev/null
    fi
    rm -rf "$LOGS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

record() {  # name, status, seconds
    local mark="ok"
    [ "$2" -ne 0 ] && { mark="FAILED (exit $2)"; FAILED=1; }
    SUMMARY+=("$(printf '  %-14s %-18s %4ss' "$1" "$mark" "$3")")
}

# quiet NAME CMD...: output goes to a log, shown (tail) only if the step fails.
quiet() {
    local name="$1" t=$SECONDS status
    shift
    say "$name"
    "$@" >"$LOGS/$name.log" 2>&1
    status=$?
    if [ $status -ne 0 ]; then
        tail -n 60 "$LOGS/$name.log"
    else  # the test runner's counts if there are any, else the last lines
        grep -E '^(# |ℹ )(tests|pass|fail) ' "$LOGS/$name.log" || tail -n 3 "$LOGS/$name.log"
    fi
    record "$name" $status $((SECONDS - t))
    return $status
}

# loud NAME CMD...: output shown as it comes.
loud() {
    local name="$1" t=$SECONDS status
    shift
    say "$name"
    "$@"
    status=$?
    record "$name" $status $((SECONDS - t))
    return $status
}

system_packages() {
    local missing=()
    [ -x "$CHROMIUM" ] || missing+=(chromium)
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v npm >/dev/null || missing+=(nodejs npm)
    find_python >/dev/null || [ -x "$VENV/bin/python" ] || missing+=(python3 python3-venv)
    if [ ${#missing[@]} -eq 0 ]; then
        echo "chromium, redis-server, node, python: present"
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing system packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
        return 1
    fi
    echo "apt-get install ${missing[*]}"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

python_env() {
    ensure_venv && install_package test
}

npm_install() {
    if [ ! -f js/package.json ]; then
        echo "no js/package.json: nothing to install"
        return 0
    fi
    local stamp="js/node_modules/.hypergen-npm-ci" key
    key="$(sha256sum js/package-lock.json | cut -d' ' -f1)"
    if [ -z "${CI:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
        echo "js/node_modules up to date with js/package-lock.json"
        return 0
    fi
    npm --prefix js ci --no-audit --no-fund --loglevel=error && echo "$key" >"$stamp"
}

start_redis() {
    local port i
    port="$(free_port)" || return 1
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$LOGS" \
        --logfile "$LOGS/redis-server.log" &
    REDIS_PID=$!
    for i in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            export HYPERGEN_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
            echo "redis-server (pid $REDIS_PID) at $HYPERGEN_TEST_REDIS_URL"
            return 0
        fi
        kill -0 "$REDIS_PID" 2>/dev/null || break
        sleep 0.1
    done
    cat "$LOGS/redis-server.log"
    return 1
}

js_test() {
    if [ ! -f js/package.json ]; then
        echo "no js/package.json: no JS tests"
        return 0
    fi
    npm --prefix js test --silent
}

quiet apt         system_packages
quiet python-env  python_env
quiet npm-ci      npm_install
quiet redis       start_redis
export PATH="$VENV/bin:$PATH"
loud  ruff        ruff check --quiet --output-format=concise .
loud  mypy        mypy
quiet js-test     js_test
loud  pytest      timeout -k 30 1200 python -m pytest -q "$@"

say "summary ($((SECONDS - START))s)"
printf '%s\n' "${SUMMARY[@]}"
if [ $FAILED -ne 0 ]; then
    echo "FAILED (logs of quiet steps were shown above)"
    exit 1
fi
echo "all checks passed"
