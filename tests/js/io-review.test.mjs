// A hostile review of the JS driver (src/boundary/io.js) after the lazy
// flight (issue 16 follow-up), in Node over real HTTP to the mock, through the
// packed tarball. Each test here failed before its fix; the commit that fixed
// it names the test.
//
// Probed and judged not bugs (no test here):
// - a hook that returns a rejected promise whose own `then` it replaced: the
//   rejection is unhandled, but no one could handle it, the hook saw to that;
// - a hook that calls the client each time it runs recurses without end: each
//   call runs the hook again, as the user wrote it (a call made once is tested);
// - a global Headers replaced after import: a client made then fails to
//   construct with a TixyError, one made before keeps its headers; a
//   Headers.prototype.get that throws fails attempts as typed network errors;
// - a token provider that throws (with the token in its message), returns a
//   number, an object, null or a token with a line break: invalid_token,
//   nothing of it in the error;
// - a global fetch replaced before import cannot be told from the runtime's
//   own (Node's fetch is JS, no native-code check holds): it keeps the fast
//   path, unraced, as an injected fetch is not;
// - a global Headers whose constructor calls the same client during a token
//   provider's rotation would meet the same wasm borrow as the injected fetch
//   below (PendingCall.token); left, as it takes replacing Headers with code
//   that calls the client.
//
//   node --test tests/js/io-review.test.mjs   (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { importAsUser } from "../../harness/package.mjs";
import { mockControl, startMock } from "./lib/mock.mjs";

const TOKEN = "pubtok_CANARY_ioreview_7c30e9d5a1";
let mock;
let lib;

before(async () => {
  ({ lib } = await importAsUser("io-review", 'export * from "tixy-connect";\n'));
  mock = await startMock({ events: 6, tours: 2, seed: 31, publicToken: TOKEN });
});

after(async () => {
  await mock?.close();
});

const { reset, requests, faults } = mockControl(() => mock);
const failure = (p) => p.then(() => null, (e) => e);
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const client = (options) => new lib.TixyClient({ publicToken: TOKEN, baseUrl: mock.publicUrl, ...options });

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
  assert.ok(!seen.includes(TOKEN.slice(8, 16)), `${what}: the error shows the token`);
}

/** A list the events route promises, whatever `what` got instead. */
function assertList(v, what) {
  assert.ok(Array.isArray(v) && v.length > 0, `${what}: expected the list, got ${v instanceof Error ? v.message : JSON.stringify(v)}`);
}

test("dedupe: a call made right after another caller aborted the same call gets its own request, not that abort", async () => {
  // The pattern of a UI that cancels a load and starts it again at once
  // (React's StrictMode runs every effect, cleanup and effect again).
  await reset();
  const tixy = client({ maxRetries: 0 });
  await faults({ match: { path: "/events" }, type: "delay", ms: 300, times: 1 });
  const c = new AbortController();
  const first = failure(tixy.events({}, { signal: c.signal }));
  await wait(50);
  c.abort();
  const again = tixy.events().catch((e) => e);
  assertTixy(await settles(first, "the caller that aborted"), "aborted", "the caller that aborted");
  assertList(await settles(again, "the call made after the abort"), "the call made after the abort");
  tixy.free();
});

test("dedupe: a call joining as the first caller's attempt times out neither turns that timeout into an abort nor is aborted", async () => {
  // The join happens inside the timeout's abort (a listener on the
  // request's signal), the earliest moment a call could come in.
  await reset();
  let tixy, joined;
  const joining = (url, init) => {
    if (!joined) init.signal.addEventListener("abort", () => (joined = tixy.events().catch((e) => e)));
    return fetch(url, init);
  };
  tixy = client({ maxRetries: 0, fetch: joining });
  await faults({ match: { path: "/events" }, type: "delay", ms: 700, times: 1 });
  const first = failure(tixy.events({}, { timeoutMs: 150 }));
  assertTixy(await settles(first, "the caller that timed out"), "timeout", "the caller that timed out");
  assert.ok(joined, "the call was not made");
  assertList(await settles(joined, "the call that joined"), "the call that joined");
  tixy.free();
});

