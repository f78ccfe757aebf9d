// The runtime matrix: one portable check (fixtures/contract-check.mjs) run against the mock
// TIXY server in Node 20 (this process's node), Node 24, Deno, Bun and workerd (Miniflare).
// Each runtime imports the installed tarball through the package's `exports` map; the test
// judges the check's JSON report and the mock's request log. A missing runtime is a failure.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { installPackage, repoRoot } from "../../harness/package.mjs";
import { startMock } from "./lib/mock.mjs";

const NM = join(repoRoot, "tests", "node_modules");
// scripts/env.sh exports these; the defaults are the same files.
const BIN = {
  node24: process.env.NODE24 || join(NM, "node24", "bin", "node"),
  deno: process.env.DENO || join(NM, ".bin", "deno"),
  bun: process.env.BUN || join(NM, ".bin", "bun"),
};
const CHILD_TIMEOUT_MS = 90_000;
const TOKENS = { public: "pubtok_CANARY_rt_7c2e5a9f01b3d846", private: "privtok_CANARY_rt_e4b1d8f7a3c60295" };
const RESULT_PREFIX = "CONTRACT-RESULT ";

/** First line of `bin --version`, or null when the binary is missing or broken. */
function versionOf(bin) {
  if (!existsSync(bin)) return null;
  try {
    return execFileSync(bin, ["--version"], { encoding: "utf8", timeout: 30_000 }).trim().split("\n")[0];
  } catch {
    return null;
  }
}
const pkgVersion = (name) => {
  try {
    return JSON.parse(readFileSync(join(NM, name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
};
const VERSIONS = {
  node24: versionOf(BIN.node24),
  deno: versionOf(BIN.deno)?.match(/^deno (\S+)/)?.[1] ?? null, // "deno 2.9.6 (stable, ...)"
  bun: versionOf(BIN.bun),
  miniflare: pkgVersion("miniflare"),
  workerd: pkgVersion("workerd"),
};
const missing = (v) => v ?? "MISSING";

let mock;
let ds;
let dir; // the user project with the tarball installed
let config; // what the check receives

before(async () => {
  dir = installPackage("runtimes");
  copyFileSync(join(repoRoot, "tests", "js", "fixtures", "contract-check.mjs"), join(dir, "contract-check.mjs"));
  // Deno: use the project's node_modules as installed (no npm registry, no auto-install).
  writeFileSync(join(dir, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }, null, 2));
  mock = await startMock({ events: 6, tours: 3, seed: 3, publicToken: TOKENS.public, privateToken: TOKENS.private });
  ds = mock.dataset;
  config = {
    publicUrl: mock.publicUrl,
    privateUrl: mock.privateUrl,
    tokens: TOKENS,
    eventId: ds.events[1].id,
    eventSlug: ds.events[0].slug,
    tourId: ds.tours[1].id,
  };
  writeFileSync(
    join(dir, "driver.mjs"),
    `import { runContractCheck } from "./contract-check.mjs";\n` +
      `const report = await runContractCheck(${JSON.stringify(config)});\n` +
      `console.log(${JSON.stringify(RESULT_PREFIX)} + JSON.stringify(report));\n`,
  );
});

after(async () => {
  await mock?.close();
});

// ------------------------------------------------------------------ expectations

const wire = (value) => JSON.parse(JSON.stringify(value));

/** What each step of the check must return (the API's objects unchanged). */
function expectedValues() {
  const ev = ds.events.find((e) => e.id === config.eventId);
  const tr = ds.tours.find((t) => t.id === config.tourId);
  return {
    "events(published)": ds.eventsByStatus("published"),
    "event(slug)": ds.events.find((e) => e.slug === config.eventSlug),
    "tour(id)": tr,
    "path:events()": ds.eventsByStatus("all"),
    "salesEvents(all, range)": ds.eventsByStatus("all").map((e) => ds.eventSalesReport(e, { from: "2024-01-01", to: "2024-12-31" })),
    "statisticsEvent(id)": ds.eventStatistics(ev, null),
    "consentTour(id)": ds.tourConsent(tr),
  };
}

/** The mock log the check must produce, in order. Invalid-input steps send nothing. */
function expectedRequests() {
  const pub = `Bearer ${TOKENS.public}`;
  const priv = `Bearer ${TOKENS.private}`;
  return [
    { server: "public", url: "/events?status=published", authorization: pub },
    { server: "public", url: `/event?eventSlug=${config.eventSlug}`, authorization: pub },
    { server: "public", url: `/tour?tourId=${config.tourId}`, authorization: pub },
    { server: "public", url: "/events/all", authorization: pub },
    { server: "private", url: "/sales/events?status=all&from=2024-01-01&to=2024-12-31", authorization: priv },
    { server: "private", url: `/statistics/event?eventId=${config.eventId}`, authorization: priv },
    { server: "private", url: `/marketing/clients-granted-consent/tour?tourId=${config.tourId}`, authorization: priv },
    { server: "public", url: "/events?status=all", authorization: priv }, // the 403 case
  ];
}

function assertTixyErrorReport(name, error, kind, status) {
  assert.ok(error, `${name}: expected a ${kind} error, but the call succeeded`);
  assert.deepEqual(
    { isTixyError: error.isTixyError, isServerTixyError: error.isServerTixyError, isError: error.isError, name: error.name, kind: error.kind, status: error.status },
    { isTixyError: true, isServerTixyError: true, isError: true, name: "TixyError", kind, status },
    `${name}: ${error.message}`,
  );
  assert.equal(error.tokenLeaked, false, `${name}: a token leaked into the error`);
}

/** Judge one runtime's report and the requests the mock saw while it ran. */
function assertContract(report, requests) {
  assert.equal(report.sameErrorClass, true, "TixyError differs between \"tixy-connect\" and \"tixy-connect/server\"");
  assert.equal(report.sameClientClass, true, "TixyClient differs between the two entries");
  assert.equal(report.privateCtorError, null, `new TixyPrivateClient threw: ${report.privateCtorError?.message}`);
  assertTixyErrorReport("new TixyClient({publicToken:''})", report.ctorInvalid, "invalid_input", null);

  const steps = report.steps;
  for (const [name, expected] of Object.entries(expectedValues())) {
    const s = steps[name];
    assert.ok(s, `step ${name} missing from the report`);
    assert.equal(s.ok, true, `${name} failed: ${JSON.stringify(s.error)}`);
    assert.equal(s.plain, true, `${name}: result is not plain objects/arrays`);
    assert.deepStrictEqual(s.value, wire(expected), `${name}: result differs from what the API sent`);
  }
  assertTixyErrorReport("invalid:event(id+slug)", steps["invalid:event(id+slug)"].error, "invalid_input", null);
  assertTixyErrorReport("invalid:salesEvents(from=2024-02-30)", steps["invalid:salesEvents(from=2024-02-30)"].error, "invalid_input", null);
  const denied = steps["403:private token in TixyClient"].error;
  assertTixyErrorReport("403", denied, "access_denied", 403);
  assert.match(denied.message, /public/i);
  assert.match(denied.message, /private/i);

  assert.deepEqual(
    requests.filter((r) => !r.preflight).map((r) => ({ server: r.server, url: r.url, authorization: r.headers.authorization })),
    expectedRequests(),
  );
}

/** The entries Node-like runtimes must resolve: the installed tarball's node entries. */
function assertResolvedNodeEntries(report) {
  const entry = (f) => pathToFileURL(join(dir, "node_modules", "tixy-connect", "entry", f)).href;
  assert.deepEqual(report.resolved, { main: entry("node.js"), server: entry("server-node.js") });
}

// ------------------------------------------------------------------ child-process runtimes

/** Run `bin args` in the project dir with a timeout; resolve { stdout, stderr }, reject with both. */
function run(bin, args, env = {}) {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { cwd: dir, env: { ...process.env, NO_COLOR: "1", ...env }, timeout: CHILD_TIMEOUT_MS, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${bin} ${args.join(" ")} failed (${err.killed ? `killed after ${CHILD_TIMEOUT_MS} ms` : `exit ${err.code}`})\n--- stderr ---\n${stderr}\n--- stdout ---\n${stdout.slice(0, 4000)}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

/** Run the driver under a runtime and return its parsed report (stderr shown on failure). */
async function runDriver(bin, args, env) {
  assert.ok(existsSync(bin), `runtime binary missing: ${bin} (run scripts/setup.sh)`);
  mock.clearLog();
  mock.clearFaults();
  const { stdout, stderr } = await run(bin, [...args, "driver.mjs"], env);
  const line = stdout.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
  assert.ok(line, `no report printed\n--- stderr ---\n${stderr}\n--- stdout ---\n${stdout.slice(0, 4000)}`);
  return { report: JSON.parse(line.slice(RESULT_PREFIX.length)), requests: mock.log(), stderr };
}

// Package registries a runtime could fall back to are made unreachable: the package must come
// from the local node_modules.
const NO_REGISTRY = "http://127.0.0.1:9/";

const childRuntimes = [
  {
    name: `Node ${process.version} (the test runner's node)`,
    bin: process.execPath,
    args: [],
    check: (rt) => assert.equal(`v${rt.node}`, process.version),
  },
  {
    name: `Node 24: ${missing(VERSIONS.node24)}`,
    bin: BIN.node24,
    args: [],
    check: (rt) => {
      assert.match(rt.node ?? "", /^24\./);
      assert.equal(`v${rt.node}`, VERSIONS.node24);
      assert.equal(rt.deno, null);
      assert.equal(rt.bun, null);
    },
  },
  {
    name: `Deno ${missing(VERSIONS.deno)}`,
    bin: BIN.deno,
    args: ["run", "--allow-net", "--allow-read", "--allow-env", "--no-lock"],
    env: () => ({ NPM_CONFIG_REGISTRY: NO_REGISTRY, DENO_DIR: join(dir, ".deno-cache"), DENO_NO_UPDATE_CHECK: "1" }),
    check: (rt) => {
      assert.ok(rt.deno, "not running in Deno");
      assert.equal(rt.deno, VERSIONS.deno);
    },
  },
  {
    name: `Bun ${missing(VERSIONS.bun)}`,
    bin: BIN.bun,
    args: ["--no-install", "run"],
    env: () => ({ BUN_CONFIG_REGISTRY: NO_REGISTRY, NPM_CONFIG_REGISTRY: NO_REGISTRY }),
    check: (rt) => {
      assert.ok(rt.bun, "not running in Bun");
      assert.equal(rt.bun, VERSIONS.bun);
    },
  },
];

for (const rt of childRuntimes) {
  test(rt.name, { timeout: CHILD_TIMEOUT_MS + 30_000 }, async () => {
    const { report, requests } = await runDriver(rt.bin, rt.args, rt.env?.());
    rt.check(report.runtime);
    assertResolvedNodeEntries(report);
    assertContract(report, requests);
  });
}

// ------------------------------------------------------------------ workerd (Miniflare)

const ENTRY = (f) => `node_modules/tixy-connect/entry/${f}`;

test(`workerd via Miniflare ${missing(VERSIONS.miniflare)} (workerd ${missing(VERSIONS.workerd)})`, { timeout: 180_000 }, async () => {
  // Resolved from tests/node_modules (this file lives in tests/js).
  const { build } = await import("esbuild");
  const { Miniflare } = await import("miniflare");

  writeFileSync(
    join(dir, "worker.mjs"),
    `import { runContractCheck } from "./contract-check.mjs";\n` +
      `export default { async fetch(request) { return Response.json(await runContractCheck(await request.json())); } };\n`,
  );
  const outdir = join(dir, "worker-dist");
  const result = await build({
    absWorkingDir: dir,
    entryPoints: ["worker.mjs"],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    loader: { ".wasm": "copy" }, // kept as its own module: Workers import wasm precompiled
    outdir,
    metafile: true,
    logLevel: "silent",
  });

  // The workerd entries were chosen, not the browser, node or refusing ones.
  const inputs = Object.keys(result.metafile.inputs);
  for (const f of ["workerd.js", "server-workerd.js", "load-workerd.js"]) assert.ok(inputs.includes(ENTRY(f)), `bundle lacks ${ENTRY(f)}: ${inputs}`);
  for (const f of ["browser.js", "node.js", "server-node.js", "load-node.js", "server-refused.js"]) {
    assert.ok(!inputs.includes(ENTRY(f)), `bundle includes ${ENTRY(f)}`);
  }
  const code = readFileSync(join(outdir, "worker.js"), "utf8");
  assert.ok(!code.includes("readFileSync"), "the workerd bundle contains readFileSync (node entry resolved?)");
  const wasmFiles = readdirSync(outdir).filter((f) => f.endsWith(".wasm"));
  assert.equal(wasmFiles.length, 1, `expected one .wasm module next to the bundle: ${readdirSync(outdir)}`);
  assert.ok(code.includes(`"./${wasmFiles[0]}"`), "the bundle does not import the wasm as a module");

  const mf = new Miniflare({
    compatibilityDate: "2025-06-01",
    modulesRoot: outdir,
    modules: [
      { type: "ESModule", path: join(outdir, "worker.js") },
      { type: "CompiledWasm", path: join(outdir, wasmFiles[0]) },
    ],
  });
  try {
    mock.clearLog();
    mock.clearFaults();
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`workerd did not answer in ${CHILD_TIMEOUT_MS} ms`)), CHILD_TIMEOUT_MS);
    });
    const res = await Promise.race([mf.dispatchFetch("http://worker.test/", { method: "POST", body: JSON.stringify(config) }), timeout]).finally(() => clearTimeout(timer));
    const body = await res.text();
    assert.equal(res.status, 200, `worker answered ${res.status}: ${body.slice(0, 4000)}`);
    const report = JSON.parse(body);
    assert.equal(report.runtime.userAgent, "Cloudflare-Workers");
    assert.equal(report.runtime.node, null, "workerd without nodejs_compat has no process");
    assert.equal(report.runtime.deno, null);
    // TixyPrivateClient constructs in workerd (it has `navigator`, but is not a browser).
    assert.equal(report.privateCtorError, null, `new TixyPrivateClient threw in workerd: ${report.privateCtorError?.message}`);
    assertContract(report, mock.log());
  } finally {
    await mf.dispose();
  }
});
