// Browser claims of tixy-connect, proved in real Chromium against the project's mock
// TIXY server on 127.0.0.1 (a different origin from the pages: real CORS).
//
//   node --test tests/js/browser.test.mjs        (from the repo root; needs pkg/*.tgz
//                                                 and tests/node_modules)
//
// Layout. One temp project, tests/.tmp/tixy-web/, made like a user's: the packed tarball
// installed with npm, the example page (www-example/page) copied to page/, and the
// fixture pages (tests/js/fixtures/browser) copied to fixtures/. Vite (from
// tests/node_modules) builds the pages inside that project, so "tixy-connect" resolves
// through the installed package's exports map with the "browser" condition, exactly as
// in the demo (www-example/page next to www-example/node_modules). Copying rather than
// building www-example/ in place keeps the test hermetic: it never touches the demo's
// node_modules or dist, and it always tests the tarball just built, not a stale install.
// A tiny static server serves the project root, plus /…/config.json pointing the pages
// at the mock.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

import { launchChromium, serveStatic } from "./lib/chromium.mjs";
import { startMock } from "./lib/mock.mjs";
import { installPackage, repoRoot } from "../../harness/package.mjs";

// Dev tools come from tests/node_modules (tests/package.json), never from a global install.
const toolsRequire = createRequire(join(repoRoot, "tests", "package.json"));
function tool(name) {
  try {
    return toolsRequire.resolve(name);
  } catch (err) {
    throw new Error(`${name} is not installed in tests/node_modules: run \`npm ci\` in tests/ (scripts/setup.sh)`, { cause: err });
  }
}
const { build: viteBuild } = await import(pathToFileURL(tool("vite")).href);

// What must never reach a browser: private hosts, endpoints, types and option names.
const PRIVATE_NEEDLES = [
  "private-api.tixyapp.com",
  "/sales/",
  "/statistics/",
  "/marketing/",
  "TixyPrivateClient",
  "salesEvents",
  "privateToken",
  "clients-granted-consent",
];

let mock;
let project; // tests/.tmp/tixy-web
let pkgDir; // project/node_modules/tixy-connect
let server; // static server
let origin; // http://127.0.0.1:<port> of the static server
let browser;
let config; // what /config.json answers
let pageBuildOutput; // Vite's result for www-example/page

// ------------------------------------------------------------------ helpers

/** Every file under `dir`, recursively (absolute paths). */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );
}

/**
 * A fresh browser context and page that records console errors and uncaught page
 * errors. `errors` is what a person with DevTools open would see in red.
 */
async function openPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  // Errors thrown inside workers surface as "pageerror" only sometimes; record them too.
  page.on("worker", (worker) => {
    worker.on("console", (msg) => {
      if (msg.type() === "error") errors.push(`worker console.error: ${msg.text()}`);
    });
  });
  return { page, errors, close: () => context.close() };
}

/** Waits for a fixture's `window.__result`, reporting page errors if it never comes. */
async function resultOf(page, errors) {
  try {
    await page.waitForFunction(() => "__result" in window, null, { timeout: 20_000 });
  } catch (err) {
    throw new Error(`the page set no window.__result; page errors: ${JSON.stringify(errors)}`, { cause: err });
  }
  return page.evaluate(() => window.__result);
}

/** GET on the mock's public API, straight from Node: the truth the page is compared to. */
async function mockGet(path) {
  const res = await fetch(`${mock.publicUrl}${path}`, { headers: { authorization: `Bearer ${mock.tokens.public}` } });
  assert.equal(res.status, 200, `mock ${path}`);
  return res.json();
}

/** Non-preflight requests the mock received (from the browser, after clearLog). */
const apiRequests = (server) => mock.log().filter((e) => !e.preflight && (!server || e.server === server));

function poolPrices(event) {
  return (event.tickets?.tickets ?? []).flatMap((t) => (t.ticketPools ?? []).map((p) => p.price));
}

/** Which needles occur in which files (byte search; wasm included). */
function scan(files) {
  const found = {};
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const needle of PRIVATE_NEEDLES) {
      if (bytes.indexOf(Buffer.from(needle, "utf8")) !== -1) (found[needle] ??= []).push(relative(project, file));
    }
  }
  return found;
}

