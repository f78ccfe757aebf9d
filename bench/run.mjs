#!/usr/bin/env node
// Benchmark suite of tixy-connect (issue 5): every scenario runs for the
// package (installed from pkg/tixy-connect-*.tgz like a user installs it) and
// for a plain-fetch client (bench/baseline-client.ts) in the same run,
// interleaved (AB, BA, AB, …), after warmup rounds. See BENCHMARKS.md.
//
//   node bench/run.mjs [--runtime node|workerd|all] [--quick] [--node PATH] [--out FILE] [--unpinned]
//
//   --runtime  which runtime(s) to measure (default all)
//   --quick    fewer rounds (a smoke run, under 2 minutes; numbers are rougher)
//   --node     the Node binary for the Node scenarios (default: the one running this script)
//   --out      JSON results (default bench-results/latest.json, git-ignored)
//   --unpinned do not pin (by default, with taskset and 2+ CPUs, the mock runs on
//              CPU 0 and the client under test, Node or workerd, on CPU 1)
//
// Needs pkg/tixy-connect-*.tgz (bash scripts/build.sh) and tests/node_modules
// (esbuild, miniflare). Nothing here asserts on timings: it measures and reports.
import { execFile, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { installPackage, repoRoot, tarballPath } from "../harness/package.mjs";

const { values: argv } = parseArgs({
  options: {
    runtime: { type: "string", default: "all" },
    quick: { type: "boolean", default: false },
    node: { type: "string", default: process.execPath },
    out: { type: "string", default: join(repoRoot, "bench-results", "latest.json") },
    unpinned: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});
if (argv.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), "utf8").split("\n").slice(1).filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith("//"))).map((l) => l.replace(/^\/\/ ?/, "")).join("\n") + "\n");
  process.exit(0);
}
if (!["node", "workerd", "all"].includes(argv.runtime)) {
  console.error(`--runtime must be node, workerd or all (got ${argv.runtime})`);
  process.exit(2);
}
const runtimes = argv.runtime === "all" ? ["node", "workerd"] : [argv.runtime];

// ------------------------------------------------------------------ plan

const EVENTS = 20000; // size of the big list (mock --events)
const PLAN = argv.quick
  ? { warmup: { list: 1, seq: 1, conc: 1, page: 1 }, rounds: { list: 4, seq: 3, conc: 3, page: 5 }, coldWarmup: 1, cold: { node: 5, workerd: 3 } }
  : { warmup: { list: 3, seq: 1, conc: 1, page: 2 }, rounds: { list: 20, seq: 16, conc: 30, page: 20 }, coldWarmup: 2, cold: { node: 40, workerd: 20 } };
const SEQ_N = 2000;
const CONC_N = 2000;
const CONCURRENCY = 100;
const MEMORY_REQUESTS = 10000;
// The dedupe scenario (issue 16): a page of PAGE_COMPONENTS components that
// ask for the same events list at once, PAGES pages per sample, against a
// second mock with a page-sized list (PAGE_EVENTS events).
const PAGE_EVENTS = 40;
const PAGE_COMPONENTS = 20;
const PAGES = 50;

const log = (msg) => process.stderr.write(`${msg}\n`);
const now = () => performance.now();

// ------------------------------------------------------------------ pinning

