#!/usr/bin/env bash
# Same scenario + seed -> the same bytes, natively and in WebAssembly.
#
# Builds the `archsim` CLI natively and for wasm32-wasip1, runs
# `archsim run examples/X.json --json` for every example (with the scenario's own seed and
# with --seed 1234567) both ways — the wasm build under Node's node:wasi, reading the scenario
# through a WASI preopen of examples/ — and compares the outputs byte for byte (cmp).
# Exits non-zero naming the example and the first JSON fields that differ.
#
#   bash scripts/wasm-determinism.sh                   # compare native vs wasm
#   bash scripts/wasm-determinism.sh --keep DIR        # ...and keep the outputs in DIR
#   bash scripts/wasm-determinism.sh --baseline DIR    # ...and also compare with the native
#                                                      # outputs kept in DIR (before/after a change)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PROFILE=release-fast
WASM_TARGET=wasm32-wasip1
SEEDS=("" 1234567) # "" = the seed in the scenario file

keep="" baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=${2:?--keep needs a directory}; shift 2 ;;
    --baseline) baseline=${2:?--baseline needs a directory}; shift 2 ;;
    *) die "unknown argument '$1' (usage: $0 [--keep DIR] [--baseline DIR])" ;;
  esac
done
[ -z "$baseline" ] || [ -d "$baseline" ] || die "no baseline directory '$baseline'"

command -v node >/dev/null || die "node (>= 20, for node:wasi) is not on PATH"
if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
  step "rustup target add $WASM_TARGET"
  rustup target add "$WASM_TARGET"
fi

step "build archsim ($PROFILE), native and $WASM_TARGET"
cargo build --quiet --profile "$PROFILE" -p archsim-engine --bin archsim
cargo build --quiet --profile "$PROFILE" -p archsim-engine --bin archsim --target "$WASM_TARGET"
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
native="$target_dir/$PROFILE/archsim"
wasm="$target_dir/$WASM_TARGET/$PROFILE/archsim.wasm"

out=${keep:-$(mktemp -d)}
mkdir -p "$out"
[ -n "$keep" ] || trap 'rm -rf "$out"' EXIT

# Names the first fields where two JSON reports differ (for the error message).
json_diff() {
  node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const [a, b] = process.argv.slice(1).map((f) => JSON.parse(readFileSync(f, "utf8")));
    const found = [];
    const walk = (x, y, path) => {
      if (found.length >= 10) return;
      if (typeof x === "object" && x !== null && typeof y === "object" && y !== null) {
        for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], `${path}.${k}`);
      } else if (!Object.is(x, y)) {
        found.push(`    ${path}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
      }
    };
    walk(a, b, "$");
    console.log(found.length ? found.join("\n") : "    (same values, different formatting)");
  ' "$1" "$2"
}

step "run every example natively and under node:wasi"
failures=0 runs=0
for path in examples/*.json; do
  name=$(basename "$path" .json)
  for seed in "${SEEDS[@]}"; do
    args=(run "$name.json" --json)
    tag=$name
    if [ -n "$seed" ]; then
      args+=(--seed "$seed")
      tag=$name.seed$seed
    fi
    (cd examples && "$native" "${args[@]}") >"$out/$tag.native.json"
    # The guest sees examples/ as its current directory ("."), like the native run.
    node --no-warnings scripts/run-wasi.mjs --dir "$ROOT/examples=." "$wasm" "${args[@]}" \
      >"$out/$tag.wasm.json"
    runs=$((runs + 1))
    if cmp -s "$out/$tag.native.json" "$out/$tag.wasm.json"; then
      ok "$tag: $(wc -c <"$out/$tag.native.json") bytes identical"
    else
      failures=$((failures + 1))
      printf '%sDIFFERENT:%s %s: native and wasm outputs differ (%s)\n' "$_red$_bold" "$_reset" \
        "$tag" "$(cmp "$out/$tag.native.json" "$out/$tag.wasm.json" 2>&1 | head -1)" >&2
      json_diff "$out/$tag.native.json" "$out/$tag.wasm.json" >&2
    fi
    if [ -n "$baseline" ]; then
      if [ ! -f "$baseline/$tag.native.json" ]; then
        failures=$((failures + 1))
        printf '%sMISSING:%s %s: not in the baseline %s\n' "$_red$_bold" "$_reset" "$tag" "$baseline" >&2
      elif cmp -s "$baseline/$tag.native.json" "$out/$tag.native.json"; then
        ok "$tag: identical to the baseline"
      else
        failures=$((failures + 1))
        printf '%sCHANGED:%s %s: output differs from the baseline in %s\n' "$_red$_bold" "$_reset" \
          "$tag" "$baseline" >&2
        json_diff "$baseline/$tag.native.json" "$out/$tag.native.json" >&2
      fi
    fi
  done
done

[ -z "$keep" ] || note "outputs kept in $keep"
if [ "$failures" -gt 0 ]; then
  die "$failures of $runs comparisons differ: the same scenario and seed must give the same bytes natively, in wasm and before and after a change"
fi
ok "all $runs runs give byte-identical JSON natively and in WebAssembly"
