// Next.js 16 app router, no Next-specific configuration, built with Turbopack
// (the default) and with --webpack, served by `next start`, against the mock:
//   - a client component importing TixyClient at top level: prerendered (the
//     package's Node entry inside Next's server bundle), hydrated in Chromium;
//   - a Node-runtime route handler with TixyPrivateClient;
//   - an edge-runtime route handler with both clients (the edge-light entries);
//   - a client component importing tixy-connect/server fails the build, naming the problem.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import { CHROMIUM, exec, playwright, startMock } from "../lib.mjs";

const NEXT = "node_modules/next/dist/bin/next";
let mock;
const probes = {};
before(async () => {
  mock = await startMock({ events: 8, tours: 2, seed: 16 });
});
after(() => mock?.close());

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const buildEnv = () => ({
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_PUBLIC_TIXY_PUBLIC_TOKEN: mock.tokens.public,
  NEXT_PUBLIC_TIXY_PUBLIC_URL: mock.publicUrl,
});
const serveEnv = () => ({
  ...buildEnv(),
  TIXY_PUBLIC_TOKEN: mock.tokens.public,
  TIXY_PUBLIC_URL: mock.publicUrl,
  TIXY_PRIVATE_TOKEN: mock.tokens.private,
  TIXY_PRIVATE_URL: mock.privateUrl,
});

async function publishedCount() {
  const res = await fetch(`${mock.publicUrl}/events?status=published`, { headers: { authorization: `Bearer ${mock.tokens.public}` } });
  return (await res.json()).length;
}

for (const [mode, flags] of [["Turbopack", []], ["webpack", ["--webpack"]]]) {
  describe(`next build ${flags.join(" ") || "(Turbopack)"} + next start`, () => {
    let server;
    let origin;
    let serverLog = "";
    before(async () => {
      rmSync(".next", { recursive: true, force: true });
      const built = await exec(process.execPath, [NEXT, "build", ...flags], { env: buildEnv(), timeoutMs: 600_000 });
      assert.equal(built.code, 0, `next build (${mode}) failed:\n${built.stdout}\n${built.stderr}`);
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, [NEXT, "start", "-p", String(port), "-H", "127.0.0.1"], { env: { ...process.env, ...serveEnv() }, stdio: ["ignore", "pipe", "pipe"] });
      server.stdout.on("data", (d) => (serverLog += d));
      server.stderr.on("data", (d) => (serverLog += d));
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${origin}/`)).ok) break;
        } catch {}
        if (i > 300) throw new Error(`next start did not answer:\n${serverLog}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    after(() => server?.kill("SIGTERM"));

    test(`${mode}: the client component was prerendered with TixyClient loaded, then hydrated in Chromium lists the events`, async () => {
      const html = await (await fetch(`${origin}/`)).text();
      assert.match(html, /loading \(<!-- -->TixyClient<!-- -->\)|loading \(TixyClient\)/, "prerendered HTML shows the imported class");
      const { chromium } = await playwright();
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage();
        const errors = [];
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(`${origin}/`);
        await page.locator("#events li").first().waitFor({ timeout: 30_000 });
        assert.equal(await page.locator("#events li").count(), await publishedCount());
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
      }
    });

    test(`${mode}: a Node-runtime route handler runs TixyPrivateClient`, async () => {
      const res = await fetch(`${origin}/api/node`);
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body) + serverLog);
      assert.equal(body.runtime, "nodejs");
      assert.ok(body.sales > 0, JSON.stringify(body));
    });

    test(`${mode}: an edge-runtime route handler runs TixyClient and TixyPrivateClient`, async () => {
      const res = await fetch(`${origin}/api/edge`);
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body) + serverLog);
      assert.equal(body.events, await publishedCount());
      assert.ok(body.sales > 0, JSON.stringify(body));
      probes[mode] = body.probe;
      console.log(`# ${mode} edge route globals: ${JSON.stringify(body.probe)}`);
      assert.doesNotMatch(serverLog, /Dynamic WASM code generation/, "no wasm was compiled from bytes");
    });
  });
}

describe("a client component that imports tixy-connect/server", () => {
  const bad = "app/private-in-browser";
  after(() => rmSync(bad, { recursive: true, force: true }));
  for (const [mode, flags] of [["Turbopack", []], ["webpack", ["--webpack"]]]) {
    test(`${mode}: next build fails and the message names the problem`, async () => {
      mkdirSync(bad, { recursive: true });
      writeFileSync(`${bad}/page.js`, 'import Sales from "./sales.js";\nexport default function Page() { return <Sales />; }\n');
      writeFileSync(
        `${bad}/sales.js`,
        '"use client";\nimport { TixyPrivateClient } from "tixy-connect/server";\nexport default function Sales() { return <p>{typeof TixyPrivateClient}</p>; }\n',
      );
      rmSync(".next", { recursive: true, force: true });
      const built = await exec(process.execPath, [NEXT, "build", ...flags], { env: buildEnv(), timeoutMs: 600_000 });
      rmSync(bad, { recursive: true, force: true });
      const out = (built.stdout + built.stderr).replace(/\u001b\[[0-9;]*m/g, "");
      assert.notEqual(built.code, 0, `the build passed:\n${out}`);
      assert.match(out, /tixy-connect\/server is for server and edge code only/, out);
      assert.match(out, /private token/, out);
      assert.doesNotMatch(out, /edge function/, "the message never sends anyone to an edge function");
    });
  }
});
