#!/usr/bin/env node
// Soak: many requests, at a fixed concurrency, from one pair of long-lived clients
// (TixyClient + TixyPrivateClient) to the mock TIXY server started in this process, using
// the installed npm tarball. Public and private calls are mixed, with one expected error path
// (404) in every ten calls. The wasm instance's linear memory is sampled between batches;
// memory must be flat over the second half of the run.
//
//   node tests/soak/soak.mjs --runtime node|workerd [--requests 10000] [--concurrency 100]
//                            [--samples 20] [--project-dir DIR]
//
// Prints one JSON report on stdout; progress goes to stderr. Exit code 1 on any failed
// request, on a request count that differs from what the mock saw, or when wasm memory grows
// over the second half ("flat": last sample <= first sample of the second half + 64 KiB,
// i.e. at most one wasm page). 2 on bad arguments.
//
// Reading wasm memory: the wasm-bindgen glue keeps the instance to itself, but its initSync()
// returns the instance's exports (memory included) when the module is already initialised,
// which the package entry does on import. Importing the module that holds the glue by path
// from the installed package (entry/load-node.js and entry/load-workerd.js, where the build
// bundles the glue) gives the very module instance the entry uses, which the
// script verifies by comparing the TixyClient class both export.
import { writeFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const KIB64 = 64 * 1024;

/** CONTRACT of the report's flag: the last sample is at most one page above the second half's first. */
export function isFlatSecondHalf(samples) {
  if (!Array.isArray(samples) || samples.length < 2 || samples.some((s) => !Number.isFinite(s))) return false;
  const mid = Math.floor(samples.length / 2);
  return samples[samples.length - 1] <= samples[mid] + KIB64;
}

// ------------------------------------------------------------------ the workload (both runtimes)
//
// Runs in Node and, copied by Function.prototype.toString, inside the soak Worker: no
// references to this module's scope. Returns { done, failures, failureSamples }.
async function runBatch(clients, fx, start, count, concurrency) {
  const { pub, priv } = clients;
  const ops = [
    async () => expectLength(await pub.events({ status: "published" }), fx.publishedEvents, "events(published)"),
    async () => expectId(await pub.event({ id: fx.eventId }), fx.eventId, "event(id)"),
    async () => expectLength(await pub.tours(), fx.tours, "tours()"),
    async () => expectId(await pub.tour({ slug: fx.tourSlug }), fx.tourId, "tour(slug)"),
    async () => expectLength(await priv.salesEvents({ status: "all", from: "2026-01-01", to: "2026-12-31" }), fx.events, "salesEvents(range)"),
    async () => expectId(await priv.statisticsEvent({ id: fx.eventId }), fx.eventId, "statisticsEvent(id)"),
    async () => {
      const v = await priv.consentTour({ id: fx.tourId });
      if (JSON.stringify(v) !== fx.tourConsentJson) throw new Error(`consentTour(id): differs from the API's object: ${JSON.stringify(v)}`);
    },
    async () => {
      const terms = await priv.salesTerms();
      if (!terms || typeof terms !== "object" || Array.isArray(terms)) throw new Error("salesTerms(): not an object");
    },
    async () => expectLength(await priv.statisticsTours({}), fx.tours, "statisticsTours()"),
    async () => {
      // The error path: must reject with not_found, nothing else.
      try {
        await pub.event({ id: "ffffffffffffffffffffffff" });
      } catch (err) {
        if (err && err.kind === "not_found" && err.status === 404) return;
        throw err;
      }
      throw new Error("event(unknown id) did not reject");
    },
  ];
  function expectLength(v, n, what) {
    if (!Array.isArray(v) || v.length !== n) throw new Error(`${what}: expected an array of ${n}, got ${Array.isArray(v) ? v.length : typeof v}`);
  }
  function expectId(v, id, what) {
    if (!v || v.id !== id) throw new Error(`${what}: expected id ${id}, got ${v && v.id}`);
  }
  let next = start;
  const end = start + count;
  let done = 0;
  let failures = 0;
  const failureSamples = [];
  async function lane() {
    while (next < end) {
      const i = next++;
      try {
        await ops[i % ops.length]();
      } catch (err) {
        failures++;
        if (failureSamples.length < 5) failureSamples.push(`#${i} ${err && err.kind ? `${err.kind}: ` : ""}${err && err.message ? err.message : String(err)}`);
      }
      done++;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { done, failures, failureSamples };
}

/** What the clients must get back, from the mock's dataset. */
function fixtures(ds) {
  return {
    events: ds.events.length,
    publishedEvents: ds.eventsByStatus("published").length,
    tours: ds.tours.length,
    eventId: ds.events[1].id,
    tourId: ds.tours[0].id,
    tourSlug: ds.tours[0].slug,
    tourConsentJson: JSON.stringify(ds.tourConsent(ds.tours[0])),
  };
}

// ------------------------------------------------------------------ runtimes

async function nodeRunner({ projectDir, mock, fx }) {
  writeFileSync(join(projectDir, "soak-user.mjs"), 'export { TixyClient, TixyError } from "tixy-connect";\nexport { TixyPrivateClient } from "tixy-connect/server";\n');
  const lib = await import(pathToFileURL(join(projectDir, "soak-user.mjs")).href);
  // Node's loader has the glue bundled in and exports its initSync (not re-exported by the entries).
  const glue = await import(pathToFileURL(join(projectDir, "node_modules", "tixy-connect", "entry", "load-node.js")).href);
  if (glue.TixyClient !== lib.TixyClient) throw new Error("the glue module imported by path is not the instance the package entry uses");
  const wasm = glue.initSync(); // already initialised by the entry: returns its exports
  if (!(wasm.memory instanceof WebAssembly.Memory)) throw new Error("initSync() did not return the instance's exports");
  // dedupe off: the soak counts one mock request per call (shared calls: tests/js/beyond*.test.mjs).
  const clients = {
    pub: new lib.TixyClient({ publicToken: mock.tokens.public, baseUrl: mock.publicUrl, maxRetries: 0, timeoutMs: 30000, dedupe: false }),
    priv: new lib.TixyPrivateClient({ privateToken: mock.tokens.private, baseUrl: mock.privateUrl, maxRetries: 0, timeoutMs: 30000, dedupe: false }),
  };
  return {
    batch: (start, count, concurrency) => runBatch(clients, fx, start, count, concurrency),
    sample: () => ({
      memoryBytes: wasm.memory.buffer.byteLength,
      externrefs: wasm.__wbindgen_externrefs?.length ?? null,
      process: (({ heapUsed, external, arrayBuffers }) => ({ heapUsed, external, arrayBuffers }))(process.memoryUsage()),
    }),
    close: async () => {},
  };
}

async function workerdRunner({ projectDir, mock, fx }) {
  const { bundleWorker, startWorker } = await import(pathToFileURL(join(here, "..", "..", "harness", "workerd.mjs")).href);
  const entry = join(projectDir, "soak-worker.mjs");
  writeFileSync(
    entry,
    `import { TixyClient, TixyError } from "tixy-connect";\n` +
      `import { TixyPrivateClient } from "tixy-connect/server";\n` +
      // The loader with the glue bundled in, by path: the module the package entries import.
      `import * as glue from "./node_modules/tixy-connect/entry/load-workerd.js";\n` +
      `${runBatch.toString()}\n` +
      `let clients;\n` +
      `function sample() {\n` +
      `  if (glue.TixyClient !== TixyClient) throw new Error("the glue module is not the instance the package entry uses");\n` +
      `  const wasm = glue.initSync();\n` +
      `  return { memoryBytes: wasm.memory.buffer.byteLength, externrefs: wasm.__wbindgen_externrefs ? wasm.__wbindgen_externrefs.length : null };\n` +
      `}\n` +
      `export default {\n` +
      `  async fetch(request) {\n` +
      `    const body = await request.json();\n` +
      `    try {\n` +
      `      if (body.op === "sample") return Response.json(sample());\n` +
      `      clients ??= {\n` +
      `        pub: new TixyClient({ publicToken: body.env.tokens.public, baseUrl: body.env.publicUrl, maxRetries: 0, timeoutMs: 30000, dedupe: false }),\n` +
      `        priv: new TixyPrivateClient({ privateToken: body.env.tokens.private, baseUrl: body.env.privateUrl, maxRetries: 0, timeoutMs: 30000, dedupe: false }),\n` +
      `      };\n` +
      `      const result = await runBatch(clients, body.fx, body.start, body.count, body.concurrency);\n` +
      `      return Response.json({ ...result, userAgent: navigator.userAgent });\n` +
      `    } catch (err) {\n` +
      `      return new Response(String(err && err.stack || err), { status: 500 });\n` +
      `    }\n` +
      `  },\n` +
      `};\n`,
  );
  const bundle = await bundleWorker({ entry, projectDir, outDir: join(projectDir, "soak-worker-dist") });
  const worker = await startWorker({ modules: bundle.modules, modulesRoot: bundle.modulesRoot });
  const env = { publicUrl: mock.publicUrl, privateUrl: mock.privateUrl, tokens: mock.tokens };
  const post = async (body) => {
    const res = await worker.dispatchFetch("http://soak.test/", { method: "POST", body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`the soak Worker answered ${res.status}: ${text.slice(0, 2000)}`);
    return JSON.parse(text);
  };
  return {
    batch: async (start, count, concurrency) => {
      const r = await post({ op: "batch", env, fx, start, count, concurrency });
      if (r.userAgent !== "Cloudflare-Workers") throw new Error(`not running in workerd: ${r.userAgent}`);
      return r;
    },
    sample: () => post({ op: "sample" }),
    close: () => worker.dispose(),
  };
}

// ------------------------------------------------------------------ main

function parseArgs(argv) {
  const opts = { runtime: "node", requests: 10000, concurrency: 100, samples: 20, projectDir: null };
  for (let i = 0; i < argv.length; i++) {
    const [k, inline] = argv[i].split("=", 2);
    const v = () => inline ?? argv[++i];
    if (k === "--runtime") opts.runtime = v();
    else if (k === "--requests") opts.requests = Number(v());
    else if (k === "--concurrency") opts.concurrency = Number(v());
    else if (k === "--samples") opts.samples = Number(v());
    else if (k === "--project-dir") opts.projectDir = v();
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!["node", "workerd"].includes(opts.runtime)) throw new Error("--runtime must be node or workerd");
  for (const k of ["requests", "concurrency", "samples"]) {
    if (!Number.isInteger(opts[k]) || opts[k] < 1) throw new Error(`--${k} must be a positive integer`);
  }
  if (opts.samples < 4) throw new Error("--samples must be at least 4");
  return opts;
}

export async function soak({ runtime, requests, concurrency, samples, projectDir }) {
  const { startMock } = await import(pathToFileURL(join(here, "..", "..", "mock-tixy", "server.mjs")).href);
  const { installPackage } = await import(pathToFileURL(join(here, "..", "..", "harness", "package.mjs")).href);
  projectDir = projectDir ? resolve(projectDir) : installPackage(`soak-${runtime}`);
  const mock = await startMock({ events: 20, tours: 4, seed: 9 });
  const fx = fixtures(mock.dataset);
  const runner = await (runtime === "node" ? nodeRunner : workerdRunner)({ projectDir, mock, fx });
  try {
    // Warm-up (not counted): connections, lazy allocations, JIT.
    const warm = await runner.batch(0, Math.min(200, requests), concurrency);
    if (warm.failures) throw new Error(`warm-up failed: ${warm.failureSamples.join("; ")}`);
    mock.clearLog();

    const per = Math.ceil(requests / samples);
    const memory = [];
    const externrefs = [];
    const processMemory = [];
    const failureSamples = [];
    let failures = 0;
    let done = 0;
    const first = await runner.sample();
    const t0 = performance.now();
    for (let start = 0; start < requests; start += per) {
      const count = Math.min(per, requests - start);
      const r = await runner.batch(start, count, concurrency);
      done += r.done;
      failures += r.failures;
      for (const f of r.failureSamples) if (failureSamples.length < 10) failureSamples.push(f);
      const s = await runner.sample();
      memory.push(s.memoryBytes);
      externrefs.push(s.externrefs);
      if (s.process) processMemory.push(s.process);
      process.stderr.write(`[soak ${runtime}] ${done}/${requests} failures=${failures} wasm=${s.memoryBytes} externrefs=${s.externrefs}\n`);
    }
    const durationMs = Math.round(performance.now() - t0);
    const mockRequests = mock.log().filter((e) => !e.preflight).length;
    const report = {
      runtime,
      requests: done,
      concurrency,
      failures,
      durationMs,
      rps: Math.round((done / durationMs) * 1000),
      mockRequests,
      wasmMemoryBytesBefore: first.memoryBytes,
      wasmMemoryBytes: memory,
      memoryFlatSecondHalf: isFlatSecondHalf(memory),
      externrefTableSize: externrefs,
      ...(processMemory.length ? { nodeProcessMemory: { arrayBuffers: processMemory.map((p) => p.arrayBuffers), external: processMemory.map((p) => p.external), heapUsed: processMemory.map((p) => p.heapUsed) } } : {}),
      failureSamples,
    };
    report.ok = report.failures === 0 && report.requests === requests && report.mockRequests === requests && report.memoryFlatSecondHalf;
    return report;
  } finally {
    await runner.close();
    await mock.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`soak: ${err.message}\nusage: node tests/soak/soak.mjs --runtime node|workerd [--requests 10000] [--concurrency 100] [--samples 20] [--project-dir DIR]`);
    process.exit(2);
  }
  try {
    const report = await soak(opts);
    console.log(JSON.stringify(report));
    process.exitCode = report.ok ? 0 : 1;
  } catch (err) {
    console.error(`soak: ${err.stack ?? err}`);
    process.exitCode = 1;
  }
}
