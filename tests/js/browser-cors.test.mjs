// TIXY publishes no CORS policy: in real Chromium, a page whose TixyClient calls an API
// origin that sends no CORS headers gets a `network` TixyError that says it is likely a CORS
// refusal and names the fix (a same-origin backend route as baseUrl). The same page against
// the same mock with CORS headers works, so the test can only pass for the right reason.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage } from "../../harness/package.mjs";
import { launchChromium, serveStatic } from "./lib/chromium.mjs";
import { startMock } from "./lib/mock.mjs";


const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "tixy-connect": "/node_modules/tixy-connect/entry/browser.js" } }</script>
<script type="module">
  import { TixyClient, TixyError } from "tixy-connect";
  const config = await (await fetch("/config.json")).json();
  const tixy = new TixyClient({ publicToken: config.publicToken, baseUrl: config.baseUrl, maxRetries: 0 });
  try {
    window.__result = { events: (await tixy.events()).length };
  } catch (e) {
    window.__result = { isTixyError: e instanceof TixyError, kind: e.kind, message: e.message };
  }
</script></head><body></body></html>`;

let mock;
let dir;
let server;
let origin;
let browser;

before(async () => {
  dir = installPackage("browser-cors");
  writeFileSync(join(dir, "index.html"), PAGE);
  mock = await startMock({ events: 5, tours: 1 });
  const config = () => ({ publicToken: mock.tokens.public, baseUrl: mock.publicUrl });
  ({ server, origin } = await serveStatic(dir, config));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  await mock?.close();
});

async function runPage() {
  const page = await browser.newPage();
  try {
    await page.goto(origin + "/");
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20_000 });
    return await page.evaluate(() => window.__result);
  } finally {
    await page.close();
  }
}

test("an API without CORS headers: a network error that names CORS and the same-origin fix", { timeout: 60_000 }, async () => {
  assert.deepEqual(await runPage(), { events: 5 }, "with CORS headers the page works");
  mock.setModes({ cors: false });
  try {
    const r = await runPage();
    assert.equal(r.isTixyError, true);
    assert.equal(r.kind, "network");
    assert.match(r.message, /^events: network error before a response: TypeError: Failed to fetch/);
    assert.match(r.message, /most often a CORS refusal \(TIXY publishes no CORS policy\)/);
    assert.match(r.message, /your own backend on the page's origin and pass that route's URL as baseUrl/);
    assert.ok(!r.message.includes(mock.tokens.public));
  } finally {
    mock.resetModes();
  }
});
