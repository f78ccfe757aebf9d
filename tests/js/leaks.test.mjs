// Token hygiene as a seeded property test (CONTRACT.md: "No error message, toString(),
// JSON.stringify, stack, or log line ever contains a token"). Each case draws a random token
// (8-64 characters of printable ASCII without space) and drives it through every error path
// that is quick to trigger, against the mock TIXY server over real HTTP: invalid input of each
// kind, 400/401/403/404/500 whose error body ECHOES the token (in `error` or `message`, at the
// start, the end, or straddling the 200-character cut of the server's text), decode, refused
// connection, timeout, abort, cross-origin redirect, and an injected fetch that quotes the token
// the way some fetch implementations do. For every error, the token must appear in none of
// err.message, String(err), JSON.stringify(err), err.stack, Object.values(err), nor in anything
// console.* printed during the call. A leak is the token or any 8-character piece of it.
//
// Replay a failure with TIXY_LEAK_SEED=<seed printed in the failure>; TIXY_LEAK_CASES=<n>.
//
//   node --test tests/js/leaks.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { importAsUser } from "../../harness/package.mjs";
import { startMock } from "./lib/mock.mjs";
import { freePort } from "./lib/net.mjs";

const SEED = process.env.TIXY_LEAK_SEED !== undefined ? Number(process.env.TIXY_LEAK_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const CASES = Number(process.env.TIXY_LEAK_CASES ?? 240);
const PIECE = 8; // a leaked fragment this long (or the whole token, if shorter) counts as a leak

// The mock's own tokens: never used by the cases (they bring their own), so the mock answers 401
// unless a fault says otherwise; the fault decides what each case sees.
const MOCK_TOKENS = { public: "pubtok_mock_leaks_9d2c4e6f8a0b1c3d", private: "privtok_mock_leaks_1a3c5e7f9b2d4f6a" };

let mock;
let lib;
let refusedUrl;

before(async () => {
  ({ lib } = await importAsUser("leaks", 'export { TixyClient, TixyError } from "tixy-connect";\nexport { TixyPrivateClient } from "tixy-connect/server";\n'));
  mock = await startMock({ events: 3, tours: 2, seed: 5, publicToken: MOCK_TOKENS.public, privateToken: MOCK_TOKENS.private });
  refusedUrl = `http://127.0.0.1:${await freePort()}`;
});

after(async () => {
  await mock?.close();
});

// ------------------------------------------------------------------ seeded randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1)); // inclusive
const pick = (rng, xs) => xs[Math.floor(rng() * xs.length)];

/** 8-64 characters from 0x21..0x7e: everything a header accepts, quotes and backslashes included. */
function randomToken(rng) {
  const n = int(rng, 8, 64);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(int(rng, 0x21, 0x7e));
  return s;
}

// ------------------------------------------------------------------ leak detection

/** Every PIECE-long slice of the token (the token itself when shorter). */
function pieces(token) {
  if (token.length <= PIECE) return [token];
  const out = [];
  for (let i = 0; i + PIECE <= token.length; i++) out.push(token.slice(i, i + PIECE));
  return out;
}

/** The text of every surface an error exposes, labelled. */
function surfaces(err) {
  const out = {
    "err.message": String(err?.message),
    "String(err)": String(err),
    "JSON.stringify(err)": String(JSON.stringify(err)),
    "err.stack": String(err?.stack),
  };
  if (err !== null && typeof err === "object") {
    for (const [i, v] of Object.values(err).entries()) out[`Object.values(err)[${i}]`] = typeof v === "string" ? v : String(JSON.stringify(v));
    for (const k of Object.getOwnPropertyNames(err)) out[`own property ${k}`] = typeof err[k] === "string" ? err[k] : String(JSON.stringify(err[k]));
  }
  return out;
}

/** The first surface that carries the token or a piece of it, or null. */
function findLeak(token, texts) {
  const ps = pieces(token);
  for (const [where, text] of Object.entries(texts)) {
    const hit = ps.find((p) => text.includes(p));
    if (hit !== undefined) return { where, piece: hit, text };
  }
  return null;
}

const CONSOLE_METHODS = ["log", "error", "warn", "info", "debug", "trace"];

/** Runs `fn` with console.* captured (and silenced); returns { value, error, printed }. */
async function captureConsole(fn) {
  const printed = [];
  const saved = CONSOLE_METHODS.map((m) => console[m]);
  for (const m of CONSOLE_METHODS) console[m] = (...args) => printed.push(`${m}: ${args.map((a) => (typeof a === "string" ? a : String(a?.stack ?? a) + " " + safeJson(a))).join(" ")}`);
  try {
    return { value: await fn(), error: undefined, printed };
  } catch (error) {
    return { value: undefined, error, printed };
  } finally {
    CONSOLE_METHODS.forEach((m, i) => (console[m] = saved[i]));
  }
}
const safeJson = (v) => {
  try {
    return JSON.stringify(v);
  } catch {
    return "";
  }
};

// ------------------------------------------------------------------ the error paths

const publicClient = (token, options = {}) => new lib.TixyClient({ publicToken: token, baseUrl: mock.publicUrl, maxRetries: 0, ...options });
const privateClient = (token, options = {}) => new lib.TixyPrivateClient({ privateToken: token, baseUrl: mock.privateUrl, maxRetries: 0, ...options });

/** A server error text that echoes the token somewhere, often across a cut a client might make. */
function echoText(rng, token) {
  switch (int(rng, 0, 3)) {
    case 0:
      return `Invalid token ${token}`;
    case 1:
      return `${token} is not allowed here`;
    case 2: {
      // Across character 200 or 300 (where a client might shorten the server's text).
      const cut = pick(rng, [200, 300]) - int(rng, 1, token.length - 1);
      return `${"x".repeat(cut)}${token} (rejected)`;
    }
    default:
      return `${"y".repeat(int(rng, 0, 400))}${token}`;
  }
}

/**
 * Every path: { name, expect: kind, faults?: [...], call: () => Promise | value }.
 * Paths marked `sync` throw from a constructor or setToken instead of rejecting.
 */
function paths(rng, token) {
  const key = pick(rng, ["error", "message"]);
  const echo = (status, server = "public") => ({
    name: `${status} on ${server} echoing the token in "${key}"`,
    expect: { 400: "bad_request", 401: "invalid_token", 403: "access_denied", 404: "not_found", 500: "server" }[status],
    faults: [{ type: "status", status, match: { server }, body: JSON.stringify({ [key]: echoText(rng, token) }) }],
    call: () => (server === "public" ? publicClient(token).events() : privateClient(token).salesEvents({ status: "all" })),
  });
  const list = [
    // invalid input, each kind; the client holds the token in every one of them
    { name: "baseUrl http on a public host", expect: "invalid_input", sync: true, call: () => publicClient(token, { baseUrl: "http://public-api.tixyapp.com" }) },
    { name: "baseUrl carrying the token in its query", expect: "invalid_input", sync: true, call: () => publicClient(token, { baseUrl: `https://public-api.tixyapp.com/?token=${token}` }) },
    { name: "baseUrl not a URL", expect: "invalid_input", sync: true, call: () => privateClient(token, { baseUrl: "private-api.tixyapp.com" }) },
    { name: "maxRetries out of range", expect: "invalid_input", sync: true, call: () => publicClient(token, { maxRetries: 99 }) },
    { name: "timeoutMs 0", expect: "invalid_input", sync: true, call: () => publicClient(token, { timeoutMs: 0 }) },
    { name: "routeStyle unknown", expect: "invalid_input", sync: true, call: () => privateClient(token, { routeStyle: "graphql" }) },
    { name: "fetch not a function", expect: "invalid_input", sync: true, call: () => publicClient(token, { fetch: 42 }) },
    { name: "a private* key in TixyClient", expect: "invalid_input", sync: true, call: () => new lib.TixyClient({ publicToken: token, privateToken: token }) },
    { name: "a public* key in TixyPrivateClient", expect: "invalid_input", sync: true, call: () => new lib.TixyPrivateClient({ privateToken: token, publicToken: token }) },
    { name: "status unknown", expect: "invalid_input", call: () => publicClient(token).events({ status: "bogus" }) },
    { name: "id and slug together", expect: "invalid_input", call: () => publicClient(token).event({ id: "a".repeat(24), slug: "some-slug" }) },
    { name: "neither id nor slug", expect: "invalid_input", call: () => publicClient(token).tour({}) },
    { name: "per-call timeoutMs -1", expect: "invalid_input", call: () => publicClient(token).events({}, { timeoutMs: -1 }) },
    { name: "signal not an AbortSignal", expect: "invalid_input", call: () => publicClient(token).tours({}, { signal: "stop" }) },
    { name: "impossible date", expect: "invalid_input", call: () => privateClient(token).salesEvents({ from: "2024-02-30" }) },
    { name: "from after to", expect: "invalid_input", call: () => privateClient(token).statisticsEvents({ from: "2025-01-02", to: "2025-01-01" }) },
    { name: "setToken with a number", expect: "invalid_input", sync: true, call: () => publicClient(token).setToken(12345) },
    // HTTP errors whose bodies echo the token
    echo(400),
    echo(401),
    echo(403),
    echo(404),
    echo(500),
    echo(pick(rng, [401, 403, 500]), "private"),
    { name: "401 from the mock's own auth (unknown token)", expect: "invalid_token", call: () => publicClient(token).events() },
    // decode
    { name: "malformed JSON", expect: "decode", faults: [{ type: "malformed-json" }], call: () => publicClient(token).events() },
    { name: "wrong content type", expect: "decode", faults: [{ type: "wrong-content-type" }], call: () => privateClient(token).salesTours({}) },
    // transport
    { name: "connection refused", expect: "network", call: () => publicClient(token, { baseUrl: refusedUrl }).events() },
    // The mock refuses the random token, so this is a 401 whose body is cut mid-way.
    { name: "401 with its body reset mid-way", expect: "invalid_token", faults: [{ type: "reset-mid-body" }], call: () => publicClient(token).events() },
    { name: "timeout", expect: "timeout", inflight: true, faults: [{ type: "delay", ms: 300 }], call: () => publicClient(token, { timeoutMs: 20 }).events() },
    { name: "aborted before the call", expect: "aborted", call: () => publicClient(token).events({}, { signal: AbortSignal.abort() }) },
    {
      name: "aborted during the call",
      expect: "aborted",
      inflight: true,
      faults: [{ type: "delay", ms: 300 }],
      call: () => {
        const c = new AbortController();
        setTimeout(() => c.abort(new Error(`caller's reason ${token}`)), 10);
        return publicClient(token).events({}, { signal: c.signal });
      },
    },
    { name: "cross-origin redirect", expect: "network", faults: [{ type: "redirect", to: "redirect-target" }], call: () => privateClient(token).salesTerms() },
    // an injected fetch that quotes the token, as some fetch implementations do for bad headers
    {
      name: "injected fetch throws quoting the token (message and cause)",
      expect: "network",
      call: () =>
        publicClient(token, {
          fetch: (url, init) => {
            throw new TypeError(`invalid header value "${init.headers.get("authorization")}"`, { cause: new Error(`token ${token} refused`) });
          },
        }).events(),
    },
    {
      name: "injected fetch rejects quoting the token",
      expect: "network",
      call: () => publicClient(token, { fetch: async (url, init) => Promise.reject(new Error(`connect failed for ${init.headers.get("authorization")}`)) }).events(),
    },
    {
      name: "injected fetch answers a non-JSON content type naming the token",
      expect: "decode",
      call: () => publicClient(token, { fetch: async () => new Response("<html></html>", { status: 200, headers: { "content-type": `text/html; session=${token}` } }) }).events(),
    },
  ];
  // A redirect whose Location carries the token in its userinfo: as is where a URL keeps it
  // as is, and percent-encoded (the form a server would send) for every token.
  const userinfoRedirect = (userinfo) => () =>
    publicClient(token, { fetch: async () => new Response(null, { status: 302, headers: { location: `https://user:${userinfo}@other.example/callback` } }) }).events();
  if (/^[A-Za-z0-9!$&'()*+,._~-]+$/.test(token)) { // what the URL parser leaves as is in userinfo
    list.push({ name: "cross-origin redirect, the token as the Location's userinfo", expect: "network", call: userinfoRedirect(token) });
  }
  list.push({ name: "cross-origin redirect, the token percent-encoded in the Location's userinfo", expect: "network", call: userinfoRedirect(encodeURIComponent(token)) });
  return list;
}

/** Tokens a header cannot carry: a valid token with a space, a control or a non-ASCII character. */
function invalidToken(rng) {
  const base = randomToken(rng);
  const bad = pick(rng, [" ", "\n", "\r\n", "\t", "\u0000", "\u007f", "é", "ü", "\u00a0", "€", "😀", "\u2028"]);
  const at = int(rng, 0, base.length);
  return base.slice(0, at) + bad + base.slice(at);
}

// ------------------------------------------------------------------ the property

/** Runs one path; returns a failure description or null. */
async function check(token, path) {
  mock.clearFaults();
  mock.clearLog();
  if (path.faults) mock.addFaults(path.faults);
  const { value, error, printed } = await captureConsole(async () => (path.sync ? path.call() : await path.call()));
  // A call that gave up on its request (timeout, abort) may have a request still on its way
  // to the mock: let it land now, or it would take the next path's fault.
  for (let waited = 0; path.inflight && mock.log().length === 0 && waited < 300; waited += 5) await new Promise((r) => setTimeout(r, 5));
  if (error === undefined) return `expected ${path.expect}, got success: ${safeJson(value)?.slice(0, 200)}`;
  if (!(error instanceof lib.TixyError) || !(error instanceof Error) || error.name !== "TixyError") return `not a TixyError: ${String(error)}`;
  if (error.kind !== path.expect) return `kind ${error.kind}, expected ${path.expect}: ${error.message}`;
  const leak = findLeak(token, { ...surfaces(error), "console output": printed.join("\n") });
  if (leak) return `the token leaked into ${leak.where} (piece ${JSON.stringify(leak.piece)}): ${leak.text.slice(0, 600)}`;
  return null;
}

test(`random tokens through every error path (${CASES} cases, seed ${SEED})`, { timeout: 120_000 }, async (t) => {
  const rng = mulberry32(SEED);
  const failures = [];
  let calls = 0;
  for (let i = 0; i < CASES; i++) {
    const token = randomToken(rng);
    for (const path of paths(rng, token)) {
      calls++;
      const problem = await check(token, path);
      if (problem) failures.push({ case: i, path: path.name, token, problem });
    }
  }
  t.diagnostic(`seed ${SEED}: ${CASES} tokens, ${calls} error paths checked, ${failures.length} failure(s)`);
  const byPath = Object.groupBy ? Object.groupBy(failures, (f) => f.path) : failures.reduce((m, f) => ((m[f.path] ??= []).push(f), m), {});
  const summary = Object.entries(byPath)
    .map(([p, fs]) => `- ${p}: ${fs.length} case(s); first: case ${fs[0].case}, token ${JSON.stringify(fs[0].token)}\n    ${fs[0].problem}`)
    .join("\n");
  assert.equal(failures.length, 0, `seed ${SEED} (replay: TIXY_LEAK_SEED=${SEED} node --test tests/js/leaks.test.mjs)\n${summary}`);
});

test(`tokens with a space, a control or a non-ASCII character are invalid_input, unquoted (seed ${SEED})`, async () => {
  const rng = mulberry32(SEED ^ 0x5eed);
  const failures = [];
  for (let i = 0; i < CASES; i++) {
    const token = invalidToken(rng);
    const tries = [
      ["new TixyClient", () => publicClient(token)],
      ["new TixyPrivateClient", () => privateClient(token)],
      ["TixyClient#setToken", () => publicClient("valid_token_0123456789").setToken(token)],
      ["TixyPrivateClient#setToken", () => privateClient("valid_token_0123456789").setToken(token)],
    ];
    for (const [where, fn] of tries) {
      mock.clearLog();
      const { error, printed } = await captureConsole(fn);
      const label = `${where} with ${JSON.stringify(token)}`;
      if (!(error instanceof lib.TixyError)) failures.push(`${label}: not refused with a TixyError (${String(error)})`);
      else if (error.kind !== "invalid_input") failures.push(`${label}: kind ${error.kind}`);
      else if (!/token/i.test(error.message)) failures.push(`${label}: the message does not say the token is the problem: ${error.message}`);
      else {
        // The whole token, and its valid pieces on either side of the bad character.
        const leak = findLeak(token, { ...surfaces(error), "console output": printed.join("\n") });
        if (leak) failures.push(`${label}: leaked into ${leak.where}: ${leak.text.slice(0, 300)}`);
      }
      if (mock.log().length) failures.push(`${label}: a request was sent`);
    }
  }
  assert.deepEqual(failures.slice(0, 20), [], `seed ${SEED}: ${failures.length} failure(s)`);
});

// The detector itself must catch what it claims to: a whole token, a piece of one, and a
// token printed through console.* during the call.
test("the leak detector catches whole tokens, pieces and console output", async () => {
  const token = "AbCdEfGhIjKlMnOpQrStUv";
  assert.ok(findLeak(token, { m: `x ${token} y` }));
  assert.ok(findLeak(token, { m: `x ${token.slice(0, 8)}` }));
  assert.ok(findLeak(token, { m: `${token.slice(-9)} y` }));
  assert.equal(findLeak(token, { m: `x ${token.slice(0, 7)} y` }), null);
  assert.ok(findLeak("short", { m: "a short one" }));
  const err = new lib.TixyError("network", "clean", undefined, undefined);
  err.extra = token;
  assert.ok(findLeak(token, surfaces(err)), "Object.values(err) is not inspected");
  const original = console.error;
  const { printed } = await captureConsole(() => console.error(new Error(`boom ${token}`)));
  assert.ok(findLeak(token, { "console output": printed.join("\n") }), "console output is not captured");
  assert.equal(console.error, original, "console.error was not restored");
});
