// Resilience: every fault the mock TIXY server can inject, over real HTTP, in Node AND in
// real workerd (Miniflare). One scenario table drives both runtimes: the client side of a
// scenario is plain JSON run by `runScenario` (below), which Node calls directly and which is
// copied verbatim into a small test Worker that receives the scenario name over dispatchFetch.
// The test process queues the faults, then judges the outcome ({kind, status, retryAfterMs,
// messageHasToken, elapsedMs}) and the mock's request log (how many requests, which tokens,
// whether anything reached the cross-origin redirect target).
//
// CONTRACT.md "Errors" and "Retries" are the promise. Backoff is real (0.5 s, then 1 s, each
// shortened by up to 25 %), so scenarios use maxRetries <= 2 and small timeouts.
//
//   node --test tests/js/faults.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { importAsUser } from "../../harness/package.mjs";
import { startMock } from "./lib/mock.mjs";
import { bundleWorker, startWorker } from "../../harness/workerd.mjs";
import { freePort } from "./lib/net.mjs";

const TOKENS = { public: "pubtok_CANARY_faults_3b9e17c05d2a48f6", private: "privtok_CANARY_faults_c61f0a2e9b7d3548" };
const WRONG_TOKEN = "pubtok_WRONG_faults_00aa11bb22cc33dd";
const EVENTS = 30; // big enough that reset-mid-body cuts a real body in half