test("dedupe: a caller that aborts during a retry wait gets aborted, even when a call joins at that moment", async () => {
  await reset();
  const tixy = client({ maxRetries: 2 });
  await faults({ match: { path: "/events" }, type: "status", status: 503, retryAfter: "1", times: 1 });
  const c = new AbortController();
  const first = failure(tixy.events({}, { signal: c.signal }));
  await wait(300);
  c.abort();
  const again = tixy.events().catch((e) => e);
  const e = await settles(first, "the caller that aborted");
  assert.ok(e !== null, "the caller that aborted got the body");
  assertTixy(e, "aborted", "the caller that aborted");
  assertList(await settles(again, "the call made after the abort"), "the call made after the abort");
  tixy.free();
});

test("dedupe: a caller that aborts while the token provider is pending gets aborted, even when a call joins at that moment", async () => {
  await reset();
  let release;
  const ready = new Promise((r) => (release = r));
  const tixy = client({ publicToken: () => ready.then(() => TOKEN), maxRetries: 0 });
  const c = new AbortController();
  const first = failure(tixy.events({}, { signal: c.signal }));
  await wait(50);
  c.abort();
  const again = tixy.events().catch((e) => e);
  release();
  const e = await settles(first, "the caller that aborted");
  assert.ok(e !== null, "the caller that aborted got the body");
  assertTixy(e, "aborted", "the caller that aborted");
  assertList(await settles(again, "the call made after the abort"), "the call made after the abort");
  tixy.free();
});

test("dedupe: a call made from a hook or a token provider as the first request starts gets the body, not undefined", async () => {
  await reset();
  let tixy, inner;
  const once = () => {
    if (inner) return;
    inner = true;
    inner = tixy.events().catch((e) => e);
  };
  tixy = client({ maxRetries: 0, onRequest: once });
  assertList(await settles(tixy.events(), "the outer call"), "the outer call");
  assertList(await settles(inner, "the call made by onRequest"), "the call made by onRequest");
  tixy.free();

  // A provider is called once for every call under way, also for the calls it makes itself.
  let other, provided = 0;
  const fromProvider = [];
  other = client({ maxRetries: 0, publicToken: () => (provided++, fromProvider.push(other.tours().catch((e) => e)), TOKEN) });
  const tours = other.tours();
  assert.ok(Array.isArray(await settles(tours, "the outer call")));
  assert.equal(provided, 1, "the provider was called again before it returned");
  const got = await settles(fromProvider[0], "the call made by the token provider");
  assert.ok(Array.isArray(got), `the call made by the token provider: ${got instanceof Error ? got.message : JSON.stringify(got)}`);
  other.free();
});

test("dedupe: an injected fetch that makes the same call again, on a retry or a redirect, gets typed results, never a wasm borrow error", async () => {
  for (const fault of [
    { match: { path: "/events" }, type: "status", status: 503, retryAfter: "0", times: 1 },
    { match: { path: "/events" }, type: "redirect", to: "same-origin", times: 1 },
  ]) {
    await reset();
    await faults(fault);
    let tixy, inner, n = 0;
    const reentrant = (url, init) => {
      if (++n === 2) inner = tixy.events().catch((e) => e);
      return fetch(url, init);
    };
    tixy = client({ maxRetries: 1, fetch: reentrant });
    assertList(await settles(tixy.events().catch((e) => e), `${fault.type}: the outer call`), `${fault.type}: the outer call`);
    assert.ok(inner, `${fault.type}: the injected fetch was not called twice`);
    assertList(await settles(inner, `${fault.type}: the call the injected fetch made`), `${fault.type}: the call the injected fetch made`);
    // The client's flights are sound after it: two calls share one request
    // and each gets its own copy.
    await reset();
    const [a, b] = await settles(Promise.all([tixy.events(), tixy.events()]), `${fault.type}: later calls`);
    assertList(a, "a later call");
    assert.notEqual(a, b, `${fault.type}: two callers got the same object`);
    assert.equal((await requests()).length, 1, `${fault.type}: later calls did not share`);
    tixy.free();
  }
});

test("dedupe: an injected fetch that makes another call keeps the first call's request the flight's: the first caller's abort ends only its own wait", async () => {
  await reset();
  await faults({ match: { path: "/events" }, type: "delay", ms: 400, times: 1 });
  let tixy, other;
  const reentrant = (url, init) => {
    if (url.includes("/events")) other ??= tixy.tours().catch((e) => e);
    return fetch(url, init);
  };
  tixy = client({ maxRetries: 0, fetch: reentrant });
  const c = new AbortController();
  const first = failure(tixy.events({}, { signal: c.signal }));
  await wait(50);
  const joined = tixy.events().catch((e) => e);
  c.abort();
  assertTixy(await settles(first, "the caller that aborted"), "aborted", "the caller that aborted");
  assertList(await settles(joined, "the caller that joined"), "the caller that joined");
  assertList(await settles(other, "the call the injected fetch made"), "the call the injected fetch made");
  tixy.free();
});

