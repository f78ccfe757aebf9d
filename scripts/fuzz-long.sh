#!/usr/bin/env bash
# The long fuzzing run: the property tests of src/fuzz_tests.rs in
# release mode, round after round with fresh random seeds, for MINUTES
# (default 10), in both builds. Any failure stops the run with proptest's
# minimal failing input. CI runs the short pass inside `cargo test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
minutes=${1:-10}
cases=${PROPTEST_CASES:-20000}
end=$((SECONDS + minutes * 60))
rounds=0
total=0
while [ $SECONDS -lt $end ]; do
  for features in "" "--features server"; do
    # shellcheck disable=SC2086
    PROPTEST_CASES=$cases cargo test --quiet --release --lib $features fuzz_tests >/dev/null
    total=$((total + cases * 8))
  done
  rounds=$((rounds + 1))
  echo "fuzz: round $rounds done, ~$total cases, $((end - SECONDS)) s left" >&2
done
echo "fuzz: $rounds rounds, ~$total generated cases in $minutes min, 0 failures"
