// The current wrangler (on Node 24: its releases need Node 22+) bundles the
// example Worker (www-example/worker) with `wrangler deploy --dry-run
// --outdir`, offline; the bundled output runs in workerd (Miniflare) against the mock.
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { exec, miniflare, NODE24, repoRoot, startMock } from "../lib.mjs";

const work = "worker"; // a copy of www-example/worker, inside this project so that it resolves node_modules/tixy-connect
const out = resolve("dist"); // absolute: wrangler reads a relative --outdir from the config's folder
let mock;
let mf;
before(async () => {
  mock = await startMock({ events: 6, tours: 2, seed: 33 });
  rmSync(work, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  cpSync(join(repoRoot, "www-example", "worker"), work, { recursive: true });
});
after(async () => {
  await mf?.dispose();
  await mock?.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

test("wrangler deploy --dry-run --outdir bundles the example Worker (Node 24, no network)", { timeout: 240_000 }, async () => {
  const r = await exec(NODE24, ["node_modules/wrangler/bin/wrangler.js", "deploy", "--dry-run", "--outdir", out, "--config", join(work, "wrangler.toml")], {
    env: { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_API_TOKEN: "", WRANGLER_LOG_PATH: join(out, "logs") },
    timeoutMs: 180_000,
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const files = readdirSync(out);
  assert.ok(files.includes("worker.js"), files.join(", "));
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one wasm module: ${files}`);
  const code = readFileSync(join(out, "worker.js"), "utf8");
  assert.ok(code.includes(wasm[0]), "the bundle imports the wasm as a module");
  assert.ok(!code.includes("readFileSync") && !code.includes("server-refused"), "workerd entries, not the Node or refusing ones");
});

test("the bundled output runs in workerd: /api/sales (private) and /api/events (public)", { timeout: 60_000 }, async () => {
  const { Miniflare } = await miniflare();
  mf = new Miniflare({
    compatibilityDate: "2026-04-01",
    modules: true,
    scriptPath: join(out, "worker.js"),
    modulesRoot: out,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    bindings: {
      TIXY_PRIVATE_TOKEN: mock.tokens.private,
      TIXY_PRIVATE_BASE_URL: mock.privateUrl,
      TIXY_PUBLIC_TOKEN: mock.tokens.public,
      TIXY_PUBLIC_BASE_URL: mock.publicUrl,
    },
  });
  const sales = await mf.dispatchFetch("http://worker.test/api/sales");
  const salesBody = await sales.text();
  assert.equal(sales.status, 200, salesBody);
  assert.ok(!salesBody.includes(mock.tokens.private), "the token never reaches the response");
  const events = await mf.dispatchFetch("http://worker.test/api/events");
  const eventsBody = await events.text();
  assert.equal(events.status, 200, eventsBody);
  assert.ok(JSON.parse(eventsBody).length ?? JSON.parse(eventsBody).events?.length, eventsBody);
});
