// A hostile review of issue 16 items 1-4 as merged, in Node over real HTTP
// to the mock: the cases tests/js/beyond.test.mjs does not probe. Each test
// here failed on the merge of feat16 or pins a promise that held under probing.
//
//   node --test tests/js/beyond-review.test.mjs   (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { importAsUser } from "../../harness/package.mjs";
import { mockControl, startMock } from "./lib/mock.mjs";

const TOKEN = "pubtok_CANARY_review2_93b1f0e6";
const WRONG = "pubtok_WRONG_review2_5c2a8d17";
let mock;
let lib;

before(async () => {
  ({ lib } = await importAsUser("beyond-review", 'export * from "tixy-connect";\n'));
  mock = await startMock({ events: 8, tours: 3, seed: 21, publicToken: TOKEN });
});

after(async () => {
  await mock?.close();
});

const { reset, requests, faults } = mockControl(() => mock);
const failure = (p) => p.then(() => null, (e) => e);

/** `p`, or a failure naming `what` if it has not settled in 10 s: a hang, not a speed assert. */
function settles(p, what) {
  let timer;
  const hang = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: never settled`)), 10000)));
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

function assertTixy(e, kind, what) {
  assert.ok(e instanceof lib.TixyError, `${what}: not a TixyError: ${e}`);
  assert.equal(e.kind, kind, `${what}: ${e.message}`);
  const seen = [e.message, String(e), JSON.stringify(e), String(e.stack)].join("\n");
  assert.ok(!seen.includes(TOKEN) && !seen.includes(TOKEN.slice(3, 11)), `${what}: the error shows the token`);
}

test("dedupe: concurrent calls with the same endpoint and arguments share one request whatever their timeouts", async () => {
  await reset();
  const tixy = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl });
  const lists = await Promise.all([tixy.events(), tixy.events({}, { timeoutMs: 5000 }), tixy.events({}, { timeoutMs: 8000 })]);
  assert.ok(lists.every(Array.isArray));
  assert.equal((await requests()).length, 1, "callers with different timeouts sent separate requests");
  tixy.free();
});

test("dedupe: a caller's short timeout ends that caller alone; the shared request and a longer-timeout caller go on", async () => {
  await reset();
  const signals = [];
  const observed = (url, init) => (signals.push(init.signal), fetch(url, init));
  const tixy = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl, maxRetries: 0, fetch: observed });
  await faults({ match: { path: "/events" }, type: "delay", ms: 700, times: 1 });
  // The short-timeout caller first: the shared request must not take its timeout.
  const short = failure(tixy.events({}, { timeoutMs: 200 }));
  const long = tixy.events({}, { timeoutMs: 5000 });
  assertTixy(await settles(short, "short caller"), "timeout", "the short-timeout caller");
  const list = await settles(long, "long caller");
  assert.ok(Array.isArray(list) && list.length > 0, "the long-timeout caller did not get the body");
  assert.equal(signals.length, 1, "the callers did not share the request");
  assert.equal(signals[0].aborted, false, "the shared request was aborted while a caller was left");
  assert.equal((await requests()).length, 1);
  tixy.free();
});

test("dedupe: a first caller joined late keeps only the rest of its timeout, not a new one", async () => {
  // The first caller's call runs the request alone until the second joins
  // (io.js `fly`, `share`); from then it waits like the others, on what is
  // left of its timeout for the attempt under way.
  await reset();
  const tixy = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl, maxRetries: 0 });
  await faults({ match: { path: "/events" }, type: "delay", ms: 500, times: 1 });
  const first = failure(tixy.events({}, { timeoutMs: 350 }));
  await new Promise((r) => setTimeout(r, 250));
  const late = tixy.events({}, { timeoutMs: 5000 });
  // With a new 350 ms from the join (until 600 ms), the first caller would get the body at 500 ms.
  assertTixy(await settles(first, "first caller"), "timeout", "the first caller, joined late");
  assert.ok(Array.isArray(await settles(late, "late caller")), "the late caller did not get the body");
  assert.equal((await requests()).length, 1, "the callers did not share the request");
  tixy.free();
});

test("dedupe: a first caller that gives up during the shared request's retry wait leaves the others a working request", async () => {
  await reset();
  const tixy = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl, maxRetries: 2 });
  await faults({ match: { path: "/events" }, type: "status", status: 503, retryAfter: "1", times: 1 });
  const c = new AbortController();
  const first = failure(tixy.events({}, { signal: c.signal }));
  // The 503 has come back by now: the first caller's call waits 1 s before
  // its retry, following the first caller's signal; the second joins then.
  await new Promise((r) => setTimeout(r, 300));
  const second = tixy.events();
  await new Promise((r) => setTimeout(r, 100));
  c.abort();
  assertTixy(await settles(first, "first caller"), "aborted", "the caller that gave up");
  const list = await settles(second, "second caller");
  assert.ok(Array.isArray(list) && list.length > 0, "the caller left did not get the body");
  assert.equal((await requests()).length, 2, "expected the 503 and one shared retry");
  tixy.free();
});

test("dedupe: when every caller's timeout has passed, the shared request is aborted (no caller with a signal)", async () => {
  await reset();
  const signals = [];
  const observed = (url, init) => (signals.push(init.signal), fetch(url, init));
  const tixy = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl, maxRetries: 0, fetch: observed });
  await faults({ match: { path: "/events" }, type: "delay", ms: 1500, times: 1 });
  const [a, b] = await settles(Promise.all([failure(tixy.events({}, { timeoutMs: 150 })), failure(tixy.events({}, { timeoutMs: 300 }))]), "callers");
  assertTixy(a, "timeout", "first caller");
  assertTixy(b, "timeout", "second caller");
  assert.equal(signals.length, 1);
  assert.equal(signals[0].aborted, true, "the shared request outlived every caller");
  tixy.free();
});

test("dedupe: the waiting callers of a shared request that fails get typed errors; a caller past its timeout retries on its own", async () => {
  await reset();
  const tixy = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl, maxRetries: 1 });
  // The shared request is slow; the short caller's attempt times out and, by
  // its retry rules, it retries with a request of its own, which succeeds.
  await faults({ match: { path: "/events" }, type: "delay", ms: 800, times: 1 });
  const [a, b] = await settles(Promise.all([tixy.events({}, { timeoutMs: 300 }), tixy.events({}, { timeoutMs: 5000 })]), "callers");
  assert.ok(Array.isArray(a) && Array.isArray(b) && a !== b);
  assert.equal((await requests()).length, 2, "expected the shared request and the short caller's own retry");
  tixy.free();
});

test("dedupe: the callers of a shared request that fails each get their own TixyError", async () => {
  await reset();
  const tixy = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl });
  const errors = await settles(Promise.all([1, 2, 3].map(() => failure(tixy.event({ id: "no-such-event" })))), "callers");
  assert.equal((await requests()).length, 1, "the three calls did not share one request");
  errors.forEach((e, i) => assertTixy(e, "not_found", `caller ${i}`));
  assert.equal(new Set(errors).size, 3, "callers got the same error object");
  const [first, ...others] = errors;
  first.message = "changed by the first caller";
  first.kind = "changed";
  for (const e of others) {
    assert.equal(e.kind, "not_found");
    assert.equal(e.status, 404);
    assert.notEqual(e.message, first.message);
    assert.ok(e instanceof Error && e.name === "TixyError");
  }
  tixy.free();
});

test("a token provider that never settles: the call's timeout and abort still apply", async () => {
  await reset();
  let calls = 0;
  const tixy = new lib.TixyClient({ publicToken: () => (calls++, new Promise(() => {})), baseUrl: mock.publicUrl, maxRetries: 0, timeoutMs: 200 });
  assertTixy(await settles(failure(tixy.events()), "call with a hung provider"), "timeout", "a hung provider");
  const c = new AbortController();
  const p = failure(tixy.tours({}, { signal: c.signal, timeoutMs: 60000 }));
  setTimeout(() => c.abort(), 50);
  assertTixy(await settles(p, "aborted call with a hung provider"), "aborted", "a hung provider, aborted");
  // Shared calls too (dedupe on), each with its own timeout.
  assertTixy(await settles(failure(tixy.event({ slug: "x" }, { timeoutMs: 100 })), "shared call with a hung provider"), "timeout", "shared");
  assert.equal((await requests()).length, 0, "a request went out with no token");
  assert.ok(calls >= 1);
  tixy.free();
});

test("a provider that settles after its first caller gave up still serves the calls waiting on it", async () => {
  await reset();
  let release;
  const gate = new Promise((r) => (release = r));
  const tixy = new lib.TixyClient({ publicToken: () => gate.then(() => TOKEN), baseUrl: mock.publicUrl, maxRetries: 0, dedupe: false });
  const c = new AbortController();
  const first = failure(tixy.events({}, { signal: c.signal }));
  const second = tixy.tours();
  c.abort();
  assertTixy(await settles(first, "first"), "aborted", "the caller that gave up");
  // The first call's handle is freed by now; the provider's token must still be set.
  await new Promise((r) => setTimeout(r, 20));
  release();
  const tours = await settles(second, "second");
  assert.ok(Array.isArray(tours));
  tixy.free();
});

test("dedupe never shares across clients: two clients with different tokens each send their own request", async () => {
  await reset();
  const good = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl });
  const bad = new lib.TixyClient({ publicToken: WRONG, baseUrl: mock.publicUrl, maxRetries: 0 });
  const [ok, e] = await Promise.all([good.events(), failure(bad.events())]);
  assert.ok(Array.isArray(ok));
  assertTixy(e, "invalid_token", "the wrong-token client");
  const auth = (await requests()).map((r) => r.headers.authorization).sort();
  assert.deepEqual(auth, [`Bearer ${TOKEN}`, `Bearer ${WRONG}`].sort());
  good.free();
  bad.free();
});

test("the 429 gate honours Retry-After as an HTTP date, and is per client", async () => {
  await reset();
  const at = new Date(Date.now() + 3000).toUTCString();
  await faults({ match: { path: "/events" }, type: "status", status: 429, retryAfter: at, times: 1 });
  const one = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl, maxRetries: 0, dedupe: false });
  const other = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl, maxRetries: 0, dedupe: false });
  assertTixy(await failure(one.events()), "rate_limited", "the 429");
  const e = await failure(one.tours({}, { timeoutMs: 300 }));
  assertTixy(e, "rate_limited", "a call behind the gate");
  assert.ok(e.retryAfterMs > 300 && e.retryAfterMs <= 3000, `retryAfterMs ${e.retryAfterMs}`);
  assert.equal((await requests()).length, 1, "a request went out while the gate was closed");
  // Another client has its own gate.
  assert.ok(Array.isArray(await other.tours()));
  assert.equal((await requests()).length, 2);
  one.free();
  other.free();
});

test("hooks never see a provider's token; a throwing or rejecting hook, or a hook with a throwing getter, breaks nothing", async () => {
  await reset();
  await faults({ match: { path: "/events" }, type: "status", status: 503, retryAfter: "0", times: 1 });
  const seen = [];
  const bad = () => {
    throw new Error(TOKEN);
  };
  const tixy = new lib.TixyClient({
    publicToken: async () => TOKEN,
    baseUrl: mock.publicUrl,
    onRequest: (i) => (seen.push(i), bad()),
    onResponse: async (i) => (seen.push(i), bad()),
    onRetry: (i) => (seen.push(i), Promise.reject(TOKEN)),
  });
  assert.ok(Array.isArray(await tixy.events()));
  assert.ok(seen.length >= 5);
  const all = JSON.stringify(seen);
  assert.ok(!all.includes(TOKEN.slice(3, 11)), `a hook saw the token: ${all}`);
  let thrown;
  try {
    new lib.TixyClient({ publicToken: TOKEN, onResponse: 42 });
  } catch (e) {
    thrown = e;
  }
  assertTixy(thrown, "invalid_input", "onResponse: 42");
  tixy.free();
});

test("dedupe on: behind a closed 429 gate, a call whose timeout ends first still fails at once as rate_limited", async () => {
  await reset();
  await faults({ match: { path: "/events" }, type: "status", status: 429, retryAfter: "2", times: 1 });
  const tixy = new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl, maxRetries: 0 });
  assertTixy(await failure(tixy.events()), "rate_limited", "the 429");
  const e = await settles(failure(tixy.tours({}, { timeoutMs: 300 })), "a call behind the gate");
  assertTixy(e, "rate_limited", "a shared call behind the gate");
  assert.ok(e.retryAfterMs > 300, `retryAfterMs ${e.retryAfterMs}`);
  assert.equal((await requests()).length, 1, "a request went out while the gate was closed");
  tixy.free();
});
