#!/usr/bin/env bash
# The demo: the example page and the example Worker against the embedded mock
# TIXY server, or the real API when TIXY_PUBLIC_TOKEN / TIXY_PRIVATE_TOKEN are
# set. Installs and builds what it needs first. `--smoke` checks and exits.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash scripts/setup.sh
# shellcheck source=/dev/null
source scripts/env.sh
[ -n "${TIXY_SKIP_BUILD:-}" ] && [ -f pkg/package.json ] || bash scripts/build.sh
exec node www-example/demo.mjs "$@"