test("a global fetch replaced after load that ignores the signal: each attempt still ends at its timeout", async () => {
  // What a test double, an instrumentation wrapper or a polyfill installed
  // after the package was imported may do. The runtime's own fetch ends on
  // abort; one that does not must not hang the call.
  await reset();
  await faults({ type: "endless", ms: 50, times: 10 });
  const real = globalThis.fetch;
  const cases = {
    "a fetch that never settles": () => new Promise(() => {}),
    "a fetch whose body never ends": (url, init) => real(url, { headers: init.headers, redirect: init.redirect }),
  };
  try {
    for (const [what, replaced] of Object.entries(cases)) {
      globalThis.fetch = replaced;
      const tixy = client({ maxRetries: 0, timeoutMs: 300 });
      assertTixy(await settles(failure(tixy.events()), what), "timeout", what);
      const c = new AbortController();
      const aborted = failure(tixy.tours({}, { signal: c.signal, timeoutMs: 60000 }));
      setTimeout(() => c.abort(), 100);
      assertTixy(await settles(aborted, `${what}, aborted`), "aborted", `${what}, aborted`);
      tixy.free();
    }
  } finally {
    globalThis.fetch = real;
  }
});

test("a global fetch replaced after load that changes init.headers does not change the client's later requests", async () => {
  await reset();
  const real = globalThis.fetch;
  const tixy = client({ maxRetries: 0 });
  try {
    globalThis.fetch = (url, init) => (init.headers.delete("authorization"), real(url, init));
    assertTixy(await failure(tixy.events()), "invalid_token", "the request the replaced fetch sent without the token");
  } finally {
    globalThis.fetch = real;
  }
  assertList(await tixy.events(), "the next call");
  tixy.free();
});

test("hooks never see the token, even where a same-origin redirect put it into the URL", async () => {
  await reset();
  await faults({ match: { path: "/events" }, type: "redirect", location: "{self}/events?redirected=1&t={token}", times: 1 });
  const seen = [];
  const thisSeen = new Set();
  const push = function (i) {
    thisSeen.add(this);
    seen.push(i);
  };
  const tixy = client({ maxRetries: 0, onRequest: push, onResponse: push, onRetry: push });
  assertList(await settles(tixy.events(), "the redirected call"), "the redirected call");
  // The redirect is followed to the Location exactly as sent (CONTRACT.md, Retries).
  assert.ok((await requests()).some((r) => r.url.includes(`t=${TOKEN}`)), "the redirect was not followed as sent");
  assert.equal(seen.length, 4);
  const all = JSON.stringify(seen);
  for (let i = 0; i + 8 <= TOKEN.length; i++) assert.ok(!all.includes(TOKEN.slice(i, i + 8)), `a hook saw the token: ${all}`);
  assert.match(seen[2].url, /\/events\?redirected=1&t=/, "the hooks' url is no longer the request's");
  // A hook is called as a plain function: the client's state, which holds the token, is not its `this`.
  assert.deepEqual([...thisSeen], [undefined]);
  tixy.free();
});

test("dedupe: a caller that times out on a shared request's retry has used that retry: it goes on alone with only the retries left", async () => {
  // maxRetries 1: two attempts per caller. The shared request's first
  // attempt is a 503, its retry is slow; the caller that times out on the
  // retry has had its two attempts, whether it started the request or joined it.
  for (const first of [true, false]) {
    await reset();
    await faults([
      { match: { path: "/events" }, type: "status", status: 503, retryAfter: "0", times: 1 },
      { match: { path: "/events" }, type: "delay", ms: 1500, times: 5 },
    ]);
    const tixy = client({ maxRetries: 1 });
    const short = { timeoutMs: 300 }, long = { timeoutMs: 5000 };
    const calls = first ? [tixy.events({}, short), tixy.events({}, long)] : [tixy.events({}, long), tixy.events({}, short)];
    const [a, b] = await settles(Promise.all(calls.map(failure)), "callers");
    const who = first ? "the first caller" : "the caller that joined";
    assertTixy(first ? a : b, "timeout", who);
    assert.equal(first ? b : a, null, "the other caller did not get the body");
    assert.equal((await requests()).length, 2, `${who} retried past maxRetries on a request of its own`);
    tixy.free();
  }
});

