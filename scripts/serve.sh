#!/usr/bin/env bash
# THE serve command: installs what is missing (scripts/setup.sh), then builds and serves the app
# with Trunk on http://127.0.0.1:8080/ (rebuilds and reloads the page when a file changes).
#
#   bash scripts/serve.sh            # optimised release build: what users get (first build ~3-5 min)
#   bash scripts/serve.sh --dev      # debug build: faster rebuilds, slower simulation
#   PORT=9000 bash scripts/serve.sh  # another port
#
# To serve an existing dist/ without Trunk: node tests/e2e/serve.mjs dist 8080
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

profile=(--release)
case "${1:-}" in
--dev) profile=() ;;
"") ;;
*) die "usage: bash scripts/serve.sh [--dev]" ;;
esac

[ "${SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh
port=${PORT:-8080}
step "trunk serve ${profile[*]} on http://127.0.0.1:$port/ (Ctrl+C to stop)"
exec trunk serve "${profile[@]}" --address 127.0.0.1 --port "$port"
