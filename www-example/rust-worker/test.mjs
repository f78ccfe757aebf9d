// The Rust Worker (www-example/rust-worker/, workers-rs + tixy-connect from
// Rust) in real workerd (Miniflare), against the mock TIXY server over real
// HTTP: it answers what the JS Worker (www-example/worker/) answers.
//
//   bash scripts/rust-worker.sh      (builds it with worker-build, then runs this file)
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../../mock-tixy/server.mjs";
import { startExampleWorker, startWorker } from "../../harness/workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const build = join(here, "build");
const WRONG_TOKEN = "tixy_priv_WRONG_0000111122223333";
const BAD_FORM_TOKEN = "tixy_priv_has a space_4444555566667777";

let mock;
let rust; // the Rust Worker, right tokens
let js; // the JS example Worker, same bindings: the reference answers
const started = [];

/** The Rust Worker as worker-build left it: one ES module and its wasm. */
function rustModules() {
  return [
    { type: "ESModule", path: join(build, "index.js"), contents: readFileSync(join(build, "index.js")) },
    { type: "CompiledWasm", path: join(build, "index_bg.wasm"), contents: readFileSync(join(build, "index_bg.wasm")) },
  ];
}

async function startRust(bindings) {
  const w = await startWorker({ modules: rustModules(), modulesRoot: build, bindings });
  started.push(w);
  return w;
}

async function get(base, path, init) {
  const res = await fetch(new URL(path, base), init);
  return { res, text: await res.text() };
}

/** A body without the one field that differs by the clock. */
const timeless = (text) => {
  const { generatedAt, ...rest } = JSON.parse(text);
  return rest;
};

before(async () => {
  mock = await startMock();
  const bindings = {
    TIXY_PRIVATE_TOKEN: mock.tokens.private,
    TIXY_PRIVATE_BASE_URL: mock.privateUrl,
    TIXY_PUBLIC_TOKEN: mock.tokens.public,
    TIXY_PUBLIC_BASE_URL: mock.publicUrl,
  };
  rust = await startRust(bindings);
  js = await startExampleWorker({
    privateBaseUrl: mock.privateUrl,
    privateToken: mock.tokens.private,
    publicBaseUrl: mock.publicUrl,
    publicToken: mock.tokens.public,
  });
  started.push(js);
});

after(async () => {
  for (const w of started) await w.dispose();
  await mock?.close();
});

describe("the Rust Worker answers as the JS Worker does", () => {
  for (const path of ["/api/sales", "/api/sales?status=pastdue&from=2025-01-01&to=2025-12-31", "/api/sales?status=published", "/api/events", "/api/events?status=all"]) {
    test(`GET ${path}: the same JSON`, async () => {
      const [r, j] = [await get(rust.url, path), await get(js.url, path)];
      assert.equal(r.res.status, 200, r.text);
      assert.equal(j.res.status, 200, j.text);
      assert.match(r.res.headers.get("content-type"), /^application\/json/);
      assert.equal(r.res.headers.get("cache-control"), "no-store");
      const body = timeless(r.text);
      assert.deepEqual(body, timeless(j.text));
      if (path.startsWith("/api/sales")) {
        assert.ok(body.events.length > 0 || path.includes("published"), r.text);
        assert.ok(!Number.isNaN(Date.parse(JSON.parse(r.text).generatedAt)));
      }
    });
  }

  test("sales and statistics are fetched together, with the private token, and nothing else", async () => {
    mock.clearLog();
    const r = await get(rust.url, "/api/sales?status=all");
    assert.equal(r.res.status, 200, r.text);
    const log = mock.log();
    assert.deepEqual(log.map((e) => `${e.server} ${e.path}`).sort(), ["private /sales/events", "private /statistics/events"]);
    for (const e of log) assert.equal(e.headers.authorization, `Bearer ${mock.tokens.private}`);
  });

  test("a bad date is the client's typed error, named as Rust names it, before any request", async () => {
    mock.clearLog();
    const r = await get(rust.url, "/api/sales?from=2025-13-01");
    assert.equal(r.res.status, 400, r.text);
    const body = JSON.parse(r.text);
    assert.equal(body.error, "invalid_input");
    assert.match(body.message, /^invalid from: /);
    assert.equal(mock.log().length, 0);
    const s = await get(rust.url, "/api/sales?status=bogus");
    assert.equal(s.res.status, 400, s.text);
    assert.equal(JSON.parse(s.text).error, "invalid_input");
  });

  test("routes and methods it does not serve", async () => {
    assert.equal((await get(rust.url, "/nope")).res.status, 404);
    const post = await get(rust.url, "/api/sales", { method: "POST", body: "{}" });
    assert.equal(post.res.status, 405);
    assert.equal(JSON.parse(post.text).error, "method_not_allowed");
  });
});

describe("the Rust Worker's failures", () => {
  test("a wrong private token: 502 with TIXY's kind, Rust method names, no token in the answer", async () => {
    const w = await startRust({ TIXY_PRIVATE_TOKEN: WRONG_TOKEN, TIXY_PRIVATE_BASE_URL: mock.privateUrl });
    const r = await get(w.url, "/api/sales");
    assert.equal(r.res.status, 502, r.text);
    const body = JSON.parse(r.text);
    assert.equal(body.error, "invalid_token");
    assert.match(body.message, /^(sales|statistics)_events: HTTP 401/);
    assert.ok(!r.text.includes(WRONG_TOKEN.slice(10, 18)), r.text);
  });

  test("no token configured: 503 not_configured", async () => {
    const w = await startRust({});
    for (const path of ["/api/sales", "/api/events"]) {
      const r = await get(w.url, path);
      assert.equal(r.res.status, 503, r.text);
      assert.equal(JSON.parse(r.text).error, "not_configured");
    }
  });

  test("a token of the wrong form reaches the handler as a worker::Error through `?`: 500, token not echoed", async () => {
    const w = await startRust({ TIXY_PRIVATE_TOKEN: BAD_FORM_TOKEN, TIXY_PRIVATE_BASE_URL: mock.privateUrl });
    mock.clearLog();
    const r = await get(w.url, "/api/sales");
    assert.equal(r.res.status, 500, r.text);
    assert.deepEqual(JSON.parse(r.text), { error: "internal", message: "internal error" });
    assert.equal(mock.log().length, 0);
  });
});