// ------------------------------------------------------------------ the client side of a scenario
//
// Runs in Node and, copied by Function.prototype.toString, inside the test Worker: it must not
// use anything from this module's scope. `run` is JSON; `env` carries the mock's URLs/tokens.
async function runScenario(lib, run, env) {
  const secrets = [env.tokens.public, env.tokens.private, env.wrongToken];
  const tokenOf = (t) => (t === "public" || t === "private" ? env.tokens[t] : t === "wrong" ? env.wrongToken : t);
  const baseOf = (b) => ({ public: env.publicUrl, private: env.privateUrl, refused: env.refusedUrl })[b] ?? b;
  const leaks = (s) => secrets.some((t) => String(s).includes(t));
  const describeError = (err) => {
    if (err === null || typeof err !== "object") {
      return { ok: false, kind: null, status: null, retryAfterMs: null, name: typeof err, message: String(err), isTixyError: false, isError: false, messageHasToken: leaks(err) };
    }
    return {
      ok: false,
      kind: err.kind ?? null,
      status: err.status ?? null,
      retryAfterMs: err.retryAfterMs ?? null,
      name: err.name ?? null,
      message: String(err.message),
      isTixyError: err instanceof lib.TixyError,
      isError: err instanceof Error,
      messageHasToken: [err.message, String(err), JSON.stringify(err), err.stack].some(leaks),
    };
  };
  const summarize = (v) => (Array.isArray(v) ? { array: true, length: v.length } : { array: false, id: v?.id ?? null, redirectTarget: v?.redirectTarget ?? null });

  const kind = run.client ?? "public";
  const Ctor = kind === "private" ? lib.TixyPrivateClient : lib.TixyClient;
  const tokenKey = kind === "private" ? "privateToken" : "publicToken";
  let client;
  const t0 = Date.now();
  try {
    client = new Ctor({ [tokenKey]: tokenOf(run.token ?? kind), baseUrl: baseOf(run.base ?? kind), ...run.options });
  } catch (err) {
    return { phase: "construct", ...describeError(err), elapsedMs: Date.now() - t0 };
  }

  const callOnce = async () => {
    const controller = new AbortController();
    const opts = { ...run.callOptions };
    let timer;
    if (run.abort !== undefined) opts.signal = controller.signal;
    if (run.abort === "before") controller.abort();
    else if (typeof run.abort === "number") timer = setTimeout(() => controller.abort(), run.abort);
    const started = Date.now();
    try {
      const value = await client[run.method ?? "events"](run.args, opts);
      return { phase: "call", ok: true, kind: null, status: null, retryAfterMs: null, messageHasToken: false, value: summarize(value), elapsedMs: Date.now() - started };
    } catch (err) {
      return { phase: "call", ...describeError(err), elapsedMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
    }
  };

  if (run.rotateTo === undefined) return callOnce();
  const beforeRotation = await callOnce();
  client.setToken(tokenOf(run.rotateTo));
  return { ...(await callOnce()), beforeRotation };
}

// ------------------------------------------------------------------ the scenario table
//
// name -> { faults: [...] | () => [...] (queued by the test process before the call),
//           run: JSON for runScenario, expect: {...}, settleMs?: wait before reading the log }
// expect: ok | kind, status, retryAfterMs; requests (on the main server, preflights excluded);
//         minMs/maxMs (elapsed of the call); message (RegExp); length (list length on success).
const persistent = (spec) => ({ times: 20, ...spec }); // outlasts every retry
const SCENARIOS = [
  { name: "503 once, then success (maxRetries 2)", faults: [{ type: "status", status: 503, times: 1 }], run: { options: { maxRetries: 2 } }, expect: { ok: true, requests: 2, length: EVENTS, minMs: 350 } },
  { name: "503 persistent: server after maxRetries+1 requests", faults: [persistent({ type: "status", status: 503 })], run: { options: { maxRetries: 2 } }, expect: { kind: "server", status: 503, requests: 3, minMs: 1100, maxMs: 6000 } },
  ...[500, 502, 504].map((status) => ({
    name: `${status} retried: server after 2 requests (maxRetries 1)`,
    faults: [persistent({ type: "status", status })],
    run: { options: { maxRetries: 1 } },
    expect: { kind: "server", status, requests: 2, minMs: 350 },
  })),
  { name: "408 retried: bad_request after 2 requests (maxRetries 1)", faults: [persistent({ type: "status", status: 408 })], run: { options: { maxRetries: 1 } }, expect: { kind: "bad_request", status: 408, requests: 2, minMs: 350 } },
  { name: "500 once, then success (maxRetries 1)", faults: [{ type: "status", status: 500, times: 1 }], run: { options: { maxRetries: 1 } }, expect: { ok: true, requests: 2, length: EVENTS } },
  ...[
    [400, "bad_request"],
    [401, "invalid_token"],
    [403, "access_denied"],
    [404, "not_found"],
  ].map(([status, kind]) => ({
    name: `${status} not retried: ${kind}, 1 request (maxRetries 2)`,
    faults: [persistent({ type: "status", status })],
    run: { options: { maxRetries: 2 } },
    expect: { kind, status, requests: 1, maxMs: 300 },
  })),
  { name: "real 403: the private token on the public API", faults: [], run: { token: "private", options: { maxRetries: 2 } }, expect: { kind: "access_denied", status: 403, requests: 1, message: /wrong kind/ } },
  { name: "real 404: unknown event id", faults: [], run: { method: "event", args: { id: "ffffffffffffffffffffffff" }, options: { maxRetries: 2 } }, expect: { kind: "not_found", status: 404, requests: 1 } },
  { name: "429 Retry-After: 1 is waited (~1 s), then success", faults: [{ type: "status", status: 429, retryAfter: 1, times: 1 }], run: { options: { maxRetries: 2 } }, expect: { ok: true, requests: 2, minMs: 900, maxMs: 4000 } },
  {
    name: "429 Retry-After as an HTTP date ~2 s ahead is honoured",
    // The next whole second + 2 s: 2.0-3.0 s ahead when queued (HTTP dates have 1 s resolution).
    faults: () => [{ type: "status", status: 429, retryAfter: new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toUTCString(), times: 1 }],
    run: { options: { maxRetries: 1 } },
    expect: { ok: true, requests: 2, minMs: 1800, maxMs: 5000 },
  },
  { name: "429 Retry-After: 120 fails at once: rate_limited, retryAfterMs 120000", faults: [persistent({ type: "status", status: 429, retryAfter: 120 })], run: { options: { maxRetries: 2 } }, expect: { kind: "rate_limited", status: 429, retryAfterMs: 120000, requests: 1, maxMs: 300 } },
  { name: "429 without Retry-After uses backoff, then rate_limited", faults: [persistent({ type: "status", status: 429 })], run: { options: { maxRetries: 1 } }, expect: { kind: "rate_limited", status: 429, retryAfterMs: null, requests: 2, minMs: 350, maxMs: 3000 } },
  { name: "maxRetries 0: one request only", faults: [persistent({ type: "status", status: 503 })], run: { options: { maxRetries: 0 } }, expect: { kind: "server", status: 503, requests: 1, maxMs: 300 } },
  { name: "delay > timeoutMs: timeout after maxRetries+1 attempts", faults: [persistent({ type: "delay", ms: 2500 })], run: { options: { maxRetries: 1, timeoutMs: 200 } }, expect: { kind: "timeout", status: null, requests: 2, minMs: 700, maxMs: 2400 } },
  { name: "delay-body > timeoutMs: timeout (headers arrived, body did not)", faults: [persistent({ type: "delay-body", ms: 2500 })], run: { options: { maxRetries: 1, timeoutMs: 200 } }, expect: { kind: "timeout", status: null, requests: 2, minMs: 700, maxMs: 2400 } },
  { name: "delay < timeoutMs: success", faults: [{ type: "delay", ms: 150, times: 1 }], run: { options: { maxRetries: 0, timeoutMs: 2000 } }, expect: { ok: true, requests: 1, minMs: 140 } },
  ...["malformed-json", "truncated-json", "empty-body"].map((type) => ({
    name: `${type}: decode, status 200, not retried`,
    faults: [persistent({ type })],
    run: { options: { maxRetries: 2 } },
    expect: { kind: "decode", status: 200, requests: 1, maxMs: 300, message: /JSON/ },
  })),
  { name: "wrong-content-type: decode, status 200, not retried", faults: [persistent({ type: "wrong-content-type" })], run: { options: { maxRetries: 2 } }, expect: { kind: "decode", status: 200, requests: 1, maxMs: 300, message: /content-type/ } },
  { name: "reset-mid-body once: retried, then success", faults: [{ type: "reset-mid-body", times: 1 }], run: { options: { maxRetries: 1 } }, expect: { ok: true, requests: 2, length: EVENTS, minMs: 350 } },
  { name: "reset-mid-body persistent, maxRetries 0: network", faults: [persistent({ type: "reset-mid-body" })], run: { options: { maxRetries: 0 } }, expect: { kind: "network", status: null, requests: 1, maxMs: 300 } },
  { name: "connection refused: network after retries", faults: [], run: { base: "refused", options: { maxRetries: 1 } }, expect: { kind: "network", status: null, requests: 0, minMs: 350, maxMs: 3000 } },
  { name: "signal aborted before the call: aborted, 0 requests", faults: [], run: { abort: "before", options: { maxRetries: 2 } }, expect: { kind: "aborted", status: null, requests: 0, maxMs: 200 } },
  {
    name: "signal aborted during a delay: aborted promptly, never retried",
    faults: [persistent({ type: "delay", ms: 3000 })],
    run: { abort: 150, options: { maxRetries: 2, timeoutMs: 10000 } },
    settleMs: 700, // a retry would have come after at most 500 ms of backoff
    expect: { kind: "aborted", status: null, requests: 1, minMs: 100, maxMs: 1000 },
  },
  {
    name: "signal aborted during the backoff sleep: aborted",
    faults: [persistent({ type: "status", status: 503 })],
    run: { abort: 150, options: { maxRetries: 2 } }, // first backoff is 375-500 ms
    settleMs: 1200,
    expect: { kind: "aborted", status: null, requests: 1, minMs: 100, maxMs: 370 },
  },
  { name: "per-call timeoutMs (200) overrides the client's (10000)", faults: [persistent({ type: "delay", ms: 1500 })], run: { options: { maxRetries: 0, timeoutMs: 10000 }, callOptions: { timeoutMs: 200 } }, expect: { kind: "timeout", status: null, requests: 1, minMs: 180, maxMs: 1000, message: /200 ms/ } },
  { name: "per-call timeoutMs (5000) overrides the client's (200)", faults: [{ type: "delay", ms: 600, times: 1 }], run: { options: { maxRetries: 0, timeoutMs: 200 }, callOptions: { timeoutMs: 5000 } }, expect: { ok: true, requests: 1, minMs: 550, length: EVENTS } },
  ...[302, 307].map((status) => ({
    name: `cross-origin redirect (${status}) is not followed: network, nothing reaches the other origin`,
    faults: [persistent({ type: "redirect", status, to: "redirect-target" })],
    run: { options: { maxRetries: 2 } },
    expect: { kind: "network", status: null, requests: 1, redirectTargetRequests: 0, maxMs: 300, message: /redirect[\s\S]*not followed/i },
  })),
  { name: "same-origin redirect is followed with the token", faults: [{ type: "redirect", to: "same-origin", times: 1 }], run: { options: { maxRetries: 0 } }, expect: { ok: true, requests: 2, length: EVENTS, redirectTargetRequests: 0, sameOriginFollowed: true } },
  ...["http://public-api.tixyapp.com", "http://10.0.0.1:8080", "http://127.0.0.1.example.com"].map((base) => ({
    name: `baseUrl ${base}: invalid_input at construction`,
    faults: [],
    run: { base, options: { maxRetries: 0 } },
    expect: { kind: "invalid_input", status: null, requests: 0, phase: "construct", message: /baseUrl/ },
  })),
  { name: "setToken on a live client: the next request carries the new token", faults: [], run: { token: "wrong", rotateTo: "public", options: { maxRetries: 0 } }, expect: { ok: true, requests: 2, length: EVENTS, rotation: true } },
  { name: "private client: 502 once, then success", faults: [{ type: "status", status: 502, times: 1, match: { server: "private" } }], run: { client: "private", method: "statisticsEvents", args: {}, options: { maxRetries: 1 } }, expect: { ok: true, requests: 2, length: EVENTS, server: "private" } },
  { name: "private client: delay > timeoutMs: timeout", faults: [persistent({ type: "delay", ms: 2000, match: { server: "private" } })], run: { client: "private", method: "salesEvents", args: { status: "published" }, options: { maxRetries: 0, timeoutMs: 150 } }, expect: { kind: "timeout", status: null, requests: 1, maxMs: 1000, server: "private" } },
];
const RUNS = Object.fromEntries(SCENARIOS.map((s) => [s.name, s.run]));
assert.equal(Object.keys(RUNS).length, SCENARIOS.length, "scenario names must be unique");

// ------------------------------------------------------------------ harness

let mock;
let dir;
let lib; // { TixyClient, TixyPrivateClient, TixyError } imported through the package's exports
let env; // what runScenario needs to know about the mock
let worker;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  ({ dir, lib } = await importAsUser("faults", 'export { TixyClient, TixyError } from "tixy-connect";\nexport { TixyPrivateClient } from "tixy-connect/server";\n'));
  mock = await startMock({ events: EVENTS, tours: 4, seed: 11, publicToken: TOKENS.public, privateToken: TOKENS.private });
  env = { publicUrl: mock.publicUrl, privateUrl: mock.privateUrl, refusedUrl: `http://127.0.0.1:${await freePort()}`, tokens: TOKENS, wrongToken: WRONG_TOKEN };

  // The test Worker: the same runScenario, the same table, the installed tarball's workerd entries.
  writeFileSync(
    join(dir, "faults-worker.mjs"),
    `import { TixyClient, TixyError } from "tixy-connect";\n` +
      `import { TixyPrivateClient } from "tixy-connect/server";\n` +
      `const RUNS = ${JSON.stringify(RUNS)};\n` +
      `${runScenario.toString()}\n` +
      `export default {\n` +
      `  async fetch(request) {\n` +
      `    const { name, env } = await request.json();\n` +
      `    const run = RUNS[name];\n` +
      `    if (!run) return new Response("unknown scenario " + name, { status: 404 });\n` +
      `    try {\n` +
      `      const result = await runScenario({ TixyClient, TixyPrivateClient, TixyError }, run, env);\n` +
      `      return Response.json({ ...result, userAgent: globalThis.navigator?.userAgent ?? null });\n` +
      `    } catch (err) {\n` +
      `      return new Response("runScenario threw: " + (err && err.stack || err), { status: 500 });\n` +
      `    }\n` +
      `  },\n` +
      `};\n`,
  );
  const bundle = await bundleWorker({ entry: join(dir, "faults-worker.mjs"), projectDir: dir, outDir: join(dir, "faults-worker-dist") });
  for (const f of ["entry/workerd.js", "entry/server-workerd.js", "entry/load-workerd.js"]) {
    assert.ok(bundle.inputs.includes(`node_modules/tixy-connect/${f}`), `the Worker bundle lacks ${f}: ${bundle.inputs}`);
  }
  worker = await startWorker({ modules: bundle.modules, modulesRoot: bundle.modulesRoot });
});

