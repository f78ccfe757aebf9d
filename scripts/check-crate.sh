#!/usr/bin/env bash
# What crates.io would get (issue 17): `cargo package --list` ships the crate's
# sources, README, CHANGELOG, ARCHITECTURE, docs/reference.md and both licence
# files, and nothing of the benchmarks, fixtures, mock, npm template, examples
# or harnesses; then `cargo publish --dry-run` packages and builds it for both
# feature sets (it reads the crates.io index, uploads nothing), after the docs
# as docs.rs would build them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# --allow-dirty: a test run leaves ignored files and local edits about; the
# list is decided by Cargo.toml's `include`, not by the work tree's state.
list=$(cargo package --list --allow-dirty --quiet)
fail=0
for required in Cargo.toml src/lib.rs src/boundary/io.js README.md LICENSE-MIT LICENSE-APACHE docs/reference.md; do
  grep -qx "$required" <<<"$list" || { echo "check-crate: $required is missing from the package"; fail=1; }
done
# Anything outside these is a mistake (bench/, BENCHMARKS.md, fixtures, mock-tixy/, …).
unexpected=$(grep -Ev '^(src/.*\.(rs|js)|Cargo\.toml|Cargo\.toml\.orig|Cargo\.lock|README\.md|CHANGELOG\.md|ARCHITECTURE\.md|LICENSE-MIT|LICENSE-APACHE|docs/reference\.md|\.cargo_vcs_info\.json)$' <<<"$list" || true)
if [ -n "$unexpected" ]; then echo "check-crate: not for crates.io:"; echo "$unexpected"; fail=1; fi
for forbidden in bench/ BENCHMARKS.md mock-tixy/ ecosystem/ harness/ tests/ www-example/ pkg-template/ scripts/ fixtures; do
  if grep -q "^$forbidden\|/$forbidden" <<<"$list"; then echo "check-crate: $forbidden is packaged"; fail=1; fi
done
[ "$fail" -eq 0 ] || exit 1
echo "check-crate: $(wc -l <<<"$list") files, none of them benchmarks, fixtures or harnesses"

# The docs as docs.rs builds them ([package.metadata.docs.rs]): nightly rustdoc
# with --cfg docsrs, so `doc(cfg)` badges; RUSTC_BOOTSTRAP stands in for
# nightly on this stable toolchain. Warnings fail, broken links included.
RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="--cfg docsrs -D warnings" cargo doc --quiet --no-deps \
  --features server,worker --target wasm32-unknown-unknown --target-dir target/docsrs
badge='Available on <strong>crate feature <code>server</code>'
grep -q "$badge" target/docsrs/wasm32-unknown-unknown/doc/tixy_connect/type.PrivateClient.html \
  || { echo "check-crate: PrivateClient's docs lack the server badge"; exit 1; }
echo "check-crate: docs.rs docs build warning-free, private items badged"

cargo publish --dry-run --allow-dirty --quiet
cargo publish --dry-run --allow-dirty --quiet --features server
echo "check-crate: cargo publish --dry-run passed (default features, and server)"
