# Shared helpers for scripts/*.sh. Source it; do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Tools installed by setup.sh: cargo-installed binaries and the npm packages (wasm-opt, playwright).
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# wasm-bindgen-test-runner drives Debian's Chromium through this driver (see webdriver.json).
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# ...with the Chromium binary and flags in the root webdriver.json, for every crate's wasm tests
# (the runner otherwise looks for webdriver.json in the crate's own directory).
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-$ROOT/webdriver.json}"
# Per-test timeout in seconds (default 20): generous, because CI machines have 2 busy cores.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# Never let an npm package fetch its own browser: Playwright uses /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_PROGRESS_WHEN=never

if [ -t 1 ]; then
  _bold=$'\033[1m' _red=$'\033[31m' _green=$'\033[32m' _dim=$'\033[2m' _reset=$'\033[0m'
else
  _bold='' _red='' _green='' _dim='' _reset=''
fi

step() { printf '%s==> %s%s\n' "$_bold" "$*" "$_reset"; }
note() { printf '    %s%s%s\n' "$_dim" "$*" "$_reset"; }
ok() { printf '    %sok%s %s\n' "$_green" "$_reset" "$*"; }
die() {
  printf '%sERROR:%s %s\n' "$_red$_bold" "$_reset" "$*" >&2
  exit 1
}

# Seconds as "1m23s".
fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# Runs as root directly, otherwise through sudo (CI images differ).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# run_logged LOG CMD...: runs a long command with its output in LOG, printing a progress line every
# 30 s (crates compiled so far), and the tail of LOG if it fails.
run_logged() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  local pid=$! waited=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    waited=$((waited + 2))
    if [ $((waited % 30)) -eq 0 ]; then
      note "... $(fmt_secs "$waited"), $(grep -c 'Compiling' "$log" || true) crates compiled"
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    die "'$*' failed (full log: $log)"
  fi
}
