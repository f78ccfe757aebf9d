// Issue 12 in real headless Chromium (playwright-core, /usr/bin/chromium), pages served from
// the installed tarball on 127.0.0.1, the mock on another origin (real CORS):
// - item 1: the seeded hostile fuzz (100,000 calls), a freed client, a getter that frees its
//   client, then real calls, in a page, a dedicated worker and a shared worker;
// - item 3: TixyPrivateClient (the server build loaded directly, bypassing the exports map)
//   refuses to start in a page, a dedicated, a shared and a service worker, whatever the
//   script did to self, process, importScripts, WorkerGlobalScope, Deno/Bun/navigator or the
//   global's Symbol.toStringTag. Fixtures: tests/js/fixtures/hostile/.
//
//   node --test tests/js/hostile-browser.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { launchChromium, serveStatic } from "./lib/chromium.mjs";
import { startMock } from "./lib/mock.mjs";
import { installPackage, repoRoot } from "../../harness/package.mjs";
import { isFlatSecondHalf } from "../soak/soak.mjs";
import { SPOOFS } from "./fixtures/hostile/spoof.js";

const PUBLIC_TOKEN = "pubtok_CANARY_hostile_3b1f9e07";
const PRIVATE_TOKEN = "privtok_CANARY_hostile_c62d8a41";

let mock, server, origin, browser, config;

before(async () => {
  mock = await startMock({ events: 6, tours: 2, seed: 3, publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN, log: false });
  const project = installPackage("hostile-web");
  cpSync(join(repoRoot, "tests", "js", "fixtures", "hostile"), join(project, "fixtures"), { recursive: true });
  config = { publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN, baseUrl: mock.publicUrl, privateUrl: mock.privateUrl };
  ({ server, origin } = await serveStatic(project, () => config));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  await mock?.close();
});

/** A fresh context and page at `path`; `run(page)` gets the result; errors are collected. */
async function withPage(path, run, timeout = 30_000) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(`${origin}${path}`);
    return await run(page, errors);
  } finally {
    await context.close();
  }
}

const pageResult = (page, timeout) =>
  page.waitForFunction(() => window.__result, null, { timeout }).then(() => page.evaluate(() => window.__result));

// Runs fixtures/hostile/worker.js as a dedicated or shared worker from a blank page.
function inWorker(kind, query, timeout) {
  return withPage(
    "/fixtures/page.html?mode=none",
    (page) =>
      page.evaluate(
        async ({ kind, query, config, timeout }) => {
          const url = `/fixtures/worker.js?${query}`;
          return await new Promise((resolve) => {
            const timer = setTimeout(() => resolve({ probeError: `no answer from the ${kind} worker` }), timeout);
            const done = (data) => {
              clearTimeout(timer);
              resolve(data);
            };
            if (kind === "dedicated") {
              const w = new Worker(url, { type: "module" });
              w.onmessage = (e) => done(e.data);
              w.onerror = (e) => done({ probeError: `worker error: ${e.message}` });
              w.postMessage(config);
            } else {
              const w = new SharedWorker(url, { type: "module" });
              w.port.onmessage = (e) => done(e.data);
              w.onerror = (e) => done({ probeError: `shared worker error: ${e.message ?? e}` });
              w.port.start();
              w.port.postMessage(config);
            }
          });
        },
        { kind, query, config, timeout },
      ),
    timeout + 10_000,
  );
}

