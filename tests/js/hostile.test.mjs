// Issue 12, in Node: hostile arguments never break the wasm instance (item 1), string
// arguments over their limit are refused before they are copied into wasm (item 9), and Node
// with a DOM shim (jsdom, global-jsdom, happy-dom's GlobalRegistrator) is not taken for a
// browser (item 3). The hostile values and the seeded fuzz: fixtures/hostile/run.mjs.
// workerd: hostile-workerd.test.mjs; Chromium: hostile-browser.test.mjs.
//
//   node --test tests/js/hostile.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startMock } from "./lib/mock.mjs";
import { importAsUser, repoRoot } from "../../harness/package.mjs";
import { freeDuringCall, freedClient, fuzz, leaves, normalCalls } from "./fixtures/hostile/run.mjs";
import { isFlatSecondHalf } from "../soak/soak.mjs";

const PUBLIC_TOKEN = "pubtok_CANARY_hostile_3b1f9e07";
const PRIVATE_TOKEN = "privtok_CANARY_hostile_c62d8a41";
const PAGE = 64 * 1024;
const MiB = 1 << 20;

let mock, dir, lib, wasm;
const memory = () => wasm.memory.buffer.byteLength;
const env = () => ({ publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN, baseUrl: mock.publicUrl, privateUrl: mock.privateUrl });

before(async () => {
  mock = await startMock({ events: 6, tours: 2, seed: 3, publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN, log: false });
  ({ dir, lib } = await importAsUser("hostile", 'export { TixyClient, TixyError } from "tixy-connect";\nexport { TixyPrivateClient } from "tixy-connect/server";\n'));
  // The glue bundled into Node's loader; its initSync() returns the live instance's exports.
  const glue = await import(pathToFileURL(join(dir, "node_modules", "tixy-connect", "entry", "load-node.js")).href);
  assert.equal(glue.TixyClient, lib.TixyClient, "the loader imported by path is the entry's instance");
  wasm = glue.initSync();
});

after(async () => {
  await mock?.close();
});

test("item 1: 100,000 hostile calls, then normal calls work and wasm memory stays flat (Node)", { timeout: 240_000 }, async (t) => {
  const before = memory();
  const tableBefore = wasm.__wbindgen_externrefs.length;
  const stats = await fuzz(lib, { calls: 100_000, seed: 12, memory, ...env() });
  const afterBytes = memory();
  // wasm-bindgen's `catch` leaked a table slot per caught throw (a throwing getter): no longer.
  const tableAfter = wasm.__wbindgen_externrefs.length;
  assert.ok(tableAfter - tableBefore < 4096, `the externref table grew from ${tableBefore} to ${tableAfter}`);
  t.diagnostic(`wasm memory ${before} -> ${afterBytes} bytes (externref table ${tableBefore} -> ${tableAfter}) over ${stats.calls} hostile calls; ${JSON.stringify({ ...stats, samples: undefined, memory: undefined })}`);
  assert.deepEqual(stats.samples, [], "every call settles with a TixyError and none throws synchronously");
  assert.equal(stats.syncThrows, 0);
  assert.equal(stats.notPromise, 0);
  assert.equal(stats.notTixyError, 0);
  assert.equal(stats.resolved, 0);
  assert.ok(stats.invalidInput > 50_000, `most calls are refused as invalid_input (${stats.invalidInput})`);
  // Flat as the soak test means it: at most one page of growth over the second half (the
  // allocator's first growth, with up to 1000 calls in flight, is not a leak).
  assert.ok(stats.memory.length >= 90, `${stats.memory.length} samples`);
  assert.ok(isFlatSecondHalf(stats.memory), `wasm memory grew over the second half: ${[...new Set(stats.memory)].join(", ")}`);
  const normal = await normalCalls(lib, env());
  assert.deepEqual(normal, { events: mock.dataset.events.length, publishedWithSignal: mock.dataset.eventsByStatus("published").length, salesEvents: normal.salesEvents }, JSON.stringify(normal));
  assert.equal(typeof normal.salesEvents, "number", JSON.stringify(normal));
});