async function buildFixture(name, extra = {}) {
  const root = join(project, "fixtures", name);
  return viteBuild({
    root,
    configFile: false,
    base: "./",
    logLevel: "silent",
    build: { outDir: "dist", emptyOutDir: true, assetsInlineLimit: 0 },
    worker: { format: "es" },
    ...extra,
  });
}

// ------------------------------------------------------------------ setup

before(async () => {
  mock = await startMock();
  // (Named so that no path contains "browser": the refusal test greps messages for it.)
  project = installPackage("tixy-web");
  pkgDir = join(project, "node_modules", "tixy-connect");
  cpSync(join(repoRoot, "www-example", "page"), join(project, "page"), {
    recursive: true,
    filter: (src) => !/[\\/](dist|node_modules)([\\/]|$)/.test(relative(join(repoRoot, "www-example"), src)),
  });
  cpSync(join(repoRoot, "tests", "js", "fixtures", "browser"), join(project, "fixtures"), { recursive: true });

  // The demo's own build: its vite.config.js, root = page/, output page/dist/.
  pageBuildOutput = await viteBuild({
    root: join(project, "page"),
    configFile: join(project, "page", "vite.config.js"),
    logLevel: "warn",
  });

  config = { publicToken: mock.tokens.public, baseUrl: mock.publicUrl };
  ({ server, origin } = await serveStatic(project, () => config));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  await mock?.close();
});

// ------------------------------------------------------------------ the example page (Vite)

