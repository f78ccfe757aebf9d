// What a hostile review found after issue 12, each a test that failed before its fix (Node;
// the spoofs of the browser check are in hostile-browser.test.mjs): a real AbortSignal whose own
// listener methods throw, a non-extensible global, a method called on the other client class,
// an injected fetch's oversized headers, 3xx statuses that are no redirect, and the CORS hint
// under a DOM shim.
//
//   node --test tests/js/hostile-review.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startMock } from "./lib/mock.mjs";
import { freePort } from "./lib/net.mjs";
import { importAsUser, repoRoot } from "../../harness/package.mjs";

const PUBLIC_TOKEN = "pubtok_CANARY_review_5e2a9c14";
const PRIVATE_TOKEN = "privtok_CANARY_review_8d03b7f6";
const NODE24 = process.env.NODE24 || join(repoRoot, "tests", "node_modules", "node24", "bin", "node");

let mock, dir, lib, wasm;
const memory = () => wasm.memory.buffer.byteLength;

before(async () => {
  mock = await startMock({ events: 4, tours: 1, seed: 9, publicToken: PUBLIC_TOKEN, privateToken: PRIVATE_TOKEN });
  ({ dir, lib } = await importAsUser("hostile-review", 'export { TixyClient, TixyError } from "tixy-connect";\nexport { TixyPrivateClient } from "tixy-connect/server";\n'));
  wasm = (await import(pathToFileURL(join(dir, "node_modules", "tixy-connect", "entry", "load-node.js")).href)).initSync();
});

after(async () => {
  await mock?.close();
});

const publicClient = (options = {}) => new lib.TixyClient({ publicToken: PUBLIC_TOKEN, baseUrl: mock.publicUrl, ...options });

async function settle(promise, ms = 5000) {
  let timer;
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve({ pending: true }), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value }), (error) => ({ error })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A real AbortSignal whose `method` throws from its second call on. */
function signalWhose(method) {
  const signal = new AbortController().signal;
  const original = signal[method].bind(signal);
  let calls = 0;
  signal[method] = (...args) => {
    if (++calls > 1) throw new Error(`${method} refused`);
    return original(...args);
  };
  return signal;
}