// On a small machine the client under test and the mock otherwise fight for
// the same cores, and whatever CPU the client spends is taken from the mock:
// the ratios then swing with the scheduler. Pinned, the mock has CPU 0 and the
// client (a Node child, or the workerd process) CPU 1; the harness floats.
const CPU = { mock: "0", client: "1" };
const canPin = (() => {
  if (argv.unpinned || (os.availableParallelism?.() ?? os.cpus().length) < 2) return false;
  try {
    execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
/** [bin, args] that run `bin args` on `cpu` when pinning. */
const pinned = (cpu, bin, args) => (canPin ? ["taskset", ["-c", cpu, bin, ...args]] : [bin, args]);
/** Moves every thread of a running process to `cpu` (workerd, which Miniflare starts). */
function pinProcess(pid, cpu) {
  if (canPin && pid) execFileSync("taskset", ["-a", "-p", "-c", cpu, String(pid)], { stdio: "ignore" });
}
/** The workerd process Miniflare started for this harness (its newest child of that name). */
function workerdPid() {
  const out = sh("pgrep", ["-n", "-P", String(process.pid), "workerd"]);
  return out ? Number(out) : null;
}

// ------------------------------------------------------------------ stats

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function median(xs) {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function summary(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length, samples: xs };
}

/**
 * One comparison row. `tixy`/`baseline` are sample arrays from interleaved
 * rounds (same length, paired by round). `better` is "lower" or "higher".
 */
function row(runtime, id, label, unit, tixy, baseline, better, target) {
  const t = summary(tixy);
  const b = summary(baseline);
  const ratio = t.median / b.median;
  const paired = median(tixy.map((x, i) => x / baseline[i]).filter(Number.isFinite));
  let verdict = "info";
  if (target !== undefined) verdict = (better === "lower" ? ratio <= target : ratio >= target) ? "pass" : "miss";
  return { runtime, id, label, unit, better, target, tixy: t, baseline: b, ratio, pairedRatio: paired, deltaOfMedians: t.median - b.median, verdict };
}

// ------------------------------------------------------------------ helpers

function sh(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], ...opts }).trim();
  } catch {
    return null;
  }
}