test("Vite builds the example page and emits the wasm as its own asset", () => {
  const dist = join(project, "page", "dist");
  const files = walk(dist).map((f) => relative(dist, f));
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one .wasm in dist: ${files.join(", ")}`);
  assert.deepEqual(readFileSync(join(dist, wasm[0])), readFileSync(join(pkgDir, "browser", "tixy_connect_bg.wasm")),
    "the emitted wasm is the package's browser build");
  const js = files.filter((f) => f.endsWith(".js"));
  assert.ok(js.length >= 1, "a JS bundle");
  const bundle = js.map((f) => readFileSync(join(dist, f), "utf8")).join("\n");
  assert.ok(bundle.includes(wasm[0].split("/").pop()), "the bundle references the emitted wasm by its hashed name");
  const html = readFileSync(join(dist, "index.html"), "utf8");
  assert.ok(!html.includes("importmap"), "the no-bundler import map is dropped from the built page");
  assert.ok(pageBuildOutput, "vite build returned");
});

test("the example page lists published events with prices, opens an event and a tour", { timeout: 90_000 }, async () => {
  const published = await mockGet("/events?status=published");
  const tours = await mockGet("/tours?status=published");
  assert.ok(published.length >= 2 && tours.length >= 1, "the mock has data to show");
  assert.ok((await mockGet("/events?status=all")).length > published.length, "control: some events are not published");
  const pastdueNames = (await mockGet("/events?status=pastdue")).map((e) => e.name);

  const event = published[1];
  const detail = await mockGet(`/event?eventId=${encodeURIComponent(event.id)}`);
  const tour = tours[0];
  const tourDetail = await mockGet(`/tour?tourId=${encodeURIComponent(tour.id)}`);

  config = { publicToken: mock.tokens.public, baseUrl: mock.publicUrl };
  mock.clearLog(); // from here on, only the browser talks to the mock
  const { page, errors, close } = await openPage();
  try {
    // The wasm must be fetched from the build output (and served as application/wasm).
    const wasmResponses = [];
    page.on("response", (r) => { if (r.url().endsWith(".wasm")) wasmResponses.push(r); });

    await page.goto(`${origin}/page/dist/`);
    const list = page.getByRole("list", { name: "Published events" });
    await list.waitFor();
    const cards = list.locator(":scope > li");
    // One card per published event.
    await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Published events"] > li').length === n, published.length);

    // Names, in the API's order, and each card's prices exactly as the API sent them.
    const shownNames = await cards.locator("h3").allInnerTexts();
    assert.deepEqual(shownNames, published.map((e) => e.name));
    const cardTexts = await cards.allInnerTexts();
    published.forEach((event, i) => {
      const prices = poolPrices(event);
      assert.ok(prices.length > 0, `${event.name} has prices in the mock`);
      for (const price of prices) {
        assert.match(price, /^\d+\.\d\d$/, "the API's price is a decimal string");
        assert.ok(cardTexts[i].includes(price), `card of ${event.name} shows price ${price}: ${cardTexts[i]}`);
      }
    });
    // Past-due events are not listed.
    const pastdue = pastdueNames.filter((n) => !shownNames.includes(n));
    assert.ok(pastdue.length > 0);
    assert.equal(await page.getByText(pastdue[0], { exact: true }).count(), 0, "a past-due event is not shown");

    // Tours are listed too.
    const tourList = page.getByRole("list", { name: "Published tours" });
    assert.deepEqual(await tourList.locator(":scope > li > a").allInnerTexts(), tours.map((t) => t.name));

    assert.ok(wasmResponses.length >= 1, "the page fetched the wasm");
    assert.match(wasmResponses[0].url(), /\/page\/dist\/assets\/[^/]+\.wasm$/);
    assert.equal(wasmResponses[0].status(), 200);

    // Open an event: details with name, description, dates, pools and prices.
    await list.getByRole("link", { name: event.name, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: event.name }).waitFor();
    assert.match(page.url(), new RegExp(`#/event/${event.id}$`));
    assert.ok(await page.getByText(detail.description, { exact: true }).isVisible(), "description shown");
    const facts = await page.locator("dl.facts").innerText();
    assert.match(facts, /Ends/);
    assert.ok(facts.includes(String(new Date(detail.dates.end).getFullYear())), `end date shown: ${facts}`);
    const table = page.getByRole("table", { name: "Ticket pools and prices" });
    const rows = await table.locator("tbody tr").allInnerTexts();
    assert.deepEqual(
      await table.locator("tbody td.price").allInnerTexts(),
      poolPrices(detail),
      "one row per pool, prices as sent",
    );
    assert.equal(rows.length, poolPrices(detail).length);
    for (const ticket of detail.tickets.tickets) {
      assert.ok(rows.some((r) => r.startsWith(ticket.name)), `ticket ${ticket.name} shown`);
    }

    // Back, then open a tour: its name and its events.
    await page.getByRole("link", { name: "← All events" }).click();
    await page.getByRole("list", { name: "Published tours" }).waitFor();
    await page.getByRole("list", { name: "Published tours" }).getByRole("link", { name: tour.name, exact: true }).click();
    await page.getByRole("heading", { level: 1, name: tour.name }).waitFor();
    const tourEvents = page.getByRole("list", { name: "Tour events" });
    assert.deepEqual(await tourEvents.locator(":scope > li h3").allInnerTexts(), tourDetail.events.map((e) => e.name));
    assert.ok(tourDetail.events.length > 0);

    // What went over the wire: real cross-origin requests carrying the public token.
    const requests = apiRequests();
    const paths = requests.map((r) => r.path);
    for (const p of ["/events", "/tours", "/event", "/tour"]) assert.ok(paths.includes(p), `requested ${p}: ${paths}`);
    for (const r of requests) {
      assert.equal(r.server, "public", `only the public API: ${r.path}`);
      assert.equal(r.headers.authorization, `Bearer ${mock.tokens.public}`);
      assert.equal(r.headers.origin, origin, "a cross-origin request from the page's origin");
      assert.equal(r.status, 200);
    }
    assert.deepEqual(requests.find((r) => r.path === "/events").query, { status: "published" });
    assert.ok(mock.log().some((e) => e.preflight), "the browser sent a CORS preflight (Authorization header)");

    assert.deepEqual(errors, [], "no console errors");
  } finally {
    await close();
  }
});

test("the example page shows a readable error using err.kind", { timeout: 60_000 }, async () => {
  config = { publicToken: "tixy_pub_wrong_token", baseUrl: mock.publicUrl };
  const { page, errors, close } = await openPage();
  try {
    await page.goto(`${origin}/page/dist/`);
    const alert = page.getByRole("alert").first();
    await alert.waitFor();
    assert.equal(await alert.getAttribute("data-kind"), "invalid_token");
    const text = await alert.innerText();
    assert.match(text, /Could not load events/);
    assert.match(text, /public token .* not accepted/);
    assert.ok(!text.includes("tixy_pub_wrong_token"), "the token is not shown");
    // Chromium logs the 401 responses themselves; nothing else may be red.
    assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  } finally {
    config = { publicToken: mock.tokens.public, baseUrl: mock.publicUrl };
    await close();
  }
});