function checkFuzz(t, where, r) {
  assert.equal(r.probeError, undefined, r.probeError);
  const { before, after: afterBytes, stats } = r;
  t.diagnostic(`${where} (${r.where}): wasm memory ${before} -> ${afterBytes} bytes over ${stats.calls} hostile calls; ${JSON.stringify({ ...stats, memory: undefined, samples: undefined })}`);
  assert.deepEqual(stats.samples, [], "every call settles with a TixyError and none throws synchronously");
  assert.equal(stats.calls, 100_000);
  assert.equal(stats.syncThrows + stats.notPromise + stats.notTixyError + stats.resolved, 0, JSON.stringify(stats));
  assert.ok(stats.invalidInput > 50_000, `${stats.invalidInput} invalid_input`);
  assert.ok(stats.memory.length >= 90 && isFlatSecondHalf(stats.memory), `wasm memory grew over the second half: ${[...new Set(stats.memory)].join(", ")}`);
  for (const m of ["events", "event", "tours", "tour", "unbound"]) {
    assert.deepEqual([r.freed[m].promise, r.freed[m].tixy, r.freed[m].kind], [true, true, "invalid_input"], `${m}: ${JSON.stringify(r.freed[m])}`);
  }
  assert.deepEqual([r.freed.setToken.sync, r.freed.setToken.tixy], [true, true], JSON.stringify(r.freed.setToken));
  assert.equal(r.freed.freeTwice.sync, false, JSON.stringify(r.freed.freeTwice));
  assert.deepEqual(r.during, { promise: true, value: "array", after: "TixyError invalid_input" });
  assert.equal(r.normal.events, mock.dataset.events.length, JSON.stringify(r.normal));
  assert.equal(r.normal.publishedWithSignal, mock.dataset.eventsByStatus("published").length, JSON.stringify(r.normal));
}

test("item 1 in a Chromium page: 100,000 hostile calls, then normal calls work and wasm memory stays flat", { timeout: 180_000 }, async (t) => {
  const r = await withPage("/fixtures/page.html?mode=fuzz", (page) => pageResult(page, 150_000), 150_000);
  assert.equal(r.where, "[object Window]");
  checkFuzz(t, "page", r);
});

for (const kind of ["dedicated", "shared"]) {
  test(`item 1 in a Chromium ${kind} worker: 100,000 hostile calls, then normal calls work and wasm memory stays flat`, { timeout: 180_000 }, async (t) => {
    const r = await inWorker(kind, "mode=fuzz", 150_000);
    assert.equal(r.where, kind === "dedicated" ? "[object DedicatedWorkerGlobalScope]" : "[object SharedWorkerGlobalScope]", JSON.stringify(r).slice(0, 500));
    checkFuzz(t, `${kind} worker`, r);
  });
}

function checkRefused(what, r) {
  assert.equal(r.probeError, undefined, `${what}: ${r.probeError}`);
  assert.equal(r.constructed, false, `${what}: TixyPrivateClient started (${r.where})`);
  assert.deepEqual([r.tixy, r.kind], [true, "browser_runtime"], `${what}: ${JSON.stringify(r)}`);
}

test("item 3: TixyPrivateClient refuses a Chromium page whatever its scripts spoofed", { timeout: 120_000 }, async () => {
  for (const spoof of SPOOFS) {
    const r = await withPage(`/fixtures/page.html?mode=private&spoof=${spoof}`, (page) => pageResult(page, 20_000));
    checkRefused(`page, spoof ${spoof}`, r);
  }
});

for (const kind of ["dedicated", "shared"]) {
  test(`item 3: TixyPrivateClient refuses a Chromium ${kind} worker whatever it spoofed`, { timeout: 120_000 }, async () => {
    for (const spoof of SPOOFS) {
      checkRefused(`${kind} worker, spoof ${spoof}`, await inWorker(kind, `mode=private&spoof=${spoof}`, 20_000));
    }
  });
}

test("item 3: TixyPrivateClient refuses a Chromium service worker whatever it spoofed", { timeout: 120_000 }, async () => {
  for (const spoof of SPOOFS) {
    const r = await withPage("/fixtures/page.html?mode=none", (page) =>
      page.evaluate(
        async ({ spoof, config }) => {
          // One registration (and scope) per spoof: each service worker decides once.
          const reg = await navigator.serviceWorker.register(`/fixtures/sw.js?spoof=${spoof}`, { type: "module", scope: `/fixtures/sw-${spoof}/` });
          const sw = reg.active ?? reg.waiting ?? reg.installing;
          if (sw.state !== "activated") await new Promise((ok) => sw.addEventListener("statechange", () => sw.state === "activated" && ok()));
          const channel = new MessageChannel();
          const answer = new Promise((ok) => (channel.port1.onmessage = (e) => ok(e.data)));
          sw.postMessage(config, [channel.port2]);
          return await answer;
        },
        { spoof, config },
      ),
    );
    checkRefused(`service worker, spoof ${spoof}`, r);
    const relabeled = ["toStringTag", "extensible", "all"].includes(spoof);
    assert.equal(r.where, relabeled ? "[object global]" : "[object ServiceWorkerGlobalScope]");
  }
});
