#!/usr/bin/env bash
# Builds the npm package into pkg/ (and pkg/tixy-connect-<version>.tgz):
#   browser build  = the crate with `npm,lol_alloc`, no `std` -> pkg/browser/
#   server build   = the same + `server`          -> pkg/server/  (Node, Deno, Bun, workerd)
# each through wasm-bindgen (--target web: an ES module with initSync) and
# wasm-opt -Os, then the hand-written parts from pkg-template/; every shipped
# .js file is minified (esbuild) last.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=/dev/null
[ -f scripts/env.sh ] && source scripts/env.sh

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
wasm_opt=${WASM_OPT:-$root/tests/node_modules/.bin/wasm-opt}
[ -x "$wasm_opt" ] || { echo "build: wasm-opt not found (run scripts/setup.sh)" >&2; exit 1; }
esbuild=$root/tests/node_modules/esbuild/bin/esbuild
[ -x "$esbuild" ] || { echo "build: esbuild not found (run scripts/setup.sh)" >&2; exit 1; }

rm -rf pkg
mkdir -p pkg
build_one() { # name, cargo feature args...
  local name=$1; shift
  # A target dir per build keeps both caches warm across feature switches.
  cargo build --quiet --release --target wasm32-unknown-unknown --target-dir "target/$name" "$@"
  wasm-bindgen --target web --no-typescript --out-dir "pkg/$name" --out-name tixy_connect \
    "target/$name/wasm32-unknown-unknown/release/tixy_connect.wasm"
  # `--no-inline` first (it marks, -Os then inlines): functions named
  # `cold_*` hold what a call rarely needs and stay out of line
  # (ARCHITECTURE.md, "Cold paths"). The names are load-bearing: wasm-opt
  # finds these functions by the names wasm-bindgen keeps until this step,
  # so renaming a `cold_*` function, or stripping names earlier, silently
  # inlines it again.
  # `-Os` twice, not `-Oz`: larger raw wasm (server +8 KB), smaller gzip
  # (browser -279 B, server -263 B; BENCHMARKS.md, "Build settings").
  # `--low-memory-unused` lets wasm-opt fold constant pointer offsets into
  # loads and stores (~115 B gzip per build). Its assumption, that nothing
  # lives below address 1024, holds for Rust's wasm32 layout: the stack comes
  # first, [0, 1 MiB), growing down, and only a stack 1 MiB deep reaches it.
  "$wasm_opt" '--no-inline=*::cold_*' --low-memory-unused -Os -Os --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    --strip-producers --strip-target-features \
    "pkg/$name/tixy_connect_bg.wasm" -o "pkg/$name/tixy_connect_bg.wasm"
  # Short import names, in the wasm and the glue alike (about 1.4 KB gzip).
  node scripts/short-imports.mjs "pkg/$name/tixy_connect_bg.wasm" "pkg/$name/tixy_connect.js"
}
build_one browser --no-default-features --features npm,lol_alloc
build_one server --no-default-features --features npm,lol_alloc,server

cp -R pkg-template/. pkg/
# Node, Deno and Bun load one module (entry/load-node.js with the glue and its
# snippets inlined) instead of four; tree-shaking drops the glue's async init.
"$esbuild" pkg/entry/load-node.js --bundle --format=esm --platform=neutral --log-level=warning \
  --outfile=pkg/entry/load-node.js --allow-overwrite
# The browser entry and the workerd and edge-light loaders likewise become one
# module each: each file is gzip'd on its own, so four files cost four headers
# and four dictionaries. The wasm stays a file, fetched by the literal
# `new URL(…, import.meta.url)` bundlers follow, or imported (workerd,
# `?module`). The browser glue and its snippets then leave browser/: nothing
# else imports them. server/ keeps its glue for code that loads the server
# build's glue itself (the browser suites do, to test the private client's
# refusal of browsers); no package entry reaches it.
# The browser entry imports the snippets' errorClass itself (no wasm export
# for it in the browser build), through a link to their hashed directory,
# which esbuild resolves to the very module the glue imports.
ln -s "$(cd pkg/browser/snippets && echo tixy-connect-*)" pkg/browser/snippets/tixy-connect
for f in browser load-workerd load-edge-light; do
  "$esbuild" "pkg/entry/$f.js" --bundle --format=esm --platform=neutral --log-level=warning \
    '--external:*.wasm' '--external:*.wasm?module' --outfile="pkg/entry/$f.js" --allow-overwrite
done
rm -r pkg/browser/tixy_connect.js pkg/browser/snippets
# Inside a bundle (the `module` condition) the Node loader carries the server
# wasm as base64 instead of reading it from a file the bundler would leave
# behind (pkg-template/entry/load-node-bundled.js).
node -e '
  const fs = require("fs");
  const b64 = fs.readFileSync("pkg/server/tixy_connect_bg.wasm").toString("base64");
  fs.writeFileSync("pkg/entry/server-wasm-base64.js", `export default "${b64}";\n`);'
"$esbuild" pkg/entry/load-node-bundled.js --bundle --format=esm --platform=neutral --log-level=warning \
  --outfile=pkg/entry/load-node-bundled.js --allow-overwrite
rm pkg/entry/server-wasm-base64.js
# Minify in place, file by file: the package keeps its layout (entries, glue,
# snippets), so module identity and the `new URL(…, import.meta.url)` wasm
# references that bundlers follow stay as they are. It takes the browser
# build from 8.1 to 5.2 KB of gzipped JS. Readable sources: src/js/, pkg-template/.
# Not server-refused.js: esbuild drops its exports as dead code after the
# throw, and bundlers need those names to reach the explanation.
find pkg -name '*.js' ! -name server-refused.js -print0 | while IFS= read -r -d '' f; do
  "$esbuild" "$f" --minify --log-level=warning --outfile="$f" --allow-overwrite
done
cp README.md pkg/README.md 2>/dev/null || true
cp LICENSE-MIT LICENSE-APACHE pkg/
# The README links the reference: it ships beside it.
cp -R docs pkg/docs
node -e '
  const fs = require("fs"); const p = "pkg/package.json";
  const j = JSON.parse(fs.readFileSync(p, "utf8")); j.version = process.argv[1];
  fs.writeFileSync(p, JSON.stringify(j, null, 2) + "\n");' "$version"
(cd pkg && npm pack --silent >/dev/null)
echo "built pkg/tixy-connect-$version.tgz" >&2