function runChild(bin, args, env, timeoutMs = 600_000) {
  return new Promise((resolve, reject) => {
    execFile(...pinned(CPU.client, bin, args), { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (stderr) process.stderr.write(stderr);
      if (err) return reject(new Error(`${relative(repoRoot, args.at(-1))} failed: ${err.message}`));
      const line = stdout.trim().split("\n").at(-1);
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${args.at(-1)} printed no JSON: ${stdout.slice(0, 500)}`));
      }
    });
  });
}

function machineInfo(nodeBin) {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model;
  const mhz = /^cpu MHz\s*:\s*(.*)$/m.exec(cpuinfo)?.[1];
  const req = createRequire(join(repoRoot, "tests", "package.json"));
  const version = (name) => {
    try {
      return JSON.parse(readFileSync(req.resolve(`${name}/package.json`), "utf8")).version;
    } catch {
      return null;
    }
  };
  let workerdBin = null;
  try {
    workerdBin = join(dirname(req.resolve("@cloudflare/workerd-linux-64/package.json")), "bin", "workerd");
  } catch {}
  const tgz = tarballPath();
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: model,
    cpuMHz: mhz ? Number(mhz) : null,
    ramBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    loadavgAtStart: os.loadavg(),
    pinned: canPin ? { mock: Number(CPU.mock), client: Number(CPU.client) } : false,
    node: sh(nodeBin, ["--version"]),
    nodeBin,
    workerd: workerdBin ? sh(workerdBin, ["--version"]) : null,
    miniflare: version("miniflare"),
    esbuild: version("esbuild"),
    git: { commit: sh("git", ["rev-parse", "HEAD"], { cwd: repoRoot }), dirty: (sh("git", ["status", "--porcelain", "src", "pkg-template", "Cargo.toml"], { cwd: repoRoot }) ?? "") !== "" },
    tarball: { file: relative(repoRoot, tgz), bytes: readFileSync(tgz).length, sha256: createHash("sha256").update(readFileSync(tgz)).digest("hex") },
  };
}

// ------------------------------------------------------------------ setup

/** scripts/build.sh starts with `rm -rf pkg`: if a build is under way, wait for its tarball (up to 5 min). */
async function waitForTarball() {
  const deadline = Date.now() + 300_000;
  let last = -1;
  for (;;) {
    let size = -1;
    try {
      size = statSync(tarballPath()).size;
    } catch {}
    if (size > 0 && size === last) return;
    if (Date.now() > deadline) tarballPath(); // throws the helper's own message
    if (size < 0 && last === -1) log("setup: pkg/tixy-connect-*.tgz is missing (a build running?), waiting for it …");
    last = size;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Installs the tarball into tests/.tmp/bench, copies bench/ next to it and compiles the baseline. */
async function setupProject() {
  await waitForTarball();
  log("setup: installing the tarball into a fresh project (tests/.tmp/bench) …");
  const projectDir = installPackage("bench");
  const srcDir = join(projectDir, "b");
  for (const d of ["lib", "node", "workerd"]) cpSync(join(repoRoot, "bench", d), join(srcDir, d), { recursive: true });
  const esbuild = createRequire(join(repoRoot, "tests", "package.json"))("esbuild");
  const t = now();
  await esbuild.build({
    entryPoints: [join(repoRoot, "bench", "baseline-client.ts")],
    outfile: join(srcDir, "baseline-client.js"),
    format: "esm",
    platform: "neutral",
    target: "es2022",
    logLevel: "warning",
  });
  log(`setup: compiled bench/baseline-client.ts with esbuild (${(now() - t).toFixed(0)} ms)`);
  const wasm = join(projectDir, "node_modules", "tixy-connect", "server", "tixy_connect_bg.wasm");
  return { projectDir, srcDir, serverWasmBytes: readFileSync(wasm).length };
}

/** The mock TIXY server in its own process (so it does not share the client's event loop). */
async function startMockProcess(events = EVENTS) {
  // --no-log: the bench sends some 400,000 requests; a log of them would grow
  // the mock's heap, and its garbage collections would land on whichever
  // client is being timed.
  const args = [join(repoRoot, "mock-tixy", "cli.mjs"), "--events", String(events), "--no-log"];
  const child = spawn(...pinned(CPU.mock, process.execPath, args), {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const config = await new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)));
    });
    child.on("exit", (code) => reject(new Error(`mock exited with ${code}`)));
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", resolve);
    child.kill("SIGTERM");
  });
  return { ...config, token: config.tokens.public, stop, pid: child.pid };
}

/** Fetches the big list once (warms the mock's cache) and picks event ids for the small requests. */
async function probe(mock) {
  const res = await fetch(`${mock.publicUrl}/events?status=all`, { headers: { authorization: `Bearer ${mock.token}` } });
  const text = await res.text();
  const items = JSON.parse(text);
  const ids = [];
  for (let i = 0; i < 200; i++) ids.push(items[Math.floor((i * items.length) / 200)].id);
  const one = await fetch(`${mock.publicUrl}/event?eventId=${ids[0]}`, { headers: { authorization: `Bearer ${mock.token}` } });
  return { listLength: items.length, listBytes: Buffer.byteLength(text), eventBytes: (await one.arrayBuffer()).byteLength, ids };
}

// ------------------------------------------------------------------ Node

async function runNode(ctx) {
  const { mock, srcDir, data } = ctx;
  const bin = argv.node;
  const out = { rows: [], raw: {} };
  const base = { baseUrl: mock.publicUrl, token: mock.token, ids: data.ids, listLength: data.listLength, pageUrl: ctx.pageMock.publicUrl, page: { events: PAGE_EVENTS, components: PAGE_COMPONENTS, pages: PAGES } };

  log(`node: warm scenarios in one child process (${bin} --expose-gc) …`);
  const warm = await runChild(bin, ["--expose-gc", join(srcDir, "node", "scenarios.mjs")], {
    BENCH_CONFIG: JSON.stringify({ ...base, mode: "warm", warmup: PLAN.warmup, rounds: PLAN.rounds, seqN: SEQ_N, concN: CONC_N, concurrency: CONCURRENCY }),
  });
  out.raw.warm = warm;
  out.failures = warm.failures ?? [];
  const s = warm.scenarios;
  out.rows.push(row("node", "list", "20k list → JS objects: time per call", "ms", s.list.tixy, s.list.baseline, "lower", 1.1));
  out.rows.push(row("node", "seq-median", `${SEQ_N} sequential event(): median latency`, "ms", s.sequential.tixy.map((x) => x.medianMs), s.sequential.baseline.map((x) => x.medianMs), "lower", 1.15));
  out.rows.push(row("node", "seq-mean", `${SEQ_N} sequential event(): mean per request`, "ms", s.sequential.tixy.map((x) => x.meanMs), s.sequential.baseline.map((x) => x.meanMs), "lower", 1.15));
  out.rows.push(row("node", "conc", `${CONCURRENCY} concurrent event(): throughput`, "req/s", s.concurrent.tixy, s.concurrent.baseline, "higher", 0.9));
  out.rows.push(row("node", "page", `dedupe: ${PAGE_COMPONENTS} components, same events list: time per page`, "ms", s.page.tixy, s.page.baseline, "lower", 0.3));

  log(`node: cold start, a fresh process per sample (${PLAN.coldWarmup} warmup + ${PLAN.cold.node} per client) …`);
  const cold = { tixy: [], baseline: [] };
  for (let r = 0; r < PLAN.coldWarmup + PLAN.cold.node; r++) {
    for (const which of r % 2 === 0 ? ["tixy", "baseline"] : ["baseline", "tixy"]) {
      const t = now();
      const sample = await runChild(bin, [join(srcDir, "node", "cold.mjs")], {
        BENCH_COLD: JSON.stringify({ client: which, baseUrl: mock.publicUrl, token: mock.token, id: data.ids[r % data.ids.length] }),
      }, 60_000);
      sample.spawnToExitMs = now() - t;
      if (r >= PLAN.coldWarmup) cold[which].push(sample);
    }
  }
  out.raw.cold = cold;
  const pick = (k) => [cold.tixy.map((x) => x[k]), cold.baseline.map((x) => x[k])];
  out.rows.push(row("node", "cold", "cold start: import → first response", "ms", ...pick("importToFirstMs"), "lower", 1.2));
  out.rows.push(row("node", "cold-import", "  of which import (+ wasm compile/instantiate)", "ms", ...pick("importMs"), "lower"));
  out.rows.push(row("node", "cold-process", "cold start: process start → first response", "ms", ...pick("processToFirstMs"), "lower"));
  out.rows.push(row("node", "cold-spawn", "cold start: spawn → exit (wall, from parent)", "ms", ...pick("spawnToExitMs"), "lower"));

  log(`node: memory, a fresh process per client, ${MEMORY_REQUESTS} requests …`);
  out.memory = {};
  for (const which of ["tixy", "baseline"]) {
    out.memory[which] = await runChild(bin, ["--expose-gc", join(srcDir, "node", "scenarios.mjs")], {
      BENCH_CONFIG: JSON.stringify({ ...base, mode: "memory", client: which, concurrency: CONCURRENCY }),
    });
  }
  out.memory.wasmAfterWarmRun = warm.wasmMemoryAfterWarmRun;
  return out;
}

// ------------------------------------------------------------------ workerd

async function runWorkerd(ctx) {
  const { mock, projectDir, srcDir, data } = ctx;
  const { bundleWorker, startWorker } = await import("../harness/workerd.mjs");
  const out = { rows: [], raw: {}, failures: [] };
  const failures = out.failures;
  const bindings = { BASE_URL: mock.publicUrl, TOKEN: mock.token, IDS: JSON.stringify(data.ids), LIST_LENGTH: String(data.listLength), PAGE_URL: ctx.pageMock.publicUrl, PAGE_EVENTS: String(PAGE_EVENTS) };

  const bundle = await bundleWorker({ entry: join(srcDir, "workerd", "worker.mjs"), projectDir, outDir: join(projectDir, "bundle-warm") });
  out.bundle = { jsBytes: bundle.modules[0].contents.length, wasmBytes: bundle.modules.slice(1).map((m) => m.contents.length) };

  // One workerd per client, as a user's Worker holds one of them. In one
  // shared isolate the baseline's AbortSignal.timeout(30 s) timers, never
  // cleared (2,000 per round, 20,000 and more pending), slowed down
  // whichever client ran next: tixy made 3.0-4.7k req/s while they were
  // pending and 6-7.8k once they had expired (see BENCHMARKS.md).
  log("workerd: warm scenarios, one Miniflare instance (workerd process) per client …");
  const start = async () => {
    const inst = await startWorker({ modules: bundle.modules, modulesRoot: bundle.modulesRoot, bindings });
    pinProcess(workerdPid(), CPU.client);
    return inst;
  };
  const warmInstances = { tixy: await start(), baseline: await start() };
  let w = warmInstances.tixy;
  const call = async (path, inst = w) => {
    const t = now();
    const res = await inst.dispatchFetch(new URL(path, inst.url));
    const body = await res.json();
    const outsideMs = now() - t;
    if (!res.ok) throw new Error(`workerd ${path}: ${res.status} ${body.error}`);
    return { ...body, outsideMs };
  };
  try {
    out.clock = await call("/clock");
    const interleaved = async (name, warmup, rounds, path) => {
      const samples = { tixy: [], baseline: [] };
      for (let r = 0; r < warmup + rounds; r++) {
        for (const which of r % 2 === 0 ? ["tixy", "baseline"] : ["baseline", "tixy"]) {
          let sample;
          for (let attempt = 1; !sample; attempt++) {
            try {
              sample = await call(`${path}${path.includes("?") ? "&" : "?"}client=${which}`, warmInstances[which]);
            } catch (err) {
              // e.g. "Network connection lost": workerd reusing a pooled keep-alive
              // connection the mock (Node http, 5 s keepAliveTimeout) just closed.
              // The baseline has no retries, so the harness repeats the sample.
              failures.push({ scenario: name, client: which, round: r, error: String(err.message).slice(0, 300) });
              log(`  [workerd] ${name}: ${which} sample failed (${String(err.message).split("\n")[0].slice(0, 160)}); repeating it`);
              if (attempt >= 3) throw err;
            }
          }
          if (r >= warmup) samples[which].push(sample);
        }
      }
      log(`  [workerd] ${name}: done (${rounds} rounds + ${warmup} warmup)`);
      return samples;
    };
    const list = await interleaved("20k list", PLAN.warmup.list, PLAN.rounds.list, "/list");
    const seq = await interleaved(`${SEQ_N} sequential`, PLAN.warmup.seq, PLAN.rounds.seq, `/sequential?n=${SEQ_N}`);
    const conc = await interleaved(`${CONC_N} @ ${CONCURRENCY} concurrent`, PLAN.warmup.conc, PLAN.rounds.conc, `/concurrent?n=${CONC_N}&c=${CONCURRENCY}`);
    const page = await interleaved(`dedupe page (${PAGE_COMPONENTS} × same list)`, PLAN.warmup.page, PLAN.rounds.page, `/page?components=${PAGE_COMPONENTS}&pages=${PAGES}`);
    out.raw.warm = { list, seq, conc, page };
    const k = (s, f) => [s.tixy.map(f), s.baseline.map(f)];
    out.rows.push(row("workerd", "list", "20k list → JS objects: time per call", "ms", ...k(list, (x) => x.outsideMs), "lower", 1.1));
    out.rows.push(row("workerd", "list-inside", "  same, clock inside the Worker", "ms", ...k(list, (x) => x.insideMs), "lower"));
    out.rows.push(row("workerd", "seq-mean", `${SEQ_N} sequential event(): mean per request`, "ms", ...k(seq, (x) => x.outsideMs / SEQ_N), "lower", 1.15));
    out.rows.push(row("workerd", "conc", `${CONCURRENCY} concurrent event(): throughput`, "req/s", ...k(conc, (x) => (CONC_N / x.outsideMs) * 1000), "higher", 0.9));
    out.rows.push(row("workerd", "page", `dedupe: ${PAGE_COMPONENTS} components, same events list: time per page`, "ms", ...k(page, (x) => x.outsideMs / PAGES), "lower", 0.3));
  } finally {
    await Promise.all(Object.values(warmInstances).map((inst) => inst.dispose()));
  }

  log(`workerd: memory, a fresh instance, ${MEMORY_REQUESTS} requests in batches of 1,000 …`);
  w = await start();
  try {
    const checkpoints = [{ requests: 0, wasmMemoryBytes: (await call("/memory?client=tixy&n=0")).wasmMemoryBytes }];
    for (let done = 0; done < MEMORY_REQUESTS; done += 1000) {
      const m = await call(`/memory?client=tixy&n=1000&c=${CONCURRENCY}`);
      checkpoints.push({ requests: done + 1000, wasmMemoryBytes: m.wasmMemoryBytes });
    }
    await call("/list?client=tixy");
    checkpoints.push({ requests: MEMORY_REQUESTS + 1, label: "+ one 20k list", wasmMemoryBytes: (await call("/memory?client=tixy&n=0")).wasmMemoryBytes });
    out.memory = { tixy: { checkpoints } };
  } finally {
    await w.dispose();
  }

  log(`workerd: cold start, a fresh Miniflare (workerd process) per sample (${PLAN.coldWarmup} warmup + ${PLAN.cold.workerd} per client) …`);
  const coldBundles = {};
  for (const which of ["tixy", "baseline"]) {
    writeFileSync(
      join(srcDir, "workerd", "cold-client.js"),
      which === "tixy" ? 'export { TixyClient as Client } from "tixy-connect";\n' : 'export { BaselineClient as Client } from "../baseline-client.js";\n'
    );
    coldBundles[which] = await bundleWorker({ entry: join(srcDir, "workerd", "cold.mjs"), projectDir, outDir: join(projectDir, `bundle-cold-${which}`), minify: true });
  }
  out.coldBundles = Object.fromEntries(Object.entries(coldBundles).map(([k, b]) => [k, { jsBytes: b.modules[0].contents.length, wasmBytes: b.modules.slice(1).map((m) => m.contents.length) }]));
  const cold = { tixy: [], baseline: [] };
  for (let r = 0; r < PLAN.coldWarmup + PLAN.cold.workerd; r++) {
    for (const which of r % 2 === 0 ? ["tixy", "baseline"] : ["baseline", "tixy"]) {
      const b = coldBundles[which];
      const t0 = now();
      const inst = await startWorker({ modules: b.modules, modulesRoot: b.modulesRoot, bindings: { ...bindings, ID: data.ids[r % data.ids.length] } });
      const t1 = now();
      try {
        const res = await inst.dispatchFetch(new URL("/", inst.url));
        const body = await res.json();
        const t2 = now();
        if (!res.ok) throw new Error(`cold worker: ${res.status}`);
        if (r >= PLAN.coldWarmup) cold[which].push({ readyMs: t1 - t0, firstRequestMs: t2 - t1, totalMs: t2 - t0, insideMs: body.insideMs });
      } finally {
        await inst.dispose();
      }
    }
  }
  out.raw.cold = cold;
  const pick = (f) => [cold.tixy.map((x) => x[f]), cold.baseline.map((x) => x[f])];
  out.rows.push(row("workerd", "cold", "cold start: new workerd → first response", "ms", ...pick("totalMs"), "lower", 1.2));
  out.rows.push(row("workerd", "cold-ready", "  of which startup (Miniflare ready)", "ms", ...pick("readyMs"), "lower"));
  out.rows.push(row("workerd", "cold-first", "  of which first request (dispatch → response)", "ms", ...pick("firstRequestMs"), "lower"));
  out.rows.push(row("workerd", "cold-inside", "  first event() call, clock inside the Worker", "ms", ...pick("insideMs"), "lower"));
  return out;
}

// ------------------------------------------------------------------ report

const fmt = (x, unit) => (unit === "req/s" ? x.toFixed(0) : x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));

function table(rows) {
  const head = ["runtime", "scenario", "unit", "tixy median (min–max)", "baseline median (min–max)", "ratio", "paired", "target", "verdict"];
  const body = rows.map((r) => [
    r.runtime,
    r.label,
    r.unit,
    `${fmt(r.tixy.median, r.unit)} (${fmt(r.tixy.min, r.unit)}–${fmt(r.tixy.max, r.unit)})`,
    `${fmt(r.baseline.median, r.unit)} (${fmt(r.baseline.min, r.unit)}–${fmt(r.baseline.max, r.unit)})`,
    r.ratio.toFixed(3),
    r.pairedRatio.toFixed(3),
    r.target === undefined ? "" : `${r.better === "lower" ? "≤" : "≥"} ${r.target}`,
    r.verdict,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

const MiB = 1024 * 1024;
function memoryLines(runtime, mem) {
  if (!mem) return [];
  const lines = [];
  for (const c of mem.tixy.checkpoints) {
    lines.push(`${runtime}  tixy wasm memory ${c.label ?? `after ${c.requests} requests`}: ${(c.wasmMemoryBytes / MiB).toFixed(3)} MiB` +
      (c.heapUsedBytes ? `  (JS heap used ${(c.heapUsedBytes / MiB).toFixed(1)} MiB)` : ""));
  }
  if (mem.baseline) {
    for (const c of mem.baseline.checkpoints) lines.push(`${runtime}  baseline ${c.label}: JS heap used ${(c.heapUsedBytes / MiB).toFixed(1)} MiB`);
  }
  const after = mem.tixy.checkpoints.find((c) => c.requests === MEMORY_REQUESTS) ?? mem.tixy.checkpoints.at(-1);
  lines.push(`${runtime}  → wasm memory after ${MEMORY_REQUESTS} requests: ${(after.wasmMemoryBytes / MiB).toFixed(3)} MiB  target ≤ 2 MiB: ${after.wasmMemoryBytes <= 2 * MiB ? "pass" : "miss"}`);
  if (mem.wasmAfterWarmRun) lines.push(`${runtime}  (after the whole warm run: ${(mem.wasmAfterWarmRun / MiB).toFixed(3)} MiB)`);
  return lines;
}

// ------------------------------------------------------------------ main

const started = now();
await waitForTarball();
const info = machineInfo(argv.node);
log(`tixy-connect bench: ${argv.quick ? "quick" : "full"} run, runtimes ${runtimes.join(", ")}; ${info.nproc} × ${info.cpuModel}, node ${info.node}, workerd ${info.workerd}; ${canPin ? `pinned (mock CPU ${CPU.mock}, client CPU ${CPU.client})` : "not pinned"}`);
const { projectDir, srcDir, serverWasmBytes } = await setupProject();
const mock = await startMockProcess();
const pageMock = await startMockProcess(PAGE_EVENTS);
const results = { info, plan: { ...PLAN, seqN: SEQ_N, concN: CONC_N, concurrency: CONCURRENCY, memoryRequests: MEMORY_REQUESTS, events: EVENTS, page: { events: PAGE_EVENTS, components: PAGE_COMPONENTS, pages: PAGES } }, argv, runtimes: {} };
try {
  log(`setup: mock (${EVENTS} events) up at ${mock.publicUrl}; probing the list …`);
  const data = await probe(mock);
  results.data = { listLength: data.listLength, listBytes: data.listBytes, eventBytes: data.eventBytes, serverWasmBytes };
  log(`setup: list = ${data.listLength} events, ${data.listBytes} bytes of JSON (${(data.listBytes / MiB).toFixed(1)} MiB); one event ≈ ${data.eventBytes} bytes`);
  const ctx = { mock, pageMock, projectDir, srcDir, data };
  for (const rt of runtimes) {
    const t = now();
    results.runtimes[rt] = rt === "node" ? await runNode(ctx) : await runWorkerd(ctx);
    results.runtimes[rt].seconds = (now() - t) / 1000;
  }
} finally {
  await Promise.all([mock.stop(), pageMock.stop()]);
}
results.info.loadavgAtEnd = os.loadavg();
results.seconds = (now() - started) / 1000;

const rows = Object.values(results.runtimes).flatMap((r) => r.rows);
mkdirSync(dirname(argv.out), { recursive: true });
writeFileSync(argv.out, JSON.stringify(results, null, 1));
const memory = Object.entries(results.runtimes).flatMap(([rt, r]) => memoryLines(rt, r.memory));
process.stdout.write(`\n${table(rows)}\n\n${memory.join("\n")}\n\n`);
for (const [rt, r] of Object.entries(results.runtimes)) {
  const f = r.failures ?? [];
  const by = (c) => f.filter((x) => x.client === c).length;
  process.stdout.write(`${rt}: failed (repeated) samples: tixy ${by("tixy")}, baseline ${by("baseline")}${f.length ? ` (${[...new Set(f.map((x) => x.error.split("\n")[0].slice(0, 80)))].join("; ")})` : ""}\n`);
}
const clock = results.runtimes.workerd?.clock;
if (clock) process.stdout.write(`workerd clock self-check: ~50 ms CPU spin moved Date.now() by ${clock.afterSpin - clock.beforeSpin} ms (${clock.spinStillFrozen ? "frozen" : "NOT frozen"}); a timer then moved it by ${clock.advancedAfterTimer} ms.\n`);
process.stdout.write(`ratio = median(tixy) / median(baseline); paired = median over rounds of tixy/baseline in the same round.\n`);
process.stdout.write(`load average at start ${info.loadavgAtStart.map((x) => x.toFixed(2)).join(" ")}, at end ${results.info.loadavgAtEnd.map((x) => x.toFixed(2)).join(" ")}; ${results.seconds.toFixed(0)} s in all.\n`);
process.stdout.write(`JSON: ${relative(process.cwd(), argv.out)}\n`);
