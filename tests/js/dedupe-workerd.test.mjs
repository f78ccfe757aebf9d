// Shared in-flight calls across the requests of one Worker, in real workerd
// (Miniflare) against the mock over real HTTP. A Worker keeps one client per
// isolate, so concurrent requests share its flights; workerd ties every
// promise and timer to the request that made it, and cancels a request's
// continuations that another request would settle once that one is done.
// The first test hung (workerd: "your Worker's code had hung") on a design in
// which the first caller's waiting was set up by the joining request; the
// second hung the first request when cancelling the flight's controller,
// which the joining request had made, threw (io.js `cancel`).
//
// Not covered, because it does not hold in workerd: a first caller that
// leaves a shared call (its own timeout or abort) and whose request then ends
// takes the shared request with it, since that request runs in the first
// caller's request; the callers still waiting on it then wait out their own
// timeouts and retry alone (BENCHMARKS.md, "Issue 16 follow-up").
//
//   node --test tests/js/dedupe-workerd.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage } from "../../harness/package.mjs";
import { bundleWorker, startWorker } from "../../harness/workerd.mjs";
import { startMock } from "./lib/mock.mjs";

const TOKEN = "pubtok_CANARY_dedupewd_4f81c2a9";
let mock, worker, ids;

before(async () => {
  mock = await startMock({ events: 8, tours: 3, seed: 17, publicToken: TOKEN });
  const dir = installPackage("dedupe-workerd");
  const entry = join(dir, "dedupe-worker.mjs");
  // One client per isolate, made by the first request, as a Worker keeps it.
  writeFileSync(
    entry,
    `import { TixyClient } from "tixy-connect";
let tixy;
export default {
  async fetch(request) {
    const { baseUrl, id, timeoutMs, abortAfterMs } = await request.json();
    tixy ??= new TixyClient({ publicToken: ${JSON.stringify(TOKEN)}, baseUrl, maxRetries: 1 });
    const controller = new AbortController();
    if (abortAfterMs) setTimeout(() => controller.abort(), abortAfterMs);
    const started = Date.now();
    try {
      const event = await tixy.event({ id }, { timeoutMs, signal: controller.signal });
      return Response.json({ id: event.id, ms: Date.now() - started });
    } catch (e) {
      return Response.json({ kind: e.kind, ms: Date.now() - started });
    }
  },
};
`
  );
  const bundle = await bundleWorker({ entry, projectDir: dir, outDir: join(dir, "bundle") });
  worker = await startWorker({ modules: bundle.modules, modulesRoot: bundle.modulesRoot });
  const list = await (await fetch(`${mock.publicUrl}/events`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
  ids = list.map((e) => e.id);
});

after(async () => {
  await worker?.dispose();
  await mock?.close();
});

async function control(method, path, body) {
  const res = await fetch(mock.controlUrl + path, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
  assert.ok(res.ok, `mock ${method} ${path}: ${res.status}`);
  return res.json();
}
const requests = async (id) => (await control("GET", "/log?server=public")).filter((e) => !e.preflight && e.url.includes(id));
const call = (body) => worker.dispatchFetch("http://dedupe.test/", { method: "POST", body: JSON.stringify({ baseUrl: mock.publicUrl, ...body }) });
const later = (ms) => new Promise((r) => setTimeout(r, ms));

async function json(res, who) {
  const text = await res.text();
  assert.equal(res.status, 200, `${who}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

test("workerd: a request that joins another's call and finishes first leaves the first request its answer", async () => {
  const id = ids[0];
  await control("DELETE", "/log");
  await control("POST", "/faults", { match: { path: "/event" }, type: "delay", ms: 400, times: 1 });
  const a = call({ id });
  await later(100);
  const b = call({ id });
  const [ra, rb] = [await json(await a, "first request"), await json(await b, "joining request")];
  assert.equal(ra.id, id);
  assert.equal(rb.id, id);
  assert.equal((await requests(id)).length, 1, "the two requests' calls did not share one request");
  await control("DELETE", "/faults");
});

test("workerd: the last caller to leave a shared call, in another request than the one that joined, still ends its call", async () => {
  const id = ids[3];
  await control("DELETE", "/log");
  // The shared request takes 900 ms. The joining caller times out first and
  // retries alone; then the first caller, the last one on the shared
  // request, times out: cancelling the flight's controller, which the
  // joining request made, threw in workerd and hung the first request.
  await control("POST", "/faults", { match: { path: "/event" }, type: "delay", ms: 900, times: 1 });
  const a = call({ id, timeoutMs: 400 });
  await later(50);
  const b = call({ id, timeoutMs: 150 });
  const rb = await json(await b, "joining request");
  const ra = await json(await a, "first request");
  assert.equal(rb.id, id, JSON.stringify(rb));
  assert.equal(ra.id, id, JSON.stringify(ra));
  await control("DELETE", "/faults");
});
