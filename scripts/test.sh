#!/usr/bin/env bash
# THE test command: installs what is missing (scripts/setup.sh), then runs every check and test,
# stopping at the first failure.
#
#   bash scripts/test.sh              # everything, as CI runs it (.ci/run)
#   bash scripts/test.sh wasm e2e     # only the named steps (setup still runs first)
#   SKIP_SETUP=1 bash scripts/test.sh e2e
#
# Steps: fmt clippy clippy-wasm test icount wasm build e2e
#   fmt          cargo fmt --check
#   clippy       clippy, native, all targets, -D warnings
#   clippy-wasm  clippy for wasm32: the app (all targets) and the engine library
#   test         cargo test --workspace, native (engine unit/property/theory tests, app unit tests)
#   icount       the engine's instruction counts on the benchmark workloads against the committed
#                baseline (scripts/icount.sh; valgrind, so a busy machine cannot make it flaky)
#   wasm         wasm-bindgen-tests of the app in headless Chromium (tests/web.rs, ...), including
#                tests/determinism.rs: the engine in the browser must match the native bytes
#   build        trunk build --release -> dist/, then the wasm size against the budget
#   e2e          Playwright against dist/ in Debian's Chromium (tests/e2e/)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ALL_STEPS=(fmt clippy clippy-wasm test icount wasm build e2e)
# 600 KiB held the first nine kinds (466 KiB); the full catalog (DNS, CDN, gateway, shard
# router, replicas, breakers, autoscaler, redundancy, zones) measured 674 KiB. Safe input
# handling, the lesson engine and player, and the 28 lessons and 11 examples built in (their
# text alone is 26 KiB gzipped, so the gallery and deep links open at once, offline too)
# measure 814 KiB. The engine built at opt-level 3 instead of "z" (Cargo.toml) runs 1.3–1.8×
# faster in Chromium and adds 74 KiB: 888 KiB; run to the end, seeking, the projector scale,
# the dark theme and the charts' event marks 899 KiB (673 KiB as brotli, which the build also
# writes). Each kind's behaviour behind one trait, and the cache's policies (eviction, request
# coalescing, TTL jitter, write-through/back/around, cache-aside) with their three lessons and
# an example: 909 KiB. Sessions (sticky routing, in-memory or stored sessions) with their
# lesson and example, and the back-of-the-envelope calculator: 924 KiB. Lessons in share
# links (link format v2: a lesson's serializer, and its checks when one arrives) add 15 KiB.
# Machine sizes (vertical scaling: the sizes, a resize fault with its rolling restart, the
# Resize control, the Machines figure) add 11 KiB, and their lesson and example 2 KiB;
# heartbeats (a probe timeout, false suspicions) with theirs 3 KiB: 956 KiB; the autoscaler
# described like every other field instead of a widget of its own: 954 KiB.
# Lessons and examples out of the wasm: Trunk copies lessons/ and examples/ beside the app and
# the app fetches a file when it is first needed (src/learn/library.rs), which left 929 KiB
# before the autoscaler change (951,388 bytes; 689 KiB as brotli). A new lesson or example
# now costs the wasm nothing.
# The analysis in the app (queueing theory beside the run, SPOFs and the bottleneck on the
# diagram): the engine's analysis module and its panel, 986 KiB (1,009,400 bytes); with the
# monthly cost at list prices, 992 KiB; with challenges graded in the app (their panel, the
# script a run is held to, the challenge format), 1005 KiB.
WASM_GZIP_BUDGET_KIB=1008
WASM_TARGET=wasm32-unknown-unknown

