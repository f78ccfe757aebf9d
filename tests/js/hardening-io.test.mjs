// Issue 12, the fetch path: hosts (items 2, 4), redirects (5), error text (6), timeouts (7),
// Retry-After (8), bounded error bodies (9) and busy ports (10). Over real HTTP to the mock
// TIXY server, against the installed tarball, in Node AND in real workerd (Miniflare): one
// case table drives both, like faults.test.mjs. The client side of a case (`runCase`) is
// copied verbatim into a test Worker, so it must not use anything from this module's scope.
//
//   node --test tests/js/hardening-io.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { importAsUser, repoRoot } from "../../harness/package.mjs";
import { startMock } from "./lib/mock.mjs";
import { bundleWorker, startWorker } from "../../harness/workerd.mjs";

const TOKENS = { public: "pubtok_CANARY_hardio_5d1e8a3b7c9f2046", private: "privtok_CANARY_hardio_0e6b9d4c2a7f1835" };
const EVENTS = 200; // a list body well over the 16 KiB read of an error body

// ------------------------------------------------------------------ the client side of a case
async function runCase(lib, run, env) {
  const secrets = [env.tokens.public, env.tokens.private];
  // A leak is any run of 8 or more characters of a token, in any letter case.
  const leaks = (s) => {
    const low = String(s).toLowerCase();
    return secrets.some((t) => {
      t = t.toLowerCase();
      for (let i = 0; i + 8 <= t.length; i++) if (low.includes(t.slice(i, i + 8))) return true;
      return false;
    });
  };
  const describeError = (err) => ({
    ok: false,
    kind: err?.kind ?? null,
    status: err?.status ?? null,
    retryAfterMs: err?.retryAfterMs ?? null,
    isTixyError: err instanceof lib.TixyError,
    message: String(err?.message ?? err),
    leak: [err?.message, String(err), JSON.stringify(err), err?.stack].some(leaks),
    controlOrBidi: /[\p{Cc}\p{Cf}\u2028\u2029]/u.test(String(err?.message)),
  });
  const fetches = {
    // Never settles, whatever the signal does.
    never: () => new Promise(() => {}),
    // The real fetch without the signal: neither a timeout nor an abort reaches it.
    "ignore-signal": (url, init) => fetch(url, { headers: init.headers, redirect: init.redirect }),
    // Fails with a message that quotes the token in lower case.
    "throws-token": (url, init) => Promise.reject(new TypeError("connect failed for " + init.headers.get("authorization").toLowerCase())),
  };
  const Ctor = run.client === "private" ? lib.TixyPrivateClient : lib.TixyClient;
  const tokenKey = run.client === "private" ? "privateToken" : "publicToken";
  const base = ({ public: env.publicUrl, private: env.privateUrl })[run.base ?? run.client ?? "public"] ?? run.base;
  const options = { ...run.options, ...(run.fetch ? { fetch: fetches[run.fetch] } : {}) };
  let client;
  const t0 = Date.now();
  try {
    client = new Ctor({ [tokenKey]: env.tokens[run.client ?? "public"], baseUrl: base, ...options });
  } catch (err) {
    return { phase: "construct", ...describeError(err) };
  }
  if (run.constructOnly) return { phase: "construct", ok: true };
  const controller = new AbortController();
  const opts = { ...run.callOptions };
  if (run.abort !== undefined) opts.signal = controller.signal;
  const abortTimer = run.abort !== undefined ? setTimeout(() => controller.abort(), run.abort) : null;
  // A call still pending after this long is reported as such (the bug of item 7).
  let guard;
  const pending = new Promise((resolve) => (guard = setTimeout(() => resolve({ phase: "call", pending: true }), run.guardMs ?? 5000)));
  const call = (async () => {
    try {
      const value = await client[run.method ?? "events"](run.args, opts);
      return { phase: "call", ok: true, length: Array.isArray(value) ? value.length : null };
    } catch (err) {
      return { phase: "call", ...describeError(err) };
    }
  })();
  try {
    return { ...(await Promise.race([call, pending])), elapsedMs: Date.now() - t0 };
  } finally {
    clearTimeout(guard);
    clearTimeout(abortTimer);
  }
}