after(async () => {
  await worker?.dispose();
  await mock?.close();
});

const RUNTIMES = {
  node: (name) => runScenario(lib, RUNS[name], env),
  workerd: async (name) => {
    const res = await worker.dispatchFetch("http://faults.test/", { method: "POST", body: JSON.stringify({ name, env }) });
    const text = await res.text();
    assert.equal(res.status, 200, `the test Worker answered ${res.status}: ${text.slice(0, 2000)}`);
    const result = JSON.parse(text);
    assert.equal(result.userAgent, "Cloudflare-Workers", "the scenario did not run in workerd");
    return result;
  },
};

/** Queue the faults, run the scenario in `runtime`, return { result, log } (preflights excluded). */
async function play(runtime, sc) {
  mock.clearLog();
  mock.clearFaults();
  const faults = typeof sc.faults === "function" ? sc.faults() : sc.faults;
  if (faults.length) mock.addFaults(faults);
  const result = await RUNTIMES[runtime](sc.name);
  if (sc.settleMs) await sleep(sc.settleMs);
  const log = mock.log().filter((e) => !e.preflight);
  return { result, log };
}

function judge(sc, { result, log }) {
  const e = sc.expect;
  const what = `${JSON.stringify(result)}\nlog: ${JSON.stringify(log.map((l) => `${l.server} ${l.url} ${l.status} ${l.fault} ${l.headers.authorization ?? "-"}`))}`;
  const server = e.server ?? "public";

  assert.equal(result.phase, e.phase ?? "call", `phase: ${what}`);
  if (e.ok) {
    assert.equal(result.ok, true, `expected success: ${what}`);
    if (e.length !== undefined) assert.deepEqual(result.value, { array: true, length: e.length }, `result: ${what}`);
  } else {
    assert.equal(result.ok, false, `expected ${e.kind}, got success: ${what}`);
    assert.equal(result.isTixyError, true, `not a TixyError: ${what}`);
    assert.equal(result.isError, true, `not an Error: ${what}`);
    assert.equal(result.name, "TixyError", what);
    assert.equal(result.kind, e.kind, `kind: ${what}`);
    assert.equal(result.status, e.status ?? null, `status: ${what}`);
    assert.equal(result.retryAfterMs, e.retryAfterMs ?? null, `retryAfterMs: ${what}`);
    if (e.message) assert.match(result.message, e.message, `message: ${what}`);
  }
  assert.equal(result.messageHasToken, false, `a token leaked into the error: ${what}`);
  if (e.minMs !== undefined) assert.ok(result.elapsedMs >= e.minMs, `took ${result.elapsedMs} ms, expected >= ${e.minMs}: ${what}`);
  if (e.maxMs !== undefined) assert.ok(result.elapsedMs <= e.maxMs, `took ${result.elapsedMs} ms, expected <= ${e.maxMs}: ${what}`);

  // The request count the promise implies, on the server the call talks to.
  const main = log.filter((l) => l.server === server);
  assert.equal(main.length, e.requests, `requests on ${server}: ${what}`);
  assert.equal(log.filter((l) => l.server !== server && l.server !== "redirect-target").length, 0, `requests on another API server: ${what}`);
  const target = log.filter((l) => l.server === "redirect-target");
  assert.equal(target.filter((l) => l.headers.authorization !== undefined).length, 0, `a request carrying Authorization reached the redirect target: ${what}`);
  assert.equal(target.length, e.redirectTargetRequests ?? 0, `requests on the redirect target: ${what}`);
  // Every request that reached an API server carried the right scheme and a known token.
  const expectedToken = TOKENS[sc.run.token ?? sc.run.client ?? "public"] ?? (sc.run.token === "wrong" ? WRONG_TOKEN : undefined);
  if (!e.rotation) for (const l of main) assert.equal(l.headers.authorization, `Bearer ${expectedToken}`, `Authorization: ${what}`);

  if (e.sameOriginFollowed) {
    assert.equal(main[0].status, 302, what);
    assert.equal(main[0].fault, "redirect", what);
    assert.equal(main[1].query.redirected, "1", `the second request is not the redirect's target: ${what}`);
    assert.equal(main[1].headers.authorization, `Bearer ${TOKENS.public}`, `the followed redirect lost the token: ${what}`);
  }
  if (e.rotation) {
    assert.equal(result.beforeRotation.ok, false, what);
    assert.equal(result.beforeRotation.kind, "invalid_token", what);
    assert.equal(result.beforeRotation.messageHasToken, false, what);
    assert.deepEqual(main.map((l) => l.headers.authorization), [`Bearer ${WRONG_TOKEN}`, `Bearer ${TOKENS.public}`], `tokens sent: ${what}`);
    assert.deepEqual(main.map((l) => l.status), [401, 200], what);
  }
  // Faults meant to be used up were used up (a scenario that stopped early would leave some).
  const faults = typeof sc.faults === "function" ? null : sc.faults;
  if (faults && faults.every((f) => (f.times ?? 1) < 20)) assert.deepEqual(mock.pendingFaults(), [], `unused faults: ${what}`);
}

