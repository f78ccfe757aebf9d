// Vercel's Edge rule, as Vercel emulates it (edge-runtime): an edge function
// bundled with the `edge-light` condition, its `?module` wasm import given as a
// WebAssembly.Module compiled by the host (as Vercel's bundler and Next.js do),
// run in an Edge VM where compiling wasm from bytes is turned off.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import * as esbuild from "esbuild";
import { EdgeRuntime } from "edge-runtime";
import { startMock } from "../lib.mjs";

let mock;
before(async () => {
  mock = await startMock({ events: 6, tours: 2, seed: 21 });
});
after(() => mock?.close());

/** Bundles function.mjs as Vercel does: edge-light first, `x.wasm?module` -> a global WebAssembly.Module binding. */
async function bundle() {
  const wasm = {};
  const result = await esbuild.build({
    entryPoints: ["function.mjs"],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    conditions: ["edge-light", "worker", "browser"],
    metafile: true,
    logLevel: "silent",
    plugins: [
      {
        name: "wasm-module",
        setup(build) {
          build.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({
            path: new URL(args.path.replace(/\?module$/, ""), `file://${args.resolveDir}/`).pathname,
            namespace: "wasm-module",
          }));
          build.onLoad({ filter: /.*/, namespace: "wasm-module" }, (args) => {
            const name = `wasm_${Object.keys(wasm).length}`;
            wasm[name] = new WebAssembly.Module(readFileSync(args.path));
            return { contents: `export default globalThis.${name};`, loader: "js" };
          });
        },
      },
    ],
  });
  return { code: result.outputFiles[0].text, wasm, inputs: Object.keys(result.metafile.inputs) };
}

const edgeVm = (code, wasm) =>
  new EdgeRuntime({
    initialCode: code,
    codeGeneration: { strings: false, wasm: false },
    extend: (context) => Object.assign(context, wasm),
  });

test("the edge-light entries resolve, and share one wasm module imported with ?module", async () => {
  const { inputs, wasm } = await bundle();
  const pkg = inputs.filter((p) => p.includes("tixy-connect/"));
  for (const f of ["entry/edge-light.js", "entry/server-edge-light.js", "entry/load-edge-light.js"]) {
    assert.ok(pkg.some((p) => p.endsWith(f)), `bundle lacks ${f}: ${pkg}`);
  }
  for (const bad of ["browser.js", "server-refused.js", "server-browser-bundle.js", "load-node"]) {
    assert.ok(!pkg.some((p) => p.includes(bad)), `bundle includes ${bad}`);
  }
  assert.equal(Object.keys(wasm).length, 1);
});

test("control: the Edge VM refuses to compile wasm from bytes", () => {
  const vm = edgeVm("", {});
  assert.throws(() => vm.evaluate("new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))"), /disallowed|not allowed|Wasm code generation/i);
});

test("both clients run in the Edge VM with wasm code generation off", async () => {
  const { code, wasm } = await bundle();
  const vm = edgeVm(code, wasm);
  const env = { publicToken: mock.tokens.public, publicUrl: mock.publicUrl, privateToken: mock.tokens.private, privateUrl: mock.privateUrl };
  const res = await vm.dispatchFetch(`https://edge.test/?env=${encodeURIComponent(JSON.stringify(env))}`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.ok(body.events > 0 && body.sales > 0, JSON.stringify(body));
  console.log(`# edge-runtime VM globals: ${JSON.stringify(body.probe)}`);
});
