// Size budgets (issue 5): sizes are deterministic, so unlike timings they are
// asserted. Each build is measured as gzip -9 of every file its runtime
// condition can reach in the packed package (entries, JS glue, snippets, wasm).
//
// The budgets are what the build reaches plus about 2 % (issue 15: they drop with each
// saving, so that no byte comes back unnoticed). `target` is issue 15's goal, not yet
// reached: browser <= 16,000 B, server and edge <= 24,000 B (BENCHMARKS.md, "Issue 15").
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { repoRoot } from "../../harness/package.mjs";

const KB = 1000;
const BUDGETS = {
  // 22,600 until this stop's hostile reviews' fixes (+483 B, BENCHMARKS.md "Issue 15: where it ends").
  browser: { limit: 22.7 * KB, target: 16 * KB, files: ["entry/browser.js", "browser/"] },
  // Node's loader has the glue bundled in (scripts/build.sh): the wasm is all it needs of server/.
  server: { limit: 27.35 * KB, target: 24 * KB, files: ["entry/node.js", "entry/server-node.js", "entry/load-node.js", "server/tixy_connect_bg.wasm"] },
  // workerd's and edge-light's loaders have the glue bundled in too: server/'s glue is for code
  // that loads it itself, no entry reaches it.
  edge: { limit: 27.35 * KB, target: 24 * KB, files: ["entry/workerd.js", "entry/server-workerd.js", "entry/load-workerd.js", "server/tixy_connect_bg.wasm"] },
  // Node, Deno, Bun inside a bundle (the `module` condition): the wasm is embedded in the loader, as base64.
  "server (bundled)": { limit: 36.95 * KB, target: 36.95 * KB, wasmInside: true, files: ["entry/node-bundled.js", "entry/server-node-bundled.js", "entry/load-node-bundled.js"] },
  "edge (edge-light)": { limit: 27.35 * KB, target: 24 * KB, files: ["entry/edge-light.js", "entry/server-edge-light.js", "entry/load-edge-light.js", "server/tixy_connect_bg.wasm"] },
};

const pkg = join(repoRoot, "pkg");
const walk = (path) => (statSync(path).isDirectory() ? readdirSync(path).flatMap((f) => walk(join(path, f))) : [path]);

function measure(files) {
  const paths = files.flatMap((f) => walk(join(pkg, f)));
  const sizes = paths.map((p) => ({ file: relative(pkg, p), gzip: gzipSync(readFileSync(p), { level: 9 }).length }));
  return { sizes, total: sizes.reduce((n, s) => n + s.gzip, 0) };
}

for (const [build, { limit, target, files, wasmInside }] of Object.entries(BUDGETS)) {
  test(`${build} build fits its gzip budget`, () => {
    const { sizes, total } = measure(files);
    const wasmBase64 = readFileSync(join(pkg, "server", "tixy_connect_bg.wasm")).toString("base64");
    if (wasmInside) assert.ok(readFileSync(join(pkg, files.at(-1)), "utf8").includes(wasmBase64), "the loader embeds the wasm");
    else assert.ok(sizes.some((s) => s.file.endsWith(".wasm")), "the measured files include the wasm");
    // What is measured is all the entries reach: none imports a file left out (a glue, a snippet).
    for (const s of sizes.filter((s) => s.file.endsWith(".js"))) {
      const js = readFileSync(join(pkg, s.file), "utf8");
      for (const [, spec] of js.matchAll(/\b(?:import|export)\s*(?:[\w$*\s{},]*?from\s*)?\(?["']([^"']+)["']/g)) {
        const target = join(dirname(s.file), spec.replace(/\?module$/, ""));
        assert.ok(spec.startsWith(".") && sizes.some((m) => m.file === target), `${s.file} imports ${spec}, which the ${build} build does not measure`);
      }
    }
    console.log(`${build}: ${total} B gzip -9 (budget ${limit}, issue 15 target ${target})`);
    for (const s of sizes) console.log(`  ${s.file}: ${s.gzip}`);
    assert.ok(total <= limit, `${build} build is ${total} B gzip, over its ${limit} B budget`);
  });
}