// ------------------------------------------------------------------ the cases
// name -> { faults, run, expect: { ok | kind, status, retryAfterMs, requests, minMs, maxMs,
//           message, phase, url (the second request's path+query) }, workerd: false to skip there }
const persistent = (spec) => ({ times: 20, ...spec });
const LONG_PAD = "p".repeat(400);
const PRIVATE_HOSTS = [
  "https://private-api.tixyapp.com/sales",
  "https://PRIVATE-API.TixyApp.COM./",
  "https://private-api.tixyapp.com:443/x/",
  "https://%70rivate-api.tixyapp.com",
  "https://\uff50rivate-api.tixyapp.com",
];
const CASES = [
  // Item 2: the public client refuses the private API's host, however it is spelled.
  ...PRIVATE_HOSTS.map((base) => ({
    name: `2: public client with baseUrl ${base}: invalid_input`,
    run: { base, options: { maxRetries: 0 } },
    expect: { phase: "construct", kind: "invalid_input", message: /baseUrl[\s\S]*private API/, requests: 0 },
  })),
  { name: "2: a look-alike host is not refused", run: { base: "https://private-api.tixyapp.com.example", constructOnly: true }, expect: { phase: "construct", ok: true, requests: 0 } },
  // Item 4: plain http only on loopback literals and `localhost` itself.
  ...["http://api.localhost:8080", "http://localhost.:8080"].map((base) => ({
    name: `4: baseUrl ${base}: invalid_input`,
    run: { client: "private", base, options: { maxRetries: 0 } },
    expect: { phase: "construct", kind: "invalid_input", message: /loopback/, requests: 0 },
  })),
  ...["http://localhost:8080", "http://127.7.7.7:8080", "http://[::1]:8080"].map((base) => ({
    name: `4: baseUrl ${base} is loopback`,
    run: { client: "private", base, constructOnly: true },
    expect: { phase: "construct", ok: true, requests: 0 },
  })),
  // Item 5: the same-origin target is requested exactly as resolved.
  {
    name: "5: a long same-origin Location with a query and the token is requested untouched",
    faults: [{ type: "redirect", location: `{self}/events?redirected=1&pad=${LONG_PAD}&echo={token}` }],
    run: { options: { maxRetries: 0 } },
    expect: { ok: true, length: EVENTS, requests: 2, url: `/events?redirected=1&pad=${LONG_PAD}&echo=${TOKENS.public}` },
  },
  {
    name: "5: a relative Location resolves against the request URL",
    faults: [{ type: "redirect", location: `events?redirected=1&pad=${LONG_PAD}` }],
    run: { options: { maxRetries: 0 } },
    expect: { ok: true, length: EVENTS, requests: 2, url: `/events?redirected=1&pad=${LONG_PAD}` },
  },
  {
    name: "5: a cross-origin Location whose host is the token: refused, its text sanitized",
    faults: [persistent({ type: "redirect", location: "http://{token}.invalid:1/x" })],
    run: { options: { maxRetries: 2 } },
    expect: { kind: "network", requests: 1, message: /another origin \(http:\/\/<redacted>\.invalid:1\)/ },
  },
  // Item 6: no piece of a token and no forged line in error text.
  {
    name: "6: a 200 body that is not JSON and starts with the token: decode, body not quoted",
    faults: [persistent({ type: "status", status: 200, body: `${TOKENS.public}-x.y` })],
    run: { options: { maxRetries: 0 } },
    expect: { kind: "decode", status: 200, requests: 1, message: /^events: the body is not valid JSON$/ },
  },
  {
    name: "6: a 400 body that is not JSON: bad_request, body not quoted",
    faults: [persistent({ type: "status", status: 400, body: `${TOKENS.public}` })],
    run: { options: { maxRetries: 0 } },
    expect: { kind: "bad_request", status: 400, requests: 1, message: /^events: HTTP 400 bad request$/ },
  },
  {
    name: "6: server text with parts of the token, bidi and control characters",
    faults: [persistent({
      type: "status",
      status: 400,
      body: JSON.stringify({
        error: `bad ${TOKENS.public.slice(0, 12)} and ${TOKENS.public.slice(9, 30).toUpperCase()} \u202e\u2066evil\u2069\u0007\r\nFORGED: ok\u2028also ${TOKENS.public.slice(3, 20).split("").join("\u200b")}`,
      }),
    })],
    run: { options: { maxRetries: 0 } },
    expect: { kind: "bad_request", status: 400, requests: 1, message: /\(server said: bad <redacted> and <redacted> evil FORGED: ok also <redacted>\)$/ },
  },
  {
    name: "6: a 10,000-character server text is cut to 300",
    faults: [persistent({ type: "status", status: 422, body: JSON.stringify({ message: "m".repeat(10000) }) })],
    run: { options: { maxRetries: 0 } },
    expect: { kind: "bad_request", status: 422, requests: 1, message: /\(server said: m{300}…\)$/ },
  },
  {
    name: "6: a fetch error that quotes the token in lower case",
    run: { fetch: "throws-token", options: { maxRetries: 0 } },
    expect: { kind: "network", requests: 0, message: /connect failed for bearer <redacted>$/ },
  },
  // Item 7: the timer and the caller's signal settle the call whatever fetch does.
  {
    name: "7: an injected fetch that never settles: timeoutMs 300 rejects with timeout",
    run: { fetch: "never", options: { maxRetries: 0, timeoutMs: 300 } },
    expect: { kind: "timeout", requests: 0, maxMs: 3000, message: /300 ms/ },
  },
  {
    name: "7: an injected fetch that ignores the signal, a body that never ends: timeout",
    faults: [persistent({ type: "endless", status: 200, ms: 50 })],
    run: { fetch: "ignore-signal", options: { maxRetries: 0, timeoutMs: 300 } },
    expect: { kind: "timeout", requests: 1, maxMs: 3000 },
  },
  {
    name: "7: the caller's abort settles a fetch that never settles",
    run: { fetch: "never", abort: 150, options: { maxRetries: 2, timeoutMs: 60000 } },
    expect: { kind: "aborted", requests: 0, maxMs: 3000 },
  },
  {
    name: "7: the caller's abort settles a body that never ends (signal ignored)",
    faults: [persistent({ type: "endless", status: 200, ms: 50 })],
    run: { fetch: "ignore-signal", abort: 300, options: { maxRetries: 2, timeoutMs: 60000 } },
    expect: { kind: "aborted", requests: 1, maxMs: 3000 },
  },
  // Item 8: Retry-After read strictly; anything else means the normal backoff.
  ...["-1", "1.5", "+2", "3 5", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"].map((retryAfter) => ({
    name: `8: Retry-After ${JSON.stringify(retryAfter)} is ignored: backoff, retryAfterMs null`,
    faults: [persistent({ type: "status", status: 503, retryAfter })],
    run: { options: { maxRetries: 1 } },
    expect: { kind: "server", status: 503, retryAfterMs: null, requests: 2, minMs: 350 },
  })),
  ...[["0", 0], ["Sun, 06 Nov 1994 08:49:37 GMT", 0]].map(([retryAfter, ms]) => ({
    name: `8: Retry-After ${JSON.stringify(retryAfter)} is read: retryAfterMs ${ms}`,
    faults: [persistent({ type: "status", status: 503, retryAfter })],
    run: { options: { maxRetries: 1 } },
    expect: { kind: "server", status: 503, retryAfterMs: ms, requests: 2 },
  })),
  // Item 9: an error body is read up to a limit, the rest cancelled.
  {
    name: "9: a streaming 500 that never ends: server error without waiting for its end",
    faults: [persistent({ type: "endless", status: 500, ms: 0 })],
    // A timeout far beyond the case's 5 s guard: reading the whole body would stay pending.
    run: { options: { maxRetries: 0, timeoutMs: 60000 } },
    expect: { kind: "server", status: 500, requests: 1 },
  },
  {
    name: "9: a success body is not limited (a list far over the error-body limit)",
    run: { options: { maxRetries: 0 } },
    expect: { ok: true, length: EVENTS, requests: 1 },
  },
];
const RUNS = Object.fromEntries(CASES.map((c) => [c.name, c.run]));
assert.equal(Object.keys(RUNS).length, CASES.length, "case names must be unique");