test("item 1: a fake AbortSignal is refused before it reaches wasm, and leaks nothing (50,000 calls)", async () => {
  const client = new lib.TixyClient({ publicToken: PUBLIC_TOKEN, baseUrl: mock.publicUrl });
  const fake = Object.create(AbortSignal.prototype);
  const call = () => client.events({}, { signal: fake });
  for (let i = 0; i < 1000; i++) await call().catch(() => {});
  const before = memory();
  for (let i = 0; i < 50_000; i++) {
    let p;
    try {
      p = call();
    } catch (e) {
      assert.fail(`call ${i} threw synchronously: ${e?.message}`);
    }
    const e = await p.then(() => null, (e) => e);
    if (i === 0) {
      assert.ok(e instanceof lib.TixyError, String(e));
      assert.equal(e.kind, "invalid_input");
      assert.match(e.message, /signal/);
    }
  }
  assert.ok(memory() - before <= PAGE, `wasm memory grew from ${before} to ${memory()} bytes`);
  assert.equal((await client.events()).length, mock.dataset.events.length);
  client.free();
});

test("item 1: each hostile value alone gives a rejected TixyError, in every argument position", async () => {
  const client = new lib.TixyClient({ publicToken: PUBLIC_TOKEN, baseUrl: mock.publicUrl });
  for (const [name, make] of Object.entries(leaves())) {
    for (const [what, call] of [
      ["args", () => client.event(make())],
      ["opts", () => client.event({}, make())],
      ["opts.signal", () => client.event({}, { signal: make() })],
      ["args.id", () => client.event({ id: make() })],
    ]) {
      let p;
      try {
        p = call();
      } catch (e) {
        assert.fail(`${name} as ${what} threw synchronously: ${e?.message}`);
      }
      assert.ok(p instanceof Promise, `${name} as ${what}: not a promise`);
      const e = await p.then(() => null, (e) => e);
      assert.ok(e instanceof lib.TixyError, `${name} as ${what}: ${e}`);
      assert.equal(e.kind, "invalid_input", `${name} as ${what}: ${e.message}`);
    }
    // Constructors may throw, but only a TixyError.
    try {
      new lib.TixyClient(make()).free();
    } catch (e) {
      assert.ok(e instanceof lib.TixyError, `new TixyClient(${name}) threw ${e}`);
    }
  }
  client.free();
});

test("item 1: whatever an injected fetch resolves to, nothing crosses wasm (3,000 calls each)", async () => {
  const { leaves } = await import("./fixtures/hostile/run.mjs");
  const L = leaves();
  const headers = (get) => ({ get });
  const response = (over) => ({ status: 503, json: async () => ({}), text: async () => "{}", headers: headers(() => null), ...over });
  const fetches = {
    "retry-after a number": async () => response({ headers: headers((h) => (h === "retry-after" ? 5 : null)) }),
    "retry-after an object": async () => response({ headers: headers((h) => (h === "retry-after" ? L.throwingPrimitive() : null)) }),
    "retry-after a symbol": async () => response({ headers: headers((h) => (h === "retry-after" ? Symbol() : null)) }),
    "content-type an object": async () => response({ status: 200, headers: headers(() => ({ toLowerCase: () => "x" })) }),
    "headers.get throws": async () => response({ headers: headers(() => L.throwingPrimitive().valueOf()) }),
    "status getter throws": async () => Object.defineProperty(response({}), "status", { get: () => L.throwingPrimitive().valueOf() }),
    "a revoked Proxy": async () => L.revokedObject(),
    "a throwing Proxy": async () => L.throwingProxy(),
    "fetch throws synchronously": () => L.throwingPrimitive().valueOf(),
    "a thenable that throws": () => ({ then: () => L.throwingPrimitive().valueOf() }),
  };
  const before = memory();
  for (const [name, fetch] of Object.entries(fetches)) {
    const client = new lib.TixyClient({ publicToken: PUBLIC_TOKEN, baseUrl: "https://127.0.0.1:9", maxRetries: 0, fetch });
    for (let i = 0; i < 3000; i++) {
      let p;
      try {
        p = client.events();
      } catch (e) {
        assert.fail(`${name}: threw synchronously: ${e?.message}`);
      }
      const e = await p.then(() => null, (e) => e);
      assert.ok(e instanceof lib.TixyError, `${name}: ${e?.stack ?? e}`);
    }
    client.free();
  }
  assert.ok(memory() - before <= PAGE, `wasm memory grew from ${before} to ${memory()} bytes`);
  const after = await normalCalls(lib, env());
  assert.equal(after.events, mock.dataset.events.length, JSON.stringify(after));
});

