#!/usr/bin/env bash
# Behaviour digests: the sha256 of `archsim run --json` for every example in examples/ under
# seeds 1, 2 and 3, one line each. A refactor must leave this output unchanged:
#
#   bash scripts/digests.sh > /tmp/digests-before.txt     # before the change
#   bash scripts/digests.sh | diff /tmp/digests-before.txt -   # after: no output
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

cargo build --quiet --release -p archsim-engine --bin archsim
target_dir=$(cargo metadata --format-version 1 --no-deps |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
archsim="$target_dir/release/archsim"
[ -x "$archsim" ] || die "no archsim binary at $archsim"

for example in examples/*.json; do
  for seed in 1 2 3; do
    digest=$("$archsim" run "$example" --seed "$seed" --json | sha256sum | cut -d' ' -f1)
    echo "$example seed $seed $digest"
  done
done
