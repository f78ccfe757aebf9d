// The edge claims, in real workerd (Miniflare): the example Worker in
// www-example/worker/ bundled like wrangler does against the installed
// tarball, talking to the project's mock TIXY server over real HTTP.
//
//   node --test tests/js/worker.test.mjs        (from the repo root; needs pkg/*.tgz)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage } from "../../harness/package.mjs";
import { startMock } from "./lib/mock.mjs";
import { bundleWorker, exampleWorkerEntry, startExampleWorker, startWorker } from "../../harness/workerd.mjs";
import { freePort } from "./lib/net.mjs";

const WRONG_TOKEN = "tixy_priv_WRONG_0000111122223333";
const ORIGIN = "https://dash.example.org";

let mock;
let projectDir;
let worker; // the example Worker, right tokens, ALLOWED_ORIGIN set, fixed port
let fixedPort;
let wrong; // the example Worker, wrong private token, no public token, no ALLOWED_ORIGIN

/** Every secret a response must never carry. */
const secrets = () => [mock.tokens.private, mock.tokens.public, WRONG_TOKEN];

/** Fetch over real HTTP and return { res, text, headersText }. */
async function get(base, path, init) {
  const res = await fetch(new URL(path, base), init);
  const text = await res.text();
  const headersText = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
  return { res, text, headersText };
}

function assertNoLeak({ text, headersText }, what) {
  for (const s of secrets()) {
    assert.ok(!text.includes(s), `${what}: body contains a token`);
    assert.ok(!headersText.includes(s), `${what}: headers contain a token`);
  }
  assert.ok(!/@example\.com/i.test(text), `${what}: body contains a client e-mail`);
  assert.ok(!/@example\.com/i.test(headersText), `${what}: headers contain a client e-mail`);
}

/** The mock's own data, fetched directly over HTTP with the private token. */
async function mockPrivate(path) {
  const res = await fetch(mock.privateUrl + path, { headers: { authorization: `Bearer ${mock.tokens.private}` } });
  assert.equal(res.status, 200, `mock ${path}`);
  return res.json();
}

const round2 = (x) => Math.round(x * 100) / 100;

before(async () => {
  mock = await startMock();
  projectDir = installPackage("worker");
});

after(async () => {
  await mock?.close();
});