// ------------------------------------------------------------------ harness
let mock;
let dir;
let lib;
let env;
let worker;

before(async () => {
  ({ dir, lib } = await importAsUser("hardening-io", 'export { TixyClient, TixyError } from "tixy-connect";\nexport { TixyPrivateClient } from "tixy-connect/server";\n'));
  mock = await startMock({ events: EVENTS, tours: 4, seed: 12, publicToken: TOKENS.public, privateToken: TOKENS.private });
  env = { publicUrl: mock.publicUrl, privateUrl: mock.privateUrl, tokens: TOKENS };
  writeFileSync(
    join(dir, "hardening-worker.mjs"),
    `import { TixyClient, TixyError } from "tixy-connect";\n` +
      `import { TixyPrivateClient } from "tixy-connect/server";\n` +
      `const RUNS = ${JSON.stringify(RUNS)};\n` +
      `${runCase.toString()}\n` +
      `export default {\n` +
      `  async fetch(request) {\n` +
      `    const { name, env } = await request.json();\n` +
      `    const result = await runCase({ TixyClient, TixyPrivateClient, TixyError }, RUNS[name], env);\n` +
      `    return Response.json({ ...result, userAgent: globalThis.navigator?.userAgent ?? null });\n` +
      `  },\n` +
      `};\n`,
  );
  const bundle = await bundleWorker({ entry: join(dir, "hardening-worker.mjs"), projectDir: dir, outDir: join(dir, "hardening-worker-dist") });
  worker = await startWorker({ modules: bundle.modules, modulesRoot: bundle.modulesRoot });
});