for (const runtime of Object.keys(RUNTIMES)) {
  describe(`faults in ${runtime}`, () => {
    for (const sc of SCENARIOS) {
      test(sc.name, { timeout: 20_000 }, async (t) => {
        const outcome = await play(runtime, sc);
        const { result: r, log } = outcome;
        t.diagnostic(`${r.ok ? "ok" : `${r.kind} ${r.status ?? ""}`} in ${r.elapsedMs} ms, ${log.length} request(s)${r.message ? `: ${r.message}` : ""}`);
        judge(sc, outcome);
      });
    }
  });
}

// A check of the harness itself: the judge must reject outcomes the contract forbids,
// so a product that ignored a fault could not pass.
test("the judge fails on a wrong kind, an extra request, a leak and a wrong duration", () => {
  const sc = SCENARIOS.find((s) => s.name.startsWith("503 persistent"));
  const good = { phase: "call", ok: false, kind: "server", status: 503, retryAfterMs: null, name: "TixyError", message: "x", isTixyError: true, isError: true, messageHasToken: false, elapsedMs: 1500 };
  const req = (n) => Array.from({ length: n }, () => ({ server: "public", url: "/events", status: 503, fault: "status", headers: { authorization: `Bearer ${TOKENS.public}` } }));
  judge(sc, { result: good, log: req(3) });
  assert.throws(() => judge(sc, { result: { ...good, kind: "network" }, log: req(3) }));
  assert.throws(() => judge(sc, { result: good, log: req(4) }));
  assert.throws(() => judge(sc, { result: { ...good, messageHasToken: true }, log: req(3) }));
  assert.throws(() => judge(sc, { result: { ...good, elapsedMs: 10 }, log: req(3) }));
  assert.throws(() => judge(sc, { result: good, log: [...req(3), { server: "redirect-target", url: "/events", status: 200, headers: {} }] }));
});
