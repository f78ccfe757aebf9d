// webpack 5, production build of the example page (www-example/page), served
// as static files and run in Chromium against the mock; and a page that
// imports tixy-connect/server fails the build, naming the problem.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import webpack from "webpack";
import { CHROMIUM, playwright, repoRoot, startMock } from "../lib.mjs";

const page = resolve("page"); // a copy of www-example/page (resolves this project's node_modules)
const dist = resolve("dist");
let mock;
let server;
before(async () => {
  mock = await startMock({ events: 8, tours: 2, seed: 44 });
  for (const d of [page, dist, resolve("refuse")]) rmSync(d, { recursive: true, force: true });
  cpSync(join(repoRoot, "www-example", "page"), page, { recursive: true, filter: (src) => !/[\\/](dist|node_modules)([\\/]|$)/.test(src.slice(page.length)) });
});
after(async () => {
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  await mock?.close();
  for (const d of [page, dist, resolve("refuse")]) rmSync(d, { recursive: true, force: true });
});

const compile = (config) =>
  new Promise((ok, fail) => webpack({ mode: "production", target: "web", ...config }, (err, stats) => (err ? fail(err) : ok(stats))));

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };

test("webpack 5 builds the example page (production) and it runs in Chromium", { timeout: 180_000 }, async () => {
  const stats = await compile({ entry: join(page, "main.js"), output: { path: dist, filename: "main.js", clean: true } });
  assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
  const wasm = readdirSync(dist).filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `webpack emits the wasm as an asset: ${readdirSync(dist)}`);
  assert.deepEqual(readFileSync(join(dist, wasm[0])), readFileSync("node_modules/tixy-connect/browser/tixy_connect_bg.wasm"));
  // The page's own HTML, with the bundle instead of the no-bundler import map.
  const html = readFileSync(join(page, "index.html"), "utf8")
    .replace(/<script type="importmap">[\s\S]*?<\/script>/, "")
    .replace('<script type="module" src="./main.js"></script>', '<script src="./main.js"></script>');
  writeFileSync(join(dist, "index.html"), html);
  cpSync(join(page, "style.css"), join(dist, "style.css"));
  writeFileSync(join(dist, "config.json"), JSON.stringify({ publicToken: mock.tokens.public, baseUrl: mock.publicUrl }));

  server = createServer((req, res) => {
    const file = join(dist, new URL(req.url, "http://x").pathname.replace(/\/$/, "/index.html"));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const published = await (await fetch(`${mock.publicUrl}/events?status=published`, { headers: { authorization: `Bearer ${mock.tokens.public}` } })).json();
  assert.ok(published.length >= 2);

  const { chromium } = await playwright();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(e.message));
    const wasmFetched = [];
    tab.on("response", (r) => r.url().endsWith(".wasm") && wasmFetched.push(r.status()));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    await tab.waitForFunction((n) => document.querySelectorAll('[aria-label="Published events"] > li').length === n, published.length, { timeout: 30_000 });
    const names = await tab.locator('[aria-label="Published events"] > li h3').allInnerTexts();
    assert.deepEqual(names, published.map((e) => e.name));
    assert.deepEqual(wasmFetched, [200]);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("webpack 5 refuses a page that imports tixy-connect/server, naming the problem", { timeout: 120_000 }, async () => {
  mkdirSync("refuse", { recursive: true });
  writeFileSync("refuse/main.js", 'import { TixyPrivateClient } from "tixy-connect/server";\nconsole.log(TixyPrivateClient);\n');
  const stats = await compile({ entry: resolve("refuse/main.js"), output: { path: resolve("refuse/dist") } });
  assert.ok(stats.hasErrors(), "the build must fail");
  const message = stats.toString({ all: false, errors: true, colors: false });
  console.log(`# webpack says: ${message.split("\n").find((l) => l.includes("Can't resolve")) ?? message.split("\n")[0]}`);
  assert.match(message, /tixy-connect\/server is for server and edge code only/);
  assert.match(message, /private token/);
  assert.doesNotMatch(message, /edge function/);
});