describe("bundle (wrangler-style, workerd condition)", () => {
  // Bundled on its own (no workerd start), so these fail with their own message.
  let bundle;
  before(async () => {
    bundle = await bundleWorker({ entry: exampleWorkerEntry, projectDir, outDir: join(projectDir, ".bundle-only") });
  });

  test("entry is one ES module without Node file access; the wasm is a separate CompiledWasm module", () => {
    const { modules } = bundle;
    assert.deepEqual(modules.map((m) => m.type), ["ESModule", "CompiledWasm"]);
    const js = Buffer.from(modules[0].contents).toString("utf8");
    assert.ok(!js.includes("readFileSync"), "bundle uses readFileSync (Node entry picked?)");
    assert.ok(!/["']node:/.test(js), "bundle imports a node: module");
    const wasmName = modules[1].path.split("/").pop();
    assert.match(js, new RegExp(`from\\s*["']\\./${wasmName.replace(/[.]/g, "\\.")}["']`), "the bundle imports the wasm module by name");
    const installed = readFileSync(join(projectDir, "node_modules", "tixy-connect", "server", "tixy_connect_bg.wasm"));
    assert.ok(Buffer.from(modules[1].contents).equals(installed), "CompiledWasm module is the installed package's server wasm");
    assert.ok(WebAssembly.validate(modules[1].contents));
  });

  test("imports only the workerd entries of the installed tarball, never the browser or Node ones", () => {
    const inputs = bundle.inputs;
    const pkgFiles = inputs.filter((p) => p.includes("tixy-connect/"));
    // The loader has the glue bundled in (scripts/build.sh): the wasm is all it needs of server/.
    for (const f of ["entry/workerd.js", "entry/server-workerd.js", "entry/load-workerd.js"]) {
      assert.ok(pkgFiles.includes(`node_modules/tixy-connect/${f}`), `bundle lacks ${f}: ${pkgFiles.join(", ")}`);
    }
    for (const bad of ["entry/browser.js", "entry/node.js", "entry/load-node.js", "entry/server-node.js", "entry/server-refused.js", "browser/", "server/tixy_connect.js", "server/snippets/"]) {
      assert.ok(!pkgFiles.some((p) => p.includes(`tixy-connect/${bad}`)), `bundle includes ${bad}`);
    }
    for (const p of pkgFiles) assert.ok(p.startsWith("node_modules/tixy-connect/"), `resolved outside the installed package: ${p}`);
  });
});

describe("example Worker in workerd", () => {
  before(async () => {
    fixedPort = await freePort();
    worker = await startExampleWorker({
      projectDir,
      privateBaseUrl: mock.privateUrl,
      privateToken: mock.tokens.private,
      publicBaseUrl: mock.publicUrl,
      publicToken: mock.tokens.public,
      allowedOrigin: ORIGIN,
      port: fixedPort,
    });
    wrong = await startExampleWorker({
      projectDir,
      privateBaseUrl: mock.privateUrl,
      privateToken: WRONG_TOKEN,
    });
  });
  after(async () => {
    await worker?.dispose();
    await wrong?.dispose();
  });

  test("serves on the fixed port it was given", async () => {
    assert.equal(new URL(worker.url).port, String(fixedPort));
    const { res } = await get(`http://127.0.0.1:${fixedPort}/`, "/api/sales");
    assert.equal(res.status, 200);
  });

  test("/api/sales totals equal the mock's own sales and statistics data", async () => {
    const [sales, stats] = await Promise.all([mockPrivate("/sales/events?status=all"), mockPrivate("/statistics/events?status=all")]);
    assert.ok(sales.length > 0);
    const r = await get(worker.url, "/api/sales");
    assert.equal(r.res.status, 200, r.text);
    assert.match(r.res.headers.get("content-type"), /^application\/json/);
    const body = JSON.parse(r.text);
    const soldById = new Map(stats.map((s) => [s.id, s.ticket_statistics.sold.count]));
    const expected = sales.map((s) => ({ id: s.id, name: s.name, grossIncome: round2(s.income.grossIncome), ticketsSold: soldById.get(s.id) }));
    assert.deepEqual(body.events.map(({ id, name, grossIncome, ticketsSold }) => ({ id, name, grossIncome, ticketsSold })), expected);
    assert.equal(body.totals.events, sales.length);
    assert.equal(body.totals.ticketsSold, stats.reduce((a, s) => a + s.ticket_statistics.sold.count, 0));
    assert.equal(body.totals.grossIncome, round2(sales.reduce((a, s) => a + s.income.grossIncome, 0)));
    assert.ok(body.totals.ticketsSold > 0 && body.totals.grossIncome > 0);
  });

  test("/api/sales passes status and dates through to the private API", async () => {
    const sales = await mockPrivate("/sales/events?status=pastdue&from=2025-01-01&to=2025-12-31");
    mock.clearLog();
    const r = await get(worker.url, "/api/sales?status=pastdue&from=2025-01-01&to=2025-12-31");
    assert.equal(r.res.status, 200, r.text);
    const body = JSON.parse(r.text);
    assert.deepEqual(body.events.map((e) => [e.id, e.grossIncome]), sales.map((s) => [s.id, round2(s.income.grossIncome)]));
    const q = mock.log().find((e) => e.path === "/sales/events").query;
    assert.deepEqual(q, { status: "pastdue", from: "2025-01-01", to: "2025-12-31" });
  });

  test("the mock log shows the Worker's requests with the private token, to the expected paths only", async () => {
    mock.clearLog();
    const r = await get(worker.url, "/api/sales");
    assert.equal(r.res.status, 200);
    const log = mock.log();
    const paths = log.map((e) => `${e.server} ${e.method} ${e.path}`).sort();
    assert.deepEqual(paths, ["private GET /sales/events", "private GET /statistics/events"]);
    for (const e of log) {
      assert.equal(e.headers.authorization, `Bearer ${mock.tokens.private}`);
      assert.deepEqual(e.query, { status: "all" });
      assert.equal(e.status, 200);
    }
    assert.ok(!log.some((e) => e.path.startsWith("/marketing")), "the Worker must not fetch consent (e-mail) data");
  });

  test("no response (body or headers) carries a token or a client e-mail", async () => {
    // Consent data does carry e-mails: prove the check would see them.
    const consent = await mockPrivate("/marketing/clients-granted-consent/events?status=all");
    assert.match(JSON.stringify(consent), /@example\.com/);
    for (const path of ["/", "/api/sales", "/api/sales?status=published", "/api/events", "/api/sales?status=bogus", "/nope"]) {
      assertNoLeak(await get(worker.url, path), path);
      assertNoLeak(await get(worker.url, path, { headers: { origin: ORIGIN } }), `${path} (CORS)`);
    }
    for (const path of ["/", "/api/sales", "/api/events"]) assertNoLeak(await get(wrong.url, path), `wrong token ${path}`);
  });

  test("/ serves an HTML page that loads /api/sales", async () => {
    const r = await get(worker.url, "/");
    assert.equal(r.res.status, 200);
    assert.match(r.res.headers.get("content-type"), /^text\/html/);
    assert.match(r.text, /^<!doctype html>/i);
    assert.match(r.text, /fetch\(["']\/api\/sales["']/);
    assert.match(r.text, /<table/);
  });

  test("the isolate's client is reused across sequential and concurrent requests", async () => {
    const first = JSON.parse((await get(worker.url, "/api/sales")).text);
    const many = await Promise.all(Array.from({ length: 8 }, () => get(worker.url, "/api/sales")));
    for (const r of many) {
      assert.equal(r.res.status, 200, r.text);
      assert.deepEqual(JSON.parse(r.text).totals, first.totals);
    }
  });

  test("a wrong private token gives a JSON invalid_token error, 502, without token text", async () => {
    mock.clearLog();
    const r = await get(wrong.url, "/api/sales");
    assert.equal(r.res.status, 502);
    assert.match(r.res.headers.get("content-type"), /^application\/json/);
    const body = JSON.parse(r.text);
    assert.equal(body.error, "invalid_token");
    assert.equal(typeof body.message, "string");
    assertNoLeak(r, "invalid_token error");
    // It really went to the API with the configured (wrong) token, and got a 401.
    const log = mock.log().filter((e) => e.server === "private");
    assert.ok(log.length >= 1);
    for (const e of log) {
      assert.equal(e.headers.authorization, `Bearer ${WRONG_TOKEN}`);
      assert.equal(e.status, 401);
    }
  });

  test("upstream 5xx after retries → 502 { error: 'server' }; malformed JSON → 502 { error: 'decode' }", async () => {
    mock.clearFaults();
    mock.addFaults([{ type: "status", status: 503, times: 3, match: { server: "private", path: "/sales/events" } }]);
    let r = await get(worker.url, "/api/sales");
    assert.equal(r.res.status, 502, r.text);
    assert.equal(JSON.parse(r.text).error, "server");
    assertNoLeak(r, "server error");
    mock.clearFaults();
    mock.addFaults([{ type: "malformed-json", match: { server: "private", path: "/statistics/events" } }]);
    r = await get(worker.url, "/api/sales");
    assert.equal(r.res.status, 502, r.text);
    assert.equal(JSON.parse(r.text).error, "decode");
    mock.clearFaults();
  });

  test("a bad query is a 400 invalid_input, answered before any upstream request", async () => {
    mock.clearLog();
    for (const path of ["/api/sales?status=bogus", "/api/sales?from=yesterday"]) {
      const r = await get(worker.url, path);
      assert.equal(r.res.status, 400, `${path}: ${r.text}`);
      assert.equal(JSON.parse(r.text).error, "invalid_input");
    }
    assert.deepEqual(mock.log(), []);
  });

  test("CORS: only the configured origin is allowed; none at all when ALLOWED_ORIGIN is unset", async () => {
    let r = await get(worker.url, "/api/sales", { headers: { origin: ORIGIN } });
    assert.equal(r.res.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(r.res.headers.get("vary") ?? "", /origin/i);
    r = await get(worker.url, "/api/sales", { headers: { origin: "https://evil.example.net" } });
    assert.equal(r.res.headers.get("access-control-allow-origin"), null);
    r = await get(worker.url, "/api/sales", { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": "GET" } });
    assert.equal(r.res.status, 204);
    assert.equal(r.res.headers.get("access-control-allow-origin"), ORIGIN);
    assert.match(r.res.headers.get("access-control-allow-methods"), /GET/);
    r = await get(worker.url, "/api/sales", { method: "OPTIONS", headers: { origin: "https://evil.example.net", "access-control-request-method": "GET" } });
    assert.equal(r.res.headers.get("access-control-allow-origin"), null);
    r = await get(wrong.url, "/api/sales", { headers: { origin: ORIGIN } });
    assert.equal(r.res.headers.get("access-control-allow-origin"), null);
  });

  test("/api/events uses the public client and token; without TIXY_PUBLIC_TOKEN it is 503 not_configured", async () => {
    const res = await fetch(`${mock.publicUrl}/events?status=published`, { headers: { authorization: `Bearer ${mock.tokens.public}` } });
    const published = await res.json();
    mock.clearLog();
    const r = await get(worker.url, "/api/events");
    assert.equal(r.res.status, 200, r.text);
    assert.deepEqual(JSON.parse(r.text).events.map((e) => e.id), published.map((e) => e.id));
    const log = mock.log();
    assert.deepEqual(log.map((e) => `${e.server} ${e.path} ${e.headers.authorization}`), [`public /events Bearer ${mock.tokens.public}`]);
    const n = await get(wrong.url, "/api/events");
    assert.equal(n.res.status, 503);
    assert.equal(JSON.parse(n.text).error, "not_configured");
  });
});

describe("tixy-connect/server in workerd (probe Worker)", () => {
  let probe;
  before(async () => {
    // A minimal Worker bundled the same way, inside the test project.
    const entry = join(projectDir, "probe.js");
    writeFileSync(entry, `
import { TixyPrivateClient } from "tixy-connect/server";
import { TixyClient, TixyError } from "tixy-connect";
import { TixyError as ServerTixyError } from "tixy-connect/server";
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/timeout") {
      const tixy = new TixyPrivateClient({ privateToken: env.TOKEN, baseUrl: env.BASE, timeoutMs: 300, maxRetries: 0 });
      const t0 = Date.now();
      const r = {};
      try { await tixy.salesTerms(); r.timeout = "resolved"; } catch (e) { r.timeout = e.kind; }
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      try { await tixy.salesTerms({ signal: ac.signal }); r.abort = "resolved"; } catch (e) { r.abort = e.kind; }
      r.ms = Date.now() - t0;
      return Response.json(r);
    }
    const out = {
      navigator: typeof navigator, userAgent: globalThis.navigator?.userAgent ?? null,
      window: typeof window, document: typeof document,
      sameErrorClass: TixyError === ServerTixyError,
      classNames: [TixyClient.name, TixyPrivateClient.name, TixyError.name],
    };
    try {
      const tixy = new TixyPrivateClient({ privateToken: env.TOKEN, baseUrl: env.BASE });
      out.constructed = tixy instanceof TixyPrivateClient;
      const sales = await tixy.salesEvents({ status: "all" });
      out.salesCount = sales.length;
      out.firstId = sales[0]?.id;
    } catch (e) {
      out.constructError = { name: e?.name, kind: e?.kind, message: String(e?.message) };
    }
    try {
      const bad = new TixyPrivateClient({ privateToken: env.WRONG, baseUrl: env.BASE, maxRetries: 0 });
      await bad.salesEvents({ status: "all" });
      out.wrong = "resolved";
    } catch (e) {
      out.wrong = {
        isTixyError: e instanceof TixyError, isError: e instanceof Error, name: e.name, kind: e.kind, status: e.status,
        text: [String(e), e.message, JSON.stringify(e), String(e.stack)].join("\\n"),
      };
    }
    try {
      await new TixyPrivateClient({ privateToken: env.TOKEN, baseUrl: env.BASE }).salesEvents({ status: "bogus" });
      out.invalid = "resolved";
    } catch (e) {
      out.invalid = { kind: e.kind, isTixyError: e instanceof TixyError };
    }
    out.publicOk = new TixyClient({ publicToken: "x", baseUrl: env.BASE }) instanceof TixyClient;
    return Response.json(out);
  },
};
`);
    const bundle = await bundleWorker({ entry, projectDir, outDir: join(projectDir, ".probe-bundle") });
    probe = await startWorker({
      modules: bundle.modules,
      modulesRoot: bundle.modulesRoot,
      bindings: { TOKEN: mock.tokens.private, WRONG: WRONG_TOKEN, BASE: mock.privateUrl },
    });
    probe.bundle = bundle;
  });
  after(async () => probe?.dispose());

  test("new TixyPrivateClient works although workerd has a navigator; errors are TixyErrors without the token", async () => {
    const sales = await mockPrivate("/sales/events?status=all");
    const res = await probe.dispatchFetch("http://probe/");
    const out = await res.json();
    assert.equal(out.navigator, "object", "workerd exposes navigator (the case the browser detection must not misfire on)");
    assert.equal(out.userAgent, "Cloudflare-Workers");
    assert.equal(out.window, "undefined");
    assert.equal(out.constructError, undefined, `constructing/using TixyPrivateClient failed: ${JSON.stringify(out.constructError)}`);
    assert.equal(out.constructed, true);
    assert.equal(out.salesCount, sales.length);
    assert.equal(out.firstId, sales[0].id);
    assert.equal(out.sameErrorClass, true, "tixy-connect and tixy-connect/server must share one TixyError class");
    assert.deepEqual(out.classNames, ["TixyClient", "TixyPrivateClient", "TixyError"], "the minified package lost its class names");
    assert.equal(out.wrong.isTixyError, true);
    assert.equal(out.wrong.isError, true);
    assert.equal(out.wrong.name, "TixyError");
    assert.equal(out.wrong.kind, "invalid_token");
    assert.equal(out.wrong.status, 401);
    assert.ok(!out.wrong.text.includes(WRONG_TOKEN), "error text contains the token");
    assert.ok(!out.wrong.text.includes(mock.tokens.private), "error text contains the token");
    assert.deepEqual(out.invalid, { kind: "invalid_input", isTixyError: true });
    assert.equal(out.publicOk, true);
  });

  test("timeouts and a caller's abort work in workerd (timers, AbortController)", async () => {
    mock.clearFaults();
    mock.addFaults([{ type: "delay", ms: 1500, times: 2, match: { server: "private", path: "/sales/terms" } }]);
    const out = await (await probe.dispatchFetch("http://probe/timeout")).json();
    mock.clearFaults();
    assert.equal(out.timeout, "timeout");
    assert.equal(out.abort, "aborted");
    assert.ok(out.ms < 1500, `took ${out.ms} ms`);
  });

  test("the probe bundle, too, is the workerd build with a separate CompiledWasm module", () => {
    assert.deepEqual(probe.bundle.modules.map((m) => m.type), ["ESModule", "CompiledWasm"]);
    assert.ok(!probe.bundle.inputs.some((p) => /tixy-connect\/(entry\/(browser|node|load-node|server-node|server-refused)\.js|browser\/)/.test(p)));
    assert.ok(probe.bundle.inputs.includes("node_modules/tixy-connect/entry/load-workerd.js"));
  });
});

test("the example's wrangler.toml names the secret and vars the Worker reads", () => {
  const toml = readFileSync(join(exampleWorkerEntry, "..", "wrangler.toml"), "utf8");
  const src = readFileSync(exampleWorkerEntry, "utf8");
  assert.match(toml, /^main\s*=\s*"worker\.js"/m);
  assert.match(toml, /wrangler secret put TIXY_PRIVATE_TOKEN/);
  assert.ok(!/^\s*TIXY_PRIVATE_TOKEN\s*=/m.test(toml), "the private token must not be a plain var");
  for (const name of ["TIXY_PRIVATE_TOKEN", "TIXY_PRIVATE_BASE_URL", "TIXY_PUBLIC_TOKEN", "ALLOWED_ORIGIN"]) {
    assert.ok(src.includes(`env.${name}`), `worker.js reads env.${name}`);
    assert.ok(toml.includes(name), `wrangler.toml mentions ${name}`);
  }
});
