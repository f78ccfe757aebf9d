// Issue 12 item 1 in real workerd (Miniflare): the seeded hostile fuzz of
// fixtures/hostile/run.mjs (100,000 calls of both clients), then real calls to the mock
// from the same Worker, a freed client and a getter that frees its client mid-call. The
// Worker reads the live instance's wasm memory through the glue's initSync(), like the soak.
//
//   node --test tests/js/hostile-workerd.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMock } from "./lib/mock.mjs";
import { installPackage, repoRoot } from "../../harness/package.mjs";
import { bundleWorker, startWorker } from "../../harness/workerd.mjs";
import { isFlatSecondHalf } from "../soak/soak.mjs";

const PUBLIC_TOKEN = "pubtok_CANARY_hostile_3b1f9e07";
const PRIVATE_TOKEN = "privtok_CANARY_hostile_c62d8a41";
const RUN = join(repoRoot, "tests", "js", "fixtures", "hostile", "run.mjs");

let mock, worker;
const env = () => ({ publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN, baseUrl: mock.publicUrl, privateUrl: mock.privateUrl });

async function post(body) {
  const res = await worker.dispatchFetch("http://hostile.test/", { method: "POST", body: JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 200, text.slice(0, 3000));
  return JSON.parse(text);
}

before(async () => {
  mock = await startMock({ events: 6, tours: 2, seed: 3, publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN, log: false });
  const dir = installPackage("hostile-workerd");
  const entry = join(dir, "hostile-worker.mjs");
  writeFileSync(
    entry,
    `import { TixyClient, TixyError } from "tixy-connect";
import { TixyPrivateClient } from "tixy-connect/server";
// The loader with the glue bundled in, by path: the module instance the entries import.
import * as glue from "./node_modules/tixy-connect/entry/load-workerd.js";
import { freeDuringCall, freedClient, fuzz, normalCalls } from ${JSON.stringify(RUN)};
const lib = { TixyClient, TixyError, TixyPrivateClient };
const memory = () => glue.initSync().memory.buffer.byteLength;
export default {
  async fetch(request) {
    const { op, env } = await request.json();
    try {
      if (glue.TixyClient !== TixyClient) throw new Error("the glue is not the entry's instance");
      let result;
      if (op === "fuzz") {
        const before = memory();
        result = { before, stats: await fuzz(lib, { calls: 100000, seed: 12, memory, ...env }), after: memory() };
      } else if (op === "freed") result = await freedClient(lib, env);
      else if (op === "freeDuringCall") result = await freeDuringCall(lib, env);
      else if (op === "normal") result = await normalCalls(lib, env);
      return Response.json({ result, userAgent: navigator.userAgent, memory: memory() });
    } catch (e) {
      return new Response(String(e && e.stack || e), { status: 500 });
    }
  },
};
`,
  );
  const bundle = await bundleWorker({ entry, projectDir: dir, outDir: join(dir, "dist") });
  worker = await startWorker({ modules: bundle.modules, modulesRoot: bundle.modulesRoot });
});

after(async () => {
  await worker?.dispose();
  await mock?.close();
});

test("item 1: 100,000 hostile calls in workerd, then normal calls work and wasm memory stays flat", { timeout: 300_000 }, async (t) => {
  const r = await post({ op: "fuzz", env: env() });
  assert.equal(r.userAgent, "Cloudflare-Workers");
  const { before, after: afterBytes, stats } = r.result;
  t.diagnostic(`workerd: wasm memory ${before} -> ${afterBytes} bytes over ${stats.calls} hostile calls; ${JSON.stringify({ ...stats, memory: undefined, samples: undefined })}`);
  assert.deepEqual(stats.samples, [], "every call settles with a TixyError and none throws synchronously");
  assert.equal(stats.calls, 100_000);
  assert.equal(stats.syncThrows + stats.notPromise + stats.notTixyError + stats.resolved, 0, JSON.stringify(stats));
  assert.ok(stats.invalidInput > 50_000, `${stats.invalidInput} invalid_input`);
  assert.ok(stats.memory.length >= 90, `${stats.memory.length} samples`);
  assert.ok(isFlatSecondHalf(stats.memory), `wasm memory grew over the second half: ${[...new Set(stats.memory)].join(", ")}`);
  const normal = (await post({ op: "normal", env: env() })).result;
  assert.equal(normal.events, mock.dataset.events.length, JSON.stringify(normal));
  assert.equal(normal.publishedWithSignal, mock.dataset.eventsByStatus("published").length, JSON.stringify(normal));
  assert.equal(typeof normal.salesEvents, "number", JSON.stringify(normal));
});

test("item 1: in workerd a freed client rejects with a TixyError, and a getter may free its client mid-call", async () => {
  const freed = (await post({ op: "freed", env: env() })).result;
  for (const m of ["events", "event", "tours", "tour", "unbound"]) {
    assert.deepEqual([freed[m].promise, freed[m].tixy, freed[m].kind], [true, true, "invalid_input"], `${m}: ${JSON.stringify(freed[m])}`);
  }
  assert.deepEqual([freed.setToken.sync, freed.setToken.tixy], [true, true], JSON.stringify(freed.setToken));
  assert.equal(freed.freeTwice.sync, false, JSON.stringify(freed.freeTwice));
  const during = (await post({ op: "freeDuringCall", env: env() })).result;
  assert.deepEqual(during, { promise: true, value: "array", after: "TixyError invalid_input" });
});
