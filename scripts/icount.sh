#!/usr/bin/env bash
# The engine's speed guard: counts the instructions of each benchmark workload under
# valgrind's callgrind and compares them with the committed baseline. Instruction counts do not
# depend on what else the machine is doing, so this can run in CI where a clock cannot: the
# same binary and inputs give the same count, run after run.
#
#   bash scripts/icount.sh            # check: fail if a workload costs more than the tolerance
#   bash scripts/icount.sh --update   # rewrite the baseline with today's counts
#
# The baseline (crates/engine/icount-baseline.txt) holds one line per workload:
# `<workload> <instructions>`. The workloads are archsim-bench's (see crates/engine/PERFORMANCE.md),
# built with the release-fast profile, one run each, counted from process start to exit.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

BASELINE=crates/engine/icount-baseline.txt
# A change that costs more than this share of extra instructions fails the check. Counts move by
# well under 0.1 % between identical builds; 2 % leaves room for harmless code-layout shifts.
TOLERANCE_PCT=2
PROFILE=release-fast
WORKLOADS=(mm1_rho0.8 web_app_70pct)

update=0
case "${1:-}" in
--update) update=1 ;;
"") ;;
*) die "usage: bash scripts/icount.sh [--update]" ;;
esac

if ! command -v valgrind >/dev/null; then
  note "valgrind is missing: apt-get install valgrind"
  as_root apt-get install -y -qq valgrind >/dev/null 2>&1 ||
    { as_root apt-get update -qq && as_root apt-get install -y -qq valgrind >/dev/null; } ||
    die "could not install valgrind (Debian package valgrind)"
fi

step "build archsim-bench ($PROFILE)"
cargo build --quiet --profile "$PROFILE" -p archsim-engine --bin archsim-bench
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
bench="$target_dir/$PROFILE/archsim-bench"

# count WORKLOAD: prints the instructions one run of the workload executes.
count() {
  local out
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" --reps 1 --only "$1" 2>&1 >/dev/null) ||
    die "callgrind failed on $1: $out"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out" | tail -n 1
}

failed=0
lines=()
step "count instructions (valgrind --tool=callgrind; about a minute)"
for w in "${WORKLOADS[@]}"; do
  now=$(count "$w")
  [ -n "$now" ] || die "no instruction count for $w"
  lines+=("$w $now")
  base=$(awk -v w="$w" '$1 == w { print $2 }' "$BASELINE" 2>/dev/null || true)
  if [ -z "$base" ]; then
    note "$w: $now instructions (no baseline)"
    continue
  fi
  pct=$(awk -v a="$now" -v b="$base" 'BEGIN { printf "%+.2f", (a - b) * 100 / b }')
  if awk -v a="$now" -v b="$base" -v t="$TOLERANCE_PCT" 'BEGIN { exit !(a > b * (1 + t / 100)) }'; then
    printf '    %s: %s instructions, baseline %s (%s %%, over the %s %% tolerance)\n' "$w" "$now" "$base" "$pct" "$TOLERANCE_PCT"
    failed=1
  else
    ok "$w: $now instructions, baseline $base ($pct %)"
  fi
done

if [ "$update" = 1 ]; then
  printf '%s\n' "${lines[@]}" >"$BASELINE"
  ok "wrote $BASELINE"
elif [ "$failed" = 1 ]; then
  die "the engine got slower by instruction count; profile it (valgrind --tool=callgrind, then callgrind_annotate) or, if the cost is deliberate, run: bash scripts/icount.sh --update"
fi