after(async () => {
  await worker?.dispose();
  await mock?.close();
});

const RUNTIMES = {
  node: (name) => runCase(lib, RUNS[name], env),
  workerd: async (name) => {
    const res = await worker.dispatchFetch("http://hardening.test/", { method: "POST", body: JSON.stringify({ name, env }) });
    const text = await res.text();
    assert.equal(res.status, 200, `the test Worker answered ${res.status}: ${text.slice(0, 2000)}`);
    const result = JSON.parse(text);
    assert.equal(result.userAgent, "Cloudflare-Workers", "the case did not run in workerd");
    return result;
  },
};

async function play(runtime, c) {
  mock.clearLog();
  mock.clearFaults();
  if (c.faults?.length) mock.addFaults(c.faults);
  const result = await RUNTIMES[runtime](c.name);
  const log = mock.log().filter((e) => !e.preflight);
  return { result, log };
}

function judge(c, { result, log }) {
  const e = c.expect;
  const what = `${JSON.stringify(result)}\nlog: ${JSON.stringify(log.map((l) => `${l.server} ${l.url.slice(0, 120)} ${l.status} ${l.fault}`))}`;
  assert.notEqual(result.pending, true, `the call was still pending after 5 s: ${what}`);
  assert.equal(result.phase, e.phase ?? "call", `phase: ${what}`);
  if (e.ok) {
    assert.equal(result.ok, true, `expected success: ${what}`);
    if (e.length !== undefined) assert.equal(result.length, e.length, what);
  } else {
    assert.equal(result.ok, false, `expected ${e.kind}, got success: ${what}`);
    assert.equal(result.isTixyError, true, `not a TixyError: ${what}`);
    assert.equal(result.kind, e.kind, `kind: ${what}`);
    assert.equal(result.status, e.status ?? null, `status: ${what}`);
    assert.equal(result.retryAfterMs, e.retryAfterMs ?? null, `retryAfterMs: ${what}`);
    if (e.message) assert.match(result.message, e.message, `message: ${what}`);
    assert.equal(result.leak, false, `8+ characters of a token in the error: ${what}`);
    assert.equal(result.controlOrBidi, false, `control or bidi characters in the message: ${what}`);
    assert.ok(result.message.length <= 700, `message of ${result.message.length} characters: ${what}`);
  }
  if (e.minMs !== undefined) assert.ok(result.elapsedMs >= e.minMs, `took ${result.elapsedMs} ms, expected a backoff (>= ${e.minMs}): ${what}`);
  if (e.maxMs !== undefined) assert.ok(result.elapsedMs <= e.maxMs, `took ${result.elapsedMs} ms, expected <= ${e.maxMs}: ${what}`);
  const server = c.run.client ?? "public";
  assert.equal(log.filter((l) => l.server === server).length, e.requests, `requests: ${what}`);
  assert.equal(log.filter((l) => l.server !== server).length, 0, `requests elsewhere: ${what}`);
  if (e.url !== undefined) assert.equal(log[1].url, e.url, `the redirect target was not requested as sent: ${what}`);
}

for (const runtime of Object.keys(RUNTIMES)) {
  describe(`hardening (fetch path) in ${runtime}`, () => {
    for (const c of CASES) {
      test(c.name, { timeout: 20_000 }, async (t) => {
        const outcome = await play(runtime, c);
        const r = outcome.result;
        t.diagnostic(`${r.pending ? "PENDING" : r.ok ? "ok" : `${r.kind} ${r.status ?? ""}`} in ${r.elapsedMs} ms${r.message ? `: ${r.message.slice(0, 200)}` : ""}`);
        judge(c, outcome);
      });
    }
  });
}

