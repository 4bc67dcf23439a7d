#!/usr/bin/env bash
# Engine speed, natively and as WebAssembly: builds `archsim-bench` (profile release-fast)
# for the host and for wasm32-wasip1, runs it ROUNDS times each way, alternating so that
# background load hits both alike, and prints the best events/s per workload and the
# wasm/native ratio. See crates/engine/PERFORMANCE.md.
#
#   bash scripts/engine-bench.sh [ROUNDS]      # default 3 rounds of 5 runs per workload
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ROUNDS=${1:-3}
PROFILE=release-fast
WASM_TARGET=wasm32-wasip1

command -v node >/dev/null || die "node (>= 20, for node:wasi) is not on PATH"
if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
  step "rustup target add $WASM_TARGET"
  rustup target add "$WASM_TARGET"
fi
step "build archsim-bench ($PROFILE), native and $WASM_TARGET"
cargo build --quiet --profile "$PROFILE" -p archsim-engine --bin archsim-bench
cargo build --quiet --profile "$PROFILE" -p archsim-engine --bin archsim-bench --target "$WASM_TARGET"
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')

log=$(mktemp)
trap 'rm -f "$log"' EXIT
step "run: $ROUNDS rounds, native then wasm (node $(node --version), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
for round in $(seq "$ROUNDS"); do
  "$target_dir/$PROFILE/archsim-bench" | tee -a "$log"
  node --no-warnings scripts/run-wasi.mjs "$target_dir/$WASM_TARGET/$PROFILE/archsim-bench.wasm" | tee -a "$log"
  note "round $round of $ROUNDS done"
done

step "best of all runs"
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const best = {};
  let target = "";
  for (const line of readFileSync(process.argv[1], "utf8").split("\n")) {
    const head = line.match(/^archsim-bench \((\w+),/);
    if (head) { target = head[1]; continue; }
    const m = line.match(/^(\S+)\s+events\s+(\d+)\s+best\s+([\d.]+) M/);
    if (!m) continue;
    const key = `${m[1]}/${target}`;
    best[key] = Math.max(best[key] ?? 0, Number(m[3]));
  }
  const names = [...new Set(Object.keys(best).map((k) => k.split("/")[0]))];
  for (const n of names) {
    const nat = best[`${n}/native`], wasm = best[`${n}/wasm`];
    console.log(`    ${n.padEnd(14)} native ${nat.toFixed(2)} M events/s   wasm ${wasm.toFixed(2)} M events/s   wasm/native ${(wasm / nat).toFixed(2)}`);
  }
' "$log"
