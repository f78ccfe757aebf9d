// The demo: the example page and the example Worker, against the embedded
// mock TIXY server or, when tokens are given, the real TIXY API.
//
//   TIXY_PUBLIC_TOKEN   use the real public API for the page (else the mock)
//   TIXY_PRIVATE_TOKEN  use the real private API for the Worker (else the mock)
//   TIXY_PUBLIC_BASE_URL / TIXY_PRIVATE_BASE_URL  override the API hosts
//   DEMO_PAGE_PORT (8080), DEMO_WORKER_PORT (8787), DEMO_EVENTS (mock size, 40)
//
// `--smoke` starts everything, checks it over HTTP, and exits (used by the tests).
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../mock-tixy/server.mjs";
import { startExampleWorker } from "../harness/workerd.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const smoke = process.argv.includes("--smoke");
const env = process.env;
const pagePort = Number(env.DEMO_PAGE_PORT ?? (smoke ? 0 : 8080));
const workerPort = Number(env.DEMO_WORKER_PORT ?? (smoke ? 0 : 8787));

const say = (m) => process.stderr.write(`demo: ${m}\n`);

// A busy port is said in one line, before minutes of installing and building.
for (const [name, port] of [["DEMO_PAGE_PORT", pagePort], ["DEMO_WORKER_PORT", workerPort]]) {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    say(`${name} must be a port number (0 picks a free one), got ${JSON.stringify(env[name])}`);
    process.exit(2);
  }
  if (port !== 0 && !(await portIsFree(port))) busy(name, port);
}

function busy(name, port) {
  say(`port ${port} on 127.0.0.1 is busy; set ${name} to another port (0 picks a free one)`);
  process.exit(1);
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

const needMock = !env.TIXY_PUBLIC_TOKEN || !env.TIXY_PRIVATE_TOKEN;
const mock = needMock ? await startMock({ events: Number(env.DEMO_EVENTS ?? 40) }) : null;
const publicApi = env.TIXY_PUBLIC_TOKEN
  ? { token: env.TIXY_PUBLIC_TOKEN, baseUrl: env.TIXY_PUBLIC_BASE_URL, label: "the real TIXY public API" }
  : { token: mock.tokens.public, baseUrl: mock.publicUrl, label: `the mock TIXY server (${mock.publicUrl})` };
const privateApi = env.TIXY_PRIVATE_TOKEN
  ? { token: env.TIXY_PRIVATE_TOKEN, baseUrl: env.TIXY_PRIVATE_BASE_URL, label: "the real TIXY private API" }
  : { token: mock.tokens.private, baseUrl: mock.privateUrl, label: `the mock TIXY server (${mock.privateUrl})` };

// The page: install the packed package like a user, build with Vite.
say("installing the example's dependencies (the packed tixy-connect tarball, vite)");
rmSync(join(here, "node_modules", "tixy-connect"), { recursive: true, force: true });
execFileSync("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: here, stdio: ["ignore", "ignore", "inherit"] });
say("building the page with Vite");
execFileSync(join(here, "node_modules", ".bin", "vite"), ["build", "page", "--logLevel", "warn"], { cwd: here, stdio: ["ignore", "ignore", "inherit"] });

const dist = join(here, "page", "dist");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml" };
// The page's config: the public token is meant to be public, so serving it is fine.
const config = JSON.stringify({ publicToken: publicApi.token, ...(publicApi.baseUrl ? { baseUrl: publicApi.baseUrl } : {}) });
const page = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (path === "/config.json") return res.writeHead(200, { "content-type": types[".json"], "cache-control": "no-store" }).end(config);
  const file = resolve(dist, "." + normalize(path === "/" ? "/index.html" : path));
  if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end("not found");
  res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
await new Promise((ok) => {
  // Taken since the check above: still one line.
  page.once("error", (err) => {
    if (err.code === "EADDRINUSE") busy("DEMO_PAGE_PORT", pagePort);
    throw err;
  });
  page.listen(pagePort, "127.0.0.1", ok);
});
const pageUrl = `http://127.0.0.1:${page.address().port}/`;

say("starting the example Worker in workerd (Miniflare)");
const worker = await startExampleWorker({
  privateToken: privateApi.token,
  privateBaseUrl: privateApi.baseUrl,
  publicToken: publicApi.token,
  publicBaseUrl: publicApi.baseUrl,
  port: workerPort,
});
const workerUrl = String(worker.url);

async function close() {
  await worker.dispose();
  page.close();
  await mock?.close();
}

if (smoke) {
  const check = async (url, test) => {
    const res = await fetch(url);
    const body = await res.text();
    if (!res.ok || !test(body)) throw new Error(`demo smoke: ${url} answered ${res.status}: ${body.slice(0, 200)}`);
  };
  try {
    await check(pageUrl, (b) => b.includes("<script"));
    await check(new URL("config.json", pageUrl), (b) => JSON.parse(b).publicToken === publicApi.token);
    await check(new URL("api/sales", workerUrl), (b) => Array.isArray(JSON.parse(b).events) && JSON.parse(b).events.length > 0);
    await check(workerUrl, (b) => b.includes("/api/sales"));
    console.log("demo smoke: page, config, Worker dashboard and /api/sales all answered");
  } finally {
    await close();
  }
} else {
  console.log(`
  tixy-connect demo
    page (events, ticket pools, prices):  ${pageUrl}
      public API: ${publicApi.label}
    Worker sales dashboard:               ${workerUrl}
      JSON: ${new URL("api/sales", workerUrl)}   private API: ${privateApi.label}

  Ctrl-C to stop.`);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => close().then(() => process.exit(0)));
}