// ------------------------------------------------------------------ Node only

test("2: the browser build refuses the private host too, without its name in its files", async () => {
  const pkgDir = join(dir, "node_modules", "tixy-connect");
  // The browser entry (the glue bundled in, scripts/build.sh) and its wasm.
  const paths = ["entry/browser.js", "browser/tixy_connect_bg.wasm"].map((f) => join(pkgDir, f));
  for (const p of paths) assert.equal(readFileSync(p).includes("private-api"), false, "the private host's name is in the browser build");
  // The browser build's own entry, imported in Node. Node's fetch cannot read the file: URL
  // the entry fetches its wasm from: for that one fetch, during the import, the file is served.
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) => {
    assert.equal(String(url), pathToFileURL(paths[1]).href);
    return new Response(readFileSync(paths[1]), { headers: { "content-type": "application/wasm" } });
  };
  let browser;
  try {
    browser = await import(pathToFileURL(paths[0]).href);
  } finally {
    globalThis.fetch = realFetch;
  }
  const { TixyError } = browser;
  for (const baseUrl of PRIVATE_HOSTS) {
    let err;
    try {
      new browser.TixyClient({ publicToken: TOKENS.private, baseUrl });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof TixyError, `${baseUrl}: ${err}`);
    assert.equal(err.kind, "invalid_input", baseUrl);
    assert.match(err.message, /baseUrl[\s\S]*private API/, baseUrl);
  }
  assert.ok(new browser.TixyClient({ publicToken: TOKENS.public, baseUrl: "https://public-api.tixyapp.com" }));
});

test("9: a streaming 500 does not grow the process's memory", async (t) => {
  mock.clearFaults();
  mock.addFaults([persistent({ type: "endless", status: 500, ms: 0 })]);
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const client = new lib.TixyClient({ publicToken: TOKENS.public, baseUrl: mock.publicUrl, maxRetries: 0, timeoutMs: 3000 });
  const t0 = Date.now();
  let err;
  try {
    await client.events();
  } catch (e) {
    err = e;
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    mock.clearFaults();
  }
  const grewMiB = (peak - before) / 2 ** 20;
  t.diagnostic(`rss before ${(before / 2 ** 20).toFixed(1)} MiB, peak growth ${grewMiB.toFixed(1)} MiB, settled in ${Date.now() - t0} ms`);
  assert.equal(err?.kind, "server", `${err}`);
  assert.ok(grewMiB < 32, `rss grew by ${grewMiB.toFixed(1)} MiB while a 500 streamed its body`);
});

