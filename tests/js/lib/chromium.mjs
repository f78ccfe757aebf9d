// Real headless Chromium for the browser suites: Debian's /usr/bin/chromium driven by
// playwright-core (from tests/node_modules), and the static server that serves their pages
// from 127.0.0.1, another origin than the mock's (real CORS).
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { extname, join, resolve, sep } from "node:path";
import { repoRoot } from "../../../harness/package.mjs";

const toolsRequire = createRequire(join(repoRoot, "tests", "package.json"));
const { chromium } = toolsRequire("playwright-core");

// Without the background-networking flags Chromium keeps dialling hosts this machine cannot
// reach; --no-sandbox because the tests run as root.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium). */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS });
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/**
 * Serves `root` read-only on 127.0.0.1 (a directory serves its index.html); any path ending
 * in /config.json answers `config()`, read at each request so a test can change it. Resolves
 * `{ server, origin }` once listening.
 */
export async function serveStatic(root, config) {
  root = resolve(root);
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, "http://x");
    const headers = { "cache-control": "no-store" };
    if (pathname.endsWith("/config.json")) {
      res.writeHead(200, { ...headers, "content-type": MIME[".json"] });
      return res.end(JSON.stringify(config()));
    }
    let file = resolve(root, "." + decodeURIComponent(pathname));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403, headers);
      return res.end();
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { ...headers, "content-type": "text/plain" });
      return res.end(`not found: ${pathname}`);
    }
    res.writeHead(200, { ...headers, "content-type": MIME[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}