test("item 1: a freed client rejects with a TixyError; free() twice and an unbound method are harmless", async () => {
  const out = await freedClient(lib, env());
  for (const m of ["events", "event", "tours", "tour", "unbound"]) {
    assert.equal(out[m].promise, true, `${m}: ${JSON.stringify(out[m])}`);
    assert.equal(out[m].tixy, true, `${m}: ${JSON.stringify(out[m])}`);
    assert.equal(out[m].kind, "invalid_input", `${m}: ${JSON.stringify(out[m])}`);
  }
  assert.match(out.events.message, /freed/);
  // setToken returns nothing: it throws, but a TixyError.
  assert.deepEqual([out.setToken.sync, out.setToken.tixy], [true, true], JSON.stringify(out.setToken));
  assert.equal(out.freeTwice.sync, false, JSON.stringify(out.freeTwice));
  assert.equal((await normalCalls(lib, env())).events, mock.dataset.events.length);
});

test("item 1: a getter that frees the client during its own call neither throws nor breaks the instance", async () => {
  const before = memory();
  for (let i = 0; i < 3000; i++) {
    const out = await freeDuringCall(lib, env());
    assert.equal(out.syncThrow, undefined, JSON.stringify(out));
    assert.equal(out.promise, true, JSON.stringify(out));
    assert.equal(out.value, "array", JSON.stringify(out)); // the call made before free() completes
    assert.equal(out.after, "TixyError invalid_input", JSON.stringify(out));
  }
  assert.ok(memory() - before <= PAGE, `wasm memory grew from ${before} to ${memory()} bytes`);
});

test("item 9: string arguments over their limit are refused before they are copied into wasm", async () => {
  const huge = "a".repeat(60_000_000);
  const { TixyClient, TixyPrivateClient, TixyError } = lib;
  const pub = new TixyClient({ publicToken: PUBLIC_TOKEN, baseUrl: mock.publicUrl });
  const priv = new TixyPrivateClient({ privateToken: PRIVATE_TOKEN, baseUrl: mock.privateUrl });
  const cases = {
    id: [256, (s) => pub.event({ id: s })],
    slug: [256, (s) => pub.event({ slug: s })],
    status: [16, (s) => pub.events({ status: s })],
    from: [10, (s) => priv.salesEvents({ from: s })],
    to: [10, (s) => priv.salesEvents({ to: s })],
    publicToken: [4096, (s) => new TixyClient({ publicToken: s })],
    privateToken: [4096, (s) => new TixyPrivateClient({ privateToken: s })],
    baseUrl: [2048, (s) => new TixyClient({ publicToken: PUBLIC_TOKEN, baseUrl: s })],
    routeStyle: [16, (s) => new TixyClient({ publicToken: PUBLIC_TOKEN, routeStyle: s })],
    "publicToken (setToken)": [4096, (s) => pub.setToken(s)],
    "privateToken (setToken)": [4096, (s) => priv.setToken(s)],
  };
  const outcome = async (f) => {
    try {
      const r = f();
      if (r instanceof Promise) await r;
      else r?.free?.();
      return null;
    } catch (e) {
      return e;
    }
  };
  const start = memory();
  for (const [field, [limit, call]] of Object.entries(cases)) {
    const name = field.split(" ")[0];
    const before = memory();
    const e = await outcome(() => call(huge));
    assert.ok(e instanceof TixyError, `${field}: ${e}`);
    assert.equal(e.kind, "invalid_input", `${field}: ${e.message}`);
    assert.equal(e.message.startsWith(`${name} `) || e.message.includes(name), true, e.message);
    assert.match(e.message, new RegExp(`longer than ${limit} characters`), `${field}: ${e.message}`);
    assert.ok(memory() - before <= PAGE, `${field}: wasm memory grew from ${before} to ${memory()} bytes for a refused string`);
    // One past the limit is refused the same way; at the limit the length is not the problem.
    const over = await outcome(() => call("a".repeat(limit + 1)));
    assert.match(String(over?.message), /longer than/, `${field} at ${limit + 1}`);
    const at = await outcome(() => call("a".repeat(limit)));
    assert.doesNotMatch(String(at?.message), /longer than/, `${field} at ${limit}`);
  }
  assert.ok(memory() - start <= 2 * PAGE, `wasm memory grew from ${start} to ${memory()} bytes`);
  assert.ok(memory() < 16 * MiB, `wasm memory is ${memory()} bytes`);
  pub.free();
  priv.free();
});

// ------------------------------------------------------------------ item 3, Node side