test("hooks: a caller that times out on a shared request and retries on its own is told by onRetry, as after an attempt of its own", async () => {
  // The shared request's only attempt is slow; the caller with the short
  // timeout gives up on it and retries alone (maxRetries 1). Its retry gets
  // an onRetry (kind timeout), and its own request's onRequest counts on
  // from there, whether it started the shared request or joined it.
  for (const first of [true, false]) {
    await reset();
    await faults({ match: { path: "/events" }, type: "delay", ms: 900, times: 1 });
    const retries = [], sent = [];
    const tixy = client({ maxRetries: 1, onRetry: (i) => retries.push(i), onRequest: (i) => sent.push(i.attempt) });
    const short = { timeoutMs: 300 }, long = { timeoutMs: 5000 };
    const calls = first ? [tixy.events({}, short), tixy.events({}, long)] : [tixy.events({}, long), tixy.events({}, short)];
    const [a, b] = await settles(Promise.all(calls), "callers");
    const who = first ? "the first caller" : "the caller that joined";
    assertList(a, "the first caller");
    assertList(b, "the caller that joined");
    assert.equal((await requests()).length, 2, `${who}: the shared request and its own`);
    assert.equal(retries.length, 1, `${who}: onRetry calls: ${JSON.stringify(retries)}`);
    const [r] = retries;
    assert.equal(r.kind, "timeout", who);
    assert.equal(r.attempt, 1, who);
    assert.equal(r.status, undefined, who);
    assert.equal(r.endpoint, "events", who);
    assert.ok(Number.isInteger(r.delayMs) && r.delayMs >= 0, `${who}: delayMs ${r.delayMs}`);
    assert.deepEqual(sent, [1, 2], `${who}: onRequest's attempts`);
    tixy.free();
  }
});

test("an AbortController replaced after load whose abort() does nothing: timeouts and aborts still end each attempt", async () => {
  await reset();
  const Real = globalThis.AbortController;
  // A broken polyfill: a real signal, which never fires.
  globalThis.AbortController = class {
    signal = new Real().signal;
    abort() {}
  };
  try {
    await faults([
      { match: { path: "/events" }, type: "delay", ms: 1500, times: 1 },
      { match: { path: "/tours" }, type: "endless", ms: 50, times: 1 },
    ]);
    const tixy = client({ maxRetries: 0, timeoutMs: 300 });
    const slow = await settles(failure(tixy.events()), "a slow answer");
    assert.ok(slow !== null, "a call that outlived its timeout got the body");
    assertTixy(slow, "timeout", "a slow answer");
    assertTixy(await settles(failure(tixy.tours()), "an endless body"), "timeout", "an endless body");
    await faults({ match: { path: "/event" }, type: "delay", ms: 1500, times: 1 });
    const c = new Real();
    const aborted = failure(tixy.event({ slug: mock.dataset.events[0].slug }, { signal: c.signal, timeoutMs: 60000 }));
    setTimeout(() => c.abort(), 100);
    const e = await settles(aborted, "an aborted call");
    assert.ok(e !== null, "a call whose caller aborted got the body");
    assertTixy(e, "aborted", "an aborted call");
    tixy.free();
  } finally {
    globalThis.AbortController = Real;
  }
});

test("dedupe: a body nested deeper than the stack still reaches each caller as its own copy", async () => {
  // A hostile server's list, 100,000 arrays deep: JSON.parse takes it, a
  // recursive copy (and structuredClone) overflow the stack.
  await reset();
  const depth = 100000;
  await faults({ match: { path: "/events" }, type: "status", status: 200, body: "[".repeat(depth) + "]".repeat(depth), times: 1 });
  const tixy = client({ maxRetries: 0 });
  const [a, b] = await settles(Promise.all([tixy.events(), tixy.events()]), "callers");
  assert.equal((await requests()).length, 1, "the calls did not share one request");
  assert.ok(Array.isArray(a) && Array.isArray(b));
  assert.notEqual(a, b, "two callers got the same object");
  a[0].push("changed by one caller");
  assert.equal(b[0].length, 1, "one caller's change reached the other");
  let inner = b, levels = 0;
  while (Array.isArray(inner[0])) (inner = inner[0]), levels++;
  assert.equal(levels, depth - 1, "the copy lost levels");
  tixy.free();
});