if [ $# -gt 0 ]; then steps=("$@"); else steps=("${ALL_STEPS[@]}"); fi
for s in "${steps[@]}"; do
  [[ " ${ALL_STEPS[*]} " == *" $s "* ]] || die "unknown step '$s' (steps: ${ALL_STEPS[*]})"
done

started=$(date +%s)
summary=()
current=""
finish() {
  local rc=$?
  local total
  total=$(fmt_secs $(($(date +%s) - started)))
  echo
  for line in "${summary[@]}"; do echo "    $line"; done
  if [ "$rc" -eq 0 ]; then
    printf '%sPASS%s: %s in %s\n' "$_green$_bold" "$_reset" "${steps[*]}" "$total"
  elif [ "$current" = setup ]; then
    printf '%sFAIL%s: scripts/setup.sh failed (exit %s) after %s; its output is above.\n' \
      "$_red$_bold" "$_reset" "$rc" "$total"
  else
    printf '%sFAIL%s: step "%s" failed (exit %s) after %s; its output is above. Rerun it alone: SKIP_SETUP=1 bash scripts/test.sh %s\n' \
      "$_red$_bold" "$_reset" "$current" "$rc" "$total" "$current"
  fi
}
trap finish EXIT

# run_step NAME DESCRIPTION CMD...: runs one check, timing it.
run_step() {
  local name=$1 description=$2
  shift 2
  current=$name
  step "$name: $description"
  local t0
  t0=$(date +%s)
  "$@"
  summary+=("$(printf 'ok %-12s %8s  %s' "$name" "$(fmt_secs $(($(date +%s) - t0)))" "$description")")
  ok "$name ($(fmt_secs $(($(date +%s) - t0))))"
}

wasm_size() {
  local wasm raw gz
  wasm=$(find dist -maxdepth 1 -name '*.wasm' | head -n 1)
  [ -n "$wasm" ] || die "trunk build produced no .wasm in dist/"
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  note "$(basename "$wasm"): $((raw / 1024)) KiB raw, $((gz / 1024)) KiB gzip -9 (budget ${WASM_GZIP_BUDGET_KIB} KiB gzip)"
  [ "$gz" -le $((WASM_GZIP_BUDGET_KIB * 1024)) ] ||
    die "wasm is $((gz / 1024)) KiB gzipped, over the ${WASM_GZIP_BUDGET_KIB} KiB budget"
}

wasm_tests() {
  # tests/determinism.rs: the browser must reproduce the native engine's bytes. The native run
  # writes its digests; the wasm build gets them as a compile-time variable.
  local digests
  digests=$(mktemp)
  ARCHSIM_DIGEST_OUT="$digests" cargo test --quiet -p archsim-web --test determinism
  ARCHSIM_NATIVE_DIGESTS="$(cat "$digests")" cargo test --target "$WASM_TARGET" -p archsim-web
  rm -f "$digests"
}

trunk_release() {
  # Trunk would try to download wasm-bindgen/wasm-opt if the right ones were not on PATH;
  # setup.sh put them there, so a download attempt here means setup is broken.
  trunk build --release
  wasm_size
  # .br and .gz copies beside the assets, for static hosts that serve them as they are.
  node scripts/precompress.mjs dist
}

if [ "${SKIP_SETUP:-}" = 1 ]; then
  note "SKIP_SETUP=1: not running scripts/setup.sh"
else
  current=setup
  t0=$(date +%s)
  bash scripts/setup.sh
  summary+=("$(printf 'ok %-12s %8s  %s' setup "$(fmt_secs $(($(date +%s) - t0)))" 'scripts/setup.sh')")
fi

for s in "${steps[@]}"; do
  case $s in
  fmt) run_step fmt "cargo fmt --check" cargo fmt --all -- --check ;;
  clippy) run_step clippy "clippy (native, all targets)" \
    cargo clippy --workspace --all-targets -- -D warnings ;;
  clippy-wasm)
    run_step clippy-wasm "clippy ($WASM_TARGET: app all targets, engine lib)" \
      bash -c "cargo clippy --target $WASM_TARGET -p archsim-web --all-targets -- -D warnings &&
               cargo clippy --target $WASM_TARGET -p archsim-engine --lib -- -D warnings"
    ;;
  test) run_step test "cargo test --workspace (native)" cargo test --workspace ;;
  icount) run_step icount "engine instruction counts vs crates/engine/icount-baseline.txt" bash scripts/icount.sh ;;
  wasm) run_step wasm "wasm-bindgen-tests in headless Chromium" wasm_tests ;;
  build) run_step build "trunk build --release -> dist/" trunk_release ;;
  e2e) run_step e2e "Playwright end-to-end tests against dist/" \
    bash -c '[ -f dist/index.html ] || { echo "dist/ is missing: run the build step first" >&2; exit 1; }
             playwright test' ;;
  esac
done
current=""
