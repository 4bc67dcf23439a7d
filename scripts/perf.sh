#!/usr/bin/env bash
# What users get, measured: the engine's speed in the shipped wasm in Chromium beside the native
# release build on the same workloads and the same machine, rounds alternating so background
# load hits both alike; running the web app at 10,000 req/s for 10 minutes to the end, and
# seeking in it; frame times with the 10,000-dot cap filled; the wasm download size; the time
# to the first rendered canvas. One summary at the end, each figure beside its goal.
#
#   bash scripts/perf.sh [ROUNDS]      # default 3 rounds; needs setup.sh to have run
#
# Figures, not checks: nothing here fails on a slow machine. The instruction-count guard that
# CI runs is scripts/icount.sh.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ROUNDS=${1:-3}
PROFILE=release-fast

step "build: trunk build --release (the site) and archsim-bench ($PROFILE, native)"
trunk build --release >/dev/null
cargo build --quiet --profile "$PROFILE" -p archsim-engine --bin archsim-bench
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

log=$(mktemp)
trap 'rm -f "$log"' EXIT
step "engine: $ROUNDS rounds of native then Chromium ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
for round in $(seq "$ROUNDS"); do
  "$target_dir/$PROFILE/archsim-bench" --reps 5 | tee -a "$log"
  PERF=1 PERF_REPS=5 npx playwright test engine-perf --reporter=line 2>&1 | grep '^browser ' | tee -a "$log"
  note "round $round of $ROUNDS done"
done

step "page: first rendered canvas"
PERF=1 npx playwright test tests/e2e/perf.spec.ts --reporter=line 2>&1 | grep -E '^(first|idle)' | tee -a "$log"

step "dots: the 10,000-dot cap filled (web app at 10,000 req/s, 1x, ?dots=max)"
PERF=1 npx playwright test tests/e2e/dots-perf.spec.ts --reporter=line 2>&1 | grep -E '^perf ' | tee -a "$log" || true

wasm=$(find dist -maxdepth 1 -name '*.wasm' | head -n 1)
step "summary (best of all runs)"
node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const best = {};
  for (const line of readFileSync(process.argv[1], "utf8").split("\n")) {
    const m = line.match(/^(browser )?(\S+)\s+events\s+(\d+)\s+best\s+([\d.]+) M/);
    if (!m) continue;
    const key = `${m[2]}/${m[1] ? "browser" : "native"}`;
    best[key] = Math.max(best[key] ?? 0, Number(m[4]));
  }
  const names = [...new Set(Object.keys(best).map((k) => k.split("/")[0]))];
  for (const n of names) {
    const nat = best[`${n}/native`], web = best[`${n}/browser`];
    console.log(`    engine ${n.padEnd(14)} native ${nat.toFixed(2)} M events/s   Chromium ${web.toFixed(2)} M events/s   Chromium/native ${(web / nat).toFixed(2)}`);
  }
  const text = readFileSync(process.argv[1], "utf8");
  const first = text.match(/first rendered canvas: (\d+) ms/);
  if (first) console.log(`    first rendered canvas ${first[1]} ms after navigation start (localhost; goal 500 ms)`);
  // The run-to-end and seek cases of engine-perf.spec.ts, best of the rounds.
  const times = (re) => [...text.matchAll(re)].map((m) => Number(m[1]));
  const toEnd = times(/run-to-end web_app_10k_rps_10min ([\d.]+) s/g);
  if (toEnd.length) console.log(`    run to end, web app at 10,000 req/s for 10 min: ${Math.min(...toEnd).toFixed(1)} s (goal 10 s)`);
  const seek = times(/seek web_app_10k_rps_10min to \d+ s: ([\d.]+) s/g);
  if (seek.length) console.log(`    seek in it (to 540, 300 and 60 s each round): the slowest of ${seek.length} took ${Math.max(...seek).toFixed(1)} s (goal 2 s)`);
  const dots = text.match(/^perf (\{.*\})$/m);
  if (dots) {
    const p = JSON.parse(dots[1]);
    console.log(`    frames with ${p.drawn} dots drawn: p95 ${Number(p.frameP95Ms).toFixed(1)} ms (goal 16.7 ms)`);
  }
' "$log"
printf '    wasm %s: %d KiB raw, %d KiB gzip -9\n' "$(basename "$wasm")" \
  $(($(stat -c %s "$wasm") / 1024)) $(($(gzip -9 -c "$wasm" | wc -c) / 1024))