test("a real AbortSignal whose listener methods throw: the call still settles with a TixyError, nothing escapes", async () => {
  const escaped = [];
  const onUncaught = (e) => escaped.push(e);
  process.on("uncaughtException", onUncaught);
  try {
    for (const method of ["addEventListener", "removeEventListener"]) {
      mock.clearFaults();
      mock.addFaults({ type: "status", status: 503, match: { path: "/events" } });
      const c = publicClient({ maxRetries: 1 });
      const r = await settle(c.events({}, { signal: signalWhose(method) }));
      assert.equal(r.pending, undefined, `${method}: the call is still pending`);
      assert.equal(r.error, undefined, `${method}: ${r.error?.stack ?? r.error}`);
      assert.equal(r.value.length, 4, `${method}: the retry after the 503 answered`);
      c.free();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(escaped.map(String), [], "nothing reached uncaughtException");
  } finally {
    process.off("uncaughtException", onUncaught);
  }
});

test("a method called on the other client class, or taken off its client, is a rejected TixyError", async () => {
  mock.clearLog();
  const pub = publicClient();
  const priv = new lib.TixyPrivateClient({ privateToken: PRIVATE_TOKEN, baseUrl: mock.privateUrl });
  for (const [name, p] of [
    ["events on the private client", lib.TixyClient.prototype.events.call(priv)],
    ["salesEvents on the public client", lib.TixyPrivateClient.prototype.salesEvents.call(pub)],
    ["a detached events()", (({ events }) => events())(pub)],
  ]) {
    const r = await settle(p);
    assert.ok(r.error instanceof lib.TixyError, `${name}: ${r.error ?? JSON.stringify(r.value)}`);
    assert.equal(r.error.kind, "invalid_input", name);
    assert.match(r.error.message, /not called on a live Tixy(Private)?Client/, name);
  }
  assert.deepEqual(mock.log().filter((e) => !e.preflight), [], "nothing was sent");
  assert.equal((await pub.events()).length, 4, "the clients still work");
  pub.free();
  priv.free();
});

test("an injected fetch's oversized Retry-After and Location are not copied into wasm", async () => {
  const huge = "9".repeat(20_000_000);
  const location = "/events?x=" + "y".repeat(20_000_000);
  const answer = (status, headers) => async () => new Response("{}", { status, headers: { "content-type": "application/json", ...headers } });
  const before = memory();
  const c429 = publicClient({ maxRetries: 0, fetch: answer(429, { "retry-after": huge }) });
  const e429 = (await settle(c429.events())).error;
  assert.equal(e429?.kind, "rate_limited", String(e429));
  assert.equal(e429.retryAfterMs, undefined, "an oversized Retry-After is ignored");
  const c302 = publicClient({ maxRetries: 0, fetch: answer(302, { location }) });
  const e302 = (await settle(c302.events())).error;
  assert.equal(e302?.kind, "network", String(e302));
  assert.ok(memory() - before < 4 * (1 << 20), `wasm memory grew from ${before} to ${memory()} bytes`);
});

test("3xx statuses that are no redirect are an unexpected status, not a hidden redirect", async () => {
  for (const status of [300, 304]) {
    const c = publicClient({ maxRetries: 0, fetch: async () => new Response(null, { status, headers: { "content-type": "application/json" } }) });
    const e = (await settle(c.events())).error;
    assert.ok(e instanceof lib.TixyError, String(e));
    assert.equal(e.status, status);
    assert.doesNotMatch(e.message, /hides/, e.message);
  }
});

/** Runs `source` as a module in Node 24 inside the installed project; its stdout is JSON. */
function inNode24(name, source) {
  assert.ok(existsSync(NODE24), `no Node 24 at ${NODE24}`);
  const script = join(dir, `${name}.mjs`);
  writeFileSync(script, source);
  return new Promise((resolve) => {
    execFile(NODE24, [script], { cwd: dir, timeout: 50_000 }, (err, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout));
      } catch {
        resolve({ crashed: true, code: err?.code, stderr: stderr.slice(0, 2000), stdout: stdout.slice(0, 2000) });
      }
    });
  });
}

test("a non-extensible global: both constructors give a TixyError, never a Rust panic", async () => {
  const r = await inNode24(
    "frozen-global",
    `import { TixyClient, TixyError } from "tixy-connect";
import { TixyPrivateClient } from "tixy-connect/server";
Object.preventExtensions(globalThis);
const out = {};
for (const [name, make] of [["public", () => new TixyClient({ publicToken: "pub_token_123456" })], ["private", () => new TixyPrivateClient({ privateToken: "priv_token_123456" })]]) {
  try { make(); out[name] = "constructed"; } catch (e) { out[name] = { tixy: e instanceof TixyError, kind: e.kind, message: String(e.message) }; }
}
console.log(JSON.stringify(out));
`,
  );
  assert.equal(r.crashed, undefined, JSON.stringify(r));
  for (const name of ["public", "private"]) {
    const e = r[name];
    assert.equal(typeof e, "object", `${name}: ${JSON.stringify(e)}`);
    assert.equal(e.tixy, true, `${name}: ${JSON.stringify(e)}`);
    assert.doesNotMatch(e.message, /unwrap|panicked|Result::/, e.message);
  }
});

test("Node with global-jsdom: a refused connection says nothing about CORS", async () => {
  const port = await freePort();
  const r = await inNode24(
    "jsdom-cors",
    `import globalJsdom from "global-jsdom";
globalJsdom(undefined, { url: "http://localhost:3000/" }); // a jest/vitest jsdom setup
const { TixyClient } = await import("tixy-connect");
let out;
try { await new TixyClient({ publicToken: "pub_token_123456", baseUrl: "http://127.0.0.1:${port}", maxRetries: 0 }).events(); out = "resolved"; }
catch (e) { out = { kind: e.kind, message: String(e.message), location: String(globalThis.location?.origin) }; }
console.log(JSON.stringify(out));
`,
  );
  assert.equal(r.kind, "network", JSON.stringify(r));
  assert.equal(r.location, "http://localhost:3000", "the DOM shim gave Node a page's location");
  assert.doesNotMatch(r.message, /CORS/, r.message);
});
