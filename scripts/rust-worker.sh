#!/usr/bin/env bash
# The Rust Worker example (www-example/rust-worker/): builds it with
# worker-build, offline but for the crates.io registry, and tests it in
# workerd against the mock (www-example/rust-worker/test.mjs).
#   bash scripts/rust-worker.sh           build + test
#   bash scripts/rust-worker.sh --sizes   build, then print its wasm's size (gzip -9)
# worker-build would download wasm-bindgen, wasm-opt and esbuild; the *_BIN
# variables point it at the ones scripts/setup.sh installed instead.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=/dev/null
source scripts/env.sh

# Pinned: worker-build's glue must match worker 0.8.7 (the example's Cargo.toml).
worker_build_version=0.8.7
if ! worker-build --version 2>/dev/null | grep -qF "$worker_build_version"; then
  echo "rust-worker: installing worker-build $worker_build_version (cargo install, once per machine)"
  cargo install worker-build --version "=$worker_build_version" --locked --quiet
fi

export WASM_BINDGEN_BIN=${WASM_BINDGEN_BIN:-$(command -v wasm-bindgen)}
export WASM_OPT_BIN=${WASM_OPT_BIN:-$root/tests/node_modules/.bin/wasm-opt}
export ESBUILD_BIN=${ESBUILD_BIN:-$root/tests/node_modules/esbuild/bin/esbuild}
# The installed CLI is the one the crate's exact pin names.
cli=$("$WASM_BINDGEN_BIN" --version | awk '{print $2}')
pin=$(sed -n 's/^wasm-bindgen = .*"=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ "$cli" = "$pin" ] || { echo "rust-worker: wasm-bindgen-cli $cli, but the crate pins $pin"; exit 1; }

build() { # extra cargo args for worker-build
  (cd www-example/rust-worker && worker-build --release "$@")
}
gz() { gzip -9c "$1" | wc -c; }

if [ "${1:-}" = "--sizes" ]; then
  build
  wasm=www-example/rust-worker/build/index_bg.wasm
  echo "rust-worker: without the npm facade: $(stat -c %s "$wasm") B wasm, $(gz "$wasm") B gzip -9"
  # size15's `npm` feature (issue 17 item 1); absent before it is merged.
  if grep -q '^npm = ' Cargo.toml; then
    build --features tixy-connect/npm
    echo "rust-worker: with the npm facade:    $(stat -c %s "$wasm") B wasm, $(gz "$wasm") B gzip -9"
    build
  fi
  exit 0
fi

build
node --test --test-reporter=tap www-example/rust-worker/test.mjs