// jsdom 30 needs Node 22 or later: the shims run in Node 24 (tests/node_modules/node24).
const NODE24 = process.env.NODE24 || join(repoRoot, "tests", "node_modules", "node24", "bin", "node");
const toolsRequire = createRequire(join(repoRoot, "tests", "package.json"));
const SHIMS = {
  none: "",
  // What a jest/vitest jsdom setup file does by hand.
  jsdom: `const { JSDOM } = require(${JSON.stringify(toolsRequire.resolve("jsdom"))});
const dom = new JSDOM("<!doctype html><p>hi</p>", { url: "http://localhost/" });
globalThis.window = dom.window; globalThis.document = dom.window.document; globalThis.self = dom.window;
globalThis.WorkerGlobalScope = function WorkerGlobalScope() {}; globalThis.importScripts = () => {};`,
  "global-jsdom": `require(${JSON.stringify(toolsRequire.resolve("global-jsdom"))})();`,
  "happy-dom GlobalRegistrator": `require(${JSON.stringify(toolsRequire.resolve("@happy-dom/global-registrator"))}).GlobalRegistrator.register();`,
};

for (const [shim, setup] of Object.entries(SHIMS)) {
  test(`item 3: Node 24 with ${shim === "none" ? "no DOM shim" : shim} is not refused: the private client works`, { timeout: 60_000 }, async () => {
    assert.ok(existsSync(NODE24), `no Node 24 at ${NODE24}`);
    const script = join(dir, `shim-${shim.replace(/\W+/g, "-")}.cjs`);
    writeFileSync(
      script,
      `${setup}
(async () => {
  const { TixyPrivateClient, TixyError } = await import("tixy-connect/server");
  const out = { window: typeof window, document: typeof document };
  try {
    const c = new TixyPrivateClient({ privateToken: ${JSON.stringify(PRIVATE_TOKEN)}, baseUrl: ${JSON.stringify(mock.privateUrl)}, maxRetries: 0 });
    out.salesEvents = (await c.salesEvents()).length;
  } catch (e) {
    out.error = { tixy: e instanceof TixyError, kind: e.kind, message: e.message };
  }
  console.log(JSON.stringify(out));
  process.exit(0);
})();
`,
    );
    const { stdout, stderr, code } = await new Promise((resolve) =>
      execFile(NODE24, [script], { cwd: dir, timeout: 50_000 }, (err, stdout, stderr) => resolve({ stdout, stderr, code: err ? (err.code ?? "killed") : 0 })),
    );
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout.trim().split("\n").pop());
    if (shim !== "none") assert.deepEqual([out.window, out.document], ["object", "object"], "the shim defines window and document");
    assert.equal(out.error, undefined, JSON.stringify(out.error));
    assert.equal(out.salesEvents, mock.dataset.events.length);
  });
}

test("a token rotated from inside an injected fetch: no panic, the attempt's own token redacted, the next request carries the new one", async () => {
  // The client's headers live in a holder that setToken refills (io.js `headers`): an
  // injected fetch may call it while the attempt that called the fetch is under way.
  const m = await startMock({ events: 3, tours: 1, seed: 4, publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN });
  try {
    const OLD = "pubtok_OLD_rotated_5f1c8e2a9d";
    m.addFaults([{ type: "status", status: 400, body: { error: `bad token ${OLD}` }, times: 1 }]);
    let tixy;
    let rotated = false;
    const rotating = (url, init) => {
      if (!rotated) (rotated = true), tixy.setToken(PUBLIC_TOKEN);
      return fetch(url, init);
    };
    tixy = new lib.TixyClient({ publicToken: OLD, baseUrl: m.publicUrl, fetch: rotating, maxRetries: 0 });
    const first = await tixy.events().then(() => null, (e) => e);
    assert.ok(first instanceof lib.TixyError, String(first));
    assert.equal(first.kind, "bad_request", first.message);
    assert.match(first.message, /bad token <redacted>/, "the server's echo of the token this attempt sent");
    for (let i = 0; i + 8 <= OLD.length; i++) assert.ok(!first.message.includes(OLD.slice(i, i + 8)), first.message);
    assert.ok(Array.isArray(await tixy.events()), "the rotated token works");
    const sent = m.log().filter((e) => !e.preflight).map((e) => e.headers.authorization);
    assert.deepEqual(sent, [`Bearer ${OLD}`, `Bearer ${PUBLIC_TOKEN}`]);
  } finally {
    await m.close();
  }
});
