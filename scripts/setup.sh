#!/usr/bin/env bash
# Installs everything archsim needs to build, serve and test, skipping whatever is already there
# at the right version. Safe to run again and again; works unattended (CI=true, no stdin).
#
#   Rust target wasm32-unknown-unknown, rustfmt, clippy      (rustup)
#   Chromium + chromedriver                                   (apt: /usr/bin/chromium, /usr/bin/chromedriver)
#   @playwright/test, binaryen@132 (wasm-opt)                 (npm ci from package-lock.json)
#   trunk 0.21.14                                             (cargo install, ~10 min on 2 cores)
#   wasm-bindgen-cli = the wasm-bindgen version in Cargo.lock (cargo install, ~5 min on 2 cores)
#
# Why these exact tools:
#   - wasm-opt comes from npm's binaryen@132: Debian's binaryen 108 writes wasm that fails at start
#     in Chromium ("WebAssembly.Table.set(): Argument 1 is invalid for table").
#   - Trunk 0.21.14, not 0.22: Trunk 0.22 needs rustc >= 1.96.1.
#   - wasm-bindgen-cli must equal the wasm-bindgen crate (pinned with `=` in Cargo.toml); it is
#     installed without --locked, because with it one locked dependency fails to resolve.
#   - Playwright never downloads a browser (no network for it): it drives Debian's Chromium.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
NODE_MAJOR_MIN=20
started=$(date +%s)
step "setup: checking the toolchain (installs only what is missing)"

# --- Rust --------------------------------------------------------------------------------------
command -v rustup >/dev/null && command -v cargo >/dev/null ||
  die "rustup/cargo not found. Install Rust with rustup first (https://rustup.rs)."
installed_targets=$(rustup target list --installed)
if grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
  ok "rust target wasm32-unknown-unknown"
else
  note "installing rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
installed_components=$(rustup component list --installed)
for component in rustfmt clippy; do
  if grep -q "^$component" <<<"$installed_components"; then
    ok "rust component $component"
  else
    note "installing rust component $component"
    rustup component add "$component"
  fi
done

# --- Chromium and chromedriver (Debian packages) -----------------------------------------------
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  ok "chromium + chromedriver ($(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f2))"
else
  command -v apt-get >/dev/null || die "chromium is missing and this is not a Debian-like system (no apt-get)."
  export DEBIAN_FRONTEND=noninteractive
  # Update the package lists only when apt does not know chromium yet (fresh image) or the
  # install fails on stale lists.
  if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    note "apt-get update"
    as_root apt-get update -qq
  fi
  note "apt-get install chromium chromium-driver (a few minutes on a fresh machine)"
  if ! as_root apt-get install -y -qq chromium chromium-driver >/tmp/archsim-apt.log 2>&1; then
    note "install failed; refreshing package lists and retrying"
    as_root apt-get update -qq
    as_root apt-get install -y -qq chromium chromium-driver >/tmp/archsim-apt.log 2>&1 ||
      { tail -n 30 /tmp/archsim-apt.log >&2; die "apt-get install chromium chromium-driver failed (log: /tmp/archsim-apt.log)"; }
  fi
  ok "chromium + chromedriver installed"
fi

# --- Node packages: Playwright (test runner only, no browser download) and wasm-opt -----------
command -v node >/dev/null && command -v npm >/dev/null ||
  die "node/npm not found. Install Node.js >= $NODE_MAJOR_MIN (Playwright requires it)."
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge "$NODE_MAJOR_MIN" ] ||
  die "Node.js $(node --version) is too old; Playwright needs >= $NODE_MAJOR_MIN."
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.archsim-setup-stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] && [ -x node_modules/.bin/wasm-opt ]; then
  ok "npm packages (package-lock.json unchanged)"
else
  note "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" >"$stamp"
  ok "npm packages installed"
fi
wasm_opt_version=$(wasm-opt --version 2>/dev/null || true)
grep -q 'version 132' <<<"$wasm_opt_version" ||
  die "wasm-opt on PATH is '$wasm_opt_version', expected version 132 from node_modules/.bin (npm binaryen@132)."
ok "wasm-opt ($wasm_opt_version)"

# --- trunk -----------------------------------------------------------------------------------
if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
  ok "trunk $TRUNK_VERSION"
else
  note "cargo install trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  t0=$(date +%s)
  run_logged /tmp/archsim-install-trunk.log cargo install trunk --version "$TRUNK_VERSION" --locked
  ok "trunk $TRUNK_VERSION installed in $(fmt_secs $(($(date +%s) - t0)))"
fi

# --- wasm-bindgen CLI: must equal the wasm-bindgen crate in Cargo.lock --------------------------
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$wbg_version" ] || die "could not read the wasm-bindgen version from Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $wbg_version" ] &&
  [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" = "wasm-bindgen-test-runner $wbg_version" ]; then
  ok "wasm-bindgen-cli $wbg_version"
else
  note "cargo install wasm-bindgen-cli $wbg_version (about 5 minutes on 2 cores)"
  t0=$(date +%s)
  # No --locked: with it, one of the dependencies locked by wasm-bindgen-cli fails to resolve
  # and the install stops; without it Cargo picks versions that build.
  run_logged /tmp/archsim-install-wasm-bindgen.log cargo install wasm-bindgen-cli --version "$wbg_version" --force
  ok "wasm-bindgen-cli $wbg_version installed in $(fmt_secs $(($(date +%s) - t0)))"
fi

step "setup: done in $(fmt_secs $(($(date +%s) - started)))"
