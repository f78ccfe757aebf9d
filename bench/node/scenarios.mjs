// Node child process of bench/run.mjs (copied with the rest of bench/ into the
// temporary bench project, next to the installed tarball, so `tixy-connect`
// resolves like it does for a user). Runs with --expose-gc.
//
//   BENCH_CONFIG='{"mode":"warm"|"memory", ...}' node --expose-gc scenarios.mjs
//
// Prints one JSON line on stdout; progress goes to stderr.
import { performance } from "node:perf_hooks";
import { TixyClient } from "tixy-connect";
import { BaselineClient } from "../baseline-client.js";
import { concurrent, list, order, page, sequential } from "../lib/scenarios.mjs";

const cfg = JSON.parse(process.env.BENCH_CONFIG);
const now = () => performance.now();
const gc = globalThis.gc ?? (() => {});
const log = (msg) => process.stderr.write(`  [node] ${msg}\n`);

const failures = [];
const clients = {
  tixy: new TixyClient({ publicToken: cfg.token, baseUrl: cfg.baseUrl }),
  baseline: new BaselineClient({ publicToken: cfg.token, baseUrl: cfg.baseUrl }),
};

/** The wasm instance's exports, through the glue's idempotent initSync (not a public API of the package). */
async function tixyWasm() {
  // entry/load-node.js holds the bundled glue and exports its initSync (the entries do not).
  const glue = new URL("./load-node.js", import.meta.resolve("tixy-connect"));
  const { initSync } = await import(glue.href);
  return initSync(); // already initialised by the package entry: returns the same exports
}

/**
 * Runs `fn(client)` for both clients, `warmup` unmeasured rounds then `rounds`
 * measured ones, alternating which client goes first. `fn` returns the sample
 * (a number, or an object of numbers).
 */
async function interleaved(name, warmup, rounds, fn) {
  const samples = { tixy: [], baseline: [] };
  for (let r = 0; r < warmup + rounds; r++) {
    for (const which of order(r)) {
      let sample;
      for (let attempt = 1; sample === undefined; attempt++) {
        gc();
        try {
          sample = await fn(clients[which]);
        } catch (err) {
          // A failed sample (e.g. a connection reset; the baseline has no
          // retries) is repeated, and counted in the output.
          failures.push({ scenario: name, client: which, round: r, error: String(err?.message ?? err).slice(0, 300) });
          log(`${name}: ${which} sample failed (${String(err?.message ?? err).slice(0, 160)}); repeating it`);
          if (attempt >= 3) throw err;
        }
      }
      if (r >= warmup) samples[which].push(sample);
    }
  }
  log(`${name}: done (${rounds} rounds + ${warmup} warmup)`);
  return samples;
}

async function warm() {
  const out = { scenarios: {} };
  const { rounds, warmup } = cfg;

  out.scenarios.list = await interleaved("20k list", warmup.list, rounds.list, async (c) => {
    const t = now();
    await list(c, cfg.listLength);
    return now() - t;
  });

  const lat = new Float64Array(cfg.seqN);
  out.scenarios.sequential = await interleaved(`${cfg.seqN} sequential`, warmup.seq, rounds.seq, async (c) => {
    const t = now();
    await sequential(c, cfg.ids, cfg.seqN, now, lat);
    const total = now() - t;
    const sorted = Float64Array.from(lat).sort();
    return { meanMs: total / cfg.seqN, medianMs: sorted[sorted.length >> 1], p95Ms: sorted[Math.floor(sorted.length * 0.95)] };
  });

  // The dedupe scenario, against the page-sized mock: clients of their own.
  const pageClients = new Map([
    [clients.tixy, new TixyClient({ publicToken: cfg.token, baseUrl: cfg.pageUrl })],
    [clients.baseline, new BaselineClient({ publicToken: cfg.token, baseUrl: cfg.pageUrl })],
  ]);
  out.scenarios.page = await interleaved(`dedupe page (${cfg.page.components} × same list)`, warmup.page, rounds.page, async (c) => {
    const t = now();
    await page(pageClients.get(c), cfg.page.components, cfg.page.pages, cfg.page.events);
    return (now() - t) / cfg.page.pages; // ms per page
  });

  out.scenarios.concurrent = await interleaved(`${cfg.concN} @ ${cfg.concurrency} concurrent`, warmup.conc, rounds.conc, async (c) => {
    const t = now();
    await concurrent(c, cfg.ids, cfg.concN, cfg.concurrency);
    return (cfg.concN / (now() - t)) * 1000; // requests per second
  });

  const wasm = await tixyWasm();
  out.wasmMemoryAfterWarmRun = wasm.memory.buffer.byteLength;
  out.failures = failures;
  return out;
}

/** A fresh process: wasm linear memory (and JS heap) across 10,000 requests of one client. */
async function memory() {
  const which = cfg.client;
  const c = clients[which];
  const wasm = which === "tixy" ? await tixyWasm() : null;
  const checkpoints = [];
  let done = 0;
  const mark = (label) => {
    gc();
    const m = process.memoryUsage();
    checkpoints.push({
      label,
      requests: done,
      wasmMemoryBytes: wasm ? wasm.memory.buffer.byteLength : null,
      heapUsedBytes: m.heapUsed,
      rssBytes: m.rss,
    });
  };
  mark("after import and construction");
  await sequential(c, cfg.ids, 1, now);
  done += 1;
  mark("after 1 request");
  await sequential(c, cfg.ids, 4999, now);
  done += 4999;
  mark("after 5,000 sequential");
  await concurrent(c, cfg.ids, 5000, cfg.concurrency);
  done += 5000;
  mark(`after 10,000 (+5,000 at ${cfg.concurrency} in flight)`);
  await list(c, cfg.listLength);
  done += 1;
  mark("after 10,000 + one 20k list");
  return { client: which, checkpoints };
}

const result = cfg.mode === "memory" ? await memory() : await warm();
process.stdout.write(`${JSON.stringify(result)}\n`);