// ------------------------------------------------------------------ plain ESM, no bundler

test("plain ESM with an import map: TixyClient works, an empty token is invalid_input", { timeout: 60_000 }, async () => {
  const all = await mockGet("/events?status=all");
  mock.clearLog();
  const { page, errors, close } = await openPage();
  try {
    await page.goto(`${origin}/fixtures/plain/`);
    const result = await resultOf(page, errors);
    assert.equal(result.eventsError, undefined, JSON.stringify(result.eventsError));
    assert.deepEqual(result.events.map((e) => e.name), all.map((e) => e.name), "events() = status all");
    assert.deepEqual(result.emptyToken, {
      ...result.emptyToken,
      isTixyError: true,
      isError: true,
      name: "TixyError",
      kind: "invalid_input",
    });
    const requests = apiRequests();
    assert.equal(requests.length, 1, "one request: the empty token was refused before any request");
    assert.equal(requests[0].headers.authorization, `Bearer ${mock.tokens.public}`);
    assert.equal(requests[0].headers.origin, origin);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("the example page itself also runs unbundled (import map to node_modules)", { timeout: 60_000 }, async () => {
  const published = await mockGet("/events?status=published");
  const { page, errors, close } = await openPage();
  try {
    // project/ plays www-example/: page/ beside node_modules/.
    await page.goto(`${origin}/page/index.html`);
    const list = page.getByRole("list", { name: "Published events" });
    await list.waitFor();
    assert.deepEqual(await list.locator(":scope > li h3").allInnerTexts(), published.map((e) => e.name));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

// ------------------------------------------------------------------ web workers

test("a module web worker runs events(): by URL and bundled by Vite", { timeout: 90_000 }, async () => {
  const published = (await mockGet("/events?status=published")).map((e) => e.name);
  await buildFixture("vite-worker");
  const workerDist = walk(join(project, "fixtures", "vite-worker", "dist"));
  assert.ok(workerDist.some((f) => f.endsWith(".wasm")), "Vite emitted the wasm for the worker");

  for (const url of [`${origin}/fixtures/worker-direct/`, `${origin}/fixtures/vite-worker/dist/`]) {
    mock.clearLog();
    const { page, errors, close } = await openPage();
    try {
      await page.goto(url);
      const result = await resultOf(page, errors);
      assert.equal(result.error, undefined, `${url}: ${JSON.stringify(result)}`);
      assert.equal(result.workerError, undefined, `${url}: ${JSON.stringify(result)}`);
      assert.equal(result.inWorker, true);
      assert.deepEqual(result.names, published, url);
      const requests = apiRequests();
      assert.equal(requests.length, 1);
      assert.equal(requests[0].headers.authorization, `Bearer ${mock.tokens.public}`);
      assert.equal(requests[0].headers.origin, origin, "the worker's request is cross-origin too");
      assert.deepEqual(errors, [], url);
    } finally {
      await close();
    }
  }
});

// ------------------------------------------------------------------ the private client refuses browsers

test("the server build, loaded directly, refuses TixyPrivateClient in a page and in a worker (browser_runtime)", { timeout: 60_000 }, async () => {
  for (const file of ["index.html", "worker.html"]) {
    mock.clearLog();
    const { page, errors, close } = await openPage();
    try {
      await page.goto(`${origin}/fixtures/server-build/${file}?privateUrl=${encodeURIComponent(mock.privateUrl)}`);
      const result = await resultOf(page, errors);
      assert.equal(result.probeError, undefined, result.probeError);
      assert.equal(result.workerError, undefined, result.workerError);
      assert.equal(result.inWorker, file === "worker.html");
      assert.equal(result.threw, true, `${file}: TixyPrivateClient was constructed (${JSON.stringify(result)})`);
      assert.equal(result.kind, "browser_runtime", `${file}: ${JSON.stringify(result)}`);
      assert.equal(result.isTixyError, true, "instanceof tixyErrorClass()");
      assert.equal(result.isError, true);
      assert.equal(result.name, "TixyError");
      assert.match(result.message, /browser/i);
      assert.deepEqual(mock.log().filter((e) => e.server === "private"), [], "no request reached the private API");
      assert.deepEqual(errors, [], file);
    } finally {
      await close();
    }
  }
});

test("Vite refuses tixy-connect/server in a browser bundle, naming the problem", { timeout: 60_000 }, async () => {
  let buildError;
  try {
    await buildFixture("refuse");
  } catch (err) {
    buildError = err;
  }
  // The browser + module branch of ./server cannot resolve (entry/server-browser-bundle.js):
  // Vite must stop at build time. The import-time branch below stays as the fallback's check.
  assert.ok(buildError, "vite build of a page importing tixy-connect/server must fail");
  let message;
  if (buildError) {
    // Without colours and without the project's path, so only Vite's words are matched.
    message = String(buildError.message).replace(/\u001b\[[0-9;]*m/g, "").replaceAll(project, "<project>").replaceAll(relative(process.cwd(), project), "<project>");
  } else {
    // The build passed: then the built page must throw on import.
    const dist = join(project, "fixtures", "refuse", "dist");
    const bundle = walk(dist).filter((f) => f.endsWith(".js")).map((f) => readFileSync(f, "utf8")).join("\n");
    assert.ok(!bundle.includes("private-api.tixyapp.com"), "no private code was bundled");
    const { page, errors, close } = await openPage();
    try {
      const thrown = page.waitForEvent("pageerror", { timeout: 20_000 });
      await page.goto(`${origin}/fixtures/refuse/dist/`);
      message = (await thrown).message;
      assert.equal(await page.locator("#out").innerText(), "not loaded", "the page's code did not run");
      assert.equal(errors.length, 1, JSON.stringify(errors));
    } finally {
      await close();
    }
  }
  assert.match(message, /browser/, `the message names the browser: ${message}`);
  assert.match(message, /private token/, `the message names the private token: ${message}`);
});

// ------------------------------------------------------------------ what the browser build contains

test("nothing reachable through the browser condition contains private code (wasm bytes included)", () => {
  const browserFiles = [
    ...walk(join(project, "page", "dist")),
    ...walk(join(pkgDir, "browser")),
    join(pkgDir, "entry", "browser.js"),
  ];
  assert.ok(browserFiles.some((f) => f.endsWith(".wasm")) && browserFiles.some((f) => f.endsWith(".js")));
  // The browser entry must load the browser build only.
  assert.ok(!readFileSync(join(pkgDir, "entry", "browser.js"), "utf8").includes("/server/"));
  const found = scan(browserFiles);
  assert.deepEqual(found, {}, `private strings in browser-reachable files: ${JSON.stringify(found, null, 1)}`);

  // Control: the same scan over the server build finds every one of them.
  const control = scan(walk(join(pkgDir, "server")));
  assert.deepEqual(Object.keys(control).sort(), [...PRIVATE_NEEDLES].sort(), "the scan can fail: the server build has them all");
});

test("size report: gzip -9 of the browser build (entry/browser.js + browser/**)", () => {
  const files = [join(pkgDir, "entry", "browser.js"), ...walk(join(pkgDir, "browser"))].filter((f) => /\.(m?js|wasm)$/.test(f));
  let raw = 0;
  let gz = 0;
  const lines = [];
  for (const f of files) {
    const bytes = readFileSync(f);
    const z = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += z;
    lines.push(`  ${relative(pkgDir, f).padEnd(70)} ${String(bytes.length).padStart(8)} B  gzip -9 ${String(z).padStart(7)} B`);
  }
  console.log(`browser build of tixy-connect (${files.length} files):\n${lines.join("\n")}\n  total${" ".repeat(66)}${String(raw).padStart(8)} B  gzip -9 ${String(gz).padStart(7)} B (${(gz / 1024).toFixed(1)} KiB)`);
  assert.ok(gz > 0 && files.some((f) => f.endsWith(".wasm")));
});
