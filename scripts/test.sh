#!/usr/bin/env bash
# Runs every test of tixy-connect, installing what it needs first:
#   lint (fmt, clippy) -> native cargo tests (+ compile-fail) -> npm package build
#   -> wasm-bindgen-test in Node, Chromium page and Chromium worker, against the mock
#   -> JS suites on the packed tarball: Node 20/22/24, Deno, Bun, workerd, Chromium, Vite
#   -> ecosystem/ projects: Next.js, Vercel Edge VM, wrangler, webpack, esbuild, TypeScript, require().
# Prints the individual tests' totals (from the cargo, wasm-bindgen-test and node --test
# reports), then one closing line "tests: N passed, N failed" (suites), and exits non-zero
# on any failure.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/setup.sh || { echo "setup failed"; exit 1; }
# shellcheck source=/dev/null
source scripts/env.sh

passed=0
failed=0
failures=()
# Individual tests, summed from each suite's own report: cargo test and
# wasm-bindgen-test-runner print "test result: ... N passed; N failed; N ignored",
# node --test "# pass N", "# fail N", "# skipped N", "# todo N", "# cancelled N".
tests_passed=0
tests_failed=0
tests_skipped=0
count_tests() { # log file
  local p f s
  read -r p f s < <(awk '
    /^test result:/ { for (i = 1; i < NF; i++) { v = $i + 0; w = $(i + 1); sub(/[;,.]$/, "", w)
                        if (w == "passed") p += v; else if (w == "failed") f += v; else if (w == "ignored") s += v } }
    /^# pass /      { p += $3 }
    /^# (fail|cancelled) / { f += $3 }
    /^# (skipped|todo) /   { s += $3 }
    END { print p + 0, f + 0, s + 0 }' "$1")
  tests_passed=$((tests_passed + p)); tests_failed=$((tests_failed + f)); tests_skipped=$((tests_skipped + s))
}
suite_log=$(mktemp)
trap 'rm -f "$suite_log"' EXIT
suite() { # name, command...
  local name=$1; shift
  echo
  echo "=== $name"
  local start=$SECONDS
  # pipefail: the suite's status, not tee's.
  if "$@" 2>&1 | tee "$suite_log"; then
    passed=$((passed + 1)); echo "=== ok: $name ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "=== FAILED: $name ($((SECONDS - start)) s)"
  fi
  count_tests "$suite_log"
}

suite "cargo fmt --check" cargo fmt --all -- --check
suite "clippy (browser build)" cargo clippy --quiet --all-targets -- -D warnings
suite "clippy (server build)" cargo clippy --quiet --all-targets --features server -- -D warnings
# The npm package's two builds (scripts/build.sh): no_std, the facade, the allocator.
suite "clippy (wasm32 npm browser build)" cargo clippy --quiet --target wasm32-unknown-unknown --lib --no-default-features --features npm,lol_alloc -- -D warnings
suite "clippy (wasm32 npm server build)" cargo clippy --quiet --target wasm32-unknown-unknown --lib --no-default-features --features npm,lol_alloc,server -- -D warnings
suite "native tests (browser build)" cargo test --quiet
suite "native tests (server build)" cargo test --quiet --features server
# What crates.io would get: the file list, and `cargo publish --dry-run` for both feature sets.
suite "crate package (list, publish --dry-run)" bash scripts/check-crate.sh

if ! bash scripts/build.sh; then
  echo "package build failed: nothing else can run"
  echo "individual tests: $tests_passed passed, $tests_failed failed, $tests_skipped skipped or ignored"
  echo "tests: $passed passed, $((failed + 1)) failed"
  exit 1
fi

# One mock for the wasm-bindgen-test runs (the JS suites start their own).
mkdir -p tests/.tmp
node mock-tixy/cli.mjs > tests/.tmp/mock.json 2> tests/.tmp/mock.log &
mock_pid=$!
trap 'kill $mock_pid 2>/dev/null; rm -f "$suite_log"' EXIT
for _ in $(seq 50); do [ -s tests/.tmp/mock.json ] && break; sleep 0.1; done
mock() { node -e 'const c = JSON.parse(require("fs").readFileSync("tests/.tmp/mock.json", "utf8")); console.log(eval("c." + process.argv[1]))' "$1"; }
export TIXY_MOCK_PUBLIC_URL=$(mock publicUrl) TIXY_MOCK_PRIVATE_URL=$(mock privateUrl) TIXY_MOCK_CONTROL_URL=$(mock controlUrl)
export TIXY_MOCK_PUBLIC_TOKEN=$(mock tokens.public) TIXY_MOCK_PRIVATE_TOKEN=$(mock tokens.private)

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_WEBDRIVER_JSON=$root/tests/webdriver.json
export WASM_BINDGEN_TEST_TIMEOUT=60
# After the mock: the wasm tests bake its URLs in at compile time.
suite "clippy (wasm32, server)" cargo clippy --quiet --target wasm32-unknown-unknown --lib --tests --features server -- -D warnings
suite "clippy (wasm32, Rust user: server, worker)" cargo clippy --quiet --target wasm32-unknown-unknown --lib --features server,worker -- -D warnings
# wasm-bindgen-test's Node runner exits 0 when a test's future never settles, and
# the tests after it never run: the summary must count every test it started.
wasm_test() {
  local out rc want got
  out=$(mktemp)
  cargo test --target wasm32-unknown-unknown --test wasm_client "$@" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || return "$rc"
  want=$(sed -n 's/^running \([0-9]*\) tests$/\1/p' "$out" | tail -n1)
  got=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$out" | tail -n1)
  rm -f "$out"
  [ -n "$want" ] && [ "$want" = "$got" ] || {
    echo "wasm_test: ${want:-?} tests started, but the summary says ${got:-nothing} passed (did one never settle?)"
    return 1
  }
}
suite "wasm-bindgen-test: Node (public)" wasm_test
suite "wasm-bindgen-test: Node (server)" wasm_test --features server
suite "wasm-bindgen-test: Chromium page (server build: private client refused)" env WASM_BINDGEN_USE_BROWSER=1 bash -c "$(declare -f wasm_test); wasm_test --features server"
suite "wasm-bindgen-test: Chromium dedicated worker" env WASM_BINDGEN_USE_DEDICATED_WORKER=1 bash -c "$(declare -f wasm_test); wasm_test --features server"

js_files=(mock-tixy/selftest.test.mjs tests/js/*.test.mjs)
# TAP on every Node (24 defaults to its spec reporter): count_tests reads its summary.
suite "JS suites (Node $(node --version))" node --test --test-reporter=tap --test-concurrency=1 "${js_files[@]}"
suite "JS contract suites (Node $("$NODE24" --version))" "$NODE24" --test --test-reporter=tap --test-concurrency=1 tests/js/node-public.test.mjs tests/js/node-private.test.mjs
suite "JS contract suites (Node $("$NODE22" --version))" "$NODE22" --test --test-reporter=tap --test-concurrency=1 tests/js/node-public.test.mjs tests/js/node-private.test.mjs
# The tools users build with: one project per tool under ecosystem/,
# each with its own lock file, installing the packed tarball (ecosystem/run.mjs).
for project in node-require esbuild-node edge-vm webpack wrangler typescript lint next; do
  suite "ecosystem: $project" node ecosystem/run.mjs "$project"
done
# workers-rs Worker built with worker-build (installed on first use), in workerd against the mock.
suite "Rust Worker example (www-example/rust-worker)" bash scripts/rust-worker.sh
suite "demo smoke (scripts/demo.sh --smoke)" env TIXY_SKIP_BUILD=1 bash scripts/demo.sh --smoke

echo
if [ "$failed" -gt 0 ]; then printf 'failed suite: %s\n' "${failures[@]}"; fi
echo "individual tests: $tests_passed passed, $tests_failed failed, $tests_skipped skipped or ignored"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