// The README's word on proxies and loopback (item 4), checked in the runtimes it names: a fake
// proxy answers every request with `[]` and records what it saw.
const RUNTIME_BIN = {
  deno: process.env.DENO || join(repoRoot, "tests", "node_modules", ".bin", "deno"),
  bun: process.env.BUN || join(repoRoot, "tests", "node_modules", ".bin", "bun"),
};
for (const [runtime, bin] of Object.entries(RUNTIME_BIN)) {
  test(`4: ${runtime} sends a loopback request through HTTP_PROXY unless NO_PROXY names it (README)`, { timeout: 60_000 }, async () => {
    writeFileSync(join(dir, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
    writeFileSync(
      join(dir, "proxy-probe.mjs"),
      'import { TixyClient } from "tixy-connect";\n' +
        "const [baseUrl, publicToken] = (globalThis.Deno ? Deno.args : process.argv.slice(2));\n" +
        "const tixy = new TixyClient({ publicToken, baseUrl, maxRetries: 0, timeoutMs: 10000 });\n" +
        "try { console.log(JSON.stringify({ length: (await tixy.events()).length })); } catch (e) { console.log(JSON.stringify({ kind: e.kind, message: e.message })); }\n",
    );
    const seen = [];
    const proxy = (await import("node:http")).createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      res.writeHead(200, { "content-type": "application/json" }).end("[]");
    });
    await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
    const proxyUrl = `http://127.0.0.1:${proxy.address().port}`;
    const run = (extra) => new Promise((resolve, reject) => {
      const { NO_PROXY, no_proxy, HTTP_PROXY, http_proxy, ...base } = process.env;
      const args = runtime === "deno" ? ["run", "-A", "proxy-probe.mjs"] : ["proxy-probe.mjs"];
      const child = spawn(bin, [...args, mock.publicUrl, TOKENS.public], { cwd: dir, env: { ...base, HTTP_PROXY: proxyUrl, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("error", reject);
      child.on("close", () => {
        try {
          resolve(JSON.parse(out.trim().split("\n").pop()));
        } catch {
          reject(new Error(`${runtime} printed ${out} ${err}`));
        }
      });
    });
    try {
      mock.clearFaults();
      mock.clearLog();
      assert.deepEqual(await run({}), { length: 0 }, "the answer did not come from the proxy");
      assert.equal(seen.length, 1);
      assert.equal(seen[0].url, `${mock.publicUrl}/events?status=all`);
      assert.equal(seen[0].authorization, `Bearer ${TOKENS.public}`, "the proxy saw the token");
      assert.equal(mock.log().length, 0, "the mock was reached directly");
      assert.deepEqual(await run({ NO_PROXY: "localhost,127.0.0.1,::1" }), { length: EVENTS }, "NO_PROXY was not honoured");
      assert.equal(seen.length, 1, "the proxy was used despite NO_PROXY");
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
}

// Item 6 where the parse errors differ: Bun quotes a body up to its first `-` or `.`.
for (const [runtime, bin] of Object.entries(RUNTIME_BIN)) {
  test(`6: in ${runtime}, a body that is not JSON is not quoted`, { timeout: 60_000 }, async () => {
    writeFileSync(join(dir, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
    writeFileSync(
      join(dir, "decode-probe.mjs"),
      'import { TixyClient } from "tixy-connect";\n' +
        "const [baseUrl, publicToken] = (globalThis.Deno ? Deno.args : process.argv.slice(2));\n" +
        "const tixy = new TixyClient({ publicToken, baseUrl, maxRetries: 0 });\n" +
        "const out = [];\n" +
        "for (let i = 0; i < 2; i++) try { await tixy.events(); out.push(null); } catch (e) { out.push({ kind: e.kind, message: e.message, stack: e.stack }); }\n" +
        "console.log(JSON.stringify(out));\n",
    );
    mock.clearFaults();
    mock.addFaults([
      { type: "status", status: 200, body: `${TOKENS.public}-x.y` },
      { type: "status", status: 200, body: `{"id": ${TOKENS.public}}` },
    ]);
    const args = runtime === "deno" ? ["run", "-A", "decode-probe.mjs"] : ["decode-probe.mjs"];
    const out = await new Promise((resolve, reject) => {
      const child = spawn(bin, [...args, mock.publicUrl, TOKENS.public], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.on("error", reject);
      child.on("close", () => resolve(text));
    });
    const results = JSON.parse(out.trim().split("\n").pop());
    for (const r of results) {
      assert.equal(r?.kind, "decode", out);
      assert.equal(r.message, "events: the body is not valid JSON", out);
      for (let i = 0; i + 8 <= TOKENS.public.length; i++) assert.ok(!r.stack.includes(TOKENS.public.slice(i, i + 8)), out);
    }
  });
}

/** A port that is busy: a server listens on it until `close()`. */
async function busyPort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  return { port: s.address().port, close: () => new Promise((r) => s.close(r)) };
}

/** Runs node with `args`; { code, stdout, stderr }. */
function runNode(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const oneLine = (r, port) => {
  const lines = r.stderr.trim().split("\n");
  assert.notEqual(r.code, 0, `exit code 0: ${r.stderr}`);
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0], new RegExp(`${port}.*busy`), r.stderr);
  assert.doesNotMatch(r.stderr, /EADDRINUSE|\n\s+at /, r.stderr);
  assert.equal(r.stdout, "", "nothing on stdout");
};

test("10: the mock CLI says in one line that a port is busy", async () => {
  const busy = await busyPort();
  try {
    oneLine(await runNode(["mock-tixy/cli.mjs", "--private-port", String(busy.port)]), busy.port);
  } finally {
    await busy.close();
  }
});

test("10: the demo says in one line that a port is busy", async () => {
  const busy = await busyPort();
  try {
    oneLine(await runNode(["www-example/demo.mjs"], { DEMO_PAGE_PORT: String(busy.port) }), busy.port);
    oneLine(await runNode(["www-example/demo.mjs"], { DEMO_WORKER_PORT: String(busy.port) }), busy.port);
  } finally {
    await busy.close();
  }
});
